#!/usr/bin/env bash
# Set up (system libraries, .venv) and open Triangulate on the bundled demo articles.
# Extra arguments go to the app, e.g. ./run.sh --db my-library.db
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh window
if [ "$#" -eq 0 ]; then set -- --demo; fi
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ] && [ "$(uname)" = "Linux" ]; then
  cat >&2 <<'MSG'
No display found (DISPLAY and WAYLAND_DISPLAY are unset), so the window cannot open.
Everything is installed; use the command line instead:
  .venv/bin/python main.py import FOLDER_OR_FILES     import articles
  .venv/bin/python main.py articles                   list them
  .venv/bin/python main.py search WORDS               full-text search
  .venv/bin/python main.py --help                     every command
Or run the window on a virtual display: xvfb-run ./run.sh
MSG
  exit 1
fi
exec .venv/bin/python main.py "$@"
