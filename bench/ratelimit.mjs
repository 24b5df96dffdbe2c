// 6. Bulk under rate limits (issue 18): 1,000 projects (a GET and a POST each), concurrency
// 8, against the stand-in limited by one token bucket for everything whose refill makes
// the run take about 30 s. Each run on a fresh server: the package as shipped (pacing on),
// the package with `pacing: false`, and a hand-written fetch loop of the same concurrency
// that waits out Retry-After on a 429. The bound: `capacity` requests served at once, the
// rest at the refill rate. Reported: completion / bound and the share of 429 answers.
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { ROOT, round } from './lib.mjs';
import { projectId } from './client.mjs';

const TOKEN = 'bench-token';
const DATADOG = { type: 'DATADOG', apiKey: '0123456789abcdef0123456789abcdef', region: 'EU', sendDatabaseMetrics: true };

/** One run on a fresh stand-in: `work(url, ids)` does the projects; returns the figures. */
async function measure(bucket, projects, work) {
  const { startStandIn } = await import(pathToFileURL(join(ROOT, 'www', 'server', 'standin.mjs')).href);
  const srv = await startStandIn({ token: TOKEN, log: false, rateLimit: { ...bucket, refillDurationSeconds: 1, scope: 'global' } });
  try {
    const ids = Array.from({ length: projects }, () => projectId('e1'));
    const t0 = performance.now();
    const failed = await work(srv.url, ids);
    const elapsedMs = performance.now() - t0;
    const bound = ((2 * projects - bucket.capacity) / bucket.refillRate) * 1000;
    const { requests, rateLimited } = srv.stats;
    return {
      elapsedS: round(elapsedMs / 1000, 2),
      boundS: round(bound / 1000, 2),
      ofBound: round(elapsedMs / bound, 3),
      requests,
      rateLimited,
      pct429: round((100 * rateLimited) / requests, 2),
      failed,
    };
  } finally {
    await srv.close();
  }
}

/**
 * The package: applyToProjects. `clientOptions` are the client's (`pacing`, `retries`): its
 * pacer paces every request, and with `retries: { max: 0 }` a GET's 429 reaches the run's
 * resend instead of the client's retry.
 */
const ours = (api, clientOptions) => async (url, ids) => {
  const client = new api.AtlasClient({ baseUrl: url, token: TOKEN, ...clientOptions });
  const report = await client.applyToProjects(ids, DATADOG, { concurrency: 8 });
  client.free();
  return report.failedIds.length;
};

/** What a script author writes without the package: GET, then POST when absent; a 429 waits out Retry-After. */
const handLoop = (api) => async (url, ids) => {
  const probe = api.buildRequest({ op: 'get', groupId: ids[0], integrationType: 'DATADOG' }, { baseUrl: url });
  const headers = { ...probe.headers, Authorization: `Bearer ${TOKEN}`, 'Content-Type': probe.headers.Accept };
  const base = new URL('api/atlas/v2/groups/', url).href;
  const send = async (method, groupId, body) => {
    for (let attempt = 0; attempt < 50; attempt++) {
      const r = await fetch(`${base}${groupId}/integrations/DATADOG`, { method, headers, body });
      await r.arrayBuffer();
      if (r.status !== 429) return r.status;
      await new Promise((res) => setTimeout(res, 1000 * Number(r.headers.get('retry-after') || 1)));
    }
    return 429;
  };
  let next = 0;
  let failed = 0;
  const worker = async () => {
    while (next < ids.length) {
      const id = ids[next++];
      const got = await send('GET', id);
      const status = got === 404 ? await send('POST', id, JSON.stringify(DATADOG)) : got;
      if (status !== 200) failed += 1;
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return failed;
};

export async function rateLimited({ api, quick = false, log = () => {} }) {
  const projects = quick ? 40 : 1000;
  const bucket = quick ? { capacity: 10, refillRate: 40 } : { capacity: 100, refillRate: 65 };
  const out = { projects, concurrency: 8, bucket: { ...bucket, refillDurationSeconds: 1, scope: 'global' } };
  log('ratelimit: package, pacing on');
  out.paced = await measure(bucket, projects, ours(api, {}));
  log('ratelimit: package, pacing on, client retries off');
  out.pacedNoClientRetries = await measure(bucket, projects, ours(api, { retries: { max: 0 } }));
  log('ratelimit: package, pacing off');
  out.unpaced = await measure(bucket, projects, ours(api, { pacing: false }));
  log('ratelimit: hand-written loop');
  out.hand = await measure(bucket, projects, handLoop(api));
  return out;
}
