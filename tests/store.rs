//! The IndexedDB store in headless Chromium: round trips, the upgrade from schema v1, all-or-nothing
//! batches and deduplication. Each test uses its own database.
#![cfg(target_arch = "wasm32")]

use attune::store::{ImportRecord, Store, StoreError, StoredPlay, NAME, VERSION};
use attune_engine::bandit::compare::Impression;
use attune_engine::import::{parse_history, Play, PlayId, PlayKind, StoredPlays};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

async fn fresh(name: &str, version: u32) -> Store {
    Store::delete(name).await.unwrap();
    Store::open_at(name, version).await.unwrap()
}

/// Plays as the parser makes them: extended history with a podcast, and an account-data file.
fn extended_plays() -> Vec<Play> {
    let json = r#"[
      {"ts":"2023-05-01T08:00:05Z","ms_played":215000,"master_metadata_track_name":"Airbag",
       "master_metadata_album_artist_name":"Radiohead","master_metadata_album_album_name":"OK Computer",
       "spotify_track_uri":"spotify:track:a","skipped":false,"shuffle":true,"reason_start":"clickrow",
       "reason_end":"trackdone","platform":"android"},
      {"ts":"2023-05-01T08:04:10Z","ms_played":9000,"master_metadata_track_name":"Lucky",
       "master_metadata_album_artist_name":"Radiohead","spotify_track_uri":"spotify:track:b","skipped":true},
      {"ts":"2023-05-01T09:00:00Z","ms_played":1800000,"episode_name":"Episode 1",
       "episode_show_name":"A Show","spotify_episode_uri":"spotify:episode:e"}
    ]"#;
    parse_history(
        "Streaming_History_Audio_2023.json",
        json.as_bytes(),
        1_900_000_000,
    )
    .unwrap()
    .plays
}

fn account_data_plays() -> Vec<Play> {
    // The same Airbag play, cut to the minute, and one more.
    let json = r#"[
      {"endTime":"2023-05-01 08:00","artistName":"Radiohead","trackName":"Airbag","msPlayed":215000},
      {"endTime":"2023-05-02 10:30","artistName":"Björk","trackName":"Jóga","msPlayed":305000}
    ]"#;
    parse_history(
        "StreamingHistory_music_0.json",
        json.as_bytes(),
        1_900_000_000,
    )
    .unwrap()
    .plays
}

async fn counts(store: &Store) -> (usize, usize) {
    (
        store.music_plays().await.unwrap().len(),
        store.other_plays().await.unwrap().len(),
    )
}

async fn import(store: &Store, plays: Vec<Play>) -> (usize, usize) {
    let mut stored = store.stored_plays().await.unwrap();
    let record = store
        .import_batch(&mut stored, plays, vec!["file.json".into()], "export")
        .await
        .unwrap();
    (record.added, record.duplicates)
}

#[wasm_bindgen_test]
async fn plays_round_trip_with_every_field() {
    let store = fresh("attune-test-round-trip", VERSION).await;
    assert_eq!(import(&store, extended_plays()).await, (3, 0));
    let music = store.music_plays().await.unwrap();
    let back: Vec<Play> = music.iter().map(StoredPlay::to_play).collect();
    let expected: Vec<Play> = extended_plays()
        .into_iter()
        .filter(|p| p.kind == PlayKind::Music)
        .collect();
    assert_eq!(back, expected);
    let other = store.other_plays().await.unwrap();
    assert_eq!(other.len(), 1);
    assert_eq!(other[0].kind, PlayKind::Podcast);
    assert_eq!(counts(&store).await, (2, 1));
    let since = store.music_plays_since(1_682_928_100).await.unwrap();
    assert_eq!(since.len(), 1, "only Lucky ended after 08:01:40");
    let imports = store.imports().await.unwrap();
    assert_eq!((imports.len(), imports[0].added), (1, 3));
    store.close();
}

