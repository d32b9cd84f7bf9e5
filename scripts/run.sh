#!/usr/bin/env bash
# One command to run Checkpoint Atlas: sets up the virtualenv on first use, then starts the app.
# Embedded SQLite store under ./data by default (EVENTS_DB_URL selects PostgreSQL). Extra args go to streamlit.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/streamlit run dashboard.py "$@"
