#!/usr/bin/env bash
# Prototype of a batch / JSON-text validation entry point, measured without touching src/:
# copies the crate to target/bench/proto/, appends bench/proto/validate_json.rs to its
# src/wasm/mod.rs (validateBodyJson, validateBodiesJson, validateBodies), builds it with the
# release profile, runs wasm-bindgen (nodejs) and wasm-opt -Oz with the release flags.
#
#   bench/proto/build.sh && node bench/proto/compare.mjs
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
. "$ROOT/scripts/ensure-tools.sh"
atlas_path
P="$ROOT/target/bench/proto"
rm -rf "$P/crate" "$P/node"
mkdir -p "$P/crate"
cp -r "$ROOT/Cargo.toml" "$ROOT/Cargo.lock" "$ROOT/build.rs" "$ROOT/src" "$P/crate/"
cat "$ROOT/bench/proto/validate_json.rs" >> "$P/crate/src/wasm/mod.rs"
(cd "$P/crate" && cargo build --release --target wasm32-unknown-unknown --lib --target-dir "$P/target" >&2)
wasm-bindgen --target nodejs --out-dir "$P/node" --out-name atlas_integrations \
  "$P/target/wasm32-unknown-unknown/release/atlas_integrations.wasm"
wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue \
  "$P/node/atlas_integrations_bg.wasm" -o "$P/node/atlas_integrations_bg.wasm"
# wasm-bindgen writes inline JS snippets as ES modules; the nodejs glue require()s them.
if [ -d "$P/node/snippets" ]; then
  find "$P/node/snippets" -name '*.js' | while read -r f; do
    node "$ROOT/scripts/esm-to-cjs.mjs" "$f" "$f.cjs" && mv "$f.cjs" "$f"
  done
fi
echo "$P/node"
