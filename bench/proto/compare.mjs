// Measures the prototype entry points (bench/proto/build.sh) against the shipped
// validateBody and ajv, interleaved on the full corpus, ns per body (medians).
//   ours            validateBody(body)                         (what the package ships)
//   jsonText        JSON.parse(validateBodyJson(JSON.stringify(body)))
//   batchJs         validateBodies(bodies)        one crossing for all, serde-wasm-bindgen out
//   batchJsonText   JSON.parse(validateBodiesJson(JSON.stringify(bodies)))
//   ajv             ajv.validate(body) (allErrors)
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ROOT, interleave, round, summary } from '../lib.mjs';
import { corpus } from '../corpus.mjs';
import { compileAjv } from '../ajv-openapi.mjs';

const require = createRequire(import.meta.url);
const p = require(join(ROOT, 'target', 'bench', 'proto', 'node', 'atlas_integrations.js'));
const { validate } = compileAjv();
const bodies = corpus().map((e) => e.body);
const n = bodies.length;
const reps = 8;
let sink = 0;

// Same answers (codes per body) from every entry point.
const codes = (list) => JSON.stringify(list.map((issues) => issues.map((i) => i.code)));
const a = codes(bodies.map((b) => p.validateBody(b)));
const b = codes(bodies.map((x) => JSON.parse(p.validateBodyJson(JSON.stringify(x) ?? 'null'))));
const c = codes(p.validateBodies(bodies));
const d = codes(JSON.parse(p.validateBodiesJson(JSON.stringify(bodies))));
if (!(a === b && b === c && c === d)) throw new Error('prototype entry points disagree');

const r = await interleave(
  {
    ours: () => { for (let k = 0; k < reps; k += 1) for (const x of bodies) sink += p.validateBody(x).length; return reps * n; },
    jsonText: () => { for (let k = 0; k < reps; k += 1) for (const x of bodies) sink += JSON.parse(p.validateBodyJson(JSON.stringify(x) ?? 'null')).length; return reps * n; },
    batchJs: () => { for (let k = 0; k < reps; k += 1) sink += p.validateBodies(bodies).length; return reps * n; },
    batchJsonText: () => { for (let k = 0; k < reps; k += 1) sink += JSON.parse(p.validateBodiesJson(JSON.stringify(bodies))).length; return reps * n; },
    ajv: () => { for (let k = 0; k < reps; k += 1) for (const x of bodies) sink += validate(x) ? 0 : validate.errors.length; return reps * n; },
  },
  { rounds: 21 },
);
const out = Object.fromEntries(Object.entries(r).map(([k, v]) => [k, round(summary(v).median, 0)]));
out.ratios = Object.fromEntries(Object.entries(out).map(([k, v]) => [k, round(v / out.ajv, 2)]));
process.stdout.write(`${JSON.stringify({ bodies: n, nsPerBody: out, sink: sink % 7 }, null, 1)}\n`);
