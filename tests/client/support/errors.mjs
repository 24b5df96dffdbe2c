// Shared assertions for the client suites: every rejection is a real Error with the
// documented name and code, and the package's isAtlas*Error guards agree with its name.
import assert from 'node:assert/strict';
import * as pkg from 'atlas-integrations';

export const GUARDS = {
  AtlasValidationError: 'isAtlasValidationError',
  AtlasApiError: 'isAtlasApiError',
  AtlasNetworkError: 'isAtlasNetworkError',
  AtlasTimeoutError: 'isAtlasTimeoutError',
  AtlasAbortError: 'isAtlasAbortError',
  AtlasResponseError: 'isAtlasResponseError',
  AtlasConfigError: 'isAtlasConfigError',
  AtlasAuthError: 'isAtlasAuthError',
};

/** Asserts `err` is an `Error` named `name` with `code` (a string or a RegExp), and that exactly the matching guard says yes. */
export function assertAtlasError(err, name, code, label = '') {
  const where = label ? ` (${label})` : '';
  assert.ok(err instanceof Error, `thrown value is an Error${where}: ${Object.prototype.toString.call(err)} ${String(err)}`);
  assert.equal(err.name, name, `error name${where}: ${err && err.message}`);
  if (code instanceof RegExp) assert.match(String(err.code), code, `error code${where}`);
  else if (code !== undefined) assert.equal(err.code, code, `error code${where}`);
  assert.equal(typeof err.message, 'string');
  assert.ok(err.message.length > 0, `non-empty message${where}`);
  assert.equal(pkg.isAtlasError(err), true, `isAtlasError${where}`);
  for (const [n, guard] of Object.entries(GUARDS)) {
    assert.equal(typeof pkg[guard], 'function', `${guard} is exported`);
    assert.equal(pkg[guard](err), n === name, `${guard}(${name})${where}`);
  }
  return err;
}

/** Awaits a promise that must reject with an Atlas error; returns the error. */
export async function rejectsWith(promise, name, code, label) {
  let settled = false;
  let value;
  try {
    value = await promise;
    settled = true;
  } catch (err) {
    return assertAtlasError(err, name, code, label);
  }
  assert.fail(`expected ${name}${code ? `/${code}` : ''}${label ? ` (${label})` : ''}, but it resolved${settled ? ` to ${JSON.stringify(value)}` : ''}`);
}

/** Runs `fn` (sync) and returns the Atlas error it throws. */
export function throwsWith(fn, name, code, label) {
  try {
    const v = fn();
    assert.fail(`expected ${name} to be thrown${label ? ` (${label})` : ''}, got ${JSON.stringify(v)}`);
  } catch (err) {
    if (err instanceof assert.AssertionError) throw err;
    return assertAtlasError(err, name, code, label);
  }
}

/** Counts unhandled rejections in this process (node:test runs each file in its own process). */
export function trackUnhandledRejections() {
  const seen = [];
  const onRejection = (reason) => seen.push(reason);
  process.on('unhandledRejection', onRejection);
  return {
    seen,
    stop() {
      process.off('unhandledRejection', onRejection);
    },
  };
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
