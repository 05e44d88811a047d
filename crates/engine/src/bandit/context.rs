//! The listening moment as a context vector: what the bandit conditions on.

use serde::{Deserialize, Serialize};

/// What the listener says they are doing (one tap in the app), or nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Activity {
    Workout,
    Focus,
    Relax,
    Commute,
    Party,
    #[default]
    None,
}

impl Activity {
    /// The activities that have a slot in the vector; `None` is all zeros, the baseline the others are
    /// learnt against (a slot of its own would only repeat the bias).
    pub const SLOTS: [Activity; 5] = [
        Activity::Workout,
        Activity::Focus,
        Activity::Relax,
        Activity::Commute,
        Activity::Party,
    ];
}

/// The kind of device playing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Device {
    Phone,
    Computer,
    Speaker,
    #[default]
    Other,
}

impl Device {
    pub const SLOTS: [Device; 3] = [Device::Phone, Device::Computer, Device::Speaker];

    /// The device kind of a Spotify export's `platform` field ("android", "iOS 17.1 (iPhone15,2)",
    /// "windows", "OS X 14.2 [arm 2]", "web_player …", "cast_tv", "sonos_…").
    pub fn from_platform(platform: &str) -> Device {
        let p = platform.to_ascii_lowercase();
        let any = |words: &[&str]| words.iter().any(|w| p.contains(w));
        if any(&["android", "ios", "iphone", "ipad"]) {
            Device::Phone
        } else if any(&[
            "windows",
            "os x",
            "osx",
            "mac",
            "linux",
            "web_player",
            "web player",
        ]) {
            Device::Computer
        } else if any(&["cast", "sonos", "speaker", "tv", "echo", "alexa", "car"]) {
            Device::Speaker
        } else {
            Device::Other
        }
    }
}

/// A moment of listening.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct MusicContext {
    /// Local hour of day, fractional, in [0, 24).
    pub hour: f32,
    pub weekend: bool,
    pub activity: Activity,
    pub device: Device,
    /// Minutes since the listening session started.
    pub session_minutes: f32,
    /// Share of the session's recent plays that were skipped, in [0, 1] (0 before any play).
    pub recent_skip_rate: f32,
}

/// Sessions longer than this count as this long: past four hours the length says little more.
const LONGEST_SESSION_MINUTES: f32 = 240.0;

impl MusicContext {
    /// The length of [`MusicContext::to_vector`].
    pub const LEN: usize = 2 + 1 + Activity::SLOTS.len() + Device::SLOTS.len() + 2;

    /// What each entry of the vector means, for explanations ("relax" × "energy").
    pub const NAMES: [&'static str; MusicContext::LEN] = [
        "hour (sin)",
        "hour (cos)",
        "weekend",
        "workout",
        "focus",
        "relax",
        "commute",
        "party",
        "phone",
        "computer",
        "speaker",
        "session length",
        "recent skips",
    ];

    /// The moment at `local_seconds` (seconds since 1970 in the listener's time zone).
    pub fn at(local_seconds: i64) -> MusicContext {
        let (hour, weekend) = hour_and_weekend(local_seconds);
        MusicContext {
            hour,
            weekend,
            ..MusicContext::default()
        }
    }

    /// The hour goes round a circle (sin, cos), so 23:30 sits next to 00:30; the session length is on a
    /// log scale in [0, 1]; one-hots for the activity and device.
    pub fn to_vector(&self) -> Vec<f32> {
        let angle = std::f32::consts::TAU * self.hour / 24.0;
        let mut v = vec![angle.sin(), angle.cos(), self.weekend as u8 as f32];
        v.extend(
            Activity::SLOTS
                .iter()
                .map(|&a| (a == self.activity) as u8 as f32),
        );
        v.extend(
            Device::SLOTS
                .iter()
                .map(|&d| (d == self.device) as u8 as f32),
        );
        let minutes = self.session_minutes.clamp(0.0, LONGEST_SESSION_MINUTES);
        v.push(minutes.ln_1p() / LONGEST_SESSION_MINUTES.ln_1p());
        v.push(self.recent_skip_rate.clamp(0.0, 1.0));
        v
    }
}

/// The fractional hour of day and whether it is Saturday or Sunday, at `local_seconds` since 1970.
pub fn hour_and_weekend(local_seconds: i64) -> (f32, bool) {
    let day = local_seconds.div_euclid(86_400);
    let second_of_day = local_seconds.rem_euclid(86_400);
    // 1970-01-01 was a Thursday: day 0 has weekday 3 counting Monday as 0.
    let weekday = (day + 3).rem_euclid(7);
    (second_of_day as f32 / 3600.0, weekday >= 5)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vector_by_hand() {
        let ctx = MusicContext {
            hour: 6.0,
            weekend: true,
            activity: Activity::Relax,
            device: Device::Computer,
            session_minutes: 240.0,
            recent_skip_rate: 0.25,
        };
        let v = ctx.to_vector();
        assert_eq!(v.len(), MusicContext::LEN);
        // 6 h is a quarter turn: sin 1, cos 0.
        assert!((v[0] - 1.0).abs() < 1e-6 && v[1].abs() < 1e-6);
        assert_eq!(
            &v[2..],
            &[1.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 1.0, 0.25]
        );
        assert_eq!(MusicContext::NAMES[5], "relax");
        // No activity, other device, no session yet: those slots are all zero.
        let v = MusicContext::default().to_vector();
        assert!(v[3..].iter().all(|&x| x == 0.0), "{v:?}");
    }

    #[test]
    fn hours_and_weekends_from_timestamps() {
        // 2024-08-03 was a Saturday; 12:00:30 UTC.
        assert_eq!(hour_and_weekend(1_722_686_430), (12.008333, true));
        // 2024-08-05 00:00 was a Monday.
        assert_eq!(hour_and_weekend(1_722_816_000), (0.0, false));
        assert!(MusicContext::at(1_722_686_430).weekend);
    }

    #[test]
    fn platforms_map_to_device_kinds() {
        assert_eq!(Device::from_platform("android"), Device::Phone);
        assert_eq!(
            Device::from_platform("iOS 17.1 (iPhone15,2)"),
            Device::Phone
        );
        assert_eq!(Device::from_platform("windows"), Device::Computer);
        assert_eq!(
            Device::from_platform("OS X 14.2.1 [arm 2]"),
            Device::Computer
        );
        assert_eq!(Device::from_platform("cast_tv"), Device::Speaker);
        assert_eq!(Device::from_platform("partner"), Device::Other);
    }
}
