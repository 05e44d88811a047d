//! Co-listening: which of the listener's own tracks go together, learnt from their listening sessions and
//! their playlists, at track level.
//!
//! The community matrix knows artists; only the listener's own history knows that they play this track
//! after that one on a Sunday morning. Two tracks go together when they sit near each other in the same
//! session (plays with no silence longer than [`SESSION_GAP_SECONDS`]) or on the same playlist. This is
//! session-based item-to-item neighbourhood (Ludewig and Jannach, "Evaluation of session-based
//! recommendation algorithms", 2018, SKNN/SR family): co-occurrence within a window, normalised by cosine
//! so that a track played all the time is not everything's neighbour.
//!
//! - A play counts by the share of it heard (in full from 30 seconds), so a two-second skip barely links
//!   two tracks; repeats of a track in one session count once.
//! - Only tracks at most [`WINDOW`] places apart are linked: a ten-hour session's first and last tracks
//!   say little about each other, and a 500-track playlist would otherwise make 125,000 pairs.
//! - similarity(a, b) = together(a, b) / √(occurrences(a) · occurrences(b)), where together adds up the
//!   lesser share heard of the two in each session or playlist and occurrences counts them.

use crate::bandit::skip::history::SESSION_GAP_SECONDS;
use crate::ids::track_id;
use crate::import::{Library, Play, PlayKind};
use crate::interactions::Csr;
use crate::names::normalise;
use crate::next_track::{NextTrack, NextTrackSettings, Step};
use std::collections::HashMap;

/// Tracks further apart than this in a session or on a playlist are not linked.
pub const WINDOW: usize = 10;
/// A play counts in full from 30 seconds (Spotify's threshold for a stream), in proportion below.
const FULL_PLAY_MS: f32 = 30_000.0;

/// One of the listener's tracks, as they first spelled it.
#[derive(Debug, Clone, PartialEq)]
pub struct OwnTrack {
    pub title: String,
    pub artist: String,
    /// Full-play equivalents in the sessions (playlists add nothing here).
    pub plays: f32,
    /// The Spotify id of the first play or playlist entry that has one in Spotify's form.
    pub id: Option<String>,
}

/// A session or a playlist: tracks in order, each with how much it counts.
type Context = Vec<(u32, f32)>;

/// The listener's tracks and how often each pair went together.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CoListening {
    tracks: Vec<OwnTrack>,
    by_key: HashMap<(String, String), u32>,
    /// By the Spotify id the history gave a track (two spellings can share one: the first keeps it).
    by_id: HashMap<String, u32>,
    /// Symmetric: the weight of the sessions in which both tracks were played near each other.
    sessions: Csr,
    /// Symmetric: how many sessions those were, whatever was heard (for the reasons shown).
    session_counts: Csr,
    /// Symmetric: how many playlists hold both tracks near each other.
    playlists: Csr,
    /// Per track, how many sessions it was played in, and how many playlists hold it.
    in_sessions: Vec<u32>,
    on_playlists: Vec<u32>,
    /// The order-keeping model of the same sessions.
    next: NextTrack,
}

/// A track that goes with the seeds, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Together {
    pub item: u32,
    pub score: f32,
    pub why: String,
}

