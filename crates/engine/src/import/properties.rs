//! Property tests of the export import. The example tests in `tests.rs` pin the behaviour on hand-written
//! files; these generate the files instead, because what a user drops on the page can be anything, and the
//! import must hold up for all of it:
//!
//! 1. `parse_history` never panics, on arbitrary bytes or on arbitrary JSON trees, and when it refuses a
//!    file the message names that file.
//! 2. Every play it accepts is plausible (ended between 2006 and a day after `now`, at most a day long,
//!    titled, and music has an artist), and every record is either a play or a counted rejection.
//! 3. Valid records of both formats survive serialising and parsing with their fields intact (trimmed),
//!    and broken records mixed in among them are counted as rejected, never lost or kept.
//! 4. A file cut short at any byte is refused or yields fewer records, never a play it did not contain.
//! 5. `import_zip` never panics on arbitrary or corrupted bytes, and a valid zip reads exactly as its
//!    history entries added one by one, within the size limits; a refused zip adds nothing.
//!
//! Case counts are small (64 to 256) so the module runs in a few seconds in a debug build.

use super::records::ParsedFile;
use super::{archive, ImportError, Play, PlayKind, ZipLimits};
use super::{import_zip, parse_history, time, FileKind, FileOutcome, FileReport, Import};
use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;
use proptest::sample::{select, Index};
use serde_json::{json, Number, Value};
use std::io::Write;
use zip::{write::SimpleFileOptions, CompressionMethod};

const NOW: i64 = 1_796_083_200; // 2026-11-30T00:00:00Z
const EARLIEST: i64 = 1_136_073_600; // 2006-01-01T00:00:00Z
const DAY: i64 = 86_400;
const DAY_MS: u64 = 86_400_000;

/// The fields of each format; the first four (time, play time, title, artist) make a music play.
const EXTENDED: &str = "ts ms_played master_metadata_track_name master_metadata_album_artist_name \
    master_metadata_album_album_name spotify_track_uri episode_name episode_show_name \
    spotify_episode_uri audiobook_title audiobook_chapter_title audiobook_chapter_uri skipped shuffle \
    reason_start reason_end platform";
const ACCOUNT: &str = "endTime msPlayed trackName artistName episodeName podcastName";

fn keys(format: &'static str) -> Vec<&'static str> {
    format.split_whitespace().collect()
}

/// What must hold for any input: a refusal names the file; an accepted file accounts for every record
/// and its plays are plausible.
fn check_any(file: &str, bytes: &[u8]) -> Result<Option<ParsedFile>, TestCaseError> {
    match parse_history(file, bytes, NOW) {
        Err(err) => {
            prop_assert!(err.to_string().contains(file), "{err}");
            Ok(None)
        }
        Ok(parsed) => {
            let rejected: usize = parsed.rejected.values().sum();
            prop_assert_eq!(parsed.plays.len() + rejected, parsed.records);
            check_plausible(&parsed.plays)?;
            Ok(Some(parsed))
        }
    }
}

fn check_plausible(plays: &[Play]) -> Result<(), TestCaseError> {
    for p in plays {
        prop_assert!((EARLIEST..=NOW + DAY).contains(&p.ended_at), "{p:?}");
        prop_assert!(p.ms_played <= DAY_MS, "{p:?}");
        prop_assert!(!p.title.trim().is_empty(), "{p:?}");
        let music = p.kind == PlayKind::Music;
        prop_assert!(!music || !p.artist.trim().is_empty(), "{p:?}");
    }
    Ok(())
}

/// Seconds in the years 0000 to 9999, weighted towards the edges of the plausible range.
fn seconds() -> impl Strategy<Value = i64> {
    prop_oneof![
        EARLIEST - 2 * DAY..EARLIEST + 2 * DAY,
        EARLIEST..NOW,
        NOW - 2 * DAY..NOW + 3 * DAY,
        -62_167_219_200i64..253_402_300_800,
    ]
}

/// `2020-01-16 03:13`, the account-data shape.
fn account_time(seconds: i64) -> String {
    time::format(seconds)[..16].replace('T', " ")
}

/// Either shape of an export's time, or text that is neither.
fn timestamp() -> impl Strategy<Value = Value> {
    prop_oneof![
        4 => seconds().prop_map(time::format),
        4 => seconds().prop_map(account_time),
        1 => "\\PC{0,20}",
    ]
    .prop_map(Value::from)
}

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_filter_map("finite", |f| Number::from_f64(f).map(Value::Number)),
        "\\PC{0,12}".prop_map(Value::String),
        timestamp(),
    ]
}

