// The few additions that Rust cannot express through wasm-bindgen: an async iterator over
// every page, a bulk helper with bounded concurrency, the client's guards, and, for the
// browser entries, the error type guards (./errors.js).
// Everything else (request building, retries, auth) lives in the Rust core.

import { guards } from './errors.js';

function abortError(signal) {
  const e = new Error('The operation was aborted by the caller.');
  e.name = 'AtlasAbortError';
  e.code = 'aborted';
  if (signal && signal.reason !== undefined) e.cause = signal.reason;
  return e;
}

/** Resolves after `ms`, or as soon as `signal` aborts (./fast.js waits with it too). */
export function wait(ms, signal) {
  return new Promise((resolve) => {
    if (signal && signal.aborted) return resolve();
    const done = () => { clearTimeout(t); resolve(); };
    const t = setTimeout(() => { if (signal) signal.removeEventListener('abort', done); resolve(); }, ms);
    if (signal) signal.addEventListener('abort', done, { once: true });
  });
}

async function* listAll(groupId, options) {
  // `null`, like `undefined`, means no options (a default parameter covers only the latter).
  const { itemsPerPage = 500, signal, timeoutMs } = options ?? {};
  for (let pageNum = 1; ; pageNum += 1) {
    const page = await this.list(groupId, { pageNum, itemsPerPage, signal, timeoutMs });
    for (const item of page.results) yield item;
    const hasNext = Array.isArray(page.links) && page.links.some((l) => l && l.rel === 'next');
    const short = page.results.length < itemsPerPage;
    const counted = typeof page.totalCount === 'number' && pageNum * itemsPerPage >= page.totalCount;
    if (page.results.length === 0 || (!hasNext && (short || counted))) return;
  }
}

// One bulk call handles at most this many projects: results and promises for millions of
// ids at once exhaust V8 (seen: a fatal error at 1,000,001); split larger runs.
const MAX_PROJECTS = 100_000;

// Applies one desired integration to many projects. A 429 from any project pauses every
// worker for the server's Retry-After before that project is tried again (a 429 means the
// request was not processed, so trying again is not a blind retry).
async function applyToProjects(groupIds, desired, options) {
  const { concurrency = 4, maxRateLimitWaits = 5, onProgress, signal, mode = 'apply' } = options ?? {};
  if (!Array.isArray(groupIds) || groupIds.length > MAX_PROJECTS) {
    const e = new Error(`groupIds must be an array of at most ${MAX_PROJECTS} project ids.`);
    e.name = 'AtlasConfigError';
    e.code = 'invalid_option';
    throw e;
  }
  const width = Math.max(1, Math.min(64, Math.floor(Number(concurrency)) || 1));
  const results = new Array(groupIds.length);
  let next = 0;
  let finished = 0;
  let pausedUntil = 0;
  // Without a signal there are no per-call options at all: the client then reads none.
  const callOptions = signal === undefined || signal === null ? undefined : { signal };
  const one = async (groupId) => {
    for (let waits = 0; ; waits += 1) {
      const pause = pausedUntil - Date.now();
      if (pause > 0) await wait(pause, signal);
      if (signal && signal.aborted) throw abortError(signal);
      try {
        if (mode === 'upsert') {
          await this.upsert(groupId, desired, callOptions);
          return { groupId, ok: true, action: 'upserted' };
        }
        const outcome = await this.apply(groupId, desired, callOptions);
        return { groupId, ok: true, action: outcome.action, changes: outcome.changes };
      } catch (error) {
        if (error && error.name === 'AtlasApiError' && error.status === 429 && waits < maxRateLimitWaits) {
          const ms = typeof error.retryAfterMs === 'number' ? error.retryAfterMs : 1000 * 2 ** waits;
          pausedUntil = Math.max(pausedUntil, Date.now() + ms);
          continue;
        }
        return { groupId, ok: false, error };
      }
    }
  };
  const worker = async () => {
    while (next < groupIds.length) {
      const index = next;
      next += 1;
      if (signal && signal.aborted) {
        results[index] = { groupId: groupIds[index], ok: false, error: abortError(signal) };
      } else {
        results[index] = await one(groupIds[index]).catch((error) => ({ groupId: groupIds[index], ok: false, error }));
      }
      finished += 1;
      if (typeof onProgress === 'function') {
        // A progress callback must not break the run, synchronously or as a rejected promise.
        try {
          const r = onProgress({ done: finished, total: groupIds.length, result: results[index] });
          if (r && typeof r.then === 'function') r.then(undefined, () => {});
        } catch { /* ignored, as documented */ }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, groupIds.length) }, worker));
  return results;
}