impl CoListening {
    /// From the music plays (any order) and the playlists of the library.
    pub fn from_history<'a>(plays: impl IntoIterator<Item = &'a Play>, library: &Library) -> Self {
        let mut builder = Builder::default();
        let sessions: Vec<Vec<Step>> = sessions(plays)
            .into_iter()
            .map(|session| {
                session
                    .iter()
                    .map(|p| Step {
                        item: builder.track(&p.artist, &p.title, p.uri.as_deref(), share_heard(p)),
                        heard: share_heard(p),
                        ended_at: p.ended_at,
                    })
                    .collect()
            })
            .collect();
        let playlists: Vec<Context> = library
            .playlists
            .iter()
            .map(|list| {
                list.tracks
                    .iter()
                    .map(|t| {
                        (
                            builder.track(&t.artist, &t.title, t.uri.as_deref(), 0.0),
                            1.0,
                        )
                    })
                    .collect()
            })
            .collect();
        let contexts: Vec<Context> = sessions
            .iter()
            .map(|s| s.iter().map(|p| (p.item, p.heard)).collect())
            .collect();
        let mut model = builder.finish(&contexts, &playlists);
        model.next = NextTrack::learn(model.len(), &sessions, NextTrackSettings::default());
        model
    }

    /// What the listener plays after what (see [`crate::next_track`]), over the same tracks.
    pub fn next_track(&self) -> &NextTrack {
        &self.next
    }

    pub fn len(&self) -> usize {
        self.tracks.len()
    }

    pub fn is_empty(&self) -> bool {
        self.tracks.is_empty()
    }

    pub fn track(&self, item: u32) -> &OwnTrack {
        &self.tracks[item as usize]
    }

    /// The listener's track with this artist and title, matched as names are everywhere (case, accents,
    /// "feat.", "- Remastered").
    pub fn find(&self, artist: &str, title: &str) -> Option<u32> {
        self.by_key
            .get(&(normalise(artist), normalise(title)))
            .copied()
    }

    /// The track the history gave this Spotify id.
    pub fn find_by_id(&self, id: &str) -> Option<u32> {
        self.by_id.get(id).copied()
    }

    /// A session's plays as the tracks this model knows, in order; plays of unknown tracks are left out.
    pub fn encode(&self, session: &[&Play]) -> Vec<Step> {
        session
            .iter()
            .filter_map(|p| {
                Some(Step {
                    item: self.find(&p.artist, &p.title)?,
                    heard: share_heard(p),
                    ended_at: p.ended_at,
                })
            })
            .collect()
    }

    /// The listener's tracks, most played first.
    pub fn most_played(&self) -> Vec<u32> {
        let mut order: Vec<u32> = (0..self.tracks.len() as u32).collect();
        order.sort_by(|&a, &b| {
            self.track(b)
                .plays
                .total_cmp(&self.track(a).plays)
                .then(a.cmp(&b))
        });
        order
    }

    /// Whether the track was ever played or listed near another one.
    pub fn has_partners(&self, item: u32) -> bool {
        let (sessions, _) = self.sessions.row(item as usize);
        let (playlists, _) = self.playlists.row(item as usize);
        !sessions.is_empty() || !playlists.is_empty()
    }

    /// Up to `n` of the listener's tracks that went with at least one other, most played first: the ones
    /// worth asking "what goes with this?".
    pub fn with_partners(&self, n: usize) -> Vec<u32> {
        self.most_played()
            .into_iter()
            .filter(|&t| self.has_partners(t))
            .take(n)
            .collect()
    }

    /// How well `a` and `b` go together, in [0, 1].
    pub fn similarity(&self, a: u32, b: u32) -> f32 {
        let together = cell(&self.sessions, a, b) + cell(&self.playlists, a, b);
        if together == 0.0 {
            return 0.0;
        }
        together / (self.occurrences(a) * self.occurrences(b)).sqrt()
    }

    /// How many sessions and playlists the track is in.
    fn occurrences(&self, t: u32) -> f32 {
        (self.in_sessions[t as usize] + self.on_playlists[t as usize]) as f32
    }

    /// Scores every track for seeds given with weights: Σ weight · similarity (the same shape as the
    /// other item-to-item models' `score_history`).
    pub fn score_history(&self, items: &[u32], weights: &[f32], out: &mut [f32]) {
        out.fill(0.0);
        for (&seed, &weight) in items.iter().zip(weights) {
            let seed_occurrences = self.occurrences(seed);
            // The sessions' part and the playlists' part of the similarity, each once.
            for matrix in [&self.sessions, &self.playlists] {
                let (neighbours, together) = matrix.row(seed as usize);
                for (&n, &t) in neighbours.iter().zip(together) {
                    out[n as usize] += weight * t / (seed_occurrences * self.occurrences(n)).sqrt();
                }
            }
        }
    }

    /// Up to `k` tracks that go with the seeds, best first, leaving the seeds out; ties go to the more
    /// played track. Only tracks that were ever played or listed near a seed are returned.
    pub fn together_with(&self, seeds: &[u32], k: usize) -> Vec<Together> {
        let mut scores = vec![0.0f32; self.tracks.len()];
        self.score_history(seeds, &vec![1.0; seeds.len()], &mut scores);
        self.best(&scores, seeds, k, |item| self.why(seeds, item))
    }

    /// Up to `k` tracks with a positive score, best first, leaving out `left_out`; ties go to the more
    /// played track. Each gets `why` it was chosen.
    pub(crate) fn best(
        &self,
        scores: &[f32],
        left_out: &[u32],
        k: usize,
        why: impl Fn(u32) -> String,
    ) -> Vec<Together> {
        let mut found: Vec<u32> = (0..self.tracks.len() as u32)
            .filter(|i| scores[*i as usize] > 0.0 && !left_out.contains(i))
            .collect();
        found.sort_by(|&a, &b| {
            scores[b as usize]
                .total_cmp(&scores[a as usize])
                .then(self.track(b).plays.total_cmp(&self.track(a).plays))
                .then(a.cmp(&b))
        });
        found.truncate(k);
        found
            .into_iter()
            .map(|item| Together {
                item,
                score: scores[item as usize],
                why: why(item),
            })
            .collect()
    }

    /// "played with Airbag in 3 of its 4 sessions" or "on 2 of your playlists with Airbag", naming the
    /// seed that links them most. The list is ordered by similarity, which also weighs how often each
    /// track is played; the share says how much of the track's own listening the seed is part of.
    pub fn why(&self, seeds: &[u32], item: u32) -> String {
        let Some(&seed) = seeds.iter().max_by(|&&a, &&b| {
            self.similarity(a, item)
                .total_cmp(&self.similarity(b, item))
        }) else {
            return String::new();
        };
        let with = &self.track(seed).title;
        let sessions = cell(&self.session_counts, seed, item) as usize;
        let playlists = cell(&self.playlists, seed, item).round() as usize;
        let its_sessions = self.in_sessions[item as usize] as usize;
        match (sessions >= playlists, sessions.max(playlists).max(1)) {
            (true, _) if its_sessions == 1 => format!("played with {with} in its one session"),
            (true, n) => format!("played with {with} in {n} of its {its_sessions} sessions"),
            (false, 1) => format!("on a playlist with {with}"),
            (false, n) => format!("on {n} of your playlists with {with}"),
        }
    }
}