#[wasm_bindgen_test]
async fn the_same_play_from_two_exports_is_stored_once() {
    let store = fresh("attune-test-dedupe", VERSION).await;
    assert_eq!(import(&store, extended_plays()).await, (3, 0));
    // A second visit: the store is read afresh, and the account-data Airbag is the extended one.
    assert_eq!(import(&store, account_data_plays()).await, (1, 1));
    assert_eq!(import(&store, extended_plays()).await, (0, 3));
    assert_eq!(counts(&store).await, (3, 1));
    store.close();
}

#[wasm_bindgen_test]
async fn a_failing_batch_keeps_nothing_of_itself_and_loses_nothing_before_it() {
    let store = fresh("attune-test-rollback", VERSION).await;
    assert_eq!(import(&store, account_data_plays()).await, (2, 0));
    // A batch holding a play that is already stored (so its block's key is taken): the new plays in
    // it, music and podcast, must not stay.
    let mut stored = StoredPlays::default();
    let (admitted, _) = stored.admit(extended_plays());
    let mut batch: Vec<StoredPlay> = admitted
        .into_iter()
        .map(|(id, play)| StoredPlay::new(id, play, "export"))
        .collect();
    let mut collision = store.music_plays().await.unwrap()[0].clone();
    collision.title = "changed".into();
    batch.push(collision);
    let record = ImportRecord {
        at: 0.0,
        files: vec![],
        added: batch.len(),
        duplicates: 0,
    };
    let failed = store.add_plays(&batch, &record).await;
    assert!(matches!(failed, Err(StoreError::Failed(_))), "{failed:?}");
    assert_eq!(counts(&store).await, (2, 0));
    let titles: Vec<String> = store
        .music_plays()
        .await
        .unwrap()
        .into_iter()
        .map(|p| p.title)
        .collect();
    assert_eq!(titles, ["Airbag", "Jóga"]);
    assert_eq!(store.imports().await.unwrap().len(), 1);
    store.close();
}

/// Writes plays as version 1 did: one record per play, with its normalised `artist|title` as `track`.
async fn write_version_1(name: &str, plays: &[StoredPlay], record: &ImportRecord) {
    let db = idb::Factory::new()
        .unwrap()
        .open(name, Some(1))
        .unwrap()
        .await
        .unwrap();
    let tx = db
        .transaction(
            &["plays", "other_plays", "imports"],
            idb::TransactionMode::ReadWrite,
        )
        .unwrap();
    for play in plays {
        let mut value = serde_json::to_value(play).unwrap();
        let track = PlayId::decode(&play.id).unwrap().track;
        value["track"] = serde_json::Value::String(track);
        let store = if play.kind == PlayKind::Music {
            "plays"
        } else {
            "other_plays"
        };
        let js = js_sys::JSON::parse(&value.to_string()).unwrap();
        tx.object_store(store).unwrap().put(&js, None).unwrap();
    }
    let js = js_sys::JSON::parse(&serde_json::to_string(record).unwrap()).unwrap();
    tx.object_store("imports").unwrap().add(&js, None).unwrap();
    assert!(tx.commit().unwrap().await.unwrap().is_committed());
    db.close();
}

#[wasm_bindgen_test]
async fn a_version_1_database_keeps_every_record_through_the_upgrade() {
    let name = "attune-test-upgrade";
    let v1 = fresh(name, 1).await;
    assert!(v1.store_names().contains(&"plays".to_string()));
    v1.close();
    let mut stored = StoredPlays::default();
    let all = extended_plays()
        .into_iter()
        .chain(account_data_plays())
        .collect();
    let (admitted, _) = stored.admit(all);
    let mut before: Vec<StoredPlay> = admitted
        .into_iter()
        .map(|(id, play)| StoredPlay::new(id, play, "export"))
        .collect();
    let record = ImportRecord {
        at: 1.0,
        files: vec!["v1.json".into()],
        added: before.len(),
        duplicates: 0,
    };
    write_version_1(name, &before, &record).await;

    let v2 = Store::open_at(name, VERSION).await.unwrap();
    assert_eq!(v2.version(), VERSION);
    let names = v2.store_names();
    assert!(names.contains(&"play_blocks".to_string()) && !names.contains(&"plays".to_string()));
    let mut after = v2.music_plays().await.unwrap();
    after.extend(v2.other_plays().await.unwrap());
    after.sort_by(|a, b| a.id.cmp(&b.id));
    before.sort_by(|a, b| a.id.cmp(&b.id));
    assert_eq!(after, before, "every field of every play survives");
    assert_eq!(v2.imports().await.unwrap(), vec![record]);
    // And the upgraded store takes new plays, deduplicated against the moved ones.
    assert_eq!(import(&v2, account_data_plays()).await, (0, 2));
    v2.close();
}

