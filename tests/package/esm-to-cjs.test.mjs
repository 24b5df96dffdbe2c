// scripts/esm-to-cjs.mjs turns pkg-template/js/*.js into the CommonJS copies used by the
// `require` entry. The conversion must keep behaviour and refuse what it cannot convert.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { esmToCjs } from '../../scripts/esm-to-cjs.mjs';
import { ROOT } from './helpers.mjs';

/** Loads `source` both as ESM and (converted) as CJS. */
async function both(t, source) {
  const dir = mkdtempSync(join(tmpdir(), 'esm-to-cjs-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'm.mjs'), source);
  writeFileSync(join(dir, 'm.cjs'), esmToCjs(source).code);
  return [await import(pathToFileURL(join(dir, 'm.mjs')).href), createRequire(import.meta.url)(join(dir, 'm.cjs'))];
}

test('declarations of every kind keep their names and values', async (t) => {
  const src = [
    'const hidden = 2;',
    'export const answer = 40 + hidden;',
    'export let counter = 1;',
    'export var legacy = "v";',
    'export function add(a, b) { return a + b; }',
    'export async function later() { return "done"; }',
    'export function* gen() { yield 1; yield 2; }',
    'export class Box { constructor(v) { this.v = v; } }',
    'export function extend(wasm) { return { twice: (x) => wasm.f(x) * 2 }; }',
    '// export in a comment is left alone; so is "export" inside a string:',
    'const s = "export const nope = 1";',
  ].join('\n');
  const [esm, cjs] = await both(t, src);
  assert.deepEqual(Object.keys(cjs).sort(), Object.keys(esm).sort());
  assert.equal(cjs.answer, 42);
  assert.equal(cjs.counter, 1);
  assert.equal(cjs.legacy, 'v');
  assert.equal(cjs.add(2, 3), 5);
  assert.equal(await cjs.later(), 'done');
  assert.deepEqual([...cjs.gen()], [1, 2]);
  assert.equal(new cjs.Box(3).v, 3);
  assert.equal(cjs.extend({ f: (x) => x + 1 }).twice(1), 4);
  assert.equal(cjs.nope, undefined);
  assert.deepEqual(esmToCjs(src).names.sort(), Object.keys(esm).sort());
});

test('a local export list with aliases', async (t) => {
  const [esm, cjs] = await both(t, 'function a() { return 1; }\nconst b = 2;\nexport { a, b as bee };\n');
  assert.deepEqual(Object.keys(cjs).sort(), ['a', 'bee']);
  assert.deepEqual(Object.keys(esm).sort(), ['a', 'bee']);
  assert.equal(cjs.a(), 1);
  assert.equal(cjs.bee, 2);
});

test('dynamic import() is kept (it works in CommonJS too)', async (t) => {
  const [, cjs] = await both(t, 'export async function load() {\n  return (await import("node:path")).sep;\n}\n');
  assert.equal(await cjs.load(), '/');
});

test('the output is strict mode', async (t) => {
  const [, cjs] = await both(t, 'export function isStrict() { return this === undefined; }\n');
  assert.equal(cjs.isStrict.call(undefined), true);
  assert.match(esmToCjs('export const x = 1;').code, /^'use strict';/);
});

test('refuses what it cannot convert faithfully', () => {
  const refused = {
    'import { x } from "x";': /only named imports of a sibling module/,
    'import { x } from "../x.js";': /only named imports of a sibling module/,
    'import x from "./x.js";': /only named imports of a sibling module/,
    'import "./side-effect.js";': /only named imports of a sibling module/,
    'import * as ns from "./x.js";': /only named imports of a sibling module/,
    'import { a-b } from "./x.js";': /cannot read import specifier/,
    'export default function () {}': /unsupported export form/,
    'export * from "./x.js";': /unsupported export form/,
    'export { a } from "./x.js";': /unsupported export form/,
    'const u = import.meta.url;': /import\.meta/,
    'if (x) {\n  export const y = 1;\n}': /column 0/,
    'export const { a, b } = obj;': /destructuring/,
    'export let a, b;': /one declaration/,
    'const a = 1;\nexport { a as default };': /default exports/,
    'export function f() {}\nexport { f };': /more than once/,
  };
  for (const [src, message] of Object.entries(refused)) {
    assert.throws(() => esmToCjs(src), message, src);
  }
});

/** Writes ES modules into a `"type": "module"` folder, each beside its CommonJS copy. */
function folder(t, files) {
  const dir = mkdtempSync(join(tmpdir(), 'esm-to-cjs-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  for (const [name, source] of Object.entries(files)) {
    writeFileSync(join(dir, `${name}.js`), source);
    writeFileSync(join(dir, `${name}.cjs`), esmToCjs(source).code);
  }
  return dir;
}

test('named imports of a sibling module become a require of its CommonJS copy', async (t) => {
  const dir = folder(t, {
    helper: 'export const base = 40;\nexport function add(a, b) { return a + b; }\n',
    main: "import { base, add as plus } from './helper.js';\nexport const answer = plus(base, 2);\n",
  });
  assert.match(esmToCjs("import { base, add as plus } from './helper.js';").code, /const \{ base, add: plus \} = require\('\.\/helper\.cjs'\);/);
  const esm = await import(pathToFileURL(join(dir, 'main.js')).href);
  const cjs = createRequire(import.meta.url)(join(dir, 'main.cjs'));
  assert.equal(esm.answer, 42);
  assert.equal(cjs.answer, 42);
});

test('the real pkg-template/js modules convert to equivalent CommonJS modules', async (t) => {
  const templates = join(ROOT, 'pkg-template/js');
  const files = Object.fromEntries(
    readdirSync(templates).filter((f) => f.endsWith('.js')).map((f) => [f.slice(0, -3), readFileSync(join(templates, f), 'utf8')]),
  );
  assert.ok(files.extras && files.errors, 'extras.js and errors.js are templates');
  const dir = folder(t, files);
  const esm = await import(pathToFileURL(join(dir, 'extras.js')).href);
  const cjs = createRequire(import.meta.url)(join(dir, 'extras.cjs'));
  assert.deepEqual(Object.keys(cjs).sort(), Object.keys(esm).sort());
  assert.equal(typeof cjs.extend, 'function');
  class AtlasClient {}
  const fromEsm = esm.extend({ AtlasClient: class extends AtlasClient {} });
  const fromCjs = cjs.extend({ AtlasClient: class extends AtlasClient {} });
  assert.deepEqual(Object.keys(fromCjs).sort(), Object.keys(fromEsm).sort());
  for (const k of Object.keys(fromEsm)) assert.equal(typeof fromCjs[k], typeof fromEsm[k], k);
});
