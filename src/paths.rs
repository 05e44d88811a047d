//! The app's own addresses under its base path, so that it works at the root of a host and under a
//! sub-path (`trunk build --public-url /attune/`): Trunk writes the public URL into `<base href>`, and
//! every in-app link and navigation goes through [`app_href`].

/// The base path without its trailing slash: `""` at the root, `"/attune"` under `/attune/`.
pub fn base_path() -> String {
    let base = leptos::prelude::document()
        .base_uri()
        .ok()
        .flatten()
        .and_then(|uri| web_sys::Url::new(&uri).ok())
        .map(|url| url.pathname())
        .unwrap_or_default();
    base.trim_end_matches('/').to_string()
}

/// An in-app path (`/library`) as an address under the base path (`/attune/library`).
pub fn app_href(path: &str) -> String {
    format!("{}{path}", base_path())
}
