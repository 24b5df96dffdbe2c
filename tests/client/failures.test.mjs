// AtlasClient against the scripted fault server (tests/support/fault-server.mjs): retries
// (which methods, which statuses, Retry-After, backoff, exact attempt counts), timeouts,
// aborts, resets, broken bodies and proxy pages. Each error must be a real Error with the
// documented name and code, the isAtlas*Error guards must agree, and nothing may reject
// unhandled. Delays are kept small (baseDelayMs 10) so the suite runs in seconds.
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { AtlasClient } from 'atlas-integrations';
import { faultServers } from '../support/fault-server.mjs';
import { assertAtlasError, rejectsWith, trackUnhandledRejections, sleep } from './support/errors.mjs';
import { GROUP, PAGE, fullBodies } from './support/bodies.mjs';

const unhandled = trackUnhandledRejections();
const servers = faultServers();
const server = servers.start;
const TOKEN = 'failures-suite-token';
const LIST_PATH = `/api/atlas/v2/groups/${GROUP}/integrations`;
const RATE_LIMITED = { error: 429, errorCode: 'RATE_LIMITED', detail: 'Too many requests.', reason: 'Too Many Requests', parameters: [] };
const UNAVAILABLE = { error: 503, errorCode: 'SERVICE_UNAVAILABLE', detail: 'Try again later.', reason: 'Service Unavailable', parameters: [] };
const UNEXPECTED = { error: 500, errorCode: 'UNEXPECTED_ERROR', detail: 'Unexpected error.', reason: 'Internal Server Error', parameters: [] };
const BODIES = fullBodies();

function client(srv, extra = {}) {
  return new AtlasClient({ baseUrl: srv.url, token: TOKEN, timeoutMs: 5000, retries: { baseDelayMs: 10, maxDelayMs: 5000 }, ...extra });
}

/** Waits a little and returns the request count, so that a late extra attempt would show. */
async function settledCount(srv, ms = 150) {
  await sleep(ms);
  return srv.requests.length;
}

const gaps = (srv) => srv.requests.slice(1).map((r, i) => r.time - srv.requests[i].time);

after(async () => {
  await servers.closeAll();
  // Give late rejections (a promise nobody awaited) a chance to surface.
  await sleep(50);
  unhandled.stop();
});

