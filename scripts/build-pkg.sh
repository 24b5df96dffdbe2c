#!/usr/bin/env bash
# Builds the npm package into pkg/ (git-ignored): two wasm-pack release builds (nodejs and
# web, of the same code; each module optimised by npm binaryen's wasm-opt)
# assembled with pkg-template/ by scripts/assemble-pkg.mjs. Installs the tools it needs
# first (scripts/ensure-tools.sh).
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
     [ -z "$(find src Cargo.toml Cargo.lock build.rs package-lock.json pkg-template scripts/build-pkg.sh scripts/assemble-pkg.mjs scripts/esm-to-cjs.mjs scripts/forms-entry.mjs \
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
for target in nodejs web; do
  dir=${target%js}   # nodejs -> node, web -> web
  echo "==> wasm-pack build --target $target"
  rm -rf "${OUT:?}/$dir"
  # --mode no-install: never let wasm-pack download anything (it would try GitHub).
  # --no-opt: wasm-opt runs below, with the flags read once.
  wasm-pack --log-level warn build --release --mode no-install --no-opt --target "$target" \
    --out-dir "$OUT/$dir" --no-pack 2>&1 | { grep -v "failed to get wasm-pack version" >&2 || true; }
done

# wasm-opt with the flags of Cargo.toml's [package.metadata.wasm-pack.profile.release] (what
# a plain `wasm-pack build` uses), on each target's module (~8 s each).
mapfile -t WASM_OPT_FLAGS < <(cargo metadata --no-deps --format-version 1 | node -e '
  const meta = JSON.parse(require("fs").readFileSync(0, "utf8"));
  const flags = meta.packages.find((p) => p.name === "atlas-integrations")?.metadata?.["wasm-pack"]?.profile?.release?.["wasm-opt"];
  if (!Array.isArray(flags) || !flags.length) throw new Error("no wasm-opt flags in Cargo.toml");
  console.log(flags.join("\n"));')
optimise() {
  wasm-opt "${WASM_OPT_FLAGS[@]}" "$1" -o "$1.opt"
  mv -f "$1.opt" "$1"
}
node_wasm="$OUT/node/atlas_integrations_bg.wasm"
web_wasm="$OUT/web/atlas_integrations_bg.wasm"
echo "==> wasm-opt ${WASM_OPT_FLAGS[*]}"
optimise "$node_wasm"
optimise "$web_wasm"

echo "==> assemble pkg/"
rm -rf target/pkg.tmp
node scripts/assemble-pkg.mjs --node "$OUT/node" --web "$OUT/web" --template pkg-template --out target/pkg.tmp
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
echo "==> pkg/ ready: $(node -p 'require("./pkg/package.json").version'), wasm: web $(size pkg/web/atlas_integrations_bg.wasm), node $(size pkg/node/atlas_integrations_bg.wasm)"
