// The built package (pkg/) from Node ESM, resolved by name through package.json `exports`
// (tests/node_modules/atlas-integrations -> pkg, made by scripts/build-pkg.sh).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import * as api from 'atlas-integrations';
import * as manual from 'atlas-integrations/manual';
import { PKG, cargoVersion, names } from './helpers.mjs';

const require = createRequire(import.meta.url);

test('version() is the crate version and the npm version', () => {
  assert.equal(api.version(), cargoVersion());
  assert.equal(require('atlas-integrations/package.json').version, cargoVersion());
});

test('the wasm really runs: version() is an export of the shipped .wasm, called through its memory', () => {
  // Browsers fetch web/'s file; the Node glue carries its module's bytes embedded.
  const shipped = {
    web: readFileSync(`${PKG}web/atlas_integrations_bg.wasm`),
    node: require(`${PKG}node/atlas_integrations_bg.bytes.cjs`)(),
  };
  for (const [dir, bytes] of Object.entries(shipped)) {
    assert.ok(WebAssembly.validate(bytes), `${dir} .wasm is valid`);
    const exports = WebAssembly.Module.exports(new WebAssembly.Module(bytes)).map((e) => e.name);
    assert.ok(exports.includes('version') && exports.includes('memory'), `${dir} exports ${exports}`);
  }
  // The glue decodes the string out of the instance's linear memory: no wasm, no string.
  const glue = require(`${PKG}node/atlas_integrations.js`);
  assert.equal(glue.version(), cargoVersion());
});

test('import and require share one instance (no dual-package hazard in Node)', () => {
  const cjs = require('atlas-integrations');
  assert.equal(cjs.version, api.version);
  assert.deepEqual(names(cjs), names(api));
});

test('every entry exports the same names: the wasm exports plus the extras', async () => {
  // Names from `__` on are the glue's internals (the client's fast-path templates), which
  // scripts/assemble-pkg.mjs leaves out of the entries.
  const glue = names(require(`${PKG}node/atlas_integrations.js`)).filter((n) => !n.startsWith('__'));
  const all = names(api);
  assert.ok(all.every((n) => !n.startsWith('__')), 'no internal name in the entry');
  for (const n of glue) assert.ok(all.includes(n), `missing wasm export ${n}`);
  const extras = require(`${PKG}node/extras.cjs`);
  assert.equal(typeof extras.extend, 'function');
  assert.ok(!all.includes('extend'), 'extend() is wiring, not API');
  assert.deepEqual(names(manual).filter((n) => n !== 'init'), all);
  const web = await import(`${PKG}index.js`);
  assert.deepEqual(names(web), all);
});

test('manual entry: init() is memoised and idempotent, then the API works (file: URL read from disk)', async () => {
  const first = manual.init();
  assert.equal(manual.init(), first, 'the same promise');
  assert.equal(await first, undefined);
  assert.equal(manual.version(), cargoVersion());
  assert.equal(manual.init(new URL('file:///nonexistent.wasm')), first, 'input ignored once initialised');
});

// Each input kind needs a fresh process (the module instantiates once per process).
const inputs = {
  bytes: `await init(readFileSync(wasmPath))`,
  'WebAssembly.Module': `await init(new WebAssembly.Module(readFileSync(wasmPath)))`,
  Response: `await init(new Response(readFileSync(wasmPath), { headers: { 'content-type': 'application/wasm' } }))`,
  'file: URL': `await init(pathToFileURL(wasmPath))`,
  'a promise of bytes': `await init(Promise.resolve(readFileSync(wasmPath)))`,
};
for (const [kind, call] of Object.entries(inputs)) {
  test(`manual entry: init(${kind})`, () => {
    const script = `
      import { readFileSync } from 'node:fs';
      import { pathToFileURL } from 'node:url';
      import { init, version } from 'atlas-integrations/manual';
      const wasmPath = ${JSON.stringify(`${PKG}web/atlas_integrations_bg.wasm`)};
      let early;
      try { version(); } catch (e) { early = 'threw'; }
      ${call};
      console.log(JSON.stringify({ early, version: version() }));`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: new URL('.', import.meta.url), encoding: 'utf8' });
    assert.deepEqual(JSON.parse(out), { early: 'threw', version: cargoVersion() });
  });
}

test('a failed init() can be retried', () => {
  const script = `
    import { init, version } from 'atlas-integrations/manual';
    let failed = false;
    try { await init(new Uint8Array([0, 1, 2, 3])); } catch { failed = true; }
    await init();
    console.log(JSON.stringify({ failed, version: version() }));`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: new URL('.', import.meta.url), encoding: 'utf8' });
  assert.deepEqual(JSON.parse(out), { failed: true, version: cargoVersion() });
});

test('the browser entries name every module they load: a browser fetches the graph in two steps, not five', () => {
  // Static imports of a module (relative ones: the package's own files).
  const importsOf = (rel) => [...readFileSync(`${PKG}${rel}`, 'utf8')
    .matchAll(/^\s*import\s+(?:[^'";]*?\s+from\s+)?['"](\.{1,2}\/[^'"]+)['"]/gm)]
    .map((m) => new URL(m[1], `file:///${rel}`).pathname.slice(1));
  for (const entry of ['index.js', 'manual.js', 'forms.js']) {
    const named = new Set(importsOf(entry));
    const reached = new Set();
    const queue = [...named];
    while (queue.length) {
      const rel = queue.shift();
      if (reached.has(rel)) continue;
      reached.add(rel);
      queue.push(...importsOf(rel));
    }
    const full = entry !== 'forms.js';
    assert.ok(reached.has('web/init.js'), `${entry} reaches ${[...reached]}`);
    // The error classes Rust constructs, for every entry; the client's JS for the full ones.
    assert.ok(reached.has('web/errors.js'), `${entry} reaches ${[...reached]}`);
    assert.equal(reached.has('web/extras.js') && reached.has('web/runtime.js'), full, `${entry} reaches ${[...reached]}`);
    // One URL per module: the glues import the package's copies, not wasm-bindgen's snippets.
    assert.deepEqual([...reached].filter((f) => f.includes('snippets/')), [], `${entry} reaches ${[...reached]}`);
    assert.equal(reached.has('forms/forms.js'), !full, `${entry} reaches ${[...reached]}`);
    assert.deepEqual([...reached].filter((f) => !named.has(f)), [], `${entry} imports every module of its graph itself`);
  }
});

test('ATLAS_ERROR_NAMES is the AtlasErrorName union the Rust error list declares (src/wasm/errors.rs)', () => {
  for (const dir of ['node', 'web']) {
    const dts = readFileSync(`${PKG}${dir}/atlas_integrations.d.ts`, 'utf8');
    const union = /export type AtlasErrorName =([^;]*);/.exec(dts);
    assert.ok(union, `${dir}: AtlasErrorName is declared`);
    const declared = [...union[1].matchAll(/"(\w+)"/g)].map((m) => m[1]);
    assert.deepEqual([...api.ATLAS_ERROR_NAMES], declared, dir);
  }
  // And every error a call throws is named in it.
  assert.throws(() => api.validateBody({}, { flavour: 'x' }), (e) => api.ATLAS_ERROR_NAMES.includes(e.name));
});
