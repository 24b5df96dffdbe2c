// Waiting in JS, for the glue that must wait (the bulk helpers, the fast path's retries):
// Rust decides how long, this only sleeps.

// setTimeout fires at once (after 1 ms) for a delay over 2^31-1 ms: every wait is below it.
const MAX_TIMER_MS = 2 ** 31 - 1;

/** The `AtlasAbortError` for a caller's signal that fired before a request was made. */
export function abortError(signal) {
  const e = new Error('The operation was aborted by the caller.');
  e.name = 'AtlasAbortError';
  e.code = 'aborted';
  if (signal && signal.reason !== undefined) e.cause = signal.reason;
  return e;
}

/** Resolves after `ms` (at most 2^31-1), or as soon as `signal` aborts. */
export function wait(ms, signal) {
  return new Promise((resolve) => {
    if (signal && signal.aborted) return resolve();
    const done = () => { clearTimeout(t); resolve(); };
    const delay = Math.min(Math.max(0, Number(ms) || 0), MAX_TIMER_MS);
    const t = setTimeout(() => { if (signal) signal.removeEventListener('abort', done); resolve(); }, delay);
    if (signal) signal.addEventListener('abort', done, { once: true });
  });
}
