//! Component tests in headless Chromium: mount a piece of the app, click, and read the DOM.
#![cfg(target_arch = "wasm32")]

use attune::components::{demo::DemoRecommender, first_run::FirstRun};
use attune::playlist_export::{csv, json, m3u, ExportedTrack};
use attune_engine::{testutil::TINY_ASSET, Catalog, ContentIndex};
use leptos::prelude::*;
use std::sync::Arc;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

fn host() -> HtmlElement {
    let document = document();
    let section = document.create_element("section").unwrap();
    document.body().unwrap().append_child(&section).unwrap();
    section.unchecked_into()
}

fn tiny_index() -> Arc<ContentIndex> {
    Arc::new(ContentIndex::new(
        Catalog::from_asset(TINY_ASSET).unwrap(),
        Default::default(),
    ))
}

fn texts(root: &HtmlElement, selector: &str) -> Vec<String> {
    let nodes = root.query_selector_all(selector).unwrap();
    (0..nodes.length())
        .map(|i| nodes.item(i).unwrap().text_content().unwrap_or_default())
        .collect()
}

fn click(root: &HtmlElement, selector: &str) {
    root.query_selector(selector)
        .unwrap()
        .unwrap()
        .unchecked_into::<HtmlElement>()
        .click();
}

#[wasm_bindgen_test]
async fn first_run_offers_three_ways_in_and_starts_the_demo() {
    let root = host();
    let chosen = RwSignal::new(false);
    let _handle = leptos::mount::mount_to(root.clone(), move || {
        view! { <FirstRun on_demo=move |_| chosen.set(true)/> }
    });
    let headings = texts(&root, "h2");
    assert_eq!(
        headings,
        [
            "Try the demo",
            "Import your Spotify data",
            "Connect Spotify"
        ]
    );
    click(&root, "button.primary");
    leptos::task::tick().await;
    assert!(
        chosen.get_untracked(),
        "clicking Try the demo calls on_demo"
    );
}

#[wasm_bindgen_test]
async fn picking_a_search_match_shows_recommendations_with_reasons() {
    let root = host();
    let seeds = RwSignal::new(Vec::<String>::new());
    let index = tiny_index();
    let _handle = leptos::mount::mount_to(root.clone(), move || {
        view! { <DemoRecommender index=index.clone() seeds/> }
    });
    assert_eq!(texts(&root, ".track-title").len(), 0, "no seeds, no list");
    assert!(texts(&root, ".empty")[0].contains("Add one or more"));

    let input: HtmlInputElement = root
        .query_selector("#seed-query")
        .unwrap()
        .unwrap()
        .unchecked_into();
    input.set_value("neon");
    input
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    leptos::task::tick().await;
    let hits = texts(&root, ".search-hit .label");
    assert_eq!(hits, ["Neon Nights · Lumen Drive"]);

    click(&root, ".search-hit");
    // The view updates in later microtasks; on a loaded machine one tick is not always enough.
    for _ in 0..20 {
        leptos::task::tick().await;
        if input.value().is_empty() {
            break;
        }
    }
    assert_eq!(seeds.get_untracked(), ["track:t01"]);
    assert_eq!(texts(&root, ".chip span"), ["Neon Nights · Lumen Drive"]);
    assert_eq!(input.value(), "", "the search clears after a pick");
    let titles = texts(&root, ".track-title");
    assert!(
        !titles.contains(&"Neon Nights".to_string()),
        "the seed is not recommended back"
    );
    let mut top_two = titles[..2].to_vec();
    top_two.sort();
    assert_eq!(
        top_two,
        ["Afterglow Run", "Strobe Hearts"],
        "the seed's own cluster comes first"
    );
    assert!(texts(&root, ".why li").contains(&"close to Neon Nights".to_string()));

    click(&root, ".chip-remove");
    leptos::task::tick().await;
    assert!(seeds.get_untracked().is_empty());
    assert_eq!(texts(&root, ".track-title").len(), 0);
}

fn exported_tracks() -> Vec<ExportedTrack> {
    vec![
        ExportedTrack {
            title: "Harder, Better".into(),
            artists: "Daft Punk".into(),
            spotify_id: "abc".into(),
        },
        ExportedTrack {
            title: "=HYPERLINK(\"x\")\nTwo".into(),
            artists: "A, B".into(),
            spotify_id: "def".into(),
        },
    ]
}

/// A built playlist's export formats, quoting and formula guard included.
#[wasm_bindgen_test]
fn playlist_exports_by_hand() {
    assert_eq!(
        m3u("Run", &exported_tracks()),
        "#EXTM3U\n#PLAYLIST:Run\n#EXTINF:-1,Daft Punk - Harder, Better\nhttps://open.spotify.com/track/abc\n\
         #EXTINF:-1,A, B - =HYPERLINK(\"x\") Two\nhttps://open.spotify.com/track/def\n"
    );
    assert_eq!(
        csv(&exported_tracks()),
        "position,title,artists,spotify_uri\n1,\"Harder, Better\",Daft Punk,spotify:track:abc\n\
         2,\"'=HYPERLINK(\"\"x\"\")\nTwo\",\"A, B\",spotify:track:def\n"
    );
    // See #14: a leading tab, carriage return or full-width sign starts a formula in some spreadsheets too.
    let sneaky =
        ["\t=1+1", "\r=1+1", "＝1+1", "＋A1", "－A1", "＠SUM(A1)"].map(|title| ExportedTrack {
            title: title.into(),
            artists: "X".into(),
            spotify_id: "x".into(),
        });
    let rows = csv(&sneaky);
    for line in rows.lines().skip(1).filter(|l| !l.is_empty()) {
        let title = line.split(',').nth(1).unwrap().trim_start_matches('"');
        assert!(title.starts_with('\''), "unguarded: {line:?}");
    }
    let parsed: serde_json::Value = serde_json::from_str(&json("Run", &exported_tracks())).unwrap();
    assert_eq!(parsed["name"], "Run");
    assert_eq!(parsed["tracks"][1]["artists"], "A, B");
}

/// Waits for the view to follow a signal change (a few microtasks; more on a loaded machine).
async fn settle(root: &HtmlElement, selector: &str) {
    for _ in 0..50 {
        if root.query_selector(selector).unwrap().is_some() {
            return;
        }
        leptos::task::tick().await;
    }
}

#[wasm_bindgen_test]
async fn a_failed_request_says_why_and_a_newer_request_waits_again() {
    use attune::components::pending::Pending;
    use attune::worker::answer::Answer;
    let root = host();
    let answer: Answer<Vec<u32>> = Answer::new();
    let first = answer.next_id();
    let _handle = leptos::mount::mount_to(root.clone(), move || {
        view! { <Pending error=Signal::derive(move || answer.error()) loading="Grouping what you play…"/> }
    });
    assert_eq!(texts(&root, "[role=status]"), ["Grouping what you play…"]);

    answer.failed(first, "the store could not be read".into());
    settle(&root, "[role=alert]").await;
    assert_eq!(
        texts(&root, "[role=alert]"),
        ["This could not be made: the store could not be read. Reload the page to try again."]
    );
    assert_eq!((answer.current(), answer.error().is_some()), (None, true));

    // A newer request makes the failure stale; its answer is the current one.
    let second = answer.next_id();
    settle(&root, "[role=status]").await;
    assert!(texts(&root, "[role=alert]").is_empty());
    answer.arrived(second, vec![7]);
    answer.failed(first, "late news of the first".into());
    assert_eq!((answer.current(), answer.error()), (Some(vec![7]), None));
}
