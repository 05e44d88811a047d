//! Attune's browser app: the Leptos UI over the engine. Pages get their data from typed contexts; the
//! engine does every calculation, the UI only shows its answers.

pub mod added_tracks;
pub mod backup_crypto;
pub mod catalog_asset;
pub mod components;
pub mod covers;
pub mod data_events;
pub mod fetch;
pub mod format;
pub mod listening;
pub mod locks;
pub mod my_data;
pub mod pages;
pub mod paths;
pub mod playlist_export;
pub mod prefs;
pub mod pwa;
pub mod spotify;
pub mod store;
pub mod web_crypto;
pub mod widget;
pub mod worker;

use components::app_status::{OtherTabsBanner, UpdateBanner};
use components::like_on_spotify::LikeOnSpotify;
use components::nav::Nav;
use components::page_frame::Failed;
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;
use pages::{
    blend::Blend, builder::Builder, callback::Callback, connect::Connect, home::Home,
    import::Import, insights::Insights, lab::Lab, library::Library, mixes::Mixes,
    not_found::NotFound, settings::Settings,
};

#[component]
pub fn App() -> impl IntoView {
    provide_context(prefs::Prefs::load());
    provide_context(pwa::AppStatus::start());
    provide_context(spotify::scheduler::SpotifySync::start());
    provide_context(listening::ListeningMoment::new());
    provide_context(worker::recommender::client::SharedRecommender::new());
    provide_context(catalog_asset::SharedCatalog::new());
    provide_context(covers::Covers::new());
    provide_context(added_tracks::AddedTracks::load());
    provide_context(components::like_on_spotify::SpotifyLikes::new());
    view! {
        <Router base=paths::base_path()>
            <a class="skip-link" href="#main">"Skip to content"</a>
            <Nav/>
            <UpdateBanner/>
            <OtherTabsBanner/>
            <LikeOnSpotify/>
            <main id="main" tabindex="-1">
                // Whatever a page could not show is said where the page would be, and the rest of the
                // app goes on.
                <ErrorBoundary fallback=|errors| view! { <Failed errors/> }>
                <Routes fallback=|| view! { <NotFound/> }>
                    <Route path=path!("/") view=Home/>
                    <Route path=path!("/library") view=Library/>
                    <Route path=path!("/mixes") view=Mixes/>
                    <Route path=path!("/builder") view=Builder/>
                    <Route path=path!("/blend") view=Blend/>
                    <Route path=path!("/lab") view=Lab/>
                    <Route path=path!("/insights") view=Insights/>
                    <Route path=path!("/settings") view=Settings/>
                    <Route path=path!("/import") view=Import/>
                    <Route path=path!("/connect") view=Connect/>
                    <Route path=path!("/callback") view=Callback/>
                </Routes>
                </ErrorBoundary>
            </main>
        </Router>
    }
}
