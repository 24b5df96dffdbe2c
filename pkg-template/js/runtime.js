// The platform calls that Rust (through wasm-bindgen and web-sys) cannot make the same way
// in browsers and Node: timers (`setTimeout` lives on `window` in one and on the global
// object in the other, and web-sys binds only the former), an abort signal that combines a
// caller's signal with a timeout, settling a caller's promise within a limit, and
// randomness from Web Crypto. Imported by src/wasm/js.rs (`#[wasm_bindgen(module = ...)]`).
// Glue only: no decision of the client is made here.

/**
 * The signal of one attempt: it aborts when the caller's signal does, or when `timeoutMs`
 * elapses, always with a `DOMException` (fetch rejects with the abort reason, and a caller's
 * reason may be any value). Dispose of it when the attempt ends: its timer and its listener
 * on the caller's signal go with it.
 */
export class Deadline {
  /**
   * @param {AbortSignal | undefined} caller
   * @param {number | undefined} timeoutMs
   */
  constructor(caller, timeoutMs) {
    /** @type {boolean} */
    this.timedOut = false;
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    this.timer = undefined;
    /** @type {(() => void) | undefined} */
    this.onAbort = undefined;
    this.caller = caller;
    const controller = new AbortController();
    /** @type {AbortSignal} */
    this.signal = controller.signal;
    if (caller !== undefined) {
      if (caller.aborted) {
        controller.abort(new DOMException('The operation was aborted.', 'AbortError'));
      } else {
        this.onAbort = () => controller.abort(new DOMException('The operation was aborted.', 'AbortError'));
        caller.addEventListener('abort', this.onAbort, { once: true });
      }
    }
    if (timeoutMs !== undefined) {
      /** @type {unknown} */
      const timer = setTimeout(() => {
        this.timedOut = true;
        controller.abort(new DOMException('The operation timed out.', 'TimeoutError'));
      }, timeoutMs);
      // Like AbortSignal.timeout's timer, this one does not keep a Node process alive.
      if (typeof timer === 'object' && timer !== null && 'unref' in timer && typeof timer.unref === 'function') timer.unref();
      this.timer = /** @type {ReturnType<typeof setTimeout>} */ (timer);
    }
  }

  /** Whether the caller's signal has fired. */
  get callerAborted() {
    return this.caller !== undefined && this.caller.aborted;
  }

  /** Stops the timer and stops following the caller's signal. */
  dispose() {
    clearTimeout(this.timer);
    if (this.onAbort !== undefined && this.caller !== undefined) this.caller.removeEventListener('abort', this.onAbort);
    this.onAbort = undefined;
  }
}

/** The origin made by `enterWithOrigin` for the client call being entered, until Rust takes it. */
/** @type {Error | undefined} */
let entering;

/**
 * Calls `method` on `self` with `args`, an `Error` made first as the origin of the client
 * call it starts (Rust takes it with `callOrigin` and appends its frames to the call's
 * error: src/wasm/client/failure.rs). Made here, before wasm is entered, its stack is the
 * caller's: made from Rust, V8 walked the module's frames too (12-15 µs a call instead of
 * about 3 in Node), and they took most of `Error.stackTraceLimit`'s 10 frames. A call made
 * while another is being entered (a caller's getter) gets its own.
 * @param {Function} method
 * @param {unknown} self
 * @param {unknown[]} args
 * @returns {unknown}
 */
export function enterWithOrigin(method, self, args) {
  const outer = entering;
  entering = new Error('');
  try {
    return method.apply(self, args);
  } finally {
    entering = outer;
  }
}

/**
 * The origin of the client call being entered: the one `enterWithOrigin` made, or a new
 * `Error` when the method was reached another way.
 * @returns {Error}
 */
export function callOrigin() {
  const origin = entering ?? new Error('');
  entering = undefined;
  return origin;
}

/**
 * Resolves `true` after `ms`, or `false` as soon as `signal` aborts.
 * @param {number} ms
 * @param {AbortSignal | undefined} signal
 * @returns {Promise<boolean>}
 */
