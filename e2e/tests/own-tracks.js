// A listener whose tracks the catalog has none of: an extended streaming history with Spotify ids.

/** An extended history (Streaming_History_Audio_*.json) of post-rock the catalog has no track of, by
 * artists the artist table knows: each track with its Spotify id, and one with an id of another form. */
export function postRockWithIds() {
  const artists = ["Mogwai", "Explosions in the Sky", "Sigur Rós"];
  const tracks = artists.flatMap((artist, a) => [0, 1, 2, 3].map((t) => ({
    artist, title: t === 3 ? `<img src=x onerror=alert(1)> ${artist}` : `${artist} track ${t}`, id: `${"0".repeat(20)}${a}${t}`,
  })));
  const record = (t, ts, uri) => ({
    ts, ms_played: 200_000, master_metadata_track_name: t.title, master_metadata_album_artist_name: t.artist,
    master_metadata_album_album_name: "Album", spotify_track_uri: uri, reason_start: "trackdone", reason_end: "trackdone",
  });
  const plays = [1, 2, 3, 4, 5].flatMap((day) => [
    ...tracks.map((t, i) => record(t, `2024-03-1${day}T1${Math.floor(i / 6)}:${String(4 * (i % 6)).padStart(2, "0")}:00Z`, `spotify:track:${t.id}`)),
    record({ artist: "Mogwai", title: "Hostile Id" }, `2024-03-1${day}T20:00:00Z`, "spotify:track:../../me/player"),
  ]);
  const file = { name: "Streaming_History_Audio_2024.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(plays)) };
  return { tracks, file };
}
