// The built package (pkg/) from Node CommonJS, resolved by name through `exports.require`.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { readFileSync } = require('node:fs');
const path = require('node:path');

const ROOT = path.join(__dirname, '..', '..');
const cargoVersion = () => {
  const pkg = readFileSync(path.join(ROOT, 'Cargo.toml'), 'utf8').split(/^\[/m).find((t) => t.startsWith('package]'));
  return /^version\s*=\s*"([^"]+)"/m.exec(pkg)[1];
};

test('require() resolves the CommonJS entry through exports', () => {
  assert.equal(require.resolve('atlas-integrations'), path.join(ROOT, 'pkg', 'index.cjs'));
});

test('version() from require() is the crate version', () => {
  const api = require('atlas-integrations');
  assert.equal(api.version(), cargoVersion());
  assert.equal(require('atlas-integrations/package.json').version, cargoVersion());
});

test('the CommonJS entry has the wasm exports and the extras, synchronously', () => {
  const api = require('atlas-integrations');
  const glue = require(path.join(ROOT, 'pkg', 'node', 'atlas_integrations.js'));
  // Names from `__` on are the glue's internals (the client's fast-path templates), which
  // scripts/assemble-pkg.mjs leaves out of the entries.
  for (const n of Object.keys(glue).filter((k) => !k.startsWith('__'))) assert.equal(typeof api[n], typeof glue[n], n);
  assert.ok(Object.keys(api).every((k) => !k.startsWith('__')), 'no internal name in the entry');
  const { extend } = require(path.join(ROOT, 'pkg', 'node', 'extras.cjs'));
  // extend() returns the extra exports; every one of them reaches the entry.
  for (const n of Object.keys(extend({ ...glue }))) assert.ok(n in api, `extra ${n} missing`);
  assert.equal(api.extend, undefined);
});

test('the wasm ran: two calls give equal strings decoded from wasm memory', () => {
  const api = require('atlas-integrations');
  const a = api.version();
  const b = api.version();
  assert.equal(a, b);
  assert.match(a, /^\d+\.\d+\.\d+/);
});
