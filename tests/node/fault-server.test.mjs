// Behaviour of the scripted fault server (tests/support/fault-server.mjs),
// checked with node:http (raw view) and with fetch (what the library sees).

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';

import { startFaultServer } from '../support/fault-server.mjs';
import { request } from '../support/http.mjs';

/** Raw GET that reports how the response ended instead of throwing. */
function rawGet(url, path = '/x') {
  return new Promise((resolve) => {
    const u = new URL(url);
    const req = http.request({ host: u.hostname, port: u.port, path, agent: false }, (res) => {
      let bytes = 0;
      res.on('data', (c) => (bytes += c.length));
      res.on('end', () => resolve({ kind: 'complete', status: res.statusCode, headers: res.headers, bytes }));
      res.on('aborted', () => resolve({ kind: 'aborted', status: res.statusCode, headers: res.headers, bytes }));
      res.on('error', (e) => resolve({ kind: 'aborted', status: res.statusCode, headers: res.headers, bytes, code: e.code }));
    });
    req.setTimeout(5000, () => req.destroy(new Error('timeout')));
    req.on('error', (e) => resolve({ kind: 'error', code: e.code, message: e.message }));
    req.end();
  });
}

describe('fault server', () => {
  test('follows the script per request number and records every request raw', async () => {
    const srv = await startFaultServer([
      { status: 429, headers: { 'Retry-After': '1', 'RateLimit-Limit': '100', 'RateLimit-Remaining': '0' }, json: { error: 429, errorCode: 'RATE_LIMITED' } },
      { status: 200, json: { links: [], results: [], totalCount: 0 } },
      { status: 204 },
    ]);
    try {
      assert.match(srv.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
      const auth = 'Digest username="pub", response="0123abcd"';
      const a = await fetch(new URL('api/atlas/v2/groups/g/integrations?pageNum=1', srv.url), { headers: { Authorization: auth, Accept: 'application/vnd.atlas.2023-01-01+json' } });
      assert.equal(a.status, 429);
      assert.equal(a.headers.get('retry-after'), '1');
      assert.equal((await a.json()).errorCode, 'RATE_LIMITED');
      const b = await fetch(new URL('api/x', srv.url), { method: 'PUT', headers: { Authorization: 'Bearer tok-123', 'Content-Type': 'application/json' }, body: '{"type":"SLACK"}' });
      assert.equal(b.status, 200);
      assert.deepEqual(await b.json(), { links: [], results: [], totalCount: 0 });
      const c = await fetch(new URL('api/y', srv.url), { method: 'DELETE' });
      assert.equal(c.status, 204);
      assert.equal(await c.text(), '');

      assert.equal(srv.requests.length, 3);
      const [r0, r1, r2] = srv.requests;
      assert.equal(r0.method, 'GET');
      assert.equal(r0.url, '/api/atlas/v2/groups/g/integrations?pageNum=1');
      assert.equal(r0.headers.authorization, auth, 'Authorization recorded exactly as sent');
      assert.equal(r0.headers.accept, 'application/vnd.atlas.2023-01-01+json');
      assert.equal(r1.method, 'PUT');
      assert.equal(r1.headers.authorization, 'Bearer tok-123');
      assert.equal(r1.body, '{"type":"SLACK"}');
      assert.ok(r1.rawHeaders.includes('Bearer tok-123'));
      assert.equal(r2.method, 'DELETE');
      assert.equal(r2.index, 2);
    } finally {
      await srv.close();
    }
  });

  test('past the end of the script: 500 FAULT_SCRIPT_EXHAUSTED, or the last entry with repeatLast', async () => {
    const srv = await startFaultServer([{ json: { n: 1 } }]);
    const rep = await startFaultServer([{ json: { n: 1 } }, { status: 503, json: { n: 2 } }], { repeatLast: true });
    try {
      await request(srv.url, '/');
      const r = await request(srv.url, '/');
      assert.equal(r.status, 500);
      assert.equal(r.json.errorCode, 'FAULT_SCRIPT_EXHAUSTED');
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await request(rep.url, '/')).status);
      assert.deepEqual(statuses, [200, 503, 503, 503]);
    } finally {
      await srv.close();
      await rep.close();
    }
  });

  test('a function script sees the request and its number', async () => {
    const srv = await startFaultServer((req, i) => ({ status: req.headers.authorization ? 200 : 401, json: { i, url: req.url } }));
    try {
      assert.equal((await request(srv.url, '/a')).status, 401);
      const r = await request(srv.url, '/b', { headers: { Authorization: 'Bearer x' } });
      assert.equal(r.status, 200);
      assert.deepEqual(r.json, { i: 1, url: '/b' });
    } finally {
      await srv.close();
    }
  });

  test('delay holds the answer back', async () => {
    const srv = await startFaultServer([{ delay: 150, json: { slow: true } }, { json: { slow: false } }]);
    try {
      const t0 = Date.now();
      const r = await request(srv.url, '/');
      assert.ok(Date.now() - t0 >= 140, `answered after ${Date.now() - t0}ms`);
      assert.deepEqual(r.json, { slow: true });
      // a client timeout shorter than the delay fires
      const srv2 = await startFaultServer([{ delay: 2000, json: {} }]);
      try {
        await assert.rejects(fetch(srv2.url, { signal: AbortSignal.timeout(100) }), /TimeoutError|aborted/i);
      } finally {
        const t1 = Date.now();
        await srv2.close();
        assert.ok(Date.now() - t1 < 1000, 'close() does not wait for the pending delay');
      }
    } finally {
      await srv.close();
    }
  });

  test('reset destroys the connection without an answer', async () => {
    const srv = await startFaultServer([{ fault: 'reset' }, { fault: 'reset', delay: 20 }]);
    try {
      const r = await rawGet(srv.url);
      assert.equal(r.kind, 'error');
      assert.match(r.code, /ECONNRESET|EPIPE/);
      await assert.rejects(fetch(srv.url), (e) => e instanceof TypeError);
      assert.equal(srv.requests.length, 2);
    } finally {
      await srv.close();
    }
  });

  test('truncate sends half the body under a full Content-Length', async () => {
    const json = { links: [], results: [{ id: 'a'.repeat(24), type: 'PAGER_DUTY', serviceKey: '*'.repeat(28) + 'cdef' }], totalCount: 1 };
    const full = Buffer.byteLength(JSON.stringify(json));
    const srv = await startFaultServer([{ fault: 'truncate', json }, { fault: 'truncate', json }]);
    try {
      const r = await rawGet(srv.url);
      assert.equal(r.kind, 'aborted');
      assert.equal(r.status, 200);
      assert.equal(r.headers['content-length'], String(full));
      assert.equal(r.headers['content-type'], 'application/json');
      assert.equal(r.bytes, Math.floor(full / 2));
      const res = await fetch(srv.url);
      assert.equal(res.status, 200);
      await assert.rejects(res.text());
    } finally {
      await srv.close();
    }
  });

  test('html gives a 502 HTML page; empty gives no body at all', async () => {
    const srv = await startFaultServer([{ fault: 'html' }, { fault: 'empty' }, { fault: 'empty', status: 500 }, { fault: 'html', status: 503 }]);
    try {
      let r = await request(srv.url, '/');
      assert.equal(r.status, 502);
      assert.equal(r.headers['content-type'], 'text/html');
      assert.match(r.text, /^<html>[\s\S]*502 Bad Gateway[\s\S]*<\/html>/);
      assert.throws(() => JSON.parse(r.text));
      r = await request(srv.url, '/');
      assert.equal(r.status, 200);
      assert.equal(r.headers['content-type'], 'application/json');
      assert.equal(r.headers['content-length'], '0');
      assert.equal(r.text, '');
      r = await request(srv.url, '/');
      assert.equal(r.status, 500);
      assert.equal(r.text, '');
      r = await request(srv.url, '/');
      assert.equal(r.status, 503);
    } finally {
      await srv.close();
    }
  });

  test('an unknown fault kind is reported, not silently ignored', async () => {
    await assert.rejects(startFaultServer([{ fault: 'explode' }]), /unknown fault explode/);
    // from a function script it cannot be checked up front: the connection is dropped
    const srv = await startFaultServer(() => ({ fault: 'explode' }));
    try {
      const r = await rawGet(srv.url);
      assert.notEqual(r.kind, 'complete');
    } finally {
      await srv.close();
    }
  });
});
