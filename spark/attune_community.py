"""The community model at scale: listening events -> user x artist confidences -> implicit ALS (Spark
MLlib) with settings chosen on a validation split -> RP3beta item neighbours (Spark) -> the factor asset
the engine reads (`crates/engine/src/shipped.rs`, layout there). See README.md.

    python attune_community.py build --tsv TRAIN.tsv --out ASSET        (the file contract: user item weight)
    python attune_community.py build --hetrec DIR --out ASSET            (HetRec user_artists.dat, artists.dat)
    python attune_community.py build --listens DUMP.jsonl --out ASSET    (ListenBrainz's dump shape)
"""

import argparse
import base64
import json
import math
import os
import sys
import time
import unicodedata

import numpy as np
from pyspark.ml.recommendation import ALS
from pyspark.sql import SparkSession, Window
from pyspark.sql import functions as F

# As the engine: 64 factors, 15 sweeps, RP3beta with alpha 0.8 and 100 neighbours, artists with at
# least two listeners, NDCG@10 on a fifth of the listeners folded in from 80 % of their artists.
FACTORS = 64
ITERATIONS = 15
RP3_ALPHA = 0.8
NEIGHBOURS = 100
# A listener's walk between artists goes through at most this many of their artists, their most played:
# the self-join costs the sum of n_u^2 over listeners, so one listener of 10^5 artists would cost as much
# as 10^6 listeners of 100. The transitions stay normalised over all of a listener's plays, so only the
# walks through a heavy listener's least played artists are dropped. HetRec keeps 50 artists a listener
# and the generated dumps fewer than this, so neither is cut; the ListenBrainz dumps have listeners of
# tens of thousands.
WALK_ARTISTS = 1000
MIN_LISTENERS = 2
VALIDATION_SHARE = 0.2
SEED = 1
# The validation listeners scored, at most: a seeded sample past this, since scoring runs on the driver
# (at 10^7 listens, 38,660 listeners against 98,478 artists took 14 minutes of one setting's 15), and
# 5,000 listeners already tell settings apart to about +-0.005 NDCG@10.
MAX_VALIDATION_LISTENERS = 5000
# The grid the validation split chooses from. Spark penalises a user with n artists regParam * n (ALS-WR),
# so its regParam is the engine's lambda with reg_exponent 1 and a mean of 1.
ALPHAS = (1.375, 2.75, 5.5, 11.0)
REG_PARAMS = (0.01, 0.03, 0.1, 0.3)
NEIGHBOUR_WEIGHTS = (0.0, 0.1, 0.25, 0.5, 1.0)
RP3_BETA = 0.4
CONTENT_WEIGHT = 0.05


def spark_session(cores="*"):
    # Python UDFs run in worker processes: the same interpreter as this one.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    return (
        SparkSession.builder.master(f"local[{cores}]")
        .appName("attune-community")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "8")
        .config("spark.driver.memory", "2g")
        .getOrCreate()
    )


def normalise(name):
    """As the engine's `names::normalise`, closely enough to key artists: case, accents and spacing."""
    folded = unicodedata.normalize("NFKD", name.lower())
    return " ".join("".join(c for c in folded if not unicodedata.combining(c)).split())


# ---- reading events -------------------------------------------------------------------------------------

def read_tsv(spark, path):
    """`user<TAB>item<TAB>weight` (the file contract); items are named by their ids."""
    df = spark.read.csv(path, sep="\t", schema="user string, item string, weight double")
    return df.withColumn("name", F.col("item"))


def read_hetrec(spark, folder):
    plays = spark.read.csv(f"{folder}/user_artists.dat", sep="\t", header=True, inferSchema=True)
    names = spark.read.csv(f"{folder}/artists.dat", sep="\t", header=True).select(
        F.col("id").alias("item"), F.col("name")
    )
    plays = plays.select(
        F.col("userID").cast("string").alias("user"),
        F.col("artistID").cast("string").alias("item"),
        F.col("weight").cast("double"),
    )
    return plays.join(names, "item")


