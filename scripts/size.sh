#!/usr/bin/env bash
# Prints the size of the release bundle's wasm, JS and assets, raw and gzipped (level 9), and checks the
# embeddable widget's budget: its wasm + js (loader included) under 250 KB gzip.
# Usage: scripts/size.sh [DIST]   (default dist/, built by `trunk build --release`)
set -euo pipefail
cd "$(dirname "$0")/.."
dist="${1:-dist}"
gz() { gzip -9 -c "$1" | wc -c; }
printf '%-28s %12s %12s\n' file raw gzip
for file in "$dist"/*.wasm "$dist"/*.js "$dist"/widget/* "$dist"/catalog/* "$dist"/community/*; do
    [ -f "$file" ] || continue
    printf '%-28s %12d %12d\n' "$(basename "$file" | sed -E 's/-[0-9a-f]{16}//')" "$(wc -c < "$file")" "$(gz "$file")"
done
widget=$(( $(gz "$dist/widget.js") + $(gz "$dist/widget/attune-widget.js") + $(gz "$dist/widget/attune-widget_bg.wasm") ))
budget=$((250 * 1024))
echo "widget wasm+js gzip: $widget bytes (budget $budget)"
if [ "$widget" -gt "$budget" ]; then
    echo "the widget is over its size budget" >&2
    exit 1
fi
