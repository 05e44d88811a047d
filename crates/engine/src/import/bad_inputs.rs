//! The hostile and odd inputs an import must survive, one test each: every one ends in plays that are
//! right or a message that names the file, and never loses the good files beside it.

use super::*;
use std::io::Write;
use zip::write::SimpleFileOptions;
use zip::CompressionMethod;

/// 2026-11-30T00:00:00Z.
const NOW: i64 = 1_796_083_200;
const HISTORY: &str = "Streaming_History_Audio_2022.json";

/// One extended-history record of "Fight Song" ending at `ts`, with `extra` fields spliced in.
fn record(ts: &str, extra: &str) -> String {
    format!(
        r#"{{"ts": "{ts}", "ms_played": 200000, "master_metadata_track_name": "Fight Song",
            "master_metadata_album_artist_name": "Rachel Platten"{extra}}}"#
    )
}

fn history(records: &[String]) -> Vec<u8> {
    format!("[{}]", records.join(",")).into_bytes()
}

fn parse(bytes: &[u8]) -> Result<records::ParsedFile, ImportError> {
    parse_history(HISTORY, bytes, NOW)
}

fn message(result: Result<records::ParsedFile, ImportError>) -> String {
    match result {
        Ok(parsed) => panic!("accepted, with {} plays", parsed.plays.len()),
        Err(err) => err.to_string(),
    }
}

#[test]
fn json_nested_deeper_than_128_is_refused_without_overflowing_the_stack() {
    for depth in [129, 100_000] {
        let text = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        let why = message(parse(text.as_bytes()));
        assert!(
            why.starts_with(HISTORY) && why.contains("recursion limit"),
            "{why}"
        );
    }
}