#[wasm_bindgen_test]
async fn the_app_database_has_every_store() {
    let store = Store::open().await.unwrap();
    for name in [
        "play_blocks",
        "other_play_blocks",
        "imports",
        "feedback",
        "playlists",
        "models",
        "settings",
        "impressions",
    ] {
        assert!(store.store_names().contains(&name.to_string()), "{name}");
    }
    assert!(!store.store_names().contains(&"plays".to_string()));
    assert_eq!(NAME, "attune");
    store.close();
}

#[wasm_bindgen_test]
async fn many_plays_span_blocks_and_a_time_query_reads_only_what_it_asks_for() {
    let store = fresh("attune-test-blocks", VERSION).await;
    let base = 1_600_000_000i64;
    let plays: Vec<Play> = (0..5_000)
        .map(|i| {
            let mut play = account_data_plays()[0].clone();
            play.ended_at = base + 600 * i as i64;
            play.title = format!("Song {}", i % 700);
            play
        })
        .collect();
    assert_eq!(import(&store, plays).await, (5_000, 0));
    let all = store.music_plays().await.unwrap();
    assert_eq!(all.len(), 5_000);
    assert!(
        all.windows(2).all(|w| w[0].ended_at < w[1].ended_at),
        "oldest first"
    );
    let since = base + 600 * 4_500;
    let recent = store.music_plays_since(since).await.unwrap();
    assert_eq!(recent.len(), 500);
    assert!(recent.iter().all(|p| p.ended_at >= since));
    store.close();
}

#[wasm_bindgen_test]
async fn the_library_is_saved_once_however_often_it_is_imported() {
    use attune_engine::import::parse_library;
    let store = fresh("attune-test-library", VERSION).await;
    let liked = parse_library(
        "YourLibrary.json",
        r#"{"tracks": [{"artist": "Radiohead", "track": "Airbag", "uri": "spotify:track:a"},
                        {"artist": "Björk", "track": "Jóga"}], "artists": [{"name": "Massive Attack"}]}"#
            .as_bytes(),
    )
    .unwrap();
    let playlists = parse_library(
        "Playlist1.json",
        br#"{"playlists": [{"name": "Morning", "items": [{"track": {"trackName": "Teardrop", "artistName": "Massive Attack"}}]}]}"#,
    )
    .unwrap();
    let record = ImportRecord {
        at: 1.0,
        files: vec!["YourLibrary.json".into()],
        added: 0,
        duplicates: 0,
    };
    for _ in 0..2 {
        store.save_library(&liked, Some(&record)).await.unwrap();
        store.save_library(&playlists, Some(&record)).await.unwrap();
    }
    let library = store.library().await.unwrap();
    let mut titles: Vec<&str> = library
        .saved_tracks
        .iter()
        .map(|t| t.title.as_str())
        .collect();
    titles.sort();
    assert_eq!(titles, ["Airbag", "Jóga"]);
    assert_eq!(library.saved_artists, ["Massive Attack"]);
    assert_eq!(library.playlists, playlists.playlists);
    assert_eq!(
        store.revision().await.unwrap().0,
        4,
        "each save is recorded"
    );
    store.close();
}

