// The benchmark harness (scripts/bench.sh runs it on a freshly built pkg/).
//
//   node bench/run.mjs [--quick] [--only=validation,size,cold,browser,navigation,client,bulk,ratelimit,memory]
//                      [--skip=browser] [--out=target/bench-results.json]
//
// Every comparison runs both sides in this process (or in interleaved child processes) on
// the same inputs and reports medians and the ratio. Prints a table, writes JSON.
// --quick: tiny sizes (5 bodies, a few requests) to prove the harness works; its timings
// mean nothing.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { ROOT, kib, loadNode, machine, pkgInfo, round, snapshotPkg } from './lib.mjs';
import { validation } from './validation.mjs';
import { size } from './size.mjs';
import { coldBrowser, coldNode } from './cold.mjs';
import { navigation } from './navigation.mjs';
import { bulk, clientOverhead } from './client.mjs';
import { rateLimited } from './ratelimit.mjs';

const SECTIONS = ['validation', 'size', 'cold', 'browser', 'navigation', 'client', 'bulk', 'ratelimit', 'memory'];
const arg = (name) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const quick = process.argv.includes('--quick');
const only = (arg('only')?.split(',') ?? SECTIONS).filter((s) => !(arg('skip')?.split(',') ?? []).includes(s));
for (const s of only) if (!SECTIONS.includes(s)) throw new Error(`unknown section ${s}; one of ${SECTIONS.join(', ')}`);
const out = resolve(ROOT, arg('out') ?? join('target', 'bench-results.json'));
const log = (m) => process.stderr.write(`bench: ${m}\n`);

const pkgDir = snapshotPkg();
const results = {
  schema: 1,
  quick,
  date: new Date().toISOString(),
  machine: machine(),
  pkg: pkgInfo(pkgDir),
  sections: {},
  loadBySection: {}, // 1-minute load average when each section started
  targets: [],
};
const { api } = loadNode(pkgDir);

const target = (name, goal, actual, met, unit = '') => results.targets.push({ name, goal, actual: `${actual}${unit}`, met });

async function section(name, fn) {
  if (!only.includes(name)) return;
  log(`${name}...`);
  results.loadBySection[name] = machine().loadavg[0];
  const t0 = Date.now();
  try {
    results.sections[name] = await fn();
  } catch (e) {
    results.sections[name] = { error: String(e && e.stack ? e.stack : e) };
    log(`${name} FAILED: ${e && e.message}`);
  }
  log(`${name} done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

await section('validation', () => validation({ api, wasm: createRequire(import.meta.url)(resolve(pkgDir, 'node/atlas_integrations.js')), quick, log }));
await section('size', () => size({ pkgDir }));
await section('cold', () => coldNode({ pkgDir, quick }));
await section('browser', () => coldBrowser({ pkgDir, quick }));
await section('navigation', () => navigation({ pkgDir, quick }));
await section('client', () => clientOverhead({ api, quick }));
await section('bulk', () => bulk({ api, quick }));
await section('ratelimit', () => rateLimited({ api, quick, log }));
await section('memory', () => {
  const r = spawnSync(process.execPath, ['--expose-gc', join(ROOT, 'bench', 'memory.mjs'), pkgDir, ...(quick ? ['--quick'] : [])], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  if (r.status !== 0) throw new Error(`memory.mjs exited ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout);
});
results.machine.loadavgAfter = machine().loadavg;

