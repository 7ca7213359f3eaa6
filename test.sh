#!/usr/bin/env bash
# Set up (system libraries, .venv) and run the whole test suite without a display.
# Extra arguments go to pytest, e.g. ./test.sh -k readers
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh
export QT_QPA_PLATFORM=offscreen
exec .venv/bin/python -m pytest "$@"
