//! Audio features: which ones Attune uses, their ranges and their one-byte storage form.
//!
//! Spotify no longer serves audio features to new apps, so Attune ships its own, taken from public tables.
//! The catalog asset stores each feature as one byte (0..=254 over the feature's range, 255 for "unknown"),
//! which keeps the asset small; the quantisation step (for tempo, 250/254 ≈ 1 BPM) is below what a listener
//! can tell apart.

/// The audio features Attune knows, in storage order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Feature {
    Danceability,
    Energy,
    Valence,
    Acousticness,
    Instrumentalness,
    Speechiness,
    Liveness,
    /// Loudness in dB (LUFS-like), from -60 to 0.
    Loudness,
    /// Tempo in beats per minute, from 0 to 250.
    Tempo,
}

/// How many features a [`Features`] vector holds.
pub const FEATURE_COUNT: usize = 9;

impl Feature {
    pub const ALL: [Feature; FEATURE_COUNT] = [
        Feature::Danceability,
        Feature::Energy,
        Feature::Valence,
        Feature::Acousticness,
        Feature::Instrumentalness,
        Feature::Speechiness,
        Feature::Liveness,
        Feature::Loudness,
        Feature::Tempo,
    ];

    /// The column name used by Spotify's tables and by the asset header.
    pub fn name(self) -> &'static str {
        match self {
            Feature::Danceability => "danceability",
            Feature::Energy => "energy",
            Feature::Valence => "valence",
            Feature::Acousticness => "acousticness",
            Feature::Instrumentalness => "instrumentalness",
            Feature::Speechiness => "speechiness",
            Feature::Liveness => "liveness",
            Feature::Loudness => "loudness",
            Feature::Tempo => "tempo",
        }
    }

    /// The words a listener reads in an explanation ("similar tempo").
    pub fn label(self) -> &'static str {
        match self {
            Feature::Danceability => "danceability",
            Feature::Energy => "energy",
            Feature::Valence => "mood",
            Feature::Acousticness => "acoustic feel",
            Feature::Instrumentalness => "instrumental share",
            Feature::Speechiness => "vocals",
            Feature::Liveness => "live feel",
            Feature::Loudness => "loudness",
            Feature::Tempo => "tempo",
        }
    }

    /// The range a value is clamped to before it is stored.
    pub fn range(self) -> (f32, f32) {
        match self {
            Feature::Loudness => (-60.0, 0.0),
            Feature::Tempo => (0.0, 250.0),
            _ => (0.0, 1.0),
        }
    }

    pub fn index(self) -> usize {
        self as usize
    }
}

/// Byte that stands for "this feature is unknown".
const UNKNOWN_BYTE: u8 = 255;
const MAX_LEVEL: f32 = 254.0;

/// One item's audio features; `NaN` marks a feature that is unknown.
#[derive(Debug, Clone, Copy)]
pub struct Features(pub [f32; FEATURE_COUNT]);

/// Two unknown features are equal (plain `f32` equality would make every unknown differ from itself).
impl PartialEq for Features {
    fn eq(&self, other: &Features) -> bool {
        self.0
            .iter()
            .zip(other.0)
            .all(|(a, b)| a == &b || (a.is_nan() && b.is_nan()))
    }
}

impl Features {
    pub const UNKNOWN: Features = Features([f32::NAN; FEATURE_COUNT]);

    pub fn get(&self, feature: Feature) -> Option<f32> {
        let value = self.0[feature.index()];
        (!value.is_nan()).then_some(value)
    }

    /// True when no feature is known at all.
    pub fn is_unknown(&self) -> bool {
        self.0.iter().all(|v| v.is_nan())
    }

    /// The storage form: two hex digits a feature, `ff` for unknown.
    pub fn to_hex(&self) -> String {
        Feature::ALL
            .iter()
            .map(|&f| format!("{:02x}", quantise(f, self.0[f.index()])))
            .collect()
    }

    /// Reads the storage form written by [`Features::to_hex`].
    pub fn from_hex(hex: &str) -> Option<Features> {
        if hex.len() != FEATURE_COUNT * 2 || !hex.is_ascii() {
            return None;
        }
        let mut values = [f32::NAN; FEATURE_COUNT];
        for (i, f) in Feature::ALL.iter().enumerate() {
            let byte = u8::from_str_radix(&hex[i * 2..i * 2 + 2], 16).ok()?;
            values[i] = dequantise(*f, byte);
        }
        Some(Features(values))
    }
}

fn quantise(feature: Feature, value: f32) -> u8 {
    if value.is_nan() {
        return UNKNOWN_BYTE;
    }
    let (lo, hi) = feature.range();
    let unit = ((value - lo) / (hi - lo)).clamp(0.0, 1.0);
    (unit * MAX_LEVEL).round() as u8
}

fn dequantise(feature: Feature, byte: u8) -> f32 {
    if byte == UNKNOWN_BYTE {
        return f32::NAN;
    }
    let (lo, hi) = feature.range();
    lo + (byte as f32 / MAX_LEVEL) * (hi - lo)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_round_trip_is_within_one_step() {
        let features = Features([0.52, 0.59, 0.0, 1.0, 0.3, 0.03, 0.12, -7.8, 157.97]);
        let back = Features::from_hex(&features.to_hex()).unwrap();
        for f in Feature::ALL {
            let (lo, hi) = f.range();
            let step = (hi - lo) / MAX_LEVEL;
            let (a, b) = (features.get(f).unwrap(), back.get(f).unwrap());
            assert!((a - b).abs() <= step / 2.0 + 1e-4, "{f:?}: {a} vs {b}");
        }
    }

    #[test]
    fn unknown_survives_the_round_trip_and_values_are_clamped() {
        let mut values = [f32::NAN; FEATURE_COUNT];
        values[Feature::Tempo.index()] = 400.0;
        let back = Features::from_hex(&Features(values).to_hex()).unwrap();
        assert_eq!(back.get(Feature::Energy), None);
        assert_eq!(back.get(Feature::Tempo), Some(250.0));
        assert!(Features::UNKNOWN.is_unknown());
    }

    #[test]
    fn malformed_hex_is_rejected() {
        assert_eq!(Features::from_hex("zz"), None);
        assert_eq!(Features::from_hex(&"g0".repeat(FEATURE_COUNT)), None);
    }
}
