#!/usr/bin/env bash
# Recommendation quality through the CLI's file contract: Attune's default model (no options) against
# implicit 0.7.3 ALS tuned for each data set (factors 64, iterations 15, the best of a 12-point grid of
# regularization x alpha on a validation split, seed 1), on HetRec (tuned on) and three data sets built
# from HetRec's tags (the defaults were not tuned on them; BENCHMARKS.md says how independent they are).
# Both splits are `attune split`; the reported one is seed 20261130.
# Prints a markdown table; every file is kept under artifacts/quality. About 5 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
hetrec=../shared/data/hetrec2011-lastfm-2k
if [ ! -f "$hetrec/user_taggedartists.dat" ]; then
    echo "skipping the quality comparison: $hetrec not found (see ../shared/data/README.md)"
    exit 0
fi
bash bench/setup-python.sh >/dev/null
cargo build -q --profile release-native -p attune-cli
A=target/release-native/attune
PY=target/bench-venv/bin/python
REGS="1 10 30 100"
ALPHAS="1 2 4"
out=artifacts/quality
rm -rf "$out" && mkdir -p "$out/data"
$PY bench/quality_datasets.py "$hetrec" "$out/data"
echo "load: $(uptime | sed 's/.*load average: //')"
for data in "$out"/data/*.tsv; do
    name=$(basename "$data" .tsv)
    for seed in 1 20261130; do
        dir="$out/$name.s$seed"
        mkdir -p "$dir"
        $A split --data "$data" --train-out "$dir/train.tsv" --test-out "$dir/test.tsv" --seed "$seed" 2>/dev/null
        score() { $A score --train "$dir/train.tsv" --test "$dir/test.tsv" --recs "$dir/$1.tsv" >"$dir/$1.score.json"; }
        for reg in $REGS; do
            for alpha in $ALPHAS; do
                $PY bench/implicit_recommend.py --train "$dir/train.tsv" --k 100 --out "$dir/implicit_r${reg}_a${alpha}.tsv" \
                    --regularization "$reg" --alpha "$alpha" 2>/dev/null
                score "implicit_r${reg}_a${alpha}"
            done
        done
        $A recommend --train "$dir/train.tsv" --k 100 --out "$dir/attune.tsv" 2>/dev/null
        score attune
    done
done
$PY bench/quality_report.py "$out" "$REGS" "$ALPHAS"
