#!/usr/bin/env python3
"""The tuning budget of issue #15: `attune recommend` end to end (its settings chosen on a validation split
of the file, the refit on all of it, the lists written), wall time, against one implicit 0.7.3 fit on the
same file (`model.fit` alone, its default settings), both single-threaded, run alternately in the same run.

    tuning_budget.py --attune ATTUNE --train TRAIN.tsv [--runs 5] [--work DIR]

Prints one JSON line: the mean of each side, the ratio of the means with its 95 % interval (a bootstrap
over the runs, each side resampled), and the budget (10).
"""
import argparse
import json
import os
import subprocess
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
RESAMPLES = 2000


def attune_seconds(attune, train, out):
    start = time.perf_counter()
    subprocess.run([attune, "recommend", "--quiet", "--train", train, "--k", "50", "--out", out], check=True)
    return time.perf_counter() - start


def implicit_fit_seconds(train, out):
    run = subprocess.run(
        [sys.executable, f"{HERE}/implicit_recommend.py", "--train", train, "--k", "50", "--out", out],
        check=True, capture_output=True, text=True,
        env={**os.environ, "OPENBLAS_NUM_THREADS": "1"},
    )
    return json.loads(run.stderr.strip().splitlines()[-1])["fit_seconds"]


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--attune", required=True)
    p.add_argument("--train", required=True)
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--work", default="artifacts/bench")
    args = p.parse_args()
    os.makedirs(args.work, exist_ok=True)
    attune, implicit = [], []
    for _ in range(args.runs):
        attune.append(attune_seconds(args.attune, args.train, f"{args.work}/budget-attune.tsv"))
        implicit.append(implicit_fit_seconds(args.train, f"{args.work}/budget-implicit.tsv"))
    a, i = np.array(attune), np.array(implicit)
    rng = np.random.default_rng(15)
    ratios = (a[rng.integers(0, len(a), (RESAMPLES, len(a)))].mean(axis=1)
              / i[rng.integers(0, len(i), (RESAMPLES, len(i)))].mean(axis=1))
    low, high = np.percentile(ratios, [2.5, 97.5])
    print(json.dumps({
        "bench": "attune recommend (tuning included) vs one implicit fit, single thread",
        "data": args.train,
        "runs": args.runs,
        "attune_recommend_wall_s": round(a.mean(), 3),
        "implicit_fit_s": round(i.mean(), 3),
        "ratio": round(a.mean() / i.mean(), 2),
        "ratio_95ci": [round(low, 2), round(high, 2)],
        "budget": 10,
    }))


if __name__ == "__main__":
    sys.exit(main())
