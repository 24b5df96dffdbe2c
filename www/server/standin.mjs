// Stand-in for the MongoDB Atlas / Cloud Manager / Ops Manager third-party
// integrations API (contract: /work/shared/reference/INTEGRATIONS.md).
// Plain Node 20 ESM, built-in modules only. Used by the demo (www/server/main.mjs)
// and by the tests (tests/node/*.test.mjs).
//
//   const s = await startStandIn({ token: 't' });   // s.url ends with '/'
//   ... fetch(new URL('api/atlas/v2/groups/<24hex>/integrations', s.url), …)
//   await s.close();
//
// It never logs Authorization headers, tokens, request bodies or secrets:
// the log only ever sees method, path (no query), status and duration.

import http from 'node:http';
import https from 'node:https';
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

import { INTEGRATION_TYPES, BodyError, maskedView, validateBody } from './model.mjs';
import { DigestVerifier, TokenStore, parseAuthParams, safeEqual } from './auth.mjs';
import { normaliseStaticDirs, resolveStatic, sendFile } from './static.mjs';
import { hostAllowed, proxyTarget } from './guards.mjs';

const API_RE = /^\/api\/(atlas\/v2|atlas\/v1\.0|public\/v1\.0)\/groups\/([^/]*)\/integrations(?:\/([^/]+))?$/;
const FLAVOURS = { 'atlas/v2': 'v2', 'atlas/v1.0': 'v1', 'public/v1.0': 'public' };
const GROUP_ID_RE = /^[a-f0-9]{24}$/;
const V2_VERSION = '2023-01-01'; // the only resource version of these operations (§1.2)
const V2_MEDIA = `application/vnd.atlas.${V2_VERSION}+json`;
const VND_RE = /^application\/vnd\.atlas\.(\d{4}-\d{2}-\d{2})\+json$/;
const MAX_BODY = 1 << 20;
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'te',
  'trailer', 'transfer-encoding', 'upgrade', 'host']);
const PROXY_DROP_REQUEST = new Set(['cookie', 'origin', 'referer']);
const PROXY_DROP_RESPONSE = new Set(['set-cookie']);

