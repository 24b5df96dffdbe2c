// The few additions that Rust cannot express through wasm-bindgen: the client's bulk helpers
// (./bulk.js: an async iterator over every page, one change across many projects), the
// client's guards, and, for the browser entries, the error type guards (./errors.js).
// Everything else (request building, retries, auth) lives in the Rust core.

import { installBulk } from './bulk.js';
import { atlasError, guards } from './errors.js';
import { enterWithOrigin } from './runtime.js';

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
  return atlasError(
    'AtlasConfigError',
    freed ? 'client_freed' : 'invalid_client',
    freed
      ? 'This AtlasClient was freed (free(), or the end of its `using` block); create a new one.'
      : 'AtlasClient methods must be called on an AtlasClient made with `new AtlasClient(...)`.',
  );
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
      const isAsync = ASYNC_METHODS.has(key);
      const wrapped = {
        [method.name || String(key)](...args) {
          const ptr = pointerOf(this, Client);
          if (typeof ptr === 'number' && ptr !== 0) return isAsync ? enterWithOrigin(method, this, args) : method.apply(this, args);
          if (isFree && ptr === 0) return undefined;
          const e = clientMisuse(ptr === 0);
          if (isAsync) return Promise.reject(e);
          throw e;
        },
      }[method.name || String(key)];
      Object.defineProperty(proto, key, { ...d, value: wrapped });
    }
  }
}

/**
 * What `console.log(client)` (Node's `util.inspect`) and `JSON.stringify(client)` show
 * instead of wasm-bindgen's `{ __wbg_ptr }`: the flavour, base URL and kind of credential,
 * never a credential. A freed client says so.
 */
function describeClient(Client) {
  const proto = Client.prototype;
  const view = (self) => {
    const ptr = pointerOf(self, Client);
    if (typeof ptr !== 'number' || ptr === 0) return { freed: true };
    return { flavour: self.flavour, baseUrl: self.baseUrl, authKind: self.authKind };
  };
  Object.defineProperty(proto, 'toJSON', { value() { return view(this); }, writable: true, configurable: true });
  Object.defineProperty(proto, Symbol.for('nodejs.util.inspect.custom'), {
    value(depth, options, inspect) {
      const shown = view(this);
      return typeof inspect === 'function' ? `AtlasClient ${inspect(shown, options)}` : shown;
    },
    writable: true,
    configurable: true,
  });
}

/**
 * Adds the JS-only pieces to the AtlasClient class of the wasm build (once per class).
 * @param {Function} Client wasm-bindgen's AtlasClient
 */
export function extendClient(Client) {
  const proto = Client && Client.prototype;
  if (proto && !proto.listAll) {
    guardClient(Client);
    installBulk(Client);
    describeClient(Client);
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
