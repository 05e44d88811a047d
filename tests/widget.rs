//! The widget's attributes, checked before use (src/widget.rs): run in headless Chromium with the other
//! browser tests. See #14: a link to embed.html once put any attribute it liked on the element.
#![cfg(target_arch = "wasm32")]

use attune::widget::{WidgetOptionError, WidgetOptions, WidgetSeed, WidgetTheme};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn parse(pairs: &[(&str, &str)]) -> Result<WidgetOptions, WidgetOptionError> {
    WidgetOptions::parse(|name| {
        pairs
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.to_string())
    })
}

#[wasm_bindgen_test]
fn documented_attributes_are_read_with_their_defaults() {
    let options = parse(&[("track", "spotify:track:2Foc5Q5nqNiosCNqttzHof")]).unwrap();
    assert_eq!(
        options,
        WidgetOptions {
            seed: WidgetSeed::Track("2Foc5Q5nqNiosCNqttzHof".into()),
            count: 5,
            theme: WidgetTheme::Auto,
            compact: false,
        }
    );
    let options = parse(&[
        ("seed", " Daft Punk "),
        ("count", "20"),
        ("theme", "dark"),
        ("layout", "compact"),
    ])
    .unwrap();
    assert_eq!(options.seed, WidgetSeed::Search("Daft Punk".into()));
    assert_eq!(
        (options.count, options.theme, options.compact),
        (20, WidgetTheme::Dark, true)
    );
    // track wins over artist over search.
    let options = parse(&[("search", "x"), ("artist", "Muse")]).unwrap();
    assert_eq!(options.seed, WidgetSeed::Artist("Muse".into()));
}

#[wasm_bindgen_test]
fn out_of_range_values_are_refused_with_a_reason() {
    use WidgetOptionError::*;
    let long = "a".repeat(201);
    let cases: &[(&[(&str, &str)], WidgetOptionError)] = &[
        (&[], NoSeed),
        (&[("search", "   ")], NoSeed),
        (
            &[("track", "spotify:track:2Foc5Q5nqNiosCNqttzHo")],
            BadTrack,
        ),
        (
            &[("track", "spotify:track:2Foc5Q5nqNiosCNqttzHo!")],
            BadTrack,
        ),
        (&[("track", "javascript:alert(1)")], BadTrack),
        (&[("artist", &long)], TooLong { name: "artist" }),
        (
            &[("search", "a\u{0}b")],
            ControlCharacters { name: "search" },
        ),
        (&[("search", "x"), ("count", "0")], BadCount),
        (&[("search", "x"), ("count", "21")], BadCount),
        (&[("search", "x"), ("count", "1e400")], BadCount),
        (&[("search", "x"), ("count", "-0")], BadCount),
        (
            &[("search", "x"), ("count", "18446744073709551617")],
            BadCount,
        ),
        (&[("search", "x"), ("theme", "dark\" onload=\"x")], BadTheme),
        (&[("search", "x"), ("layout", "grid")], BadLayout),
    ];
    for (pairs, expected) in cases {
        assert_eq!(parse(pairs).as_ref(), Err(expected), "{pairs:?}");
    }
    // 200 characters (not bytes) is still fine.
    assert!(parse(&[("search", &"é".repeat(200))]).is_ok());
}
