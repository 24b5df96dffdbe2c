// esbuild, with the README's recipe run exactly as written (the ```sh block after
// `<!-- recipe:esbuild -->`): esbuild bundles the JavaScript but copies no asset that code
// finds with `new URL('./x.wasm', import.meta.url)`, so the recipe copies the two .wasm files
// next to the bundle, in their folders. The page (tests/consumers/browser-app) runs in
// headless Chromium. And a server script (tests/consumers/node-app) bundled for Node with no
// option but the format, run away from node_modules: the package's `module` condition gives
// bundlers the CommonJS entries, and the modules' bytes come from the embedded copies.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
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

test('esbuild Node bundles, ES module and CommonJS, of a server script: both entries and a client request', { timeout: 180_000 }, async () => {
  const dir = installApp('esbuild-node', 'node-app', {});
  const { startStandIn } = await import(pathToFileURL(path.join(ROOT, 'www', 'server', 'standin.mjs')).href);
  const server = await startStandIn({ token: 'bundle-token', log: false });
  const groupId = '0123456789abcdef01234567';
  server.state.set(groupId, { type: 'SLACK', apiToken: 'xoxb-bundle-0000', channelName: 'alerts', teamName: 'ops' });
  // Run where no node_modules can be found: the bundle alone.
  const away = fs.mkdtempSync(path.join(fs.realpathSync(os.tmpdir()), 'atlas-esbuild-node-'));
  try {
    const esbuild = path.join(ROOT, 'node_modules', '.bin', 'esbuild');
    const expected = { version: JSON.parse(fs.readFileSync(path.join(ROOT, 'pkg', 'package.json'), 'utf8')).version, main: ['serviceKey:invalid_format'], forms: ['serviceKey:invalid_format'], listed: ['SLACK'] };
    for (const [format, ext] of [['esm', 'mjs'], ['cjs', 'cjs']]) {
      const out = path.join(away, `server.${ext}`);
      execFileSync(esbuild, ['server.mjs', '--bundle', '--platform=node', `--format=${format}`, `--outfile=${out}`, '--log-level=warning'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
      const env = { ...process.env, ATLAS_BASE_URL: server.url, ATLAS_TOKEN: 'bundle-token', ATLAS_GROUP_ID: groupId };
      const run = await new Promise((resolve) => {
        execFile(process.execPath, [out], { cwd: away, env, timeout: 30_000 }, (error, stdout, stderr) => resolve({ error, stdout, stderr }));
      });
      assert.equal(run.error, null, `${format}: ${run.stderr}`);
      assert.deepEqual(JSON.parse(run.stdout), expected, format);
    }
  } finally {
    fs.rmSync(away, { recursive: true, force: true });
    await server.close();
  }
});
