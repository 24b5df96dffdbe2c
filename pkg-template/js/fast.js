// The client's fast path, for the Node entry only (the web build has none: build.rs's
// `fast_path` cfg). index.cjs applies fastPath() to the nodejs build's AtlasClient
// before extras.js's extendClient(), whose guards then wrap the methods installed here.

import { prop } from './validate.js';
import { NOT_HERE, read } from './reply.js';
import { wait } from './extras.js';

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
export function fastPath(Client) {
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
