// Runs every example of examples/ against the stand-in server (loopback only) as a user
// would: a child process with the base URL and credentials in its environment, asserting
// what it prints, what it changed on the server, and that no secret ever reaches the output.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../support/chromium.mjs';
import { startStandIn } from '../../www/server/standin.mjs';
import { serve } from '../../scripts/static-server.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const EXAMPLES = path.join(ROOT, 'examples');
const TOKEN = 'example-test-token-5b7c';
const SA = { clientId: 'mdb_sa_id_examples', clientSecret: 'mdb_sa_sk_examples_secret_1234' };
const G1 = '5f1a2b3c4d5e6f7a8b9c0d11';
const G2 = '5f1a2b3c4d5e6f7a8b9c0d12';
const G3 = '5f1a2b3c4d5e6f7a8b9c0d13';
const CSV_GROUPS = fs.readFileSync(path.join(EXAMPLES, 'projects.csv'), 'utf8').split('\n').slice(1).filter(Boolean).map((l) => l.split(',')[0]);

let standin;

before(async () => {
  // The examples import the package by name, as users do: link it next to them (git-ignored).
  const link = path.join(EXAMPLES, 'node_modules', 'atlas-integrations');
  fs.mkdirSync(path.dirname(link), { recursive: true });
  try { fs.lstatSync(link); } catch { fs.symlinkSync(path.relative(path.dirname(link), path.join(ROOT, 'pkg')), link, 'dir'); }
  standin = await startStandIn({ token: TOKEN, log: false, oauth: SA });
});
after(async () => {
  await standin?.close();
});

function run(script, args = [], env = {}) {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(EXAMPLES, script), ...args], {
      cwd: ROOT,
      timeout: 30_000,
      env: { PATH: process.env.PATH, ATLAS_BASE_URL: standin.url, ...env },
    }, (error, stdout, stderr) => resolve({ code: error ? error.code : 0, stdout, stderr, all: stdout + stderr }));
  });
}

function assertNoSecret(output, ...secrets) {
  for (const s of [TOKEN, SA.clientSecret, ...secrets]) {
    assert.ok(!output.includes(s), `output leaks a secret (…${s.slice(-4)}):\n${output}`);
  }
}

test('list-projects: integrations of several projects, with a bearer token', async () => {
  const pd = 'a1'.repeat(16);
  const slack = 'xoxb-1234567890-slack-token-value';
  standin.state.clear();
  standin.state.set(G1, { type: 'PAGER_DUTY', serviceKey: pd, region: 'EU' });
  standin.state.set(G1, { type: 'SLACK', apiToken: slack, channelName: 'alerts', teamName: 'ops' });
  standin.state.set(G2, { type: 'WEBHOOK', url: 'https://hooks.example.com/atlas/123', secret: 'hook-secret-value' });
  const r = await run('list-projects.mjs', [G1, G2, G3], { ATLAS_TOKEN: TOKEN });
  assert.equal(r.code, 0, r.all);
  assert.match(r.stdout, new RegExp(`^${G1}: PAGER_DUTY\\(region=EU\\), SLACK\\(channelName=alerts\\)$`, 'm'));
  assert.match(r.stdout, new RegExp(`^${G2}: WEBHOOK$`, 'm'));
  assert.match(r.stdout, new RegExp(`^${G3}: \\(none\\)$`, 'm'));
  assert.match(r.stdout, /^3 integration\(s\) in 3 project\(s\); 0 failed$/m);
  assertNoSecret(r.all, pd, slack, 'hook-secret-value');
});

test('list-projects: --token from the command line, a wrong token is an AtlasApiError 401', async () => {
  const r = await run('list-projects.mjs', ['--token', 'not-the-token', G1]);
  assert.equal(r.code, 1, r.all);
  assert.match(r.stdout, new RegExp(`^${G1}: error AtlasApiError 401 `, 'm'));
  assertNoSecret(r.all, 'not-the-token');
});

