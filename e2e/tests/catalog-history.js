// A small listening history made of catalog tracks, so tests of what Attune makes from a history run
// without the real exports in ../shared/data.
import { catalogTracks } from "./catalog.js";

/** An account-data history (StreamingHistory_music_0.json) of every catalog track by five artists. */
export function catalogHistory() {
  const tracks = catalogTracks().filter((t) => ["Linkin Park", "LoFi Waiter", "Daft Punk", "Eminem", "Burna Boy"].includes(t.artist));
  const plays = tracks.flatMap((t, i) =>
    [0, 1, 2].map((k) => ({
      endTime: `2024-0${1 + (k % 9)}-1${i % 10} 1${k}:${String(i % 60).padStart(2, "0")}`,
      artistName: t.artist,
      trackName: t.title,
      msPlayed: 180_000,
    })),
  );
  return { tracks, file: { name: "StreamingHistory_music_0.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(plays)) } };
}