describe('retries on 429 and 503 (idempotent methods)', () => {
  test('429 with Retry-After: GET waits that long, then succeeds on the second attempt', async () => {
    const srv = await server([{ status: 429, headers: { 'Retry-After': '1' }, json: RATE_LIMITED }, { json: PAGE }]);
    const started = Date.now();
    const page = await client(srv).list(GROUP);
    assert.deepEqual(page, PAGE);
    assert.equal(await settledCount(srv), 2);
    const [gap] = gaps(srv);
    // Retry-After: 1 means one second; backoff alone would be ~10 ms.
    assert.ok(gap >= 950, `second attempt came ${gap} ms after the first, Retry-After asked for 1000`);
    assert.ok(Date.now() - started < 4000);
    for (const r of srv.requests) {
      assert.equal(r.method, 'GET');
      assert.equal(r.url.split('?')[0], LIST_PATH);
      assert.equal(r.headers.authorization, `Bearer ${TOKEN}`, 'every attempt is authorised');
    }
  });

  test('429 with Retry-After: 0 is retried at once; the retry limit still applies', async () => {
    const srv = await server([{ status: 429, headers: { 'Retry-After': '0' }, json: RATE_LIMITED }], { repeatLast: true });
    const err = await rejectsWith(client(srv, { retries: { max: 3, baseDelayMs: 10, maxDelayMs: 5000 } }).get(GROUP, 'SLACK'), 'AtlasApiError', 'api_error');
    assert.equal(err.status, 429);
    assert.equal(err.errorCode, 'RATE_LIMITED');
    assert.equal(err.retryAfterMs, 0);
    assert.equal(await settledCount(srv), 4, 'max 3 retries = 4 attempts');
  });

  test('429 without Retry-After: jittered exponential backoff between attempts', async () => {
    const srv = await server([{ status: 429, json: RATE_LIMITED }, { status: 429, json: RATE_LIMITED }, { json: PAGE }]);
    const page = await client(srv, { retries: { max: 2, baseDelayMs: 200, maxDelayMs: 5000 } }).list(GROUP);
    assert.deepEqual(page, PAGE);
    assert.equal(await settledCount(srv), 3);
    const [first, second] = gaps(srv);
    // Step n waits base*2^n scaled into [0.5, 1]: [100, 200] then [200, 400] ms.
    assert.ok(first >= 95, `first backoff ${first} ms >= ~100`);
    assert.ok(second >= 195, `second backoff ${second} ms >= ~200`);
    assert.ok(first < 2000 && second < 2000, `backoffs stay bounded (${first}, ${second})`);
  });

  test('429 with a Retry-After above maxDelayMs: no wait, AtlasApiError with retryAfterMs', async () => {
    const srv = await server([{ status: 429, headers: { 'Retry-After': '120' }, json: RATE_LIMITED }, { json: PAGE }]);
    const started = Date.now();
    const err = await rejectsWith(client(srv).list(GROUP), 'AtlasApiError', 'api_error');
    assert.ok(Date.now() - started < 1000, 'gave up at once instead of waiting two minutes');
    assert.equal(err.status, 429);
    assert.equal(err.errorCode, 'RATE_LIMITED');
    assert.equal(err.retryAfterMs, 120000);
    assert.equal(err.method, 'GET');
    assert.equal(new URL(err.url).pathname, LIST_PATH);
    assert.equal(await settledCount(srv), 1);
  });

  test('Retry-After as an HTTP date in the past is honoured as "now"', async () => {
    const srv = await server([{ status: 503, headers: { 'Retry-After': 'Sun, 06 Nov 1994 08:49:37 GMT' }, json: UNAVAILABLE }, { json: PAGE }]);
    assert.deepEqual(await client(srv).list(GROUP), PAGE);
    assert.equal(await settledCount(srv), 2);
  });

  test('500 is not retried: AtlasApiError with the body fields', async () => {
    const srv = await server([{ status: 500, json: UNEXPECTED }, { json: PAGE }]);
    const err = await rejectsWith(client(srv).get(GROUP, 'DATADOG'), 'AtlasApiError', 'api_error');
    assert.equal(err.status, 500);
    assert.equal(err.errorCode, 'UNEXPECTED_ERROR');
    assert.equal(err.detail, 'Unexpected error.');
    assert.equal(err.reason, 'Internal Server Error');
    assert.deepEqual(err.parameters, []);
    assert.equal(err.badRequestDetail, null);
    assert.equal(err.method, 'GET');
    assert.equal(new URL(err.url).pathname, `${LIST_PATH}/DATADOG`);
    assert.equal(err.retryAfterMs, undefined);
    assert.equal(await settledCount(srv), 1);
  });

  test('400 with badRequestDetail is not retried and keeps the field list', async () => {
    const fields = [{ field: 'serviceKey', description: 'must be 32 hex digits' }];
    const srv = await server([{ status: 400, json: { error: 400, errorCode: 'INVALID_PAGER_DUTY_SERVICE_KEY', detail: 'Bad key.', reason: 'Bad Request', parameters: ['PAGER_DUTY'], badRequestDetail: { fields } } }]);
    const err = await rejectsWith(client(srv).update(GROUP, BODIES.PAGER_DUTY), 'AtlasApiError', 'api_error');
    assert.equal(err.status, 400);
    assert.equal(err.errorCode, 'INVALID_PAGER_DUTY_SERVICE_KEY');
    assert.deepEqual(err.parameters, ['PAGER_DUTY']);
    assert.deepEqual(err.badRequestDetail, { fields });
    assert.equal(err.method, 'PUT');
    assert.equal(await settledCount(srv), 1);
  });

  test('503 then 200: success after exactly 2 attempts', async () => {
    const srv = await server([{ status: 503, json: UNAVAILABLE }, { json: PAGE }]);
    assert.deepEqual(await client(srv).list(GROUP, { pageNum: 2, itemsPerPage: 5 }), PAGE);
    assert.equal(await settledCount(srv), 2);
    assert.equal(srv.requests[0].url, srv.requests[1].url, 'the retry asks for the same page');
    assert.match(srv.requests[1].url, /pageNum=2/);
  });

  test('retries exhausted: exactly max + 1 attempts, then the last AtlasApiError', async () => {
    for (const max of [0, 1, 2, 4]) {
      const srv = await server([{ status: 503, json: UNAVAILABLE }], { repeatLast: true });
      const err = await rejectsWith(client(srv, { retries: { max, baseDelayMs: 5, maxDelayMs: 50 } }).list(GROUP), 'AtlasApiError', 'api_error', `max ${max}`);
      assert.equal(err.status, 503);
      assert.equal(err.errorCode, 'SERVICE_UNAVAILABLE');
      assert.equal(await settledCount(srv), max + 1, `retries.max = ${max}`);
    }
  });

  test('the default policy makes 3 attempts (max 2)', async () => {
    const srv = await server([{ status: 503, json: UNAVAILABLE }], { repeatLast: true });
    // Default base delay is 500 ms: waits of [250, 500] and [500, 1000] ms.
    const c = new AtlasClient({ baseUrl: srv.url, token: TOKEN, timeoutMs: 5000 });
    await rejectsWith(c.list(GROUP), 'AtlasApiError', 'api_error');
    assert.equal(await settledCount(srv), 3);
    const [first, second] = gaps(srv);
    assert.ok(first >= 240 && second >= 490, `default backoff ${first}, ${second} ms`);
  });

  test('PUT and DELETE are retried too, resending the same body', async () => {
    const put = await server([{ status: 503, json: UNAVAILABLE }, { status: 429, json: RATE_LIMITED }, { json: PAGE }]);
    assert.deepEqual(await client(put).update(GROUP, BODIES.WEBHOOK), PAGE);
    assert.equal(await settledCount(put), 3);
    const bodies = put.requests.map((r) => r.body);
    assert.deepEqual(JSON.parse(bodies[0]), BODIES.WEBHOOK);
    assert.ok(bodies.every((b) => b === bodies[0]), 'identical body on every attempt');
    assert.ok(put.requests.every((r) => r.method === 'PUT'));

    const del = await server([{ status: 503, json: UNAVAILABLE }, { status: 204 }]);
    assert.equal(await client(del).delete(GROUP, 'WEBHOOK'), undefined);
    assert.equal(await settledCount(del), 2);
    assert.ok(del.requests.every((r) => r.method === 'DELETE'));
  });
});

