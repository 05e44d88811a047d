//! What the listener plays next: order-keeping rules learnt from their own sessions.
//!
//! Co-listening ([`crate::colisten`]) is symmetric: it knows two tracks go together, not which came
//! first. Music is listened to in order (an album, a playlist, a habit), and the session-based literature
//! finds that simple order-keeping counts beat far heavier models on next-item prediction (Ludewig and
//! Jannach, "Evaluation of session-based recommendation algorithms", 2018; Ludewig, Latifi and Jannach,
//! "Empirical analysis of session-based recommendation algorithms", 2021). Their *sequential rules* (SR)
//! count, for every earlier play of the latest track a, each play b up to `window` places after it in the
//! same session, weighted 1/d for distance d; the next track after a is the b with the largest sum.
//!
//! Attune's model keeps SR's counting and adds two things listening data shows:
//! - **matched occurrences.** A track sits on several playlists and albums; the plays just before it say
//!   which one is playing now. Each earlier play of a counts 1 + `match_boost` × (how many of this
//!   session's `match_plays` previous plays were also among the `match_plays` plays before it there), the
//!   sequence-aware weighting of session kNN (V-SKNN, STAN) applied to SR's occurrences. On shuffled
//!   playlists the plays before are not in order, so the match is by set, not by position.
//! - **rotation as the fallback.** Where the latest track has few or no rules, what the listener has been
//!   playing lately (plays decayed with a half-life of `half_life_days`) fills the list, instead of the
//!   lifetime most played.
//!
//! Where nothing before matches, an occurrence counts 1 as in SR, so the model falls back to SR itself.
//! Choosing the settings on each listener's own earlier sessions was tried and dropped: the later fifth
//! of a history's training sessions held too few predictable cases to tell the settings apart. The
//! anchors of the evaluation are settings of the same code: SR is
//! [`NextTrackSettings::SEQUENTIAL_RULES`], the first-order Markov chain [`NextTrackSettings::MARKOV`].

use crate::colisten::{CoListening, Together};
use crate::interactions::Csr;

/// One play of a session, encoded: the track, the share of it heard (in full from 30 s) and when it ended.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Step {
    pub item: u32,
    pub heard: f32,
    pub ended_at: i64,
}

/// How the rules are counted and used (see the module's documentation).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NextTrackSettings {
    /// Plays at most this many places after a play are counted as following it.
    pub window: usize,
    /// How many plays before the latest are compared with the plays before each earlier occurrence.
    pub match_plays: usize,
    /// How much more an earlier occurrence counts for each play matched.
    pub match_boost: f32,
    /// Weight of the lately played tracks, against the rules' distribution (which sums to 1).
    pub rotation: f32,
    /// A play this many days older than the newest counts half in the rotation.
    pub half_life_days: f32,
}

impl NextTrackSettings {
    /// Sequential rules as published (Ludewig and Jannach 2018): window 10, weight 1/d, last play only.
    pub const SEQUENTIAL_RULES: NextTrackSettings = NextTrackSettings {
        window: 10,
        match_plays: 0,
        match_boost: 0.0,
        rotation: 0.0,
        half_life_days: 14.0,
    };
    /// The first-order Markov chain: how often b came right after a.
    pub const MARKOV: NextTrackSettings = NextTrackSettings {
        window: 1,
        ..NextTrackSettings::SEQUENTIAL_RULES
    };
}

impl Default for NextTrackSettings {
    /// Fixed for every listener (see BENCHMARKS.md: boosts of 1, 3 and 10 all did about the same).
    fn default() -> Self {
        NextTrackSettings {
            match_plays: 5,
            match_boost: 3.0,
            rotation: 0.1,
            ..NextTrackSettings::SEQUENTIAL_RULES
        }
    }
}

/// The learnt rules.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NextTrack {
    settings: NextTrackSettings,
    /// The earlier sessions' plays in order, and where each track was played (session, place).
    played: Vec<Vec<u32>>,
    occurrences: Vec<Vec<(u32, u32)>>,
    /// Plays decayed by age, summing to 1: what the listener has been playing lately.
    in_rotation: Vec<f32>,
    /// followed[a][b]: how many times b was played right after a (for the reasons).
    followed: Csr,
}