#[wasm_bindgen_test]
async fn settings_and_sync_cursors_keep_values_apart_and_forget_them() {
    use attune::store::Space;
    let store = fresh("attune-test-settings", VERSION).await;
    store
        .put_value(Space::Settings, "k", &"a setting")
        .await
        .unwrap();
    store
        .put_value(Space::SyncCursors, "k", &42u64)
        .await
        .unwrap();
    assert_eq!(
        store
            .get_value::<String>(Space::Settings, "k")
            .await
            .unwrap()
            .as_deref(),
        Some("a setting")
    );
    assert_eq!(
        store
            .get_value::<u64>(Space::SyncCursors, "k")
            .await
            .unwrap(),
        Some(42)
    );
    store.delete_value(Space::Settings, "k").await.unwrap();
    assert_eq!(
        store
            .get_value::<String>(Space::Settings, "k")
            .await
            .unwrap(),
        None
    );
    assert_eq!(
        store
            .get_value::<u64>(Space::SyncCursors, "missing")
            .await
            .unwrap(),
        None
    );
    store.close();
}

#[wasm_bindgen_test]
async fn reactions_are_logged_with_the_state_learnt_from_them_and_forgotten_together() {
    use attune_engine::bandit::{Activity, Feedback, MusicContext, Reaction};
    let store = fresh("attune-test-learning", VERSION).await;
    assert_eq!(store.context_ranker().await.unwrap(), None);
    let reaction = |track: &str, feedback: Feedback| Reaction {
        at: 1_764_500_000_000.0,
        context: MusicContext {
            hour: 21.5,
            activity: Activity::Relax,
            ..MusicContext::default()
        },
        shown: vec!["t1".into(), "t2".into()],
        track_id: track.into(),
        propensity: 1.0,
        reward: feedback.reward(),
        feedback,
        impression: Some(7),
    };
    let first = reaction("t1", Feedback::Skipped { listened: 0.1 });
    let second = reaction("t2", Feedback::Liked);
    store.save_reaction(&first, &[1, 2, 3]).await.unwrap();
    store.save_reaction(&second, &[4, 5]).await.unwrap();
    assert_eq!(
        store.reactions().await.unwrap(),
        vec![first.clone(), second]
    );
    // The state is replaced, the log grows.
    assert_eq!(store.context_ranker().await.unwrap(), Some(vec![4, 5]));
    // The list they were reactions to is kept too, and goes with them.
    let shown = Impression {
        id: 7,
        at: 1_764_500_000_000.0,
        context: first.context,
        pool: vec!["t1".into(), "t2".into(), "t3".into()],
        scores: vec![1.0, 0.6, 0.3],
        shown: vec!["t1".into(), "t2".into()],
        propensities: vec![0.8, 0.9],
        teams: None,
    };
    store.save_impression(&shown).await.unwrap();
    assert_eq!(store.impressions().await.unwrap(), vec![shown]);
    store.forget_reactions().await.unwrap();
    assert_eq!(store.reactions().await.unwrap(), vec![]);
    assert_eq!(store.impressions().await.unwrap(), vec![]);
    assert_eq!(store.context_ranker().await.unwrap(), None);
    store.close();
}

#[wasm_bindgen_test]
async fn a_version_2_database_keeps_its_reactions_and_gains_the_impressions_store() {
    use attune_engine::bandit::{Feedback, MusicContext, Reaction};
    let name = "attune-test-upgrade-3";
    let v2 = fresh(name, 2).await;
    assert!(!v2.store_names().contains(&"impressions".to_string()));
    let reaction = Reaction {
        at: 1.0,
        context: MusicContext::default(),
        shown: vec!["t1".into()],
        track_id: "t1".into(),
        propensity: 1.0,
        reward: 1.0,
        feedback: Feedback::Liked,
        impression: None,
    };
    v2.save_reaction(&reaction, &[9]).await.unwrap();
    v2.close();
    let v3 = Store::open_at(name, 3).await.unwrap();
    assert_eq!(v3.version(), 3);
    assert!(v3.store_names().contains(&"impressions".to_string()));
    assert_eq!(v3.reactions().await.unwrap(), vec![reaction]);
    assert_eq!(v3.context_ranker().await.unwrap(), Some(vec![9]));
    v3.close();
}

