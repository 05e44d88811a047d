#!/usr/bin/env bash
# Builds the listener community the app ships, public/community/lastfm-2k.factors: HetRec Last.fm-2k
# learnt on Apache Spark (spark/README.md; installs Java and PySpark when missing, nothing else needs
# them), written as factors, and checked by the engine before it replaces the shipped file.
#   scripts/community.sh [HETREC_DIR]        default ../shared/data/hetrec2011-lastfm-2k
set -euo pipefail
cd "$(dirname "$0")/.."
hetrec="${1:-../shared/data/hetrec2011-lastfm-2k}"
out=public/community/lastfm-2k.factors
if [ ! -f "$hetrec/user_artists.dat" ] || [ ! -f "$hetrec/artists.dat" ]; then
    echo "community: $hetrec has no user_artists.dat and artists.dat (HetRec Last.fm-2k, see ../shared/data/README.md)" >&2
    exit 1
fi
built="$(mktemp -d)/community.factors"
scripts/spark.sh build --hetrec "$hetrec" --out "$built"
# The engine reads it as the worker will, and folds a listener in, before it is shipped.
cargo run -q -p attune-cli -- similar --catalog public/catalog/catalog.txt --community "$built" --seed Radiohead --k 5
mv "$built" "$out"
echo "community: wrote $out ($(wc -c <"$out") bytes)"