impl NextTrack {
    /// Learns from `sessions` (each in play order) over `n_items` tracks.
    pub fn learn(n_items: usize, sessions: &[Vec<Step>], settings: NextTrackSettings) -> NextTrack {
        let played: Vec<Vec<u32>> = sessions
            .iter()
            .map(|s| s.iter().map(|p| p.item).collect())
            .collect();
        let mut occurrences = vec![Vec::new(); n_items];
        let mut followed = Vec::new();
        for (s, session) in played.iter().enumerate() {
            for (j, &item) in session.iter().enumerate() {
                occurrences[item as usize].push((s as u32, j as u32));
                match session.get(j + 1) {
                    Some(&next) if next != item => followed.push((item, next, 1.0)),
                    _ => {}
                }
            }
        }
        let newest = sessions.iter().flatten().map(|p| p.ended_at).max();
        let mut in_rotation = vec![0.0f32; n_items];
        for play in sessions.iter().flatten() {
            let age_days = (newest.unwrap_or(0) - play.ended_at) as f32 / 86_400.0;
            in_rotation[play.item as usize] +=
                play.heard * 0.5f32.powf(age_days / settings.half_life_days);
        }
        normalise(&mut in_rotation, 1.0);
        NextTrack {
            settings,
            played,
            occurrences,
            in_rotation,
            followed: Csr::from_triples(n_items, n_items, &followed),
        }
    }

    pub fn settings(&self) -> NextTrackSettings {
        self.settings
    }

    /// Scores every track as what comes after `recent` (the session so far, oldest first): the matched
    /// rules of the latest play as a distribution summing to 1, plus the rotation summing to `rotation`.
    pub fn score(&self, recent: &[u32], out: &mut [f32]) {
        out.fill(0.0);
        self.matched_rules(recent, out);
        normalise(out, 1.0);
        if self.settings.rotation > 0.0 {
            for (o, r) in out.iter_mut().zip(&self.in_rotation) {
                *o += self.settings.rotation * r;
            }
        }
    }

    /// SR counted from each earlier play of the latest track, each occurrence weighted by how many of
    /// this session's previous plays were also among the plays just before it there.
    fn matched_rules(&self, recent: &[u32], out: &mut [f32]) {
        let Some((&latest, before)) = recent.split_last() else {
            return;
        };
        let Some(occurrences) = self.occurrences.get(latest as usize) else {
            return;
        };
        let settings = &self.settings;
        let before = &before[before.len().saturating_sub(settings.match_plays)..];
        for &(s, j) in occurrences {
            let session = &self.played[s as usize];
            let j = j as usize;
            let earlier = &session[j.saturating_sub(settings.match_plays)..j];
            let matched = before.iter().filter(|b| earlier.contains(b)).count();
            let weight = 1.0 + settings.match_boost * matched as f32;
            for (d, &next) in session.iter().skip(j + 1).take(settings.window).enumerate() {
                if next != latest {
                    out[next as usize] += weight / (d + 1) as f32;
                }
            }
        }
    }

    /// How many times `b` was played right after `a`.
    pub fn times_after(&self, a: u32, b: u32) -> u32 {
        if a as usize >= self.followed.n_rows() {
            return 0;
        }
        let (targets, counts) = self.followed.row(a as usize);
        targets
            .binary_search(&b)
            .map_or(0, |i| counts[i].round() as u32)
    }
}

/// Up to `k` of the listener's tracks to play after `recent` (the session so far, oldest first, the
/// latest last), best first, each with why; what was just played is left out, and so is every track
/// with no score (the model knows nothing that leads to it). Ties go to the more played track.
pub fn up_next(together: &CoListening, recent: &[u32], k: usize) -> Vec<Together> {
    let Some(&latest) = recent.last() else {
        return Vec::new();
    };
    let mut scores = vec![0.0f32; together.len()];
    together.next_track().score(recent, &mut scores);
    together.best(&scores, recent, k, |item| why_next(together, latest, item))
}