/// The value at (row, col) of a sparse matrix, 0 when absent.
fn cell(matrix: &Csr, row: u32, col: u32) -> f32 {
    let (cols, values) = matrix.row(row as usize);
    cols.binary_search(&col).map_or(0.0, |i| values[i])
}

/// The share of a play heard, counting in full from 30 seconds.
fn share_heard(play: &Play) -> f32 {
    (play.ms_played as f32 / FULL_PLAY_MS).min(1.0)
}

/// Music plays cut into sessions in time order: a new session starts after a silence of more than
/// [`SESSION_GAP_SECONDS`] between one play's end and the next one's start.
pub fn sessions<'a>(plays: impl IntoIterator<Item = &'a Play>) -> Vec<Vec<&'a Play>> {
    let mut music: Vec<&Play> = plays
        .into_iter()
        .filter(|p| p.kind == PlayKind::Music)
        .collect();
    music.sort_by_key(|p| p.ended_at);
    let mut out: Vec<Vec<&Play>> = Vec::new();
    let mut last_end = i64::MIN;
    for play in music {
        let started = play.ended_at - (play.ms_played / 1000) as i64;
        match out.last_mut() {
            Some(session) if started - last_end <= SESSION_GAP_SECONDS => session.push(play),
            _ => out.push(vec![play]),
        }
        last_end = play.ended_at;
    }
    out
}