def normalised_column(name):
    """Spark's side of `normalise` for keying: lower case, spacing collapsed (built-in functions, so no
    Python runs per row; accents are kept, where the engine folds them)."""
    return F.lower(F.regexp_replace(F.trim(name), r"\s+", " "))


def read_listens(spark, path):
    """ListenBrainz's listens dump, one JSON object a line: user_name, listened_at and track_metadata
    (artist_name, track_name, additional_info.artist_mbids, recording_mbid). An artist is keyed by its
    first MBID when the listen has one, else by its normalised name; a user x artist weight is the number
    of listens."""
    listens = spark.read.json(path)
    meta = F.col("track_metadata")
    artist = F.coalesce(
        F.element_at(meta.getField("additional_info").getField("artist_mbids"), 1),
        normalised_column(meta.getField("artist_name")),
    )
    keyed = listens.select(
        F.col("user_name").alias("user"), artist.alias("item"), meta.getField("artist_name").alias("name")
    ).where(F.col("item").isNotNull() & (F.col("item") != ""))
    return keyed.groupBy("user", "item").agg(F.count("*").cast("double").alias("weight"), F.first("name").alias("name"))


# ---- the matrix -----------------------------------------------------------------------------------------

def indexed(events):
    """Positive weights of artists with enough listeners, users and items numbered from 0, and the
    engine's confidence: log1p of the weight (its mean kept, so that alpha means what it means there)."""
    events = events.where(F.col("weight") > 0)
    listeners = events.groupBy("item").agg(F.countDistinct("user").alias("listeners"))
    events = events.join(listeners.where(F.col("listeners") >= MIN_LISTENERS), "item").drop("listeners")
    items = events.select("item", "name").dropDuplicates(["item"]).orderBy("item")
    items = items.rdd.zipWithIndex().map(lambda r: (r[0]["item"], r[0]["name"], r[1])).toDF(["item", "name", "i"])
    users = events.select("user").distinct().orderBy("user")
    users = users.rdd.zipWithIndex().map(lambda r: (r[0]["user"], r[1])).toDF(["user", "u"])
    matrix = (
        events.drop("name")
        .join(items.select("item", "i"), "item")
        .join(users, "user")
        .select("u", "i", F.log1p("weight").alias("r"))
    )
    return matrix.cache(), [(row["item"], row["name"]) for row in items.orderBy("i").collect()]


def held_out_users(matrix, share, seed):
    users = [r["u"] for r in matrix.select("u").distinct().collect()]
    rng = np.random.default_rng(seed)
    return set(rng.choice(users, size=int(len(users) * share), replace=False).tolist())


def user_rows(matrix, users):
    rows = {}
    for r in matrix.where(F.col("u").isin(list(users))).collect():
        rows.setdefault(r["u"], []).append((r["i"], r["r"]))
    return rows


# ---- training -------------------------------------------------------------------------------------------

def fit_als(matrix, n_items, alpha, reg_param, mean_r):
    """Spark's implicit ALS on r / mean(r), so that its confidence 1 + alpha * rating is the engine's."""
    ratings = matrix.select(F.col("u").alias("user"), F.col("i").alias("item"), (F.col("r") / mean_r).alias("rating"))
    als = ALS(
        rank=FACTORS, maxIter=ITERATIONS, regParam=reg_param, alpha=alpha, implicitPrefs=True,
        userCol="user", itemCol="item", ratingCol="rating", seed=SEED, nonnegative=False,
    )
    model = als.fit(ratings)
    y = np.zeros((n_items, FACTORS), dtype=np.float32)
    for row in model.itemFactors.collect():
        y[row["id"]] = row["features"]
    return y


