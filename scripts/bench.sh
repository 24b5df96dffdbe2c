#!/usr/bin/env bash
# Benchmarks of the built package against the alternatives, in one run (see BENCHMARKS.md).
#
#   scripts/bench.sh                 # build pkg/ if stale, run every section (~3-4 min)
#   scripts/bench.sh --quick         # tiny sizes: proves the harness works, timings mean nothing
#   scripts/bench.sh --only=validation,size --out=target/my.json
#
# Writes target/bench-results.json (or --out) and prints a table. Needs the Atlas v2
# OpenAPI document for the ajv comparison: ATLAS_OPENAPI_PATH, or
# ../shared/reference/atlas-v2-integrations.openapi.json next to the repository.
# Run it on a quiet machine: the table prints the load average before and after.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
if [ -z "${ATLAS_BENCH_PKG:-}" ]; then
  scripts/build-pkg.sh --if-stale >&2
fi
# npm dev tools (ajv, playwright-core) come from the committed lock (ensure-tools.sh).
. scripts/ensure-tools.sh
atlas_path
if [ ! -d node_modules/ajv ] || [ ! -d node_modules/playwright-core ]; then ensure_npm_tools; fi
exec node bench/run.mjs "$@"
