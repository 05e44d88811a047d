//! The listening moment the lists are ranked for: the time of day and the device come from the browser,
//! the activity is one tap on the context bar, the session's length and skip rate from this visit.

use attune_engine::bandit::{Activity, Device, Feedback, MusicContext};
use leptos::prelude::*;

/// How many of the latest reactions the recent skip rate looks at.
const RECENT_REACTIONS: usize = 10;

/// The moment as signals; one for the whole app, so the activity picked stays picked across pages.
#[derive(Clone, Copy)]
pub struct ListeningMoment {
    pub activity: RwSignal<Activity>,
    /// Milliseconds since 1970 when this visit started.
    started_at: f64,
    /// Whether each recent reaction was a skip or dislike, newest last.
    recent: RwSignal<Vec<bool>>,
}

impl ListeningMoment {
    pub fn new() -> ListeningMoment {
        ListeningMoment {
            activity: RwSignal::new(Activity::None),
            started_at: js_sys::Date::now(),
            recent: RwSignal::new(Vec::new()),
        }
    }

    /// The moment now (tracked: the activity and the skip rate).
    pub fn context(&self) -> MusicContext {
        let now = js_sys::Date::new_0();
        let recent = self.recent.get();
        let skips = recent.iter().filter(|&&s| s).count();
        MusicContext {
            hour: now.get_hours() as f32 + now.get_minutes() as f32 / 60.0,
            weekend: matches!(now.get_day(), 0 | 6),
            activity: self.activity.get(),
            device: device(),
            session_minutes: ((js_sys::Date::now() - self.started_at) / 60_000.0) as f32,
            recent_skip_rate: skips as f32 / recent.len().max(1) as f32,
        }
    }

    /// Notes a reaction for the recent skip rate.
    pub fn record(&self, turned_down: bool) {
        self.recent.update(|recent| {
            recent.push(turned_down);
            let extra = recent.len().saturating_sub(RECENT_REACTIONS);
            recent.drain(..extra);
        });
    }
}

impl Default for ListeningMoment {
    fn default() -> Self {
        ListeningMoment::new()
    }
}

/// "Monday evening": the automatic part of the moment, as the context bar shows it.
pub fn time_of_day() -> String {
    const DAYS: [&str; 7] = [
        "Sunday",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
    ];
    let now = js_sys::Date::new_0();
    let part = match now.get_hours() {
        5..=11 => "morning",
        12..=16 => "afternoon",
        17..=21 => "evening",
        _ => "night",
    };
    format!("{} {part}", DAYS[now.get_day() as usize % 7])
}

/// A touch screen is taken for a phone, anything else for a computer.
fn device() -> Device {
    let coarse = web_sys::window()
        .and_then(|w| w.match_media("(pointer: coarse)").ok().flatten())
        .is_some_and(|m| m.matches());
    if coarse {
        Device::Phone
    } else {
        Device::Computer
    }
}

/// What a reaction does, as the listener reads it.
pub fn what_it_does(title: &str, feedback: Feedback) -> String {
    match feedback {
        Feedback::Liked => {
            format!("Liked “{title}”: it joins your taste, and the next lists lean towards it.")
        }
        Feedback::Disliked => format!("Disliked “{title}”: it will not be recommended again."),
        Feedback::Skipped { listened } if listened > 0.0 => format!(
            "Skipped “{title}” after {:.0} % of it: tracks that sound like it move down at moments \
             like this.",
            listened * 100.0
        ),
        Feedback::Skipped { .. } => format!(
            "Skipped “{title}”: it stays out for this visit, and tracks that sound like it move down \
             at moments like this."
        ),
        Feedback::Completed => format!("Played “{title}” to the end: more like it at moments like this."),
        Feedback::Replayed => format!("Played “{title}” again: more like it at moments like this."),
        Feedback::AddedToPlaylist => format!(
            "Added “{title}” to your playlist (on the Builder page): more like it at moments like this."
        ),
    }
}

/// Today as days since 1970 and this week as weeks since Monday 1969-12-29, both in the listener's time
/// zone: the calendar the Daily Mixes and Discover Weekly follow.
pub fn local_day_and_week() -> (i64, i64) {
    let now = js_sys::Date::new_0();
    let local_ms = now.get_time() - now.get_timezone_offset() * 60_000.0;
    let day = (local_ms / 86_400_000.0).floor() as i64;
    // 1970-01-01 was a Thursday, three days after a Monday.
    (day, (day + 3).div_euclid(7))
}

/// "Monday 30 November": the Monday this week started on.
pub fn this_monday() -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let now = js_sys::Date::new_0();
    let since_monday = (now.get_day() + 6) % 7;
    let monday = js_sys::Date::new(&(now.get_time() - since_monday as f64 * 86_400_000.0).into());
    format!(
        "Monday {} {}",
        monday.get_date(),
        MONTHS[monday.get_month() as usize % 12]
    )
}
