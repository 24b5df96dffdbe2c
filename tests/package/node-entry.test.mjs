// The Node main entries (scripts/assemble-pkg.mjs): index.node.mjs require()s index.cjs, so
// `import` and `require` share one module and one wasm instance; both take describeTypes
// from the catalogue the forms entry embeds, so validating runs no wasm export, and the
// glue instantiates the module only when a call needs it (a cold start that only validates
// compiles no wasm at all).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { PKG, names } from './helpers.mjs';

const require = createRequire(import.meta.url);
const wasm = require(`${PKG}node/atlas_integrations.js`);
const esm = await import(pathToFileURL(`${PKG}index.node.mjs`).href);
const cjs = require(`${PKG}index.cjs`);

test('import and require give the very same functions and class (one module, one instance)', () => {
  assert.deepEqual(names(esm), names(cjs));
  for (const n of names(cjs)) assert.equal(esm[n], cjs[n], n);
});

test('describeTypes answers as the wasm export: equal, and the same error for a bad flavour', () => {
  const flavours = wasm.describeTypes().flavours.map((f) => f.id);
  for (const flavour of [undefined, null, ...flavours]) assert.deepEqual(cjs.describeTypes(flavour), wasm.describeTypes(flavour), String(flavour));
  for (const bad of ['atlasV3', 5]) {
    let expected;
    try {
      wasm.describeTypes(bad);
    } catch (e) {
      expected = e;
    }
    assert.ok(expected, `the wasm export refuses ${bad}`);
    assert.throws(() => cjs.describeTypes(bad), (e) => cjs.isAtlasConfigError(e) && e.code === expected.code && e.message === expected.message);
  }
});

test('validateBody, validateBodies and describeTypes call no wasm export', () => {
  // A child process whose glue throws from the exports that validation could fall back on.
  const script = `
const glue = require(${JSON.stringify(`${PKG}node/atlas_integrations.js`)});
for (const n of ['describeTypes', 'validateBody', 'validateBodies']) glue[n] = () => { throw new Error('wasm ' + n + ' called'); };
const api = require(${JSON.stringify(`${PKG}index.cjs`)});
const body = { type: 'PAGER_DUTY', serviceKey: '0123456789abcdef0123456789abcdef' };
const out = [api.validateBody(body).length, api.validateBody({ type: 'SLACK' }).length > 0, api.validateBodies([body, {}]).length, api.describeTypes('atlasV2').types.length > 0];
process.stdout.write(JSON.stringify(out));
`;
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), [0, true, 2, true]);
});

test('the module is compiled and instantiated once, on the first call that needs it', () => {
  const script = `
let compiled = 0;
let instantiated = 0;
const { Module, Instance } = WebAssembly;
WebAssembly.Module = function (bytes) { compiled += 1; return new Module(bytes); };
WebAssembly.Instance = function (module, imports) { instantiated += 1; return new Instance(module, imports); };
const api = require(${JSON.stringify(`${PKG}index.cjs`)});
const seen = [];
seen.push([compiled, instantiated]);
api.validateBody({ type: 'SLACK' });
api.describeTypes();
seen.push([compiled, instantiated]);
seen.push([api.version(), compiled, instantiated]);
seen.push([api.jsonSchema('SLACK').title, compiled, instantiated]);
process.stdout.write(JSON.stringify(seen));
`;
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), [[0, 0], [0, 0], [cjs.version(), 1, 1], ['Slack', 1, 1]]);
});