describe('POST is attempted exactly once', () => {
  for (const [label, entry, name] of [
    ['429 with Retry-After: 0', { status: 429, headers: { 'Retry-After': '0' }, json: RATE_LIMITED }, 'AtlasApiError'],
    ['429 without Retry-After', { status: 429, json: RATE_LIMITED }, 'AtlasApiError'],
    ['503', { status: 503, json: UNAVAILABLE }, 'AtlasApiError'],
    ['a connection reset', { fault: 'reset' }, 'AtlasNetworkError'],
  ]) {
    test(`create after ${label}`, async () => {
      const srv = await server([entry, { json: PAGE }], { repeatLast: true });
      const err = await rejectsWith(client(srv, { retries: { max: 5, baseDelayMs: 1, maxDelayMs: 50 } }).create(GROUP, BODIES.OPS_GENIE), name);
      if (name === 'AtlasApiError') assert.equal(err.status, entry.status);
      assert.equal(err.method, 'POST');
      assert.equal(await settledCount(srv, 200), 1, 'no second POST');
      assert.equal(srv.requests[0].method, 'POST');
      assert.deepEqual(JSON.parse(srv.requests[0].body), BODIES.OPS_GENIE);
    });
  }

  test('upsert does not retry its POST either (429 ends it)', async () => {
    const srv = await server([{ status: 429, headers: { 'Retry-After': '0' }, json: RATE_LIMITED }, { json: PAGE }]);
    const err = await rejectsWith(client(srv).upsert(GROUP, BODIES.SLACK), 'AtlasApiError', 'api_error');
    assert.equal(err.status, 429);
    assert.equal(await settledCount(srv), 1);
  });
});

