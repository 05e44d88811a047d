#!/usr/bin/env python3
"""implicit 0.7.3 tuned the way Attune tunes itself: on a validation split carved from the training file
(`attune split` of TRAIN.tsv with the tuner's seed, 1), never on the test file; then refitted on all of
TRAIN.tsv with the chosen setting. The anchor of scripts/quality.sh, for both protocols.

    implicit_tune.py --train TRAIN.tsv [--fold-in NEW.tsv] --k K --out RECS.tsv --attune ATTUNE --work DIR

The grid starts at regularization {1, 10, 30, 100} x alpha {1, 2, 4} (BENCHMARKS.md's 12 points) and is
widened, a column or a row at a time, wherever the best point sits on its edge (alpha doubled or halved
within 0.125-128, regularization x3 or /3 within 0.03-3000), until the best is inside the grid or at a
bound. Each point is scored by `attune score` on the validation split, so both sides are measured alike.
Prints one JSON line on stdout: the chosen point, every point's validation NDCG@10, the fits made.
"""
import argparse
import json
import os
import subprocess
import sys
import time

# One BLAS thread, set before numpy loads it (implicit warns otherwise; the comparison is single-threaded).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402
import threadpoolctl  # noqa: E402

import implicit_recommend as ir  # noqa: E402

START_REGS = [1.0, 10.0, 30.0, 100.0]
START_ALPHAS = [1.0, 2.0, 4.0]
ALPHA_BOUNDS = (0.125, 128.0)
REG_BOUNDS = (0.03, 3000.0)


def widen(values, best, factor, bounds):
    """Adds a value past `best` (x or / `factor`, within `bounds`) if it sits on an edge of `values`."""
    if best == values[-1] and best * factor <= bounds[1]:
        values.append(best * factor)
        return True
    if best == values[0] and best / factor >= bounds[0]:
        values.insert(0, best / factor)
        return True
    return False


def score(attune, train, fold_in, test, recs):
    cmd = [attune, "score", "--train", train, "--test", test, "--recs", recs]
    if fold_in:
        cmd += ["--fold-in", fold_in]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])["ndcg@10"]


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ir.add_file_arguments(p)
    p.add_argument("--attune", required=True)
    p.add_argument("--work", required=True)
    p.add_argument("--validation-seed", type=int, default=1)
    ir.add_arguments(p)
    args = p.parse_args()
    os.makedirs(args.work, exist_ok=True)

    # The validation split of the training file, as Attune's tuner carves it.
    v_train, v_test = f"{args.work}/val-train.tsv", f"{args.work}/val-test.tsv"
    v_new = f"{args.work}/val-new.tsv" if args.fold_in else None
    split = [args.attune, "split", "--data", args.train, "--train-out", v_train, "--test-out", v_test,
             "--seed", str(args.validation_seed)]
    if v_new:
        split += ["--fold-in-out", v_new]
    subprocess.run(split, check=True, capture_output=True)

    def load(path):
        users, items, weights = ir.read_train(path)
        plays = weights.copy()
        plays.data = np.log1p(plays.data).astype(np.float32)
        return users, items, plays

    validation = load(v_train)
    results = {}

    def evaluate(reg, alpha):
        if (reg, alpha) in results:
            return
        point = argparse.Namespace(**{**vars(args), "regularization": reg, "alpha": alpha, "fold_in": v_new})
        recs = f"{args.work}/val-r{reg:g}-a{alpha:g}.tsv"
        ir.run(point, *validation, recs)
        results[(reg, alpha)] = score(args.attune, v_train, v_new, v_test, recs)
        os.remove(recs)

    regs, alphas = list(START_REGS), list(START_ALPHAS)
    start = time.perf_counter()
    with threadpoolctl.threadpool_limits(limits=1, user_api="blas"):
        while True:
            for reg in regs:
                for alpha in alphas:
                    evaluate(reg, alpha)
            reg, alpha = max(results, key=results.get)
            widened_alpha = widen(alphas, alpha, 2, ALPHA_BOUNDS)
            if not (widen(regs, reg, 3, REG_BOUNDS) or widened_alpha):
                break
        tuning_seconds = time.perf_counter() - start
        chosen = argparse.Namespace(**{**vars(args), "regularization": reg, "alpha": alpha})
        fit_seconds, _ = ir.run(chosen, *load(args.train), args.out)
    print(json.dumps({
        "regularization": reg,
        "alpha": alpha,
        "validation_ndcg": results[(reg, alpha)],
        "grid": {f"r{r:g}_a{a:g}": round(v, 4) for (r, a), v in sorted(results.items())},
        "fits": len(results) + 1,
        "tuning_seconds": round(tuning_seconds, 1),
        "fit_seconds": round(fit_seconds, 3),
    }))


if __name__ == "__main__":
    sys.exit(main())
