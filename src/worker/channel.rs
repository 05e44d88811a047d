//! The page's side of a worker: starts it, holds requests until its code is listening, matches each
//! answer to its request, and hands the worker's events to the page. Both workers use it.

use super::protocol::{decode, encode, object, text_field, Request, WorkerError};
use super::spawn::spawn_worker;
use futures::channel::oneshot;
use serde::de::DeserializeOwned;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, Worker};

type Pending = oneshot::Sender<Result<String, WorkerError>>;

/// A running worker; cloning shares it.
pub struct WorkerChannel {
    inner: Rc<Inner>,
}

impl Clone for WorkerChannel {
    fn clone(&self) -> Self {
        WorkerChannel {
            inner: self.inner.clone(),
        }
    }
}

struct Inner {
    worker: Worker,
    /// What the worker is called in messages to the listener ("the recommender").
    name: &'static str,
    /// Messages wait here until the worker says it is listening: it drops what comes before.
    waiting: RefCell<Option<Vec<JsValue>>>,
    pending: RefCell<HashMap<u32, Pending>>,
    next_id: Cell<u32>,
}

impl WorkerChannel {
    /// Starts the worker built from the binary `bin`; `on_event` gets each event it sends, `on_stopped`
    /// the error when it dies (every unanswered request gets the same error).
    pub fn start<E: DeserializeOwned + 'static>(
        bin: &str,
        name: &'static str,
        on_event: impl Fn(E) + 'static,
        on_stopped: impl Fn(WorkerError) + 'static,
    ) -> Result<WorkerChannel, WorkerError> {
        let worker = spawn_worker(bin).map_err(|e| WorkerError::CouldNotStart {
            what: name.to_string(),
            detail: format!("{e:?}"),
        })?;
        let inner = Rc::new(Inner {
            worker,
            name,
            waiting: RefCell::new(Some(Vec::new())),
            pending: RefCell::new(HashMap::new()),
            next_id: Cell::new(0),
        });
        let weak = Rc::downgrade(&inner);
        let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |message: MessageEvent| {
            let Some(inner) = weak.upgrade() else {
                return;
            };
            let data = message.data();
            if let Some(event) = text_field(&data, "event") {
                match decode::<E>(&event) {
                    Ok(event) => on_event(event),
                    Err(err) => web_sys::console::error_1(&err.to_string().into()),
                }
            } else if text_field(&data, "started").is_some() {
                inner.flush();
            } else if let Some(id) = js_sys::Reflect::get(&data, &"id".into())
                .ok()
                .and_then(|id| id.as_f64())
            {
                let answer = match (text_field(&data, "answer"), text_field(&data, "error")) {
                    (Some(answer), _) => Ok(answer),
                    (None, Some(error)) => {
                        Err(decode::<WorkerError>(&error).unwrap_or_else(|unreadable| unreadable))
                    }
                    (None, None) => Err(WorkerError::Unreadable("an empty answer".into())),
                };
                if let Some(pending) = inner.pending.borrow_mut().remove(&(id as u32)) {
                    let _ = pending.send(answer);
                }
            }
        });
        inner
            .worker
            .set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        on_message.forget();
        let weak = Rc::downgrade(&inner);
        let on_error = Closure::<dyn Fn(web_sys::Event)>::new(move |_| {
            let error = WorkerError::Stopped(name.to_string());
            if let Some(inner) = weak.upgrade() {
                for (_, pending) in inner.pending.borrow_mut().drain() {
                    let _ = pending.send(Err(error.clone()));
                }
            }
            on_stopped(error);
        });
        inner
            .worker
            .set_onerror(Some(on_error.as_ref().unchecked_ref()));
        on_error.forget();
        Ok(WorkerChannel { inner })
    }

    /// Sends `request` and waits for its answer.
    pub async fn ask<R: Request>(&self, request: R) -> Result<R::Answer, WorkerError> {
        self.ask_with(request, JsValue::UNDEFINED).await
    }

    /// [`WorkerChannel::ask`] with browser objects that go along as they are (`File`s, by structured
    /// clone: their bytes never pass through the page).
    pub async fn ask_with<R: Request>(
        &self,
        request: R,
        attachment: JsValue,
    ) -> Result<R::Answer, WorkerError> {
        let id = self.inner.next_id.get().wrapping_add(1);
        self.inner.next_id.set(id);
        let (answered, answer) = oneshot::channel();
        self.inner.pending.borrow_mut().insert(id, answered);
        self.inner.post(object(&[
            ("id", id.into()),
            ("kind", R::KIND.into()),
            ("body", encode(&request).into()),
            ("attachment", attachment),
        ]));
        let text = answer
            .await
            .map_err(|_| WorkerError::Stopped(self.inner.name.to_string()))??;
        decode(&text)
    }

    /// Whether both are the same running worker.
    pub fn is(&self, other: &WorkerChannel) -> bool {
        Rc::ptr_eq(&self.inner, &other.inner)
    }

    /// Stops the worker at once; unanswered requests are never answered.
    pub fn terminate(&self) {
        self.inner.worker.terminate();
        self.inner.pending.borrow_mut().clear();
    }
}

impl Inner {
    fn post(&self, message: JsValue) {
        match self.waiting.borrow_mut().as_mut() {
            Some(waiting) => waiting.push(message),
            None => {
                let _ = self.worker.post_message(&message);
            }
        }
    }

    /// The worker listens now: everything held goes, and later messages go at once.
    fn flush(&self) {
        let held = self.waiting.borrow_mut().take().unwrap_or_default();
        for message in held {
            let _ = self.worker.post_message(&message);
        }
    }
}