test('apply-webhook-csv: a dry run table, then the paced run with progress and a report; a second run changes nothing', async () => {
  standin.state.clear();
  const url = 'https://hooks.example.com/atlas/alerts-endpoint';
  const secret = 'whsec_example_secret_value_42';
  const env = { ATLAS_CLIENT_ID: SA.clientId, ATLAS_CLIENT_SECRET: SA.clientSecret, WEBHOOK_URL: url, WEBHOOK_SECRET: secret };
  const dry = await run('apply-webhook-csv.mjs', ['--dry-run', 'examples/projects.csv'], env);
  assert.equal(dry.code, 0, dry.all);
  for (const g of CSV_GROUPS) assert.match(dry.stdout, new RegExp(`${g}.*│ 'create'`), dry.stdout);
  assert.doesNotMatch(dry.stdout, /^\[\d\/5\]/m, 'the dry run applies nothing');
  assert.equal(standin.state.list(CSV_GROUPS[0]).length, 0, 'nothing was written');

  const r = await run('apply-webhook-csv.mjs', ['--concurrency', '2', 'examples/projects.csv'], env);
  assert.equal(r.code, 0, r.all);
  assert.match(r.stdout, /^applying WEBHOOK url=\*\*\*\*oint secret=\*\*\*\*e_42 to 5 project\(s\)$/m);
  assert.match(r.stdout, /^plan:$/m);
  const progress = r.stdout.split('\n').filter((l) => /^\[\d\/5\] /.test(l));
  assert.equal(progress.length, 5, r.stdout);
  assert.deepEqual(progress.map((l) => l.slice(0, 5)), ['[1/5]', '[2/5]', '[3/5]', '[4/5]', '[5/5]']);
  for (const g of CSV_GROUPS) assert.ok(progress.some((l) => l.includes(g) && /: created \(\d+\.\d\/s, \d+\.\ds left\)$/.test(l)), `${g} in ${r.stdout}`);
  assert.match(r.stdout, /checkout-prod/);
  assert.match(r.stdout, /^done: 5 created, 0 updated, 0 unchanged, 0 unknown \(masked secret\), 0 failed in \d+\.\ds \(0\.0s waiting for the rate limit\)$/m);
  assert.doesNotMatch(r.stdout, /^retry:/m);
  for (const g of CSV_GROUPS) {
    const w = standin.state.get(g, 'WEBHOOK');
    assert.equal(w.url, url);
    assert.equal(w.secret, secret, 'the real secret was sent, not a masked one');
  }
  assertNoSecret(r.all, url, secret);

  const again = await run('apply-webhook-csv.mjs', ['examples/projects.csv'], env);
  assert.equal(again.code, 0, again.all);
  assert.match(again.stdout, /^done: 0 created, 0 updated, 0 unchanged, 5 unknown \(masked secret\), 0 failed in /m);
});

test('apply-webhook-csv: a masked webhook URL is refused before any request', async () => {
  standin.state.clear();
  const r = await run('apply-webhook-csv.mjs', ['examples/projects.csv'], { ATLAS_TOKEN: TOKEN, WEBHOOK_URL: 'https://hooks.example.com/****' });
  assert.equal(r.code, 2, r.all);
  assert.match(r.stderr, /^url: .*\(masked_secret\)$/m);
  assert.equal(standin.state.list(CSV_GROUPS[0]).length, 0);
});

test('rotate-pagerduty-key: plan then apply; the masked key is shown, never sent back', async () => {
  standin.state.clear();
  const oldKey = 'b'.repeat(28) + '1111';
  const newKey = 'c'.repeat(28) + '2222';
  standin.state.set(G1, { type: 'PAGER_DUTY', serviceKey: oldKey, region: 'EU' });

  const dry = await run('rotate-pagerduty-key.mjs', ['--dry-run', G1], { ATLAS_TOKEN: TOKEN, PAGERDUTY_NEW_KEY: newKey });
  assert.equal(dry.code, 0, dry.all);
  assert.match(dry.stdout, /^current: serviceKey=\*\*\*\*1111 region=EU$/m);
  assert.match(dry.stdout, /^sending the current body back would be refused: masked_secret on serviceKey$/m);
  assert.match(dry.stdout, /^plan: update serviceKey:changed$/m);
  assert.match(dry.stdout, /^dry run: nothing sent$/m);
  assert.equal(standin.state.get(G1, 'PAGER_DUTY').serviceKey, oldKey);

  const r = await run('rotate-pagerduty-key.mjs', [G1], { ATLAS_TOKEN: TOKEN, PAGERDUTY_NEW_KEY: newKey });
  assert.equal(r.code, 0, r.all);
  assert.match(r.stdout, /^applied: update; now serviceKey=\*\*\*\*2222$/m);
  // Existing alert notifications keep the old key (Cloud Manager docs): the example says so.
  assert.match(r.stdout, /^note: existing alert notifications keep the old key; remove them .* add them again$/m);
  assert.doesNotMatch(dry.stdout, /^note: /m);
  assert.deepEqual(standin.state.get(G1, 'PAGER_DUTY'), { ...standin.state.get(G1, 'PAGER_DUTY'), serviceKey: newKey, region: 'EU' });
  assertNoSecret(dry.all + r.all, oldKey, newKey);
});

