"""The pipeline in Spark local mode on two small listening scenes, read back by the engine through the
file contract (`attune recommend --community ASSET --fold-in NEW.tsv`): a folded-in listener of one scene
gets that scene's other artists first. Run by scripts/spark.sh test (ATTUNE_BIN names the CLI)."""

import os
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(__file__))
import attune_community as pipeline  # noqa: E402

SCENES = {"rock": [f"rock{i}" for i in range(8)], "jazz": [f"jazz{i}" for i in range(8)]}


def artists_of(user):
    """A listener's 5 artists: of one scene (by the user's parity), a window rotating with the user."""
    scene = SCENES["rock" if user % 2 == 0 else "jazz"]
    return [scene[(user // 2 + k) % 8] for k in range(5)]


def community(folder):
    """60 listeners, each playing 5 of their scene's 8 artists."""
    path = os.path.join(folder, "community.tsv")
    with open(path, "w") as out:
        for user in range(60):
            for k, artist in enumerate(artists_of(user)):
                out.write(f"u{user}\t{artist}\t{10 + user + k}\n")
    return path


def listens(folder):
    """The same two scenes in ListenBrainz's dump shape, one artist with an MBID, one named twice."""
    import json

    path = os.path.join(folder, "listens.jsonl")
    with open(path, "w") as out:
        for user in range(30):
            for k, artist in enumerate(artists_of(user)):
                info = {"artist_mbids": ["mbid-rock0"]} if artist == "rock0" else {}
                name = "Rock Zero" if artist == "rock0" else artist.upper() if k % 2 else artist
                for t in range(3):
                    out.write(json.dumps({
                        "user_name": f"u{user}", "listened_at": 1_700_000_000 + t,
                        "track_metadata": {"artist_name": name, "track_name": f"t{t}", "additional_info": info},
                    }) + "\n")
    return path


def fold_in(folder, asset, listener):
    """`attune recommend --community ASSET --fold-in` for one listener's `(artist, weight)` pairs."""
    new = os.path.join(folder, "new.tsv")
    with open(new, "w") as out:
        out.writelines(f"fan\t{artist}\t{weight}\n" for artist, weight in listener)
    recs = os.path.join(folder, "recs.tsv")
    result = subprocess.run(
        [os.environ.get("ATTUNE_BIN", "attune"), "recommend", "--community", asset,
         "--fold-in", new, "--k", "5", "--out", recs, "--quiet"],
        capture_output=True, text=True,
    )
    return result, recs


class Pipeline(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.spark = pipeline.spark_session("2")
        cls.spark.sparkContext.setLogLevel("ERROR")

    @classmethod
    def tearDownClass(cls):
        cls.spark.stop()

    def built_asset(self, folder):
        asset = os.path.join(folder, "community.factors")
        events = pipeline.read_tsv(self.spark, community(folder))
        pipeline.build(self.spark, events, asset, grid=False, log=lambda m: None)
        return asset

    def test_the_engine_folds_a_listener_into_the_spark_trained_asset(self):
        with tempfile.TemporaryDirectory() as folder:
            result, recs = fold_in(folder, self.built_asset(folder), [("rock0", 50), ("rock1", 40), ("rock2", 30)])
            self.assertEqual(result.returncode, 0, result.stderr)
            with open(recs) as f:
                top = [line.split("\t")[1] for line in f]
            self.assertEqual(len(top), 5)
            self.assertTrue(all(a.startswith("rock") for a in top), top)
            self.assertFalse({"rock0", "rock1", "rock2"} & set(top), "what the listener has is left out")

    def test_listens_are_keyed_by_mbid_else_by_normalised_name(self):
        with tempfile.TemporaryDirectory() as folder:
            events = pipeline.read_listens(self.spark, listens(folder))
            rows = {(r["user"], r["item"]): r["weight"] for r in events.collect()}
            self.assertEqual(rows[("u0", "mbid-rock0")], 3.0)
            # "ROCK1" and "rock1" are one artist.
            self.assertEqual(len({item for _, item in rows if item.lower() == "rock1"}), 1)
            matrix, items = pipeline.indexed(events)
            self.assertEqual(len(items), 16)
            self.assertIn(("mbid-rock0", "Rock Zero"), items)

    def test_the_asset_is_refused_by_the_engine_when_damaged(self):
        with tempfile.TemporaryDirectory() as folder:
            asset = self.built_asset(folder)
            with open(asset, "rb") as f:
                data = bytearray(f.read())
            data[40] ^= 1
            with open(asset, "wb") as f:
                f.write(data)
            result, _ = fold_in(folder, asset, [("rock0", 50)])
            self.assertNotEqual(result.returncode, 0)
            self.assertIn("hash", result.stderr)


if __name__ == "__main__":
    unittest.main()
