// 3. Cold start. Node: a fresh process that imports the package and validates one body,
// versus the same script without the package, as an ES module and as CommonJS (each entry
// against the baseline of its own module kind; and versus ajv compiling the OpenAPI schema),
// spawned in interleaved order. Chromium: navigation to the first validation result versus
// an empty page, each in a fresh browser context (no cache).
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, chromiumOrSkip, now, round, summary } from './lib.mjs';

const BODY = '{ type: "PAGER_DUTY", serviceKey: "0123456789abcdef0123456789abcdef" }';

function scripts(pkgDir, dir) {
  const pkgUrl = pathToFileURL(join(pkgDir, 'index.node.mjs')).href;
  const ajvUrl = pathToFileURL(join(ROOT, 'bench', 'ajv-openapi.mjs')).href;
  const files = {
    // The same work without the package: read the body, "validate" it (a type check), print.
    baseline: `const body = ${BODY};\nconst ok = typeof body.serviceKey === 'string';\nprocess.stdout.write(String(ok));\n`,
    // The same as CommonJS: a .cjs main never starts Node's ESM loader (~4 ms here), so the
    // CJS entry is compared with this one, not with the ES module baseline.
    baselineCjs: `const body = ${BODY};\nconst ok = typeof body.serviceKey === 'string';\nprocess.stdout.write(String(ok));\n`,
    ours: `import { validateBody } from ${JSON.stringify(pkgUrl)};\nconst body = ${BODY};\nconst ok = validateBody(body).length === 0;\nprocess.stdout.write(String(ok));\n`,
    oursCjs: `const { validateBody } = require(${JSON.stringify(join(pkgDir, 'index.cjs'))});\nconst body = ${BODY};\nprocess.stdout.write(String(validateBody(body).length === 0));\n`,
    // Diagnostic: the same, then what a client user pays on top (the wasm glue, the client's
    // JS and the module's compilation, which the Node entries defer to first use): a client
    // made and one request built.
    oursClient: `import { AtlasClient, buildRequest, validateBody } from ${JSON.stringify(pkgUrl)};\nconst body = ${BODY};\nconst ok = validateBody(body).length === 0;\nnew AtlasClient({ token: 't' }).free();\nconst req = buildRequest({ op: 'create', groupId: '0123456789abcdef01234567', integrationType: 'PAGER_DUTY', body });\nprocess.stdout.write(String(ok && req.method === 'POST'));\n`,
    ajv: `import { compileAjv } from ${JSON.stringify(ajvUrl)};\nconst { validate } = compileAjv();\nconst body = ${BODY};\nprocess.stdout.write(String(validate(body)));\n`,
    // Diagnostics, less noisy than a whole process on a shared machine: the package's own
    // share timed inside the process (import or require, then the first validateBody),
    // written to stderr. A dynamic import stands in for the static one.
    insideEsm: `const t0 = performance.now();\nconst { validateBody } = await import(${JSON.stringify(pkgUrl)});\nconst ok = validateBody(${BODY}).length === 0;\nprocess.stderr.write(String(performance.now() - t0));\nprocess.stdout.write(String(ok));\n`,
    insideCjs: `const t0 = performance.now();\nconst { validateBody } = require(${JSON.stringify(join(pkgDir, 'index.cjs'))});\nconst ok = validateBody(${BODY}).length === 0;\nprocess.stderr.write(String(performance.now() - t0));\nprocess.stdout.write(String(ok));\n`,
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
  const n = quick ? 2 : 31;
  const names = Object.keys(files);
  const samples = Object.fromEntries(names.map((k) => [k, []]));
  const inside = { esm: [], cjs: [] };
  for (let i = -1; i < n; i += 1) {
    const order = i % 2 === 0 ? names : [...names].reverse();
    for (const k of order) {
      const t0 = now();
      const r = spawnSync(process.execPath, [files[k]], { encoding: 'utf8' });
      const ms = (now() - t0) / 1e6;
      if (r.status !== 0 || r.stdout !== 'true') throw new Error(`cold start ${k}: exit ${r.status}, stdout ${r.stdout}, ${r.stderr}`);
      if (i < 0) continue;
      if (k.startsWith('inside')) {
        const t = Number(r.stderr);
        if (!Number.isFinite(t)) throw new Error(`cold start ${k}: no timing on stderr (${r.stderr})`);
        inside[k === 'insideEsm' ? 'esm' : 'cjs'].push(t);
      } else {
        samples[k].push(ms);
      }
    }
  }
  const med = Object.fromEntries(names.filter((k) => !k.startsWith('inside')).map((k) => [k, summary(samples[k])]));
  return {
    runs: n,
    ms: med,
    // import (or require) + the first validateBody, timed inside the process.
    insideMs: { esm: summary(inside.esm), cjs: summary(inside.cjs) },
    oursAboveBaselineMs: round(med.ours.median - med.baseline.median, 1),
    oursCjsAboveBaselineMs: round(med.oursCjs.median - med.baselineCjs.median, 1),
    oursClientAboveBaselineMs: round(med.oursClient.median - med.baseline.median, 1),
    ajvAboveBaselineMs: round(med.ajv.median - med.baseline.median, 1),
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
window.__result = { ok: typeof body.serviceKey === 'string', t: performance.now() };
</script>`,
    '/ours.html': `${head}<script type="importmap">{ "imports": { "atlas-integrations": "/pkg/index.js" } }</script>
<script type="module">
import { validateBody } from 'atlas-integrations';
const body = ${BODY};
window.__result = { ok: validateBody(body).length === 0, t: performance.now() };
</script>`,
  };
  const server = await serve({ mounts: { '/pkg/': pkgDir }, pages });
  const browser = await chromium.launch();
  const n = quick ? 2 : 21;
  const samples = { empty: { nav: [], wall: [] }, ours: { nav: [], wall: [] } };
  try {
    for (let i = -1; i < n; i += 1) {
      const order = i % 2 === 0 ? ['empty', 'ours'] : ['ours', 'empty'];
      for (const k of order) {
        const context = await browser.newContext();
        const page = await context.newPage();
        const errors = [];
        page.on('pageerror', (e) => errors.push(e.message));
        const t0 = now();
        await page.goto(new URL(`/${k}.html`, server.url).href);
        await page.waitForFunction(() => window.__result !== undefined, null, { timeout: 20_000 });
        const wall = (now() - t0) / 1e6;
        const r = await page.evaluate(() => window.__result);
        await context.close();
        if (!r.ok || errors.length) throw new Error(`browser ${k}: ${JSON.stringify(r)} ${errors.join('; ')}`);
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
    oursAboveEmptyMs: round(s('ours', 'nav').median - s('empty', 'nav').median, 1),
    note: 'loopback HTTP server, no throttling, fresh context (no HTTP or code cache) per navigation',
  };
}
