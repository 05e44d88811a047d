#!/usr/bin/env bash
# Recommendation quality through the CLI's file contract, under both protocols, on HetRec plays and three
# data sets built from HetRec's tags (bench/quality_datasets.py):
# - weak: `attune split` holds out 20 % of each user's items (seed 20261130); models train on the rest;
# - fold-in: `attune split --fold-in-out` holds out 20 % of the users; models train on everyone else and
#   fold each held-out user in from 80 % of their items, ranked against the other 20 %.
# Attune: `attune recommend` with no options (it chooses its settings on a validation split of the
# training file, seed 1). Anchor: implicit 0.7.3 ALS tuned on the same validation split
# (bench/implicit_tune.py: a grid widened wherever its best sits on an edge), refitted on the training file.
# Also `attune recommend --no-tune` (the fixed defaults) and EASE (`--model ease`, fixed λ 300). Prints a markdown table per protocol with 95 % intervals
# (bootstrap over users); every file is kept under artifacts/quality. About 8 minutes on 2 cores.
# `scripts/quality.sh user_tag hetrec` runs only the data sets named.
set -euo pipefail
cd "$(dirname "$0")/.."
hetrec=../shared/data/hetrec2011-lastfm-2k
if [ ! -f "$hetrec/user_taggedartists.dat" ]; then
    echo "skipping the quality comparison: $hetrec not found (see ../shared/data/README.md)"
    exit 0
fi
bash bench/setup-python.sh >/dev/null
cargo build -q --profile release-native -p attune-cli
A=$PWD/target/release-native/attune
PY=target/bench-venv/bin/python
out=artifacts/quality
rm -rf "$out" && mkdir -p "$out/data"
started=$(date +%s)
$PY bench/quality_datasets.py "$hetrec" "$out/data"
echo "load: $(uptime | sed 's/.*load average: //')"
for data in "$out"/data/*.tsv; do
    name=$(basename "$data" .tsv)
    if [ $# -gt 0 ] && [[ ! " $* " =~ " $name " ]]; then
        continue
    fi
    for protocol in weak fold-in; do
        dir="$out/$name.$protocol"
        mkdir -p "$dir"
        fold=()
        [ "$protocol" = fold-in ] && fold=(--fold-in "$dir/new.tsv")
        split=()
        [ "$protocol" = fold-in ] && split=(--fold-in-out "$dir/new.tsv")
        $A split --data "$data" --train-out "$dir/train.tsv" --test-out "$dir/test.tsv" "${split[@]}" \
            --seed 20261130 2>/dev/null
        score() {
            $A score --train "$dir/train.tsv" "${fold[@]}" --test "$dir/test.tsv" --recs "$dir/$1.tsv" \
                --per-user "$dir/$1.users.tsv" >"$dir/$1.score.json"
        }
        $A recommend --train "$dir/train.tsv" "${fold[@]}" --k 100 --out "$dir/attune.tsv" 2>"$dir/attune.log"
        score attune
        $A recommend --no-tune --quiet --train "$dir/train.tsv" "${fold[@]}" --k 100 --out "$dir/fixed.tsv"
        score fixed
        $A recommend --model ease --train "$dir/train.tsv" "${fold[@]}" --k 100 --out "$dir/ease.tsv" 2>/dev/null
        score ease
        $PY bench/implicit_tune.py --train "$dir/train.tsv" "${fold[@]}" --k 100 --out "$dir/implicit.tsv" \
            --attune "$A" --work "$dir/implicit-validation" >"$dir/implicit.json" 2>/dev/null
        score implicit
    done
done
$PY bench/quality_report.py "$out"
echo "quality.sh took $(( $(date +%s) - started )) s"
