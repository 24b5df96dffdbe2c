// The stand-in against hostile callers (issue 16, items 9 and 10): proxy paths that
// escape /api/, the state file and the server's own code served as static files, stale
// temporary copies of the state, and DNS rebinding. Every server here is on 127.0.0.1:0.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import { startStandIn } from '../../www/server/standin.mjs';
import { startFaultServer } from '../support/fault-server.mjs';
import { request } from '../support/http.mjs';

const G = '5f0c1e2d3b4a59687766554a';
const V2 = 'application/vnd.atlas.2023-01-01+json';
const LIST = `/api/atlas/v2/groups/${G}/integrations`;
const TOKEN = 'Bearer guard-token-canary';
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

describe('proxy: a request never leaves {upstream path}/api/', () => {
  let upstream;
  let proxy;
  before(async () => {
    // Answers anything with 200: whatever reaches it is recorded in upstream.requests.
    upstream = await startFaultServer(Array.from({ length: 64 }, () => ({ status: 200, json: { reached: true } })));
    proxy = await startStandIn({ upstream: `${upstream.url}prefix/` });
  });
  after(async () => {
    await proxy.close();
    await upstream.close();
  });

  test('escapes through .., %2e, \\ and encoded slashes are refused and never forwarded', async () => {
    const escapes = [
      '/api/../../admin',
      '/api/../admin',
      '/api/%2e%2e/%2e%2e/admin',
      '/api/%2E%2E/admin',
      '/api/.%2e/admin',
      '/api/x/../../../admin',
      '/api\\..\\..\\admin',
      '/api/..\\..\\admin',
      '/api/%2e%2e%2fadmin',
      '/api/..%2F..%2Fadmin',
      '/api/..%5c..%5cadmin',
      '/api/./atlas/v2',
      '/api',
      `/api/atlas/v2/groups/${G}/integrations/../../../../../admin?x=1`,
    ];
    for (const target of escapes) {
      const r = await request(proxy.url, target, { headers: { Authorization: TOKEN, Accept: V2 } });
      if (target.startsWith('/api\\')) {
        // Not under /api/ as written: a static path (none served here), never proxied.
        assert.equal(r.status, 404, `${target} → ${r.status}`);
        continue;
      }
      assert.equal(r.status, 400, `${target} → ${r.status}`);
      assert.equal(r.json?.errorCode, 'INVALID_PATH_PARAMETER', target);
    }
    assert.deepEqual(upstream.requests.map((q) => q.url), [], 'nothing reached the upstream');
  });

  test('a clean path is forwarded under the upstream prefix, exactly as written', async () => {
    const r = await request(proxy.url, `${LIST}?pageNum=2`, { headers: { Authorization: TOKEN, Accept: V2 } });
    assert.equal(r.status, 200, r.text);
    const seen = upstream.requests.at(-1);
    assert.equal(seen.url, `/prefix${LIST}?pageNum=2`);
    assert.equal(seen.headers.authorization, TOKEN);
  });
});

