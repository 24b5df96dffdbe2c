// The client's bulk helpers: `listAll` (every page of a project's integrations) and
// `applyToProjects` (one change across many projects, paced, with a dry run and a report).
// Glue only: the options and project ids are read and checked (src/wasm/client/bulk_args.rs),
// when to ask for another page (src/paging.rs), what a plan sends and how each project ended,
// the report and its progress figures (src/bulk.rs) are decided in Rust, and the client paces
// every request it sends (src/pace.rs, one pacer per client); this file sends and calls back.

import { atlasError } from './errors.js';
import { notify } from './runtime.js';

const now = () => performance.now();

/** The `AtlasAbortError` for a caller's signal that fired before a project was started. */
function abortError(signal) {
  const e = atlasError('AtlasAbortError', 'aborted', 'The operation was aborted by the caller.');
  if (signal && signal.reason !== undefined) e.cause = signal.reason;
  return e;
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
    // Checks the options (an AtlasConfigError for a bad one) before any page is asked for.
    const walk = Client.__pageWalk(String(this.flavour), String(this.baseUrl), typeof groupId === 'string' ? groupId : '', options);
    try {
      const { signal, timeoutMs } = options ?? {};
      const { itemsPerPage } = walk;
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
    // Checks the ids and every option (an AtlasConfigError for a bad one) before any request.
    const run = Client.__bulkRun(groupIds, options, now());
    try {
      const { onProgress, onRateLimit, signal, timeoutMs } = options ?? {};
      const { concurrency, maxRateLimitWaits, dryRun, upserts } = run;
      const results = new Array(groupIds.length);
      let next = 0;
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
        const send = (request) => resending(request, maxRateLimitWaits);
        if (upserts) {
          await send(() => this.upsert(groupId, desired, callOptions));
          return { groupId, ok: true, outcome: 'upserted', action: 'upserted' };
        }
        const plan = await send(() => this.plan(groupId, desired, callOptions));
        const then = run.afterPlan(plan);
        if (then.send === 'create') await send(() => this.create(groupId, plan.body ?? desired, callOptions));
        if (then.send === 'update') await send(() => this.update(groupId, plan.body ?? desired, callOptions));
        const action = dryRun ? plan.action : (then.send ?? 'none');
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
      await Promise.all(Array.from({ length: Math.min(concurrency, groupIds.length) }, worker));
      return { ...run.report(now()), results };
    } finally {
      run.free();
    }
  }

  const proto = Client.prototype;
  Object.defineProperty(proto, 'listAll', { value: listAll, writable: true, configurable: true });
  Object.defineProperty(proto, 'applyToProjects', { value: applyToProjects, writable: true, configurable: true });
}
