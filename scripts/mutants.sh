#!/usr/bin/env bash
# Mutation testing of the pure core with cargo-mutants: each mutant (an operator flipped,
# a function body replaced by a default value, ...) must make a native test fail. A missed
# mutant is an unpinned behaviour: add a test, or say in RELIABILITY.md why the mutant is
# equivalent. Not part of scripts/test.sh: every mutant is a build and a test run (about
# half a minute each on 2 cores), so a full run takes hours; scope it to the files changed.
#
#   scripts/mutants.sh                          # the core files below
#   scripts/mutants.sh --file src/url.rs        # one file (any cargo-mutants options pass through)
#   scripts/mutants.sh --file src/plan.rs --cargo-test-arg=--lib   # unit tests only: faster
#
# Results (unless --output DIR): target/mutants/mutants.out/ (caught.txt, missed.txt, timeout.txt, unviable.txt,
# outcomes.json). cargo-mutants installs into the shared tools cache on first use.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/ensure-tools.sh
. scripts/ensure-tools.sh
atlas_path

MUTANTS_VERSION="27.1.0"
if ! cargo mutants --version 2>/dev/null | grep -q "$MUTANTS_VERSION"; then
  say "installing cargo-mutants $MUTANTS_VERSION into $ATLAS_TOOLS (a few minutes)"
  cargo install cargo-mutants --version "$MUTANTS_VERSION" --locked --root "$ATLAS_TOOLS"
fi

# The pure core: every file whose decisions are tested natively. src/wasm/ is wasm-only and
# is not built natively, so it has no native mutants to test.
CORE=(src/url.rs src/digest.rs src/response.rs src/plan.rs src/mask.rs src/retry.rs src/oauth.rs
  src/request.rs src/preview.rs src/json.rs src/operation.rs src/validate/*.rs)
[ -f src/secrets.rs ] && CORE+=(src/secrets.rs)

args=("$@")
case " ${args[*]-} " in
  *" --file "* | *" -f "* | *" --file="*) ;;
  *) for f in "${CORE[@]}"; do args+=(--file "$f"); done ;;
esac

# The copy cargo-mutants builds in is not next to ../shared: the conformance tests find the
# OpenAPI document through this variable instead.
ATLAS_OPENAPI_PATH="${ATLAS_OPENAPI_PATH:-$PWD/../shared/reference/atlas-v2-integrations.openapi.json}"
export ATLAS_OPENAPI_PATH

case " ${args[*]} " in
  *" --output "* | *" -o "* | *" --output="*) ;;
  *) args=(--output target/mutants "${args[@]}") ;;
esac
exec cargo mutants --no-shuffle "${args[@]}"
