// The names of the errors the package throws, and a type guard for each. A module of its own
// so that the Node entry can export them without loading the client's JS (extras.js), which
// it reads only when a client is first made (scripts/assemble-pkg.mjs).

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

const isNamed = (name) => (e) => e instanceof Error && e.name === name;

/** The guards the entries export, by name. */
export const guards = {
  ATLAS_ERROR_NAMES,
  isAtlasError: (e) => e instanceof Error && ATLAS_ERROR_NAMES.includes(e.name),
  isAtlasApiError: isNamed('AtlasApiError'),
  isAtlasValidationError: isNamed('AtlasValidationError'),
  isAtlasNetworkError: isNamed('AtlasNetworkError'),
  isAtlasTimeoutError: isNamed('AtlasTimeoutError'),
  isAtlasAbortError: isNamed('AtlasAbortError'),
  isAtlasResponseError: isNamed('AtlasResponseError'),
  isAtlasConfigError: isNamed('AtlasConfigError'),
  isAtlasAuthError: isNamed('AtlasAuthError'),
};
