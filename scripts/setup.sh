#!/usr/bin/env bash
# Installs what building and testing Attune needs, skipping whatever is already there, so a second run
# takes seconds. Usage: scripts/setup.sh [serve|test]   (serve: only what building the app needs)
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-test}"

TRUNK_VERSION="0.21.14"
# wasm-bindgen-cli must equal the wasm-bindgen that Cargo.lock pins, or Trunk and the test runner refuse.
BINDGEN_VERSION="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock)"

step() { printf '\033[1msetup:\033[0m %s\n' "$*"; }

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

apt_install() {
    step "installing Debian packages: $*"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    step "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
fi

if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $BINDGEN_VERSION" ]; then
    step "installing wasm-bindgen-cli $BINDGEN_VERSION (a few minutes)"
    # No --locked: its lock file names a webpki-roots release that crates.io no longer serves.
    cargo install wasm-bindgen-cli --version "$BINDGEN_VERSION" --force
fi

if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
    step "installing trunk $TRUNK_VERSION (about 15 minutes on 2 cores)"
    # --locked: without it a newer lightningcss is picked that trunk 0.21.14 does not compile against.
    cargo install trunk --version "$TRUNK_VERSION" --locked --force
fi

# A current wasm-opt (Debian's binaryen is too old for what rustc emits): binaryen's npm package, in
# target/tools, put on PATH by serve.sh and test.sh for Trunk (Trunk.toml names the version).
BINARYEN_VERSION="132.0.0"
if [ "$(target/tools/node_modules/.bin/wasm-opt --version 2>/dev/null)" != "wasm-opt version ${BINARYEN_VERSION%%.*} (version_${BINARYEN_VERSION%%.*})" ]; then
    command -v npm >/dev/null || apt_install nodejs npm
    step "installing wasm-opt (binaryen $BINARYEN_VERSION from npm)"
    npm install --prefix target/tools --no-audit --no-fund --no-save "binaryen@$BINARYEN_VERSION" >/dev/null
fi

[ "$mode" = serve ] && exit 0

missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v chromedriver >/dev/null || missing+=(chromium-driver)
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
[ ${#missing[@]} -eq 0 ] || apt_install "${missing[@]}"

if [ ! -d e2e/node_modules/@playwright/test ] || [ e2e/package-lock.json -nt e2e/node_modules/.package-lock.json ]; then
    step "installing the end-to-end test packages"
    # Playwright drives Debian's Chromium; it never downloads a browser of its own.
    (cd e2e && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
fi
step "ready"
