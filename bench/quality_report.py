#!/usr/bin/env python3
"""The table of scripts/quality.sh: per data set, implicit's best grid point chosen on the validation split
and Attune's default, NDCG@10 on both splits, and their ratio.

    quality_report.py OUT_DIR REGULARIZATIONS ALPHAS
"""
import json
import os
import sys

VALIDATION, REPORTED = "1", "20261130"


def ndcg(path):
    with open(path) as f:
        return json.loads(f.read().strip().splitlines()[-1])["ndcg@10"]


def main(out, regs, alphas):
    grid = [(r, a) for r in regs.split() for a in alphas.split()]
    sets = sorted({d.rsplit(".s", 1)[0] for d in os.listdir(out) if ".s" in d})
    print("| data set | implicit best on validation | implicit NDCG@10 (val / reported) "
          "| Attune default NDCG@10 (val / reported) | ratio (val / reported) | best on reported |")
    print("|---|---|---:|---:|---:|---|")
    for ds in sets:
        score = lambda seed, name: ndcg(f"{out}/{ds}.s{seed}/{name}.score.json")
        implicit = {s: {p: score(s, f"implicit_r{p[0]}_a{p[1]}") for p in grid} for s in (VALIDATION, REPORTED)}
        attune = {s: score(s, "attune") for s in (VALIDATION, REPORTED)}
        best = max(grid, key=lambda p: implicit[VALIDATION][p])
        best_reported = max(grid, key=lambda p: implicit[REPORTED][p])
        iv, ir = implicit[VALIDATION][best], implicit[REPORTED][best]
        print(f"| {ds} | reg {best[0]}, alpha {best[1]} | {iv:.4f} / {ir:.4f} "
              f"| {attune[VALIDATION]:.4f} / {attune[REPORTED]:.4f} "
              f"| **{attune[VALIDATION] / iv:.3f}× / {attune[REPORTED] / ir:.3f}×** "
              f"| reg {best_reported[0]}, alpha {best_reported[1]}: {implicit[REPORTED][best_reported]:.4f} |")


if __name__ == "__main__":
    main(*sys.argv[1:4])
