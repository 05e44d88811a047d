//! The factorization benchmark in headless Chromium (wasm, SIMD128), on the same synthetic matrix and with
//! the same code as `attune bench`. Run by scripts/bench.sh in release mode; it prints one JSON line and
//! asserts nothing about speed (targets live in BENCHMARKS.md, not in tests).
#![cfg(target_arch = "wasm32")]

use attune_engine::bench::{
    colisten_run, run, synthetic_history, synthetic_plays, COLISTEN_SHAPE, HETREC_SHAPE,
};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn factorization_speed_in_the_browser() {
    let (users, items, nnz) = HETREC_SHAPE;
    let plays = synthetic_plays(users, items, nnz, 7).map_values(f32::ln_1p);
    let performance = web_sys::window().unwrap().performance().unwrap();
    let report = run(&plays, 5, || performance.now());
    console_log!(
        "{{\"runtime\":\"wasm\",\"data\":\"synthetic-hetrec-shape\",\"report\":{}}}",
        report.to_json()
    );
}

#[wasm_bindgen_test]
fn colistening_speed_in_the_browser() {
    let (plays, tracks) = COLISTEN_SHAPE;
    let history = synthetic_history(plays, tracks, 7);
    let performance = web_sys::window().unwrap().performance().unwrap();
    let (anchor, built) = colisten_run(&history, 5, || performance.now());
    console_log!(
        "{{\"runtime\":\"wasm\",\"bench\":\"colisten\",\"plays\":{plays},\"anchor_summary_ms\":{anchor:.2},\"colisten_ms\":{built:.2},\"ratio\":{:.2}}}",
        built / anchor
    );
}
