# shellcheck shell=bash
# Installs (when missing) and puts on PATH every tool the build and the tests need.
# Source it, then call the pieces you need:
#
#   . scripts/ensure-tools.sh
#   ensure_build_tools        # wasm target, wasm-bindgen-cli, wasm-pack, npm dev tools
#   ensure_test_tools         # the above + rustfmt, clippy, Debian chromium + chromedriver
#
# Everything is idempotent: a second call only checks versions (about a second).
# Cargo-installed tools live OUTSIDE the checkout, in
#   ${XDG_CACHE_HOME:-$HOME/.cache}/atlas-integrations/tools
# so that every clone on the machine shares them. npm tools go to ./node_modules from the
# committed package-lock.json (`npm ci` only when the lock or Node changed: see the stamp).

ATLAS_ROOT="${ATLAS_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
ATLAS_TOOLS="${ATLAS_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/atlas-integrations/tools}"
ATLAS_WASM_PACK_VERSION="0.15.1"
export ATLAS_ROOT ATLAS_TOOLS

say() { printf '  · %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; return 1; }

# Runs "$@" as root (directly, or through sudo when we are not root).
as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else die "need root for: $* (install it by hand or run as root)"; fi
}

# PATH: npm's node_modules/.bin first (wasm-opt = npm binaryen, tsc, prism), then the cached
# cargo tools. Debian's /usr/bin/wasm-opt (binaryen 108) breaks modules and must never be
# picked, which the check below makes sure of.
atlas_path() {
  case ":$PATH:" in
    *":$ATLAS_ROOT/node_modules/.bin:$ATLAS_TOOLS/bin:"*) ;;
    *) PATH="$ATLAS_ROOT/node_modules/.bin:$ATLAS_TOOLS/bin:$PATH" ;;
  esac
  export PATH
}

ensure_rust_target() {
  command -v rustup >/dev/null 2>&1 || { die "rustup not found: install Rust from https://rustup.rs"; return 1; }
  if rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    say "rust target wasm32-unknown-unknown: ok"
  else
    say "rust target wasm32-unknown-unknown: installing"
    rustup target add wasm32-unknown-unknown >&2
  fi
}

ensure_rust_components() {
  local c missing=()
  cargo fmt --version >/dev/null 2>&1 || missing+=(rustfmt)
  cargo clippy --version >/dev/null 2>&1 || missing+=(clippy)
  if [ ${#missing[@]} -gt 0 ]; then
    say "rust components ${missing[*]}: installing"
    for c in "${missing[@]}"; do rustup component add "$c" >&2 || return 1; done
  else
    say "rustfmt, clippy: ok"
  fi
}

# The wasm-bindgen version the crate is locked to (the CLI must be exactly this version).
wasm_bindgen_version() {
  local id
  id=$(cd "$ATLAS_ROOT" && cargo pkgid -p wasm-bindgen 2>/dev/null) || id=""
  if [ -n "$id" ]; then id=${id##*#}; echo "${id##*@}"; return; fi
  # Fallback: read Cargo.lock directly.
  awk '/^name = "wasm-bindgen"$/ {f=1; next} f && /^version = / {gsub(/"/,"",$3); print $3; exit}' "$ATLAS_ROOT/Cargo.lock"
}

# ensure_cargo_tool CRATE VERSION BINARY [extra cargo install args...]
ensure_cargo_tool() {
  local crate=$1 version=$2 bin=$3; shift 3
  local have=""
  [ -x "$ATLAS_TOOLS/bin/$bin" ] && have=$("$ATLAS_TOOLS/bin/$bin" --version 2>/dev/null | awk '{print $2}')
  if [ "$have" = "$version" ]; then
    say "$crate $version: ok ($ATLAS_TOOLS/bin)"
    return 0
  fi
  say "$crate $version: installing into $ATLAS_TOOLS (cargo install, a few minutes)"
  mkdir -p "$ATLAS_TOOLS"
  # One installer at a time per machine (several clones share the cache).
  (
    flock 9
    have=""
    [ -x "$ATLAS_TOOLS/bin/$bin" ] && have=$("$ATLAS_TOOLS/bin/$bin" --version 2>/dev/null | awk '{print $2}')
    [ "$have" = "$version" ] && exit 0
    cargo install "$crate" --version "$version" --force --root "$ATLAS_TOOLS" "$@" >&2
  ) 9>"$ATLAS_TOOLS/.install.lock"
}

ensure_wasm_bindgen() {
  local v
  v=$(wasm_bindgen_version)
  [ -n "$v" ] || { die "cannot read the wasm-bindgen version from Cargo.lock"; return 1; }
  # No --locked: its lock file pins a crate version the registry mirror lacks (TOOLCHAIN.md).
  ensure_cargo_tool wasm-bindgen-cli "$v" wasm-bindgen
}

ensure_wasm_pack() {
  ensure_cargo_tool wasm-pack "$ATLAS_WASM_PACK_VERSION" wasm-pack --locked
}

ensure_npm_tools() {
  command -v npm >/dev/null 2>&1 || { die "npm not found: install Node.js 20"; return 1; }
  local stamp="$ATLAS_ROOT/node_modules/.atlas-integrations.stamp" want
  want=$(cat "$ATLAS_ROOT/package.json" "$ATLAS_ROOT/package-lock.json" | sha256sum | cut -d' ' -f1)
  want="$want node-$(node --version)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    say "npm dev tools: ok (node_modules matches package-lock.json)"
    return 0
  fi
  say "npm dev tools: npm ci (typescript, playwright-core, prism, binaryen, ...)"
  (cd "$ATLAS_ROOT" && npm ci --no-audit --no-fund --loglevel=error >&2) || return 1
  echo "$want" >"$stamp"
}

ensure_chromium() {
  if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
    say "chromium + chromedriver (Debian): ok"
    return 0
  fi
  say "chromium + chromedriver: apt-get install (about a minute)"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 || return 1
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium chromium-driver >&2
}

check_wasm_opt() {
  local w
  w=$(command -v wasm-opt || true)
  if [ "$w" != "$ATLAS_ROOT/node_modules/.bin/wasm-opt" ]; then
    die "wasm-opt resolves to '${w:-nothing}', expected npm binaryen's $ATLAS_ROOT/node_modules/.bin/wasm-opt"
    return 1
  fi
  say "wasm-opt: $("$w" --version 2>/dev/null) (npm binaryen)"
}

# Each step stops the chain on failure, with or without `set -e` in the caller.
ensure_build_tools() {
  atlas_path
  ensure_rust_target || return 1
  ensure_wasm_bindgen || return 1
  ensure_wasm_pack || return 1
  ensure_npm_tools || return 1
  check_wasm_opt
}

ensure_test_tools() {
  ensure_build_tools || return 1
  ensure_rust_components || return 1
  ensure_chromium
}