/// A JSON tree at most four levels deep whose object keys are mostly the exports' field names.
fn json_tree() -> impl Strategy<Value = Value> {
    let key = prop_oneof![select(keys(EXTENDED)), select(keys(ACCOUNT)), Just("x")];
    leaf().prop_recursive(4, 64, 6, move |inner| {
        let object = vec((key.clone().prop_map(String::from), inner.clone()), 0..6);
        prop_oneof![
            vec(inner, 0..6).prop_map(Value::Array),
            object.prop_map(|fields| Value::Object(fields.into_iter().collect())),
        ]
    })
}

/// A name that is not blank, maybe padded with spaces.
fn name() -> impl Strategy<Value = String> {
    " {0,2}[\\PC&&\\S]\\PC{0,9} {0,2}"
}

/// A name, or only whitespace.
fn name_text() -> impl Strategy<Value = String> {
    prop_oneof![9 => name(), 1 => "[ \t\u{a0}\u{3000}]{0,3}"]
}

/// A value usually of the field's type, with edge cases (a day-long play, 2006, now + 1 day).
fn field_value(key: &str) -> BoxedStrategy<Value> {
    match key {
        "ts" | "endTime" => prop_oneof![9 => timestamp(), 1 => leaf()].boxed(),
        "ms_played" | "msPlayed" => prop_oneof![
            4 => (0..=DAY_MS).prop_map(Value::from),
            2 => (DAY_MS - 2..DAY_MS + 2).prop_map(Value::from),
            1 => any::<u64>().prop_map(Value::from),
            1 => (-1e9..1e9).prop_map(|f: f64| json!(f)),
            1 => leaf(),
        ]
        .boxed(),
        "skipped" | "shuffle" => prop_oneof![any::<bool>().prop_map(Value::Bool), leaf()].boxed(),
        _ => prop_oneof![9 => name_text().prop_map(Value::from), 1 => leaf()].boxed(),
    }
}

/// A record of one format: the four fields of a play usually present, the others half the time.
fn record(format: &'static str) -> impl Strategy<Value = Value> {
    let fields: Vec<_> = (keys(format).into_iter().enumerate())
        .map(|(i, key)| {
            let value = option::weighted(if i < 4 { 0.95 } else { 0.5 }, field_value(key));
            value.prop_map(move |v| v.map(|v| (key.to_string(), v)))
        })
        .collect();
    fields.prop_map(|fields| Value::Object(fields.into_iter().flatten().collect()))
}

/// What a play came out as, in JSON so that a failure prints the fields by name.
fn fields(p: &Play) -> Value {
    json!({
        "ended_at": p.ended_at, "ms_played": p.ms_played, "kind": format!("{:?}", p.kind),
        "title": p.title, "artist": p.artist, "uri": p.uri, "skipped": p.skipped, "shuffle": p.shuffle,
        "reason_start": p.reason_start, "reason_end": p.reason_end, "platform": p.platform,
    })
}

fn trim(s: &str) -> String {
    s.trim().to_string()
}

/// A value in `lo..=hi`, one time in five exactly at an end.
fn edgy(lo: i64, hi: i64) -> impl Strategy<Value = i64> {
    prop_oneof![8 => lo..=hi, 1 => Just(lo), 1 => Just(hi)]
}

/// A valid extended-history record and the play it must become.
fn valid_extended() -> impl Strategy<Value = (Value, Value)> {
    let when = (edgy(EARLIEST, NOW + DAY), edgy(0, DAY_MS as i64));
    let uri = option::of("spotify:track:[0-9A-Za-z]{22}");
    let flags = [option::of(any::<bool>()), option::of(any::<bool>())];
    let texts = [option::of(name()), option::of(name()), option::of(name())];
    (when, [name(), name()], uri, flags, texts).prop_map(|((ts, ms), names, uri, flags, texts)| {
        let [title, artist] = names;
        let record = json!({
            "ts": time::format(ts), "ms_played": ms, "master_metadata_track_name": title,
            "master_metadata_album_artist_name": artist, "spotify_track_uri": uri,
            "skipped": flags[0], "shuffle": flags[1],
            "reason_start": texts[0], "reason_end": texts[1], "platform": texts[2],
        });
        let [start, end, platform] = texts.map(|t| t.as_deref().map(trim));
        let play = json!({
            "ended_at": ts, "ms_played": ms, "kind": "Music", "title": trim(&title),
            "artist": trim(&artist), "uri": uri, "skipped": flags[0], "shuffle": flags[1],
            "reason_start": start, "reason_end": end, "platform": platform,
        });
        (record, play)
    })
}

