// Everything a test can change or inspect, in one object that `reset` rebuilds: the switches set through
// POST /__control, the issued codes and tokens, how much of the timeline has "happened", the listener's
// library (which saving back changes) and the records GET /__stats reports.
import { catalog, fakeId, isoSeconds, tracksByPlays } from "./catalog.mjs";

/** The signed-in listener. account_id is the 2026 pseudonymous key (doc §3.3, May 2026), not `id`. */
export const LISTENER = {
  id: "fake-listener-1",
  account_id: fakeId("account:fake-listener-1"),
  display_name: "Test Listener",
};
/** Another person with an account, who may sign in on the same browser next (control `sign_in_as`). */
export const SECOND_LISTENER = {
  id: "fake-listener-2",
  account_id: fakeId("account:fake-listener-2"),
  display_name: "Second Listener",
};
/** Who signs in, by the control's name. */
export const ACCOUNTS = { listener: LISTENER, second_listener: SECOND_LISTENER };
/** Someone else, whose playlist the listener follows but may not read (doc §3.3: 403 on its items). */
export const STRANGER = { id: "another-listener", display_name: "Another Listener" };

/** Every scope Spotify knows (doc §4); a token for an unknown one is refused at /authorize. */
export const SCOPES = new Set(["app-remote-control", "playlist-read-private", "playlist-read-collaborative",
  "playlist-modify-public", "playlist-modify-private", "user-library-read", "user-library-modify",
  "user-read-private", "user-read-email", "user-follow-read", "user-follow-modify", "user-top-read",
  "user-read-playback-position", "user-read-playback-state", "user-read-recently-played",
  "user-read-currently-playing", "user-modify-playback-state", "ugc-image-upload", "streaming"]);

/** The fixture token the older tests use: never expires, every scope, survives resets. */
export const FIXTURE_TOKEN = "test-access-token";

/** Plays still "in the future" at start: a first sync sees the 50 before them, `advance` reveals them. */
const HIDDEN_AT_START = 200;
// The built-in timeline has only 120 plays: it keeps 50 visible and hides the rest.
const VISIBLE_AT_START = Math.max(Math.min(50, catalog.timeline.length), catalog.timeline.length - HIDDEN_AT_START);
const START_MS = VISIBLE_AT_START > 0 ? catalog.timeline[VISIBLE_AT_START - 1].ms : Date.now();

const defaultControls = () => ({
  token_lifetime: 3600,
  rotate_refresh: true,
  invalid_grant: false,
  deny: false,
  rate_limit: { count: 0, retry_after: 1, cors: true, reason: null, path: null, method: null },
  server_error: { count: 0, status: 503, path: null, method: null },
  lose_answer: { count: 0, path: null, method: null },
  sign_in_as: "listener",
});

/** Playlist entries, added a minute apart from when each track was first heard, never after "now". */
function entries(tracks, owner) {
  return tracks.map((t, i) => ({ uri: t.uri, added_by: owner.id, added_at: isoSeconds(Math.min(t.firstMs + i * 60_000, START_MS)) }));
}

/**
 * The library before any test touches it: 130 saved tracks (three pages of 50), three playlists of the
 * listener's (230 items: three pages of 100) and one of someone else's. Slices of the play ranking keep
 * it deterministic and made of music the listener had really played by "now".
 */
function seedLibrary() {
  const ranked = tracksByPlays(VISIBLE_AT_START);
  const pick = (from, count) => Array.from({ length: count }, (_, i) => ranked[(from + i) % ranked.length]);
  const saved = pick(0, 130)
    .map((t) => ({ uri: t.uri, added_at: isoSeconds(Math.min(t.firstMs, START_MS)) }))
    .sort((a, b) => (a.added_at < b.added_at ? 1 : a.added_at > b.added_at ? -1 : 0));
  const byFirstPlay = [...ranked].sort((a, b) => a.firstMs - b.firstMs);
  const playlist = (name, owner, tracks, extra) => ({
    id: fakeId(`playlist:${name}`), name, owner, created: false, snapshot: 1,
    description: extra.description ?? "", public: extra.public, collaborative: extra.collaborative ?? false,
    items: entries(tracks, owner),
  });
  return {
    saved,
    playlists: [
      playlist("Everything I found", LISTENER, byFirstPlay.slice(0, 230), { public: false, description: "Every new track, in order" }),
      playlist("Late night", LISTENER, pick(130, 45), { public: false, collaborative: true }),
      playlist("Run club", LISTENER, pick(175, 18), { public: true }),
      playlist("Another Listener's mix", STRANGER, pick(200, 30), { public: true, description: "Followed, not mine" }),
    ],
  };
}

function fresh() {
  return {
    controls: defaultControls(),
    codes: new Map(), // authorization code → {client_id, redirect_uri, challenge, scope, expires, used}
    accessTokens: new Map([[FIXTURE_TOKEN, { expires: Infinity, scope: [...SCOPES].join(" "), fixture: true }]]),
    refreshTokens: new Map(), // refresh token → {client_id, scope, revoked}
    visible: VISIBLE_AT_START,
    library: seedLibrary(),
    records: {
      requests: [], token_grants: 0, refreshes: 0, audio_feature_requests: 0,
      library_saves: [], playlist_additions: [], token_errors: [],
    },
  };
}

export const state = fresh();

export function reset() {
  Object.assign(state, fresh());
}

/** `user` may read and add to playlists they own or collaborate on (doc §3.3). */
export function mayEdit(playlist, user) {
  return playlist.owner.id === user.id || (playlist.collaborative && (playlist.collaborators ?? []).includes(user.id));
}

/** "Now" for the fake: the moment of the newest play that has happened. */
export function nowMs() {
  return state.visible > 0 ? catalog.timeline[state.visible - 1].ms : 0;
}

export function timelineSummary() {
  return {
    plays: catalog.timeline.length,
    visible: state.visible,
    hidden: catalog.timeline.length - state.visible,
    now: new Date(nowMs()).toISOString(),
  };
}

/** What GET /__stats reports. Never tokens or codes. */
export function stats() {
  const r = state.records;
  return {
    requests: r.requests,
    token_grants: r.token_grants,
    refreshes: r.refreshes,
    audio_feature_requests: r.audio_feature_requests,
    created_playlists: state.library.playlists.filter((p) => p.created).reverse().map((p) => ({
      id: p.id, name: p.name, description: p.description, public: p.public, owner: p.owner.id, uris: p.items.map((i) => i.uri),
    })),
    library_saves: r.library_saves,
    playlist_additions: r.playlist_additions,
    token_errors: r.token_errors,
    timeline: timelineSummary(),
  };
}
