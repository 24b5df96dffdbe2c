#!/usr/bin/env bash
# Builds the npm package into pkg/ (git-ignored): wasm-pack release builds of the full module
# (web; nodejs for its declarations only) and of the forms module (web), each module optimised
# by npm binaryen's wasm-opt, assembled with pkg-template/ by scripts/assemble-pkg.mjs (which
# makes the package's CommonJS with esbuild, scripts/node-cjs.mjs, and embeds the Node
# entries' module bytes, scripts/embed-wasm.mjs). Installs the tools it needs first
# (scripts/ensure-tools.sh).
#
#   scripts/build-pkg.sh            # build pkg/
#   scripts/build-pkg.sh --if-stale # only when a source is newer than the last build
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/ensure-tools.sh"
cd "$ATLAS_ROOT"

STAMP="$ATLAS_ROOT/target/pkg.stamp"
# One build at a time in this checkout (several people and test runs share it); a second
# caller waits, then usually finds pkg/ up to date.
mkdir -p target
exec 8>target/pkg.lock
flock 8
if [ "${1:-}" = "--if-stale" ]; then
  if [ -f "$STAMP" ] && [ -f pkg/package.json ] && [ -e tests/node_modules/atlas-integrations ] &&
     [ -z "$(find src Cargo.toml Cargo.lock build.rs package-lock.json pkg-template scripts/build-pkg.sh scripts/assemble-pkg.mjs scripts/node-cjs.mjs scripts/forms-entry.mjs scripts/embed-wasm.mjs \
             -newer "$STAMP" -print -quit 2>/dev/null)" ]; then
    echo "==> pkg/ is up to date"
    exit 0
  fi
fi

echo "==> tools"
ensure_build_tools
# The stamp gets the time the build started: a source saved during the build is newer.
touch "$STAMP.new"

OUT="$ATLAS_ROOT/target/wasm-pack"
# --mode no-install: never let wasm-pack download anything (it would try GitHub).
# --no-opt: wasm-opt runs below, with the flags read once.
wasm_pack() {
  wasm-pack --log-level warn build --release --mode no-install --no-opt "$@" 2>&1 |
    { grep -v "failed to get wasm-pack version" >&2 || true; }
}
# The same cargo build serves both targets (the second run only runs wasm-bindgen). Node runs
# the web glue (scripts/assemble-pkg.mjs says why); the nodejs run gives the declarations
# without the web init's DOM types.
for target in nodejs web; do
  dir=${target%js}   # nodejs -> node, web -> web
  echo "==> wasm-pack build --target $target"
  rm -rf "${OUT:?}/$dir"
  wasm_pack --target "$target" --out-dir "$OUT/$dir" --no-pack
done
# The forms module (atlas-integrations/forms): the same crate without its `client` feature,
# built once for the web target (Node instantiates it with initSync, scripts/forms-entry.mjs).
# In a target directory of its own: other features in the same one would overwrite the full
# module's build and rebuild each on every run.
echo "==> wasm-pack build --target web --no-default-features (the forms module)"
rm -rf "${OUT:?}/forms"
CARGO_TARGET_DIR="$ATLAS_ROOT/target/forms" wasm_pack --target web --out-dir "$OUT/forms" --out-name forms --no-pack -- --no-default-features

# wasm-opt with the flags of Cargo.toml's [package.metadata.wasm-pack.profile.release] (what
# a plain `wasm-pack build` uses), on each module (~8 s each).
mapfile -t WASM_OPT_FLAGS < <(cargo metadata --no-deps --format-version 1 | node -e '
  const meta = JSON.parse(require("fs").readFileSync(0, "utf8"));
  const flags = meta.packages.find((p) => p.name === "atlas-integrations")?.metadata?.["wasm-pack"]?.profile?.release?.["wasm-opt"];
  if (!Array.isArray(flags) || !flags.length) throw new Error("no wasm-opt flags in Cargo.toml");
  console.log(flags.join("\n"));')
optimise() {
  wasm-opt "${WASM_OPT_FLAGS[@]}" "$1" -o "$1.opt"
  mv -f "$1.opt" "$1"
}
echo "==> wasm-opt ${WASM_OPT_FLAGS[*]}"
# (The nodejs build's .wasm, the same module, is not shipped: not optimised.)
for module in web/atlas_integrations forms/forms; do
  optimise "$OUT/${module}_bg.wasm"
done

echo "==> assemble pkg/"
rm -rf target/pkg.tmp
node scripts/assemble-pkg.mjs --node "$OUT/node" --web "$OUT/web" --forms "$OUT/forms" --template pkg-template --out target/pkg.tmp
rm -rf target/pkg.old
[ -d pkg ] && mv pkg target/pkg.old
mv target/pkg.tmp pkg
rm -rf target/pkg.old

# Tests (tests/package, tests/types, tests/browser) import the package by name, through its
# package.json `exports`: tests/node_modules/atlas-integrations -> ../../pkg (git-ignored).
mkdir -p tests/node_modules
ln -sfn ../../pkg tests/node_modules/atlas-integrations

mv -f "$STAMP.new" "$STAMP"
size() { echo "$(($(stat -c %s "$1") / 1024)) KiB ($(($(gzip -9c "$1" | wc -c) / 1024)) KiB gzip)"; }
echo "==> pkg/ ready: $(node -p 'require("./pkg/package.json").version'), wasm: web $(size pkg/web/atlas_integrations_bg.wasm), forms $(size pkg/forms/forms_bg.wasm); embedded copies for server bundles: $(size pkg/node/atlas_integrations_bg.bytes.cjs), $(size pkg/node/forms_bg.bytes.cjs)"