describe('static files: never the state, never the server code', () => {
  let dir;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'standin-guards-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('the state file and its temporary copies are not served, even under --static', async () => {
    fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>demo</title>');
    const file = path.join(dir, 'state.json');
    const s = await startStandIn({ stateFile: file, staticDirs: [{ prefix: '/', dir }] });
    try {
      const body = { type: 'SLACK', apiToken: 'xoxb-state-canary-abcd', channelName: 'c' };
      const created = await request(s.url, `${LIST}/SLACK`, { method: 'POST', headers: { Authorization: 'Bearer demo-token', Accept: V2, 'Content-Type': V2 }, body });
      assert.equal(created.status, 200, created.text);
      assert.ok(fs.readFileSync(file, 'utf8').includes('xoxb-state-canary'), 'the state holds the secret');
      // A copy as a writer killed mid-write would leave it (another live process: kept).
      const copy = `state.json.${process.ppid}.abcd.tmp`;
      fs.writeFileSync(path.join(dir, copy), fs.readFileSync(file));
      for (const target of ['/state.json', '/STATE.JSON', '/state.json/', '/%73tate.json', `/${copy}`]) {
        const r = await request(s.url, target);
        assert.ok([404, 301].includes(r.status), `${target} → ${r.status}`);
        assert.ok(!r.text.includes('canary'), target);
      }
      assert.equal((await request(s.url, '/index.html')).status, 200, 'other files still served');
    } finally {
      await s.close();
    }
  });

  test('the CLI default root serves the demo page but not www/server/*.mjs', async () => {
    const child = spawn(process.execPath, [path.join(repo, 'www/server/main.mjs'), '--port', '0', '--quiet'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const url = await new Promise((resolve, reject) => {
        let out = '';
        const timer = setTimeout(() => reject(new Error(`no URL line: ${out}`)), 5000);
        child.stdout.on('data', (d) => {
          out += d;
          const m = /Stand-in Atlas server: (\S+)/.exec(out);
          if (m) {
            clearTimeout(timer);
            resolve(m[1]);
          }
        });
        child.on('exit', () => reject(new Error(`exited: ${out}`)));
      });
      for (const name of fs.readdirSync(path.join(repo, 'www', 'server'))) {
        const r = await request(url, `/server/${name}`);
        assert.equal(r.status, 404, `/server/${name}`);
      }
      assert.equal((await request(url, '/server/')).status, 404);
      assert.equal((await request(url, '/index.html')).status, 200);
      assert.equal((await request(url, '/app.js')).status, 200);
    } finally {
      const exited = new Promise((res) => child.on('exit', res));
      child.kill('SIGTERM');
      await exited;
    }
  });

  test('copies left by a killed writer are removed on start; a live writer\'s stay', async () => {
    const file = path.join(dir, 'crash.json');
    fs.writeFileSync(file, JSON.stringify({ version: 1, groups: {} }));
    // Process ids that no longer run: a child that has exited.
    const dead = spawn(process.execPath, ['-e', '0']);
    await new Promise((res) => dead.on('exit', res));
    const stale = [`crash.json.${dead.pid}.0a1b.tmp`, `crash.json.${process.pid}.ffff.tmp`];
    const live = `crash.json.${process.ppid}.beef.tmp`;
    const unrelated = ['crash.json.bak', 'crash.json.x.tmp', 'other.json.1.ab.tmp'];
    for (const name of [...stale, live, ...unrelated]) fs.writeFileSync(path.join(dir, name), 'secret copy');
    const s = await startStandIn({ stateFile: file });
    await s.close();
    const left = fs.readdirSync(dir).filter((n) => n.startsWith('crash.json') || n.startsWith('other.json'));
    assert.deepEqual(left.sort(), ['crash.json', live, ...unrelated].sort());
  });
});

describe('Host check (DNS rebinding)', () => {
  let s;
  before(async () => {
    s = await startStandIn({ staticDirs: [{ prefix: '/', dir: path.join(repo, 'www') }] });
  });
  after(() => s.close());

  test('a foreign name in Host is refused with 421 before the token is looked at', async () => {
    for (const host of [`rebind.example:${s.port}`, 'evil.com', `localhost.evil.com:${s.port}`, `127.0.0.1.nip.io:${s.port}`, 'a.localhost', 'x:y:z', '[::1']) {
      for (const target of [LIST, '/index.html']) {
        const r = await request(s.url, target, { headers: { Host: host, Authorization: 'Bearer demo-token', Accept: V2 } });
        assert.equal(r.status, 421, `${host} ${target} → ${r.status}`);
        assert.equal(r.json?.errorCode, 'MISDIRECTED_REQUEST');
      }
    }
  });

  test('a request without Host is refused', async () => {
    const raw = await new Promise((resolve, reject) => {
      const sock = net.connect(s.port, '127.0.0.1', () => sock.end(`GET ${LIST} HTTP/1.0\r\nAuthorization: Bearer demo-token\r\nAccept: ${V2}\r\n\r\n`));
      let text = '';
      sock.setTimeout(5000, () => sock.destroy(new Error('no answer')));
      sock.on('data', (d) => (text += d));
      sock.on('end', () => resolve(text));
      sock.on('error', reject);
    });
    assert.match(raw, /^HTTP\/1\.[01] 421 /);
  });

  test('loopback names and IP literals are answered', async () => {
    for (const host of [`127.0.0.1:${s.port}`, `localhost:${s.port}`, 'LOCALHOST', `[::1]:${s.port}`, '127.0.0.1']) {
      const r = await request(s.url, LIST, { headers: { Host: host, Authorization: 'Bearer demo-token', Accept: V2 } });
      assert.equal(r.status, 200, `${host} → ${r.status} ${r.text}`);
    }
  });
});
