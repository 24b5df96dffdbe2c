// Minimal HTTP client for tests: raw request targets (no URL normalisation,
// so traversal attempts reach the server as written), every response header
// kept raw (several WWW-Authenticate challenges stay separate), a hard timeout.

import http from 'node:http';
import { createHash } from 'node:crypto';

/**
 * @param {string} base  e.g. 'http://127.0.0.1:1234/'
 * @param {string} target raw request target, e.g. '/api/atlas/v2/groups/…?pageNum=2'
 * @returns {Promise<{status:number, headers:object, rawHeaders:string[], text:string, json:any, all:(name:string)=>string[]}>}
 */
export function request(base, target, { method = 'GET', headers = {}, body, timeoutMs = 5000 } = {}) {
  const u = new URL(base);
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname)) throw new Error('tests only talk to loopback servers');
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : Buffer.isBuffer(body) ? body : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
    const h = {};
    for (const [k, v] of Object.entries(headers)) if (v !== undefined && v !== null) h[k] = v;
    if (payload !== undefined) h['Content-Length'] = String(payload.length);
    const req = http.request({ host: u.hostname, port: u.port, method, path: target, headers: h, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const buf = Buffer.concat(chunks);
        const text = buf.toString('utf8');
        let json;
        if (text !== '' && /json/.test(String(res.headers['content-type']))) {
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
        }
        const all = (name) => {
          const out = [];
          for (let i = 0; i < res.rawHeaders.length; i += 2) if (res.rawHeaders[i].toLowerCase() === name.toLowerCase()) out.push(res.rawHeaders[i + 1]);
          return out;
        };
        resolve({ status: res.statusCode, headers: res.headers, rawHeaders: res.rawHeaders, text, buffer: buf, json, all });
      });
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`request timed out after ${timeoutMs}ms`)));
    req.on('error', reject);
    req.end(payload);
  });
}

/** Digest `response` per RFC 7616 §3.4.1, computed independently of the server code. */
export function digestResponse({ algorithm = 'MD5', username, password, realm, nonce, method, uri, nc, cnonce, qop = 'auth' }) {
  const hashName = algorithm.toUpperCase().startsWith('SHA-256') ? 'sha256' : 'md5';
  const H = (s) => createHash(hashName).update(s).digest('hex');
  let ha1 = H(`${username}:${realm}:${password}`);
  if (algorithm.toUpperCase().endsWith('-SESS')) ha1 = H(`${ha1}:${nonce}:${cnonce}`);
  const ha2 = H(`${method}:${uri}`);
  return H(`${ha1}:${nonce}:${nc}:${cnonce}:${qop}:${ha2}`);
}

/** Pulls name="value" / name=value pairs out of one challenge. */
export function challengeParams(challenge) {
  const out = {};
  const re = /([a-zA-Z-]+)=(?:"([^"]*)"|([^\s,]*))/g;
  let m;
  while ((m = re.exec(challenge))) out[m[1].toLowerCase()] = m[2] ?? m[3];
  return out;
}
