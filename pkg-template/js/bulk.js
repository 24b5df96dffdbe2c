// The client's bulk helpers: `listAll` (every page of a project's integrations) and
// `applyToProjects` (one change across many projects, paced, with a dry run and a report).
// Glue only: when to ask for another page (src/paging.rs), what a plan sends and how each
// project ended, the report and its progress figures (src/bulk.rs) are decided in Rust, and
// the client paces every request it sends (src/pace.rs, one pacer per client); this file
// sends and calls back.

import { atlasError } from './errors.js';
import { notify } from './runtime.js';

// One bulk call handles at most this many projects: results and promises for millions of
// ids at once exhaust V8 (seen: a fatal error at 1,000,001); split larger runs.
const MAX_PROJECTS = 100_000;

const now = () => performance.now();

/** The `AtlasAbortError` for a caller's signal that fired before a project was started. */
function abortError(signal) {
  const e = atlasError('AtlasAbortError', 'aborted', 'The operation was aborted by the caller.');
  if (signal && signal.reason !== undefined) e.cause = signal.reason;
  return e;
}

function configError(message) {
  return atlasError('AtlasConfigError', 'invalid_option', message);
}

/**
 * Sends one request, and sends it again after a 429 (which the server did not process) at
 * most `maxWaits` times. The client's pacer, which saw the 429, makes each resend wait.
 */
async function resending(send, maxWaits) {
  for (let rejected = 0; ; rejected += 1) {
    try {
      return await send();
    } catch (error) {
      if (error && error.name === 'AtlasApiError' && error.status === 429 && rejected < maxWaits) continue;
      throw error;
    }
  }
}

/**
 * Installs `listAll` and `applyToProjects` on wasm-bindgen's AtlasClient class, whose
 * internal statics make the Rust handles (`__pageWalk`, `__bulkRun`).
 * @param {Function} Client
 */
export function installBulk(Client) {
  async function* listAll(groupId, options) {
    Client.__checkOptions('listAll', options);
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
    Client.__checkOptions('applyToProjects', options);
    const {
      concurrency = 4, maxRateLimitWaits = 5, onProgress, onRateLimit, signal, timeoutMs, mode = 'apply', dryRun = false, force = false,
    } = options ?? {};
    if (!Array.isArray(groupIds) || groupIds.length > MAX_PROJECTS) {
      throw configError(`groupIds must be an array of at most ${MAX_PROJECTS} project ids.`);
    }
    const width = Math.max(1, Math.min(64, Math.floor(Number(concurrency)) || 1));
    const maxWaits = Math.max(0, Math.min(100, Math.floor(Number(maxRateLimitWaits)) || 0));
    const run = Client.__bulkRun(groupIds.length, dryRun === true, force === true, now());
    const results = new Array(groupIds.length);
    let next = 0;
    try {
      const one = async (groupId) => {
        // Every request of the project tells the run of each wait for the rate limit.
        const callOptions = {
          signal: signal ?? undefined,
          timeoutMs,
          onRateLimit: ({ waitMs }) => {
            run.waited(waitMs);
            notify(onRateLimit, { groupId, waitMs });
          },
        };
        const send = (request) => resending(request, maxWaits);
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
      run.free();
    }
  }

  const proto = Client.prototype;
  Object.defineProperty(proto, 'listAll', { value: listAll, writable: true, configurable: true });
  Object.defineProperty(proto, 'applyToProjects', { value: applyToProjects, writable: true, configurable: true });
}
