// The benchmark harness works (bench/run.mjs --quick: 5 bodies, a few requests): the JSON
// it writes has the expected shape, and ours and ajv (compiled from the official OpenAPI
// document) agree on which corpus bodies are valid, except where our validator is stricter
// on purpose (each such body is tagged `stricter` in bench/corpus.mjs with its reason).
// No timing is asserted: timings depend on the machine and its load.
//
// Needs the built pkg/ and the OpenAPI document (ATLAS_OPENAPI_PATH or
// ../shared/reference/); skipped with a notice when either is missing, except under CI.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const { openapiPath } = await import(join(ROOT, 'bench', 'ajv-openapi.mjs'));
const { corpus } = await import(join(ROOT, 'bench', 'corpus.mjs'));

const missing = [
  !existsSync(join(ROOT, 'pkg', 'package.json')) && 'pkg/ (scripts/build-pkg.sh)',
  !existsSync(openapiPath()) && `the OpenAPI document at ${openapiPath()}`,
].filter(Boolean);
const skip = missing.length && !process.env.CI ? `needs ${missing.join(' and ')}` : false;

// The reasons our validator may reject a body the spec accepts (BENCHMARKS.md explains each).
const STRICTER = new Set(['hex_key', 'masked_secret', 'prometheus_password']);

test('the corpus is deterministic, covers every v2 type, valid and invalid', () => {
  const a = corpus();
  assert.deepEqual(a, corpus());
  assert.ok(a.length >= 200, `a few hundred bodies, got ${a.length}`);
  const types = ['PAGER_DUTY', 'SLACK', 'DATADOG', 'NEW_RELIC', 'OPS_GENIE', 'VICTOR_OPS', 'WEBHOOK', 'MICROSOFT_TEAMS', 'PROMETHEUS'];
  for (const t of types) {
    assert.ok(a.some((e) => e.type === t && e.kind === 'valid'), `${t} valid`);
    assert.ok(a.some((e) => e.type === t && e.kind === 'invalid'), `${t} invalid`);
  }
  for (const e of a) if (e.stricter) assert.ok(STRICTER.has(e.stricter), `${e.id}: unknown reason ${e.stricter}`);
});

