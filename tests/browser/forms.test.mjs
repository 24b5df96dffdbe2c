// `atlas-integrations/forms` in headless Chromium: a page that imports it fetches the small
// forms module (never the full one), validates and renders from the catalogue, and answers as
// the full module does (in Node) on the whole benchmark corpus in every flavour.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { corpus } from '../../bench/corpus.mjs';
import { launchChromium, pageResult } from '../support/chromium.mjs';
import { startStandIn } from '../../www/server/standin.mjs';
import { PKG } from '../package/helpers.mjs';

const BODIES = [
  { type: 'PAGER_DUTY', serviceKey: 'nope' },
  { type: 'SLACK', apiToken: '****1234', channelName: '😀'.repeat(81) },
  { type: 'WEBHOOK', url: 'https://hooks.example.com/x', bodyTemplate: '{"a":${x}}', extra: 1 },
  { type: 'DATADOG' },
];
const wasm = createRequire(import.meta.url)(`${PKG}node/atlas_integrations.js`);
const BENCH = fileURLToPath(new URL('../../bench/', import.meta.url));

let server;
let browser;
let dir;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'atlas-forms-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><script type="module" src="forms-page.js"></script>');
  // The README's tip: the page starts the module's download itself, in parallel with the
  // script's (a round trip less on a real network).
  writeFileSync(join(dir, 'preload.html'), '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,">'
    + '<link rel="preload" href="/pkg/forms/forms_bg.wasm" as="fetch" crossorigin>'
    + '<script type="module">import { validateBody } from "/pkg/forms.js"; window.__result = validateBody({ type: "DATADOG" });</script>');
  writeFileSync(join(dir, 'forms-page.js'), `
import { bodyFromForm, validateBody, validateBodies, describeTypes, jsonSchema, standardSchema, version } from '/pkg/forms.js';
import { corpus } from '/bench/corpus.mjs';
// A real form: a checkbox, a select, an empty input; read through the browser's FormData.
const form = document.createElement('form');
form.innerHTML = '<input name="apiKey" value="0123456789abcdef0123456789abcdef"><select name="region"><option>EU</option></select>'
  + '<input type="checkbox" name="sendDatabaseMetrics" checked><input type="checkbox" name="sendCollectionLatencyMetrics"><input name="sendQueryStatsMetrics" value="">';
document.body.append(form);
const formBody = bodyFromForm('DATADOG', new FormData(form));
const standard = standardSchema('PAGER_DUTY')['~standard'];
const bodies = ${JSON.stringify(BODIES)};
const flavours = describeTypes().flavours.map((f) => f.id);
window.__result = {
  issues: bodies.map((b) => validateBody(b, { flavour: 'cloudManager' })),
  batch: validateBodies(bodies),
  types: describeTypes('cloudManager').types.map((t) => t.name),
  version: version(),
  schema: jsonSchema('WEBHOOK', 'cloudManager'),
  formBody,
  formIssues: validateBody(formBody),
  standard: [standard.validate({ serviceKey: '0123456789abcdef0123456789abcdef' }), standard.validate({ serviceKey: 'x' })],
  // The whole benchmark corpus in every flavour: this browser's engine against Node's wasm.
  corpus: Object.fromEntries(flavours.map((flavour) => [flavour, validateBodies(corpus().map((e) => e.body), { flavour })])),
};
`);
  server = await startStandIn({ log: false, staticDirs: [{ prefix: '/pkg/', dir: PKG }, { prefix: '/bench/', dir: BENCH }, { prefix: '/', dir }] });
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('a forms page validates in Chromium with the forms module alone', { timeout: 60_000 }, async () => {
  const tab = await browser.newPage();
  const problems = [];
  const requests = [];
  tab.on('pageerror', (e) => problems.push(e.message));
  tab.on('request', (r) => requests.push(new URL(r.url()).pathname));
  const r = await pageResult(tab, new URL('/index.html', server.url).href, { explain: () => `page errors: ${problems.join(' | ')}; requests: ${requests.join(' ')}` });
  await tab.close();
  assert.deepEqual(problems, []);
  assert.deepEqual(requests.filter((p) => p.endsWith('.wasm')), ['/pkg/forms/forms_bg.wasm']);
  assert.ok(requests.includes('/pkg/forms.js') && requests.includes('/pkg/forms/forms.js'), requests.join(' '));
  assert.deepEqual(r.issues, BODIES.map((b) => wasm.validateBody(b, { flavour: 'cloudManager' })));
  assert.deepEqual(r.batch, wasm.validateBodies(BODIES));
  assert.deepEqual(r.types, wasm.describeTypes('cloudManager').types.map((t) => t.name));
  assert.equal(r.version, wasm.version());
  assert.deepEqual(r.schema, wasm.jsonSchema('WEBHOOK', 'cloudManager'));
  assert.deepEqual(r.formBody, { type: 'DATADOG', apiKey: '0123456789abcdef0123456789abcdef', region: 'EU', sendDatabaseMetrics: true });
  assert.deepEqual(r.formIssues, []);
  assert.deepEqual(r.standard[0], { value: { type: 'PAGER_DUTY', serviceKey: '0123456789abcdef0123456789abcdef' } });
  assert.deepEqual(r.standard[1].issues.map((i) => i.path), [['serviceKey']]);
  const bodies = corpus().map((e) => e.body);
  assert.deepEqual(Object.keys(r.corpus), ['atlasV2', 'atlasV1', 'cloudManager', 'opsManager']);
  for (const [flavour, answers] of Object.entries(r.corpus)) assert.deepEqual(answers, wasm.validateBodies(bodies, { flavour }), flavour);
});

test('a page that preloads the forms module as the README shows fetches it once', { timeout: 60_000 }, async () => {
  const context = await browser.newContext();
  const tab = await context.newPage();
  const problems = [];
  const wasmRequests = [];
  tab.on('pageerror', (e) => problems.push(e.message));
  // Chromium warns on the console when a preload goes unused (without `crossorigin`, its
  // credentials mode differs from the glue's fetch, and the module is downloaded twice).
  tab.on('console', (m) => { if (/preload/i.test(m.text())) problems.push(m.text()); });
  tab.on('request', (r) => { if (r.url().endsWith('.wasm')) wasmRequests.push(new URL(r.url()).pathname); });
  const issues = await pageResult(tab, new URL('/preload.html', server.url).href);
  await context.close();
  assert.deepEqual(issues, wasm.validateBody({ type: 'DATADOG' }));
  assert.deepEqual(wasmRequests, ['/pkg/forms/forms_bg.wasm']);
  assert.deepEqual(problems, []);
});
