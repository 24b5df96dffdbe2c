// The Node main entries (scripts/assemble-pkg.mjs): index.node.mjs require()s index.cjs, so
// `import` and `require` share one module and one wasm instance; both take validation, form
// metadata, JSON Schema and version from the forms entry (the small forms module), so
// validating reads neither the full module's glue nor the client's JS, which load on the
// first use of anything else; each module is instantiated only when a call needs it (a cold
// start that only validates compiles the forms module alone).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, PKG, names } from './helpers.mjs';

const require = createRequire(import.meta.url);
const wasm = require(`${PKG}node/atlas_integrations.js`);
const esm = await import(pathToFileURL(`${PKG}index.node.mjs`).href);
const cjs = require(`${PKG}index.cjs`);

test('import and require give the very same functions and class (one module, one instance)', () => {
  assert.deepEqual(names(esm), names(cjs));
  for (const n of names(cjs)) assert.equal(esm[n], cjs[n], n);
});

test('the main and forms entries share one catalogue and one validation instance', () => {
  const forms = require(`${PKG}forms.cjs`);
  for (const n of ['validateBody', 'validateBodies', 'describeTypes', 'jsonSchema', 'version']) assert.equal(cjs[n], forms[n], n);
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

/** Runs `script` (CommonJS, or an ES module when `esm`) in a fresh Node; its stdout as JSON. */
function child(script, esm = false) {
  const r = spawnSync(process.execPath, [...(esm ? ['--input-type=module'] : []), '-e', script], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

test('validateBody, validateBodies and describeTypes call no export of the full module', () => {
  // A child process whose full glue throws from the exports that validation could fall back on
  // (esbuild's exports are read-only getters: the cached module gets a patched copy of them).
  const script = `
const path = ${JSON.stringify(`${PKG}node/atlas_integrations.js`)};
require(path);
const cached = require.cache[path];
cached.exports = { ...cached.exports };
for (const n of ['describeTypes', 'validateBody', 'validateBodies']) cached.exports[n] = () => { throw new Error('wasm ' + n + ' called'); };
const api = require(${JSON.stringify(`${PKG}index.cjs`)});
new api.AtlasClient({ token: 't' }).free();
const body = { type: 'PAGER_DUTY', serviceKey: '0123456789abcdef0123456789abcdef' };
const out = [api.validateBody(body).length, api.validateBody({ type: 'SLACK' }).length > 0, api.validateBodies([body, {}]).length, api.describeTypes('atlasV2').types.length > 0];
process.stdout.write(JSON.stringify(out));
`;
  assert.deepEqual(child(script), [0, true, 2, true]);
});

test('each module is compiled and instantiated once, on the first call that needs it', () => {
  const script = `
const compiled = [];
let instantiated = 0;
const { Module, Instance } = WebAssembly;
WebAssembly.Module = function (bytes) { compiled.push(bytes.length); return new Module(bytes); };
WebAssembly.Instance = function (module, imports) { instantiated += 1; return new Instance(module, imports); };
const api = require(${JSON.stringify(`${PKG}index.cjs`)});
const seen = [];
seen.push([compiled.length, instantiated]);
api.validateBody({ type: 'SLACK' });
api.describeTypes();
seen.push([...compiled, instantiated]);
seen.push([api.version(), api.jsonSchema('SLACK').title, ...compiled, instantiated]);
seen.push([api.validateOperation({ op: 'get' }).length > 0, ...compiled, instantiated]);
api.previewCurl({ op: 'list', groupId: '0123456789abcdef01234567' });
seen.push([...compiled, instantiated]);
process.stdout.write(JSON.stringify(seen));
`;
  const forms = statSync(`${PKG}forms/forms_bg.wasm`).size;
  const full = createRequire(import.meta.url)(`${PKG}node/atlas_integrations_bg.bytes.cjs`)().length;
  assert.deepEqual(child(script), [[0, 0], [forms, 1], [cjs.version(), 'Slack', forms, 1], [true, forms, full, 2], [forms, full, 2]]);
});

// The package's modules in require's cache, relative to pkg/.
const loadedModules = `Object.keys(cache).filter((f) => f.startsWith(${JSON.stringify(PKG)})).map((f) => f.slice(${PKG.length})).sort()`;

test('validating, describing and the error guards read neither the wasm glue nor the client JS', () => {
  const use = `
const body = { type: 'PAGER_DUTY', serviceKey: '0123456789abcdef0123456789abcdef' };
const used = [api.validateBody(body).length, api.validateBodies([body, {}]).length, api.describeTypes().types.length > 0,
  api.isAtlasError(new Error('x')), api.ATLAS_ERROR_NAMES.length, typeof api.AtlasClient, typeof api.buildRequest];`;
  const expected = ['forms.cjs', 'index.cjs', 'node/errors.cjs'];
  const cjsRun = child(`const api = require(${JSON.stringify(`${PKG}index.cjs`)});
const { cache } = require;${use}
process.stdout.write(JSON.stringify({ used, loaded: ${loadedModules} }));`);
  assert.deepEqual(cjsRun, { used: [0, 2, true, false, 8, 'function', 'function'], loaded: expected });
  const esmRun = child(`import * as api from ${JSON.stringify(pathToFileURL(`${PKG}index.node.mjs`).href)};
import { createRequire } from 'node:module';
const { cache } = createRequire(import.meta.url);${use}
process.stdout.write(JSON.stringify({ used, loaded: ${loadedModules} }));`, true);
  assert.deepEqual(esmRun, { used: [0, 2, true, false, 8, 'function', 'function'], loaded: expected });
});

// The embedded copies of the two modules' bytes (scripts/embed-wasm.mjs), and the .wasm
// files they copy.
const WASM_FILES = { 'node/forms_bg.bytes.cjs': 'forms/forms_bg.wasm', 'node/atlas_integrations_bg.bytes.cjs': 'web/atlas_integrations_bg.wasm' };

/** Validates, describes and makes a client with the index.cjs in `pkg`; what it used and loaded. */
const useBothModules = (pkg) => `const api = require(${JSON.stringify(`${pkg}index.cjs`)});
const { cache } = require;
const body = { type: 'PAGER_DUTY', serviceKey: '0123456789abcdef0123456789abcdef' };
const used = [api.validateBody(body).length, api.validateBody({ type: 'SLACK' }).length > 0, api.version()];
new api.AtlasClient({ baseUrl: 'http://127.0.0.1:9/', token: 't' }).free();
used.push(api.buildRequest({ op: 'list', groupId: '0123456789abcdef01234567' }).method);
process.stdout.write(JSON.stringify({ used, loaded: Object.keys(cache).filter((f) => f.startsWith(${JSON.stringify(pkg)}) && f.endsWith('.bytes.cjs')).map((f) => f.slice(${pkg.length})).sort() }));`;

test('Node reads the shipped .wasm files; the embedded copies (the same bytes) load only in a bundle without them', () => {
  for (const [embedded, file] of Object.entries(WASM_FILES)) {
    assert.ok(require(`${PKG}${embedded}`)().equals(readFileSync(`${PKG}${file}`)), `${embedded} holds ${file}`);
  }
  const used = [0, true, cjs.version(), 'GET'];
  assert.deepEqual(child(useBothModules(PKG)), { used, loaded: [] });
  // A copy of the package without its .wasm files, as a server bundler leaves it.
  const dir = mkdtempSync(join(tmpdir(), 'atlas-no-wasm-'));
  try {
    const copy = `${dir}/pkg/`;
    cpSync(PKG, copy, { recursive: true });
    for (const file of Object.values(WASM_FILES)) rmSync(`${copy}${file}`);
    assert.deepEqual(child(useBothModules(copy)), { used, loaded: Object.keys(WASM_FILES).sort() });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the first client or wasm call loads the glue and the client JS, once', () => {
  const run = child(`const api = require(${JSON.stringify(`${PKG}index.cjs`)});
const { cache } = require;
const seen = [];
const client = new api.AtlasClient({ baseUrl: 'http://127.0.0.1:9/', token: 't' });
seen.push(${loadedModules}, typeof client.listAll, typeof client.applyToProjects);
client.free();
const again = ${loadedModules}.length;
seen.push(api.version() === require(${JSON.stringify(`${PKG}package.json`)}).version, again);
process.stdout.write(JSON.stringify(seen));`);
  const glue = ['node/atlas_integrations.js', 'node/extras.cjs'];
  assert.deepEqual(run.slice(1), ['function', 'function', true, run[0].length]);
  for (const f of glue) assert.ok(run[0].includes(f), `${f} loaded by new AtlasClient`);
});

test('Node loads one copy of each pkg-template/js module, node/<name>.cjs, which every bundle requires', () => {
  const loaded = child(`const api = require(${JSON.stringify(`${PKG}index.cjs`)});
require(${JSON.stringify(`${PKG}forms.cjs`)}).validateBody({ type: 'SLACK' });
const { cache } = require;
const client = new api.AtlasClient({ baseUrl: 'http://127.0.0.1:9/', token: 't' });
client.free();
process.stdout.write(JSON.stringify(${loadedModules}));`);
  const templates = readdirSync(`${ROOT}pkg-template/js`).filter((f) => f.endsWith('.js')).map((f) => f.slice(0, -3));
  // What the wasm build imports from pkg-template/js/ (web/'s copies), then what extras.js does.
  const glue = readFileSync(`${PKG}web/atlas_integrations.js`, 'utf8');
  const imported = [...glue.matchAll(/^import\b[^\n]*?['"]\.\/([\w-]+)\.js['"]/gm)].map((m) => m[1]).filter((n) => templates.includes(n));
  assert.ok(imported.length > 0, 'the wasm build imports pkg-template/js modules');
  for (const n of imported) assert.ok(loaded.includes(`node/${n}.cjs`), `node/${n}.cjs loaded (${loaded})`);
  for (const n of ['extras', 'errors']) assert.ok(loaded.includes(`node/${n}.cjs`), n);
  assert.deepEqual(loaded.filter((f) => f.includes('snippets')), [], 'no wasm-bindgen snippet copy');
  // esbuild names each module it bundles in a comment: no file holds a copy of a template
  // module (web/'s, a snippet's) but its own node/<name>.cjs.
  for (const f of loaded) {
    const bundled = [...readFileSync(`${PKG}${f}`, 'utf8').matchAll(/^\/\/ (\S+\.js)$/gm)].map((m) => m[1]);
    const copies = bundled.filter((m) => templates.includes(basename(m, '.js')));
    assert.deepEqual(copies, f.startsWith('node/') && f.endsWith('.cjs') ? copies.filter((m) => basename(m, '.js') === basename(f, '.cjs')) : [], f);
  }
});

/** What `f` throws, as the properties the tests compare, or 'no error'. */
function thrown(f) {
  try {
    f();
  } catch (e) {
    return [e.constructor.name, e.name, e.code, e.message];
  }
  return 'no error';
}

test('AtlasClient behaves as the glue class: new, instanceof, extends, prototype, statics, misuse', () => {
  const Real = wasm.AtlasClient;
  const C = cjs.AtlasClient;
  assert.equal(C.prototype, Real.prototype);
  assert.deepEqual(Object.getOwnPropertyDescriptor(C, 'prototype'), Object.getOwnPropertyDescriptor(Real, 'prototype'));
  assert.deepEqual(Reflect.ownKeys(C), Reflect.ownKeys(Real));
  assert.equal(C.name, Real.name);
  assert.equal(C.length, Real.length);
  const client = new C({ baseUrl: 'http://127.0.0.1:9/', token: 't' });
  assert.ok(client instanceof C && client instanceof Real);
  assert.equal(Object.getPrototypeOf(client), Real.prototype);
  assert.equal(typeof client.listAll, 'function');
  client.free();
  class Sub extends C {
    kind() {
      return 'sub';
    }
  }
  const sub = new Sub({ token: 't' });
  assert.ok(sub instanceof Sub && sub instanceof C && sub instanceof Real);
  assert.equal(sub.kind(), 'sub');
  sub.free();
  assert.deepEqual(thrown(() => C({ token: 't' })), thrown(() => Real({ token: 't' })), 'a call without new');
  assert.deepEqual(thrown(() => new C({ token: 5 })), thrown(() => new Real({ token: 5 })), 'bad options');
  C.label = 'mine';
  assert.equal(Real.label, 'mine');
  assert.ok('label' in C);
  assert.ok(delete C.label);
  assert.ok(!('label' in Real));
});

test('the other wasm exports keep their name and arity, and answer as the glue does', () => {
  for (const n of ['buildRequest', 'planChanges', 'previewCurl', 'validateOperation', 'jsonSchema', 'version']) {
    assert.equal(cjs[n].name, wasm[n].name, n);
    assert.equal(cjs[n].length, wasm[n].length, n);
  }
  const op = { op: 'create', groupId: '0123456789abcdef01234567', integrationType: 'SLACK', body: { type: 'SLACK', apiToken: 'xoxb-1', channelName: 'a' } };
  assert.deepEqual(cjs.buildRequest(op, { flavour: 'atlasV1' }), wasm.buildRequest(op, { flavour: 'atlasV1' }));
  assert.deepEqual(cjs.validateOperation({ op: 'get' }), wasm.validateOperation({ op: 'get' }));
  assert.deepEqual(thrown(() => cjs.buildRequest({ op: 'get' })), thrown(() => wasm.buildRequest({ op: 'get' })));
});