export function sleep(ms, signal) {
  return new Promise((resolve) => {
    if (signal && signal.aborted) {
      resolve(false);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      if (signal) signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    if (signal) signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * @typedef {{ outcome: 'ok', value: unknown } | { outcome: 'error', error: unknown } | { outcome: 'timeout' } | { outcome: 'aborted' }} Settled
 */

/**
 * Awaits `value` (a promise, a thenable or a plain value) for at most `ms` milliseconds
 * (0: no limit) and no longer than `signal` allows. Never rejects.
 * @param {unknown} value
 * @param {number} ms
 * @param {AbortSignal | undefined} signal
 * @returns {Promise<Settled>}
 */
export function settleWithin(value, ms, signal) {
  return new Promise((resolve) => {
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    let timer;
    /** @param {Settled} outcome */
    const finish = (outcome) => {
      clearTimeout(timer);
      if (signal) signal.removeEventListener('abort', onAbort);
      resolve(outcome);
    };
    const onAbort = () => finish({ outcome: 'aborted' });
    if (signal && signal.aborted) return finish({ outcome: 'aborted' });
    if (ms > 0) timer = setTimeout(() => finish({ outcome: 'timeout' }), ms);
    if (signal) signal.addEventListener('abort', onAbort, { once: true });
    try {
      Promise.resolve(value).then(
        (v) => finish({ outcome: 'ok', value: v }),
        (e) => finish({ outcome: 'error', error: e }),
      );
    } catch (e) {
      finish({ outcome: 'error', error: e });
    }
  });
}

/**
 * `value` itself when it is a primitive string of at most `max` UTF-16 units without lone
 * surrogates, else `undefined`.
 * @param {unknown} value
 * @param {number} max
 * @returns {string | undefined}
 */
export function shortString(value, max) {
  return typeof value === 'string' && value.length <= max && typeof value.isWellFormed === 'function' && value.isWellFormed() ? value : undefined;
}

/**
 * `bytes` random bytes from `crypto.getRandomValues`, hex-encoded (throws without Web Crypto).
 * @param {number} bytes
 * @returns {string}
 */
export function randomHex(bytes) {
  const a = new Uint8Array(bytes);
  globalThis.crypto.getRandomValues(a);
  return Array.from(a, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Calls a caller's callback with `value`. What it throws, or a promise it returns that
 * rejects, is ignored: a progress display must not break the request it reports on.
 * @param {unknown} callback
 * @param {unknown} value
 */
export function notify(callback, value) {
  if (typeof callback !== 'function') return;
  try {
    const r = callback(value);
    if (r && typeof r.then === 'function') r.then(undefined, () => {});
  } catch {
    // ignored, as documented
  }
}

/**
 * Whether the code runs in a browser page: both `window` and `document` exist there and in
 * no server runtime (Node, Deno and Bun define neither; Deno 1 had `window`, never
 * `document`). A server script that defines both globals on purpose is treated as a page,
 * which errs on the safe side for the one decision this serves: a service account's secret
 * is refused in a page.
 * @returns {boolean}
 */
export function inBrowser() {
  return typeof window !== 'undefined' && typeof document !== 'undefined';
}

/**
 * Makes `result.body` (which holds the caller's real secrets) readable only explicitly: it
 * becomes a non-enumerable getter, and `JSON.stringify` (`toJSON`) and Node's `util.inspect`
 * (hence `console.log`) show `redactedBody` in its place. Which fields are secret was decided
 * in Rust (src/wasm/requests.rs); this only installs the views.
 * @param {Record<string, unknown>} result a fresh plan or apply result
 * @param {unknown} redactedBody the body with every secret value replaced
 * @returns {Record<string, unknown>} `result`
 */
export function hideBody(result, redactedBody) {
  const body = result.body;
  const shown = () => ({ ...result, body: redactedBody });
  Object.defineProperty(result, 'body', { get: () => body, enumerable: false, configurable: true });
  Object.defineProperty(result, 'toJSON', { value: shown, enumerable: false, configurable: true });
  Object.defineProperty(result, Symbol.for('nodejs.util.inspect.custom'), {
    value: (/** @type {number} */ depth, /** @type {object} */ options, /** @type {(v: unknown, o: object) => string} */ inspect) =>
      (typeof inspect === 'function' ? inspect(shown(), options) : shown()),
    enumerable: false,
    configurable: true,
  });
  return result;
}

/**
 * Calls `fetch` (the caller's `fetch` option, or the global one: `globalFetch`) with the
 * request. A synchronous throw and a value that is not a `Response` (a test's stub, a
 * polyfill's own class) become a rejection, which the client reports as a network failure.
 * @param {(request: Request) => unknown} fetch
 * @param {Request} request
 * @returns {Promise<Response>}
 */
export function callFetch(fetch, request) {
  return new Promise((resolve) => {
    resolve(fetch(request));
  }).then((response) => {
    if (response instanceof Response) return response;
    throw new TypeError('fetch resolved to a value that is not a Response');
  });
}

/**
 * The global `fetch`, as gloo-net calls it to send the client's requests (the package's
 * build points gloo-net's `fetch` import here: scripts/assemble-pkg.mjs), through
 * `callFetch`: gloo-net 0.6 lets a synchronous throw unwind through the wasm module, and
 * panics when fetch resolves to anything but a `Response`, a trap after which the module's
 * pending calls never settle. `globalThis.fetch` is read inside the call, so a getter that
 * throws rejects too.
 * @param {Request} request
 * @returns {Promise<Response>}
 */
export function globalFetch(request) {
  return callFetch((r) => globalThis.fetch(r), request);
}
