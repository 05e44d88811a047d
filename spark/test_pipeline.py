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


def community(folder):
    """60 listeners, each of one scene, playing 5 of its 8 artists (a rotating window)."""
    path = os.path.join(folder, "community.tsv")
    with open(path, "w") as out:
        for user in range(60):
            scene = SCENES["rock" if user % 2 == 0 else "jazz"]
            for k in range(5):
                out.write(f"u{user}\t{scene[(user // 2 + k) % 8]}\t{10 + user + k}\n")
    return path


def listens(folder):
    """The same two scenes in ListenBrainz's dump shape, one artist with an MBID, one named twice."""
    import json

    path = os.path.join(folder, "listens.jsonl")
    with open(path, "w") as out:
        for user in range(30):
            scene = SCENES["rock" if user % 2 == 0 else "jazz"]
            for k in range(5):
                artist = scene[(user // 2 + k) % 8]
                info = {"artist_mbids": ["mbid-rock0"]} if artist == "rock0" else {}
                name = "Rock Zero" if artist == "rock0" else artist.upper() if k % 2 else artist
                for t in range(3):
                    out.write(json.dumps({
                        "user_name": f"u{user}", "listened_at": 1_700_000_000 + t,
                        "track_metadata": {"artist_name": name, "track_name": f"t{t}", "additional_info": info},
                    }) + "\n")
    return path


class Pipeline(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.spark = pipeline.spark_session("2")
        cls.spark.sparkContext.setLogLevel("ERROR")

    @classmethod
    def tearDownClass(cls):
        cls.spark.stop()

    def test_the_engine_folds_a_listener_into_the_spark_trained_asset(self):
        with tempfile.TemporaryDirectory() as folder:
            asset = os.path.join(folder, "community.factors")
            events = pipeline.read_tsv(self.spark, community(folder))
            pipeline.build(self.spark, events, asset, grid=False, log=lambda m: None)
            new = os.path.join(folder, "new.tsv")
            with open(new, "w") as out:
                out.write("fan\trock0\t50\nfan\trock1\t40\nfan\trock2\t30\n")
            recs = os.path.join(folder, "recs.tsv")
            subprocess.run(
                [os.environ.get("ATTUNE_BIN", "attune"), "recommend", "--community", asset,
                 "--fold-in", new, "--k", "5", "--out", recs, "--quiet"],
                check=True,
            )
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
            asset = os.path.join(folder, "community.factors")
            events = pipeline.read_tsv(self.spark, community(folder))
            pipeline.build(self.spark, events, asset, grid=False, log=lambda m: None)
            with open(asset, "rb") as f:
                data = bytearray(f.read())
            data[40] ^= 1
            with open(asset, "wb") as f:
                f.write(data)
            new = os.path.join(folder, "new.tsv")
            with open(new, "w") as out:
                out.write("fan\trock0\t50\n")
            result = subprocess.run(
                [os.environ.get("ATTUNE_BIN", "attune"), "recommend", "--community", asset,
                 "--fold-in", new, "--k", "5", "--out", os.path.join(folder, "recs.tsv")],
                capture_output=True, text=True,
            )
            self.assertNotEqual(result.returncode, 0)
            self.assertIn("hash", result.stderr)


if __name__ == "__main__":
    unittest.main()