/// A valid account-data record (to the minute, names only) and the play it must become.
fn valid_account() -> impl Strategy<Value = (Value, Value)> {
    let minutes = edgy(EARLIEST / 60, (NOW + DAY) / 60);
    (minutes, edgy(0, DAY_MS as i64), name(), name()).prop_map(|(minute, ms, title, artist)| {
        let record = json!({
            "endTime": account_time(minute * 60), "msPlayed": ms,
            "trackName": title, "artistName": artist,
        });
        let play = json!({
            "ended_at": minute * 60, "ms_played": ms, "kind": "Music", "title": trim(&title),
            "artist": trim(&artist), "uri": null, "skipped": null, "shuffle": null,
            "reason_start": null, "reason_end": null, "platform": null,
        });
        (record, play)
    })
}

/// The record made implausible or incomplete in one of seven ways.
fn broken(mut record: Value, how: u8) -> Value {
    let extended = record.get("ts").is_some();
    let format = if extended { EXTENDED } else { ACCOUNT };
    let [at, ms, title, artist] = keys(format)[..4].try_into().unwrap();
    match how % 7 {
        0 => record[ms] = json!(-1),
        1 => record[ms] = json!(DAY_MS + 1),
        2 => record[at] = json!(account_time(EARLIEST - 60)),
        3 => record[at] = json!(time::format(NOW + DAY + 1)),
        4 => record[at] = json!("yesterday"),
        5 => record[title] = json!(" "),
        _ => record[artist] = Value::Null,
    }
    record
}

fn to_text(records: &[Value]) -> String {
    serde_json::to_string(records).unwrap()
}

/// Serialises the records (some broken) and checks that exactly the unbroken ones come back as plays.
fn check_round_trip(records: Vec<((Value, Value), Option<u8>)>) -> Result<(), TestCaseError> {
    let (mut values, mut want) = (Vec::new(), Vec::new());
    for ((record, play), breakage) in records {
        if let Some(how) = breakage {
            values.push(broken(record, how));
        } else {
            values.push(record);
            want.push(play);
        }
    }
    let n = values.len();
    let parsed = parse_history("round.json", to_text(&values).as_bytes(), NOW)
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
    prop_assert_eq!(parsed.records, n);
    prop_assert_eq!(parsed.rejected.values().sum::<usize>(), n - want.len());
    prop_assert_eq!(parsed.plays.iter().map(fields).collect::<Vec<_>>(), want);
    Ok(())
}

/// Contents of a zip entry: a valid history, generated records, or noise.
fn contents() -> impl Strategy<Value = Vec<u8>> {
    let valid = vec(prop_oneof![valid_extended(), valid_account()], 0..6);
    let history = |records: Vec<Value>| to_text(&records).into_bytes();
    prop_oneof![
        valid.prop_map(move |r| history(r.into_iter().map(|(record, _)| record).collect())),
        vec(record(EXTENDED), 0..4).prop_map(history),
        vec(any::<u8>(), 0..64),
    ]
}

const STEMS: &str =
    "Streaming_History_Audio_2022_#.json endsong_#.json StreamingHistory_music_#.json \
    StreamingHistory#.json Streaming_History_Video_#.json YourLibrary#.json Userdata#.json \
    ReadMeFirst#.pdf folder#/";

/// Zip entries with distinct names (some in a folder, some folders), stored or deflated.
fn zip_entries() -> impl Strategy<Value = Vec<(String, Vec<u8>, CompressionMethod)>> {
    let folder = select(vec!["", "Spotify Extended Streaming History/"]);
    let method = select(vec![CompressionMethod::Stored, CompressionMethod::Deflated]);
    vec((folder, select(keys(STEMS)), contents(), method), 0..6).prop_map(|entries| {
        let entries = entries.into_iter().enumerate();
        let named = entries.map(|(i, (folder, stem, bytes, method))| {
            let name = format!("{folder}{}", stem.replace('#', &i.to_string()));
            (name, bytes, method)
        });
        named.collect()
    })
}

fn zip_of(entries: &[(String, Vec<u8>, CompressionMethod)]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes, method) in entries {
        let options = SimpleFileOptions::default().compression_method(*method);
        if name.ends_with('/') {
            writer.add_directory(name.as_str(), options).unwrap();
        } else {
            writer.start_file(name.as_str(), options).unwrap();
            writer.write_all(bytes).unwrap();
        }
    }
    writer.finish().unwrap().into_inner()
}

fn is_skipped(file: &FileReport) -> bool {
    matches!(file.outcome, FileOutcome::Skipped { .. })
}

