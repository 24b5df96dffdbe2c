#!/usr/bin/env node
// CLI for the stand-in Atlas server (demo and manual testing).
//
//   node www/server/main.mjs [--port 8080] [--host 127.0.0.1] [--token T]
//        [--state FILE] [--upstream URL] [--static DIR] [--pkg DIR]
//        [--digest PUB:PRIV] [--oauth CLIENT_ID:CLIENT_SECRET]
//        [--public-api cloud-manager|ops-manager] [--allow-remote] [--quiet]
//        [--rate-capacity N] [--rate-refill N] [--rate-refill-seconds S]
//        [--rate-scope principal|project|global] [--no-ratelimit-headers] [--latency-ms N]
//
// Secrets can also come from the environment so they stay out of `ps`:
// STANDIN_TOKEN, STANDIN_DIGEST (PUB:PRIV), STANDIN_OAUTH (ID:SECRET).
// The request log (stderr) holds method, path, status and time only.

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startStandIn } from './standin.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');

const USAGE = `usage: node www/server/main.mjs [options]
  --port N            port (default 8080; 0 = any free port)
  --host H            bind address (default 127.0.0.1; non-loopback needs --allow-remote)
  --token T           bearer token accepted (default demo-token; env STANDIN_TOKEN)
  --digest PUB:PRIV   also accept HTTP Digest with this API key pair (env STANDIN_DIGEST)
  --oauth ID:SECRET   service account for POST /api/oauth/token (env STANDIN_OAUTH)
  --state FILE        keep integrations in this JSON file
  --upstream URL      forward /api/** to URL instead of emulating
  --static DIR        demo page directory served at / (default www/)
  --pkg DIR           built npm package served at /pkg/ (default pkg/)
  --public-api KIND   cloud-manager (default) or ops-manager for /api/public/v1.0
  --allow-remote      allow a non-loopback --host
  --rate-capacity N   token bucket capacity (default 1000)
  --rate-refill N     tokens refilled every --rate-refill-seconds (default: the capacity)
  --rate-refill-seconds S  refill duration (default 60)
  --rate-scope SCOPE  one bucket per principal (default), project, or global
  --no-ratelimit-headers  leave RateLimit-Limit / RateLimit-Remaining out
  --latency-ms N      answer every /api request after N ms
  --quiet             no request log`;

function fail(msg) {
  process.stderr.write(`${msg}\n${USAGE}\n`);
  process.exit(2);
}

function pair(value, what) {
  const i = typeof value === 'string' ? value.indexOf(':') : -1;
  if (i <= 0 || i === value.length - 1) fail(`${what} must look like A:B`);
  return [value.slice(0, i), value.slice(i + 1)];
}

const args = process.argv.slice(2);
const opts = {};
const flags = new Set();
const WITH_VALUE = new Set(['--port', '--host', '--token', '--state', '--upstream', '--static', '--pkg', '--digest', '--oauth', '--public-api',
  '--rate-capacity', '--rate-refill', '--rate-refill-seconds', '--rate-scope', '--latency-ms']);
for (let i = 0; i < args.length; i++) {
  let a = args[i];
  let v;
  const eq = a.indexOf('=');
  if (a.startsWith('--') && eq > 0) {
    v = a.slice(eq + 1);
    a = a.slice(0, eq);
  }
  if (a === '--help' || a === '-h') {
    process.stdout.write(USAGE + '\n');
    process.exit(0);
  }
  if (WITH_VALUE.has(a)) {
    if (v === undefined) {
      if (i + 1 >= args.length) fail(`${a} needs a value`);
      v = args[++i];
    }
    opts[a.slice(2)] = v;
  } else if (a === '--allow-remote' || a === '--quiet' || a === '--no-ratelimit-headers') flags.add(a);
  else fail(`unknown argument ${a}`);
}

const host = opts.host ?? '127.0.0.1';
const loopback = host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
if (!loopback && !flags.has('--allow-remote')) fail(`refusing to listen on non-loopback host ${host} without --allow-remote`);

const port = opts.port === undefined ? 8080 : Number(opts.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) fail('--port must be 0..65535');

const tokenGiven = opts.token ?? process.env.STANDIN_TOKEN;
const token = tokenGiven ?? 'demo-token';
const digestSpec = opts.digest ?? process.env.STANDIN_DIGEST;
const oauthSpec = opts.oauth ?? process.env.STANDIN_OAUTH;
let digest;
if (digestSpec) {
  const [publicKey, privateKey] = pair(digestSpec, '--digest');
  digest = { publicKey, privateKey };
}
let oauth;
if (oauthSpec) {
  const [clientId, clientSecret] = pair(oauthSpec, '--oauth');
  oauth = { clientId, clientSecret };
}
if (opts.upstream) {
  let u;
  try {
    u = new URL(opts.upstream);
  } catch {
    fail('--upstream must be a URL');
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') fail('--upstream must be http(s)');
  if (u.username || u.password) fail('--upstream must not contain credentials');
}
if (opts['public-api'] && !['cloud-manager', 'ops-manager'].includes(opts['public-api'])) fail('--public-api must be cloud-manager or ops-manager');

/** A positive number flag, or undefined when not given. */
function positive(name) {
  if (opts[name] === undefined) return undefined;
  const n = Number(opts[name]);
  if (!Number.isFinite(n) || n <= 0) fail(`--${name} must be a positive number`);
  return n;
}
if (opts['rate-scope'] && !['principal', 'project', 'global'].includes(opts['rate-scope'])) fail('--rate-scope must be principal, project or global');
const rateLimit = {
  capacity: positive('rate-capacity'),
  refillRate: positive('rate-refill'),
  refillDurationSeconds: positive('rate-refill-seconds'),
  scope: opts['rate-scope'],
  headers: !flags.has('--no-ratelimit-headers'),
};

const quiet = flags.has('--quiet');
const server = await startStandIn({
  host,
  port,
  token,
  digest,
  oauth,
  stateFile: opts.state,
  upstream: opts.upstream,
  publicApi: opts['public-api'],
  rateLimit,
  latencyMs: positive('latency-ms'),
  staticDirs: [
    // The server's own code (www/server/, under the default root www/) is never served.
    { prefix: '/', dir: path.resolve(opts.static ?? path.join(repo, 'www')), exclude: [here] },
    { prefix: '/pkg/', dir: path.resolve(opts.pkg ?? path.join(repo, 'pkg')) },
  ],
  log: quiet ? false : (line) => process.stderr.write(`${new Date().toISOString()} ${line}\n`),
}).catch((e) => fail(`cannot start: ${e.message}`));

process.stdout.write(`Stand-in Atlas server: ${server.url}\n`);
if (opts.upstream) {
  process.stdout.write(`Forwarding /api/ to ${new URL(opts.upstream).origin} (credentials pass through, never logged)\n`);
} else if (tokenGiven === undefined) {
  process.stdout.write('Demo credentials: Authorization: Bearer demo-token\n');
} else {
  process.stdout.write('Demo credentials: Authorization: Bearer <the token given with --token / STANDIN_TOKEN>\n');
}

let stopping = false;
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    if (stopping) process.exit(1);
    stopping = true;
    server.close().then(() => process.exit(0));
  });
}
