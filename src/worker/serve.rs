//! The worker's side: a table from each request's kind to its handler, and the loop that reads requests,
//! runs their handlers and posts their answers. Both workers' `main` is a table and [`Handlers::serve`].

use super::protocol::{decode, encode, object, text_field, Request, WorkerError};
use serde::Serialize;
use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

type Answering = Pin<Box<dyn Future<Output = Result<String, WorkerError>>>>;
type Handler = Box<dyn Fn(&str, JsValue) -> Answering>;

/// The requests a worker answers, by kind.
#[derive(Default)]
pub struct Handlers {
    table: HashMap<&'static str, Handler>,
}

impl Handlers {
    /// Answers `R` with `handler`.
    pub fn on<R, F, A>(self, handler: F) -> Handlers
    where
        R: Request,
        F: Fn(R) -> A + 'static,
        A: Future<Output = Result<R::Answer, WorkerError>> + 'static,
    {
        self.on_attached(move |request: R, _| handler(request))
    }

    /// Answers `R` with `handler`, which also gets the browser objects sent along with the request.
    pub fn on_attached<R, F, A>(mut self, handler: F) -> Handlers
    where
        R: Request,
        F: Fn(R, JsValue) -> A + 'static,
        A: Future<Output = Result<R::Answer, WorkerError>> + 'static,
    {
        let handler = Rc::new(handler);
        let previous = self.table.insert(
            R::KIND,
            Box::new(move |body, attachment| {
                let request = decode::<R>(body);
                let handler = handler.clone();
                Box::pin(async move { Ok(encode(&handler(request?, attachment).await?)) })
            }),
        );
        assert!(previous.is_none(), "two handlers for {}", R::KIND);
        self
    }

    /// Listens for requests and answers each when its handler is done (in any order); then tells the page
    /// it is listening.
    pub fn serve(self) {
        console_error_panic_hook::set_once();
        let scope = scope();
        let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |message: MessageEvent| {
            let data = message.data();
            let id = js_sys::Reflect::get(&data, &"id".into())
                .ok()
                .and_then(|id| id.as_f64());
            let (Some(id), Some(kind), Some(body)) =
                (id, text_field(&data, "kind"), text_field(&data, "body"))
            else {
                return;
            };
            let attachment = js_sys::Reflect::get(&data, &"attachment".into()).unwrap_or_default();
            let answering: Answering = match self.table.get(kind.as_str()) {
                Some(handler) => handler(&body, attachment),
                None => Box::pin(async move {
                    Err(WorkerError::Unreadable(format!("no request called {kind}")))
                }),
            };
            wasm_bindgen_futures::spawn_local(async move {
                let reply = match answering.await {
                    Ok(answer) => object(&[("id", id.into()), ("answer", answer.into())]),
                    Err(error) => object(&[("id", id.into()), ("error", encode(&error).into())]),
                };
                let _ = self::scope().post_message(&reply);
            });
        });
        scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        on_message.forget();
        let _ = scope.post_message(&object(&[("started", "yes".into())]));
    }
}

/// Sends the page an event: something the worker says of its own accord.
pub fn post_event<E: Serialize>(event: &E) {
    let _ = scope().post_message(&object(&[("event", encode(event).into())]));
}

fn scope() -> DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}
