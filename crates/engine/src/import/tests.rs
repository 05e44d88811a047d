use super::*;
use crate::rng::Rng;
use crate::testutil::shared_data;
use std::io::Write;

/// 2026-11-30T00:00:00Z, the "now" of these tests.
const NOW: i64 = 1_796_083_200;

const ACCOUNT_DATA: &str = r#"[
 {"endTime": "2020-01-16 03:13", "artistName": "Daniel, Me Estás Matando", "trackName": "Fúgate", "msPlayed": 199925},
 {"endTime": "2020-01-16 03:17", "artistName": "Manuel Medrano", "trackName": "Donde Nadie Pueda Ir", "msPlayed": 4454},
 {"endTime": "2020-01-17 10:00", "artistName": "MANUEL MEDRANO", "trackName": "Donde nadie pueda ir", "msPlayed": 1000},
 {"endTime": "2020-01-18 08:00", "podcastName": "A Show", "episodeName": "Episode 1", "msPlayed": 60000}
]"#;

const EXTENDED: &str = r#"[
 {"ts": "2022-11-12T13:59:51Z", "platform": "android", "ms_played": 66871, "master_metadata_track_name": "Fight Song",
  "master_metadata_album_artist_name": "Rachel Platten", "master_metadata_album_album_name": "Wildfire",
  "spotify_track_uri": "spotify:track:37f4ITSlgPX81ad2EvmVQr", "episode_name": null, "reason_start": "trackdone",
  "reason_end": "fwdbtn", "shuffle": true, "skipped": true},
 {"ts": "2022-11-12T14:03:00Z", "ms_played": 200000, "master_metadata_track_name": "Fight Song",
  "master_metadata_album_artist_name": "Rachel Platten", "spotify_track_uri": "spotify:track:37f4ITSlgPX81ad2EvmVQr",
  "skipped": false},
 {"ts": "2022-11-13T09:00:00Z", "ms_played": 1500000, "master_metadata_track_name": null, "episode_name": "A talk",
  "episode_show_name": "Podcast", "spotify_episode_uri": "spotify:episode:1"},
 {"ts": "2022-11-13T10:00:00Z", "ms_played": 5000, "audiobook_title": "A Book", "audiobook_chapter_title": "Chapter 1"},
 {"ts": "2022-11-13T11:00:00Z", "ms_played": 5000, "master_metadata_track_name": null, "episode_name": null}
]"#;

fn import(files: &[(&str, &str)]) -> Import {
    let mut import = Import::default();
    for (name, text) in files {
        import.add_file(name, text.as_bytes(), NOW);
    }
    import
}

#[test]
fn both_formats_are_read_and_kinds_kept_apart() {
    let result = import(&[
        ("StreamingHistory_music_0.json", ACCOUNT_DATA),
        ("Streaming_History_Audio_2022.json", EXTENDED),
    ]);
    let summary = result.summary();
    assert_eq!(summary.music_plays, 5);
    // Fight Song by URI; the two Medrano spellings are one track by normalised name.
    assert_eq!(summary.distinct_tracks, 3);
    assert_eq!(summary.distinct_artists, 3);
    assert_eq!(summary.podcast_plays, 2);
    assert_eq!(summary.audiobook_plays, 1);
    assert_eq!(summary.skipped, 1);
    assert_eq!(
        summary.first_ts.map(time::format).as_deref(),
        Some("2020-01-16T03:13:00Z")
    );
    assert_eq!(
        summary.last_ts.map(time::format).as_deref(),
        Some("2022-11-12T14:03:00Z")
    );
    assert_eq!(
        result.rejected.get("no track, episode or audiobook"),
        Some(&1)
    );
    let skipped = result
        .plays
        .iter()
        .find(|p| p.skipped == Some(true))
        .unwrap();
    assert_eq!(
        (skipped.reason_end.as_deref(), skipped.shuffle),
        (Some("fwdbtn"), Some(true))
    );
}

