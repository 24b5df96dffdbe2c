// The few additions that Rust cannot express through wasm-bindgen: an async iterator over
// every page, a bulk helper with bounded concurrency, the client's fast path and guards,
// and, for the browser entries, validateBody/validateBodies in JS over the Rust catalogue
// (./validate.js) and the error type guards (./errors.js).
// Everything else (request building, retries, auth) lives in the Rust core.

import { guards } from './errors.js';
import { prop, validation } from './validate.js';
import { NOT_HERE, read } from './reply.js';

function abortError(signal) {
  const e = new Error('The operation was aborted by the caller.');
  e.name = 'AtlasAbortError';
  e.code = 'aborted';
  if (signal && signal.reason !== undefined) e.cause = signal.reason;
  return e;
}

function wait(ms, signal) {
  return new Promise((resolve) => {
    if (signal && signal.aborted) return resolve();
    const done = () => { clearTimeout(t); resolve(); };
    const t = setTimeout(() => { if (signal) signal.removeEventListener('abort', done); resolve(); }, ms);
    if (signal) signal.addEventListener('abort', done, { once: true });
  });
}

async function* listAll(groupId, options = {}) {
  const { itemsPerPage = 500, signal, timeoutMs } = options;
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
async function applyToProjects(groupIds, desired, options = {}) {
  const { concurrency = 4, maxRateLimitWaits = 5, onProgress, signal, mode = 'apply' } = options;
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

// The fast path (src/wasm/client/fast.rs): a call on a client with a fixed token (or none),
// without options or with only `signal` and `timeoutMs`, is driven from here in synchronous
// Rust steps, instead of through Rust futures and the promise plumbing between them and
// fetch. Rust decides everything (the request, retries, the result or error); this only
// reads those two options, sends (a request Rust made, or its template's to another
// project), waits and hands replies back.
// The query options each method reads (src/wasm/client.rs PAGED, SINGLE): any of them set
// takes the async path.
const PAGED = ['pageNum', 'itemsPerPage', 'includeCount', 'pretty', 'envelope'];
const SINGLE = ['pretty', 'envelope'];
// [kind Rust takes, what the call resolves to (how reply.js reads a success), query options]
const FAST_KINDS = {
  list: [0, 'page', PAGED],
  get: [1, 'item', SINGLE],
  create: [2, 'page', PAGED],
  update: [3, 'page', PAGED],
  delete: [4, 'none', SINGLE],
  upsert: [5, 'page', PAGED],
};

// Whether `options` is an object literal (its prototype is Object.prototype); a proxy whose
// getPrototypeOf trap throws is not one.
function isLiteral(options) {
  try {
    return typeof options === 'object' && Object.getPrototypeOf(options) === Object.prototype;
  } catch {
    return false;
  }
}

// Whether Rust would take `signal` as an AbortSignal (wasm-bindgen's check is this
// instanceof, a throw counting as no).
function isSignal(signal) {
  try {
    return signal instanceof AbortSignal;
  } catch {
    return false;
  }
}

// Whether Rust's `millis` takes `ms` (then Rust's u32 is `ms` itself).
const isMillis = (ms) => typeof ms === 'number' && Number.isInteger(ms) && ms >= 0 && ms <= 2_147_483_647;

// A project id Rust accepts (src/validate/params.rs: 24 lowercase hex digits), for which a
// template's URL is `prefix + id + suffix` (fast.rs checks that when it makes one).
const GROUP_ID = /^[0-9a-f]{24}$/;

// Per client: null when it takes the async path (asked of Rust once), else its fast path's
// templates (fast.rs FastTemplate), the last few: a bulk upsert alternates a create and
// sometimes an update; a dashboard reads a few types. Each is `{kind, key, timeoutMs,
// request, template, prefix, suffix}`: `key` is the integration type (get, delete), the
// body's JSON text (create, update, upsert) or '' (list), `timeoutMs` the call's option
// (undefined: the client's).
const TEMPLATES = new WeakMap();
const TEMPLATES_PER_CLIENT = 4;

function keepTemplate(kept, entry) {
  if (kept.entries.length < TEMPLATES_PER_CLIENT) kept.entries.push(entry);
  else kept.entries[kept.next] = entry;
  kept.next = (kept.next + 1) % TEMPLATES_PER_CLIENT;
}

// The reply of an attempt the caller's signal stopped before it was sent (Rust reads the
// signal itself: an attempt without an answer while it is aborted is an abort).
const ABORTED = Object.freeze({ summary: 1, retryAfter: undefined, wwwAuthenticate: undefined, body: '', name: 'AbortError', timedOut: false });

/**
 * Replaces the methods of FAST_KINDS with ones that take the fast path when they can, and
 * removes the hidden wasm methods it uses from the class.
 */
function fastPath(Client) {
  const proto = Client.prototype;
  const { __prepare: prepare, __fast: isFast } = proto;
  const { __finish: finish, __release: release } = Client;
  delete proto.__prepare;
  delete proto.__fast;
  delete Client.__finish;
  delete Client.__release;
  if ([prepare, isFast, finish, release].some((f) => typeof f !== 'function')) return;
  // `request` comes from Rust (or from a template, for project `groupId`, with no call in
  // Rust yet) and `send()` never rejects. A success reply that reply.js can read ends the
  // call here; Rust answers every other with the result as JSON text (undefined for a
  // delete), a delay before sending again, or the next request. As on the async path, an
  // aborted signal stops the call before each attempt and ends a wait.
  const drive = async (request, shape, signal, template, groupId) => {
    for (;;) {
      const reply = signal !== undefined && signal.aborted ? ABORTED : await request.send(signal);
      const status = reply.summary >> 4;
      if ((reply.summary & 3) === 0 && status >= 200 && status < 300) {
        const value = read(shape, reply.body);
        if (value !== NOT_HERE) {
          if (request.id !== undefined) release(request.id);
          return value;
        }
      }
      if (request.id === undefined) request = template.adopt(groupId);
      const next = finish(request.id, reply, signal);
      if (typeof next === 'string') return JSON.parse(next);
      if (next === undefined) return undefined;
      if (typeof next === 'number') await wait(next, signal);
      else request = next;
    }
  };
  for (const [name, [kind, shape, query]] of Object.entries(FAST_KINDS)) {
    const d = Object.getOwnPropertyDescriptor(proto, name);
    const slow = d && d.value;
    if (typeof slow !== 'function') continue;
    // list(groupId, options); the others (groupId, typeOrBody, options).
    const takesArg = name !== 'list';
    const takesBody = shape === 'page' && takesArg;
    // The async method with options `o`.
    const viaAsync = (self, groupId, arg, o) => (takesArg ? slow.call(self, groupId, arg, o) : slow.call(self, groupId, o));
    const fast = {
      [name](groupId, arg, options) {
        const opts = takesArg ? options : arg;
        let signal;
        let timeoutMs;
        // The options as read here, for the async path when it takes the call after all: it
        // then sees the very values this path judged, each getter having run once.
        let seen;
        if (opts !== undefined && opts !== null) {
          // Only object literals (what callers, listAll and applyToProjects pass): anything
          // else (a class instance, a primitive) keeps the async path as it is.
          if (!isLiteral(opts)) return viaAsync(this, groupId, arg, opts);
          seen = {};
          let fits = true;
          for (const key of query) {
            const v = prop(opts, key);
            seen[key] = v;
            if (v !== undefined) fits = false;
          }
          signal = prop(opts, 'signal') ?? undefined;
          timeoutMs = prop(opts, 'timeoutMs') ?? undefined;
          seen.signal = signal;
          seen.timeoutMs = timeoutMs;
          if (!fits || (signal !== undefined && !isSignal(signal)) || (timeoutMs !== undefined && !isMillis(timeoutMs))) {
            return viaAsync(this, groupId, arg, seen);
          }
        }
        let kept = TEMPLATES.get(this);
        if (kept === undefined) {
          kept = isFast.call(this) ? { entries: [], next: 0 } : null;
          TEMPLATES.set(this, kept);
        }
        if (kept === null) return viaAsync(this, groupId, arg, seen === undefined ? opts : seen);
        // What Rust reads besides the project id: the body's JSON text (or what stringifying
        // it threw), the integration type, or nothing; it is also the template key.
        let input = takesArg ? arg : '';
        let threw = false;
        if (takesBody) {
          try {
            input = JSON.stringify(arg);
          } catch (e) {
            input = e;
            threw = true;
          }
        }
        if (!threw && typeof groupId === 'string' && GROUP_ID.test(groupId)) {
          for (const t of kept.entries) {
            if (t.kind === kind && t.key === input && t.timeoutMs === timeoutMs) {
              return drive(t.request.to(t.prefix + groupId + t.suffix), shape, signal, t.template, groupId);
            }
          }
        }
        let request;
        try {
          request = prepare.call(this, kind, groupId, takesArg ? input : undefined, timeoutMs, threw);
        } catch (e) {
          return Promise.reject(e);
        }
        if (request.template !== undefined) {
          if (typeof input === 'string') keepTemplate(kept, { kind, key: input, timeoutMs, ...request });
          request = request.request;
        }
        return drive(request, shape, signal);
      },
    }[name];
    Object.defineProperty(proto, name, { ...d, value: fast });
  }
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
    fastPath(Client);
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
  const { validateBody, validateBodies } = validation(wasm.describeTypes);
  return { validateBody, validateBodies, ...guards };
}
