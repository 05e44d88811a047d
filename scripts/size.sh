#!/usr/bin/env bash
# Prints the size of the release bundle's wasm, JS and catalog asset, raw and gzipped (level 9).
# Usage: scripts/size.sh [DIST]   (default dist/, built by `trunk build --release`)
set -euo pipefail
cd "$(dirname "$0")/.."
dist="${1:-dist}"
printf '%-28s %12s %12s\n' file raw gzip
for file in "$dist"/*.wasm "$dist"/*.js "$dist"/catalog/* "$dist"/community/*; do
    [ -f "$file" ] || continue
    printf '%-28s %12d %12d\n' "$(basename "$file" | sed -E 's/-[0-9a-f]{16}//')" \
        "$(wc -c < "$file")" "$(gzip -9 -c "$file" | wc -c)"
done
