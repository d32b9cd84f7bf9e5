#!/usr/bin/env bash
# Set up everything the app (and, with --dev, the test suite) needs on a fresh Debian machine.
# Idempotent: re-running skips what is already there. Needs network access to PyPI (and apt for --dev).
set -euo pipefail
cd "$(dirname "$0")/.."

DEV=0
[ "${1:-}" = "--dev" ] && DEV=1
PYTHON="${PYTHON:-python3.11}"
command -v "$PYTHON" >/dev/null 2>&1 || PYTHON=python3

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
  echo "setup: need root (or sudo) to run: $*" >&2; return 1; fi; }

# System packages for the test suite: Chromium (browser tests, PNG snapshots), an Arabic-capable
# font (Noto), PostgreSQL (team-store tests). The app itself needs none of them.
if [ "$DEV" = 1 ]; then
  missing=()
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  dpkg -s fonts-noto-core >/dev/null 2>&1 || missing+=(fonts-noto-core)
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
  if [ "${#missing[@]}" -gt 0 ]; then
    echo "setup: installing Debian packages: ${missing[*]}"
    as_root apt-get update -q
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -q --no-install-recommends "${missing[@]}"
  fi
fi

# Python virtualenv, re-installed only when the requirement files change.
req=requirements.txt; [ "$DEV" = 1 ] && req=requirements-dev.txt
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
stamp=".venv/.installed-$(cat requirements.txt "$req" pyproject.toml | sha256sum | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -r "$req"
  # the project itself, editable: the `atlas` and `atlas-gazetteer` commands (pyproject.toml [project.scripts])
  .venv/bin/python -m pip install -q --no-deps --no-build-isolation -e .
  touch "$stamp"
fi