#[test]
fn absurd_records_are_rejected_with_reasons_and_the_rest_kept() {
    let text = r#"[
     {"ts": "2022-11-12T13:59:51Z", "ms_played": -5, "master_metadata_track_name": "A", "master_metadata_album_artist_name": "B"},
     {"ts": "1970-01-01T00:00:00Z", "ms_played": 5, "master_metadata_track_name": "A", "master_metadata_album_artist_name": "B"},
     {"ts": "2099-01-01T00:00:00Z", "ms_played": 5, "master_metadata_track_name": "A", "master_metadata_album_artist_name": "B"},
     {"ts": "2022-11-12T13:59:51Z", "ms_played": 99999999999, "master_metadata_track_name": "A", "master_metadata_album_artist_name": "B"},
     {"ts": "yesterday", "ms_played": 5, "master_metadata_track_name": "A", "master_metadata_album_artist_name": "B"},
     {"ts": "2022-11-12T13:59:51Z", "ms_played": "5", "master_metadata_track_name": "A", "master_metadata_album_artist_name": "B"},
     42,
     {"ts": "2022-11-12T13:59:51Z", "ms_played": 5, "master_metadata_track_name": "A", "master_metadata_album_artist_name": "B"}
    ]"#;
    let result = import(&[("endsong_0.json", text)]);
    assert_eq!(result.plays.len(), 1);
    for reason in [
        "negative play time",
        "date before Spotify existed",
        "date in the future",
        "play longer than a day",
        "unreadable timestamp",
        "missing play time",
        "not a record",
    ] {
        assert_eq!(
            result.rejected.get(reason),
            Some(&1),
            "{reason}: {:?}",
            result.rejected
        );
    }
    assert_eq!(
        result.files[0].outcome,
        FileOutcome::Imported {
            records: 8,
            plays: 1
        }
    );
}

#[test]
fn broken_files_fail_alone_with_a_message_naming_them() {
    let cases: [(&str, &[u8], &str); 5] = [
        (
            "StreamingHistory0.json",
            b"[{\"endTime\": \"2020-01-16 03:13\", ",
            "ends early",
        ),
        (
            "StreamingHistory1.json",
            b"{\"not\": \"a list\"}",
            "expected a list of plays",
        ),
        (
            "StreamingHistory2.json",
            b"[{\"name\": \"x\"}]",
            "no record has the fields",
        ),
        ("StreamingHistory3.json", b"[\"\xff\xfe\"]", "not UTF-8"),
        ("StreamingHistory4.json", b"<html>", "not valid JSON"),
    ];
    let mut result = import(&[("StreamingHistory_music_0.json", ACCOUNT_DATA)]);
    for (name, bytes, message) in cases {
        result.add_file(name, bytes, NOW);
        let FileOutcome::Failed(err) = &result.files.last().unwrap().outcome else {
            panic!("{name} should fail")
        };
        assert!(
            err.to_string().contains(name) && err.to_string().contains(message),
            "{err}"
        );
    }
    assert_eq!(
        result.summary().music_plays,
        3,
        "the good file's plays are all still there"
    );
}

#[test]
fn other_files_of_the_export_are_listed_and_skipped() {
    let result = import(&[
        ("Streaming_History_Video_2023.json", "[]"),
        ("ReadMeFirst.pdf", "%PDF"),
    ]);
    assert!(
        result
            .files
            .iter()
            .all(|f| matches!(f.outcome, FileOutcome::Skipped { .. })),
        "{:?}",
        result.files
    );
    assert!(result.plays.is_empty());
}

