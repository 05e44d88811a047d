#!/usr/bin/env bash
# The community pipeline on Apache Spark (spark/README.md). Installs what it needs, skipping what is
# there: Java (Debian's headless JRE) and PySpark in target/tools/spark-venv. Nothing else needs them.
#   scripts/spark.sh test                      the pipeline's tests, in Spark local mode
#   scripts/spark.sh build ARGS...             spark/attune_community.py build ARGS... (see its --help)
set -euo pipefail
cd "$(dirname "$0")/.."
PYSPARK_VERSION="4.0.1"
NUMPY_VERSION="2.4.6"
venv=target/tools/spark-venv

step() { printf '\033[1mspark:\033[0m %s\n' "$*"; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

if ! command -v java >/dev/null; then
    step "installing Java (openjdk-17-jre-headless)"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq openjdk-17-jre-headless >/dev/null
fi
if ! "$venv/bin/python" -c "import pyspark, numpy; assert pyspark.__version__ == '$PYSPARK_VERSION'" 2>/dev/null; then
    step "installing PySpark $PYSPARK_VERSION in $venv (about 400 MB)"
    if ! python3 -m venv "$venv" 2>/dev/null; then
        as_root apt-get update -qq
        DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq python3-venv >/dev/null
        python3 -m venv "$venv"
    fi
    "$venv/bin/pip" install -q "pyspark==$PYSPARK_VERSION" "numpy==$NUMPY_VERSION"
fi

case "${1:-}" in
    test)
        cargo build -q -p attune-cli
        status=0
        out=$(ATTUNE_BIN="$PWD/target/debug/attune" "$venv/bin/python" -m unittest -v spark/test_pipeline.py 2>&1) || status=$?
        echo "$out"
        # Python 3.11's unittest calls a run of no tests OK: a broken test file must not pass.
        grep -q '^Ran [1-9]' <<<"$out" || { echo "spark: no test ran" >&2; exit 1; }
        exit "$status"
        ;;
    build)
        shift
        "$venv/bin/python" spark/attune_community.py build "$@"
        ;;
    *)
        echo "usage: scripts/spark.sh test | build ARGS..." >&2
        exit 2
        ;;
esac
