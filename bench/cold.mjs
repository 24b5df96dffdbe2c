// 3. Cold start. Node: a fresh process that imports the package and validates one body,
// versus the same script without the package, as an ES module and as CommonJS (each entry
// against the baseline of its own module kind; and versus ajv compiling the OpenAPI schema),
// spawned in interleaved order (the order reversed every round). What the package costs is
// the difference between two processes of the same round (paired), so that a load that
// changes between rounds moves both; the figures are medians of those, with p10/p90.
// Chromium: navigation to the first validation result versus an empty page, each in a fresh
// browser context (no cache).
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, chromiumOrSkip, navigateForResult, now, pairedSummary, reportResult, round, roundSummary, summary } from './lib.mjs';

const BODY = '{ type: "PAGER_DUTY", serviceKey: "0123456789abcdef0123456789abcdef" }';

/**
 * The line each script ends with: the process's CPU time so far (every thread, user and
 * system) as JSON on stderr, plus `extra` fields. A process waiting for a core on a loaded
 * machine takes longer but not more CPU: the paired CPU difference is the package's work,
 * steadier than the wall time it is reported next to.
 * @param {string} [extra]  more `, key: value` fields
 */
const reportCpu = (extra = '') => `const c = process.cpuUsage();\nprocess.stderr.write(JSON.stringify({ cpuMs: (c.user + c.system) / 1000${extra} }));\n`;

function scripts(pkgDir, dir) {
  const pkgUrl = pathToFileURL(join(pkgDir, 'index.node.mjs')).href;
  const ajvUrl = pathToFileURL(join(ROOT, 'bench', 'ajv-openapi.mjs')).href;
  const files = {
    // The same work without the package: read the body, "validate" it (a type check), print.
    baseline: `const body = ${BODY};\nconst ok = typeof body.serviceKey === 'string';\nprocess.stdout.write(String(ok));\n${reportCpu()}`,
    // The same as CommonJS: a .cjs main never starts Node's ESM loader (~4 ms here), so the
    // CJS entry is compared with this one, not with the ES module baseline.
    baselineCjs: `const body = ${BODY};\nconst ok = typeof body.serviceKey === 'string';\nprocess.stdout.write(String(ok));\n${reportCpu()}`,
    ours: `import { validateBody } from ${JSON.stringify(pkgUrl)};\nconst body = ${BODY};\nconst ok = validateBody(body).length === 0;\nprocess.stdout.write(String(ok));\n${reportCpu()}`,
    oursCjs: `const { validateBody } = require(${JSON.stringify(join(pkgDir, 'index.cjs'))});\nconst body = ${BODY};\nprocess.stdout.write(String(validateBody(body).length === 0));\n${reportCpu()}`,
    // Diagnostic: the same, then what a client user pays on top (the wasm glue, the client's
    // JS and the module's compilation, which the Node entries defer to first use): a client
    // made and one request built.
    oursClient: `import { AtlasClient, buildRequest, validateBody } from ${JSON.stringify(pkgUrl)};\nconst body = ${BODY};\nconst ok = validateBody(body).length === 0;\nnew AtlasClient({ token: 't' }).free();\nconst req = buildRequest({ op: 'create', groupId: '0123456789abcdef01234567', integrationType: 'PAGER_DUTY', body });\nprocess.stdout.write(String(ok && req.method === 'POST'));\n${reportCpu()}`,
    ajv: `import { compileAjv } from ${JSON.stringify(ajvUrl)};\nconst { validate } = compileAjv();\nconst body = ${BODY};\nprocess.stdout.write(String(validate(body)));\n${reportCpu()}`,
    // Diagnostics, less noisy than a whole process on a shared machine: the package's own
    // share timed inside the process (import or require, then the first validateBody),
    // written to stderr with the CPU time. A dynamic import stands in for the static one.
    // The time is read before anything touches process.stderr, whose first use creates the
    // stream (~2-3 ms here, which `process.stderr.write(String(performance.now() - t0))`
    // counted: the callee is evaluated before its argument).
    insideEsm: `const t0 = performance.now();\nconst { validateBody } = await import(${JSON.stringify(pkgUrl)});\nconst ok = validateBody(${BODY}).length === 0;\nconst insideMs = performance.now() - t0;\nprocess.stdout.write(String(ok));\n${reportCpu(', insideMs')}`,
    insideCjs: `const t0 = performance.now();\nconst { validateBody } = require(${JSON.stringify(join(pkgDir, 'index.cjs'))});\nconst ok = validateBody(${BODY}).length === 0;\nconst insideMs = performance.now() - t0;\nprocess.stdout.write(String(ok));\n${reportCpu(', insideMs')}`,
  };
  mkdirSync(dir, { recursive: true });
  return Object.fromEntries(
    Object.entries(files).map(([k, src]) => {
      const f = join(dir, `${k}.${k.endsWith('Cjs') ? 'cjs' : 'mjs'}`);
      writeFileSync(f, src);
      return [k, f];
    }),
  );
}

