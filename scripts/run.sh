#!/usr/bin/env bash
# One command to run Checkpoint Atlas: sets up the virtualenv on first use, then starts the app on
# http://127.0.0.1:8501 (this machine only). Embedded SQLite store under ./data by default (EVENTS_DB_URL
# selects PostgreSQL).
#   --network          serve a team on every interface (0.0.0.0; or set ATLAS_BIND): refused unless sign-in is
#                      configured (ATLAS_AUTH=oidc) or ATLAS_ALLOW_OPEN_NETWORK=true says an open form is wanted
#   --print-command    print the command that would serve the app and exit (no set-up, no server)
# Other arguments go to `streamlit run`. The checks live in atlas/launch.py.
set -euo pipefail
cd "$(dirname "$0")/.."
print_only=0
for arg in "$@"; do [ "$arg" = "--print-command" ] && print_only=1; done
if [ "$print_only" = 0 ] || [ ! -x .venv/bin/python ]; then
  bash scripts/setup.sh
fi
exec .venv/bin/python -m atlas.launch "$@"
