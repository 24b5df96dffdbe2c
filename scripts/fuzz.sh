#!/usr/bin/env bash
# Fuzzes the pure core with cargo-fuzz + libFuzzer (fuzz/, its own workspace and target dir).
#
#   scripts/fuzz.sh TARGET [SECONDS]   # one target (default 60 s)
#   scripts/fuzz.sh all [SECONDS]      # every target in turn, SECONDS each
#   scripts/fuzz.sh list               # the targets
#
# Targets: validate_bytes validate_structured response_parse request_build digest_challenge plan
#
# The growing corpus goes to fuzz/corpus/TARGET/ (git-ignored); the committed seeds in
# fuzz/seeds/TARGET/ are read as well. A crash stops the run, leaves its input in
# fuzz/artifacts/TARGET/ and exits non-zero; minimise it with
#   scripts/fuzz.sh tmin TARGET fuzz/artifacts/TARGET/crash-…
# Logs: fuzz/target/logs/TARGET.log. Each run ends with a line
#   fuzz TARGET: N executions in S s, corpus C, result ok|CRASH
#
# Toolchain: the machine's one stable rustc. cargo-fuzz passes nightly-only flags
# (-Zsanitizer…), so RUSTC_BOOTSTRAP=1 is set here. The default sanitizer is none: the core
# is safe Rust, so AddressSanitizer finds nothing more and costs throughput
# (FUZZ_SANITIZER=address to use it anyway). Set FUZZ_JOBS to run libFuzzer workers in
# parallel (default 1: the machine has 2 shared cores). FUZZ_ARGS adds libFuzzer flags.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="${ATLAS_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/atlas-integrations/tools}"
CARGO_FUZZ_VERSION=0.13.2
TARGETS=(validate_bytes validate_structured response_parse request_build digest_challenge plan)
export PATH="$TOOLS/bin:$PATH" RUSTC_BOOTSTRAP=1
SANITIZER="${FUZZ_SANITIZER:-none}"

ensure_cargo_fuzz() {
  if ! cargo fuzz --version 2>/dev/null | grep -q " $CARGO_FUZZ_VERSION"; then
    echo "==> installing cargo-fuzz $CARGO_FUZZ_VERSION into $TOOLS" >&2
    cargo install cargo-fuzz --version "$CARGO_FUZZ_VERSION" --locked --root "$TOOLS" >&2
  fi
}

dict_for() {
  case $1 in
    validate_bytes|request_build) echo "-dict=$ROOT/fuzz/dicts/json.dict" ;;
  esac
}

jobs_args() {
  local n=${FUZZ_JOBS:-1}
  [ "$n" -gt 1 ] && echo "-jobs=$n -workers=$n"
  return 0
}

run_one() {
  local target=$1 seconds=$2 log rc=0 runs corpus
  mkdir -p "$ROOT/fuzz/corpus/$target" "$ROOT/fuzz/seeds/$target" "$ROOT/fuzz/target/logs"
  log="$ROOT/fuzz/target/logs/$target.log"
  echo "==> fuzz $target for $seconds s (sanitizer $SANITIZER; log ${log#"$ROOT"/})"
  # shellcheck disable=SC2046,SC2086
  (cd "$ROOT/fuzz" && cargo fuzz run -s "$SANITIZER" "$target" \
      "corpus/$target" "seeds/$target" -- \
      -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 -max_len=65536 \
      -print_final_stats=1 $(jobs_args) $(dict_for "$target") ${FUZZ_ARGS:-}) >"$log" 2>&1 || rc=$?
  # With FUZZ_JOBS, libFuzzer's workers write fuzz-N.log in fuzz/: fold them into the log.
  for f in "$ROOT"/fuzz/fuzz-*.log; do [ -f "$f" ] && { cat "$f" >>"$log"; rm -f "$f"; }; done
  # (grep finds nothing after some crashes: `|| true` keeps `set -e -o pipefail` from exiting)
  runs=$(grep -oE '^stat::number_of_executed_units: *[0-9]+' "$log" | awk '{s+=$2} END{print s+0}') || true
  if [ "$runs" = 0 ]; then runs=$(grep -oE '^(Done [0-9]+ runs|#[0-9]+)' "$log" | tr -d '#' | awk '{n=$NF; if ($1=="Done") n=$2; if (n+0>m) m=n+0} END{print m+0}') || true; fi
  corpus=$(find "$ROOT/fuzz/corpus/$target" -type f | wc -l)
  if [ "$rc" = 0 ]; then
    echo "fuzz $target: $runs executions in $seconds s, corpus $corpus, result ok"
  else
    echo "fuzz $target: $runs executions, corpus $corpus, result CRASH (exit $rc)"
    grep -E "panicked at|^SUMMARY|Test unit written to|ERROR: libFuzzer" "$log" | head -8 | sed 's/^/    /' || true
    return "$rc"
  fi
}

case "${1:-}" in
  list) printf '%s\n' "${TARGETS[@]}" ;;
  tmin)
    ensure_cargo_fuzz
    [ $# -ge 3 ] || { echo "usage: $0 tmin TARGET ARTIFACT" >&2; exit 2; }
    artifact=$(realpath "$3")
    (cd "$ROOT/fuzz" && cargo fuzz tmin -s "$SANITIZER" "$2" "$artifact")
    ;;
  all)
    ensure_cargo_fuzz
    failed=0
    for t in "${TARGETS[@]}"; do run_one "$t" "${2:-60}" || failed=1; done
    exit "$failed"
    ;;
  ""|-h|--help) sed -n '2,21p' "$0"; exit 2 ;;
  *)
    printf '%s\n' "${TARGETS[@]}" | grep -qx "$1" || { echo "unknown target $1 (try: $0 list)" >&2; exit 2; }
    ensure_cargo_fuzz
    run_one "$1" "${2:-60}"
    ;;
esac
