//! Name matching that survives how music names are written in practice.
//!
//! The same song reaches Attune as "Señorita", "SENORITA", "Señorita (feat. Camila Cabello)" or
//! "Señorita - Remastered 2011" depending on the source, so every comparison goes through [`normalise`].

/// An artist's name as a key: [`normalise`]d, or lower-cased when normalising leaves nothing ("!!!",
/// "†‡†"), so that such names neither merge with each other nor match everything.
pub fn name_key(name: &str) -> String {
    match normalise(name) {
        key if key.is_empty() => name.to_lowercase(),
        key => key,
    }
}

/// Lower-cases, folds accents, drops featured-artist and remaster/edit suffixes and punctuation, and
/// collapses white space.
pub fn normalise(name: &str) -> String {
    let without_suffix = strip_version_suffix(name);
    let mut out = String::with_capacity(without_suffix.len());
    let mut pending_space = false;
    for ch in without_suffix.chars().flat_map(char::to_lowercase) {
        let ch = fold_accent(ch);
        if ch.is_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.push(ch);
        } else if ch != '\'' && ch != '’' {
            // Apostrophes join ("don't" = "dont"); every other mark separates words.
            pending_space = true;
        }
    }
    out
}

/// Words that start a suffix naming a version of the same recording rather than a different song.
const VERSION_WORDS: [&str; 8] = [
    "feat.",
    "feat ",
    "ft.",
    "featuring",
    "remaster",
    "remastered",
    "radio edit",
    "mono version",
];

/// Cuts " - Remastered 2011", " (feat. X)", " [Radio Edit]" and similar from the end of a name.
fn strip_version_suffix(name: &str) -> &str {
    let lower = name.to_lowercase();
    if lower.len() != name.len() {
        // Lower-casing changed byte offsets (rare scripts); cutting by offset would be unsafe.
        return name;
    }
    let mut end = name.len();
    for (open, close) in [(" - ", None), (" (", Some(')')), (" [", Some(']'))] {
        let mut search_from = 0;
        while let Some(pos) = lower[search_from..end.min(lower.len())].find(open) {
            let start = search_from + pos;
            let rest = &lower[start + open.len()..];
            let names_a_version = VERSION_WORDS.iter().any(|w| rest.starts_with(w))
                || (close.is_none() && rest.contains("remaster"));
            if names_a_version {
                end = start;
                break;
            }
            search_from = start + open.len();
        }
    }
    name[..end].trim_end()
}

/// Folds the Latin letters with diacritics that music names use most to their base letter.
fn fold_accent(ch: char) -> char {
    match ch {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => 'a',
        'ç' | 'ć' | 'č' => 'c',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' => 'i',
        'ñ' | 'ń' | 'ň' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => 'o',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => 'u',
        'ý' | 'ÿ' => 'y',
        'ś' | 'š' | 'ş' => 's',
        'ź' | 'ż' | 'ž' => 'z',
        'ł' => 'l',
        'ř' => 'r',
        'ť' | 'ţ' => 't',
        'ğ' => 'g',
        'ď' => 'd',
        other => other,
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn names_that_normalise_to_nothing_keep_their_own_key() {
        assert_eq!(name_key("!!!"), "!!!");
        assert_ne!(name_key("!!!"), name_key(":("));
        assert_eq!(name_key("Sigur Rós"), name_key("sigur ros"));
    }
    use super::{name_key, normalise};

    #[test]
    fn case_accents_and_punctuation_do_not_matter() {
        assert_eq!(normalise("Señorita"), "senorita");
        assert_eq!(normalise("SEÑORITA!"), "senorita");
        assert_eq!(normalise("  Beyoncé  "), "beyonce");
        assert_eq!(normalise("Don't Stop Me Now"), "dont stop me now");
        assert_eq!(normalise("AC/DC"), "ac dc");
    }

    #[test]
    fn version_suffixes_are_dropped() {
        assert_eq!(
            normalise("Here Comes the Sun - Remastered 2009"),
            "here comes the sun"
        );
        assert_eq!(normalise("Señorita (feat. Camila Cabello)"), "senorita");
        assert_eq!(normalise("Levels [Radio Edit]"), "levels");
        assert_eq!(normalise("Song ft. Someone"), "song ft someone");
    }

    #[test]
    fn suffixes_that_are_part_of_the_title_stay() {
        assert_eq!(normalise("Pt. 2 - Live"), "pt 2 live");
        assert_eq!(
            normalise("(I Can't Get No) Satisfaction"),
            "i cant get no satisfaction"
        );
    }

    #[test]
    fn other_scripts_pass_through() {
        assert_eq!(normalise("ЛСП"), "лсп");
        assert_eq!(normalise("米津玄師"), "米津玄師");
    }
}
