#!/usr/bin/env bash
# One command to run the whole test suite on a fresh machine: installs Chromium, an Arabic font and
# PostgreSQL when missing (Debian), sets up the virtualenv, then runs pytest. Extra args go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --dev
mkdir -p artifacts
# Imports run one way (pyproject.toml [tool.importlinter]): an upward import fails the run before any test.
.venv/bin/lint-imports --no-cache
set +e
.venv/bin/python -m pytest "$@"
status=$?
set -e
if [ "$status" = 5 ]; then
  echo "test.sh: pytest collected no tests: failing" >&2
  exit 1
fi
exit "$status"
