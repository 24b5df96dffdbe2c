// esbuild, with the README's recipe run exactly as written (the ```sh block after
// `<!-- recipe:esbuild -->`): esbuild bundles the JavaScript but copies no asset that code
// finds with `new URL('./x.wasm', import.meta.url)`, so the recipe copies the two .wasm files
// next to the bundle, in their folders. The page (tests/consumers/browser-app) runs in
// headless Chromium.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, checkBuiltPage, installApp } from './support.mjs';

/** The recipe's shell lines in a README. */
function recipe(readme) {
  const text = fs.readFileSync(path.join(ROOT, readme), 'utf8');
  const m = text.match(/<!-- recipe:esbuild -->\s*```sh\n([\s\S]*?)```/);
  assert.ok(m, `${readme} has the esbuild recipe`);
  return m[1];
}

test('both READMEs give the same esbuild recipe', () => {
  assert.equal(recipe('README.md'), recipe('pkg-template/README.md'));
});

test('esbuild browser bundle, built and completed by the README recipe', { timeout: 180_000 }, async () => {
  const dir = installApp('esbuild', 'browser-app', {});
  const dist = path.join(dir, 'dist');
  fs.rmSync(dist, { recursive: true, force: true });
  // The devDependency's esbuild, as `npx esbuild` would find it.
  const PATH = `${path.join(ROOT, 'node_modules', '.bin')}${path.delimiter}${process.env.PATH}`;
  execFileSync('bash', ['-euo', 'pipefail', '-c', recipe('README.md')], { cwd: dir, env: { ...process.env, PATH }, stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
  fs.copyFileSync(path.join(dir, 'index.html'), path.join(dist, 'index.html'));

  const wasm = await checkBuiltPage(dist);
  assert.deepEqual(wasm.map(([p]) => p).sort(), ['/forms/forms_bg.wasm', '/web/atlas_integrations_bg.wasm']);
});
