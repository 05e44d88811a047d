#!/usr/bin/env bash
# Builds Attune and serves it on http://127.0.0.1:8080 with the demo working. Installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh serve
export PATH="$PWD/target/tools/node_modules/.bin:$PATH"
echo "Attune will be at http://127.0.0.1:8080 once the build below finishes (Ctrl-C stops it)."
exec trunk serve --release --offline
