#!/usr/bin/env bash
# Shared set-up for ./run.sh and ./test.sh on Debian/Ubuntu: system libraries Qt needs,
# a .venv with the project installed. Re-running is cheap: each step checks before it acts.
# Usage: scripts/setup.sh [window]   ("window" adds the libraries a real on-screen window needs)
set -euo pipefail
cd "$(dirname "$0")/.."

BASE_PACKAGES=(libgl1 libegl1 libglib2.0-0 libxkbcommon0 libfontconfig1 libdbus-1-3 fonts-dejavu-core)
WINDOW_PACKAGES=(libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0
                 libxcb-image0 libxcb-randr0 libxcb-render-util0 libxcb-xfixes0 libxcb-xkb1)

say() { printf '[setup] %s\n' "$*" >&2; }

missing_packages() {
  command -v dpkg-query >/dev/null 2>&1 || return 0
  local pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || printf '%s\n' "$pkg"
  done
}

apt_install() {
  [ "$#" -gt 0 ] || return 0
  if ! command -v apt-get >/dev/null 2>&1; then
    say "not a Debian-like system; make sure these are installed: $*"
    return 0
  fi
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
      say "need root to install: $* (run as root, or install them yourself)"; return 0
    fi
  fi
  say "installing system packages: $*"
  if ! $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@" >/dev/null 2>&1; then
    $sudo apt-get update -qq >/dev/null 2>&1 || true
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@" >/dev/null \
      || say "apt-get could not install: $* (continuing; Qt may fail to start)"
  fi
}

packages=("${BASE_PACKAGES[@]}")
[ "${1:-}" = "window" ] && packages+=("${WINDOW_PACKAGES[@]}")
PYTHON=${PYTHON:-python3}
command -v "$PYTHON" >/dev/null 2>&1 || packages+=(python3)
"$PYTHON" -c "import ensurepip, venv" >/dev/null 2>&1 || packages+=(python3-venv)
mapfile -t todo < <(missing_packages "${packages[@]}")
apt_install "${todo[@]}"

if [ ! -x .venv/bin/python ]; then
  say "creating .venv"
  "$PYTHON" -m venv .venv
fi

stamp=.venv/.triangulate-installed
wanted=$(sha256sum pyproject.toml | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
  say "installing Triangulate and its dependencies into .venv"
  .venv/bin/python -m pip install --quiet --upgrade pip >/dev/null 2>&1 || true
  log=.venv/pip-install.log
  if ! .venv/bin/python -m pip install --disable-pip-version-check -e ".[test]" >"$log" 2>&1; then
    tail -n 30 "$log" >&2
    say "pip install failed; the whole log is in $log"
    exit 1
  fi
  echo "$wanted" > "$stamp"
fi
