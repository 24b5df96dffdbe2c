// Authentication for the stand-in: bearer tokens (static or issued by the
// OAuth client-credentials endpoint) and HTTP Digest (RFC 7616; MD5, SHA-256
// and their -sess variants, qop=auth, nonce counts tracked per nonce).
// Secrets are only ever compared through SHA-256 digests and timingSafeEqual.

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const DIGEST_REALM = 'MMS Public API'; // the realm Atlas / Cloud Manager announce

const sha256 = (s) => createHash('sha256').update(String(s), 'utf8').digest();

/** Constant-time string equality (lengths hidden by hashing first). */
export function safeEqual(a, b) {
  if (typeof a !== 'string' || typeof b !== 'string') return false;
  return timingSafeEqual(sha256(a), sha256(b));
}

/**
 * Parses the auth-param list of a Digest credentials / challenge header
 * (RFC 7235 §2.1): comma separated `name=token` or `name="quoted string"`.
 * Returns null on a syntax error or a repeated parameter.
 */
export function parseAuthParams(s) {
  const out = Object.create(null);
  let i = 0;
  const n = s.length;
  while (i < n) {
    while (i < n && (s[i] === ' ' || s[i] === '\t' || s[i] === ',')) i++;
    if (i >= n) break;
    const m = /^([A-Za-z0-9!#$%&'*+.^_`|~-]+)[ \t]*=[ \t]*/.exec(s.slice(i));
    if (!m) return null;
    const key = m[1].toLowerCase();
    i += m[0].length;
    let val = '';
    if (s[i] === '"') {
      i++;
      while (i < n && s[i] !== '"') {
        if (s[i] === '\\' && i + 1 < n) i++;
        val += s[i++];
      }
      if (s[i] !== '"') return null;
      i++;
    } else {
      const m2 = /^[^ \t,]*/.exec(s.slice(i));
      val = m2[0];
      i += val.length;
      if (val === '') return null;
    }
    if (key in out) return null;
    out[key] = val;
    while (i < n && (s[i] === ' ' || s[i] === '\t')) i++;
    if (i < n && s[i] !== ',') return null;
  }
  return out;
}

const ALGORITHMS = {
  'MD5': { hash: 'md5', sess: false },
  'MD5-SESS': { hash: 'md5', sess: true },
  'SHA-256': { hash: 'sha256', sess: false },
  'SHA-256-SESS': { hash: 'sha256', sess: true },
};

/** Keeps issued Digest nonces and the highest nonce count seen for each. */
export class DigestVerifier {
  constructor({ publicKey, privateKey, realm = DIGEST_REALM, nonceTtlMs = 5 * 60_000, maxNonces = 10_000 }) {
    if (typeof publicKey !== 'string' || typeof privateKey !== 'string' || !publicKey || !privateKey) {
      throw new TypeError('digest needs {publicKey, privateKey} strings');
    }
    this.publicKey = publicKey;
    this.privateKey = privateKey;
    this.realm = realm;
    this.nonceTtlMs = nonceTtlMs;
    this.maxNonces = maxNonces;
    this.nonces = new Map(); // nonce -> { issued, lastNc }
  }

  issueNonce() {
    const nonce = randomBytes(24).toString('base64url');
    this.nonces.set(nonce, { issued: Date.now(), lastNc: 0 });
    while (this.nonces.size > this.maxNonces) this.nonces.delete(this.nonces.keys().next().value);
    return nonce;
  }

  /** Two challenges (SHA-256 preferred, then MD5) sharing one fresh nonce. */
  challenges(stale = false) {
    const nonce = this.issueNonce();
    const base = `Digest realm="${this.realm}", domain="", nonce="${nonce}", qop="auth"`;
    const st = stale ? ', stale=true' : ', stale=false';
    return [`${base}, algorithm=SHA-256${st}`, `${base}, algorithm=MD5${st}`];
  }

  /**
   * Verifies `Authorization: Digest …` params for a request.
   * Returns { ok: true, user } or { ok: false, reason, stale? }.
   * `reason` is for the ApiError detail and never contains a secret.
   */
  verify(params, method, requestTarget) {
    if (!params) return { ok: false, reason: 'Malformed Digest credentials.' };
    const need = ['username', 'realm', 'nonce', 'uri', 'response', 'qop', 'nc', 'cnonce'];
    for (const k of need) {
      if (typeof params[k] !== 'string' || params[k] === '') return { ok: false, reason: `Digest credentials lack ${k}.` };
    }
    if (params.userhash && params.userhash.toLowerCase() === 'true') return { ok: false, reason: 'Digest userhash is not supported.' };
    const alg = ALGORITHMS[(params.algorithm || 'MD5').toUpperCase()];
    if (!alg) return { ok: false, reason: 'Unsupported Digest algorithm.' };
    if (params.qop !== 'auth') return { ok: false, reason: 'Only qop=auth is supported.' };
    if (!/^[0-9a-fA-F]{8}$/.test(params.nc)) return { ok: false, reason: 'Malformed Digest nonce count.' };
    if (params.realm !== this.realm) return { ok: false, reason: 'Digest realm mismatch.' };
    if (params.uri !== requestTarget) return { ok: false, reason: 'Digest uri does not match the request target.' };
    const entry = this.nonces.get(params.nonce);
    if (!entry) return { ok: false, reason: 'Unknown Digest nonce.' };

    const H = (s) => createHash(alg.hash).update(s, 'utf8').digest('hex');
    let ha1 = H(`${params.username}:${this.realm}:${this.privateKey}`);
    if (alg.sess) ha1 = H(`${ha1}:${params.nonce}:${params.cnonce}`);
    const ha2 = H(`${method}:${params.uri}`);
    const expected = H(`${ha1}:${params.nonce}:${params.nc}:${params.cnonce}:${params.qop}:${ha2}`);
    const userOk = safeEqual(params.username, this.publicKey);
    const responseOk = safeEqual(params.response.toLowerCase(), expected);
    if (!(userOk && responseOk)) return { ok: false, reason: 'Invalid Digest credentials.' };

    if (Date.now() - entry.issued > this.nonceTtlMs) {
      this.nonces.delete(params.nonce);
      return { ok: false, reason: 'Stale Digest nonce.', stale: true };
    }
    const nc = parseInt(params.nc, 16);
    if (nc <= entry.lastNc) return { ok: false, reason: 'Digest nonce count was already used (replay refused).' };
    entry.lastNc = nc;
    return { ok: true, user: this.publicKey };
  }
}

/** Bearer tokens: the configured one plus OAuth-issued ones (stored hashed). */
export class TokenStore {
  constructor(staticToken, maxTokens = 10_000) {
    this.staticToken = typeof staticToken === 'string' && staticToken !== '' ? staticToken : null;
    this.issued = new Map(); // sha256 hex -> expiresAt (ms)
    this.maxTokens = maxTokens;
  }

  issue(ttlSeconds) {
    const token = randomBytes(32).toString('base64url');
    this.issued.set(sha256(token).toString('hex'), Date.now() + ttlSeconds * 1000);
    while (this.issued.size > this.maxTokens) this.issued.delete(this.issued.keys().next().value);
    return token;
  }

  revoke(token) {
    return this.issued.delete(sha256(token).toString('hex'));
  }

  /** Returns a principal id (not the token) or null. */
  check(token) {
    if (typeof token !== 'string' || token === '') return null;
    if (this.staticToken !== null && safeEqual(token, this.staticToken)) return 'bearer:static';
    const key = sha256(token).toString('hex');
    const exp = this.issued.get(key);
    if (exp === undefined) return null;
    if (Date.now() >= exp) { this.issued.delete(key); return null; }
    return 'bearer:' + key.slice(0, 12);
  }
}