/// "you often play Karma Police after Lucky", from the plays right after `after`; co-listening's
/// reason when `item` came later in those sessions; "you have been playing it lately" otherwise.
pub fn why_next(together: &CoListening, after: u32, item: u32) -> String {
    let (before, it) = (&together.track(after).title, &together.track(item).title);
    match together.next_track().times_after(after, item) {
        0 if together.similarity(after, item) > 0.0 => together.why(&[after], item),
        0 => "you have been playing it lately".into(),
        1 => format!("you played {it} right after {before} once"),
        _ => format!("you often play {it} after {before}"),
    }
}

/// Whether the listener has played `b` right after `a`, or in a session with it.
pub fn leads(together: &CoListening, a: u32, b: u32) -> bool {
    a != b && (together.next_track().times_after(a, b) > 0 || together.similarity(a, b) > 0.0)
}

/// An order of `tracks` (each the listener's own track, when it is one) the way the listener moves
/// between them: it opens with the track played right before the others most often, less how often
/// right after them (else the first played with another, else the first), then at each step takes the track the model puts first after
/// the tracks so far, among those the last one [`leads`] to; where it leads to none, the given order
/// goes on. Only habits move tracks: the rotation alone would order every list the same way.
pub fn listening_order(together: &CoListening, tracks: &[Option<u32>]) -> Vec<usize> {
    let precedes = |a: u32, b: u32| a != b && together.next_track().times_after(a, b) > 0;
    let with = |a: u32, b: u32| leads(together, a, b);
    let linked = |i: usize, j: usize, link: &dyn Fn(u32, u32) -> bool| matches!((tracks[i], tracks[j]), (Some(a), Some(b)) if link(a, b));
    let leads_on =
        |i: usize, link: &dyn Fn(u32, u32) -> bool| (0..tracks.len()).any(|j| linked(i, j, link));
    // A habit opens where it starts, whatever order the tracks come in (the mixes hand over a daily
    // shuffle): the track played before the others most often, less how often it was played after
    // them, so one stray play the other way round does not move the opening. Ties: the given order.
    let played_right_after = |a: Option<u32>, b: Option<u32>| match (a, b) {
        (Some(a), Some(b)) if a != b => together.next_track().times_after(a, b) as i64,
        _ => 0,
    };
    let lead = |i: usize| -> i64 {
        tracks
            .iter()
            .map(|&o| played_right_after(tracks[i], o) - played_right_after(o, tracks[i]))
            .sum()
    };
    let starts = (0..tracks.len()).filter(|&i| leads_on(i, &precedes)).fold(
        None,
        |best: Option<usize>, i| match best {
            Some(b) if lead(b) >= lead(i) => Some(b),
            _ => Some(i),
        },
    );
    let opens = |link: &dyn Fn(u32, u32) -> bool| (0..tracks.len()).find(|&i| leads_on(i, link));
    let Some(first) = starts
        .or_else(|| opens(&with))
        .or((!tracks.is_empty()).then_some(0))
    else {
        return Vec::new();
    };
    let mut order = vec![first];
    let mut left: Vec<usize> = (0..tracks.len()).filter(|&i| i != first).collect();
    let mut scores = vec![0.0f32; together.len()];
    while !left.is_empty() {
        let recent: Vec<u32> = order.iter().filter_map(|&i| tracks[i]).collect();
        together.next_track().score(&recent, &mut scores);
        let last = tracks[*order.last().expect("the first is placed")];
        let score = |i: usize| match (last, tracks[i]) {
            (Some(a), Some(b)) if leads(together, a, b) => scores[b as usize],
            _ => 0.0,
        };
        // The first of equals: the given order among tracks the model cannot tell apart.
        let best = (0..left.len()).fold(0, |best, j| {
            if score(left[j]) > score(left[best]) {
                j
            } else {
                best
            }
        });
        order.push(left.remove(best));
    }
    order
}

/// Scales `values` to sum to `to` (left as they are when they sum to 0).
fn normalise(values: &mut [f32], to: f32) {
    let total: f32 = values.iter().sum();
    if total > 0.0 {
        values.iter_mut().for_each(|v| *v *= to / total);
    }
}

#[cfg(test)]
mod tests;
