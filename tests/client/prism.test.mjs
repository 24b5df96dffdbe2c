// AtlasClient against Prism mocking the Atlas v2 OpenAPI contract: every type of the
// spec's discriminator goes through create, update, get, delete and list with a valid full
// body. Prism validates each request against the spec (a violation would come back as an
// error status with an `sl-violations` header, recorded by a proxy in front of Prism) and
// answers from the spec's examples, which the parsed results must equal.
//
// Spec: $ATLAS_OPENAPI_PATH or ../shared/reference/atlas-v2-integrations.openapi.json next to
// the repository. Missing: the suite fails when $CI is set, and is skipped otherwise.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { AtlasClient, validateBody } from 'atlas-integrations';
import { specPath, startPrism, startRecordingProxy } from './support/prism.mjs';
import { GROUP, V2_TYPES, fullBodies } from './support/bodies.mjs';
import { rejectsWith } from './support/errors.mjs';

const SPEC = specPath();
const HAVE_SPEC = existsSync(SPEC);
const MEDIA = 'application/vnd.atlas.2023-01-01+json';
const BASE = `/api/atlas/v2/groups/${GROUP}/integrations`;

if (!HAVE_SPEC && process.env.CI) {
  test('the Atlas v2 OpenAPI spec is present (required in CI)', () => {
    assert.fail(`spec not found at ${SPEC} (set ATLAS_OPENAPI_PATH)`);
  });
}
const skip = HAVE_SPEC ? false : `Atlas v2 OpenAPI spec not found at ${SPEC} (set ATLAS_OPENAPI_PATH); Prism suite skipped`;
if (skip && !process.env.CI) console.log(`# ${skip}`);