/**
 * The AtlasClient methods that return a promise (their misuse rejects rather than throws).
 * tests/reliability/hostile.test.mjs holds this list to the declarations wasm-bindgen writes.
 */
const ASYNC_METHODS = new Set(['list', 'get', 'create', 'update', 'delete', 'upsert', 'plan', 'apply']);

/**
 * The wasm-bindgen pointer of an AtlasClient (0 once freed), or undefined for anything else.
 * wasm-bindgen (pinned in Cargo.toml) keeps it in `__wbg_ptr` and zeroes it on free();
 * tests/reliability/hostile.test.mjs fails if that ever changes. Never throws (a hostile
 * Proxy as `this` is "anything else").
 */
function pointerOf(self, Client) {
  try {
    return self instanceof Client ? self.__wbg_ptr : undefined;
  } catch {
    return undefined;
  }
}

function clientMisuse(freed) {
  const e = new Error(
    freed
      ? 'This AtlasClient was freed (free(), or the end of its `using` block); create a new one.'
      : 'AtlasClient methods must be called on an AtlasClient made with `new AtlasClient(...)`.',
  );
  e.name = 'AtlasConfigError';
  e.code = freed ? 'client_freed' : 'invalid_client';
  return e;
}

/**
 * Makes calls on a freed client, or with another `this`, fail with an AtlasConfigError
 * (wasm-bindgen's own answer is a bare "null pointer passed to rust"); free() on a freed
 * client does nothing, so `using` and an explicit free() can meet.
 */
function guardClient(Client) {
  const proto = Client.prototype;
  for (const key of [...Object.getOwnPropertyNames(proto), ...Object.getOwnPropertySymbols(proto)]) {
    if (key === 'constructor' || key === '__destroy_into_raw' || key === 'listAll' || key === 'applyToProjects') continue;
    const d = Object.getOwnPropertyDescriptor(proto, key);
    if (d.get) {
      const get = d.get;
      Object.defineProperty(proto, key, {
        ...d,
        get() {
          const ptr = pointerOf(this, Client);
          if (typeof ptr !== 'number' || ptr === 0) throw clientMisuse(ptr === 0);
          return get.call(this);
        },
      });
    } else if (typeof d.value === 'function') {
      const method = d.value;
      const isFree = key === 'free' || key === Symbol.dispose;
      const wrapped = {
        [method.name || String(key)](...args) {
          const ptr = pointerOf(this, Client);
          if (typeof ptr === 'number' && ptr !== 0) return method.apply(this, args);
          if (isFree && ptr === 0) return undefined;
          const e = clientMisuse(ptr === 0);
          if (ASYNC_METHODS.has(key)) return Promise.reject(e);
          throw e;
        },
      }[method.name || String(key)];
      Object.defineProperty(proto, key, { ...d, value: wrapped });
    }
  }
}

/**
 * Adds the JS-only pieces to the AtlasClient class of the wasm build (once per class).
 * @param {Function} Client wasm-bindgen's AtlasClient
 */
export function extendClient(Client) {
  const proto = Client && Client.prototype;
  if (proto && !proto.listAll) {
    guardClient(Client);
    Object.defineProperty(proto, 'listAll', { value: listAll, writable: true, configurable: true });
    Object.defineProperty(proto, 'applyToProjects', { value: applyToProjects, writable: true, configurable: true });
  }
}

/**
 * Adds the JS-only pieces to the wasm exports and returns the extra exports.
 * @param {Record<string, any>} wasm the wasm-bindgen module
 */
export function extend(wasm) {
  extendClient(wasm.AtlasClient);
  return { ...guards };
}