/// File names and whether each was skipped, sorted: skipped files may be listed before the histories.
fn outline(import: &Import) -> Vec<(String, bool)> {
    let file = |f: &FileReport| (f.name.clone(), is_skipped(f));
    let mut files: Vec<_> = import.files.iter().map(file).collect();
    files.sort();
    files
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn parse_history_survives_any_bytes(
        file in "[A-Za-z0-9_ ]{1,16}",
        bytes in vec(any::<u8>(), 0..256),
        json_ish in "[\\[\\]{}\":, 0-9a-zA-Z.eE+-]{0,256}",
    ) {
        check_any(&file, &bytes)?;
        check_any(&file, json_ish.as_bytes())?; // text of JSON's own characters gets further in
    }

    #[test]
    fn parse_history_survives_any_json(file in "[A-Za-z0-9_ ]{1,16}", value in json_tree()) {
        check_any(&file, &serde_json::to_vec(&value).unwrap())?;
    }

    #[test]
    fn accepted_plays_are_plausible(
        records in vec(prop_oneof![record(EXTENDED), record(ACCOUNT)], 0..8),
    ) {
        check_any("StreamingHistory0.json", &serde_json::to_vec(&records).unwrap())?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn extended_records_round_trip(
        records in vec((valid_extended(), option::weighted(0.2, any::<u8>())), 0..12),
    ) {
        check_round_trip(records)?;
    }

    #[test]
    fn account_data_records_round_trip(
        records in vec((valid_account(), option::weighted(0.2, any::<u8>())), 0..12),
    ) {
        check_round_trip(records)?;
    }

    #[test]
    fn a_cut_file_is_refused_or_shorter(
        records in vec(prop_oneof![valid_extended(), valid_account()], 1..6),
        cut: Index,
    ) {
        let text = to_text(&records.into_iter().map(|(record, _)| record).collect::<Vec<_>>());
        let full = parse_history("full.json", text.as_bytes(), NOW).unwrap();
        if let Some(cut) = check_any("cut.json", &text.as_bytes()[..cut.index(text.len())])? {
            prop_assert!(cut.records < full.records);
            prop_assert!(cut.plays.iter().all(|p| full.plays.contains(p)), "{:?}", cut.plays);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn import_zip_survives_any_and_corrupted_bytes(
        noise in vec(any::<u8>(), 0..256),
        entries in zip_entries(),
        flips in vec((any::<Index>(), any::<u8>()), 0..8),
        cut: Option<Index>,
    ) {
        let mut corrupted = zip_of(&entries);
        for (at, byte) in flips {
            let at = at.index(corrupted.len());
            corrupted[at] = byte;
        }
        if let Some(cut) = cut {
            corrupted.truncate(cut.index(corrupted.len()));
        }
        let limits = ZipLimits { max_entry_bytes: 64 << 10, max_total_bytes: 256 << 10 };
        for bytes in [noise, corrupted] {
            let mut import = Import::default();
            if let Err(err) = import_zip(&mut import, "broken.zip", &bytes, limits, NOW) {
                prop_assert!(err.to_string().contains("broken.zip"), "{err}");
            }
            check_plausible(&import.plays)?;
        }
    }

    #[test]
    fn a_valid_zip_reads_as_its_history_files_one_by_one(
        entries in zip_entries(),
        small in option::of((0..400u64, 0..800u64)),
    ) {
        let limits = match small {
            Some((max_entry_bytes, max_total_bytes)) => ZipLimits { max_entry_bytes, max_total_bytes },
            None => ZipLimits::default(),
        };
        let mut got = Import::default();
        let result = import_zip(&mut got, "export.zip", &zip_of(&entries), limits, NOW);
        // The model: history, library and playlist files added one by one, their sizes checked in
        // order, the rest skipped.
        let (mut want, mut seen, mut total, mut too_large) = (Import::default(), vec![], 0, false);
        for (name, bytes, _) in entries.iter().filter(|(name, ..)| !name.ends_with('/')) {
            seen.push(name.rsplit('/').next().unwrap().to_string());
            if !matches!(FileKind::of(name), FileKind::History | FileKind::LibraryOrPlaylists) {
                let outcome = FileOutcome::Skipped { why: String::new() };
                want.files.push(FileReport { name: name.clone(), outcome });
                continue;
            }
            let size = bytes.len() as u64;
            total += size;
            too_large = size > limits.max_entry_bytes || total > limits.max_total_bytes;
            if too_large {
                break;
            }
            want.add_file(name, bytes, NOW);
        }
        let histories = want.files.iter().filter(|f| !is_skipped(f)).count();
        match &result {
            Ok(()) => prop_assert!(!too_large && histories > 0),
            Err(ImportError::TooLarge { .. }) => prop_assert!(too_large),
            Err(ImportError::NotAnExport { seen: listed, .. }) => {
                prop_assert!(!too_large && histories == 0 && *listed == archive::listed(&seen))
            }
            Err(other) => prop_assert!(false, "{other}"),
        }
        if result.is_err() {
            want = Import::default(); // a refused zip adds nothing
        }
        prop_assert_eq!(outline(&got), outline(&want));
        prop_assert_eq!(got.plays, want.plays);
        prop_assert_eq!(got.rejected, want.rejected);
    }
}
