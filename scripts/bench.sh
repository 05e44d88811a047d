#!/usr/bin/env bash
# Speed and memory benchmarks, printed as JSON lines: Attune natively and in headless Chromium (wasm,
# SIMD128) on a synthetic matrix of HetRec's shape, and implicit 0.7.3 (the anchor) on the same matrix,
# one after another in the same run. Also Attune and implicit on the real HetRec file when present.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh test >/dev/null
bash bench/setup-python.sh >/dev/null
mkdir -p artifacts/bench
cargo build -q --profile release-native -p attune-cli
A=target/release-native/attune
PY=target/bench-venv/bin/python

synthetic=artifacts/bench/synthetic-hetrec-shape.tsv
$A bench --write-synthetic "$synthetic" >/dev/null
echo "load: $(uptime | sed 's/.*load average: //')"
$A bench --data "$synthetic"
# The contextual re-ranker on the app's path, against the content list it re-ranks.
$A bench --rerank public/catalog/catalog.txt
# Co-listening on a 100,000-play history, against the import summary of the same plays.
$A bench --colisten
$A bench --artists
$A bench --community-load
$PY bench/implicit_recommend.py --train "$synthetic" --k 50 --out artifacts/bench/implicit-recs.tsv 2>&1 >/dev/null | tail -1

hetrec=../shared/data/hetrec2011-lastfm-2k/user_artists.dat
if [ -f "$hetrec" ]; then
    $A bench --data "$hetrec"
    $PY bench/implicit_recommend.py --train "$hetrec" --k 50 --out artifacts/bench/implicit-recs.tsv 2>&1 >/dev/null | tail -1
    # The tuning budget (issue #15): `attune recommend` end to end (its own settings chosen on a validation
    # split, the refit, the lists) against one implicit fit on the same file, alternately, single thread;
    # also on tag x artist (bench/quality_datasets.py), where the search uses its whole budget.
    mkdir -p artifacts/bench/data
    $PY bench/quality_datasets.py "$(dirname "$hetrec")" artifacts/bench/data >/dev/null
    for data in "$synthetic" "$hetrec" artifacts/bench/data/tag_artist.tsv; do
        $PY bench/tuning_budget.py --attune "$A" --train "$data"
    done
else
    echo "skipping HetRec runs: $hetrec not found"
fi

CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_TIMEOUT=600 \
    cargo test --release --target wasm32-unknown-unknown --test bench -- --nocapture 2>&1 | grep -E '"runtime"|test result'

# The import of ~100,000 extended-history events through the built app, in headless Chromium, against
# plain JavaScript writing the same records to IndexedDB (e2e/bench/import-bench.mjs).
trunk build --release --offline >/dev/null 2>&1
(cd e2e && node bench/import-bench.mjs)

# Opening the app to the first recommendations on the demo, warm cache (e2e/bench/first-recs.mjs).
(cd e2e && node bench/first-recs.mjs)
