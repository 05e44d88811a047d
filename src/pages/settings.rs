use crate::components::data_controls::{BackupControls, EraseControl, StorageStatusView};
use crate::pages::connect::SyncStatus;
use crate::paths::app_href;
use crate::spotify::client_id;
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
            <h2>"Spotify"</h2>
            {move || match client_id() {
                Some(_) => view! { <SyncStatus/> }.into_any(),
                None => view! { <p>"Not connected: Attune works from the demo and your imported data alone."</p> }.into_any(),
            }}
            <p><a href=app_href("/connect")>"Connect, change the Client ID, or disconnect"</a></p>
            <h2>"Privacy"</h2>
            <p>
                "Attune runs in this browser tab and has no server. Everything below stays in this browser's "
                "storage for this site, and every recommendation, mix and picture is computed here."
            </p>
            <ul class="privacy">
                <li><strong>"Stored here: "</strong>"the plays and library you import or sync, your demo picks, "
                    "your likes, skips and dislikes with the moment they happened (to learn what suits when), "
                    "the models learnt from them, this week's Discover Weekly, and, once you connect, your "
                    "Spotify tokens. Backups you make are encrypted with your passphrase and never include the "
                    "tokens."</li>
                <li><strong>"Sent to Spotify's accounts and Web API "</strong>"(accounts.spotify.com, "
                    "api.spotify.com), only once you connect: the sign-in, and the requests that read your "
                    "recent plays, saved tracks and playlists, save a playlist or a like you ask for. Connecting "
                    "asks Spotify only to read; the first time you save a playlist or like a track, Attune asks "
                    "you for that permission too. To show "
                    "covers, Attune also looks up each track on screen (one request per track), so Spotify "
                    "sees which tracks Attune shows you. For an artist suggested to you whose tracks are not "
                    "in Attune's catalog, it searches Spotify for a track by that artist (a few per list, "
                    "each kept for weeks), so Spotify sees those artists' names too."</li>
                <li><strong>"Spotify's player "</strong>"(open.spotify.com and embed-cdn.spotifycdn.com), "
                    "only when you press Play: Attune loads Spotify's two player scripts, which run inside "
                    "this page, and the player's frame, and sends it the track's link. Spotify sees what you "
                    "play, as in its own app."</li>
                <li><strong>"Asked of Spotify's image server "</strong>"(i.scdn.co), once you connect: the "
                    "covers of the tracks on screen."</li>
                <li><strong>"Sent anywhere else: "</strong>"nothing. No analytics, and no scripts but "
                    "Attune's own and, once you press Play, Spotify's player."</li>
            </ul>
            <h2>"About the bundled catalog"</h2>
            <p>
                "The demo catalog is derived from public tables of Spotify audio features: a 2024 track table "
                "(austindeanpowell/Spoitfy-Hit-Predictor, from a Kaggle data set) and artist-level genres and "
                "mean features from the “Spotify Dataset 1921-2020” (Yamac Eren Ay, via DinoGoEatChu/Recommender)."
            </p>
            <p>
                "“Listeners like you” learns, on this device, from the anonymous play counts of the Last.fm "
                "listeners in the HetRec 2011 Last.fm-2k data set (GroupLens; Cantador, Brusilovsky and Kuflik, "
                "RecSys 2011 workshop; non-commercial research use)."
            </p>
        </section>
    }
}
