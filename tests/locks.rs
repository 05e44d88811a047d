//! One writer at a time (`attune::locks`), in headless Chromium's real Web Locks.
#![cfg(target_arch = "wasm32")]

use attune::locks::exclusively;
use gloo_timers::future::TimeoutFuture;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn a_second_holder_waits_for_the_first_to_finish() {
    let log = Rc::new(RefCell::new(Vec::new()));
    let (first_log, second_log) = (log.clone(), log.clone());
    let first = exclusively("attune-test-order", async move {
        first_log.borrow_mut().push("first starts");
        TimeoutFuture::new(50).await;
        first_log.borrow_mut().push("first ends");
        1
    });
    let second = exclusively("attune-test-order", async move {
        second_log.borrow_mut().push("second starts");
        2
    });
    let (a, b) = futures::join!(first, second);
    assert_eq!((a, b), (1, 2));
    assert_eq!(
        *log.borrow(),
        ["first starts", "first ends", "second starts"]
    );
}

#[wasm_bindgen_test]
async fn where_the_browser_refuses_the_lock_the_work_still_runs() {
    let locks = js_sys::Reflect::get(
        &js_sys::Reflect::get(&js_sys::global(), &"navigator".into()).unwrap(),
        &"locks".into(),
    )
    .unwrap();
    // An own property shadows LockManager.prototype.request: every request throws.
    let refusing = js_sys::Function::new_no_args("throw new Error('refused')");
    js_sys::Reflect::set(&locks, &"request".into(), &refusing).unwrap();
    let ran = exclusively("attune-test-refused", async { 7 }).await;
    js_sys::Reflect::delete_property(&locks.into(), &JsValue::from_str("request")).unwrap();
    assert_eq!(ran, 7);
}
