// webpack 5, with no rule for the package: a production browser bundle of the page in
// tests/consumers/browser-app. webpack emits each `new URL('./x.wasm', import.meta.url)` as an
// asset by itself; the page runs in headless Chromium.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { checkBuiltPage, installApp } from './support.mjs';

test('webpack 5 production browser bundle', { timeout: 180_000 }, async () => {
  const dir = installApp('webpack', 'browser-app', { webpack: '5.113.0' });
  const dist = path.join(dir, 'dist');
  fs.rmSync(dist, { recursive: true, force: true });
  const webpack = createRequire(path.join(dir, 'package.json'))('webpack');
  const stats = await new Promise((resolve, reject) => {
    webpack({
      mode: 'production',
      context: dir,
      entry: './main.js',
      target: 'web',
      // The page loads main.js as a module script, where document.currentScript (webpack's
      // automatic public path) is null.
      output: { path: dist, filename: 'main.js', publicPath: '/' },
    }, (err, s) => (err ? reject(err) : resolve(s)));
  });
  assert.ok(!stats.hasErrors(), stats.toString('errors-only'));
  fs.copyFileSync(path.join(dir, 'index.html'), path.join(dist, 'index.html'));
  assert.ok(fs.readdirSync(dist).some((f) => f.endsWith('.wasm')), `no .wasm emitted: ${fs.readdirSync(dist)}`);

  await checkBuiltPage(dist);
});