#[wasm_bindgen_test]
async fn version_4_keys_playlists_by_their_exact_name_and_keeps_them_all() {
    use attune_engine::import::{Library, Playlist};
    let name = "attune-test-upgrade-4";
    fresh(name, 3).await.close();
    // Version 3 wrote this key: the normalised name.
    let db = idb::Factory::new()
        .unwrap()
        .open(name, Some(3))
        .unwrap()
        .await
        .unwrap();
    let tx = db
        .transaction(&["playlists"], idb::TransactionMode::ReadWrite)
        .unwrap();
    let old = r#"{"id":"export:chill","name":"Chill!","last_modified":null,"tracks":[]}"#;
    let old = js_sys::JSON::parse(old).unwrap();
    tx.object_store("playlists")
        .unwrap()
        .put(&old, None)
        .unwrap();
    assert!(tx.commit().unwrap().await.unwrap().is_committed());
    db.close();

    let v4 = Store::open_at(name, 4).await.unwrap();
    let playlist = |id: Option<&str>, name: &str| Playlist {
        id: id.map(String::from),
        name: name.into(),
        last_modified: None,
        tracks: Vec::new(),
    };
    let names = |library: Library| {
        let mut names: Vec<String> = library.playlists.into_iter().map(|p| p.name).collect();
        names.sort();
        names
    };
    assert_eq!(names(v4.library().await.unwrap()), ["Chill!"]);
    // "Chill" is another playlist now; "Chill!" read again from an export stays one.
    let export = Library {
        playlists: vec![playlist(None, "Chill"), playlist(None, "Chill!")],
        ..Library::default()
    };
    v4.save_library(&export, None).await.unwrap();
    assert_eq!(names(v4.library().await.unwrap()), ["Chill", "Chill!"]);
    // Read from Spotify with its id, "Chill!" replaces the export's copy.
    let synced = Library {
        playlists: vec![playlist(Some("37i9dQZF1DXcBWIGoYBM5M"), "Chill!")],
        ..Library::default()
    };
    v4.save_library(&synced, None).await.unwrap();
    assert_eq!(names(v4.library().await.unwrap()), ["Chill", "Chill!"]);
    v4.close();
}

#[wasm_bindgen_test]
async fn a_restored_backup_is_held_to_an_imports_rules() {
    use attune::backup_crypto::seal;
    use attune::my_data::{restore_backup, MyDataError};
    Store::delete(NAME).await.unwrap();
    let plays = account_data_plays();
    let airbag = StoredPlay::new("airbag".into(), plays[0].clone(), "file");
    // A play from before Spotify existed, which no import would take.
    let mut ancient = plays[1].clone();
    ancient.ended_at = 600_000_000;
    let ancient = StoredPlay::new("ancient".into(), ancient, "file");
    let backup = |schema: u32| {
        serde_json::json!({
            "format": "attune-backup", "schema": schema, "exported_at": 0.0,
            // Airbag twice: a crafted file, since a real backup holds each play once.
            "plays": [airbag, airbag, ancient], "other_plays": [], "imports": [],
        })
        .to_string()
    };
    let newer = seal("a passphrase", backup(VERSION + 1).as_bytes())
        .await
        .unwrap();
    assert_eq!(
        restore_backup("newer.attune", &newer, "a passphrase").await,
        Err(MyDataError::NewerBackup(VERSION + 1))
    );
    let crafted = seal("a passphrase", backup(VERSION).as_bytes())
        .await
        .unwrap();
    let record = restore_backup("crafted.attune", &crafted, "a passphrase")
        .await
        .unwrap();
    assert_eq!(record.added, 1, "Airbag once, the ancient play left out");
    let store = Store::open().await.unwrap();
    assert_eq!(counts(&store).await, (1, 0));
    assert_eq!(
        store.imports().await.unwrap().len(),
        1,
        "one record for the restore"
    );
}
