// Next.js 16, as a user would set it up with no configuration for the package: a production
// build (`next build`, Turbopack by default, then with --webpack) served by `next start` on
// 127.0.0.1. One server component uses the main entry (validateBody, and AtlasClient's
// preview, which needs the full WebAssembly module on the server); one client component uses
// atlas-integrations/forms, rendered on the server and then in headless Chromium.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { validateBody } from 'atlas-integrations/forms';
import { installApp, openPage, resultOf } from './support.mjs';

const ENV = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' };
// What the app's components compute, as plain Node computes it with the same package.
const codes = (issues) => JSON.stringify(issues.map((i) => `${i.path}:${i.code}`).sort());
const SLACK_CODES = codes(validateBody({ type: 'SLACK' }, { flavour: 'atlasV2' }));

/** A free loopback port (bound, read, released). */
function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

function nextBuild(dir, args) {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [path.join(dir, 'node_modules', 'next', 'dist', 'bin', 'next'), 'build', ...args],
      { cwd: dir, env: ENV, timeout: 240_000, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
        if (error) reject(new Error(`next build ${args.join(' ')} failed: ${error.message}\n${stdout}\n${stderr}`));
        else resolve(stdout + stderr);
      });
  });
}

/** `next start` on 127.0.0.1; resolves once it answers, with a stop(). */
async function nextStart(dir) {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(dir, 'node_modules', 'next', 'dist', 'bin', 'next'), 'start', '-H', '127.0.0.1', '-p', String(port)],
    { cwd: dir, env: ENV, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.on('data', (d) => { log += d; });
  child.stderr.on('data', (d) => { log += d; });
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise((resolve) => child.on('exit', resolve));
  for (let i = 0; i < 150; i += 1) {
    if (child.exitCode !== null) break;
    try {
      await fetch(`${url}/favicon.ico`);
      return { url, log: () => log, stop: async () => { child.kill(); await exited; } };
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  child.kill();
  await exited;
  throw new Error(`next start did not answer: ${log}`);
}

const text = (html, id) => {
  const m = html.match(new RegExp(`<pre id="${id}">([^<]*)</pre>`));
  return m && m[1].replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#x27;/g, "'").replace(/&amp;/g, '&');
};

let app;
const dir = () => (app ??= installApp('next', 'next-app', { next: '16.5.0', react: '19.3.1', 'react-dom': '19.3.1' }));

for (const bundler of ['turbopack', 'webpack']) {
  test(`next build (${bundler}) + next start: a server component and a client component`, { timeout: 300_000 }, async () => {
    const appDir = dir();
    fs.rmSync(path.join(appDir, '.next'), { recursive: true, force: true });
    await nextBuild(appDir, bundler === 'webpack' ? ['--webpack'] : []);
    const server = await nextStart(appDir);
    let browser;
    try {
      const res = await fetch(server.url);
      const html = await res.text();
      assert.equal(res.status, 200, `${html.slice(0, 2000)}\n${server.log()}`);
      const rendered = JSON.parse(text(html, 'server'));
      assert.deepEqual(rendered.codes, ['serviceKey:invalid_format']);
      assert.match(SLACK_CODES, /:missing_field/);
      assert.match(rendered.preview, /^curl /);
      assert.match(rendered.preview, /http:\/\/127\.0\.0\.1:9\/api\/atlas\/v2\/groups\/0123456789abcdef01234567\/integrations/);
      assert.ok(!html.includes('next-secret-token'), 'the token never reaches the page');
      assert.equal(JSON.stringify(JSON.parse(text(html, 'forms-ssr')).sort()), SLACK_CODES);
      assert.doesNotMatch(server.log(), /ENOENT|Error/);

      const opened = await openPage(server.url);
      browser = opened.browser;
      await opened.page.goto(server.url);
      const hydrated = await resultOf(opened.page, '#forms-browser');
      assert.deepEqual(opened.problems, []);
      assert.equal(JSON.stringify([...hydrated].sort()), SLACK_CODES);
      // The browser fetched the forms module only, once, as an asset Next emitted.
      assert.equal(opened.wasm.length, 1, JSON.stringify(opened.wasm));
      assert.equal(opened.wasm[0][1], 200);
    } finally {
      await browser?.close();
      await server.stop();
    }
  });
}
