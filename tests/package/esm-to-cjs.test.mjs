// scripts/esm-to-cjs.mjs turns pkg-template/js/extras.js into the CommonJS copy used by the
// `require` entry. The conversion must keep behaviour and refuse what it cannot convert.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
    'import { x } from "./x.js";': /imports are not supported/,
    'import "./side-effect.js";': /imports are not supported/,
    'import * as ns from "./x.js";': /imports are not supported/,
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

test('the real pkg-template/js/extras.js converts to an equivalent CommonJS module', async (t) => {
  const src = readFileSync(join(ROOT, 'pkg-template/js/extras.js'), 'utf8');
  const [esm, cjs] = await both(t, src);
  assert.deepEqual(Object.keys(cjs).sort(), Object.keys(esm).sort());
  assert.equal(typeof cjs.extend, 'function');
  class AtlasClient {}
  const fromEsm = esm.extend({ AtlasClient: class extends AtlasClient {} });
  const fromCjs = cjs.extend({ AtlasClient: class extends AtlasClient {} });
  assert.deepEqual(Object.keys(fromCjs).sort(), Object.keys(fromEsm).sort());
  for (const k of Object.keys(fromEsm)) assert.equal(typeof fromCjs[k], typeof fromEsm[k], k);
});
