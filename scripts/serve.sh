#!/usr/bin/env bash
# Sets up what is missing, then serves the app with the sample feed at
# http://127.0.0.1:8080 (rebuilding on change). Extra arguments go to `trunk serve`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. scripts/setup.sh
exec trunk serve "$@"