def rp3beta(matrix, n_items, beta):
    """Item neighbours by RP3beta (Paudel et al. 2017), as the engine's `item_knn`: j -> user -> i with
    each transition normalised and raised to alpha, over popularity(i)^beta; the best NEIGHBOURS per j.
    Each listener's walks go through their WALK_ARTISTS most played artists at most."""
    by_user = Window.partitionBy("u")
    by_item = Window.partitionBy("i")
    most_played = Window.partitionBy("u").orderBy(F.col("r").desc(), F.col("i"))
    walks = (
        matrix.select(
            "u", "i",
            F.pow(F.col("r") / F.sum("r").over(by_user), RP3_ALPHA).alias("p_ui"),
            F.pow(F.col("r") / F.sum("r").over(by_item), RP3_ALPHA).alias("p_iu"),
            F.pow(F.count("*").over(by_item).cast("double"), -beta).alias("popularity"),
            F.row_number().over(most_played).alias("rank"),
        )
        .where(F.col("rank") <= WALK_ARTISTS)
        .cache()
    )
    start = walks.select("u", F.col("i").alias("j"), F.col("p_iu").alias("p_ju"))
    end = walks.select("u", "i", "p_ui", "popularity")
    similar = (
        start.join(end, "u")
        .where(F.col("i") != F.col("j"))
        .groupBy("j", "i")
        .agg((F.sum(F.col("p_ju") * F.col("p_ui")) * F.first("popularity")).alias("s"))
    )
    best = Window.partitionBy("j").orderBy(F.col("s").desc(), F.col("i"))
    top = similar.withColumn("rank", F.row_number().over(best)).where(F.col("rank") <= NEIGHBOURS)
    rows = [[] for _ in range(n_items)]
    for r in top.collect():
        rows[r["j"]].append((r["i"], r["s"]))
    for row in rows:
        row.sort(key=lambda t: (-t[1], t[0]))
    return rows


# ---- folding in and scoring, as the engine does ---------------------------------------------------------

def fold_in(y, yty, items, weights, slope, reg_param):
    """x = (YtY + Yt(C - I)Y + lambda_u I)^-1 Yt C p, with lambda_u = regParam * n (Spark's penalty)."""
    yi = y[items]
    c = 1.0 + slope * np.asarray(weights, dtype=np.float32)
    a = yty + (yi.T * (c - 1.0)) @ yi + reg_param * len(items) * np.eye(y.shape[1], dtype=np.float32)
    b = yi.T @ c
    return np.linalg.solve(a, b)


def neighbour_matrix(rows, n_items):
    """The neighbour lists as a sparse row matrix (indptr, indices, values), to score with numpy."""
    indptr = np.zeros(n_items + 1, dtype=np.int64)
    indptr[1:] = np.cumsum([len(row) for row in rows])
    indices = np.fromiter((i for row in rows for i, _ in row), dtype=np.int64, count=indptr[-1])
    values = np.fromiter((s for row in rows for _, s in row), dtype=np.float32, count=indptr[-1])
    return indptr, indices, values


def neighbour_scores(matrix, n_items, items, weights):
    indptr, indices, values = matrix
    items = np.asarray(items, dtype=np.int64)
    starts, ends = indptr[items], indptr[items + 1]
    picked = np.concatenate([np.arange(a, b) for a, b in zip(starts, ends)] or [np.zeros(0, dtype=np.int64)])
    repeats = np.repeat(np.asarray(weights, dtype=np.float32), ends - starts)
    return np.bincount(indices[picked], weights=repeats * values[picked], minlength=n_items).astype(np.float32)


def max_positive(v):
    m = float(v.max()) if len(v) else 0.0
    return m if m > 0 else 1.0


def ndcg_at_10(ranked, relevant):
    dcg = sum(1.0 / math.log2(k + 2) for k, i in enumerate(ranked[:10]) if i in relevant)
    ideal = sum(1.0 / math.log2(k + 2) for k in range(min(10, len(relevant))))
    return dcg / ideal if ideal else 0.0


def top_10(scores):
    """The ten best, best first, ties by lower index (as a stable sort by descending score)."""
    if len(scores) <= 10:
        return np.argsort(-scores, kind="stable").tolist()
    tenth = -np.partition(-scores, 9)[9]
    above = np.flatnonzero(scores > tenth)
    best = np.concatenate([above, np.flatnonzero(scores == tenth)[:10 - len(above)]])
    return sorted(best.tolist(), key=lambda i: (-scores[i], i))


