#!/usr/bin/env bash
# Builds what is missing and starts the demo:
#
#   scripts/run.sh [server options, e.g. --port 8080]
#
# Installs the build tools when missing (scripts/ensure-tools.sh), builds pkg/ when a source
# is newer than the last build (scripts/build-pkg.sh --if-stale), then serves www/ with the
# package at /pkg/ and prints the URL. The server is www/server/main.mjs; until that exists,
# a plain static server (scripts/static-server.mjs) stands in.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

scripts/build-pkg.sh --if-stale

if [ -f www/server/main.mjs ]; then
  echo "==> node www/server/main.mjs --static www --pkg pkg $*"
  exec node www/server/main.mjs --static www --pkg pkg "$@"
fi
echo "==> node scripts/static-server.mjs --static www --pkg pkg $* (www/server/main.mjs not there yet)"
exec node scripts/static-server.mjs --static www --pkg pkg "$@"
