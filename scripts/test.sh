#!/usr/bin/env bash
# Runs every test layer: native engine tests, component tests in headless Chromium, and end-to-end tests
# of the release build against the fake Spotify. Installs what is missing first. Exits non-zero when any
# layer fails, after running them all and printing each runner's summary.
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh test || exit 1
export PATH="$PWD/target/tools/node_modules/.bin:$PATH"
mkdir -p artifacts

if [ ! -d ../shared/data ] && [ -z "${ATTUNE_DATA:-}" ]; then
    echo "note: ../shared/data not found: tests on the real data sets skip (the project's fixtures still run)"
fi
export CHROMEDRIVER=/usr/bin/chromedriver
export WASM_BINDGEN_TEST_TIMEOUT=120
passed=0
failed=0
failures=()

layer() {
    local name="$1"; shift
    local log="artifacts/$name.log"
    printf '\n\033[1m== %s\033[0m\n' "$name"
    local start=$SECONDS
    "$@" 2>&1 | tee "$log" | grep -E '^(test result|error|FAIL|Ran [0-9]+ tests|OK$|.*[0-9]+ (passed|failed|skipped|flaky)|skipping|  [✘x] )' 
    local status=${PIPESTATUS[0]}
    if [ "$status" -eq 0 ]; then
        passed=$((passed + 1)); echo "$name: ok in $((SECONDS - start)) s"
    else
        failed=$((failed + 1)); failures+=("$name"); echo "$name: FAILED in $((SECONDS - start)) s (full log: $log)"
        # CI keeps only what is printed: show why, from cargo's "failures:" or Playwright's "  1) " onwards.
        awk '/^failures:$|^  [0-9]+\) /{on=1} on' "$log" | head -150
    fi
}

layer native cargo test -p attune-engine -p attune-lab -p attune-cli
# The community pipeline on Spark, local mode (installs Java and PySpark the first time).
layer spark scripts/spark.sh test
layer browser cargo test --target wasm32-unknown-unknown --test web --test store --test backup_crypto --test spotify --test widget --test locks
layer build trunk build --release --offline
# The same app built for a sub-path, served at /attune/ by the end-to-end tests (e2e/tests/subpath.spec.js).
layer build-subpath trunk build --release --offline --public-url /attune/ --dist dist-subpath
# Bundle sizes, printed; the layer fails when the widget is over its budget.
layer size bash -c 'scripts/size.sh | tee artifacts/size.txt; exit "${PIPESTATUS[0]}"'
cat artifacts/size.txt
layer e2e bash -c 'cd e2e && npx playwright test'

echo
[ ${#failures[@]} -eq 0 ] || echo "failed layers: ${failures[*]}"
echo "test layers: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
