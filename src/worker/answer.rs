//! One kind of answer from the recommender worker, matched to the request it answers.

use leptos::prelude::*;

/// The latest answer of one kind (or why it could not be given), and the id of the latest request of
/// that kind: an answer to an older request is stale.
pub struct Answer<T: Send + Sync + 'static> {
    value: RwSignal<Option<(u32, Result<T, String>)>>,
    latest: RwSignal<u32>,
}

impl<T: Send + Sync + 'static> Clone for Answer<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for Answer<T> {}

impl<T: Clone + Send + Sync + 'static> Answer<T> {
    pub fn new() -> Answer<T> {
        Answer {
            value: RwSignal::new(None),
            latest: RwSignal::new(0),
        }
    }

    /// The id of a new request, which makes every earlier answer stale.
    pub fn next_id(&self) -> u32 {
        let id = self.latest.get_untracked() + 1;
        self.latest.set(id);
        id
    }

    pub fn arrived(&self, id: u32, value: T) {
        self.keep(id, Ok(value));
    }

    pub fn failed(&self, id: u32, message: String) {
        self.keep(id, Err(message));
    }

    /// Keeps an answer unless a newer one is already here (answers may come back out of order).
    fn keep(&self, id: u32, answer: Result<T, String>) {
        let newer_kept = self
            .value
            .with_untracked(|kept| kept.as_ref().is_some_and(|(kept, _)| *kept > id));
        if !newer_kept {
            self.value.set(Some((id, answer)));
        }
    }

    /// The answer to the latest request, if it has arrived.
    pub fn current(&self) -> Option<T> {
        self.latest().and_then(Result::ok)
    }

    /// Why the latest request could not be answered, if it could not.
    pub fn error(&self) -> Option<String> {
        self.latest().and_then(Result::err)
    }

    fn latest(&self) -> Option<Result<T, String>> {
        self.value
            .get()
            .filter(|(id, _)| *id == self.latest.get())
            .map(|(_, value)| value)
    }
}

impl<T: Clone + Send + Sync + 'static> Default for Answer<T> {
    fn default() -> Self {
        Answer::new()
    }
}