test('bench/run.mjs --quick writes the results JSON; ours and ajv agree but where documented', { skip, timeout: 180_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'atlas-bench-'));
  try {
    const out = join(dir, 'results.json');
    const r = spawnSync(process.execPath, [join(ROOT, 'bench', 'run.mjs'), '--quick', '--skip=browser', `--out=${out}`], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 170_000,
    });
    assert.equal(r.status, 0, r.stderr);
    const res = JSON.parse(readFileSync(out, 'utf8'));
    assert.equal(res.schema, 1);
    assert.equal(res.quick, true);
    for (const k of ['nproc', 'cpu', 'node', 'loadavg']) assert.ok(k in res.machine, `machine.${k}`);
    for (const s of ['validation', 'size', 'cold', 'client', 'bulk', 'memory']) {
      assert.equal(res.sections[s]?.error, undefined, `${s}: ${res.sections[s]?.error}`);
    }
    const v = res.sections.validation;
    assert.equal(v.bodies, 5);
    for (const k of ['ours', 'ajv', 'jsonStringify', 'ajvFromText', 'oursBatch', 'oursFullModule']) assert.ok(v.nsPerBody[k].median > 0, k);
    assert.equal(typeof v.ratioOursToAjv, 'number');

    // Agreement over the whole corpus (not only the 5 timed bodies).
    const a = v.agreement;
    assert.equal(a.bodies, corpus().length);
    assert.deepEqual(a.undocumented, [], 'every disagreement must be a documented stricter rule');
    for (const d of a.disagreements) {
      assert.ok(STRICTER.has(d.stricter), `${d.id}: ${d.stricter}`);
      // Stricter only ever means: the spec accepts, we reject.
      assert.deepEqual([d.ajv, d.ours], [true, false], d.id);
    }
    // Every stricter body is in fact a disagreement (the tags do not hide agreement).
    const tagged = corpus().filter((e) => e.stricter).map((e) => e.id).sort();
    assert.deepEqual(a.disagreements.map((d) => d.id).sort(), tagged);

    const z = res.sections.size;
    for (const k of ['raw', 'gzip', 'brotli']) assert.ok(z.browser.total[k] > 0 && z.node.total[k] > 0, k);
    assert.ok(z.browser.files.some((f) => f.file.endsWith('.wasm')));
    assert.ok(res.sections.cold.ms.ours.median > 0 && res.sections.cold.ms.baseline.median > 0);
    // Each figure with its spread: paired differences (wall and CPU time), in-process times.
    const spreadOf = (x, what, { paired = true } = {}) => {
      for (const k of ['median', 'p10', 'p90']) assert.equal(typeof x?.[k], 'number', `${what}.${k}`);
      assert.ok(x.p10 <= x.median && x.median <= x.p90, what);
      assert.equal(x.n, 2, `${what}: one sample per --quick round`);
      // A paired figure comes with the bootstrap interval of its median.
      if (paired) assert.ok(x.ci95[0] <= x.median && x.median <= x.ci95[1], `${what}.ci95 ${JSON.stringify(x.ci95)}`);
    };
    const cold = res.sections.cold;
    for (const k of ['ours', 'oursCjs', 'oursClient', 'ajv']) {
      spreadOf(cold.aboveBaselineMs[k], `cold.aboveBaselineMs.${k}`);
      spreadOf(cold.cpuAboveBaselineMs[k], `cold.cpuAboveBaselineMs.${k}`);
    }
    assert.equal(cold.oursAboveBaselineMs, cold.aboveBaselineMs.ours.median);
    spreadOf(cold.insideMs.esm, 'cold.insideMs.esm', { paired: false });
    spreadOf(cold.insideMs.cjs, 'cold.insideMs.cjs', { paired: false });
    // Chromium, when this machine has it: the three pages, paired per round.
    const nav = res.sections.navigation;
    assert.equal(nav.error, undefined, nav.error);
    if (!nav.skipped) {
      for (const k of ['forms', 'ajv']) spreadOf(nav.aboveEmptyMs[k], `navigation.aboveEmptyMs.${k}`);
      spreadOf(nav.ratioPerRound, 'navigation.ratioPerRound');
      for (const k of ['forms', 'ajv']) spreadOf(nav.aboveEmptyFromScriptRequestMs[k], `navigation.aboveEmptyFromScriptRequestMs.${k}`);
      assert.equal(typeof nav.ratioFromScriptRequest, 'number');
      assert.equal(nav.formsAboveEmptyMs, nav.aboveEmptyMs.forms.median);
    }
    assert.ok(res.sections.client.usPerRequest.ours.median > 0 && res.sections.client.usPerRequest.raw.median > 0);
    // The 20 ms pairing: raw fetch sends the headers read from the client's own request, and
    // each paired ratio comes with its interval.
    const lat = res.sections.client.atLatency;
    assert.deepEqual(lat.headers, ['accept', 'authorization', 'user-agent']);
    for (const arm of ['ours', 'rawPlus1Percent']) {
      const r = lat.pairedRatio[arm];
      assert.ok(r.ci95[0] <= r.median && r.median <= r.ci95[1] && r.p10 <= r.p90, JSON.stringify(r));
    }
    assert.ok(res.sections.bulk.projectsPerSecond.ours.median > 0 && res.sections.bulk.projectsPerSecond.hand.median > 0);
    for (const part of ['validations', 'clientCalls']) {
      const m = res.sections.memory[part];
      assert.ok(m.samples.length >= 3 && m.samples.every((s) => s.wasmBytes > 0 && s.heapUsedMB > 0), part);
      assert.equal(typeof m.flat, 'boolean');
    }
    for (const t of res.targets) assert.ok('goal' in t && 'actual' in t && 'met' in t, t.name);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
