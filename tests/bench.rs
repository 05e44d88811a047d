//! The factorization benchmark in headless Chromium (wasm, SIMD128), on the same synthetic matrix and with
//! the same code as `attune bench`. Run by scripts/bench.sh in release mode; it prints one JSON line and
//! asserts nothing about speed (targets live in BENCHMARKS.md, not in tests).
#![cfg(target_arch = "wasm32")]

use attune::worker::recommender::requests::{MixOut, Mixes, RecItem};
use attune_lab::bench::{
    colisten_run, rerank_run, run, synthetic_history, synthetic_plays, COLISTEN_SHAPE, HETREC_SHAPE,
};
use serde::{de::DeserializeOwned, Serialize};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
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

/// The re-ranker on the app's path (a pool of 60 drawn down to 20 with reasons, after a dozen reactions)
/// against the content list it re-ranks, as `attune bench --rerank` measures natively.
#[wasm_bindgen_test]
fn reranking_speed_in_the_browser() {
    let catalog =
        attune_engine::Catalog::from_asset(include_str!("../public/catalog/catalog.txt")).unwrap();
    let index = attune_engine::ContentIndex::new(catalog, Default::default());
    let performance = web_sys::window().unwrap().performance().unwrap();
    let (anchor, rerank) = rerank_run(&index, 200, || performance.now());
    console_log!(
        "{{\"runtime\":\"wasm\",\"bench\":\"rerank\",\"anchor_content_60_ms\":{anchor:.3},\"rerank_60_to_20_ms\":{rerank:.3},\"ratio\":{:.2}}}",
        rerank / anchor
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

/// Artists for you against For You on the shipped catalog and community, as `attune bench --artists`
/// measures natively.
#[wasm_bindgen_test]
fn artists_for_you_speed_in_the_browser() {
    use attune_engine::community::CommunityRecommender;
    let catalog =
        attune_engine::Catalog::from_asset(include_str!("../public/catalog/catalog.txt")).unwrap();
    let index = std::sync::Arc::new(attune_engine::ContentIndex::new(
        catalog,
        Default::default(),
    ));
    let community =
        attune_engine::shipped::read(include_str!("../public/community/lastfm-2k.factors"))
            .unwrap();
    let model = CommunityRecommender::from_shipped(index, community);
    let performance = web_sys::window().unwrap().performance().unwrap();
    let (anchor, made) = attune_lab::bench::artists_run(&model, 20, || performance.now());
    console_log!(
        "{{\"runtime\":\"wasm\",\"bench\":\"artists\",\"anchor_for_you_ms\":{anchor:.2},\"artists_for_you_ms\":{made:.2},\"ratio\":{:.2}}}",
        made / anchor
    );
}

/// The community's factor asset read, folded into and scored in the worker's runtime: the shipped one
/// (the anchor) and a generated one of 10^5 artists, with the wasm memory before and after reading it
/// (a wasm memory only grows, so the difference is what reading it needed at most). The text is made
/// before the first reading and read in 64 KiB chunks, as the worker reads a download: the growth is what
/// the worker holds beyond the chunk in hand, since its download is never whole in memory.
#[wasm_bindgen_test]
fn community_load_speed_in_the_browser() {
    use attune_lab::community_load::{load_run, synthetic_factor_asset, LARGE_COMMUNITY};
    let performance = web_sys::window().unwrap().performance().unwrap();
    let anchor = load_run(
        include_str!("../public/community/lastfm-2k.factors"),
        3,
        || performance.now(),
    );
    let (items, factors, neighbours) = LARGE_COMMUNITY;
    let large = synthetic_factor_asset(items, factors, neighbours, 7);
    let memory_mb = || {
        let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
        memory
            .buffer()
            .unchecked_into::<js_sys::ArrayBuffer>()
            .byte_length() as f64
            / 1e6
    };
    let before = memory_mb();
    let measured = load_run(&large, 3, || performance.now());
    console_log!(
        "{{\"runtime\":\"wasm\",\"bench\":\"community-load\",\"shipped\":{},\"large\":{},\"large_text_mb\":{:.1},\"wasm_memory_mb_before_read\":{before:.0},\"wasm_memory_mb_after\":{:.0},\"read_ratio\":{:.1}}}",
        anchor.to_json(),
        measured.to_json(),
        large.len() as f64 / 1e6,
        memory_mb(),
        measured.read_ms / anchor.read_ms
    );
}

/// The answers the pages wait on most, shaped as the worker sends them: 20 recommendations with three
/// reasons each, and six Daily Mixes of 20 plus a Discover Weekly of 30.
fn recommend_answer() -> Vec<RecItem> {
    (0..20)
        .map(|i| RecItem {
            logged: None,
            track_id: format!("{i:0>22}"),
            why: vec![
                format!("close to Artist {i}"),
                "listeners of Radiohead also play Muse".into(),
                "suits relax: lower energy".into(),
            ],
            familiar: i % 2 == 0,
            outside_catalog: None,
        })
        .collect()
}

fn mixes_answer() -> Mixes {
    Mixes {
        daily: (0..6)
            .map(|m| MixOut {
                name: format!("Mix {m}: indie rock and dream pop"),
                description: "calm · moody · Radiohead, Muse and more".into(),
                tracks: recommend_answer(),
            })
            .collect(),
        weekly: recommend_answer().into_iter().cycle().take(30).collect(),
    }
}

/// Posts `message` through a MessageChannel (the structured clone a worker's postMessage makes) and
/// returns what arrives on the other port.
async fn through_a_port(message: &JsValue) -> JsValue {
    let channel = web_sys::MessageChannel::new().unwrap();
    let arrived = js_sys::Promise::new(&mut |resolve, _| {
        let on_message = Closure::once_into_js(move |event: web_sys::MessageEvent| {
            let _ = resolve.call1(&JsValue::NULL, &event.data());
        });
        channel
            .port2()
            .set_onmessage(Some(on_message.unchecked_ref()));
    });
    channel.port1().post_message(message).unwrap();
    wasm_bindgen_futures::JsFuture::from(arrived).await.unwrap()
}

/// Median milliseconds of an answer's trip as JSON text (serde_json, what the workers send) and as a JS
/// value (serde-wasm-bindgen), each encoded, posted through a port and decoded; and the JSON's size.
async fn trip<T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug>(
    name: &str,
    answer: &T,
) {
    let performance = web_sys::window().unwrap().performance().unwrap();
    let mut json_ms = Vec::new();
    let mut value_ms = Vec::new();
    let mut bytes = 0;
    for _ in 0..41 {
        let start = performance.now();
        let text = serde_json::to_string(answer).unwrap();
        bytes = text.len();
        let back = through_a_port(&JsValue::from_str(&text)).await;
        let decoded: T = serde_json::from_str(&back.as_string().unwrap()).unwrap();
        json_ms.push(performance.now() - start);
        assert_eq!(&decoded, answer);

        let start = performance.now();
        let value = serde_wasm_bindgen::to_value(answer).unwrap();
        let back = through_a_port(&value).await;
        let decoded: T = serde_wasm_bindgen::from_value(back).unwrap();
        value_ms.push(performance.now() - start);
        assert_eq!(&decoded, answer);
    }
    let median = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let (json, value) = (median(json_ms), median(value_ms));
    console_log!(
        "{{\"runtime\":\"wasm\",\"bench\":\"worker-message\",\"answer\":\"{name}\",\"json_bytes\":{bytes},\"json_ms\":{json:.3},\"serde_wasm_bindgen_ms\":{value:.3},\"ratio\":{:.2}}}",
        value / json
    );
}

#[wasm_bindgen_test]
async fn worker_messages_as_json_or_as_js_values() {
    trip("recommend", &recommend_answer()).await;
    trip("mixes", &mixes_answer()).await;
}