describe('timeouts', () => {
  test('a slow response hits the client timeout: AtlasTimeoutError, not retried', async () => {
    const srv = await server([{ delay: 3000, json: PAGE }], { repeatLast: true });
    const started = Date.now();
    const err = await rejectsWith(client(srv, { timeoutMs: 200 }).list(GROUP), 'AtlasTimeoutError', 'timeout');
    const took = Date.now() - started;
    assert.ok(took >= 150 && took < 1500, `timed out after ${took} ms (timeout 200)`);
    assert.equal(err.timeoutMs, 200);
    assert.equal(err.method, 'GET');
    assert.equal(new URL(err.url).pathname, LIST_PATH);
    assert.equal(await settledCount(srv, 200), 1, 'timeouts are not retried');
  });

  test('per-call timeoutMs overrides the client timeout (shorter)', async () => {
    const srv = await server([{ delay: 3000, json: PAGE }], { repeatLast: true });
    const started = Date.now();
    const err = await rejectsWith(client(srv, { timeoutMs: 10000 }).get(GROUP, 'SLACK', { timeoutMs: 150 }), 'AtlasTimeoutError', 'timeout');
    assert.ok(Date.now() - started < 1500);
    assert.equal(err.timeoutMs, 150);
  });

  test('per-call timeoutMs overrides the client timeout (longer, and 0 = none)', async () => {
    const srv = await server([{ delay: 400, json: PAGE }], { repeatLast: true });
    const c = client(srv, { timeoutMs: 100 });
    assert.deepEqual(await c.list(GROUP, { timeoutMs: 3000 }), PAGE);
    assert.deepEqual(await c.list(GROUP, { timeoutMs: 0 }), PAGE);
    await rejectsWith(c.list(GROUP), 'AtlasTimeoutError', 'timeout', 'client default still applies');
  });

  test('a POST that times out is not sent again', async () => {
    const srv = await server([{ delay: 2000, json: PAGE }], { repeatLast: true });
    const err = await rejectsWith(client(srv).create(GROUP, BODIES.DATADOG, { timeoutMs: 100 }), 'AtlasTimeoutError', 'timeout');
    assert.equal(err.method, 'POST');
    assert.equal(await settledCount(srv, 200), 1);
  });
});

