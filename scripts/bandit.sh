#!/usr/bin/env bash
# The bandit benchmark on full-information streams (BENCHMARKS.md, issue #16): the HetRec reference stream
# and its variants, Attune's policies (`attune replay --full-info`) and Vowpal Wabbit (the shared
# ../shared/bench/bandit-stream/vw_stream.py) on the same files, policy seeds 1000-1002. About 15 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
S=../shared/bench/bandit-stream
if [ ! -f "$S/make_stream.py" ] || [ ! -d ../shared/data/hetrec2011-lastfm-2k ]; then
    echo "skipping the bandit benchmark: $S or ../shared/data/hetrec2011-lastfm-2k not found"
    exit 0
fi
bash bench/setup-python.sh >/dev/null
cargo build -q --profile release-native -p attune-cli
A=target/release-native/attune
P=target/bench-venv/bin/python
out=artifacts/bandit
mkdir -p "$out"
echo "load: $(uptime | sed 's/.*load average: //')"
streams=()
for seed in 1 2 3; do
    [ -f "$out/hetrec-s$seed.jsonl" ] || $P $S/make_stream.py hetrec --events 50000 --seed $seed --out "$out/hetrec-s$seed.jsonl"
    streams+=("$out/hetrec-s$seed.jsonl")
done
for variant in uniform-negatives sparse-tags; do
    [ -f "$out/$variant-s1.jsonl" ] || $P bench/stream_variants.py $variant --events 50000 --seed 1 --out "$out/$variant-s1.jsonl"
    streams+=("$out/$variant-s1.jsonl")
done
for stream in "${streams[@]}"; do
    seeds=1000
    [ "$stream" = "$out/hetrec-s1.jsonl" ] && seeds="1000 1001 1002"
    for seed in $seeds; do
        echo "== $stream, policy seed $seed"
        $A replay --full-info "$stream" --seed "$seed" | head -n -1
        $P $S/vw_stream.py "$stream" --seed "$seed" --policies popular,squarecb | grep -v '^{'
    done
done