/// Gathers the vocabulary of tracks while the contexts are read, then counts the pairs.
#[derive(Default)]
struct Builder {
    tracks: Vec<OwnTrack>,
    by_key: HashMap<(String, String), u32>,
    by_id: HashMap<String, u32>,
}

impl Builder {
    /// The track's number; the play adds `heard` to its plays, and its `uri` the track's id if it has
    /// none yet.
    fn track(&mut self, artist: &str, title: &str, uri: Option<&str>, heard: f32) -> u32 {
        let key = (normalise(artist), normalise(title));
        let next = self.tracks.len() as u32;
        let item = *self.by_key.entry(key).or_insert(next);
        if item == next {
            self.tracks.push(OwnTrack {
                title: title.to_string(),
                artist: artist.to_string(),
                plays: 0.0,
                id: None,
            });
        }
        let track = &mut self.tracks[item as usize];
        track.plays += heard;
        if track.id.is_none() {
            if let Some(id) = uri.and_then(track_id) {
                track.id = Some(id.to_string());
                self.by_id.entry(id.to_string()).or_insert(item);
            }
        }
        item
    }

    fn finish(self, sessions: &[Context], playlists: &[Context]) -> CoListening {
        let n = self.tracks.len();
        // The pairs' weights (the lesser share heard) and counts.
        let pairs = |contexts: &[Context], occurrences: &mut Vec<u32>| {
            let mut triples = Vec::new();
            for context in contexts {
                let context = once_each(context);
                for (i, &(a, wa)) in context.iter().enumerate() {
                    // Counted whole: a track that is only ever skipped stays weakly linked.
                    occurrences[a as usize] += 1;
                    for &(b, wb) in context.iter().skip(i + 1).take(WINDOW) {
                        let w = wa.min(wb);
                        if w > 0.0 {
                            triples.extend([(a, b, w), (b, a, w)]);
                        }
                    }
                }
            }
            sum_and_count(n, triples)
        };
        let (mut in_sessions, mut on_playlists) = (vec![0; n], vec![0; n]);
        let (sessions, session_counts) = pairs(sessions, &mut in_sessions);
        let (playlists, _) = pairs(playlists, &mut on_playlists);
        CoListening {
            tracks: self.tracks,
            by_key: self.by_key,
            by_id: self.by_id,
            sessions,
            session_counts,
            playlists,
            in_sessions,
            on_playlists,
            next: NextTrack::default(),
        }
    }
}

/// Two n × n matrices from (row, col, value) triples: the values summed, and how many triples each cell
/// had. One sort serves both (building each with `Csr::from_triples` doubled co-listening's cost).
fn sum_and_count(n: usize, mut triples: Vec<(u32, u32, f32)>) -> (Csr, Csr) {
    triples.sort_unstable_by_key(|&(r, c, _)| (r, c));
    let mut sums = Csr {
        indptr: vec![0; n + 1],
        n_cols: n,
        ..Csr::default()
    };
    let mut counts = Vec::new();
    for (i, &(r, c, v)) in triples.iter().enumerate() {
        if i > 0 && triples[i - 1].0 == r && triples[i - 1].1 == c {
            *sums.values.last_mut().expect("a value per cell") += v;
            *counts.last_mut().expect("a count per cell") += 1.0;
        } else {
            sums.indices.push(c);
            sums.values.push(v);
            counts.push(1.0);
            sums.indptr[r as usize + 1] += 1;
        }
    }
    for r in 0..n {
        sums.indptr[r + 1] += sums.indptr[r];
    }
    let counts = Csr {
        values: counts,
        ..sums.clone()
    };
    (sums, counts)
}

/// Each track once, where it first appears, with the most it counted in the context.
fn once_each(context: &Context) -> Context {
    let mut place: HashMap<u32, usize> = HashMap::new();
    let mut out: Context = Vec::with_capacity(context.len());
    for &(item, weight) in context {
        match place.get(&item) {
            Some(&i) => out[i].1 = out[i].1.max(weight),
            None => {
                place.insert(item, out.len());
                out.push((item, weight));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests;
