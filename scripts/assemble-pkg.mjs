// Assembles the npm package from the wasm-pack outputs (the full module for web, with the
// nodejs build's declarations; the forms module for web) and pkg-template/. Its CommonJS
// files are made by esbuild (scripts/node-cjs.mjs).
// Called by scripts/build-pkg.sh; see the layout in README.md ("The npm package").
//
//   node scripts/assemble-pkg.mjs --node DIR --web DIR --forms DIR --template DIR --out DIR
//
// Entries it writes (all re-export the same names: the wasm exports + extend()'s extras):
//   index.cjs       Node `require`: validation and form metadata from forms.cjs (the forms
//                   module), the full module (node/atlas_integrations.js: the web glue
//                   bundled as CommonJS) + node/extras.cjs loaded on first use
//   index.node.mjs  Node `import`: an ESM wrapper that require()s index.cjs (one wasm instance
//                   for both); bundlers building for Node take index.cjs itself (the
//                   `module` condition in pkg-template/package.json): they cannot follow
//                   createRequire
//   manual.js       `atlas-integrations/manual`: the web build + web/extras.js, and init(input?)
//   index.js        browser/default: manual.js with `await init()` at the top level
//   forms*.js/.cjs  `atlas-integrations/forms` (and /forms/manual): validation and form
//                   metadata from the small forms module (scripts/forms-entry.mjs)
// and their declarations (index.d.ts, index.d.cts, manual.d.ts, forms*.d.ts, forms.d.cts).

import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { execFileSync } from 'node:child_process';
import { formsExports, writeFormsEntry } from './forms-entry.mjs';
import { wasmBytesModule, wasmBytesSource } from './embed-wasm.mjs';
import { nodeCjs } from './node-cjs.mjs';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []),
);
for (const k of ['node', 'web', 'forms', 'template', 'out']) if (!args[k]) throw new Error(`missing --${k}`);
const nodeDir = resolve(args.node);
const webDir = resolve(args.web);
const formsDir = resolve(args.forms);
const template = resolve(args.template);
const out = resolve(args.out);
const STEM = 'atlas_integrations';

function fail(msg) {
  console.error(`assemble-pkg: ${msg}`);
  process.exit(1);
}

// --- crate metadata (the npm version is the crate version) -----------------------------
const meta = JSON.parse(execFileSync('cargo', ['metadata', '--no-deps', '--format-version', '1'], { encoding: 'utf8' }));
const crate = meta.packages.find((p) => p.manifest_path === resolve(template, '..', 'Cargo.toml')) ?? meta.packages[0];

// --- copy the wasm-pack outputs -----------------------------------------------------------
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
for (const f of [`${STEM}.js`, `${STEM}.d.ts`, `${STEM}_bg.wasm`]) {
  if (!existsSync(join(webDir, f))) fail(`${webDir}/${f} is missing: did wasm-pack run?`);
}
// Everything but wasm-pack's `.gitignore` (`*`), which would make npm pack skip the folder,
// and the snippets (the package's one copy of each glue module serves: see shareGlueModules).
for (const f of readdirSync(webDir)) {
  if (!['.gitignore', 'package.json', 'README.md', 'snippets'].includes(f)) cpSync(join(webDir, f), join(out, 'web', f), { recursive: true });
}
// Of the nodejs build, its declarations only: the web build's also declare its init
// functions, in DOM types that a Node project may not have. Its JS is not used: Node runs the
// web build's glue, bundled below (esbuild can follow neither the nodejs glue's
// `require(String.raw`…`)` of its snippets nor its read of the .wasm file).
if (!existsSync(join(nodeDir, `${STEM}.d.ts`))) fail(`${nodeDir}/${STEM}.d.ts is missing: did wasm-pack run?`);
cpSync(join(nodeDir, `${STEM}.d.ts`), join(out, 'node', `${STEM}.d.ts`));
// The forms module: its glue and .wasm only (its types are the main entry's, the modules it
// imports are web/'s).
for (const f of ['forms.js', 'forms_bg.wasm']) {
  if (!existsSync(join(formsDir, f))) fail(`${formsDir}/${f} is missing: did wasm-pack run?`);
  cpSync(join(formsDir, f), join(out, 'forms', f));
}
// node/ is CommonJS inside a `"type": "module"` package.
writeFileSync(join(out, 'node', 'package.json'), '{\n  "type": "commonjs"\n}\n');

