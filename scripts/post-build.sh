#!/bin/sh
# Trunk post_build hook, in the staging directory before it becomes dist/:
# 1. builds the embeddable widget on its own (src/bin/attune_widget.rs, wasm-bindgen's ES-module output,
#    no globals on the host page, then wasm-opt) into widget/;
# 2. puts a Content-Security-Policy into every HTML page (scripts/csp.py; the app's and the embed page's);
# 3. writes sw.js from pwa/sw.template.js with every file of this build to precache and a version that
#    changes whenever any of them does. It runs last so that the widget is in the list.
set -eu
dir="${TRUNK_STAGING_DIR:?run by trunk as a post_build hook}"
src="${TRUNK_SOURCE_DIR:?}"

profile=debug
release=
if [ "${TRUNK_PROFILE:-debug}" = release ]; then profile=release; release=--release; fi
(cd "$src" && cargo build -q $release --target wasm32-unknown-unknown --bin attune-widget)
target="${CARGO_TARGET_DIR:-$src/target}"
wasm-bindgen --target web --no-typescript --out-dir "$dir/widget" --out-name attune-widget \
    "$target/wasm32-unknown-unknown/$profile/attune-widget.wasm"
if [ -n "$release" ]; then
    # As Trunk does for the app (index.html): for size, names and producers dropped.
    wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
        --enable-mutable-globals --enable-reference-types --enable-multivalue --enable-simd \
        --strip-debug --strip-producers "$dir/widget/attune-widget_bg.wasm" -o "$dir/widget/attune-widget_bg.wasm"
fi

python3 "$src/scripts/csp.py" "$dir" "$src/pwa/widget.css"

cd "$dir"
files=$(find . -type f ! -name sw.js | sed 's|^\./||' | LC_ALL=C sort)
version=$(for f in $files; do sha256sum "$f"; done | sha256sum | cut -c1-16)
assets=$(for f in $files; do printf '"./%s",' "$f"; done)
sed -e "s|__VERSION__|$version|" -e "s|__ASSETS__|[\"./\",${assets%,}]|" \
    "$src/pwa/sw.template.js" > sw.js
