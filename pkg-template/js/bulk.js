// The client's bulk helpers: `listAll` (every page of a project's integrations) and
// `applyToProjects` (one change across many projects, paced, with a dry run and a report).
// Glue only: when to ask for another page (src/paging.rs), what a plan sends and how each
// project ended, the report and its progress figures (src/bulk.rs), and how long to wait for
// the rate limit (src/pace.rs) are decided in Rust; this file sends, sleeps and calls back.

import { abortError, wait } from './wait.js';

// One bulk call handles at most this many projects: results and promises for millions of
// ids at once exhaust V8 (seen: a fatal error at 1,000,001); split larger runs.
const MAX_PROJECTS = 100_000;

// How often one request asks the pacer again when no token is due within the wait cap
// (each round waits the cap): past this it is sent, and a 429 counts as a rate-limit wait.
const MAX_SLOT_ROUNDS = 100;

const now = () => performance.now();

/** Calls a caller's callback; what it throws, or a promise it returns that rejects, is ignored. */
function notify(callback, value) {
  if (typeof callback !== 'function') return;
  try {
    const r = callback(value);
    if (r && typeof r.then === 'function') r.then(undefined, () => {});
  } catch { /* ignored, as documented */ }
}

function configError(message) {
  const e = new Error(message);
  e.name = 'AtlasConfigError';
  e.code = 'invalid_option';
  return e;
}

/**
 * Sends one request through the run's pacer: waits for a slot first, tells the pacer how the
 * request ended, and sends again after a 429 (which the server did not process) at most
 * `maxWaits` times. Every wait is reported to `onWait(ms)`.
 */
async function paced(pacer, send, { signal, maxWaits, onWait }) {
  for (let rejected = 0; ; rejected += 1) {
    for (let round = 0; round < MAX_SLOT_ROUNDS; round += 1) {
      const slot = pacer.beforeSend(now());
      if (slot.waitMs > 0) {
        onWait(slot.waitMs);
        await wait(slot.waitMs, signal);
      }
      if (slot.send) break;
    }
    if (signal && signal.aborted) throw abortError(signal);
    try {
      const value = await send();
      pacer.observe(now(), { status: 200 });
      return value;
    } catch (error) {
      const api = error && error.name === 'AtlasApiError';
      pacer.observe(now(), api ? { status: error.status, retryAfterMs: error.retryAfterMs, parameters: error.parameters } : {});
      if (api && error.status === 429 && rejected < maxWaits) continue;
      throw error;
    }
  }
}

/**
 * Installs `listAll` and `applyToProjects` on wasm-bindgen's AtlasClient class, whose
 * internal statics make the Rust handles (`__pageWalk`, `__pacer`, `__bulkRun`).
 * @param {Function} Client
 */
export function installBulk(Client) {
  async function* listAll(groupId, options) {
    const { itemsPerPage = 500, maxPages, signal, timeoutMs } = options ?? {};
    const walk = Client.__pageWalk(String(this.flavour), String(this.baseUrl), typeof groupId === 'string' ? groupId : '', itemsPerPage, maxPages);
    try {
      // The walk caps the pages (maxPages, 100 by default) and throws on a repeated page:
      // `pageNum` becomes 0 after a bounded number of pages.
      for (let pageNum = 1; pageNum > 0;) {
        const page = await this.list(groupId, { pageNum, itemsPerPage, signal, timeoutMs });
        pageNum = walk.after(page);
        yield* page.results;
      }
    } finally {
      walk.free();
    }
  }

  async function applyToProjects(groupIds, desired, options) {
    const {
      concurrency = 4, maxRateLimitWaits = 5, onProgress, onRateLimit, signal, mode = 'apply', dryRun = false, force = false, pacing,
    } = options ?? {};
    if (!Array.isArray(groupIds) || groupIds.length > MAX_PROJECTS) {
      throw configError(`groupIds must be an array of at most ${MAX_PROJECTS} project ids.`);
    }
    const width = Math.max(1, Math.min(64, Math.floor(Number(concurrency)) || 1));
    const maxWaits = Math.max(0, Math.min(100, Math.floor(Number(maxRateLimitWaits)) || 0));
    const pacer = Client.__pacer(pacing);
    const run = Client.__bulkRun(groupIds.length, dryRun === true, force === true, now());
    // Without a signal there are no per-call options at all: the client then reads none.
    const callOptions = signal === undefined || signal === null ? undefined : { signal };
    const results = new Array(groupIds.length);
    let next = 0;
    try {
      const one = async (groupId) => {
        const onWait = (waitMs) => {
          run.waited(waitMs);
          notify(onRateLimit, { groupId, waitMs });
        };
        const send = (request) => paced(pacer, request, { signal, maxWaits, onWait });
        if (mode === 'upsert' && dryRun !== true) {
          await send(() => this.upsert(groupId, desired, callOptions));
          return { groupId, ok: true, outcome: 'upserted', action: 'upserted' };
        }
        const plan = await send(() => this.plan(groupId, desired, callOptions));
        const then = run.afterPlan(plan);
        if (then.send === 'create') await send(() => this.create(groupId, plan.body ?? desired, callOptions));
        if (then.send === 'update') await send(() => this.update(groupId, plan.body ?? desired, callOptions));
        const action = dryRun === true ? plan.action : (then.send ?? 'none');
        return { groupId, ok: true, outcome: then.outcome, action, changes: plan.changes };
      };
      const worker = async () => {
        while (next < groupIds.length) {
          const index = next;
          next += 1;
          const groupId = groupIds[index];
          const result = signal && signal.aborted
            ? { groupId, ok: false, outcome: 'failed', error: abortError(signal) }
            : await one(groupId).catch((error) => ({ groupId, ok: false, outcome: 'failed', error }));
          results[index] = result;
          run.record(index, typeof groupId === 'string' ? groupId : undefined, result.outcome);
          notify(onProgress, { ...run.progress(now()), result });
        }
      };
      await Promise.all(Array.from({ length: Math.min(width, groupIds.length) }, worker));
      return { ...run.report(now()), results };
    } finally {
      pacer.free();
      run.free();
    }
  }

  const proto = Client.prototype;
  Object.defineProperty(proto, 'listAll', { value: listAll, writable: true, configurable: true });
  Object.defineProperty(proto, 'applyToProjects', { value: applyToProjects, writable: true, configurable: true });
}