fn zip_of(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, bytes) in files {
        writer.start_file(*name, options).unwrap();
        writer.write_all(bytes).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

#[test]
fn a_zip_export_is_read_and_bad_zips_are_refused() {
    let export = zip_of(&[
        (
            "Spotify Extended Streaming History/Streaming_History_Audio_2022.json",
            EXTENDED.as_bytes(),
        ),
        (
            "Spotify Extended Streaming History/ReadMeFirst_ExtendedStreamingHistory.pdf",
            b"%PDF",
        ),
    ]);
    let mut result = Import::default();
    import_zip(
        &mut result,
        "my_spotify_data.zip",
        &export,
        ZipLimits::default(),
        NOW,
    )
    .unwrap();
    assert_eq!(result.summary().music_plays, 2);

    let not_an_export = zip_of(&[("photo.jpg", b"\xff\xd8")]);
    let err = import_zip(
        &mut Import::default(),
        "photos.zip",
        &not_an_export,
        ZipLimits::default(),
        NOW,
    )
    .unwrap_err();
    assert_eq!(
        err,
        ImportError::NotAnExport {
            file: "photos.zip".into(),
            seen: "photo.jpg".into()
        }
    );

    let err = import_zip(
        &mut Import::default(),
        "x.zip",
        b"PK\x03\x04garbage",
        ZipLimits::default(),
        NOW,
    )
    .unwrap_err();
    assert!(matches!(err, ImportError::BadZip { .. }), "{err}");

    // Sizes are checked on what is actually unpacked.
    let small = ZipLimits {
        max_entry_bytes: 100,
        max_total_bytes: 1000,
    };
    let err = import_zip(&mut Import::default(), "big.zip", &export, small, NOW).unwrap_err();
    assert!(err.to_string().contains("holds more than"), "{err}");
}

/// Property: no input makes the parser panic, and a file cut short is refused, never read as fewer plays.
#[test]
fn random_and_truncated_input_never_panics_or_misreads() {
    let mut rng = Rng::new(2026);
    for _ in 0..2000 {
        let len = rng.below(200);
        let bytes: Vec<u8> = (0..len).map(|_| (rng.below(256)) as u8).collect();
        let _ = parse_history("fuzz.json", &bytes, NOW);
        // Also random mutations of a real-shaped file.
        let mut mutated = EXTENDED.as_bytes().to_vec();
        let at = rng.below(mutated.len());
        mutated[at] = rng.below(256) as u8;
        let _ = parse_history("fuzz.json", &mutated, NOW);
    }
    let full = EXTENDED.trim_end();
    for end in 0..full.len() - 1 {
        let cut = &full.as_bytes()[..end];
        assert!(
            parse_history("cut.json", cut, NOW).is_err(),
            "a file cut at byte {end} was accepted"
        );
    }
}

/// The real extended history in ../shared/data, against counts computed here from the raw JSON.
#[test]
fn real_extended_history_matches_independent_counts() {
    let Some(data) = shared_data("real_extended_history_matches_independent_counts") else {
        return;
    };
    let dir = data.join("spotify-extended-history-efrrowini");
    let result = import_paths(&[dir.as_path()], NOW);
    let summary = result.summary();
    let (mut music, mut podcasts, mut skipped, mut uris) =
        (0, 0, 0, std::collections::HashSet::new());
    for file in std::fs::read_dir(&dir).unwrap() {
        let records: Vec<serde_json::Value> =
            serde_json::from_slice(&std::fs::read(file.unwrap().path()).unwrap()).unwrap();
        for r in records {
            if r["master_metadata_track_name"].is_string() {
                music += 1;
                skipped += usize::from(r["skipped"] == true);
                uris.insert(r["spotify_track_uri"].as_str().unwrap().to_string());
            } else if r["episode_name"].is_string() {
                podcasts += 1;
            }
        }
    }
    assert_eq!(
        (summary.music_plays, summary.podcast_plays, summary.skipped),
        (music, podcasts, skipped)
    );
    assert_eq!(summary.distinct_tracks, uris.len());
    // The data set's own description: 6,929 music plays on 1,207 tracks by 638 artists, 49 episodes.
    assert_eq!(
        (
            summary.music_plays,
            summary.distinct_tracks,
            summary.podcast_plays
        ),
        (6929, 1207, 49)
    );
    assert_eq!(
        summary.first_ts.map(time::format).unwrap()[..10],
        *"2022-05-22"
    );
    assert_eq!(
        summary.last_ts.map(time::format).unwrap()[..10],
        *"2026-05-31"
    );
    assert!(summary.rejected.is_empty(), "{:?}", summary.rejected);
}

#[test]
fn real_account_data_history_matches_independent_counts() {
    let Some(data) = shared_data("real_account_data_history_matches_independent_counts") else {
        return;
    };
    let path = data.join("spotify-streaminghistory-cosmoduende/StreamingHistory0.json");
    let result = import_paths(&[path.as_path()], NOW);
    let summary = result.summary();
    let records: Vec<serde_json::Value> =
        serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    assert_eq!(summary.music_plays, records.len());
    assert_eq!(summary.music_plays, 6866);
    assert_eq!(
        summary.first_ts.map(time::format).unwrap()[..10],
        *"2020-01-16"
    );
    assert_eq!(
        summary.last_ts.map(time::format).unwrap()[..10],
        *"2021-01-17"
    );
}
