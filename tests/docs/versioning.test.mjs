// One version everywhere (Cargo.toml -> pkg/package.json -> version() -> CHANGELOG.md), and
// the published tarball holds exactly what it should (`npm pack --dry-run --json`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PKG = path.join(ROOT, 'pkg');
const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

function cargoVersion() {
  const toml = fs.readFileSync(path.join(ROOT, 'Cargo.toml'), 'utf8');
  const pkgSection = toml.split(/^\[/m).find((s) => s.startsWith('package]'));
  return pkgSection.match(/^version\s*=\s*"([^"]+)"/m)[1];
}

test('Cargo.toml, pkg/package.json and version() agree on a semver version', () => {
  const cargo = cargoVersion();
  assert.match(cargo, SEMVER);
  const pkg = JSON.parse(fs.readFileSync(path.join(PKG, 'package.json'), 'utf8'));
  assert.equal(pkg.version, cargo, 'pkg/package.json version differs from Cargo.toml (rebuild: scripts/build-pkg.sh)');
  assert.equal(createRequire(import.meta.url)(path.join(PKG, 'index.cjs')).version(), cargo);
});

test('CHANGELOG.md has an entry for the current version', () => {
  const log = fs.readFileSync(path.join(ROOT, 'CHANGELOG.md'), 'utf8');
  const versions = [...log.matchAll(/^## \[([^\]]+)\]/gm)].map((m) => m[1]).filter((v) => v !== 'Unreleased');
  assert.equal(versions[0], cargoVersion(), 'the newest CHANGELOG entry is not the Cargo.toml version');
  for (const v of versions) assert.match(v, SEMVER);
});

test('npm pack --dry-run: README and LICENSE, every exported file, no tests, no source maps', () => {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: PKG, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const [info] = JSON.parse(out);
  const files = info.files.map((f) => f.path).sort();
  assert.equal(info.name, 'atlas-integrations');
  assert.equal(info.version, cargoVersion());
  for (const f of ['README.md', 'LICENSE', 'package.json']) assert.ok(files.includes(f), `${f} missing from the tarball`);

  // Every path the exports map (and main/module/types) points at is in the tarball.
  const pkg = JSON.parse(fs.readFileSync(path.join(PKG, 'package.json'), 'utf8'));
  const targets = new Set([pkg.main, pkg.module, pkg.types].filter(Boolean));
  const walk = (v) => { if (typeof v === 'string') targets.add(v); else if (v && typeof v === 'object') Object.values(v).forEach(walk); };
  walk(pkg.exports);
  for (const t of targets) assert.ok(files.includes(t.replace(/^\.\//, '')), `${t} (referenced by package.json) is not in the tarball`);
  // ...and the files those entries load: both builds (the Node one with its module embedded).
  for (const f of ['node/atlas_integrations_bg.bytes.cjs', 'web/atlas_integrations_bg.wasm', 'node/atlas_integrations.js', 'web/atlas_integrations.js']) {
    assert.ok(files.includes(f), `${f} missing`);
  }

  const unwanted = files.filter((f) => /(^|\/)(tests?|__tests__|spec)(\/|$)|\.test\.|\.spec\.|\.map$|\.tsbuildinfo$|(^|\/)\.|\.tgz$|(^|\/)node_modules\//.test(f));
  assert.deepEqual(unwanted, [], 'files that should not be published');
  assert.ok(info.unpackedSize < 2_000_000, `unpacked size ${info.unpackedSize} bytes`);
});
