//! The embeddable "similar tracks" widget: `<attune-similar>` (public/widget.js defines the element and
//! loads this module) and `embed.html` (the iframe form) both call [`render_similar`]. It computes the list
//! with the engine on the bundled catalog, from Attune's own origin, without sign-in; it reads nothing of the
//! host page but its own attributes, and sends nothing anywhere.

use attune::catalog_asset::load_catalog_from;
use attune::widget::{WidgetOptions, WidgetSeed};
use attune_engine::{ContentIndex, SearchHit, Seed};
use std::cell::RefCell;
use std::sync::Arc;
use wasm_bindgen::prelude::*;
use web_sys::{Document, Element, Node};

thread_local! {
    /// One catalog for every widget on the page.
    static INDEX: RefCell<Option<Arc<ContentIndex>>> = const { RefCell::new(None) };
}

const STYLE: &str = include_str!("../../pwa/widget.css");

fn main() {}

/// Renders the similar tracks into `root` (the element's shadow root, or the embed page's body).
/// `attributes` holds the element's attributes by name; only the documented ones are read, and each is
/// checked (`attune::widget`) before use. `base` is the URL of Attune's own files.
#[wasm_bindgen]
pub async fn render_similar(root: Node, base: String, attributes: JsValue) -> Result<(), JsValue> {
    let document = root
        .owner_document()
        .or_else(|| root.dyn_ref::<Document>().cloned())
        .ok_or("no document")?;
    let attribute = |name: &str| {
        js_sys::Reflect::get(&attributes, &name.into())
            .ok()
            .and_then(|value| value.as_string())
    };
    let options = WidgetOptions::parse(attribute);
    let frame = document.create_element("div")?;
    let (theme, compact) = options
        .as_ref()
        .map_or(("auto", false), |o| (o.theme.class(), o.compact));
    frame.set_class_name(&format!(
        "attune {theme} {}",
        if compact { "compact" } else { "" }
    ));
    let style = document.create_element("style")?;
    style.set_text_content(Some(STYLE));
    replace_children(&root, &[style.into(), frame.clone().into()])?;
    status(&document, &frame, "Finding similar tracks…")?;
    let options = match options {
        Ok(options) => options,
        Err(refused) => return status(&document, &frame, &refused.to_string()),
    };
    let index = match catalog(&base).await {
        Ok(index) => index,
        Err(message) => return status(&document, &frame, &message),
    };
    let Some(seed) = resolve(&index, &options.seed) else {
        return status(
            &document,
            &frame,
            &format!(
                "Attune's catalog has nothing for “{}”.",
                describe(&options.seed)
            ),
        );
    };
    let k = options.count;
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

async fn catalog(base: &str) -> Result<Arc<ContentIndex>, String> {
    if let Some(index) = INDEX.with(|i| i.borrow().clone()) {
        return Ok(index);
    }
    let index = load_catalog_from(base).await.map_err(|e| e.to_string())?;
    INDEX.with(|i| *i.borrow_mut() = Some(index.clone()));
    Ok(index)
}

fn resolve(index: &ContentIndex, seed: &WidgetSeed) -> Option<Seed> {
    let catalog = index.catalog();
    match seed {
        WidgetSeed::Track(id) => catalog.track_by_id(id).map(Seed::Track),
        WidgetSeed::Artist(name) => catalog.find_artist(name).map(Seed::Artist),
        WidgetSeed::Search(text) => match catalog.search(text, 1).into_iter().next()? {
            SearchHit::Track(t) => Some(Seed::Track(t)),
            SearchHit::Artist(a) => Some(Seed::Artist(a)),
        },
    }
}

fn describe(seed: &WidgetSeed) -> String {
    match seed {
        WidgetSeed::Track(id) => format!("spotify:track:{id}"),
        WidgetSeed::Artist(text) | WidgetSeed::Search(text) => text.clone(),
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
