// The README's Node proxy recipe (the ```js block after `<!-- recipe:node-proxy -->`), run
// as written: a client with no `baseUrl` (so https://cloud.mongodb.com) whose `fetch` goes
// through undici's ProxyAgent to HTTPS_PROXY. Here HTTPS_PROXY is a forward proxy on
// 127.0.0.1 (tests/support/forward-proxy.mjs) whose tunnels all lead to a local TLS server
// with a certificate for cloud.mongodb.com (made by openssl for the run, trusted by the child
// process through NODE_EXTRA_CA_CERTS), which hands each request to the stand-in. In the
// child, Node's global dispatcher refuses every connection: a request that did not take the
// recipe's dispatcher fails instead of leaving the machine.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startStandIn } from '../../www/server/standin.mjs';
import { startForwardProxy } from '../support/forward-proxy.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const TOKEN = 'proxy-recipe-token-0123456789';
const GROUP = '65a1b2c3d4e5f60718293a4b';
const HOST = 'cloud.mongodb.com';

/** The recipe's code in a README. */
function recipe(readme) {
  const text = fs.readFileSync(path.join(ROOT, readme), 'utf8');
  const m = text.match(/<!-- recipe:node-proxy -->\s*```js\n([\s\S]*?)```/);
  assert.ok(m, `${readme} has the Node proxy recipe`);
  return m[1];
}

/** A key and a self-signed certificate for `host`, in `dir`. */
function certificate(dir, host) {
  const key = path.join(dir, 'key.pem');
  const cert = path.join(dir, 'cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', key, '-out', cert, '-days', '1', '-subj', `/CN=${host}`, '-addext', `subjectAltName=DNS:${host}`],
  { stdio: ['ignore', 'ignore', 'pipe'], timeout: 30_000 });
  return { key, cert };
}

/**
 * An HTTPS server on 127.0.0.1 that records each request (method, path, Host, whether it
 * carries the token, User-Agent) and forwards it to the stand-in as a request to its own host.
 */
async function startTlsFront(files, standIn) {
  const seen = [];
  const server = https.createServer({ key: fs.readFileSync(files.key), cert: fs.readFileSync(files.cert) }, (req, res) => {
    seen.push({ method: req.method, path: req.url, host: req.headers.host, bearer: req.headers.authorization === `Bearer ${TOKEN}`, userAgent: req.headers['user-agent'] });
    const target = new URL(req.url, standIn.url);
    const headers = { ...req.headers, host: target.host };
    const forward = http.request(target, { method: req.method, headers }, (answer) => {
      res.writeHead(answer.statusCode, answer.headers);
      answer.pipe(res);
    });
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  await new Promise((ok, fail) => server.once('error', fail).listen(0, '127.0.0.1', ok));
  return {
    port: server.address().port,
    seen,
    close() {
      server.closeAllConnections();
      return new Promise((ok) => server.close(() => ok()));
    },
  };
}

/** Runs ESM `code` in a child Node from tests/ (where 'atlas-integrations' resolves). */
function runModule(code, env) {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, ['--input-type=module'], { cwd: path.join(ROOT, 'tests'), env: { ...process.env, ...env }, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? error.code ?? 1 : 0, stdout, stderr }));
    child.stdin.end(code);
  });
}

let dir;
let standIn;
let front;
let proxy;
let cert;
before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-proxy-'));
  cert = certificate(dir, HOST).cert;
  standIn = await startStandIn({ token: TOKEN, log: false });
  front = await startTlsFront({ key: path.join(dir, 'key.pem'), cert }, standIn);
  proxy = await startForwardProxy({ port: front.port });
});
after(async () => {
  await proxy?.close();
  await front?.close();
  await standIn?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test('both READMEs give the same Node proxy recipe', () => {
  assert.equal(recipe('README.md'), recipe('pkg-template/README.md'));
});

test('the README\'s undici proxy recipe sends every request through HTTPS_PROXY', { timeout: 90_000 }, async () => {
  const version = JSON.parse(fs.readFileSync(path.join(ROOT, 'pkg', 'package.json'), 'utf8')).version;
  const code = `import { AtlasClient } from 'atlas-integrations';
import { Agent, setGlobalDispatcher } from 'undici';
// Any fetch that does not go through the recipe's dispatcher fails here.
setGlobalDispatcher(new Agent({ connect: (_, callback) => callback(new Error('a connection outside the recipe\\'s proxy'), null) }));
const token = process.env.ATLAS_TOKEN;
${recipe('README.md')}
const groupId = ${JSON.stringify(GROUP)};
const created = await client.create(groupId, { type: 'PAGER_DUTY', serviceKey: '0123456789abcdef0123456789abcdef' });
const got = await client.get(groupId, 'PAGER_DUTY');
let direct;
try { await fetch('https://${HOST}/api/atlas/v2'); } catch (e) { direct = String(e.cause?.message ?? e.message); }
console.log(JSON.stringify({ created: created.results.map((r) => r.type), got: got.serviceKey, direct }));
`;
  const r = await runModule(code, { HTTPS_PROXY: proxy.url, NODE_EXTRA_CA_CERTS: cert, ATLAS_TOKEN: TOKEN });
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout.trim().split('\n').at(-1));
  assert.deepEqual(out.created, ['PAGER_DUTY']);
  assert.equal(out.got, `${'*'.repeat(28)}cdef`, 'the stand-in stored the body and masks it');
  assert.match(out.direct, /outside the recipe's proxy/, 'a fetch without the dispatcher cannot connect');

  // The proxy tunnelled to cloud.mongodb.com (one connection for both calls at least), and
  // the server behind it got both requests over TLS, with the token and the default User-Agent.
  assert.ok(proxy.connects.length >= 1 && proxy.connects.every((c) => c === `${HOST}:443`), proxy.connects.join(', '));
  assert.deepEqual(proxy.plain, []);
  assert.deepEqual(front.seen.map((s) => [s.method, s.path, s.host, s.bearer, s.userAgent]), [
    ['POST', `/api/atlas/v2/groups/${GROUP}/integrations/PAGER_DUTY`, HOST, true, `atlas-integrations/${version}`],
    ['GET', `/api/atlas/v2/groups/${GROUP}/integrations/PAGER_DUTY`, HOST, true, `atlas-integrations/${version}`],
  ]);
});
