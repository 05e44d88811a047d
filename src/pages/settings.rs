use crate::components::data_controls::{BackupControls, EraseControl, StorageStatusView};
use leptos::prelude::*;

/// Settings: the listener's data (storage, backup, erase), privacy, and where the bundled data comes from.
#[component]
pub fn Settings() -> impl IntoView {
    view! {
        <section class="page settings">
            <h1>"Settings"</h1>
            <h2>"Your data on this device"</h2>
            <StorageStatusView/>
            <h2>"Backup and moving to another device"</h2>
            <BackupControls/>
            <h2>"Erase"</h2>
            <EraseControl/>
            <h2>"Privacy"</h2>
            <p>
                "Attune runs in this browser tab. Your picks are kept in this browser's storage and the "
                "recommendations are computed here; no listening data is sent anywhere. "
                "Once you connect Spotify, the only requests that leave the page go to Spotify itself."
            </p>
            <h2>"About the bundled catalog"</h2>
            <p>
                "The demo catalog is derived from public tables of Spotify audio features: a 2024 track table "
                "(austindeanpowell/Spoitfy-Hit-Predictor, from a Kaggle data set) and artist-level genres and "
                "mean features from the “Spotify Dataset 1921-2020” (Yamac Eren Ay, via DinoGoEatChu/Recommender)."
            </p>
            <p>
                "“Listeners like you” learns, on this device, from the anonymous play counts of 1,885 Last.fm "
                "listeners in the HetRec 2011 Last.fm-2k data set (GroupLens; Cantador, Brusilovsky and Kuflik, "
                "RecSys 2011 workshop; non-commercial research use)."
            </p>
            <p class="muted">"Spotify account settings arrive with issue #5."</p>
        </section>
    }
}
