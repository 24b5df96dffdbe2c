// `atlas-integrations/forms`: validation and form metadata without WebAssembly. It must load
// no wasm at all, and answer exactly as the full package does (its catalogue is this build's
// describeTypes() output; its validation is the JS engine the main entries use, which
// tests/package/fast-validate.test.mjs holds to the Rust validator).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { PKG, cargoVersion, names } from './helpers.mjs';
import { corpus } from '../../bench/corpus.mjs';

const require = createRequire(import.meta.url);
const wasm = require(`${PKG}node/atlas_integrations.js`);
const esm = await import(pathToFileURL(`${PKG}forms.js`).href);
const cjs = require(`${PKG}forms.cjs`);
const FLAVOURS = wasm.describeTypes().flavours.map((f) => f.id);
const EXPORTS = ['describeTypes', 'validateBodies', 'validateBody', 'version'];

test('the ESM and CommonJS forms entries export the same four functions, declared and mapped', () => {
  assert.deepEqual(names(esm), EXPORTS);
  assert.deepEqual(names(cjs), EXPORTS);
  assert.equal(esm.version(), cargoVersion());
  assert.equal(cjs.version(), cargoVersion());
  const pkg = JSON.parse(readFileSync(`${PKG}package.json`, 'utf8'));
  assert.deepEqual(pkg.exports['./forms'], {
    import: { types: './forms.d.ts', default: './forms.js' },
    require: { types: './forms.d.cts', default: './forms.cjs' },
  });
  for (const f of ['forms.js', 'forms.cjs', 'forms.d.ts', 'forms.d.cts']) assert.ok(pkg.files.includes(f), f);
  for (const dts of ['forms.d.ts', 'forms.d.cts']) {
    const text = readFileSync(`${PKG}${dts}`, 'utf8');
    for (const n of EXPORTS) assert.match(text, new RegExp(`\\b${n}\\b`), `${dts} declares ${n}`);
  }
});

test('neither forms entry touches WebAssembly', () => {
  // A child process where every way to compile or instantiate wasm throws.
  const script = `
    for (const k of ['Module', 'Instance', 'compile', 'instantiate', 'compileStreaming', 'instantiateStreaming', 'validate']) {
      WebAssembly[k] = () => { throw new Error('WebAssembly.' + k + ' used'); };
    }
    const forms = await import(${JSON.stringify(pathToFileURL(`${PKG}forms.js`).href)});
    const { createRequire } = await import('node:module');
    const cjs = createRequire(import.meta.url)(${JSON.stringify(`${PKG}forms.cjs`)});
    for (const f of [forms, cjs]) {
      const issues = f.validateBody({ type: 'PAGER_DUTY', serviceKey: 'nope', extra: 10n });
      if (issues[0].code !== 'invalid_json') throw new Error(JSON.stringify(issues));
      if (f.validateBodies([{ type: 'SLACK' }]).length !== 1) throw new Error('validateBodies');
      if (f.describeTypes('cloudManager').types.length < 5) throw new Error('describeTypes');
    }
    console.log('ok');
  `;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.trim(), 'ok');
});

test('describeTypes answers as the wasm export: equal, fresh each call, same error for a bad flavour', () => {
  for (const forms of [esm, cjs]) {
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
  for (const forms of [esm, cjs]) {
    for (const flavour of FLAVOURS) {
      const opts = { flavour };
      for (const b of bodies) assert.deepEqual(forms.validateBody(b, opts), wasm.validateBody(b, opts));
      assert.deepEqual(forms.validateBodies(bodies, opts), wasm.validateBodies(bodies, opts));
    }
    assert.throws(() => forms.validateBody({}, { flavour: 'x' }), { name: 'AtlasConfigError', code: 'invalid_flavour' });
  }
});
