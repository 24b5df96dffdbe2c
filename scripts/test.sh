#!/usr/bin/env bash
# The whole test suite, as CI runs it (.ci/run calls exactly this):
#
#   scripts/test.sh
#
# Installs what is missing (scripts/ensure-tools.sh), then runs the stages below in order
# and stops at the first broken one. Every stage prints a header and a result line; the
# last line is always the total, exactly "N passed, N failed", summed over the stages:
# cargo and wasm-bindgen-test report their own counts ("test result: ok. N passed; M failed"),
# node's test runner too ("# pass N" / "# fail N" in its TAP output), and every other check
# (tools, fmt, each clippy, the package build, each tsc project) counts as one test.
# Logs of each stage: target/test-logs/.
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/ensure-tools.sh"
cd "$ATLAS_ROOT" || exit 1

LOGS="$ATLAS_ROOT/target/test-logs"
rm -rf "$LOGS" && mkdir -p "$LOGS"
PASSED=0
FAILED=0
STAGE=0
T0=$SECONDS

finish() {
  echo
  echo "$PASSED passed, $FAILED failed"
  exit "$1"
}
trap 'echo; echo "interrupted"; echo "$PASSED passed, $((FAILED + 1)) failed"; exit 130' INT TERM

# stage NAME KIND COMMAND...   KIND: check | cargo | node
stage() {
  local name=$1 kind=$2 p=0 f=0 rc start=$SECONDS
  shift 2
  STAGE=$((STAGE + 1))
  local log="$LOGS/$(printf %02d "$STAGE")-${name//[^A-Za-z0-9]/_}.log"
  echo
  echo "=== $STAGE. $name"
  NODE_TAP="$log.tap" "$@" 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  case $kind in
    cargo)
      read -r p f < <(awk '/^test result: /{for(i=1;i<=NF;i++){if($(i+1)~/^passed/)p+=$i; if($(i+1)~/^failed/)f+=$i}} END{print p+0, f+0}' "$log")
      ;;
    node)
      if [ -f "$log.tap" ]; then
        read -r p f < <(awk '/^# pass /{p+=$3} /^# fail /{f+=$3} /^# cancelled /{f+=$3} END{print p+0, f+0}' "$log.tap")
      fi
      ;;
    check)
      if [ "$rc" = 0 ]; then p=1; else f=1; fi
      ;;
  esac
  # A stage that failed without reporting a failing test (a compile error, a crash) is one.
  if [ "$rc" != 0 ] && [ "$f" = 0 ]; then f=1; fi
  PASSED=$((PASSED + p))
  FAILED=$((FAILED + f))
  if [ "$rc" = 0 ]; then
    echo "--- ok: $name ($p passed, $((SECONDS - start)) s)"
  else
    echo "--- FAILED: $name (exit $rc; $f failed, $p passed; log: ${log#"$ATLAS_ROOT"/})"
    echo "stopping at the first broken stage (total time $((SECONDS - T0)) s)"
    finish 1
  fi
}

# node's test runner: human output on the terminal, TAP into $NODE_TAP for the counts.
node_tests() {
  node --test --test-timeout=300000 --test-reporter=spec --test-reporter-destination=stdout \
    --test-reporter=tap --test-reporter-destination="$NODE_TAP" "$@"
}

wasm_tests() {
  local args=() f
  for f in tests/wasm_*.rs tests/web.rs; do
    [ -f "$f" ] && args+=(--test "$(basename "$f" .rs)")
  done
  [ ${#args[@]} -gt 0 ] || { echo "no tests/wasm_*.rs"; return 0; }
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER="$ATLAS_TOOLS/bin/wasm-bindgen-test-runner" \
    cargo test --target wasm32-unknown-unknown --no-fail-fast "${args[@]}"
}

wasm_tests_chromium() {
  CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_USE_BROWSER=1 wasm_tests
}

# Files matching the globs, or nothing (the stage is then skipped).
files() { local f; for f in "$@"; do [ -f "$f" ] && echo "$f"; done; }

stage "tools" check ensure_test_tools
atlas_path
stage "cargo fmt --check" check cargo fmt --all --check
stage "cargo clippy (native, all targets)" check cargo clippy --all-targets -- -D warnings
stage "cargo clippy (wasm32, lib)" check cargo clippy --target wasm32-unknown-unknown --lib -- -D warnings
# The forms module's configuration (no `client` feature), in the target directory that
# scripts/build-pkg.sh builds it in.
stage "cargo clippy (wasm32, lib, forms module: --no-default-features)" check env CARGO_TARGET_DIR="$ATLAS_ROOT/target/forms" \
  cargo clippy --target wasm32-unknown-unknown --lib --no-default-features -- -D warnings
# The JavaScript glue that Rust imports, type-checked (strict JSDoc types).
# The crate's API docs for Rust users: a broken intra-doc link is a warning cargo doc only prints.
stage "cargo doc (native, no warnings)" check env RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --quiet
stage "tsc --checkJs (pkg-template/js glue)" check tsc -p pkg-template/js/jsconfig.json
stage "cargo test (native)" cargo cargo test --no-fail-fast
stage "wasm tests (Node)" cargo wasm_tests
stage "wasm tests (Chromium)" cargo wasm_tests_chromium
# Rebuilt when a source is newer than the last build (always in a fresh clone).
stage "build pkg/" check scripts/build-pkg.sh --if-stale

# node_stage NAME GLOB...: node's test runner over the files that exist (none: skipped).
node_stage() {
  local name=$1 list
  shift
  mapfile -t list < <(files "$@")
  if [ ${#list[@]} -eq 0 ]; then echo; echo "=== (skipped: no $*)"; return 0; fi
  stage "$name" node node_tests "${list[@]}"
}

node_stage "pkg/ from Node ESM and CommonJS (tests/package)" tests/package/*.test.mjs tests/package/*.test.cjs

for project in tests/types/tsconfig.*.json; do
  [ "$project" = tests/types/tsconfig.base.json ] && continue
  stage "tsc --strict against pkg/ declarations ($(basename "$project"))" check tsc -p "$project"
done

# Every other folder of tests/ with *.test.mjs / *.test.cjs files gets its own stage, so
# a new suite runs in CI without editing this script: tests/node (+ tests/*.test.mjs at the
# top), tests/client, any other folder (alphabetically), then the browser ones.
node_stage "node tests (tests/node, tests/*.test.mjs)" tests/node/*.test.mjs tests/node/*.test.cjs tests/*.test.mjs tests/*.test.cjs
node_stage "client tests (tests/client)" tests/client/*.test.mjs tests/client/*.test.cjs
for dir in tests/*/; do
  dir=${dir%/}
  case ${dir#tests/} in package|node|client|browser|e2e|types|support|node_modules) continue ;; esac
  node_stage "tests (${dir})" "$dir"/*.test.mjs "$dir"/*.test.cjs
done
node_stage "pkg/ in headless Chromium (tests/browser)" tests/browser/*.test.mjs tests/browser/*.test.cjs
node_stage "end-to-end (tests/e2e)" tests/e2e/*.test.mjs tests/e2e/*.test.cjs

echo
echo "all stages passed in $((SECONDS - T0)) s"
finish 0
