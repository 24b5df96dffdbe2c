// The forms toolkit through the built package: every issue's `field` (validateBody,
// validateOperation, AtlasValidationError.issues, planChanges), bodyFromForm and
// standardSchema, from the main entry and the forms entries (ESM and CommonJS).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { PKG } from './helpers.mjs';

const require = createRequire(import.meta.url);
const main = await import(pathToFileURL(`${PKG}index.js`).href);
const formsEsm = await import(pathToFileURL(`${PKG}forms.node.mjs`).href);
const formsCjs = require(`${PKG}forms.cjs`);
const ENTRIES = { main, formsEsm, formsCjs };
const KEY = '0123456789abcdef0123456789abcdef';
const GROUP = '0123456789abcdef01234567';

/** Every issue's field: the body key of `path` (`body.` stripped when `rooted`), else null. */
function assertFields(issues, rooted) {
  assert.ok(issues.length > 0);
  for (const i of issues) {
    assert.ok(Object.hasOwn(i, 'field'), JSON.stringify(i));
    const key = rooted ? (i.path.startsWith('body.') ? i.path.slice(5) : null) : i.path || null;
    assert.equal(i.field, key, JSON.stringify(i));
  }
}

test('validateBody and validateOperation name the same field for the same problem', () => {
  const body = { type: 'PAGER_DUTY', serviceKey: 'nope', colour: 'red' };
  for (const [name, m] of Object.entries(ENTRIES)) {
    const issues = m.validateBody(body);
    assertFields(issues, false);
    assert.deepEqual(issues.map((i) => [i.field, i.code]), [['serviceKey', 'invalid_format'], ['colour', 'unknown_field']], name);
  }
  const op = main.validateOperation({ op: 'create', groupId: 'x', body, query: { itemsPerPage: 0 } });
  assertFields(op, true);
  const byField = Object.fromEntries(op.filter((i) => i.field).map((i) => [i.field, i.path]));
  assert.deepEqual(byField, { serviceKey: 'body.serviceKey', colour: 'body.colour' });
  assert.ok(op.some((i) => i.path === 'groupId' && i.field === null));
  // The body as a whole: no field.
  const whole = main.validateBody(42);
  assert.deepEqual(whole.map((i) => [i.path, i.field]), [['', null]]);
});

test("AtlasValidationError.issues and planChanges' issues carry the field too", async () => {
  const client = new main.AtlasClient({ baseUrl: 'http://127.0.0.1:9', allowInsecureHttp: true, token: 't' });
  const error = await client.create(GROUP, { type: 'PAGER_DUTY', serviceKey: '' }).then(() => null, (e) => e);
  assert.ok(main.isAtlasValidationError(error), String(error));
  assertFields(error.issues, true);
  assert.ok(error.issues.some((i) => i.path === 'body.serviceKey' && i.field === 'serviceKey'), JSON.stringify(error.issues));
  const planned = (() => {
    try {
      return main.planChanges({ type: 'PAGER_DUTY', serviceKey: `${'*'.repeat(28)}7890` }, null);
    } catch (e) {
      return e;
    }
  })();
  assert.ok(main.isAtlasValidationError(planned), String(planned));
  assert.deepEqual(planned.issues.map((i) => [i.path, i.field, i.code]), [['serviceKey', 'serviceKey', 'masked_secret']]);
});

test('bodyFromForm types FormData, pairs, Maps and objects by the catalogue', () => {
  const fd = new FormData();
  fd.append('apiKey', KEY);
  fd.append('region', 'EU');
  fd.append('sendDatabaseMetrics', 'on');
  fd.append('sendCollectionLatencyMetrics', 'false');
  fd.append('sendQueryStatsMetrics', '');
  fd.append('upload', new Blob(['x']), 'x.txt');
  const want = { type: 'DATADOG', apiKey: KEY, region: 'EU', sendDatabaseMetrics: true, sendCollectionLatencyMetrics: false };
  for (const [name, m] of Object.entries(ENTRIES)) {
    assert.deepEqual(m.bodyFromForm('DATADOG', fd), want, `${name} FormData`);
    assert.deepEqual(m.bodyFromForm('DATADOG', [...fd].filter(([, v]) => typeof v === 'string')), want, `${name} pairs`);
    assert.deepEqual(m.bodyFromForm('DATADOG', new Map(Object.entries({ ...want, type: 'X' }))), want, `${name} Map`);
    // An object from a form library: already-typed values keep their meaning.
    assert.deepEqual(m.bodyFromForm('DATADOG', { apiKey: KEY, region: 'EU', sendDatabaseMetrics: true, sendCollectionLatencyMetrics: 'off', x: null }), want, name);
    assert.deepEqual(m.validateBody(m.bodyFromForm('DATADOG', fd)), [], name);
    // Odd input never throws: it gives the typed body of nothing.
    for (const odd of [null, undefined, 7, 'text', { get a() { throw new Error('no'); } }]) {
      assert.deepEqual(m.bodyFromForm('SLACK', odd), { type: 'SLACK' }, `${name} ${String(odd)}`);
    }
    const endless = { *[Symbol.iterator]() { for (let i = 0; ; i++) yield [`f${i}`, 'x']; } };
    assert.equal(Object.keys(m.bodyFromForm('SLACK', endless)).length, 10_001, 'bounded');
    assert.throws(() => m.bodyFromForm(42, {}), (e) => e.name === 'AtlasConfigError');
  }
});

test('standardSchema: Standard Schema v1, warnings pass, errors fail with [field]', async () => {
  for (const [name, m] of Object.entries(ENTRIES)) {
    const schema = m.standardSchema('PAGER_DUTY', { flavour: 'atlasV2' });
    const std = schema['~standard'];
    assert.equal(std.version, 1);
    assert.equal(std.vendor, 'atlas-integrations');
    // A form's values have no type: the schema's type is added; an unknown key is a warning.
    assert.deepEqual(await std.validate({ serviceKey: KEY, colour: 'red' }), { value: { type: 'PAGER_DUTY', serviceKey: KEY, colour: 'red' } }, name);
    const bad = await std.validate({ serviceKey: `${'*'.repeat(28)}7890`, region: 'MARS' });
    assert.deepEqual(bad.issues.map((i) => i.path), [['serviceKey'], ['region']], name);
    for (const i of bad.issues) assert.equal(typeof i.message, 'string');
    assert.ok(!JSON.stringify(bad).includes('7890'), 'no secret in a message');
    assert.deepEqual((await std.validate('nope')).issues.map((i) => i.path), [undefined]);
    const cyclic = {};
    cyclic.self = cyclic;
    assert.equal((await std.validate(cyclic)).issues.length, 1);
    assert.throws(() => m.standardSchema('PAGER_DUTY', { flavour: 'atlasV3' }), (e) => e.name === 'AtlasConfigError');
  }
  // The flavour decides: Cloud Manager has no Datadog.
  const cm = main.standardSchema('PROMETHEUS', { flavour: 'cloudManager' })['~standard'];
  const noPem = await cm.validate({ username: 'u', password: 'p', serviceDiscovery: 'http', scheme: 'https', enabled: true });
  assert.ok(noPem.issues.some((i) => i.path[0] === 'tlsPemPath'), JSON.stringify(noPem));
});