def validation_ndcg(y, rows, cases, slope, reg_param, neighbour_weights=(0.0,)):
    """Mean NDCG@10 over the validation cases for each neighbour weight: each case is folded in and its
    neighbours scored once, then blended with every weight."""
    yty = y.T @ y
    matrix = neighbour_matrix(rows, len(y)) if any(w > 0 for w in neighbour_weights) else None
    totals = [0.0] * len(neighbour_weights)
    for given, hidden in cases:
        items = [i for i, _ in given]
        weights = [w for _, w in given]
        als = y @ fold_in(y, yty, items, weights, slope, reg_param)
        als = als / max_positive(als)
        if matrix is not None:
            nb = neighbour_scores(matrix, len(y), items, weights)
            nb_max = max_positive(nb)
        for k, neighbour_weight in enumerate(neighbour_weights):
            scores = als + neighbour_weight * nb / nb_max if neighbour_weight > 0 else als.copy()
            scores[items] = -np.inf
            totals[k] += ndcg_at_10(top_10(scores), hidden)
    return [total / max(len(cases), 1) for total in totals]


def split_cases(rows, seed):
    """Each held-out listener: 80 % of their artists given, the rest to find."""
    rng = np.random.default_rng(seed)
    cases = []
    for u in sorted(rows):
        row = rows[u]
        if len(row) < 5:
            continue
        order = rng.permutation(len(row))
        cut = int(len(row) * 0.8)
        cases.append(([row[k] for k in order[:cut]], {row[k][0] for k in order[cut:]}))
    if len(cases) > MAX_VALIDATION_LISTENERS:
        keep = sorted(rng.choice(len(cases), size=MAX_VALIDATION_LISTENERS, replace=False).tolist())
        cases = [cases[k] for k in keep]
    return cases


# ---- the asset ------------------------------------------------------------------------------------------

