// A Vite 7 production build of a small app (tests/consumers/vite-app) that imports the
// package by name, served from a local static server and run in headless Chromium: the
// .wasm must be emitted as an asset, fetched and instantiated, and the page must compute a
// validation result.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { serve } from '../../scripts/static-server.mjs';
import { openPage } from './support.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const APP = path.join(HERE, 'vite-app');

test('vite build of an app importing atlas-integrations runs in headless Chromium', async () => {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-vite-'));
  let server;
  let browser;
  try {
    const started = Date.now();
    await build({ root: APP, configFile: path.join(APP, 'vite.config.mjs'), build: { outDir, emptyOutDir: true }, logLevel: 'warn' });
    const buildMs = Date.now() - started;
    const assets = fs.readdirSync(path.join(outDir, 'assets'));
    assert.ok(assets.some((f) => f.endsWith('.wasm')), `no .wasm emitted: ${assets.join(', ')}`);
    assert.ok(assets.some((f) => f.endsWith('.js')), `no .js emitted: ${assets.join(', ')}`);
    assert.ok(buildMs < 60_000, `vite build took ${buildMs} ms`);

    server = await serve({ mounts: { '/': outDir } });
    let page;
    let problems;
    let wasm;
    ({ browser, page, problems, wasm } = await openPage(server.url));
    await page.goto(server.url);
    await page.waitForFunction(() => window.__result !== undefined || document.getElementById('result')?.textContent !== 'pending', null, { timeout: 20_000 })
      .catch(() => {});
    const result = await page.evaluate(() => window.__result);
    assert.deepEqual(problems, []);
    assert.ok(result, 'the page computed nothing');
    assert.deepEqual(wasm.map(([, status]) => status), [200]);
    assert.match(result.version, /^\d+\.\d+\.\d+/);
    assert.ok(result.fields.includes('serviceKey') && result.fields.includes('region'), result.fields.join());
    assert.deepEqual(result.codes, ['serviceKey:invalid_format']);
    assert.equal(result.valid, true);
    assert.equal(result.configError, true);
    assert.equal(await page.textContent('#result'), JSON.stringify(result));
  } finally {
    await browser?.close();
    await server?.close();
    fs.rmSync(outDir, { recursive: true, force: true });
  }
});