// --- what Prism's static mock answers, derived from the spec ---------------------------------
// Prism (static mode) answers with the schema's example, else builds one: property examples,
// else the first enum value, else the default, else a placeholder ("string", 0, true); for a
// oneOf, the first branch; arrays hold one item; writeOnly properties are left out.
function resolver(spec) {
  const deref = (s) => {
    while (s && s.$ref) {
      const parts = s.$ref.replace(/^#\//, '').split('/');
      s = parts.reduce((o, k) => o[k], spec);
    }
    return s;
  };
  const example = (schema) => {
    const s = deref(schema);
    if (s.example !== undefined) return s.example;
    if (s.oneOf) return example(s.oneOf[0]);
    if (s.type === 'object' || s.properties) {
      const out = {};
      for (const [k, p] of Object.entries(s.properties || {})) {
        if (deref(p).writeOnly) continue;
        out[k] = example(p);
      }
      return out;
    }
    if (s.type === 'array') return [example(s.items)];
    if (s.enum) return s.enum[0];
    if (s.default !== undefined) return s.default;
    if (s.type === 'string') return 'string';
    if (s.type === 'integer' || s.type === 'number') return s.minimum ?? 0;
    if (s.type === 'boolean') return true;
    return null;
  };
  return { deref, example };
}

describe('AtlasClient against Prism (Atlas v2 contract)', { skip }, () => {
  let spec;
  let prism;
  let proxy;
  let client;
  let expectedItem;
  let expectedPage;
  let discriminatorTypes;

  before(async () => {
    spec = JSON.parse(readFileSync(SPEC, 'utf8'));
    const { deref, example } = resolver(spec);
    const tpi = deref({ $ref: '#/components/schemas/ThirdPartyIntegration' });
    discriminatorTypes = Object.keys(tpi.discriminator.mapping);
    const op = spec.paths['/api/atlas/v2/groups/{groupId}/integrations/{integrationType}'];
    expectedItem = example(op.get.responses['200'].content[MEDIA].schema);
    expectedPage = example(op.post.responses['200'].content[MEDIA].schema);
    prism = await startPrism(SPEC, { startTimeoutMs: 20000 });
    proxy = await startRecordingProxy(prism.port);
    client = new AtlasClient({ baseUrl: proxy.url, token: 'x', timeoutMs: 10000, retries: { max: 0 } });
  });

  after(async () => {
    await proxy?.close();
    await prism?.stop();
  });

  /** Fails with Prism's violation list when the last exchange was refused. */
  function lastExchangeAccepted(label) {
    const ex = proxy.exchanges.at(-1);
    assert.ok(ex, `${label}: a request reached Prism`);
    assert.ok(!ex.error, `${label}: ${ex.error}`);
    assert.ok(ex.violations === null && ex.status < 300, `${label}: Prism refused the request (${ex.status}):\n${JSON.stringify(ex.violations, null, 2)}\nbody: ${ex.body}`);
    return ex;
  }

  /** Runs a client call; an AtlasApiError (Prism's 400/422) fails with the violation list. */
  async function call(label, fn) {
    try {
      return await fn();
    } catch (err) {
      const ex = proxy.exchanges.at(-1);
      assert.fail(`${label}: ${err.name} ${err.status ?? ''} ${err.errorCode ?? ''} ${err.message}\nPrism violations: ${JSON.stringify(ex && ex.violations, null, 2)}`);
    }
  }

  test('the spec discriminator has exactly the Atlas v2 types the suite covers', () => {
    assert.deepEqual([...discriminatorTypes].sort(), [...V2_TYPES].sort());
  });

  test('the expected answers are the spec examples (precise where the spec gives one)', () => {
    const { deref } = resolver(spec);
    const link = deref({ $ref: '#/components/schemas/Link' }).properties;
    assert.deepEqual(expectedPage.links, [{ href: link.href.example, rel: link.rel.example }]);
    assert.equal(expectedPage.totalCount, 0);
    assert.equal(expectedPage.results.length, 1);
    assert.deepEqual(expectedPage.results[0], expectedItem);
    const first = deref(deref({ $ref: '#/components/schemas/ThirdPartyIntegration' }).oneOf[0]);
    for (const [k, p] of Object.entries(first.properties)) if (p.example !== undefined) assert.equal(expectedItem[k], p.example, k);
  });

  const bodies = fullBodies();
  for (const type of V2_TYPES) {
    test(`${type}: create, update, get, list and delete are accepted by the contract`, async () => {
      const body = bodies[type];
      assert.deepEqual(validateBody(body).filter((i) => i.severity === 'error'), [], `${type} body is valid for the library`);
      const start = proxy.exchanges.length;

      const created = await call(`${type} create`, () => client.create(GROUP, body));
      let ex = lastExchangeAccepted(`${type} create`);
      assert.equal(ex.method, 'POST');
      assert.equal(ex.url.split('?')[0], `${BASE}/${type}`);
      assert.equal(ex.headers.accept, MEDIA);
      assert.equal(ex.headers['content-type'], MEDIA);
      assert.equal(ex.headers.authorization, 'Bearer x');
      assert.deepEqual(JSON.parse(ex.body), body, 'the body sent is the body given');
      assert.deepEqual(created, expectedPage);

      const updated = await call(`${type} update`, () => client.update(GROUP, body, { itemsPerPage: 50, pageNum: 1, includeCount: true }));
      ex = lastExchangeAccepted(`${type} update`);
      assert.equal(ex.method, 'PUT');
      assert.equal(ex.url.split('?')[0], `${BASE}/${type}`);
      assert.equal(ex.headers['content-type'], MEDIA);
      assert.deepEqual(JSON.parse(ex.body), body);
      assert.deepEqual(updated, expectedPage);

      const got = await call(`${type} get`, () => client.get(GROUP, type));
      ex = lastExchangeAccepted(`${type} get`);
      assert.equal(ex.method, 'GET');
      assert.equal(ex.url.split('?')[0], `${BASE}/${type}`);
      assert.equal(ex.body, '');
      // Prism's static mock always answers with the first oneOf branch's example.
      assert.deepEqual(got, expectedItem);

      const page = await call(`${type} list`, () => client.list(GROUP));
      ex = lastExchangeAccepted(`${type} list`);
      assert.equal(ex.url.split('?')[0], BASE);
      assert.deepEqual(page, expectedPage);

      const deleted = await call(`${type} delete`, () => client.delete(GROUP, type));
      ex = lastExchangeAccepted(`${type} delete`);
      assert.equal(ex.method, 'DELETE');
      assert.equal(ex.status, 204);
      assert.equal(deleted, undefined);

      assert.equal(proxy.exchanges.length - start, 5, 'one request per call');
    });
  }

  test('every query option the client sends is valid for the contract', async () => {
    const combos = [
      { pageNum: 2, itemsPerPage: 500, includeCount: false, pretty: true, envelope: false },
      { pageNum: 1, itemsPerPage: 1, includeCount: true, pretty: false },
      { envelope: true },
    ];
    for (const q of combos) {
      const page = await call(`list ${JSON.stringify(q)}`, () => client.list(GROUP, q));
      const ex = lastExchangeAccepted(`list ${JSON.stringify(q)}`);
      const sent = new URL(ex.url, 'http://x').searchParams;
      for (const [k, v] of Object.entries(q)) assert.equal(sent.get(k), String(v), `query ${k}`);
      assert.deepEqual(page, expectedPage);
    }
    for (const q of [{ pretty: true }, { envelope: true }]) {
      assert.deepEqual(await call(`get ${JSON.stringify(q)}`, () => client.get(GROUP, 'SLACK', q)), expectedItem);
      lastExchangeAccepted(`get ${JSON.stringify(q)}`);
      assert.equal(await call(`delete ${JSON.stringify(q)}`, () => client.delete(GROUP, 'SLACK', q)), undefined);
      lastExchangeAccepted(`delete ${JSON.stringify(q)}`);
    }
  });

  test('minimal bodies (required fields only) are accepted too', async () => {
    const minimal = {
      PAGER_DUTY: { type: 'PAGER_DUTY', serviceKey: bodies.PAGER_DUTY.serviceKey },
      SLACK: { type: 'SLACK', apiToken: bodies.SLACK.apiToken, channelName: 'x' },
      DATADOG: { type: 'DATADOG', apiKey: bodies.DATADOG.apiKey },
      OPS_GENIE: { type: 'OPS_GENIE', apiKey: bodies.OPS_GENIE.apiKey },
      VICTOR_OPS: { type: 'VICTOR_OPS', apiKey: bodies.VICTOR_OPS.apiKey },
      WEBHOOK: { type: 'WEBHOOK', url: bodies.WEBHOOK.url },
      MICROSOFT_TEAMS: bodies.MICROSOFT_TEAMS,
      PROMETHEUS: { type: 'PROMETHEUS', username: 'u', password: 'p', serviceDiscovery: 'file', enabled: false },
    };
    for (const [type, body] of Object.entries(minimal)) {
      assert.deepEqual(validateBody(body).filter((i) => i.severity === 'error'), [], `${type}: the spec's required fields (plus the Prometheus password) are enough`);
      await call(`${type} minimal create`, () => client.create(GROUP, body));
      lastExchangeAccepted(`${type} minimal create`);
    }
  });

  test('a request the library refuses never reaches Prism', async () => {
    const before = proxy.exchanges.length;
    await rejectsWith(client.create(GROUP, { type: 'PAGER_DUTY', serviceKey: 'not-hex' }), 'AtlasValidationError', 'validation_failed');
    await rejectsWith(client.create(GROUP, { type: 'HIP_CHAT', notificationToken: 'abcd1234', roomName: 'r' }), 'AtlasValidationError', 'validation_failed');
    await rejectsWith(client.list('not-a-group'), 'AtlasValidationError', 'validation_failed');
    assert.equal(proxy.exchanges.length, before);
  });

  test('Prism does refuse a spec violation (the check above can fail)', async () => {
    // Straight to Prism, past the library's validation: a Slack body without channelName.
    const res = await fetch(new URL(`${BASE.slice(1)}/SLACK`, proxy.url), {
      method: 'POST',
      headers: { Accept: MEDIA, 'Content-Type': MEDIA, Authorization: 'Bearer x' },
      body: JSON.stringify({ type: 'SLACK', apiToken: 'abc' }),
    });
    await res.arrayBuffer();
    const ex = proxy.exchanges.at(-1);
    assert.ok(res.status === 400 || res.status === 422, `status ${res.status}`);
    assert.ok(Array.isArray(ex.violations) && ex.violations.length > 0, 'violations recorded');
  });
});
