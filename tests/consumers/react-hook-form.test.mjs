// examples/react-hook-form.mjs, run as a user would: react, react-hook-form and
// @hookform/resolvers installed from the registry into a temporary folder under
// tests/consumers (removed afterwards), the package resolved by name (tests/node_modules).
// react-hook-form's own standardSchemaResolver calls our Standard Schema: no DOM needed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DEPS = ['react@19', 'react-hook-form@7', '@hookform/resolvers@5'];

function run(cmd, args, cwd) {
  return new Promise((resolve) => {
    execFile(cmd, args, { cwd, timeout: 240_000 }, (error, stdout, stderr) => resolve({ code: error ? (error.code ?? 1) : 0, stdout, stderr }));
  });
}

test('react-hook-form: standardSchemaResolver over standardSchema(), from examples/', { timeout: 300_000 }, async () => {
  const dir = fs.mkdtempSync(path.join(ROOT, 'tests', 'consumers', '.rhf-'));
  try {
    fs.writeFileSync(path.join(dir, 'package.json'), '{ "private": true, "type": "module" }\n');
    // --legacy-peer-deps: @hookform/resolvers lists every schema library as a peer.
    const npm = await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--legacy-peer-deps', ...DEPS], dir);
    assert.equal(npm.code, 0, npm.stderr);
    fs.copyFileSync(path.join(ROOT, 'examples', 'react-hook-form.mjs'), path.join(dir, 'example.mjs'));
    const r = await run(process.execPath, ['example.mjs'], dir);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trim().split('\n');
    assert.deepEqual(lines[0], 'valid form: errors {}, body type PAGER_DUTY, fields region, serviceKey, type');
    assert.equal(lines.length, 3, r.stdout);
    assert.match(lines[1], /^invalid form: serviceKey: Service key holds the masked value/);
    assert.match(lines[2], /^invalid form: region: Region must be one of US, EU/);
    assert.ok(!r.stdout.includes('0123456789abcdef'), 'no secret printed');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
