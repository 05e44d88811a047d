//! Numbers and dates as a listener reads them.

/// `12345` → `12,345`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// Seconds since 1970 → `2023-05-01`.
pub fn day(seconds: i64) -> String {
    let iso = attune_engine::import::time::format(seconds);
    iso.split('T').next().unwrap_or(&iso).to_string()
}

/// `part` of `whole` as a whole percentage, or a dash when there is no whole.
pub fn percent(part: usize, whole: usize) -> String {
    if whole == 0 {
        "–".into()
    } else {
        format!("{:.0}%", 100.0 * part as f64 / whole as f64)
    }
}

/// `1 play`, `2,000 plays`.
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{} {}", thousands(n), if n == 1 { one } else { many })
}