export function coldNode({ pkgDir, quick = false }) {
  const files = scripts(pkgDir, join(ROOT, 'target', 'bench', `cold.${process.pid}`));
  const n = quick ? 2 : 51;
  const names = Object.keys(files);
  const samples = Object.fromEntries(names.map((k) => [k, []]));
  const inside = { esm: [], cjs: [] };
  const cpu = Object.fromEntries(names.map((k) => [k, []]));
  for (let i = -2; i < n; i += 1) {
    const order = i % 2 === 0 ? names : [...names].reverse();
    for (const k of order) {
      const t0 = now();
      const r = spawnSync(process.execPath, [files[k]], { encoding: 'utf8' });
      const ms = (now() - t0) / 1e6;
      if (r.status !== 0 || r.stdout !== 'true') throw new Error(`cold start ${k}: exit ${r.status}, stdout ${r.stdout}, ${r.stderr}`);
      if (i < 0) continue;
      let report;
      try {
        report = JSON.parse(r.stderr);
      } catch {
        throw new Error(`cold start ${k}: no timing on stderr (${r.stderr})`);
      }
      if (k.startsWith('inside')) {
        inside[k === 'insideEsm' ? 'esm' : 'cjs'].push(report.insideMs);
      } else {
        samples[k].push(ms);
        cpu[k].push(report.cpuMs);
      }
    }
  }
  const med = Object.fromEntries(names.filter((k) => !k.startsWith('inside')).map((k) => [k, roundSummary(summary(samples[k]))]));
  // Each script minus its baseline in the same round.
  const pairs = { ours: 'baseline', oursCjs: 'baselineCjs', oursClient: 'baseline', ajv: 'baseline' };
  const above = Object.fromEntries(Object.entries(pairs).map(([k, base]) => [k, pairedSummary(samples[k], samples[base])]));
  const cpuAbove = Object.fromEntries(Object.entries(pairs).map(([k, base]) => [k, roundSummary(pairedSummary(cpu[k], cpu[base]))]));
  return {
    runs: n,
    ms: med,
    aboveBaselineMs: Object.fromEntries(Object.entries(above).map(([k, v]) => [k, roundSummary(v)])),
    // The same pairs' CPU time (every thread of the process, at its last line).
    cpuAboveBaselineMs: cpuAbove,
    // import (or require) + the first validateBody, timed inside the process.
    insideMs: { esm: roundSummary(summary(inside.esm), 2), cjs: roundSummary(summary(inside.cjs), 2) },
    oursAboveBaselineMs: round(above.ours.median, 1),
    oursCjsAboveBaselineMs: round(above.oursCjs.median, 1),
    oursClientAboveBaselineMs: round(above.oursClient.median, 1),
    ajvAboveBaselineMs: round(above.ajv.median, 1),
  };
}


export async function coldBrowser({ pkgDir, quick = false }) {
  const chromium = await chromiumOrSkip();
  if (chromium.skipped) return { skipped: chromium.skipped };
  const { serve } = await import(pathToFileURL(join(ROOT, 'scripts', 'static-server.mjs')).href);
  const head = '<!doctype html><meta charset="utf-8"><title>bench</title><link rel="icon" href="data:,">';
  const pages = {
    '/empty.html': `${head}<script type="module">
const body = ${BODY};
${reportResult("{ ok: typeof body.serviceKey === 'string', t: performance.now() }")}</script>`,
    '/ours.html': `${head}<script type="importmap">{ "imports": { "atlas-integrations": "/pkg/index.js" } }</script>
<script type="module">
import { validateBody } from 'atlas-integrations';
const body = ${BODY};
${reportResult('{ ok: validateBody(body).length === 0, t: performance.now() }')}</script>`,
  };
  const server = await serve({ mounts: { '/pkg/': pkgDir }, pages });
  const browser = await chromium.launch();
  const n = quick ? 2 : 21;
  const samples = { empty: { nav: [], wall: [] }, ours: { nav: [], wall: [] } };
  try {
    for (let i = -1; i < n; i += 1) {
      const order = i % 2 === 0 ? ['empty', 'ours'] : ['ours', 'empty'];
      for (const k of order) {
        const t0 = now();
        const r = await navigateForResult(browser, new URL(`/${k}.html`, server.url).href);
        const wall = (now() - t0) / 1e6;
        if (i >= 0) {
          samples[k].nav.push(r.t); // ms from navigation start (performance.timeOrigin) to the result
          samples[k].wall.push(wall);
        }
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }
  const s = (k, m) => summary(samples[k][m]);
  return {
    runs: n,
    chromium: browser.version?.() ?? null,
    navigationToResultMs: { empty: s('empty', 'nav'), ours: s('ours', 'nav') },
    wallMs: { empty: s('empty', 'wall'), ours: s('ours', 'wall') },
    oursAboveEmptyMs: round(pairedSummary(samples.ours.nav, samples.empty.nav).median, 1),
    note: 'loopback HTTP server, no throttling, fresh context (no HTTP or code cache) per navigation, the result read from a console message; wall: from opening the context to its close; above empty: paired within rounds',
  };
}