// ---- targets -----------------------------------------------------------------------------
const S = results.sections;
if (S.validation?.nsPerBody) {
  const v = S.validation;
  target('validation: validateBody through wasm in Node, median per body', '<= 2 µs', `${round(v.nsPerBody.ours.median / 1e3, 2)} µs (ajv ${round(v.nsPerBody.ajv.median / 1e3, 2)} µs: ${v.ratioOursToAjv}x)`, v.nsPerBody.ours.median <= 2000);
  target('validation: ours/ajv agree (spec-contract bodies)', 'no undocumented disagreement', `${v.agreement.agree}/${v.agreement.bodies} agree, ${v.agreement.undocumented.length} undocumented`, v.agreement.undocumented.length === 0);
}
if (S.size?.formsBundled) {
  const g = S.size.formsBundled.total.gzip;
  target('size: forms entry as esbuild ships it (JS + .wasm, gzip)', '<= 35 KiB', `${kib(g)} KiB`, g <= 35 * 1024);
}
if (S.size?.browserBundled) {
  const g = S.size.browserBundled.total.gzip;
  target('size: main browser entry as esbuild ships it (gzip)', '<= 80 KiB (issue 15)', `${kib(g)} KiB`, g <= 80 * 1024);
}
/** ` (p10 …, p90 …; median's 95% CI …)` of a summary: the spread a figure comes with. */
const spread = (x, unit = '') => ` (p10 ${x.p10}${unit}, p90 ${x.p90}${unit}${x.ci95 ? `; median's 95% CI ${x.ci95[0]}-${x.ci95[1]}${unit}` : ''})`;
if (S.cold?.ms) {
  const a = S.cold.aboveBaselineMs;
  target('cold start: Node import + 1 validation above baseline (ESM)', '<= 10 ms', `${S.cold.oursAboveBaselineMs} ms${spread(a.ours)}`, S.cold.oursAboveBaselineMs <= 10);
  target('cold start: Node require + 1 validation above baseline (CJS)', '<= 10 ms', `${S.cold.oursCjsAboveBaselineMs} ms${spread(a.oursCjs)}`, S.cold.oursCjsAboveBaselineMs <= 10);
}
if (S.navigation?.navigationToResultMs) {
  const v = S.navigation;
  target('Chromium: navigation to first validateBody, forms entry vs ajv (above empty)', '<= 0.25x', `${v.ratioFormsToAjv}x (+${v.formsAboveEmptyMs} ms vs +${v.ajvAboveEmptyMs} ms; per round${spread(v.ratioPerRound, 'x')})`, v.ratioFormsToAjv <= 0.25);
}
if (S.browser?.navigationToResultMs) target('cold start: Chromium navigation to result above empty page', 'report', `${S.browser.oursAboveEmptyMs} ms`, null);
if (S.client?.atLatency) {
  // Paired per round; met only when the whole 95% interval is at or under the goal, missed
  // only when it is all above (else the run cannot tell).
  const { oursVsRaw, latencyMs, pairedRatio: p } = S.client.atLatency;
  const [lo, hi] = p.ours.ci95;
  target(`client: sequential GET vs raw fetch, server answering after ${latencyMs} ms`, '<= 1.01x', `${oursVsRaw}x (95% CI ${lo}-${hi}; rounds p10-p90 ${p.ours.p10}-${p.ours.p90}; calibration +1%: ${p.rawPlus1Percent.median}x)`, hi <= 1.01 ? true : lo > 1.01 ? false : null);
  const g = p.oursVsRawWithGuarantees;
  target(`client vs raw fetch keeping its transport guarantees (timeout signal, Request, bounded read), at ${latencyMs} ms`, 'report', `${g.median}x (95% CI ${g.ci95[0]}-${g.ci95[1]}); that raw fetch vs plain raw fetch ${p.rawWithGuarantees.median}x`, null);
}
if (S.bulk?.projectsPerSecond) target('bulk: applyToProjects vs fetch loop throughput', '>= 0.95x', `${S.bulk.oursShareOfHand}x`, S.bulk.oursShareOfHand >= 0.95);
if (S.ratelimit?.paced) {
  const r = S.ratelimit;
  target(`rate limit: ${r.projects} projects, completion vs bound`, '<= 1.05x', `${r.paced.ofBound}x (${r.paced.elapsedS} s / ${r.paced.boundS} s)`, r.paced.ofBound <= 1.05);
  target('rate limit: share of 429 answers', '<= 1%', `${r.paced.pct429}% (${r.paced.rateLimited}/${r.paced.requests})`, r.paced.pct429 <= 1);
}
if (S.memory?.validations) {
  target('memory: 1M validations (wasm + heap flat after warm-up)', 'flat', `wasm +${S.memory.validations.wasmGrowthBytes} B, heap trend ${S.memory.validations.heapTrendMB} MB`, S.memory.validations.flat);
  target('memory: 100k client calls (wasm + heap flat after warm-up)', 'flat', `wasm +${S.memory.clientCalls.wasmGrowthBytes} B, heap trend ${S.memory.clientCalls.heapTrendMB} MB`, S.memory.clientCalls.flat);
}

mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(results, null, 1)}\n`);

// ---- table -------------------------------------------------------------------------------
const m = results.machine;
const lines = [
  `atlas-integrations ${results.pkg.version} benchmarks${quick ? ' (--quick: timings mean nothing)' : ''}`,
  `${m.cpu}, ${m.nproc} cores, Node ${m.node}, load ${m.loadavg.join(' ')} → ${m.loadavgAfter.join(' ')}`,
  '',
];
const pad = (s, n) => String(s).padEnd(n);
lines.push(`${pad('target', 62)} ${pad('goal', 30)} ${pad('actual', 44)} met`);
for (const t of results.targets) lines.push(`${pad(t.name, 62)} ${pad(t.goal, 30)} ${pad(t.actual, 44)} ${t.met === null ? '-' : t.met ? 'yes' : 'NO'}`);
if (S.validation?.decomposition) {
  const d = S.validation.decomposition;
  const ns = S.validation.nsPerBody;
  lines.push('', `validation detail (ns/body, median): ours ${round(ns.ours.median, 0)}, ours batch (validateBodies) ${round(ns.oursBatch.median, 0)}, the full module's ${round(ns.oursFullModule.median, 0)}, ajv ${round(ns.ajv.median, 0)}, JSON.stringify alone ${round(ns.jsonStringify.median, 0)}, ajv from JSON text ${round(ns.ajvFromText.median, 0)}`);
  lines.push(`  per call: version() ${d.versionCallNs} ns, validateBody(undefined) ${d.validateUndefinedNs} ns, validateBody({}) ${d.validateEmptyObjectNs} ns; validateBody(array of all bodies): ${d.batchedConversionPerBodyNs} ns/body`);
}
if (S.size?.browser) {
  const t = S.size;
  const m = t.browserMinifiedTotal;
  lines.push('', `size (KiB raw / gzip / brotli): browser ${kib(t.browser.total.raw)} / ${kib(t.browser.total.gzip)} / ${kib(t.browser.total.brotli)} (its JS minified by a bundler: ${kib(m.raw)} / ${kib(m.gzip)} / ${kib(m.brotli)}); node ${kib(t.node.total.raw)} / ${kib(t.node.total.gzip)} / ${kib(t.node.total.brotli)}`);
  for (const f of t.browser.files) lines.push(`  ${pad(f.file, 62)} ${pad(kib(f.raw), 8)} ${pad(kib(f.gzip), 8)} ${kib(f.brotli)}`);
  if (t.formsBundled) {
    lines.push(`forms entry as esbuild ships it (KiB raw / gzip / brotli): ${kib(t.formsBundled.total.raw)} / ${kib(t.formsBundled.total.gzip)} / ${kib(t.formsBundled.total.brotli)}`);
    for (const f of t.formsBundled.files) lines.push(`  ${pad(f.file, 62)} ${pad(kib(f.raw), 8)} ${pad(kib(f.gzip), 8)} ${kib(f.brotli)}`);
  }
}
if (S.cold?.ms) {
  const a = S.cold.aboveBaselineMs;
  lines.push('', `cold start (ms, median of ${S.cold.runs}): baseline ${S.cold.ms.baseline.median}, ours ESM ${S.cold.ms.ours.median}, ours CJS ${S.cold.ms.oursCjs.median}, ours ESM + a client and one request built ${S.cold.ms.oursClient.median}, ajv+OpenAPI ${S.cold.ms.ajv.median}`);
  lines.push(`  above the baseline, paired by round: ESM ${a.ours.median}${spread(a.ours)}, CJS ${a.oursCjs.median}${spread(a.oursCjs)}, + client ${a.oursClient.median}${spread(a.oursClient)}, ajv ${a.ajv.median}${spread(a.ajv)}; inside the process: ESM ${S.cold.insideMs.esm.median}${spread(S.cold.insideMs.esm)}, CJS ${S.cold.insideMs.cjs.median}${spread(S.cold.insideMs.cjs)}`);
  const c = S.cold.cpuAboveBaselineMs;
  lines.push(`  CPU time above the baseline, paired by round: ESM ${c.ours.median}${spread(c.ours)}, CJS ${c.oursCjs.median}${spread(c.oursCjs)}, + client ${c.oursClient.median}${spread(c.oursClient)}, ajv ${c.ajv.median}${spread(c.ajv)}`);
}
if (S.browser?.navigationToResultMs) lines.push(`chromium (ms from navigation start, median of ${S.browser.runs}): empty ${round(S.browser.navigationToResultMs.empty.median, 1)}, ours ${round(S.browser.navigationToResultMs.ours.median, 1)}`);
if (S.navigation?.navigationToResultMs) {
  const v = S.navigation.navigationToResultMs;
  const a = S.navigation.aboveEmptyMs;
  lines.push(`chromium, esbuild bundles served gzipped (ms from navigation start, median of ${S.navigation.runs}): empty ${v.empty.median}, forms entry ${v.forms.median}, ajv ${v.ajv.median}; above empty, paired by round: forms ${a.forms.median}${spread(a.forms)}, ajv ${a.ajv.median}${spread(a.ajv)}; the same from each page's script request: forms ${S.navigation.aboveEmptyFromScriptRequestMs.forms.median}${spread(S.navigation.aboveEmptyFromScriptRequestMs.forms)}, ajv ${S.navigation.aboveEmptyFromScriptRequestMs.ajv.median}${spread(S.navigation.aboveEmptyFromScriptRequestMs.ajv)} (${S.navigation.ratioFromScriptRequest}x); gzip bytes ${JSON.stringify(S.navigation.gzipBytes)}`);
}
if (S.client?.usPerRequest) lines.push(`client (µs/request): ours ${S.client.usPerRequest.ours.median}, raw fetch ${S.client.usPerRequest.raw.median}, raw fetch + timeout signal ${S.client.usPerRequest.rawWithTimeoutSignal.median} (ours ${S.client.oursVsRawWithTimeout}x of it), ours with timeoutMs 0 ${S.client.usPerRequest.oursWithoutTimeout.median} (${S.client.oursWithoutTimeoutVsRaw}x raw fetch), raw fetch(new Request) like gloo-net ${S.client.usPerRequest.rawLikeOurs.median}`);
if (S.bulk?.projectsPerSecond) lines.push(`bulk (${S.bulk.projects} projects, concurrency ${S.bulk.concurrency}, projects/s): ours ${S.bulk.projectsPerSecond.ours.median}, hand loop ${S.bulk.projectsPerSecond.hand.median}, hand loop + timeout ${S.bulk.projectsPerSecond.handWithTimeout.median} (ours ${S.bulk.oursShareOfHandWithTimeout}x of it), ours with timeoutMs 0 ${S.bulk.projectsPerSecond.oursWithoutTimeout.median} (${S.bulk.oursWithoutTimeoutShareOfHand}x the hand loop)`);
if (S.ratelimit?.paced) {
  const r = S.ratelimit;
  const row = (name, x) => `  ${pad(name, 28)} ${pad(`${x.elapsedS} s`, 10)} ${pad(`${x.ofBound}x`, 8)} ${pad(`${x.pct429}%`, 8)} ${pad(`${x.rateLimited}/${x.requests}`, 12)} ${x.failed}`;
  lines.push('', `rate limit (${r.projects} projects, concurrency ${r.concurrency}, bucket ${r.bucket.capacity} + ${r.bucket.refillRate}/s, bound ${r.paced.boundS} s):`);
  lines.push(`  ${pad('', 28)} ${pad('time', 10)} ${pad('/bound', 8)} ${pad('429s', 8)} ${pad('429/requests', 12)} failed`);
  lines.push(row('package, pacing on', r.paced), row('  same, client retries off', r.pacedNoClientRetries), row('package, pacing off', r.unpaced), row('hand loop (Retry-After)', r.hand));
}
for (const [k, v] of Object.entries(S)) if (v?.error) lines.push(`${k}: ERROR ${v.error.split('\n')[0]}`);
lines.push('', `JSON: ${out}`);
process.stdout.write(`${lines.join('\n')}\n`);
