//! The embeddable "similar tracks" widget: `<attune-similar>` (public/widget.js defines the element and
//! loads this module) and `embed.html` (the iframe form) both call [`render_similar`]. It computes the list
//! with the engine on the bundled catalog, from Attune's own origin, without sign-in; it reads nothing of the
//! host page but its own attributes, and sends nothing anywhere.

use attune::catalog_asset::load_catalog_from;
use attune_engine::{ContentIndex, SearchHit, Seed};
use std::cell::RefCell;
use std::sync::Arc;
use wasm_bindgen::prelude::*;
use web_sys::{Document, Element, Node};

thread_local! {
    /// One catalog for every widget on the page.
    static INDEX: RefCell<Option<Arc<ContentIndex>>> = const { RefCell::new(None) };
}

const DEFAULT_COUNT: usize = 5;
const MAX_COUNT: usize = 20;
const STYLE: &str = include_str!("../../pwa/widget.css");

fn main() {}

/// Renders the similar tracks for `seed` into `root` (the element's shadow root, or the embed page's
/// body). `seed` is `spotify:track:…`, `artist:Name`, or any search text; `base` is the URL of
/// Attune's own files.
#[wasm_bindgen]
pub async fn render_similar(
    root: Node,
    base: String,
    seed: String,
    count: Option<usize>,
    theme: Option<String>,
    compact: bool,
) -> Result<(), JsValue> {
    let document = root
        .owner_document()
        .or_else(|| root.dyn_ref::<Document>().cloned())
        .ok_or("no document")?;
    let frame = document.create_element("div")?;
    frame.set_class_name(&format!(
        "attune {} {}",
        theme_class(theme.as_deref()),
        if compact { "compact" } else { "" }
    ));
    let style = document.create_element("style")?;
    style.set_text_content(Some(STYLE));
    replace_children(&root, &[style.into(), frame.clone().into()])?;
    status(&document, &frame, "Finding similar tracks…")?;
    let index = match catalog(&base).await {
        Ok(index) => index,
        Err(message) => return status(&document, &frame, &message),
    };
    let Some(seed) = resolve(&index, seed.trim()) else {
        return status(
            &document,
            &frame,
            &format!("Attune's catalog has nothing for “{seed}”."),
        );
    };
    let k = count.unwrap_or(DEFAULT_COUNT).clamp(1, MAX_COUNT);
    let list = index.diversify(index.recommend(&[seed], 2 * k), k, 0.3);
    let catalog = index.catalog();
    let heading = document.create_element("p")?;
    heading.set_class_name("heading");
    heading.set_text_content(Some(&format!("Similar to {}", seed.label(catalog))));
    let items = document.create_element("ol")?;
    for rec in list {
        let track = catalog.track(rec.item);
        let item = document.create_element("li")?;
        let link = document.create_element("a")?;
        link.set_attribute(
            "href",
            &format!("https://open.spotify.com/track/{}", track.id),
        )?;
        link.set_attribute("target", "_blank")?;
        link.set_attribute("rel", "noopener noreferrer")?;
        link.set_text_content(Some(&track.name));
        let artists = document.create_element("span")?;
        artists.set_class_name("artists");
        artists.set_text_content(Some(&catalog.credits(rec.item)));
        item.append_child(&link)?;
        item.append_child(&artists)?;
        // With one seed every item is "close to" it; the next reason says how.
        let why = rec
            .why
            .iter()
            .find(|w| !w.starts_with("close to"))
            .or(rec.why.first());
        if let Some(why) = why {
            let reason = document.create_element("span")?;
            reason.set_class_name("why");
            reason.set_text_content(Some(why));
            item.append_child(&reason)?;
        }
        items.append_child(&item)?;
    }
    let credit = document.create_element("p")?;
    credit.set_class_name("credit");
    credit.set_text_content(Some("Computed in your browser by Attune"));
    replace_children(&frame, &[heading.into(), items.into(), credit.into()])
}

fn theme_class(theme: Option<&str>) -> &'static str {
    match theme {
        Some("dark") => "dark",
        Some("light") => "light",
        _ => "auto",
    }
}

async fn catalog(base: &str) -> Result<Arc<ContentIndex>, String> {
    if let Some(index) = INDEX.with(|i| i.borrow().clone()) {
        return Ok(index);
    }
    let index = load_catalog_from(base).await.map_err(|e| e.to_string())?;
    INDEX.with(|i| *i.borrow_mut() = Some(index.clone()));
    Ok(index)
}

/// `spotify:track:ID`, `artist:Name`, or the best search hit for any other text.
fn resolve(index: &ContentIndex, seed: &str) -> Option<Seed> {
    let catalog = index.catalog();
    if let Some(id) = seed.strip_prefix("spotify:track:") {
        return catalog.track_by_id(id).map(Seed::Track);
    }
    if let Some(name) = seed.strip_prefix("artist:") {
        return catalog.find_artist(name).map(Seed::Artist);
    }
    match catalog.search(seed, 1).into_iter().next()? {
        SearchHit::Track(t) => Some(Seed::Track(t)),
        SearchHit::Artist(a) => Some(Seed::Artist(a)),
    }
}

fn status(document: &Document, frame: &Element, text: &str) -> Result<(), JsValue> {
    let line = document.create_element("p")?;
    line.set_class_name("status");
    line.set_attribute("role", "status")?;
    line.set_text_content(Some(text));
    replace_children(frame, &[line.into()])
}

fn replace_children(parent: &Node, children: &[Node]) -> Result<(), JsValue> {
    while let Some(child) = parent.first_child() {
        parent.remove_child(&child)?;
    }
    for child in children {
        parent.append_child(child)?;
    }
    Ok(())
}
