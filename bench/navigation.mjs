// 7. Chromium, from navigation start to the first validateBody result: the forms entry
// against ajv (compiling the official Atlas v2 schema, then validating once), both above an
// empty page, in the same run. Each page is an esbuild bundle (browser platform, minified),
// served gzipped from one loopback server, in a fresh browser context per navigation (no HTTP
// or code cache). A round navigates to the three pages once each, in each of the six orders
// in turn; what a page costs above the empty one is a difference within each round (paired),
// and the figures are medians of those, with p10/p90 in the JSON.
import { createServer } from 'node:http';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { loadSchema } from './ajv-openapi.mjs';
import { ROOT, chromiumOrSkip, navigateForResult, orderings, pairedRatios, pairedSummary, reportResult, round, roundSummary, summary } from './lib.mjs';

const BODY = '{ type: "PAGER_DUTY", serviceKey: "0123456789abcdef0123456789abcdef" }';
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.wasm': 'application/wasm' };

/** Bundles the three pages' scripts into `dir` (forms copies its .wasm next to the bundle). */
function bundle(pkgDir, dir) {
  const { buildSync } = createRequire(import.meta.url)('esbuild');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'forms'), { recursive: true });
  const schema = loadSchema();
  delete schema.source;
  writeFileSync(join(dir, 'schema.json'), JSON.stringify(schema));
  const sources = {
    empty: `const body = ${BODY};\n${reportResult("{ ok: typeof body.serviceKey === 'string', t: performance.now() }")}`,
    forms: `import { validateBody } from ${JSON.stringify(join(pkgDir, 'forms.js'))};\nconst body = ${BODY};\n${reportResult('{ ok: validateBody(body).length === 0, t: performance.now() }')}`,
    // As bench/ajv-openapi.mjs compiles it in Node: the same options and format.
    ajv: `import Ajv from 'ajv';\nimport schema from './schema.json';\nconst ajv = new Ajv({ allErrors: true, discriminator: true, strict: true, strictTypes: false, allowUnionTypes: true });\najv.addFormat('password', true);\nconst validate = ajv.compile(schema);\nconst body = ${BODY};\n${reportResult('{ ok: validate(body), t: performance.now() }')}`,
  };
  for (const [name, src] of Object.entries(sources)) {
    writeFileSync(join(dir, `${name}.src.mjs`), src);
    buildSync({
      entryPoints: [join(dir, `${name}.src.mjs`)],
      outfile: join(dir, `${name}.js`),
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      nodePaths: [join(ROOT, 'node_modules')],
      logLevel: 'error',
    });
  }
  // The forms entry fetches ./forms/forms_bg.wasm relative to its module (now the bundle).
  cpSync(join(pkgDir, 'forms', 'forms_bg.wasm'), join(dir, 'forms', 'forms_bg.wasm'));
  const files = {};
  for (const name of Object.keys(sources)) {
    files[`/${name}.html`] = `<!doctype html><meta charset="utf-8"><title>bench</title><link rel="icon" href="data:,"><script type="module" src="/${name}.js"></script>`;
    files[`/${name}.js`] = readFileSync(join(dir, `${name}.js`));
  }
  files['/forms/forms_bg.wasm'] = readFileSync(join(dir, 'forms', 'forms_bg.wasm'));
  return files;
}

/** Serves `files` (path -> text or bytes) gzipped, as a production server would. */
async function serveGzipped(files) {
  const gz = Object.fromEntries(Object.entries(files).map(([p, b]) => [p, gzipSync(Buffer.from(b), { level: 9 })]));
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    const body = gz[path];
    if (!body) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[path.slice(path.lastIndexOf('.'))], 'content-encoding': 'gzip', 'content-length': body.length, 'cache-control': 'no-store' });
    res.end(body);
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const bytes = Object.fromEntries(Object.entries(gz).filter(([p]) => !p.endsWith('.html')).map(([p, b]) => [p, b.length]));
  return { url: `http://127.0.0.1:${server.address().port}`, bytes, close: () => new Promise((ok) => server.close(ok)) };
}

export async function navigation({ pkgDir, quick = false }) {
  const chromium = await chromiumOrSkip();
  if (chromium.skipped) return { skipped: chromium.skipped };
  const server = await serveGzipped(bundle(pkgDir, join(ROOT, 'target', 'bench', `nav.${process.pid}`)));
  const browser = await chromium.launch();
  const pages = ['empty', 'forms', 'ajv'];
  const orders = orderings(pages);
  // 48 rounds: each order 8 times; 2 rounds first, not counted (the browser's own warm-up).
  const n = quick ? 2 : 48;
  const samples = Object.fromEntries(pages.map((p) => [p, []]));
  const fromScript = Object.fromEntries(pages.map((p) => [p, []]));
  try {
    for (let i = -2; i < n; i += 1) {
      for (const k of orders[(i + orders.length) % orders.length]) {
        const r = await navigateForResult(browser, `${server.url}/${k}.html`);
        if (i < 0) continue;
        if (typeof r.scriptAt !== 'number') throw new Error(`navigation ${k}: no Resource Timing entry for its script`);
        samples[k].push(r.t); // ms from navigation start to the first result
        fromScript[k].push(r.t - r.scriptAt);
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }
  const above = { forms: pairedSummary(samples.forms, samples.empty), ajv: pairedSummary(samples.ajv, samples.empty) };
  const minusEmpty = (k) => samples[k].map((x, i) => x - samples.empty[i]);
  const perRound = pairedRatios(minusEmpty('forms'), minusEmpty('ajv'));
  const aboveFromScript = { forms: pairedSummary(fromScript.forms, fromScript.empty), ajv: pairedSummary(fromScript.ajv, fromScript.empty) };
  return {
    runs: n,
    navigationToResultMs: Object.fromEntries(pages.map((p) => [p, roundSummary(summary(samples[p]))])),
    // Each page minus the empty page of the same round: medians, p10/p90.
    aboveEmptyMs: { forms: roundSummary(above.forms), ajv: roundSummary(above.ajv) },
    formsAboveEmptyMs: round(above.forms.median, 1),
    ajvAboveEmptyMs: round(above.ajv.median, 1),
    // The target: the two paired medians' ratio; its spread, the same ratio round by round
    // (with a bootstrap interval of its median).
    ratioFormsToAjv: round(above.forms.median / above.ajv.median, 2),
    ratioPerRound: roundSummary(perRound, 3),
    // Diagnostic: the same from the moment each page requested its script. The
    // three HTML pages differ only in that script's name, so up to there they cost the same
    // (on average) and only add noise (a new renderer, the HTML): the differences from
    // there estimate the same costs above the empty page with less of it.
    fromScriptRequestMs: Object.fromEntries(pages.map((p) => [p, roundSummary(summary(fromScript[p]))])),
    aboveEmptyFromScriptRequestMs: { forms: roundSummary(aboveFromScript.forms), ajv: roundSummary(aboveFromScript.ajv) },
    ratioFromScriptRequest: round(aboveFromScript.forms.median / aboveFromScript.ajv.median, 2),
    gzipBytes: server.bytes,
    note: 'esbuild bundles (browser, minified), served gzipped from loopback, fresh context per navigation, the result read from a console message (no script injected into the page); differences paired within rounds',
  };
}
