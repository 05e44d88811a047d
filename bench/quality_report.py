#!/usr/bin/env python3
"""The tables of scripts/quality.sh: per data set and protocol, the settings Attune chose on its
validation split, implicit's tuned point, NDCG@10 of Attune, implicit and EASE with the ratio against
implicit and its 95 % interval (a paired bootstrap over users: 2,000 resamples of the evaluated users,
the ratio of the two means in each), the same ratio for `attune recommend --no-tune` (the fixed defaults),
recall@20 and MAP@10, and the run times: Attune's whole `recommend` (tuning included) against one implicit
fit with its chosen setting, from single runs while the script runs (scripts/bench.sh measures the budget
with repeated runs).

    quality_report.py OUT_DIR
"""
import json
import os
import sys

import numpy as np

PROTOCOLS = {"weak": "weak (known listeners)", "fold-in": "fold-in (listeners folded in)"}
RESAMPLES = 2000


def per_user(path):
    """{user: (ndcg, recall, map)} of `attune score --per-user`."""
    with open(path) as f:
        return {u: tuple(map(float, rest)) for u, *rest in (line.rstrip("\n").split("\t") for line in f)}


def score(path):
    with open(path) as f:
        return json.loads(f.read().strip().splitlines()[-1])


def interval(a, b, seed=15):
    """95 % bootstrap interval of mean(a) / mean(b), users resampled in pairs."""
    rng = np.random.default_rng(seed)
    n = len(a)
    picks = rng.integers(0, n, size=(RESAMPLES, n))
    ratios = a[picks].mean(axis=1) / b[picks].mean(axis=1)
    return np.percentile(ratios, [2.5, 97.5])


def attune_run(dir_):
    """(chosen settings, seconds) from `attune recommend`'s stderr."""
    with open(f"{dir_}/attune.log") as f:
        lines = f.read().strip().splitlines()
    timing = json.loads(lines[-1])
    return timing["settings"], timing["total_seconds"]


def main(out):
    sets = sorted({d.rsplit(".", 1)[0] for d in os.listdir(out) if d.endswith((".weak", ".fold-in"))})
    for protocol, title in PROTOCOLS.items():
        print(f"\n{title}\n")
        print("| data set | users | Attune settings (chosen on validation) | implicit (chosen on validation) "
              "| NDCG@10 Attune / implicit / EASE | **ratio** [95 % CI] | `--no-tune` ratio [95 % CI] "
              "| recall@20 A / i | MAP@10 A / i | Attune s (tune+fit+recs) | implicit fit s | time ratio |")
        print("|---|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
        for ds in sets:
            d = f"{out}/{ds}.{protocol}"
            a, i, e = (score(f"{d}/{m}.score.json") for m in ("attune", "implicit", "ease"))
            pa, pi = per_user(f"{d}/attune.users.tsv"), per_user(f"{d}/implicit.users.tsv")
            users = sorted(pa)
            na = np.array([pa[u][0] for u in users])
            ni = np.array([pi[u][0] for u in users])
            lo, hi = interval(na, ni)
            fixed = "—"
            if os.path.exists(f"{d}/fixed.users.tsv"):
                pf = per_user(f"{d}/fixed.users.tsv")
                nf = np.array([pf[u][0] for u in users])
                flo, fhi = interval(nf, ni)
                fixed = f"{nf.mean() / ni.mean():.3f}× [{flo:.3f}, {fhi:.3f}]"
            settings, seconds = attune_run(d)
            with open(f"{d}/implicit.json") as f:
                imp = json.loads(f.read().strip().splitlines()[-1])
            print(f"| {ds} | {a['users']} | {settings.replace(',', ', ')} "
                  f"| reg {imp['regularization']:g}, alpha {imp['alpha']:g} ({imp['fits']} fits) "
                  f"| {a['ndcg@10']:.4f} / {i['ndcg@10']:.4f} / {e['ndcg@10']:.4f} "
                  f"| **{na.mean() / ni.mean():.3f}×** [{lo:.3f}, {hi:.3f}] | {fixed} "
                  f"| {a['recall@20']:.4f} / {i['recall@20']:.4f} | {a['map@10']:.4f} / {i['map@10']:.4f} "
                  f"| {seconds:.1f} | {imp['fit_seconds']:.2f} | {seconds / imp['fit_seconds']:.1f}× |")


if __name__ == "__main__":
    main(sys.argv[1])
