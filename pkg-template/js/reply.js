// The fast path's reading of a success reply (2xx) in JS, for the replies where it provably
// gives what Rust gives (src/response.rs `parse`, then serde_json's text through
// JSON.parse): the same values, keys sorted as serde_json's map sorts them, a page rebuilt
// field by field. Copying the body into wasm, parsing and printing it there and parsing
// the printed text again cost more than the rest of a request's own work.
//
// JSON.parse and serde_json agree on valid JSON except for numbers (serde_json reads
// fractions and exponents with a best-effort precision, and numbers out of range as
// errors), \u escapes (serde_json refuses lone surrogates), nesting deeper than 128 and key
// order (serde_json sorts by code point, JS by UTF-16 unit, which differ from U+D800 on).
// Those replies, and every reply of an unexpected shape, are left to Rust: `read` then
// answers NOT_HERE.

export const NOT_HERE = Symbol('not here');

const MAX_DEPTH = 100;

/**
 * Whether every number in the JSON text `text` is a plain integer of at most 15 digits
 * (exact in both), it holds no \u escape and no character from U+D800 on, and nests at most
 * MAX_DEPTH deep. Reads valid JSON only (the caller parsed it first).
 */
function plain(text) {
  let depth = 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // A string: to its closing quote, refusing \u escapes.
      for (i += 1; ; i += 1) {
        const s = text.charCodeAt(i);
        if (s === 0x22) break;
        if (s === 0x5c) {
          i += 1;
          if (text.charCodeAt(i) === 0x75) return false;
        } else if (s >= 0xd800) return false;
      }
    } else if (c === 0x7b || c === 0x5b) {
      depth += 1;
      if (depth > MAX_DEPTH) return false;
    } else if (c === 0x7d || c === 0x5d) {
      depth -= 1;
    } else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      // A number: digits only after an optional minus, at most 15.
      if (c === 0x2d) i += 1;
      const first = i;
      while (i < text.length && text.charCodeAt(i) >= 0x30 && text.charCodeAt(i) <= 0x39) i += 1;
      const next = text.charCodeAt(i);
      if (next === 0x2e || next === 0x65 || next === 0x45 || i - first > 15) return false;
      i -= 1;
    } else if (c >= 0xd800) {
      return false;
    }
  }
  return true;
}

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const hasOwn = (o, k) => Object.prototype.hasOwnProperty.call(o, k);

/** `v` with every object's keys in sorted order (as serde_json's map), or NOT_HERE. */
function sorted(v) {
  if (Array.isArray(v)) {
    const out = new Array(v.length);
    for (let i = 0; i < v.length; i += 1) {
      const x = sorted(v[i]);
      if (x === NOT_HERE) return NOT_HERE;
      out[i] = x;
    }
    return out;
  }
  if (v === null || typeof v !== 'object') return v;
  const keys = Object.keys(v).sort();
  const out = {};
  for (const k of keys) {
    // Assigning `__proto__` would set the prototype: JSON.parse makes it an own key.
    if (k === '__proto__') return NOT_HERE;
    const x = sorted(v[k]);
    if (x === NOT_HERE) return NOT_HERE;
    out[k] = x;
  }
  return out;
}

/** A page (`response::page`) as serde_json prints it: results, totalCount?, links. */
function page(v) {
  const { results, totalCount, links } = v;
  if (!Array.isArray(results) || !results.every((r) => isObject(r) && hasOwn(r, 'type') && typeof r.type === 'string')) return NOT_HERE;
  const out = { results: sorted(results) };
  if (out.results === NOT_HERE) return NOT_HERE;
  if (hasOwn(v, 'totalCount') && totalCount !== null) {
    if (typeof totalCount !== 'number' || totalCount < 0) return NOT_HERE;
    out.totalCount = totalCount;
  }
  out.links = [];
  if (hasOwn(v, 'links') && links !== null) {
    if (!Array.isArray(links)) return NOT_HERE;
    for (const l of links) {
      if (!isObject(l) || !hasOwn(l, 'href') || typeof l.href !== 'string') return NOT_HERE;
      out.links.push({ href: l.href, rel: hasOwn(l, 'rel') && typeof l.rel === 'string' ? l.rel : '' });
    }
  }
  return out;
}

/**
 * The result of a 2xx reply with body `text` to a call answering with `shape` ('item' for
 * get, 'page' for list, create, update and upsert, 'none' for delete), or NOT_HERE.
 */
export function read(shape, text) {
  // A delete succeeds whatever the body, unless it is an envelope with another status.
  if (shape === 'none' && text === '') return undefined;
  let v;
  try {
    v = JSON.parse(text);
  } catch {
    // Not JSON for JSON.parse is not JSON for serde_json either.
    return shape === 'none' ? undefined : NOT_HERE;
  }
  // An envelope (a top-level `status`) is unwrapped by Rust.
  if (isObject(v) && hasOwn(v, 'status')) return NOT_HERE;
  if (shape === 'none') return undefined;
  if (!isObject(v) || !plain(text)) return NOT_HERE;
  if (shape === 'item') return hasOwn(v, 'type') && typeof v.type === 'string' ? sorted(v) : NOT_HERE;
  return page(v);
}
