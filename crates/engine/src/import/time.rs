//! The two timestamp shapes of Spotify exports, without a date crate: `2022-11-12T13:59:51Z` (extended
//! history, UTC) and `2020-01-16 03:13` (account data, to the minute; read as UTC). The first is read as
//! RFC 3339 allows it, since files are edited and re-saved by other tools: fractions of a second
//! (dropped), an offset instead of `Z`, and a leap second (`:60`, the next minute's first second, as
//! Unix time counts it).

/// Seconds since 1970-01-01 UTC, or `None` when the text is not one of the two shapes or not a real date.
pub fn parse(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    let num = |range: std::ops::Range<usize>| -> Option<i64> {
        let part = text.get(range)?;
        part.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    if b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    let (hour, minute, second, offset) = match (b.get(10), text.len()) {
        (Some(b'T'), 20..) if b[13] == b':' && b[16] == b':' => (
            num(11..13)?,
            num(14..16)?,
            num(17..19)?,
            utc_offset(&text[19..])?,
        ),
        (Some(b' '), 16) if b[13] == b':' => (num(11..13)?, num(14..16)?, 0, 0),
        _ => return None,
    };
    let days_in_month = [
        31,
        if is_leap(year) { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    if !(1..=12).contains(&month)
        || day < 1
        || day > days_in_month[month as usize - 1]
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }
    Some(days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second - offset)
}

/// The seconds east of UTC of what follows the seconds: an optional fraction, then `Z` or `±HH:MM`.
fn utc_offset(rest: &str) -> Option<i64> {
    let rest = match rest.strip_prefix('.') {
        Some(fraction) => {
            let digits = fraction.bytes().take_while(u8::is_ascii_digit).count();
            (1..=9).contains(&digits).then_some(&fraction[digits..])?
        }
        None => rest,
    };
    if rest == "Z" {
        return Some(0);
    }
    let sign = match rest.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let (hours, minutes) = rest[1..].split_once(':')?;
    let two_digits = |part: &str| -> Option<i64> {
        (part.len() == 2 && part.bytes().all(|c| c.is_ascii_digit())).then(|| part.parse().ok())?
    };
    let (hours, minutes) = (two_digits(hours)?, two_digits(minutes)?);
    (hours <= 23 && minutes <= 59).then_some(sign * (hours * 3600 + minutes * 60))
}

/// `2022-11-12T13:59:51Z`.
pub fn format(seconds: i64) -> String {
    let (days, rest) = (seconds.div_euclid(86_400), seconds.rem_euclid(86_400));
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

fn is_leap(y: i64) -> bool {
    y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
}

// Howard Hinnant's days_from_civil and civil_from_days (proleptic Gregorian calendar).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The (year, month, day) of a day counted from 1970-01-01.
pub fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_shapes_parse_and_format_back() {
        assert_eq!(parse("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(parse("2022-11-12T13:59:51Z"), Some(1_668_261_591));
        assert_eq!(parse("2020-01-16 03:13"), Some(1_579_144_380));
        assert_eq!(format(1_668_261_591), "2022-11-12T13:59:51Z");
        assert_eq!(
            parse("2024-02-29T12:00:00Z").map(format).as_deref(),
            Some("2024-02-29T12:00:00Z")
        );
    }

    #[test]
    fn fractions_offsets_and_leap_seconds_are_read_as_rfc_3339_says() {
        let plain = parse("2022-11-12T13:59:51Z");
        assert_eq!(parse("2022-11-12T13:59:51.123Z"), plain);
        assert_eq!(parse("2022-11-12T13:59:51.123456789Z"), plain);
        assert_eq!(parse("2022-11-12T15:59:51+02:00"), plain);
        assert_eq!(parse("2022-11-12T08:29:51.5-05:30"), plain);
        assert_eq!(parse("2022-11-12T13:59:51+00:00"), plain);
        // The leap second at the end of 2016 is counted as the first second of 2017.
        assert_eq!(parse("2016-12-31T23:59:60Z"), parse("2017-01-01T00:00:00Z"));
    }

    #[test]
    fn impossible_dates_and_other_shapes_are_refused() {
        for bad in [
            "2023-02-29T00:00:00Z",
            "2022-13-01 00:00",
            "2022-11-12 24:00",
            "2022-11-12",
            "12/11/2022",
            "2022-11-12T13:59:51",
            "२०२२-11-12 10:00",
            "2022-11-12T13:59:61Z",
            "2022-11-12T13:59:51.Z",
            "2022-11-12T13:59:51.1234567890Z",
            "2022-11-12T13:59:51+2:00",
            "2022-11-12T13:59:51+24:00",
            "2022-11-12T13:59:51+02:60",
            "2022-11-12T13:59:51Z ",
            "2022-11-12T13:59:51ZZ",
            "2022-11-12T13:59:51+0200",
            "2022-11-12T13:59:51.१Z",
            "",
        ] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }
}
