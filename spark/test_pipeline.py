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

    def test_a_heavy_listeners_walk_goes_through_their_most_played_artists_only(self):
        # Listener 0 plays artists 0-5, most played first; listener 1 plays 0 and 1. With a cap of two,
        # artists 2-5 are reached only through listener 0's least played, so they get no neighbours.
        matrix = self.spark.createDataFrame(
            [(0, i, float(10 - i)) for i in range(6)] + [(1, 0, 1.0), (1, 1, 1.0)], "u int, i int, r double")
        cap = pipeline.WALK_ARTISTS
        try:
            everything = pipeline.rp3beta(matrix, 6, pipeline.RP3_BETA)
            pipeline.WALK_ARTISTS = 2
            capped = pipeline.rp3beta(matrix, 6, pipeline.RP3_BETA)
        finally:
            pipeline.WALK_ARTISTS = cap
        self.assertEqual([len(row) for row in everything], [5] * 6)
        self.assertEqual([[i for i, _ in row] for row in capped], [[1], [0], [], [], [], []])
        # The walk's steps keep their normalisation over all of listener 0's plays.
        self.assertAlmostEqual(capped[0][0][1], dict(everything[0])[1], places=6)


class Scoring(unittest.TestCase):
    """The driver-side validation scoring, which needs no Spark: the vectorised forms against the plain
    loops they replaced, and the sample that bounds it."""

    def test_neighbour_scores_and_the_top_ten_match_the_plain_loops(self):
        import numpy as np

        rng = np.random.default_rng(3)
        n = 200
        rows = [[(int(i), float(rng.random())) for i in rng.choice(n, size=rng.integers(0, 15), replace=False)]
                for _ in range(n)]
        matrix = pipeline.neighbour_matrix(rows, n)
        for _ in range(50):
            items = rng.choice(n, size=rng.integers(0, 20), replace=False).tolist()
            weights = rng.random(len(items)).tolist()
            looped = np.zeros(n, dtype=np.float32)
            for j, w in zip(items, weights):
                for i, s in rows[j]:
                    looped[i] += w * s
            np.testing.assert_allclose(pipeline.neighbour_scores(matrix, n, items, weights), looped, atol=1e-5)
            # Heavy ties (scores rounded to a tenth): the lower index first, as a stable sort.
            scores = np.round(rng.random(n), 1).astype(np.float32)
            self.assertEqual(pipeline.top_10(scores), np.argsort(-scores, kind="stable")[:10].tolist())

    def test_every_neighbour_weight_scored_in_one_pass_as_alone(self):
        import numpy as np

        rng = np.random.default_rng(5)
        n = 120
        y = rng.normal(size=(n, 8)).astype(np.float32)
        rows = [[(int(i), float(rng.random())) for i in rng.choice(n, size=10, replace=False) if i != j]
                for j in range(n)]
        cases = [([(int(i), float(1 + rng.random())) for i in rng.choice(n, size=6, replace=False)],
                  {int(i) for i in rng.choice(n, size=3, replace=False)}) for _ in range(40)]
        weights = pipeline.NEIGHBOUR_WEIGHTS
        together = pipeline.validation_ndcg(y, rows, cases, 0.5, 0.1, weights)
        alone = [pipeline.validation_ndcg(y, rows, cases, 0.5, 0.1, (w,))[0] for w in weights]
        self.assertEqual(together, alone)
        self.assertGreater(len(set(together)), 1, "the weights change the ranking")

    def test_validation_listeners_past_the_cap_are_a_seeded_sample(self):
        rows = {u: [(i, 1.0) for i in range(6)] for u in range(40)}
        everyone = pipeline.split_cases(rows, 1)
        cap = pipeline.MAX_VALIDATION_LISTENERS
        try:
            pipeline.MAX_VALIDATION_LISTENERS = 10
            sample, again = pipeline.split_cases(rows, 1), pipeline.split_cases(rows, 1)
        finally:
            pipeline.MAX_VALIDATION_LISTENERS = cap
        self.assertEqual(len(everyone), 40)
        self.assertEqual(len(sample), 10)
        self.assertEqual(sample, again)
        self.assertTrue(all(case in everyone for case in sample))


if __name__ == "__main__":
    unittest.main()