describe('aborts', () => {
  test('a signal aborted before the call: AtlasAbortError and nothing is sent', async () => {
    const srv = await server([{ json: PAGE }], { repeatLast: true });
    const ac = new AbortController();
    ac.abort(new Error('user left the page'));
    await rejectsWith(client(srv).list(GROUP, { signal: ac.signal }), 'AtlasAbortError', 'aborted');
    await rejectsWith(client(srv).create(GROUP, BODIES.SLACK, { signal: ac.signal }), 'AtlasAbortError', 'aborted');
    assert.equal(await settledCount(srv), 0);
  });

  test('aborted during a request: prompt AtlasAbortError, no retry', async () => {
    const srv = await server([{ delay: 5000, json: PAGE }], { repeatLast: true });
    const ac = new AbortController();
    const started = Date.now();
    const pending = client(srv).list(GROUP, { signal: ac.signal });
    while (srv.requests.length === 0 && Date.now() - started < 2000) await sleep(5);
    ac.abort();
    await rejectsWith(pending, 'AtlasAbortError', 'aborted');
    assert.ok(Date.now() - started < 1000, 'aborted within 1 s');
    assert.equal(await settledCount(srv), 1);
  });

  test('aborted while waiting out a Retry-After: prompt AtlasAbortError, no second attempt', async () => {
    const srv = await server([{ status: 429, headers: { 'Retry-After': '4' }, json: RATE_LIMITED }, { json: PAGE }]);
    const ac = new AbortController();
    const started = Date.now();
    const pending = client(srv, { retries: { maxDelayMs: 10000 } }).get(GROUP, 'SLACK', { signal: ac.signal });
    while (srv.requests.length === 0 && Date.now() - started < 2000) await sleep(5);
    await sleep(50); // the 429 has arrived and the client is sleeping
    ac.abort();
    await rejectsWith(pending, 'AtlasAbortError', 'aborted');
    assert.ok(Date.now() - started < 1000, `aborted within 1 s (took ${Date.now() - started} ms)`);
    assert.equal(await settledCount(srv), 1);
  });

  test('aborted during a backoff wait: prompt AtlasAbortError', async () => {
    const srv = await server([{ status: 503, json: UNAVAILABLE }, { json: PAGE }]);
    const ac = new AbortController();
    const started = Date.now();
    const pending = client(srv, { retries: { baseDelayMs: 4000, maxDelayMs: 10000 } }).delete(GROUP, 'SLACK', { signal: ac.signal });
    while (srv.requests.length === 0 && Date.now() - started < 2000) await sleep(5);
    await sleep(50);
    ac.abort();
    await rejectsWith(pending, 'AtlasAbortError', 'aborted');
    assert.ok(Date.now() - started < 1000);
    assert.equal(await settledCount(srv), 1);
  });

  test('a timeout and an abort are told apart when both are armed', async () => {
    const srv = await server([{ delay: 3000, json: PAGE }], { repeatLast: true });
    const ac = new AbortController();
    const c = client(srv, { timeoutMs: 200 });
    // The signal never fires: the timeout must still be reported as a timeout.
    await rejectsWith(c.list(GROUP, { signal: ac.signal }), 'AtlasTimeoutError', 'timeout');
    const ac2 = new AbortController();
    setTimeout(() => ac2.abort(), 30);
    await rejectsWith(c.list(GROUP, { signal: ac2.signal, timeoutMs: 2000 }), 'AtlasAbortError', 'aborted');
  });
});

describe('signals are released', () => {
  // With a timeout the client follows the caller's signal through its own listener (without
  // one, the signal goes to fetch as is, and the runtime keeps its own listener until GC).
  test('with a timeout, the caller\'s signal keeps no abort listener after a call', async () => {
    const { getEventListeners } = await import('node:events');
    const srv = await server([{ json: PAGE }], { repeatLast: true });
    const ac = new AbortController();
    await client(srv).list(GROUP, { signal: ac.signal });
    await client(srv).get(GROUP, 'SLACK', { signal: ac.signal, timeoutMs: 1000 }).catch(() => {});
    await rejectsWith(client(srv).get('zz', 'SLACK', { signal: ac.signal }), 'AtlasValidationError', 'validation_failed');
    assert.equal(getEventListeners(ac.signal, 'abort').length, 0);
  });
});

describe('header safety', () => {
  test('a service-account token with a line break is never sent as a header: the exchange fails by name, no request', async () => {
    const srv = await server((req) => (req.url.startsWith('/api/oauth/token')
      ? { json: { access_token: 'abc\nX-Injected\nyes', token_type: 'Bearer', expires_in: 3600 } }
      : { json: PAGE }));
    const c = client(srv, { token: undefined, serviceAccount: { clientId: 'mdb_sa_id_0123456789abcdef01234567', clientSecret: 'mdb_sa_sk_secret-for-the-header-test' }, retries: { max: 0 } });
    const err = await rejectsWith(c.list(GROUP), 'AtlasAuthError', 'token_exchange_failed');
    assert.match(err.message, /not printable ASCII without spaces/);
    assert.deepEqual(srv.requests.map((r) => r.url.split('?')[0]), ['/api/oauth/token']);
  });
});

