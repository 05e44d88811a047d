#!/usr/bin/env bash
# Creates the virtualenv used by bench/implicit_recommend.py (the Python side of the comparison with
# the `implicit` library), bench/vw_obd.py (Vowpal Wabbit on the Open Bandit Dataset) and the bandit
# streams of ../shared/bench/bandit-stream (their generator needs pandas) at
# target/bench-venv, with pinned versions. A second run only checks them.
# Override the interpreter with PYTHON=/path/to/python3.11 (the pins have cp311 wheels).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$root/target/bench-venv"
py="${PYTHON:-python3}"

# Pinned after checking that they install as wheels for CPython 3.11 on manylinux x86_64.
pins=(implicit==0.7.3 numpy==2.4.6 scipy==1.17.1 threadpoolctl==3.8.0 tqdm==4.70.1 vowpalwabbit==9.11.9 pandas==3.1.1)

# True when every pin is installed in the venv at exactly that version.
have_pins() {
  [ -x "$venv/bin/python" ] || return 1
  "$venv/bin/python" - "${pins[@]}" <<'PY' 2>/dev/null
import sys
from importlib.metadata import version, PackageNotFoundError
for pin in sys.argv[1:]:
    name, want = pin.split("==")
    try:
        if version(name) != want:
            sys.exit(1)
    except PackageNotFoundError:
        sys.exit(1)
PY
}

if have_pins; then
  exit 0
fi

if [ ! -x "$venv/bin/python" ]; then
  mkdir -p "$(dirname "$venv")"
  "$py" -m venv "$venv"
fi
# Wheels only: implicit's source build needs a compiler and CMake, and a silent fallback to it would be slow.
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --only-binary=:all: "${pins[@]}"
have_pins || { echo "setup-python.sh: pinned packages missing after install" >&2; exit 1; }
# implicit's wheel links the system's libgomp.so.1 (Debian: libgomp1) instead of shipping it.
"$venv/bin/python" -c "import implicit.cpu.als" ||
  { echo "setup-python.sh: implicit does not import (is libgomp1 installed?)" >&2; exit 1; }
"$venv/bin/python" -c "import vowpalwabbit" ||
  { echo "setup-python.sh: vowpalwabbit does not import" >&2; exit 1; }
echo "bench venv ready: $venv ($("$venv/bin/python" --version 2>&1), ${pins[*]})"