test('rotate-pagerduty-key: same last four characters = unknown change; only --force sends it', async () => {
  standin.state.clear();
  const oldKey = 'd'.repeat(28) + '7890';
  const newKey = 'e'.repeat(28) + '7890';
  standin.state.set(G2, { type: 'PAGER_DUTY', serviceKey: oldKey });
  const env = { ATLAS_TOKEN: TOKEN, PAGERDUTY_NEW_KEY: newKey };

  const r = await run('rotate-pagerduty-key.mjs', [G2], env);
  assert.equal(r.code, 0, r.all);
  assert.match(r.stdout, /^plan: none serviceKey:unknown$/m);
  assert.match(r.stdout, /re-run with --force/);
  assert.match(r.stdout, /^applied: none/m);
  assert.equal(standin.state.get(G2, 'PAGER_DUTY').serviceKey, oldKey, 'nothing sent without --force');

  const forced = await run('rotate-pagerduty-key.mjs', ['--force', G2], env);
  assert.equal(forced.code, 0, forced.all);
  assert.match(forced.stdout, /^applied: update/m);
  assert.equal(standin.state.get(G2, 'PAGER_DUTY').serviceKey, newKey);
  assertNoSecret(r.all + forced.all, oldKey, newKey);
});

test('rotate-pagerduty-key: not configured yet = create; a malformed key is refused locally', async () => {
  standin.state.clear();
  const bad = await run('rotate-pagerduty-key.mjs', [G3], { ATLAS_TOKEN: TOKEN, PAGERDUTY_NEW_KEY: 'not-hex' });
  assert.equal(bad.code, 2, bad.all);
  assert.match(bad.stdout, /^invalid: serviceKey invalid_format: /m);
  assertNoSecret(bad.all, 'not-hex');
  const key = 'f'.repeat(28) + '4321';
  const r = await run('rotate-pagerduty-key.mjs', [G3], { ATLAS_TOKEN: TOKEN, PAGERDUTY_NEW_KEY: key });
  assert.equal(r.code, 0, r.all);
  assert.match(r.stdout, /^current: none/m);
  assert.match(r.stdout, /^plan: create serviceKey:added$/m);
  assert.match(r.stdout, /^applied: create; now serviceKey=\*\*\*\*4321$/m);
  assert.equal(standin.state.get(G3, 'PAGER_DUTY').serviceKey, key);
});

test('browser-form.html: fields from describeTypes, live validateBody, in headless Chromium', async () => {
  const server = await serve({ mounts: { '/examples/': EXAMPLES, '/pkg/': path.join(ROOT, 'pkg') } });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const problems = [];
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
    page.on('request', (r) => { if (!r.url().startsWith(server.url) && !r.url().startsWith('data:')) problems.push(`off-loopback request ${r.url()}`); });
    await page.goto(new URL('/examples/browser-form.html', server.url).href);
    const summary = page.locator('#summary');
    await page.waitForFunction(() => document.querySelector('#summary')?.dataset.state);

    // Atlas v2 offers what the catalogue says (no HipChat, no Flowdock).
    const offered = await page.locator('#type option').evaluateAll((os) => os.map((o) => o.value));
    assert.ok(offered.includes('PAGER_DUTY') && offered.includes('WEBHOOK'), offered.join());
    assert.ok(!offered.includes('HIP_CHAT') && !offered.includes('FLOWDOCK'), offered.join());

    await page.selectOption('#type', 'PAGER_DUTY');
    assert.equal(await page.locator('#f-serviceKey').getAttribute('type'), 'password');
    assert.deepEqual(await page.locator('#f-region option').evaluateAll((os) => os.map((o) => o.value)), ['', 'US', 'EU']);
    assert.match(await summary.getAttribute('data-codes'), /serviceKey:missing_field/);

    await page.fill('#f-serviceKey', 'xyz');
    assert.match(await summary.getAttribute('data-codes'), /serviceKey:invalid_format/);
    assert.match(await page.locator('.issue[data-for=serviceKey]').textContent(), /32 hexadecimal digits/);

    await page.fill('#f-serviceKey', '****************************7890');
    assert.match(await summary.getAttribute('data-codes'), /serviceKey:masked_secret/);

    await page.fill('#f-serviceKey', '0123456789abcdef0123456789abcdef');
    await page.selectOption('#f-region', 'EU');
    assert.equal(await summary.getAttribute('data-state'), 'valid');
    assert.equal(await summary.textContent(), 'valid');

    // Cloud Manager has no Datadog: the type list follows the flavour.
    await page.selectOption('#flavour', 'cloudManager');
    const cm = await page.locator('#type option').evaluateAll((os) => os.map((o) => o.value));
    assert.ok(!cm.includes('DATADOG') && cm.includes('PAGER_DUTY'), cm.join());
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    await server.close();
  }
});