#[test]
fn a_10_mb_string_rejects_its_record_and_keeps_the_others() {
    let huge = "x".repeat(10 << 20);
    let parsed = parse(&history(&[
        record("2022-11-12T13:59:51Z", ""),
        record(
            "2022-11-12T14:59:51Z",
            &format!(r#", "master_metadata_album_album_name": "{huge}""#),
        ),
    ]))
    .unwrap();
    assert_eq!(parsed.plays.len(), 1);
    assert_eq!(parsed.rejected["a text longer than 2,000 bytes"], 1);
    // The same in a library file leaves the item out.
    let library = format!(
        r#"{{"tracks": [{{"artist": "A", "track": "{huge}"}}, {{"artist": "A", "track": "B"}}]}}"#
    );
    let library = parse_library("YourLibrary.json", library.as_bytes()).unwrap();
    assert_eq!(library.saved_tracks.len(), 1);
}

#[test]
fn a_duplicate_key_takes_its_last_value() {
    let parsed = parse(&history(&[record(
        "2022-11-12T13:59:51Z",
        r#", "ms_played": 5000, "master_metadata_track_name": "Stand By You""#,
    )]))
    .unwrap();
    assert_eq!(parsed.plays[0].title, "Stand By You");
    assert_eq!(parsed.plays[0].ms_played, 5000);
}

#[test]
fn utf16_files_read_like_the_utf8_they_were_saved_from() {
    let text = String::from_utf8(history(&[record(
        "2022-11-12T13:59:51Z",
        r#", "platform": "Ärger ♫ 🎵""#,
    )]))
    .unwrap();
    let utf8 = parse(text.as_bytes()).unwrap();
    let units: Vec<u16> = text.encode_utf16().collect();
    let little: Vec<u8> = [0xff, 0xfe]
        .into_iter()
        .chain(units.iter().flat_map(|u| u.to_le_bytes()))
        .collect();
    let big: Vec<u8> = [0xfe, 0xff]
        .into_iter()
        .chain(units.iter().flat_map(|u| u.to_be_bytes()))
        .collect();
    assert_eq!(parse(&little).unwrap().plays, utf8.plays);
    assert_eq!(parse(&big).unwrap().plays, utf8.plays);
    assert!(message(parse(&little[..little.len() - 1])).contains("cut in the middle"));
    let lone_surrogate = [0xff, 0xfe, 0x00, 0xd8, b'[', 0];
    assert!(message(parse(&lone_surrogate)).contains("unpaired surrogate"));
    // Without a byte-order mark, UTF-16 is not UTF-8 and says so.
    assert!(message(parse(&little[2..])).contains("not UTF-8"));
}

#[test]
fn numbers_out_of_range_are_refused_or_rejected_never_wrapped() {
    let with_ms = |ms: &str| {
        history(&[record(
            "2022-11-12T13:59:51Z",
            &format!(r#", "ms_played": {ms}"#),
        )])
    };
    // Beyond f64: JSON that serde cannot hold, refused with the place named.
    let why = message(parse(&with_ms("1e400")));
    assert!(
        why.starts_with(HISTORY) && why.contains("out of range"),
        "{why}"
    );
    // 2^64 and 1e300 are read as floats, saturate, and fail the day-long bound; -1 is negative.
    for (ms, reason) in [
        ("18446744073709551616", "play longer than a day"),
        ("1e300", "play longer than a day"),
        ("-1", "negative play time"),
        ("0.5", "play time is not a whole number"),
    ] {
        let parsed = parse(&with_ms(ms)).unwrap();
        assert!(parsed.plays.is_empty(), "{ms}");
        assert_eq!(parsed.rejected[reason], 1, "{ms}");
    }
    // -0 is zero: a play of no length, kept as the file says.
    assert_eq!(parse(&with_ms("-0")).unwrap().plays[0].ms_played, 0);
    assert_eq!(parse(&with_ms("-0.0")).unwrap().plays[0].ms_played, 0);
}

#[test]
fn timestamps_with_fractions_offsets_and_leap_seconds_land_on_the_right_second() {
    let parsed = parse(&history(&[
        record("2022-11-12T13:59:51.999Z", ""),
        record("2022-11-12T15:59:51+02:00", ""),
        record("2016-12-31T23:59:60Z", ""),
        record("2022-11-12T13:59:51 +02:00", ""),
    ]))
    .unwrap();
    let at: Vec<i64> = parsed.plays.iter().map(|p| p.ended_at).collect();
    assert_eq!(at, [1_668_261_591, 1_668_261_591, 1_483_228_800]);
    assert_eq!(parsed.rejected["unreadable timestamp"], 1);
}

/// A zip of `files`, each stored or deflated as asked, zip64 headers when `zip64`.
fn zip_of(files: &[(&str, &[u8])], method: CompressionMethod, zip64: bool) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default()
        .compression_method(method)
        .large_file(zip64);
    for (name, bytes) in files {
        writer.start_file(*name, options).unwrap();
        writer.write_all(bytes).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

/// Rewrites the local and central headers of the entry called `name`: `local(header)` and
/// `central(header)` get the header's bytes from its signature on.
fn patch(zip: &mut [u8], name: &str, local: impl Fn(&mut [u8]), central: impl Fn(&mut [u8])) {
    let positions: Vec<usize> = zip
        .windows(name.len())
        .enumerate()
        .filter(|(_, w)| *w == name.as_bytes())
        .map(|(at, _)| at)
        .collect();
    let (mut locals, mut centrals) = (0, 0);
    for at in positions {
        if at >= 30 && zip[at - 30..].starts_with(b"PK\x03\x04") {
            local(&mut zip[at - 30..]);
            locals += 1;
        } else if at >= 46 && zip[at - 46..].starts_with(b"PK\x01\x02") {
            central(&mut zip[at - 46..]);
            centrals += 1;
        }
    }
    assert_eq!(
        (locals, centrals),
        (1, 1),
        "{name} found once in each directory"
    );
}

fn unpack(zip: &[u8], limits: ZipLimits) -> Result<Import, ImportError> {
    let mut import = Import::default();
    import_zip(&mut import, "export.zip", zip, limits, NOW)?;
    Ok(import)
}

fn good_history() -> Vec<u8> {
    history(&[record("2022-11-12T13:59:51Z", "")])
}

#[test]
fn headers_that_understate_the_inflated_size_do_not_get_past_the_limit() {
    let bomb = vec![b' '; 1 << 20]; // 1 MB of spaces deflates to about a kilobyte
    let mut zip = zip_of(&[(HISTORY, &bomb)], CompressionMethod::Deflated, false);
    let ten = 10u32.to_le_bytes();
    patch(
        &mut zip,
        HISTORY,
        |h| h[22..26].copy_from_slice(&ten),
        |h| h[24..28].copy_from_slice(&ten),
    );
    let limits = ZipLimits {
        max_entry_bytes: 64 << 10,
        max_total_bytes: 128 << 10,
    };
    match unpack(&zip, limits) {
        // Either the lie is caught (the entry fails alone, so nothing is left to import) …
        Err(ImportError::NotAnExport { .. }) => {}
        // … or what is inflated is counted and refused.
        Err(ImportError::TooLarge { .. }) => {}
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_deflate_bomb_is_read_up_to_the_limit_and_refused_one_byte_over() {
    let limits = ZipLimits {
        max_entry_bytes: 256 << 10,
        max_total_bytes: 1 << 20,
    };
    let at_limit = |extra: usize| {
        let mut text = good_history();
        text.resize(limits.max_entry_bytes as usize + extra, b' ');
        zip_of(&[(HISTORY, &text)], CompressionMethod::Deflated, false)
    };
    assert!(
        at_limit(0).len() < 4 << 10,
        "a bomb: small packed, large unpacked"
    );
    assert_eq!(unpack(&at_limit(0), limits).unwrap().plays.len(), 1);
    let why = unpack(&at_limit(1), limits).unwrap_err().to_string();
    assert_eq!(
        why,
        "export.zip holds more than 1 MB, which no Spotify export does; it was not read"
    );
    // Five entries at the entry limit pass the total of four times that, one by one, and are refused.
    let text = {
        let mut text = good_history();
        text.resize(limits.max_entry_bytes as usize, b' ');
        text
    };
    let names: Vec<String> = (0..5)
        .map(|i| format!("Streaming_History_Audio_{i}.json"))
        .collect();
    let files: Vec<(&str, &[u8])> = names
        .iter()
        .map(|n| (n.as_str(), text.as_slice()))
        .collect();
    let zip = zip_of(&files, CompressionMethod::Deflated, false);
    assert!(matches!(
        unpack(&zip, limits),
        Err(ImportError::TooLarge { .. })
    ));
}

#[test]
fn corrupt_entries_count_what_they_inflated_so_a_bomb_cannot_hide_in_them() {
    let limits = ZipLimits {
        max_entry_bytes: 256 << 10,
        max_total_bytes: 1 << 20,
    };
    let mut text = good_history();
    text.resize(limits.max_entry_bytes as usize, b' ');
    let names: Vec<String> = (0..5)
        .map(|i| format!("Streaming_History_Audio_{i}.json"))
        .collect();
    let files: Vec<(&str, &[u8])> = names
        .iter()
        .map(|n| (n.as_str(), text.as_slice()))
        .collect();
    let mut zip = zip_of(&files, CompressionMethod::Deflated, false);
    // A wrong checksum in both headers: each entry inflates in full, then fails.
    let bad_crc = |h: &mut [u8], at: usize| h[at] ^= 0xff;
    for name in &names {
        patch(&mut zip, name, |h| bad_crc(h, 14), |h| bad_crc(h, 16));
    }
    assert!(matches!(
        unpack(&zip, limits),
        Err(ImportError::TooLarge { .. })
    ));
    // Under the total, the same entries fail one by one, each named.
    let import = unpack(&zip, ZipLimits::default());
    assert!(
        matches!(import, Err(ImportError::NotAnExport { .. })),
        "{import:?}"
    );
}

#[test]
fn an_encrypted_or_unsupported_entry_fails_alone_and_the_history_beside_it_imports() {
    let bad = "Streaming_History_Audio_2023.json";
    let files: [(&str, &[u8]); 2] = [(HISTORY, &good_history()), (bad, &good_history())];
    let encrypted = |h: &mut [u8], at: usize| h[at] |= 1; // general purpose flag bit 0
    let method_14 = |h: &mut [u8], at: usize| h[at..at + 2].copy_from_slice(&14u16.to_le_bytes()); // LZMA
    for (what, change, local_at, central_at) in [
        ("encrypted", &encrypted as &dyn Fn(&mut [u8], usize), 6, 8),
        ("LZMA", &method_14, 8, 10),
    ] {
        let mut zip = zip_of(&files, CompressionMethod::Deflated, false);
        patch(
            &mut zip,
            bad,
            |h| change(h, local_at),
            |h| change(h, central_at),
        );
        let import = unpack(&zip, ZipLimits::default()).unwrap();
        assert_eq!(import.plays.len(), 1, "{what}");
        let failed = import.files.iter().find(|f| f.name == bad).unwrap();
        let FileOutcome::Failed(err @ ImportError::UnreadableEntry { .. }) = &failed.outcome else {
            panic!("{what}: {failed:?}");
        };
        assert!(
            err.to_string().ends_with("; the other files were read"),
            "{err}"
        );
    }
}

#[test]
fn many_entries_odd_names_zip64_and_empty_zips() {
    // 100,000 entries that are not a history: refused quickly, the message naming ten.
    let names: Vec<String> = (0..100_000).map(|i| format!("photo{i}.jpg")).collect();
    let files: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &b""[..])).collect();
    let zip = zip_of(&files, CompressionMethod::Stored, false);
    let why = unpack(&zip, ZipLimits::default()).unwrap_err().to_string();
    assert!(why.ends_with("photo9.jpg and 99990 more)"), "{why}");

    // Names are never paths: climbing, absolute, Windows and NUL-bearing names are read by their
    // file name, and two entries of one name are two files.
    let history = good_history();
    let odd = [
        "../../etc/Streaming_History_Audio_1.json",
        "/abs/Streaming_History_Audio_2.json",
        "C:\\Users\\me\\Streaming_History_Audio_3.json",
        "nul\0/Streaming_History_Audio_4.json",
    ];
    let files: Vec<(&str, &[u8])> = odd.iter().map(|n| (*n, history.as_slice())).collect();
    let import = unpack(
        &zip_of(&files, CompressionMethod::Deflated, false),
        ZipLimits::default(),
    )
    .unwrap();
    assert_eq!(import.plays.len(), odd.len());

    // zip64 headers read like plain ones.
    let zip64 = zip_of(&[(HISTORY, &history)], CompressionMethod::Deflated, true);
    assert_eq!(unpack(&zip64, ZipLimits::default()).unwrap().plays.len(), 1);

    let empty = zip_of(&[], CompressionMethod::Stored, false);
    let why = unpack(&empty, ZipLimits::default())
        .unwrap_err()
        .to_string();
    assert_eq!(
        why,
        "export.zip has no listening history in it (files seen: none)"
    );
}

#[test]
fn two_entries_of_one_name_are_read_or_the_zip_refused_with_its_name() {
    // Zip writers refuse a second entry of a name, so one is made by renaming another.
    let other = "Streaming_History_Audio_2099.json";
    let mut zip = zip_of(
        &[(HISTORY, &good_history()), (other, &good_history())],
        CompressionMethod::Stored,
        false,
    );
    let rename =
        |h: &mut [u8], at: usize| h[at..at + HISTORY.len()].copy_from_slice(HISTORY.as_bytes());
    patch(&mut zip, other, |h| rename(h, 30), |h| rename(h, 46));
    match unpack(&zip, ZipLimits::default()) {
        Ok(import) => assert!((1..=2).contains(&import.plays.len()), "{:?}", import.files),
        Err(err) => assert!(err.to_string().starts_with("export.zip"), "{err}"),
    }
}

#[test]
fn a_loose_file_over_the_limit_is_refused_before_it_is_read() {
    let limits = ZipLimits::default();
    assert!(check_size(HISTORY, limits.max_entry_bytes, limits).is_ok());
    let why = check_size(HISTORY, limits.max_entry_bytes + 1, limits).unwrap_err();
    assert_eq!(
        why.to_string(),
        format!("{HISTORY} holds more than 256 MB, which no Spotify export does; it was not read")
    );
    // A zip may be as large as everything it unpacks to.
    assert!(check_size("my_spotify_data.ZIP", limits.max_entry_bytes + 1, limits).is_ok());
    assert!(check_size("my_spotify_data.zip", limits.max_total_bytes + 1, limits).is_err());
}

/// The two formats of one listening, as files.
fn both_formats() -> Vec<(&'static str, Vec<u8>)> {
    let account = br#"[{"endTime": "2022-11-12 13:59", "artistName": "Rachel Platten", "trackName": "Fight Song", "msPlayed": 200000},
        {"endTime": "2022-11-13 09:00", "artistName": "Radiohead", "trackName": "Airbag", "msPlayed": 200000}]"#;
    let extended = history(&[
        record("2022-11-12T13:59:51Z", ""),
        record("2022-11-12T14:03:00Z", ""),
    ]);
    let library = br#"{"tracks": [{"artist": "Radiohead", "track": "Lucky"}]}"#;
    vec![
        ("StreamingHistory_music_0.json", account.to_vec()),
        (HISTORY, extended),
        ("YourLibrary.json", library.to_vec()),
    ]
}

/// What is stored after importing `files` in order, each file a batch as the app stores them: the
/// stored plays (time and track, sorted) and how many duplicates were found.
fn stored_after(
    files: &[(&str, Vec<u8>)],
    stored: &mut StoredPlays,
) -> (Vec<(i64, String)>, usize) {
    let (mut plays, mut duplicates) = (Vec::new(), 0);
    for (name, bytes) in files {
        let mut import = Import::default();
        import.add_file(name, bytes, NOW);
        let (admitted, found) = stored.admit(import.plays);
        duplicates += found;
        plays.extend(
            admitted
                .into_iter()
                .map(|(_, p)| (p.ended_at / 60, p.title)),
        );
    }
    plays.sort();
    (plays, duplicates)
}

#[test]
fn the_order_of_the_files_does_not_change_what_is_stored_and_a_second_import_adds_nothing() {
    let files = both_formats();
    let mut reversed = files.clone();
    reversed.reverse();
    let (forward, _) = stored_after(&files, &mut StoredPlays::default());
    let (backward, _) = stored_after(&reversed, &mut StoredPlays::default());
    // Fight Song at 13:59 is one play in both formats; 14:03 and Airbag are one each.
    assert_eq!(forward.len(), 3, "{forward:?}");
    assert_eq!(forward, backward);
    for one in &files {
        let mut stored = StoredPlays::default();
        let (first, _) = stored_after(std::slice::from_ref(one), &mut stored);
        let (again, duplicates) = stored_after(std::slice::from_ref(one), &mut stored);
        assert!(again.is_empty(), "{}: {again:?}", one.0);
        assert_eq!(duplicates, first.len(), "{}", one.0);
    }
}
