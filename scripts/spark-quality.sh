#!/usr/bin/env bash
# The Spark-trained community against the engine's own (issue #19, "same answers at small scale"), on
# HetRec plays under both protocols of scripts/quality.sh (same split seed):
# - weak: 20 % of each listener's artists held out; Spark trains on the rest, and each listener is folded
#   into its asset from their own training artists, as the app folds in (the asset keeps no listeners);
# - fold-in: a fifth of the listeners held out; Spark trains on everyone else, and each held-out listener is
#   folded in from 80 % of their artists.
# Anchor: `attune recommend --train` (the engine's hybrid, settings chosen on its validation split,
# unquantised) in the same run. Prints NDCG@10 and the ratio with a 95 % paired bootstrap interval over
# listeners; files under artifacts/spark-quality. About 10 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
hetrec=${1:-../shared/data/hetrec2011-lastfm-2k}
if [ ! -f "$hetrec/user_artists.dat" ]; then
    echo "skipping: $hetrec not found (see ../shared/data/README.md)"
    exit 0
fi
cargo build -q --profile release-native -p attune-cli
A=$PWD/target/release-native/attune
out=artifacts/spark-quality
rm -rf "$out" && mkdir -p "$out"
tail -n +2 "$hetrec/user_artists.dat" | tr -d '\r' >"$out/hetrec.tsv"
for protocol in weak fold-in; do
    dir="$out/$protocol"
    mkdir -p "$dir"
    if [ "$protocol" = weak ]; then split=(); fold=(); listeners="$dir/train.tsv"
    else split=(--fold-in-out "$dir/new.tsv"); fold=(--fold-in "$dir/new.tsv"); listeners="$dir/new.tsv"; fi
    $A split --data "$out/hetrec.tsv" --train-out "$dir/train.tsv" --test-out "$dir/test.tsv" "${split[@]}" \
        --seed 20261130 2>/dev/null
    $A recommend --quiet --train "$dir/train.tsv" "${fold[@]}" --k 100 --out "$dir/engine.tsv"
    scripts/spark.sh build --tsv "$dir/train.tsv" --out "$dir/spark.factors" 2>"$dir/spark.log"
    $A recommend --quiet --community "$dir/spark.factors" --fold-in "$listeners" --k 100 --out "$dir/spark.tsv"
    for model in engine spark; do
        $A score --train "$dir/train.tsv" "${fold[@]}" --test "$dir/test.tsv" --recs "$dir/$model.tsv" \
            --per-user "$dir/$model.users.tsv" >/dev/null
    done
done
target/tools/spark-venv/bin/python - "$out" <<'PY'
import sys
import numpy as np
sys.path.insert(0, "bench")
from quality_report import interval, per_user
out = sys.argv[1]
print("| protocol | listeners | engine NDCG@10 (anchor) | Spark asset folded in | ratio [95 %] |")
print("|---|---:|---:|---:|---:|")
for protocol in ("weak", "fold-in"):
    engine, spark = (per_user(f"{out}/{protocol}/{m}.users.tsv") for m in ("engine", "spark"))
    users = sorted(engine)
    a = np.array([spark.get(u, (0.0,))[0] for u in users])
    b = np.array([engine[u][0] for u in users])
    low, high = interval(a, b)
    print(f"| {protocol} | {len(users)} | {b.mean():.4f} | {a.mean():.4f} | {a.mean() / b.mean():.3f}x [{low:.3f}, {high:.3f}] |")
PY
