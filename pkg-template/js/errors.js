// The error classes of the package, their names, and a type guard for each. A module of its
// own so that the Node entry can export them without loading the client's JS (extras.js),
// and so that Rust can construct them (src/wasm/errors.rs imports `atlasError` from it).
//
// The package holds several copies of this file (web/errors.js, node/errors.cjs, the forms
// bundle forms.cjs), and one copy per module graph
// would give each its own `AtlasApiError`, so `instanceof` would fail across entries. The
// classes are therefore made once per realm and kept under a registered symbol on the global
// object: every copy, of this version of the package, uses the first one made.

const REGISTRY = Symbol.for('atlas-integrations.errors/1');

/** The `name` of every error the package throws. */
export const ATLAS_ERROR_NAMES = Object.freeze([
  'AtlasValidationError',
  'AtlasApiError',
  'AtlasNetworkError',
  'AtlasTimeoutError',
  'AtlasAbortError',
  'AtlasResponseError',
  'AtlasConfigError',
  'AtlasAuthError',
]);

/** The classes, by name: `AtlasError` and one subclass per name. */
function makeClasses() {
  /** The base of every error the package throws. */
  class AtlasError extends Error {}
  /** @type {Record<string, typeof AtlasError>} */
  const classes = { AtlasError };
  for (const name of ['AtlasError', ...ATLAS_ERROR_NAMES]) {
    // `class extends` gives each subclass its own name (`err.constructor.name`, stacks).
    const C = name === 'AtlasError' ? AtlasError : { [name]: class extends AtlasError {} }[name];
    // `name` on the prototype, as for the built-in errors: not an own property of each error.
    Object.defineProperty(C.prototype, 'name', { value: name, writable: true, configurable: true });
    classes[name] = C;
  }
  return Object.freeze(classes);
}

/** @type {Readonly<Record<string, ErrorConstructor>>} */
const classes = (() => {
  const g = /** @type {any} */ (globalThis);
  const existing = g[REGISTRY];
  if (existing && typeof existing === 'object' && typeof existing.AtlasError === 'function') return existing;
  const made = makeClasses();
  Object.defineProperty(g, REGISTRY, { value: made, configurable: false, enumerable: false, writable: false });
  return made;
})();

export const AtlasError = classes.AtlasError;
export const AtlasValidationError = classes.AtlasValidationError;
export const AtlasApiError = classes.AtlasApiError;
export const AtlasNetworkError = classes.AtlasNetworkError;
export const AtlasTimeoutError = classes.AtlasTimeoutError;
export const AtlasAbortError = classes.AtlasAbortError;
export const AtlasResponseError = classes.AtlasResponseError;
export const AtlasConfigError = classes.AtlasConfigError;
export const AtlasAuthError = classes.AtlasAuthError;

/**
 * A new error of the class `name` (a plain `Error` named `name` for an unknown one), with
 * `code`. Called by Rust and by the glue; every other property is set by the caller.
 * @param {string} name
 * @param {string} code
 * @param {string} message
 * @returns {Error}
 */
export function atlasError(name, code, message) {
  const C = Object.hasOwn(classes, name) ? classes[name] : Error;
  const e = new C(message);
  if (C === Error) e.name = name;
  /** @type {any} */ (e).code = code;
  return e;
}

/**
 * A guard for the errors named `name` (by name, so that it works across bundles and realms).
 * @param {string} name
 * @returns {(e: unknown) => boolean}
 */
const isNamed = (name) => (e) => e instanceof Error && e.name === name;

/** The guards and classes the entries export, by name. */
export const guards = {
  ATLAS_ERROR_NAMES,
  AtlasError, AtlasValidationError, AtlasApiError, AtlasNetworkError, AtlasTimeoutError,
  AtlasAbortError, AtlasResponseError, AtlasConfigError, AtlasAuthError,
  isAtlasError: /** @param {unknown} e */ (e) => e instanceof Error && ATLAS_ERROR_NAMES.includes(e.name),
  isAtlasApiError: isNamed('AtlasApiError'),
  isAtlasValidationError: isNamed('AtlasValidationError'),
  isAtlasNetworkError: isNamed('AtlasNetworkError'),
  isAtlasTimeoutError: isNamed('AtlasTimeoutError'),
  isAtlasAbortError: isNamed('AtlasAbortError'),
  isAtlasResponseError: isNamed('AtlasResponseError'),
  isAtlasConfigError: isNamed('AtlasConfigError'),
  isAtlasAuthError: isNamed('AtlasAuthError'),
};
