//! One history file's records into plays.

use super::{time, ImportError, Play, PlayKind, Rejections};
use serde_json::{Map, Value};
use std::borrow::Cow;

/// Spotify started in 2006: an earlier play is a broken clock or a broken file.
const EARLIEST: i64 = 1_136_073_600; // 2006-01-01T00:00:00Z
/// A single play longer than a day is not a play.
const LONGEST_MS: u64 = 86_400_000;
/// Plays may end up to a day "in the future" of the importing device's clock (time zones, skew).
const FUTURE_SLACK: i64 = 86_400;

pub struct ParsedFile {
    pub records: usize,
    pub plays: Vec<Play>,
    pub rejected: Rejections,
}

/// Any export file as JSON, with a readable reason when not. Spotify writes UTF-8; a file opened and
/// saved again on Windows may come back as UTF-16 with a byte-order mark, which is read too.
pub(super) fn read_json(file: &str, bytes: &[u8]) -> Result<Value, ImportError> {
    let not_text = |what: String| ImportError::NotAHistory {
        file: file.into(),
        what,
    };
    let text = match bytes {
        [0xff, 0xfe, rest @ ..] => Cow::Owned(utf16(rest, u16::from_le_bytes).map_err(not_text)?),
        [0xfe, 0xff, rest @ ..] => Cow::Owned(utf16(rest, u16::from_be_bytes).map_err(not_text)?),
        _ => Cow::Borrowed(std::str::from_utf8(bytes).map_err(|e| {
            not_text(format!(
                "it is not UTF-8 text (invalid byte at offset {})",
                e.valid_up_to()
            ))
        })?),
    };
    serde_json::from_str(text.trim_start_matches('\u{feff}')).map_err(|e| ImportError::NotJson {
        file: file.into(),
        what: if e.is_eof() {
            format!("the file ends early, at line {}", e.line())
        } else {
            e.to_string()
        },
    })
}

/// UTF-16 text after its byte-order mark, each unit read from two bytes by `unit`.
fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> Result<String, String> {
    if bytes.len() % 2 == 1 {
        return Err("it is UTF-16 text cut in the middle of a character".into());
    }
    let units = bytes.chunks_exact(2).map(|pair| unit([pair[0], pair[1]]));
    char::decode_utf16(units)
        .collect::<Result<String, _>>()
        .map_err(|e| {
            format!(
                "it is not valid UTF-16 text (unpaired surrogate {:#06x})",
                e.unpaired_surrogate()
            )
        })
}

/// Reads a history file (either format); `now` bounds plausible dates.
pub fn parse_history(file: &str, bytes: &[u8], now: i64) -> Result<ParsedFile, ImportError> {
    let value = read_json(file, bytes)?;
    let Value::Array(records) = value else {
        return Err(ImportError::NotAHistory {
            file: file.into(),
            what: "expected a list of plays".into(),
        });
    };
    let mut parsed = ParsedFile {
        records: records.len(),
        plays: Vec::new(),
        rejected: Rejections::new(),
    };
    let mut recognised = 0;
    for record in &records {
        let Value::Object(fields) = record else {
            *parsed.rejected.entry("not a record".into()).or_default() += 1;
            continue;
        };
        let result = if fields.contains_key("ts") {
            recognised += 1;
            extended(fields)
        } else if fields.contains_key("endTime") {
            recognised += 1;
            account_data(fields)
        } else {
            Err("neither an account-data nor an extended-history record")
        };
        match result.and_then(|play| check_play(play, now)) {
            Ok(play) => parsed.plays.push(play),
            Err(reason) => *parsed.rejected.entry(reason.into()).or_default() += 1,
        }
    }
    if recognised == 0 && !records.is_empty() {
        return Err(ImportError::NotAHistory {
            file: file.into(),
            what: "no record has the fields of a Spotify history (ts or endTime)".into(),
        });
    }
    Ok(parsed)
}

/// A non-blank text field, trimmed.
pub(super) fn text(fields: &Map<String, Value>, key: &str) -> Option<String> {
    fields
        .get(key)?
        .as_str()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
}

/// The longest text a record may hold in any field (bytes of UTF-8). Spotify's longest titles (classical
/// works with every movement named) run to a few hundred characters; a megabyte title is an attack on
/// the store and on every screen that shows it.
pub(super) const LONGEST_TEXT: usize = 2_000;

fn flag(fields: &Map<String, Value>, key: &str) -> Option<bool> {
    fields.get(key)?.as_bool()
}

