// `npm pack` of pkg/ gives a tarball that installs into a fresh project and works from
// ESM, CommonJS and the manual entry there (what a user of the published package gets).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PKG, cargoVersion } from './helpers.mjs';

const npm = (args, cwd) => execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const node = (args, cwd) => execFileSync(process.execPath, args, { cwd, encoding: 'utf8' }).trim();

test('npm pack pkg/ -> install into a temp project -> import and require', { timeout: 120_000 }, (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'atlas-integrations-tarball-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));

  const [packed] = JSON.parse(npm(['pack', PKG, '--json', '--pack-destination', dir], dir));
  assert.equal(packed.name, 'atlas-integrations');
  assert.equal(packed.version, cargoVersion());
  const files = packed.files.map((f) => f.path).sort();
  for (const f of ['package.json', 'README.md', 'LICENSE', 'index.js', 'index.cjs', 'index.node.mjs', 'index.d.ts', 'index.d.cts',
    'manual.js', 'manual.d.ts', 'node/atlas_integrations.js', 'node/atlas_integrations_bg.bytes.cjs', 'node/forms_bg.bytes.cjs', 'node/package.json',
    'node/extras.cjs', 'node/extras.d.cts', 'web/atlas_integrations.js', 'web/atlas_integrations_bg.wasm', 'web/extras.js',
    'web/init.js', 'forms.js', 'forms.cjs', 'forms.node.mjs', 'forms-manual.js', 'forms/forms.js', 'forms/forms_bg.wasm']) {
    assert.ok(files.includes(f), `${f} is in the tarball (${files.join(', ')})`);
  }
  // One validator: the JS engine is gone from every folder; no module ships that no entry loads.
  assert.deepEqual(files.filter((f) => /(^|\/)(validate|fast|reply)\.c?js$/.test(f)), [], 'no JS validator, no fast path');
  assert.ok(!files.some((f) => f.endsWith('.gitignore')), 'no .gitignore');
  // Node requires one CommonJS copy of each pkg-template/js module (node/<name>.cjs), made by
  // esbuild: no converted wasm-bindgen snippets.
  assert.deepEqual(files.filter((f) => f.startsWith('node/snippets/')), [], 'no snippets in node/');
  // One .wasm file per module, fetched by browsers and read by the Node entries (node/*.bytes.cjs
  // embed the same bytes for server bundles, which leave the files behind).
  assert.deepEqual(files.filter((f) => f.endsWith('.wasm')), ['forms/forms_bg.wasm', 'web/atlas_integrations_bg.wasm']);

  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, version: '1.0.0' }));
  npm(['install', '--no-audit', '--no-fund', '--ignore-scripts', join(dir, packed.filename)], dir);

  const v = cargoVersion();
  assert.equal(node(['--input-type=module', '-e', `import { version } from 'atlas-integrations'; console.log(version())`], dir), v);
  assert.equal(node(['-e', `console.log(require('atlas-integrations').version())`], dir), v);
  assert.equal(node(['--input-type=module', '-e',
    `import { init, version } from 'atlas-integrations/manual'; await init(); console.log(version())`], dir), v);
  for (const entry of ['atlas-integrations/forms', 'atlas-integrations/forms/manual']) {
    assert.equal(node(['--input-type=module', '-e',
      `import { init, validateBody } from '${entry}'; await init(); console.log(validateBody({ type: 'SLACK' })[0].code)`], dir), 'missing_field');
  }
  assert.equal(node(['-e', `console.log(require('atlas-integrations/forms').validateBody([])[0].code)`], dir), 'not_an_object');
  // The instance loaded through the node_modules copy, not this checkout.
  assert.match(node(['-p', `require.resolve('atlas-integrations')`], dir), /node_modules\/atlas-integrations\/index\.cjs$/);
});