describe('connection resets', () => {
  test('GET: AtlasNetworkError after max + 1 attempts', async () => {
    const srv = await server([{ fault: 'reset' }], { repeatLast: true });
    const err = await rejectsWith(client(srv).list(GROUP), 'AtlasNetworkError', 'network_error');
    assert.equal(err.method, 'GET');
    assert.equal(new URL(err.url).pathname, LIST_PATH);
    assert.equal(await settledCount(srv), 3);
  });

  test('GET: a reset then a 200 succeeds', async () => {
    const srv = await server([{ fault: 'reset' }, { json: PAGE }]);
    assert.deepEqual(await client(srv).list(GROUP), PAGE);
    assert.equal(await settledCount(srv), 2);
  });

  test('nothing listening: AtlasNetworkError', async () => {
    const srv = await server([]);
    const url = srv.url;
    await srv.close();
    const c = new AtlasClient({ baseUrl: url, token: TOKEN, timeoutMs: 2000, retries: { max: 1, baseDelayMs: 5 } });
    await rejectsWith(c.get(GROUP, 'SLACK'), 'AtlasNetworkError', 'network_error');
  });
});

describe('bodies that are not the expected JSON', () => {
  test('a complete 200 whose JSON is cut short: AtlasResponseError unexpected_response', async () => {
    const text = JSON.stringify(PAGE);
    const srv = await server([{ body: text.slice(0, Math.floor(text.length / 2)), headers: { 'Content-Type': 'application/json' } }]);
    const err = await rejectsWith(client(srv).list(GROUP), 'AtlasResponseError', 'unexpected_response');
    assert.equal(err.status, 200);
    assert.equal(typeof err.bodySnippet, 'string');
    assert.ok(err.bodySnippet.length <= 201);
    assert.equal(err.method, 'GET');
    assert.equal(await settledCount(srv), 1, 'a 200 is an answer: not retried');
  });

  // BUG (reported): the status line and headers arrived, then the body was cut short. The
  // declarations document AtlasResponseError for "a truncated body" and AtlasNetworkError for
  // "no response"; the client reports AtlasNetworkError "got no response", without status.
  test('a 200 whose body is cut off by the connection (fault: truncate): AtlasResponseError unexpected_response', async () => {
    const srv = await server([{ fault: 'truncate', json: PAGE }], { repeatLast: true });
    const err = await rejectsWith(client(srv, { retries: { max: 0 } }).list(GROUP), 'AtlasResponseError', 'unexpected_response');
    assert.equal(err.status, 200);
    assert.equal(await settledCount(srv), 1);
  });

  test('a POST whose 200 body is cut off is not sent again and rejects with an Atlas error', async () => {
    const srv = await server([{ fault: 'truncate', json: PAGE }], { repeatLast: true });
    const err = await client(srv).create(GROUP, BODIES.VICTOR_OPS).then(
      (v) => assert.fail(`resolved ${JSON.stringify(v)}`),
      (e) => e,
    );
    assert.ok(['AtlasResponseError', 'AtlasNetworkError'].includes(err.name), `${err.name}: ${err.message}`);
    assertAtlasError(err, err.name, err.name === 'AtlasResponseError' ? 'unexpected_response' : 'network_error');
    assert.equal(err.method, 'POST');
    assert.equal(await settledCount(srv), 1, 'no second POST');
  });

  test('an HTML 502 page from a proxy: AtlasResponseError http_error with a short snippet', async () => {
    const srv = await server([{ fault: 'html' }, { json: PAGE }]);
    const err = await rejectsWith(client(srv).get(GROUP, 'WEBHOOK'), 'AtlasResponseError', 'http_error');
    assert.equal(err.status, 502);
    assert.match(err.bodySnippet, /502 Bad Gateway/);
    assert.doesNotMatch(err.bodySnippet, /[<>]/, 'tags dropped');
    assert.ok(err.bodySnippet.length <= 201, `snippet length ${err.bodySnippet.length}`);
    assert.equal(err.method, 'GET');
    assert.equal(await settledCount(srv), 1, '502 is not retried');
  });

  test('a very long HTML error page is cut to a short snippet', async () => {
    const page = `<html><body><h1>Gateway error</h1><p>${'lorem ipsum '.repeat(2000)}</p></body></html>`;
    const srv = await server([{ fault: 'html', status: 504, body: page }]);
    const err = await rejectsWith(client(srv).list(GROUP), 'AtlasResponseError', 'http_error');
    assert.equal(err.status, 504);
    assert.ok(err.bodySnippet.length <= 201, `snippet length ${err.bodySnippet.length}`);
    assert.match(err.bodySnippet, /^Gateway error/);
    assert.ok(err.message.length < 600, 'the message does not carry the page');
  });

  test('an HTML page with status 200: AtlasResponseError unexpected_response', async () => {
    const srv = await server([{ status: 200, fault: 'html' }]);
    const err = await rejectsWith(client(srv).list(GROUP), 'AtlasResponseError', 'unexpected_response');
    assert.equal(err.status, 200);
  });

  test('an empty 200 for list: unexpected_response', async () => {
    const srv = await server([{ fault: 'empty' }]);
    const err = await rejectsWith(client(srv).list(GROUP), 'AtlasResponseError', 'unexpected_response');
    assert.equal(err.status, 200);
    assert.equal(err.bodySnippet, '');
  });

  test('an empty 200 for get: unexpected_response', async () => {
    const srv = await server([{ fault: 'empty' }]);
    await rejectsWith(client(srv).get(GROUP, 'SLACK'), 'AtlasResponseError', 'unexpected_response');
  });

  test('a 200 list without results: unexpected_response', async () => {
    const srv = await server([{ json: { links: [], totalCount: 3 } }]);
    await rejectsWith(client(srv).list(GROUP), 'AtlasResponseError', 'unexpected_response');
  });

  test('an empty 204 for delete resolves to undefined (and an empty 200 too)', async () => {
    const srv = await server([{ status: 204 }, { fault: 'empty' }]);
    const c = client(srv);
    assert.equal(await c.delete(GROUP, 'PROMETHEUS'), undefined);
    assert.equal(await c.delete(GROUP, 'PROMETHEUS'), undefined);
    assert.equal(srv.requests.length, 2);
    assert.ok(srv.requests.every((r) => r.method === 'DELETE' && r.url.startsWith(`${LIST_PATH}/PROMETHEUS`)));
  });

  test('an error status with an empty body: http_error', async () => {
    const srv = await server([{ status: 404, fault: 'empty' }]);
    const err = await rejectsWith(client(srv).get(GROUP, 'SLACK'), 'AtlasResponseError', 'http_error');
    assert.equal(err.status, 404);
  });
});

describe('many failing calls at once', () => {
  test('concurrent calls with mixed faults all settle with Atlas errors, none unhandled', async () => {
    const script = (req, i) => [{ fault: 'reset' }, { status: 500, json: UNEXPECTED }, { fault: 'html' }, { fault: 'empty' }, { delay: 2000, json: PAGE }][i % 5];
    const srv = await server(script);
    const c = client(srv, { timeoutMs: 300, retries: { max: 0 } });
    const outcomes = await Promise.allSettled(Array.from({ length: 20 }, () => c.list(GROUP)));
    for (const o of outcomes) {
      assert.equal(o.status, 'rejected');
      assert.ok(o.reason instanceof Error);
      assert.ok(['AtlasNetworkError', 'AtlasApiError', 'AtlasResponseError', 'AtlasTimeoutError'].includes(o.reason.name), o.reason.name);
    }
  });
});

test('no unhandled rejections during the suite', async () => {
  await sleep(100);
  assert.deepEqual(unhandled.seen.map(String), []);
});