fn timestamp(fields: &Map<String, Value>, key: &str) -> Result<i64, &'static str> {
    fields
        .get(key)
        .and_then(Value::as_str)
        .and_then(time::parse)
        .ok_or("unreadable timestamp")
}

fn ms_played(fields: &Map<String, Value>, key: &str) -> Result<u64, &'static str> {
    match fields.get(key) {
        Some(Value::Number(n)) => match (n.as_u64(), n.as_i64(), n.as_f64()) {
            (Some(ms), _, _) => Ok(ms),
            (None, Some(_), _) => Err("negative play time"),
            // Saturating: 1e300 is read as u64::MAX, which the day-long bound then rejects.
            (None, None, Some(ms)) if ms >= 0.0 && ms.fract() == 0.0 => Ok(ms as u64),
            _ => Err("play time is not a whole number"),
        },
        _ => Err("missing play time"),
    }
}

/// Extended streaming history (and endsong): UTC seconds, URIs, skip and shuffle flags.
fn extended(fields: &Map<String, Value>) -> Result<Play, &'static str> {
    let ended_at = timestamp(fields, "ts")?;
    let ms_played = ms_played(fields, "ms_played")?;
    let (kind, uri, title, artist, album) =
        if let Some(title) = text(fields, "master_metadata_track_name") {
            let artist = text(fields, "master_metadata_album_artist_name")
                .ok_or("track without an artist")?;
            (
                PlayKind::Music,
                text(fields, "spotify_track_uri"),
                title,
                artist,
                text(fields, "master_metadata_album_album_name"),
            )
        } else if let Some(title) = text(fields, "episode_name") {
            let show = text(fields, "episode_show_name").unwrap_or_default();
            (
                PlayKind::Podcast,
                text(fields, "spotify_episode_uri"),
                title,
                show,
                None,
            )
        } else if let Some(title) =
            text(fields, "audiobook_chapter_title").or_else(|| text(fields, "audiobook_title"))
        {
            let book = text(fields, "audiobook_title").unwrap_or_default();
            (
                PlayKind::Audiobook,
                text(fields, "audiobook_chapter_uri"),
                title,
                book,
                None,
            )
        } else {
            return Err("no track, episode or audiobook");
        };
    Ok(Play {
        ended_at,
        minute_resolution: false,
        ms_played,
        kind,
        uri,
        title,
        artist,
        album,
        skipped: flag(fields, "skipped"),
        shuffle: flag(fields, "shuffle"),
        reason_start: text(fields, "reason_start"),
        reason_end: text(fields, "reason_end"),
        platform: text(fields, "platform"),
    })
}

/// Account data: local time to the minute (read as UTC), names only; podcast files name the show.
fn account_data(fields: &Map<String, Value>) -> Result<Play, &'static str> {
    let ended_at = timestamp(fields, "endTime")?;
    let ms_played = ms_played(fields, "msPlayed")?;
    let (kind, title, artist) = match (text(fields, "trackName"), text(fields, "episodeName")) {
        (Some(title), _) => (
            PlayKind::Music,
            title,
            text(fields, "artistName").ok_or("track without an artist")?,
        ),
        (None, Some(episode)) => (
            PlayKind::Podcast,
            episode,
            text(fields, "podcastName").unwrap_or_default(),
        ),
        (None, None) => return Err("no track or episode"),
    };
    Ok(Play {
        ended_at,
        minute_resolution: true,
        ms_played,
        kind,
        uri: None,
        title,
        artist,
        album: None,
        skipped: None,
        shuffle: None,
        reason_start: None,
        reason_end: None,
        platform: None,
    })
}

/// The bounds every play is held to, from a file or a restored backup: no text longer than
/// [`LONGEST_TEXT`], at most a day long, not before Spotify existed, not more than a day after `now`;
/// the reason when it fails.
pub fn check_play(play: Play, now: i64) -> Result<Play, &'static str> {
    let texts = [&play.title, &play.artist].into_iter().chain(
        [
            &play.uri,
            &play.album,
            &play.reason_start,
            &play.reason_end,
            &play.platform,
        ]
        .into_iter()
        .flatten(),
    );
    if texts.into_iter().any(|t| t.len() > LONGEST_TEXT) {
        return Err("a text longer than 2,000 bytes");
    }
    if play.ms_played > LONGEST_MS {
        return Err("play longer than a day");
    }
    if play.ended_at < EARLIEST {
        return Err("date before Spotify existed");
    }
    if play.ended_at > now + FUTURE_SLACK {
        return Err("date in the future");
    }
    Ok(play)
}
