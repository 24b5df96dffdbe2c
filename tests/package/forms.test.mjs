// `atlas-integrations/forms`: validation, form metadata and JSON Schema from the forms module
// (the crate built without its client feature). Its entries must load that small module and
// never the full one, and answer exactly as the full module does (tests/package/boundary.test.mjs
// holds both to the native Rust validator).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { PKG, cargoVersion, names } from './helpers.mjs';
import { corpus } from '../../bench/corpus.mjs';

const require = createRequire(import.meta.url);
const wasm = require(`${PKG}node/atlas_integrations.js`);
const esm = await import(pathToFileURL(`${PKG}forms.node.mjs`).href);
const cjs = require(`${PKG}forms.cjs`);
// The browser entry (top-level await init(), reading the file: URL) and the manual one.
const browser = await import(pathToFileURL(`${PKG}forms.js`).href);
const manual = await import(pathToFileURL(`${PKG}forms-manual.js`).href);
const FLAVOURS = wasm.describeTypes().flavours.map((f) => f.id);
const EXPORTS = ['bodyFromForm', 'describeTypes', 'init', 'jsonSchema', 'standardSchema', 'validateBodies', 'validateBody', 'version'];
const ENTRIES = [esm, cjs, browser, manual];

test('every forms entry exports the same functions, declared and mapped', async () => {
  for (const m of ENTRIES) assert.deepEqual(names(m), EXPORTS);
  await manual.init();
  for (const m of ENTRIES) {
    assert.equal(m.version(), cargoVersion());
    assert.equal(await m.init(), undefined, 'init() is idempotent');
    assert.equal(m.init(), m.init(), 'every call returns the same promise');
  }
  const pkg = JSON.parse(readFileSync(`${PKG}package.json`, 'utf8'));
  assert.deepEqual(pkg.exports['./forms'], {
    node: {
      // Bundlers building for Node (esbuild, webpack, Rollup) take the CommonJS file: Node's
      // `import` wrapper require()s it with createRequire, which they cannot follow.
      module: { types: './forms.d.ts', default: './forms.cjs' },
      import: { types: './forms.d.ts', default: './forms.node.mjs' },
      require: { types: './forms.d.cts', default: './forms.cjs' },
    },
    browser: { types: './forms.d.ts', default: './forms.js' },
    default: { types: './forms.d.ts', default: './forms.js' },
  });
  assert.deepEqual(pkg.exports['./forms/manual'], { types: './forms-manual.d.ts', default: './forms-manual.js' });
  for (const f of ['forms.js', 'forms.cjs', 'forms.node.mjs', 'forms.d.ts', 'forms.d.cts', 'forms-manual.js', 'forms-manual.d.ts', 'forms/']) {
    assert.ok(pkg.files.includes(f), f);
  }
  for (const dts of ['forms.d.ts', 'forms.d.cts']) {
    const text = readFileSync(`${PKG}${dts}`, 'utf8');
    for (const n of EXPORTS) assert.match(text, new RegExp(`\\b${n}\\b`), `${dts} declares ${n}`);
  }
});

test('the forms entries compile the forms module alone, once, on the first call', () => {
  // A child process that records every module compiled, by size.
  const script = `
    const compiled = [];
    const { Module } = WebAssembly;
    WebAssembly.Module = function (bytes) { compiled.push(bytes.length); return new Module(bytes); };
    const forms = await import(${JSON.stringify(pathToFileURL(`${PKG}forms.node.mjs`).href)});
    const { createRequire } = await import('node:module');
    const cjs = createRequire(import.meta.url)(${JSON.stringify(`${PKG}forms.cjs`)});
    const before = compiled.length;
    for (const f of [forms, cjs]) {
      const issues = f.validateBody({ type: 'PAGER_DUTY', serviceKey: 'nope', extra: 10n });
      if (issues[0].code !== 'invalid_json') throw new Error(JSON.stringify(issues));
      if (f.validateBodies([{ type: 'SLACK' }]).length !== 1) throw new Error('validateBodies');
      if (f.describeTypes('cloudManager').types.length < 5) throw new Error('describeTypes');
    }
    const loaded = Object.keys(createRequire(import.meta.url).cache).filter((k) => k.includes('atlas_integrations'));
    console.log(JSON.stringify([before, compiled, loaded]));
  `;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), [0, [statSync(`${PKG}forms/forms_bg.wasm`).size], []]);
});

test('the forms module is a fraction of the full one', () => {
  const forms = statSync(`${PKG}forms/forms_bg.wasm`).size;
  const full = statSync(`${PKG}web/atlas_integrations_bg.wasm`).size;
  assert.ok(forms < full / 2, `forms ${forms} B, full ${full} B`);
});

test('describeTypes answers as the wasm export: equal, fresh each call, same error for a bad flavour', () => {
  for (const forms of ENTRIES) {
    for (const flavour of [undefined, null, ...FLAVOURS]) assert.deepEqual(forms.describeTypes(flavour), wasm.describeTypes(flavour), String(flavour));
    const first = forms.describeTypes();
    first.types.length = 0;
    assert.ok(forms.describeTypes().types.length > 0, 'a caller mutating one answer does not change the next');
    for (const bad of ['atlasV3', 'toString', '__proto__', 5, {}]) {
      let expected;
      try {
        wasm.describeTypes(bad);
      } catch (e) {
        expected = e;
      }
      assert.throws(() => forms.describeTypes(bad), (e) => e instanceof Error && e.name === expected.name && e.code === expected.code && e.message === expected.message, String(bad));
    }
  }
});

test('validateBody and validateBodies answer as the wasm exports on the corpus in every flavour', () => {
  const bodies = corpus().map((e) => e.body);
  bodies.push(undefined, 10n, '\ud800', { type: 'SLACK', apiToken: { toJSON: () => 'tok' } }, { type: 'NEW_RELIC', licenseKey: '****abcd' });
  for (const forms of ENTRIES) {
    for (const flavour of FLAVOURS) {
      const opts = { flavour };
      for (const b of bodies) assert.deepEqual(forms.validateBody(b, opts), wasm.validateBody(b, opts));
      for (const t of ['SLACK', 'WEBHOOK', 'NOPE']) assert.deepEqual(forms.jsonSchema(t, flavour), wasm.jsonSchema(t, flavour));
      assert.deepEqual(forms.validateBodies(bodies, opts), wasm.validateBodies(bodies, opts));
    }
    assert.throws(() => forms.validateBody({}, { flavour: 'x' }), { name: 'AtlasConfigError', code: 'invalid_flavour' });
  }
});