// --- package.json, README, LICENSE ---------------------------------------------------------
const tpl = JSON.parse(readFileSync(join(template, 'package.json'), 'utf8'));
if (tpl.name !== crate.name) fail(`pkg-template/package.json name ${tpl.name} != crate name ${crate.name}`);
const pkg = {
  name: tpl.name,
  version: crate.version,
  description: crate.description ?? tpl.description,
  license: crate.license,
  ...(crate.repository ? { repository: { type: 'git', url: crate.repository } } : {}),
  keywords: crate.keywords,
  ...Object.fromEntries(Object.entries(tpl).filter(([k]) => !['name', 'version', 'description', 'license', 'repository', 'keywords'].includes(k))),
};
writeFileSync(join(out, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
for (const f of ['README.md', 'LICENSE']) {
  if (!existsSync(join(template, f))) fail(`pkg-template/${f} is missing`);
  cpSync(join(template, f), join(out, f));
}

const header = (what) => `// Generated by scripts/build-pkg.sh (scripts/assemble-pkg.mjs): ${what}\n`;
const jsDir = join(template, 'js');
const cjs = nodeCjs({ jsDir, nodeDir: join(out, 'node'), header });

// --- one copy of each glue module -------------------------------------------------------------
// wasm-bindgen copies the modules Rust imports (`#[wasm_bindgen(module = "/pkg-template/js/
// errors.js")]`) into each build's snippets/ folder and its glue imports them from there,
// while extras.js imports the package's own copies: two URLs for one module, so a browser
// fetched and evaluated errors.js and runtime.js twice. Each glue's import statements are
// pointed at web/'s copy instead (for the forms module too, so that a page with both entries
// shares it), and no snippets/ folder is shipped. Only the import statements change: the keys
// of the glue's import object are the wasm module's import names, which keep the snippet
// paths. (Node's CommonJS requires node/<name>.cjs instead: scripts/node-cjs.mjs.)
const SNIPPET_IMPORT = /^((?:import|const)\b[^\n]*?)(["'`])\.\/snippets\/[\w.-]+\/pkg-template\/js\/([\w-]+)\.js\2/gm;
const SNIPPET_KEY = /^\s+"\.\/snippets\/[^"]+": import\d+,$/;

/** The pkg-template/js modules (`errors.js`, ...) a glue imports as wasm-bindgen snippets. */
function snippetModules(glueFile) {
  return [...readFileSync(glueFile, 'utf8').matchAll(SNIPPET_IMPORT)].map((m) => `${m[3]}.js`);
}

/** Points the glue's snippet imports at `copy(name)` (relative to the glue), which must exist. */
function shareGlueModules(glueFile, copy) {
  const glue = readFileSync(glueFile, 'utf8').replace(SNIPPET_IMPORT, (_, head, quote, name) => {
    const target = copy(name);
    if (!existsSync(resolve(dirname(glueFile), target))) fail(`${glueFile} imports the snippet ${name}.js, but ${target} is not in the package`);
    return `${head}${quote}${target}${quote}`;
  });
  const left = glue.split('\n').find((l) => l.includes('./snippets/') && !SNIPPET_KEY.test(l));
  if (left !== undefined) fail(`${glueFile} still refers to snippets/ (did the wasm-bindgen version change?): ${left.trim()}`);
  writeFileSync(glueFile, glue);
}

// --- gloo-net's global fetch, guarded ---------------------------------------------------------
// gloo-net sends the client's requests with the global `fetch`, bound without a `catch`, and
// panics when it resolves to anything but a `Response`. The wasm module must never trap on
// what it is given, and a replaced global fetch (a test's stub) is given: the glue's import
// calls runtime.js's globalFetch instead, which turns both into a rejection.
const GLOO_FETCH = /^(\s+__wbg_fetch_[0-9a-f]+: function\(arg0\) \{\n\s+const ret = )fetch(\(arg0\);)$/m;

/** Points the glue's one bare `fetch(request)` import (gloo-net's) at `globalFetch`. */
function guardGlobalFetch(glueFile) {
  const glue = readFileSync(glueFile, 'utf8');
  const found = glue.match(new RegExp(GLOO_FETCH.source, 'gm'))?.length ?? 0;
  if (found !== 1) fail(`${glueFile}: expected gloo-net's fetch import once, found it ${found} times (did wasm-bindgen or gloo-net change?)`);
  writeFileSync(glueFile, `import { globalFetch } from './runtime.js';\n${glue.replace(GLOO_FETCH, '$1globalFetch$2')}`);
}

// --- extras (JS that Rust cannot express) -------------------------------------------------
const extrasSrc = join(jsDir, 'extras.js');
const extrasDts = join(jsDir, 'extras.d.ts');
if (!existsSync(extrasSrc)) fail(`${extrasSrc} is missing`);
if (!existsSync(extrasDts)) fail(`${extrasDts} is missing (declarations of the names extend() returns)`);
// They sit next to each build's glue, so extras.d.ts can import from and augment
// "./atlas_integrations.js": web/*.js (ESM, as written) and node/*.cjs (scripts/node-cjs.mjs).
// The modules extras.js imports (errors.js) are internal: no declarations. Only what the
// entries load is shipped: extras.js and what it imports, the modules Rust imports (errors.js,
// also the Node entry's guards; runtime.js) and init.js (the browser entries' init()).
const templates = new Set(['extras.js', 'init.js', ...snippetModules(join(webDir, `${STEM}.js`))]);
for (const f of templates) {
  for (const spec of importsOf(join(jsDir, f))) {
    if (!/^\.\/[\w-]+\.js$/.test(spec)) fail(`pkg-template/js/${f} imports ${spec}: only sibling modules ('./name.js')`);
    templates.add(spec.slice(2));
  }
}
for (const f of templates) cpSync(join(jsDir, f), join(out, 'web', f));
cpSync(extrasDts, join(out, 'web', 'extras.d.ts'));
cpSync(extrasDts, join(out, 'node', 'extras.d.cts'));

// Now that the copies are in place (see above).
shareGlueModules(join(out, 'web', `${STEM}.js`), (name) => `./${name}.js`);
guardGlobalFetch(join(out, 'web', `${STEM}.js`));
shareGlueModules(join(out, 'forms', 'forms.js'), (name) => `../web/${name}.js`);

// --- the full module for Node: the web glue, instantiated as it is first required ------------
// index.cjs requires it on the first use of anything but validation and the error guards
// (a process that only validates never compiles this module: ~7 ms of a cold start), and it
// instantiates the module at once, synchronously (initSync), from web/'s .wasm file or, in a
// bundle without it, bytes embedded in a module of their own (scripts/embed-wasm.mjs says why).
// If that fails, require() throws and keeps nothing, so the next use tries again.
const webWasm = await import(pathToFileURL(join(out, 'web', `${STEM}.js`)).href);
const glueNames = Object.keys(webWasm).filter((n) => n !== 'default' && n !== 'initSync');
const fullBytesModule = `./${STEM}_bg.bytes.cjs`;
writeFileSync(
  join(out, 'node', fullBytesModule),
  wasmBytesModule(join(out, 'web', `${STEM}_bg.wasm`), header('the full module\'s bytes for Node.')),
);
await cjs.bundle(
  {
    source: `${wasmBytesSource(`../web/${STEM}_bg.wasm`, fullBytesModule)}import { initSync } from '../web/${STEM}.js';

initSync({ module: wasmBytes() });

export {
${glueNames.map((n) => `  ${n},`).join('\n')}
} from '../web/${STEM}.js';
`,
    resolveDir: join(out, 'node'),
    external: [fullBytesModule],
  },
  join(out, 'node', `${STEM}.js`),
  'the full module for Node, from web/atlas_integrations.js',
);
await cjs.writeTemplates(['extras', 'errors']);

// --- the exported names, read from the builds themselves ----------------------------------
const require = createRequire(import.meta.url);
const nodeWasm = require(join(out, 'node', `${STEM}.js`));
const wasmNames = Object.keys(nodeWasm).filter((n) => !n.startsWith('__'));
if (!wasmNames.length) fail('the web build exports nothing');

const extrasEsm = await import(pathToFileURL(join(out, 'web', 'extras.js')).href);
const extrasCjsMod = require(join(out, 'node', 'extras.cjs'));
const esmKeys = Object.keys(extrasEsm).sort().join();
if (esmKeys !== Object.keys(extrasCjsMod).sort().join()) {
  fail(`extras.cjs exports ${Object.keys(extrasCjsMod)} but extras.js exports ${Object.keys(extrasEsm)}`);
}
if (typeof extrasEsm.extend !== 'function') fail('extras.js must export function extend(wasm)');
const pick = (mod) => Object.fromEntries(wasmNames.map((n) => [n, mod[n]]));
const extras = extrasCjsMod.extend(pick(nodeWasm));
if (!extras || typeof extras !== 'object') fail('extend(wasm) must return an object of extra exports');
const extraNames = Object.keys(extras);
const extraEsmNames = Object.keys(extrasEsm.extend(pick(webWasm)));
if (extraNames.sort().join() !== extraEsmNames.sort().join()) {
  fail(`extend() returns different names in ESM (${extraEsmNames}) and CJS (${extraNames})`);
}
for (const n of [...wasmNames, ...extraNames]) {
  if (!/^[A-Za-z_$][\w$]*$/.test(n) || n === 'default' || n === 'init') fail(`cannot export the name '${n}'`);
}
const names = [...new Set([...wasmNames, ...extraNames])];

// --- generated entries ----------------------------------------------------------------
const list = (xs, indent = '  ') => xs.map((n) => `${indent}${n},`).join('\n');
const wasmObject = (mod) => `{\n${wasmNames.map((n) => `  ${n}: ${mod}.${n},`).join('\n')}\n}`;

// The Node `require` entry answers the forms exports (validateBody, validateBodies,
// describeTypes, jsonSchema, version) with forms.cjs, the small forms module built from the
// same crate (equal answers and errors, tests/package/node-entry.test.mjs), and the error
// guards with errors.cjs. The full module's glue and the client's JS (extras.cjs) are read
// only when something else is first used: a process that only validates compiles the forms
// module alone. Browsers use the full module's own exports: one module to download.
const formsGlue = await import(pathToFileURL(join(out, 'forms', 'forms.js')).href);
const formsNames = formsExports(formsGlue);
const missingForms = formsNames.filter((n) => !wasmNames.includes(n));
if (missingForms.length) fail(`the full module does not export ${missingForms.join(', ')}, which the forms module does`);
const errorsCjs = require(join(out, 'node', 'errors.cjs'));
const guardNames = Object.keys(errorsCjs.guards);
const unplaced = extraNames.filter((n) => !formsNames.includes(n) && !guardNames.includes(n));
if (unplaced.length) fail(`extend() returns ${unplaced.join(', ')}, which the Node entry takes from neither forms.cjs nor errors.cjs`);

/**
 * A stand-in for the class `load()` returns, which it calls on first use. A Proxy forwards
 * every operation (`new`, `instanceof`, `extends`, statics, `prototype`) to the real class;
 * once loaded, the target holds the real `prototype` as its own, so that what the proxy
 * reports of it agrees with its target (the Proxy invariants for a non-configurable key).
 */
function lazyClass(name, load) {
  let real;
  const target = { [name]: function () {} }[name];
  const loaded = () => {
    if (real === undefined) {
      const value = load();
      Object.defineProperty(target, 'prototype', { value: value.prototype, writable: false });
      real = value;
    }
    return real;
  };
  const proxy = new Proxy(target, {
    construct: (_, args, newTarget) => Reflect.construct(loaded(), args, newTarget === proxy ? real : newTarget),
    apply: (_, self, args) => Reflect.apply(loaded(), self, args),
    get: (_, key, receiver) => Reflect.get(loaded(), key, receiver === proxy ? real : receiver),
    set: (_, key, value, receiver) => Reflect.set(loaded(), key, value, receiver === proxy ? real : receiver),
    has: (_, key) => Reflect.has(loaded(), key),
    ownKeys: () => Reflect.ownKeys(loaded()),
    getOwnPropertyDescriptor: (_, key) => Reflect.getOwnPropertyDescriptor(loaded(), key),
    defineProperty: (_, key, descriptor) => Reflect.defineProperty(loaded(), key, descriptor),
    deleteProperty: (_, key) => Reflect.deleteProperty(loaded(), key),
  });
  return proxy;
}

/** A function `name` of `length` parameters that calls the function `load()` returns. */
function lazyFunction(name, length, load) {
  const f = { [name]: (...args) => load()(...args) }[name];
  Object.defineProperty(f, 'length', { value: length });
  return f;
}

const isClass = (v) => typeof v === 'function' && /^class\b/.test(Function.prototype.toString.call(v));
const nodeExport = (n) => {
  if (formsNames.includes(n)) return `forms.${n}`;
  if (guardNames.includes(n)) return `guards.${n}`;
  const v = nodeWasm[n];
  if (isClass(v)) return `lazyClass(${JSON.stringify(n)}, () => wasm().${n})`;
  if (typeof v === 'function') return `lazyFunction(${JSON.stringify(n)}, ${v.length}, () => wasm().${n})`;
  return fail(`the full module exports '${n}', which is neither a class nor a function`);
};
writeFileSync(join(out, 'index.cjs'), `${header('the Node `require` entry.')}'use strict';
// Validation, form metadata and the error guards need no WebAssembly here; the wasm glue and
// the client's JS are read on the first use of anything else (scripts/assemble-pkg.mjs).
const forms = require('./forms.cjs');
const { guards } = require('./node/errors.cjs');

let glue;
/** The wasm glue, its AtlasClient extended with the client's JS (read on first use). */
function wasm() {
  if (glue === undefined) {
    const loaded = require('./node/${STEM}.js');
    require('./node/extras.cjs').extendClient(loaded.AtlasClient);
    glue = loaded;
  }
  return glue;
}

// A stand-in for a class, which loads it on first use: a Proxy forwarding every operation
// (\`new\`, \`instanceof\`, \`extends\`, statics, \`prototype\`) to the real class.
${lazyClass.toString()}

// A function that loads the real one on its first call.
${lazyFunction.toString()}

${names.map((n) => `exports.${n} = ${nodeExport(n)};`).join('\n')}
`);

// require() rather than `import api from './index.cjs'`: the same module instance (one wasm
// instance for import and require) without the ESM loader's pass over a CommonJS module
// (async read, cjs-module-lexer): measured ~7 ms less on a cold start (Node 20).
writeFileSync(join(out, 'index.node.mjs'), `${header('the Node `import` entry, over the CommonJS build.')}import { createRequire } from 'node:module';

const api = createRequire(import.meta.url)('./index.cjs');

export const {
${list(names)}
} = api;
`);

// --- the browser module graph, fetched in two steps ------------------------------------------
// A browser discovers a module's imports only once it has fetched it: index.js → manual.js →
// glue + extras.js → snippets + validate.js took four sequential round trips before the wasm
// was even asked for. So each entry also names every module below its own imports, and all
// of them are fetched in parallel after the entry: two round trips fewer (on loopback in
// Chromium ~5 ms of the first result; on a real network, two RTTs). They are side-effect
// imports of modules the entry loads anyway: the same modules, evaluated in the same order.
/** The relative specifiers `file` imports (static `import ... from` and `import '...'`). */
function importsOf(file) {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^\s*import\s+(?:[^'";]*?\s+from\s+)?['"](\.{1,2}\/[^'"]+)['"]/gm)].map((m) => m[1]);
}
/** The modules below `roots` (paths relative to `out`), breadth first, without the roots. */
function modulesBelow(roots) {
  const seen = new Set(roots);
  const queue = [...roots];
  while (queue.length) {
    const rel = queue.shift();
    for (const spec of importsOf(join(out, rel))) {
      const dep = relative(out, resolve(out, dirname(rel), spec));
      if (!existsSync(join(out, dep))) fail(`${rel} imports ${spec}, which is not in the package`);
      if (!seen.has(dep)) {
        seen.add(dep);
        queue.push(dep);
      }
    }
  }
  return [...seen].filter((f) => !roots.includes(f));
}
/** Side-effect imports of the modules below an entry's own imports `roots`. */
function preloadImports(roots) {
  const below = modulesBelow(roots);
  if (!below.length) return '';
  return `// What the imports above import, named here too so that a browser fetches it all at once.\n${below.map((f) => `import './${f}';\n`).join('')}`;
}

writeFileSync(join(out, 'manual.js'), `${header('the web build, initialised by the caller.')}//
// import { init, version } from 'atlas-integrations/manual';
// await init();                 // fetches ./web/${STEM}_bg.wasm next to this file
// await init(urlOrResponseOrBytesOrModule);
//
// init() is idempotent: every call returns the same promise once one has succeeded (a failed
// attempt can be retried). Calling an export before init() has resolved throws.
import initWasm, * as wasm from './web/${STEM}.js';
import { extend } from './web/extras.js';
import { initOnce } from './web/init.js';
${preloadImports([`web/${STEM}.js`, 'web/extras.js', 'web/init.js'])}
const wasmApi = ${wasmObject('wasm')};
const api = { ...wasmApi, ...extend(wasmApi) };

/**
 * Loads and instantiates the WebAssembly module once.
 * @param {string | URL | Request | Response | BufferSource | WebAssembly.Module | Promise<any>} [input]
 *   where to get the module; by default the .wasm file shipped next to this file.
 * @returns {Promise<void>}
 */
export const init = initOnce(initWasm, () => new URL('./web/${STEM}_bg.wasm', import.meta.url));

export const {
${list(names)}
} = api;
`);

writeFileSync(join(out, 'index.js'), `${header('the browser/default entry: initialised on import.')}import { init } from './manual.js';
${preloadImports(['manual.js'])}
export {
${list(names)}
} from './manual.js';

await init();
`);

// --- declarations -----------------------------------------------------------------------
// `export *` brings the extras' types too (AtlasError, BulkOptions...); names that extras
// override are re-exported explicitly, which wins over the wasm build's `export *`.
const dtsText = readFileSync(extrasDts, 'utf8');
const declared = (n) => new RegExp(`\\b(function|const|let|var|class)\\s+${n.replace(/\$/g, '\\$')}\\b`).test(dtsText);
// A wasm export that extras wraps without changing its signature keeps the wasm build's
// declaration and doc comment.
const undeclared = extraNames.filter((n) => !declared(n) && !wasmNames.includes(n));
if (undeclared.length) fail(`extend() returns ${undeclared.join(', ')} but pkg-template/js/extras.d.ts does not declare them`);
const overridden = extraNames.filter((n) => wasmNames.includes(n) && declared(n));
const extrasExport = (file) =>
  `export * from './node/${file}';\n${overridden.length ? `export {\n${list(overridden)}\n} from './node/${file}';\n` : ''}`;
// wasm-bindgen's classes declare [Symbol.dispose]: bring its lib to projects whose `lib`
// predates it (what @types/node does too), instead of editing the generated declarations.
const libRefs = '/// <reference lib="esnext.disposable" />\n';
writeFileSync(join(out, 'index.d.ts'), `${libRefs}${header('types of the main entry (ESM).')}export * from './node/${STEM}.js';
${extrasExport('extras.cjs')}`);
writeFileSync(join(out, 'index.d.cts'), `${libRefs}${header('types of the main entry (CommonJS).')}export * from './node/${STEM}.js';
${extrasExport('extras.cjs')}`);
writeFileSync(join(out, 'manual.d.ts'), `${header('types of atlas-integrations/manual.')}export * from './index.js';

/** \`WebAssembly.Module\` where the lib declares it (DOM, recent @types/node), else nothing. */
type WasmModule = typeof globalThis extends { WebAssembly: { Module: abstract new (...args: never[]) => infer M } } ? M : never;

/** Where init() can load the WebAssembly module from. */
export type InitInput = string | URL | Request | Response | ArrayBuffer | ArrayBufferView | WasmModule;

/**
 * Loads and instantiates the WebAssembly module; the other exports work once it resolves.
 * Idempotent: later calls return the same promise (after a failure, the next call retries).
 * @param input where to get the module; by default the .wasm file shipped with the package.
 */
export declare function init(input?: InitInput | Promise<InitInput>): Promise<void>;
`);

// atlas-integrations/forms: validation and form metadata from the forms module.
await writeFormsEntry({ out, glue: formsGlue, header, list, cjs, importsOf });
// Whatever template module forms.cjs requires that node/ lacks so far (none today: errors.cjs).
await cjs.writeTemplates([]);

console.log(`  · pkg/: ${pkg.name}@${pkg.version}, ${wasmNames.length} wasm exports + ${extraNames.length} extras`);