def fnv1a(data):
    h = 0xCBF29CE484222325
    for b in data:
        h = ((h ^ b) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return h


def varint(value):
    """Unsigned LEB128: seven bits a byte, low bits first, the high bit set on all but the last."""
    out = bytearray()
    while True:
        byte, value = value & 0x7F, value >> 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def quantise(values, levels):
    scale = float(np.max(np.abs(values))) if len(values) else 0.0
    if scale == 0.0:
        return 0.0, np.zeros(len(values))
    return scale, np.round(np.asarray(values, dtype=np.float64) / scale * levels)


def write_asset(path, names, y, rows, settings, slope, reg_param):
    # The engine refuses an asset with a non-finite value; say so here, where it is made.
    if not np.isfinite(y).all() or not all(math.isfinite(s) for row in rows for _, s in row):
        raise ValueError("the model has non-finite factors or similarities")
    lines = ["attune-factors 2", f"settings {settings}", f"fold-in {slope} {reg_param} 1 1", f"items {len(names)} {y.shape[1]}"]
    for name, factors in zip(names, y):
        scale, q = quantise(factors, 127)
        clean = "".join(" " if unicodedata.category(c) == "Cc" else c for c in name)
        lines.append(f"{clean}\t{scale!r}\t{base64.b64encode(q.astype(np.int8).tobytes()).decode()}")
    lines.append(f"neighbours {len(names)} {sum(len(row) for row in rows)}")
    for row in rows:
        row = sorted(row)
        scale, q = quantise([max(s, 0.0) for _, s in row], 255)
        # By increasing item: the gap from the previous one (from 0 for the first) as a LEB128 varint,
        # then the weight's byte.
        payload, previous = bytearray(), 0
        for (i, _), w in zip(row, q):
            payload += varint(int(i) - previous) + bytes([int(w)])
            previous = int(i)
        lines.append(f"{scale!r}\t{base64.b64encode(bytes(payload)).decode()}")
    body = ("\n".join(lines) + "\n").encode()
    with open(path, "wb") as out:
        out.write(body + f"hash {fnv1a(body):016x}\n".encode())


# ---- the pipeline ---------------------------------------------------------------------------------------

class Stages:
    """Wall seconds of each stage of a build, for the scaling table in BENCHMARKS.md. Spark is lazy, so
    each stage ends on an action that forces its work."""

    def __init__(self, log):
        self.seconds, self.at, self.log = {}, time.time(), log

    def done(self, name):
        now = time.time()
        self.seconds[name] = round(self.seconds.get(name, 0.0) + now - self.at, 1)
        self.at = now
        self.log(f"stage {name}: {self.seconds[name]} s")


def build(spark, events, out, grid=True, log=print):
    started, stages = time.time(), Stages(log)
    matrix, items = indexed(events)
    n_items = len(items)
    cells = matrix.count()
    stages.done("read and aggregate")
    mean_r = matrix.agg(F.mean("r")).first()[0]
    held = held_out_users(matrix, VALIDATION_SHARE, SEED)
    cases = split_cases(user_rows(matrix, held), SEED)
    training = matrix.where(~F.col("u").isin(list(held))).cache()
    log(f"{cells} user x artist cells, {n_items} artists, {len(cases)} validation listeners")
    stages.done("validation split")
    alphas, regs, weights = (ALPHAS, REG_PARAMS, NEIGHBOUR_WEIGHTS) if grid else ((5.5,), (0.03,), (0.25,))
    best = None
    for alpha in alphas:
        for reg in regs:
            y = fit_als(training, n_items, alpha, reg, mean_r)
            [score] = validation_ndcg(y, None, cases, alpha / mean_r, reg)
            log(f"alpha {alpha} regParam {reg}: validation NDCG@10 {score:.4f}")
            if best is None or score > best[0]:
                best = (score, alpha, reg, y)
    stages.done("validation fits")
    _, alpha, reg, y = best
    rows = rp3beta(training, n_items, RP3_BETA)
    scored = list(zip(validation_ndcg(y, rows, cases, alpha / mean_r, reg, weights), weights))
    score, neighbour_weight = max(scored, key=lambda t: (t[0], -t[1]))
    log(f"chosen: alpha {alpha}, regParam {reg}, neighbour weight {neighbour_weight} (validation NDCG@10 {score:.4f})")
    stages.done("validation neighbours")
    # Refitted on everyone with the chosen settings.
    y = fit_als(matrix, n_items, alpha, reg, mean_r)
    stages.done("refit")
    rows = rp3beta(matrix, n_items, RP3_BETA)
    stages.done("neighbours")
    settings = (
        f"alpha={alpha},regularization={reg},reg_exponent=1,rp3_beta={RP3_BETA},"
        f"neighbour_weight={neighbour_weight},content_weight={CONTENT_WEIGHT}"
    )
    write_asset(out, [name or key for key, name in items], y, rows, settings, alpha / mean_r, reg)
    stages.done("write")
    log(json.dumps({
        "cells": cells, "artists": n_items, "seconds": round(time.time() - started, 1),
        "stages": stages.seconds, "settings": settings,
    }))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="train on events and write the factor asset")
    source = b.add_mutually_exclusive_group(required=True)
    source.add_argument("--tsv")
    source.add_argument("--hetrec")
    source.add_argument("--listens")
    b.add_argument("--out", required=True)
    b.add_argument("--no-grid", action="store_true", help="one setting instead of the validation grid")
    b.add_argument("--cores", default="*")
    args = parser.parse_args(argv)
    spark = spark_session(args.cores)
    spark.sparkContext.setLogLevel("ERROR")
    try:
        if args.tsv:
            events = read_tsv(spark, args.tsv)
        elif args.hetrec:
            events = read_hetrec(spark, args.hetrec)
        else:
            events = read_listens(spark, args.listens)
        build(spark, events, args.out, grid=not args.no_grid, log=lambda m: print(m, file=sys.stderr))
    finally:
        spark.stop()


if __name__ == "__main__":
    main()