/** A date string that is a real calendar date. */
function isCalendarDate(s) {
  const d = new Date(s + 'T00:00:00Z');
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** Resource version a versioned media type selects, or null (§1.2: newest on or before the date). */
function versionFor(mediaType) {
  const m = VND_RE.exec(mediaType);
  if (!m || !isCalendarDate(m[1])) return null;
  return m[1] >= V2_VERSION ? V2_VERSION : null;
}

function mediaTypeOf(header) {
  return String(header || '').split(';')[0].trim().toLowerCase();
}

function newId() {
  return randomBytes(12).toString('hex');
}

/**
 * Resolves once `performance.now()` reaches `deadline`, to within a few microseconds: a timer
 * for all but the last 2 ms, then a check on every turn of the event loop (setImmediate), so
 * other requests go on being served meanwhile. A plain `setTimeout(ms)` counts from the event
 * loop's cached clock and fires on a whole millisecond of it, so the delay it adds depends on
 * where in its millisecond a request arrived: for a client that sends one request after
 * another, that rounds each round trip to whole milliseconds and hides any difference under a
 * millisecond between two clients (BENCHMARKS.md, section 4). Ends: the clock is monotonic.
 * @param {number} deadline a `performance.now()` time
 * @returns {Promise<void>}
 */
function waitUntil(deadline) {
  return new Promise((resolve) => {
    const check = () => (performance.now() >= deadline ? resolve() : setImmediate(check));
    const early = deadline - performance.now() - 2;
    if (early > 0) setTimeout(check, early);
    else check();
  });
}

function readBody(req, limit = MAX_BODY) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    let over = false;
    req.on('data', (c) => {
      if (over) return;
      size += c.length;
      if (size > limit) {
        over = true;
        chunks.length = 0;
      } else chunks.push(c);
    });
    req.on('end', () => resolve(over ? null : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

const TMP_SUFFIX = '.tmp';

/** The state file's real path (its directory's real path when it does not exist yet). */
function realStatePath(stateFile) {
  try {
    return fs.realpathSync(stateFile);
  } catch {
    try {
      return path.join(fs.realpathSync(path.dirname(stateFile)), path.basename(stateFile));
    } catch {
      return stateFile;
    }
  }
}

/** Whether a process id is running (a signal-0 probe; EPERM means it exists). */
function processAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

/**
 * Removes the temporary copies (`STATE.PID.HEX.tmp`) that a writer killed between
 * writing and renaming left behind: they hold unmasked secrets. Copies of another live
 * process are its writes in progress and stay.
 */
function removeStaleCopies(stateFile) {
  const dir = path.dirname(stateFile);
  const prefix = `${path.basename(stateFile)}.`;
  let names;
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith(TMP_SUFFIX)) continue;
    const m = /^(\d+)\.[0-9a-f]+$/.exec(name.slice(prefix.length, -TMP_SUFFIX.length));
    if (!m) continue;
    const pid = Number(m[1]);
    if (pid === process.pid || !processAlive(pid)) fs.rmSync(path.join(dir, name), { force: true });
  }
}

/** The token bucket's settings from `options.rateLimit` (see startStandIn). */
function bucketOptions(given) {
  const o = given ?? {};
  const positive = (v, d) => (Number.isFinite(v) && v > 0 ? v : d);
  const legacy = o.capacity === undefined && o.limit !== undefined;
  const capacity = positive(legacy ? o.limit : o.capacity, 1000);
  return {
    capacity,
    refillRate: positive(legacy ? o.limit : o.refillRate, capacity),
    refillDurationSeconds: positive(legacy ? (o.windowMs ?? 60_000) / 1000 : o.refillDurationSeconds, 60),
    scope: ['global', 'project'].includes(o.scope) ? o.scope : 'principal',
    headers: o.headers !== false,
  };
}

function isLoopbackHost(host) {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/**
 * Starts the stand-in.
 *
 * @param {object} [options]
 * @param {string} [options.host='127.0.0.1']
 * @param {number} [options.port=0] 0 picks a free port
 * @param {string|false} [options.token='demo-token'] static bearer token (false: none)
 * @param {{publicKey:string, privateKey:string}} [options.digest] also accept HTTP Digest
 * @param {{clientId:string, clientSecret:string, expiresIn?:number}} [options.oauth] service account for POST /api/oauth/token
 * @param {string} [options.stateFile] JSON file loaded on start, rewritten atomically after each change
 * @param {string} [options.upstream] forward /api/** there instead of emulating
 * @param {{prefix:string, dir:string, exclude?:string[]}[]} [options.staticDirs] `exclude`: directories under `dir` never served
 * @param {'cloud-manager'|'ops-manager'} [options.publicApi='cloud-manager'] what /api/public/v1.0 emulates
 * @param {string[]} [options.groups] if set, only these project ids exist (others: 404 GROUP_NOT_FOUND)
 * @param {object} [options.rateLimit] a token bucket as Atlas's (INTEGRATIONS.md §1.3): `capacity`
 *   tokens, refilled (continuously) at `refillRate` tokens every `refillDurationSeconds`; `scope`
 *   'principal' (default: one bucket per credential), 'project' or 'global'; `headers: false` leaves
 *   RateLimit-Limit/-Remaining out. `{limit, windowMs}` is read as capacity = rate = limit per
 *   window. Default: 1000 per minute. Cloud Manager / Ops Manager paths never get the headers nor
 *   the bucket's figures in a 429 (their docs show none).
 * @param {number} [options.latencyMs=0] answer every /api request this many milliseconds after it
 *   arrived (to within microseconds, not rounded to the timer's whole milliseconds)
 * @param {((line:string)=>void)|false} [options.log=false]
 * @returns {Promise<{url:string, port:number, close:()=>Promise<void>, state:object, stats:{requests:number, rateLimited:number}}>}
 *   `stats` counts the /api requests that reached the rate limiter and the 429s among them
 */
export async function startStandIn(options = {}) {
  const host = options.host ?? '127.0.0.1';
  const log = typeof options.log === 'function' ? options.log : () => {};
  const publicApi = options.publicApi === 'ops-manager' ? 'ops-manager' : 'cloud-manager';
  const tokens = new TokenStore(options.token === undefined ? 'demo-token' : options.token);
  const digest = options.digest ? new DigestVerifier(options.digest) : null;
  const oauth = options.oauth && options.oauth.clientId && options.oauth.clientSecret ? options.oauth : null;
  const oauthTtl = Number.isInteger(oauth?.expiresIn) && oauth.expiresIn > 0 ? oauth.expiresIn : 3600;
  const staticDirs = normaliseStaticDirs(options.staticDirs || []);
  const knownGroups = Array.isArray(options.groups) ? new Set(options.groups) : null;
  const bucket = bucketOptions(options.rateLimit);
  const buckets = new Map(); // scope key -> { tokens, at }
  const latencyMs = Number.isFinite(options.latencyMs) && options.latencyMs > 0 ? Math.min(options.latencyMs, 60_000) : 0;
  const stats = { requests: 0, rateLimited: 0 };

  let upstream = null;
  if (options.upstream) {
    upstream = new URL(options.upstream);
    if (upstream.protocol !== 'http:' && upstream.protocol !== 'https:') throw new TypeError('upstream must be an http(s) URL');
    if (upstream.username || upstream.password) throw new TypeError('upstream must not carry credentials');
  }

  // ---- state -------------------------------------------------------------
  /** groupId -> Map(type -> record {id, type, ...fields}), insertion ordered. */
  const groups = new Map();
  const stateFile = options.stateFile ? path.resolve(options.stateFile) : null;
  if (stateFile) removeStaleCopies(stateFile);

  if (stateFile && fs.existsSync(stateFile)) {
    let data;
    try {
      data = JSON.parse(fs.readFileSync(stateFile, 'utf8'));
    } catch {
      throw new Error(`state file ${stateFile} is not valid JSON`);
    }
    const g = data && typeof data === 'object' ? data.groups : null;
    if (!g || typeof g !== 'object') throw new Error(`state file ${stateFile} has no "groups" object`);
    for (const [groupId, records] of Object.entries(g)) {
      if (!GROUP_ID_RE.test(groupId) || !Array.isArray(records)) continue;
      const m = new Map();
      for (const r of records) {
        if (r && typeof r === 'object' && INTEGRATION_TYPES.includes(r.type)) m.set(r.type, { ...r, id: typeof r.id === 'string' ? r.id : newId() });
      }
      groups.set(groupId, m);
    }
  }

  function persist() {
    if (!stateFile) return;
    const data = { version: 1, groups: {} };
    for (const [groupId, m] of groups) if (m.size) data.groups[groupId] = [...m.values()];
    const tmp = `${stateFile}.${process.pid}.${randomBytes(4).toString('hex')}${TMP_SUFFIX}`;
    const fd = fs.openSync(tmp, 'w', 0o600);
    try {
      fs.writeFileSync(fd, JSON.stringify(data, null, 2) + '\n');
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    try {
      fs.renameSync(tmp, stateFile);
    } catch (e) {
      fs.rmSync(tmp, { force: true });
      throw e;
    }
  }

  /** The state file and its temporary copies hold unmasked secrets: never served. */
  function isStateCopy(real) {
    if (!stateFile) return false;
    const saved = realStatePath(stateFile);
    return real === saved || (real.startsWith(`${saved}.`) && real.endsWith(TMP_SUFFIX));
  }

  const groupMap = (groupId) => {
    let m = groups.get(groupId);
    if (!m) groups.set(groupId, (m = new Map()));
    return m;
  };
  const clone = (x) => (x === undefined ? undefined : JSON.parse(JSON.stringify(x)));

  /** Test hooks: raw (unmasked) records, seeding and reset. */
  const state = {
    get: (groupId, type) => clone(groups.get(groupId)?.get(type)),
    list: (groupId) => clone([...(groups.get(groupId)?.values() ?? [])]),
    set(groupId, record) {
      if (!GROUP_ID_RE.test(groupId) || !INTEGRATION_TYPES.includes(record?.type)) throw new TypeError('bad groupId or type');
      const m = groupMap(groupId);
      const old = m.get(record.type);
      m.set(record.type, { ...clone(record), id: old?.id ?? record.id ?? newId() });
      persist();
    },
    delete(groupId, type) {
      const ok = groups.get(groupId)?.delete(type) ?? false;
      if (ok) persist();
      return ok;
    },
    clear() {
      groups.clear();
      persist();
    },
    toJSON() {
      const out = {};
      for (const [groupId, m] of groups) out[groupId] = [...m.values()];
      return clone(out);
    },
  };

  // ---- responses ---------------------------------------------------------
  let origin = ''; // set after listen

  function send(res, status, body, headers = {}, pretty = false) {
    if (res.headersSent) return;
    const text = body === undefined ? '' : JSON.stringify(body, null, pretty ? 2 : 0) + (pretty ? '\n' : '');
    const h = { ...headers };
    if (body !== undefined) {
      h['Content-Type'] ??= 'application/json';
      h['Content-Length'] = Buffer.byteLength(text);
    }
    h['Cache-Control'] ??= 'no-store';
    res.writeHead(status, h);
    res.end(status === 204 || status === 304 ? undefined : text);
  }

  /** ApiError (§6). badRequestDetail only on Atlas v2. */
  function apiError(res, status, errorCode, detail, { parameters = [], fields = null, flavour = null, headers = {} } = {}) {
    const body = { detail, error: status, errorCode, parameters, reason: http.STATUS_CODES[status] || 'Error' };
    if (flavour === 'v2' && fields && fields.length) body.badRequestDetail = { fields };
    send(res, status, body, { ...headers, 'Content-Type': 'application/json' });
  }

  function unauthorized(res, detail, stale = false) {
    const challenges = [];
    if (digest) challenges.push(...digest.challenges(stale));
    else challenges.push('Bearer realm="atlas-stand-in"');
    apiError(res, 401, 'USER_UNAUTHORIZED', detail, { headers: { 'WWW-Authenticate': challenges } });
  }

  // ---- auth --------------------------------------------------------------
  /** Returns a principal id or null after having answered 401. */
  function authenticate(req, res) {
    const header = req.headers.authorization;
    if (typeof header !== 'string' || header === '') {
      unauthorized(res, 'You are not authorized for this resource. Send a bearer token or HTTP Digest credentials.');
      return null;
    }
    const sp = header.indexOf(' ');
    const scheme = (sp < 0 ? header : header.slice(0, sp)).toLowerCase();
    const rest = sp < 0 ? '' : header.slice(sp + 1).trim();
    if (scheme === 'bearer') {
      const principal = tokens.check(rest);
      if (principal) return principal;
      unauthorized(res, 'The bearer token is invalid or has expired.');
      return null;
    }
    if (scheme === 'digest' && digest) {
      const result = digest.verify(parseAuthParams(rest), req.method, req.url);
      if (result.ok) return 'digest:' + result.user;
      unauthorized(res, result.reason, result.stale === true);
      return null;
    }
    unauthorized(res, 'Unsupported authorization scheme.');
    return null;
  }

  /**
   * Takes a token from the bucket of this request's scope; returns the headers to send, or null
   * after answering 429 RATE_LIMITED_TOKEN_BUCKET (the documented body, §1.3).
   */
  function takeToken(res, { principal, groupId, flavour }) {
    stats.requests += 1;
    const key = bucket.scope === 'global' ? '' : bucket.scope === 'project' ? `g:${groupId}` : `p:${principal}`;
    const now = Date.now();
    const perMs = bucket.refillRate / (bucket.refillDurationSeconds * 1000);
    let b = buckets.get(key);
    if (!b) buckets.set(key, (b = { tokens: bucket.capacity, at: now }));
    b.tokens = Math.min(bucket.capacity, b.tokens + (now - b.at) * perMs);
    b.at = now;
    const atlas = flavour !== 'public';
    const ok = b.tokens >= 1;
    if (ok) b.tokens -= 1;
    const headers = atlas && bucket.headers
      ? { 'RateLimit-Limit': String(bucket.capacity), 'RateLimit-Remaining': String(Math.floor(b.tokens)) }
      : {};
    if (ok) return headers;
    stats.rateLimited += 1;
    const retry = Math.max(1, Math.ceil((1 - b.tokens) / perMs / 1000));
    const set = `api/${flavour === 'v2' ? 'atlas/v2' : flavour === 'v1' ? 'atlas/v1.0' : 'public/v1.0'}/groups`;
    const detail = atlas
      ? `Rate limit exceeded for ${set}. Please retry after ${retry} seconds. Request capacity: ${bucket.capacity}. Refill rate: ${bucket.refillRate} per ${bucket.refillDurationSeconds} seconds.`
      : `Rate limit exceeded. Please retry after ${retry} seconds.`;
    apiError(res, 429, atlas ? 'RATE_LIMITED_TOKEN_BUCKET' : 'RATE_LIMITED', detail, {
      parameters: atlas ? [set, retry, bucket.capacity, bucket.refillRate, bucket.refillDurationSeconds] : [],
      headers: { ...headers, 'Retry-After': String(retry) },
    });
    return null;
  }

  // ---- query parameters --------------------------------------------------
  function parseQuery(query, names) {
    const out = { envelope: false, pretty: false, includeCount: true, itemsPerPage: 100, pageNum: 1 };
    for (const name of names) {
      const v = query.get(name);
      if (v === null) continue;
      if (name === 'envelope' || name === 'pretty' || name === 'includeCount') {
        const l = v.toLowerCase();
        if (l !== 'true' && l !== 'false') throw new BodyError(400, 'INVALID_QUERY_PARAMETER', `Invalid query parameter ${name}: expected true or false.`, [name]);
        out[name] = l === 'true';
      } else {
        const n = /^\d{1,9}$/.test(v) ? Number(v) : NaN;
        const ok = name === 'itemsPerPage' ? n >= 1 && n <= 500 : n >= 1;
        if (!ok) {
          throw new BodyError(400, 'INVALID_QUERY_PARAMETER',
            name === 'itemsPerPage' ? 'Invalid query parameter itemsPerPage: must be an integer from 1 to 500.' : 'Invalid query parameter pageNum: must be an integer of at least 1.', [name]);
        }
        out[name] = n;
      }
    }
    return out;
  }

  function paginated(records, q, rawPath) {
    const total = records.length;
    const start = (q.pageNum - 1) * q.itemsPerPage;
    const href = (p) => `${origin}${rawPath}?pageNum=${p}&itemsPerPage=${q.itemsPerPage}`;
    const links = [{ href: href(q.pageNum), rel: 'self' }];
    if (q.pageNum > 1 && total > 0) links.push({ href: href(q.pageNum - 1), rel: 'previous' });
    if (start + q.itemsPerPage < total) links.push({ href: href(q.pageNum + 1), rel: 'next' });
    const body = { links, results: records.slice(start, start + q.itemsPerPage).map(maskedView) };
    if (q.includeCount) body.totalCount = total;
    if (q.envelope) body.status = 200;
    return body;
  }

  // ---- OAuth client credentials -----------------------------------------
  // Errors here follow RFC 6749 §5.2 ({error, error_description}), which is
  // what the service-account token endpoint answers, not the ApiError shape.
  function oauthError(res, status, error, description) {
    send(res, status, { error, error_description: description }, { 'Cache-Control': 'no-store', Pragma: 'no-cache' });
  }

  function oauthClient(req, form) {
    const header = req.headers.authorization;
    let id = null;
    let secret = null;
    if (typeof header === 'string' && /^basic /i.test(header)) {
      const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
      const i = decoded.indexOf(':');
      if (i < 0) return { error: 'invalid_client' };
      id = decoded.slice(0, i);
      secret = decoded.slice(i + 1);
      if (form.has('client_secret')) return { error: 'invalid_request' };
    } else if (form.has('client_id') && form.has('client_secret')) {
      id = form.get('client_id');
      secret = form.get('client_secret');
    } else return { error: 'invalid_client' };
    if (!oauth) return { error: 'invalid_client' };
    const dec = (s) => { try { return decodeURIComponent(s.replace(/\+/g, ' ')); } catch { return s; } };
    const idOk = safeEqual(id, oauth.clientId) || safeEqual(dec(id), oauth.clientId);
    const secretOk = safeEqual(secret, oauth.clientSecret) || safeEqual(dec(secret), oauth.clientSecret);
    return idOk && secretOk ? { ok: true } : { error: 'invalid_client' };
  }

  async function handleOAuth(req, res, rawPath, body) {
    if (req.method === 'OPTIONS') return send(res, 204, undefined, { Allow: 'POST, OPTIONS' });
    if (req.method !== 'POST') return send(res, 405, { error: 'invalid_request', error_description: 'Use POST.' }, { Allow: 'POST, OPTIONS' });
    if (mediaTypeOf(req.headers['content-type']) !== 'application/x-www-form-urlencoded') {
      return oauthError(res, 400, 'invalid_request', 'The body must be application/x-www-form-urlencoded.');
    }
    const form = new URLSearchParams(body.toString('utf8'));
    const client = oauthClient(req, form);
    if (!client.ok) {
      return client.error === 'invalid_client'
        ? oauthError(res, 401, 'invalid_client', 'Client authentication failed.')
        : oauthError(res, 400, client.error, 'Use exactly one client authentication method.');
    }
    if (rawPath === '/api/oauth/revoke') {
      const t = form.get('token');
      if (t) tokens.revoke(t);
      return send(res, 200, {}, { 'Cache-Control': 'no-store' });
    }
    const grant = form.get('grant_type');
    if (!grant) return oauthError(res, 400, 'invalid_request', 'grant_type is required.');
    if (grant !== 'client_credentials') return oauthError(res, 400, 'unsupported_grant_type', 'Only client_credentials is supported.');
    const token = tokens.issue(oauthTtl);
    return send(res, 200, { access_token: token, expires_in: oauthTtl, token_type: 'Bearer' }, { 'Cache-Control': 'no-store', Pragma: 'no-cache' });
  }

  // ---- the integrations resource ----------------------------------------
  async function handleApi(req, res, rawPath, query) {
    const arrived = performance.now();
    const body = await readBody(req);
    if (body === null) return apiError(res, 413, 'PAYLOAD_TOO_LARGE', 'The request body is too large.', { headers: { Connection: 'close' } });

    if (rawPath === '/api/oauth/token' || rawPath === '/api/oauth/revoke') return handleOAuth(req, res, rawPath, body);

    const m = API_RE.exec(rawPath);
    if (!m) return apiError(res, 404, 'RESOURCE_NOT_FOUND', `Cannot find resource ${rawPath.slice(0, 200)}.`);
    const flavour = FLAVOURS[m[1]];
    const isItem = m[3] !== undefined;
    const allow = isItem ? 'GET, POST, PUT, DELETE, OPTIONS' : 'GET, OPTIONS';
    if (req.method === 'OPTIONS') return send(res, 204, undefined, { Allow: allow });
    if (!allow.split(', ').includes(req.method)) {
      return apiError(res, 405, 'METHOD_NOT_ALLOWED', `Method ${req.method} is not allowed on this resource.`, { headers: { Allow: allow } });
    }

    if (latencyMs) await waitUntil(arrived + latencyMs);
    const principal = authenticate(req, res);
    if (!principal) return;
    const rate = takeToken(res, { principal, groupId: m[2], flavour });
    if (!rate) return;

    // Atlas v2 needs a versioned Accept header (§1.2: treat it as required).
    let contentType = 'application/json';
    if (flavour === 'v2') {
      const accepted = String(req.headers.accept || '').split(',').map((s) => mediaTypeOf(s)).some((t) => versionFor(t) !== null);
      if (!accepted) {
        return apiError(res, 406, 'INVALID_VERSION_DATE', `Invalid accept header or version date. Send Accept: ${V2_MEDIA} (or a later version date).`, { flavour });
      }
      contentType = V2_MEDIA;
    }

    let groupId;
    let type;
    try {
      groupId = decodeURIComponent(m[2]);
      type = isItem ? decodeURIComponent(m[3]) : null;
    } catch {
      return apiError(res, 400, 'INVALID_PATH_PARAMETER', 'A path parameter is not correctly percent-encoded.', { flavour });
    }
    if (!GROUP_ID_RE.test(groupId)) {
      return apiError(res, 404, 'INVALID_GROUP_ID', `An invalid group ID ${groupId.slice(0, 64)} was specified.`, { parameters: [groupId.slice(0, 64)], flavour });
    }
    if (knownGroups && !knownGroups.has(groupId)) {
      return apiError(res, 404, 'GROUP_NOT_FOUND', `No group with ID ${groupId} exists.`, { parameters: [groupId], flavour });
    }
    if (isItem && !INTEGRATION_TYPES.includes(type)) {
      return apiError(res, 400, 'INVALID_PATH_PARAMETER',
        `The path parameter integrationType has an invalid value ${type.slice(0, 64)}; expected one of ${INTEGRATION_TYPES.join(', ')}.`,
        { parameters: ['integrationType', type.slice(0, 64)], flavour, fields: [{ field: 'integrationType', description: 'must be one of ' + INTEGRATION_TYPES.join(', ') }] });
    }

    const listOp = !isItem || req.method === 'POST' || req.method === 'PUT';
    let q;
    let record = null;
    try {
      q = parseQuery(query, listOp ? ['envelope', 'includeCount', 'itemsPerPage', 'pageNum', 'pretty'] : ['envelope', 'pretty']);
      if (req.method === 'POST' || req.method === 'PUT') {
        const ct = mediaTypeOf(req.headers['content-type']);
        const ctOk = ct === 'application/json' || (flavour === 'v2' && versionFor(ct) !== null);
        if (!ctOk) {
          throw new BodyError(415, 'UNSUPPORTED_MEDIA_TYPE',
            `Unsupported Content-Type; send ${flavour === 'v2' ? V2_MEDIA + ' or ' : ''}application/json.`);
        }
        let parsed;
        try {
          parsed = JSON.parse(body.toString('utf8'));
        } catch {
          // never echo the parser message: it quotes the (secret-bearing) body
          throw new BodyError(400, 'MALFORMED_JSON', 'Received JSON is malformed.');
        }
        record = validateBody(flavour, publicApi, type, parsed);
      }
    } catch (e) {
      if (e instanceof BodyError) return apiError(res, e.status, e.errorCode, e.detail, { parameters: e.parameters, fields: e.fields, flavour });
      throw e;
    }

    const headers = { ...rate, 'Content-Type': contentType };
    const integrations = groups.get(groupId);
    const existing = isItem ? integrations?.get(type) : undefined;
    const notConfigured = () => apiError(res, 404, 'INTEGRATION_NOT_CONFIGURED',
      `No integration of type ${type} is configured for group ${groupId}.`, { parameters: [type, groupId], flavour });

    if (!isItem) {
      return send(res, 200, paginated([...(integrations?.values() ?? [])], q, rawPath), headers, q.pretty);
    }
    switch (req.method) {
      case 'GET': {
        if (!existing) return notConfigured();
        const view = maskedView(existing);
        return send(res, 200, q.envelope ? { status: 200, content: view } : view, headers, q.pretty);
      }
      case 'POST': {
        if (existing) {
          return apiError(res, 409, 'INTEGRATION_ALREADY_CONFIGURED',
            `An integration of type ${type} is already configured for group ${groupId}.`, { parameters: [type, groupId], flavour });
        }
        groupMap(groupId).set(type, { id: newId(), ...record });
        persist();
        return send(res, 200, paginated([...groups.get(groupId).values()], q, rawPath), headers, q.pretty);
      }
      case 'PUT': {
        // PUT replaces the whole configuration. v1.0 and CM/OM document it as
        // an upsert (INTEGRATIONS.md §2, sources S4/S5); the v2 spec is silent,
        // and this stand-in answers 404 INTEGRATION_NOT_CONFIGURED on v2 so a
        // client cannot rely on an upsert that Atlas v2 does not promise.
        // Whatever is sent is stored as is: sending back a masked value
        // ("****…abcd") really overwrites the secret, as on the real service.
        if (!existing && flavour === 'v2') return notConfigured();
        groupMap(groupId).set(type, { id: existing?.id ?? newId(), ...record });
        persist();
        return send(res, 200, paginated([...groups.get(groupId).values()], q, rawPath), headers, q.pretty);
      }
      case 'DELETE': {
        if (!existing) return notConfigured();
        integrations.delete(type);
        persist();
        return send(res, 204, undefined, rate);
      }
      default:
        return apiError(res, 405, 'METHOD_NOT_ALLOWED', 'Method not allowed.', { headers: { Allow: allow } });
    }
  }

  // ---- proxy mode --------------------------------------------------------
  function proxy(req, res) {
    const target = proxyTarget(upstream, req.url || '/');
    if (!target) return apiError(res, 400, 'INVALID_PATH_PARAMETER', 'Bad request target.');
    const headers = {};
    for (const [k, v] of Object.entries(req.headers)) {
      if (!HOP_BY_HOP.has(k) && !PROXY_DROP_REQUEST.has(k)) headers[k] = v;
    }
    headers.host = target.host;
    const lib = target.protocol === 'https:' ? https : http;
    const upReq = lib.request(target, { method: req.method, headers, timeout: 30_000 }, (upRes) => {
      const out = {};
      for (const [k, v] of Object.entries(upRes.headers)) {
        if (!HOP_BY_HOP.has(k) && !PROXY_DROP_RESPONSE.has(k)) out[k] = v;
      }
      res.writeHead(upRes.statusCode || 502, out);
      upRes.pipe(res);
      upRes.on('error', () => res.destroy());
    });
    upReq.on('timeout', () => upReq.destroy(new Error('upstream timeout')));
    upReq.on('error', (e) => {
      if (res.headersSent) return res.destroy();
      const timeout = /timeout/.test(e.message);
      apiError(res, timeout ? 504 : 502, timeout ? 'UPSTREAM_TIMEOUT' : 'UPSTREAM_UNAVAILABLE',
        timeout ? 'The upstream server did not answer in time.' : 'The upstream server could not be reached.');
    });
    req.pipe(upReq);
  }

  // ---- dispatch ----------------------------------------------------------
  async function handle(req, res) {
    const started = Date.now();
    const rawUrl = req.url || '/';
    const qi = rawUrl.indexOf('?');
    const rawPath = qi < 0 ? rawUrl : rawUrl.slice(0, qi);
    res.on('finish', () => {
      log(`${req.method} ${rawPath.slice(0, 200)} ${res.statusCode} ${Date.now() - started}ms${upstream && rawPath.startsWith('/api/') ? ' (upstream)' : ''}`);
    });
    if (!rawPath.startsWith('/')) return apiError(res, 400, 'INVALID_REQUEST', 'Bad request target.');
    if (!hostAllowed(req.headers.host, host)) {
      return apiError(res, 421, 'MISDIRECTED_REQUEST', 'This server only answers requests addressed to an IP address, localhost or its --host name.');
    }

    if (rawPath === '/api' || rawPath.startsWith('/api/')) {
      if (upstream) return proxy(req, res);
      return handleApi(req, res, rawPath, new URLSearchParams(qi < 0 ? '' : rawUrl.slice(qi + 1)));
    }

    // static files
    await readBody(req, 0).catch(() => null);
    if (req.method === 'OPTIONS') return send(res, 204, undefined, { Allow: 'GET, HEAD, OPTIONS' });
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return apiError(res, 405, 'METHOD_NOT_ALLOWED', `Method ${req.method} is not allowed here.`, { headers: { Allow: 'GET, HEAD, OPTIONS' } });
    }
    const r = resolveStatic(staticDirs, rawPath, isStateCopy);
    if (r.status === 200) return sendFile(req, res, r);
    if (r.status === 301) return send(res, 301, undefined, { Location: r.location });
    const codes = { 400: 'INVALID_REQUEST', 403: 'FORBIDDEN', 404: 'RESOURCE_NOT_FOUND' };
    return apiError(res, r.status, codes[r.status] || 'RESOURCE_NOT_FOUND',
      r.status === 403 ? 'Access outside the served directories is refused.' : r.status === 400 ? 'Bad request path.' : 'Not found.');
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err) => {
      log(`internal error on ${req.method}: ${err && err.name ? err.name : 'Error'}`);
      if (!res.headersSent) apiError(res, 500, 'UNEXPECTED_ERROR', 'Unexpected error.');
      else res.destroy();
    });
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = server.address().port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  origin = `http://${urlHost}:${port}`;

  let closed = null;
  return {
    url: `${origin}/`,
    port,
    state,
    stats,
    isLoopback: isLoopbackHost(host),
    close() {
      closed ??= new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closed;
    },
  };
}
