// 1. Validation: validateBody per body (boundary crossing included) versus ajv compiled
// from the official OpenAPI schema, on the same corpus, interleaved in one process.
import { corpus } from './corpus.mjs';
import { compileAjv } from './ajv-openapi.mjs';
import { interleave, now, round, summary } from './lib.mjs';

const isValidOurs = (issues) => !issues.some((i) => i.severity === 'error');

/** Which corpus bodies each side accepts, and every disagreement (with its documented reason). */
export function agreement(api, ajv, entries) {
  const rows = entries.map((e) => {
    const ours = isValidOurs(api.validateBody(e.body));
    const theirs = ajv.validate(e.body);
    return { id: e.id, type: e.type, kind: e.kind, ours, ajv: theirs, stricter: e.stricter ?? null };
  });
  const disagreements = rows.filter((r) => r.ours !== r.ajv);
  return {
    bodies: rows.length,
    agree: rows.length - disagreements.length,
    validOurs: rows.filter((r) => r.ours).length,
    validAjv: rows.filter((r) => r.ajv).length,
    // Every one should carry `stricter` (documented in corpus.mjs and BENCHMARKS.md).
    disagreements: disagreements.map(({ id, ours, ajv: a, stricter }) => ({ id, ours, ajv: a, stricter })),
    undocumented: disagreements.filter((r) => !r.stricter).map((r) => r.id),
  };
}

export async function validation({ api, wasm, quick = false, log = () => {} }) {
  const all = corpus();
  const t0 = now();
  const ajv = compileAjv();
  const ajvCompileMs = (now() - t0) / 1e6;
  const agree = agreement(api, ajv, all);

  // Quick mode: 5 bodies (one valid and one invalid of a few types, and a non-object).
  const entries = quick
    ? ['PAGER_DUTY', 'SLACK', 'WEBHOOK'].map((t) => all.find((e) => e.type === t && e.kind === 'valid'))
        .concat([all.find((e) => e.kind === 'invalid' && e.id.includes('many-errors')), all.find((e) => e.kind === 'edge')])
    : all;
  const bodies = entries.map((e) => e.body);
  const valid = entries.filter((e) => e.kind === 'valid').map((e) => e.body);
  const invalid = entries.filter((e) => e.kind !== 'valid').map((e) => e.body);
  const rounds = quick ? 3 : 31;
  const reps = quick ? 1 : 8; // passes over the corpus per sample (a sample is then ~10 ms for ours)
  let sink = 0;

  const ours = (list, validate = api.validateBody) => () => {
    for (let k = 0; k < reps; k += 1) for (const b of list) sink += validate(b).length;
    return reps * list.length;
  };
  const theirs = (list) => () => {
    for (let k = 0; k < reps; k += 1) {
      for (const b of list) sink += ajv.validate(b) ? 0 : ajv.validate.errors.length;
    }
    return reps * list.length;
  };
  log(`validation: ${bodies.length} bodies, ${rounds} interleaved rounds x ${reps} passes`);
  const main = await interleave(
    {
      ours: ours(bodies),
      ajv: theirs(bodies),
      // The batch entry: one call for the whole corpus.
      oursBatch: () => {
        for (let k = 0; k < reps; k += 1) sink += api.validateBodies(bodies).length;
        return reps * bodies.length;
      },
      // The same Rust validator in the full module (what browsers' main entries run).
      oursFullModule: ours(bodies, wasm.validateBody),
      // What the boundary costs before any Rust runs: convert.rs stringifies every input.
      jsonStringify: () => {
        for (let k = 0; k < reps; k += 1) for (const b of bodies) sink += (JSON.stringify(b) ?? '').length;
        return reps * bodies.length;
      },
      // ajv, if it too had to take the body as JSON text (parse + validate): what a JSON-text
      // entry point would be compared with.
      ajvFromText: (() => {
        const texts = bodies.map((b) => JSON.stringify(b) ?? 'null');
        return () => {
          for (let k = 0; k < reps; k += 1) for (const t of texts) sink += ajv.validate(JSON.parse(t)) ? 0 : 1;
          return reps * texts.length;
        };
      })(),
    },
    { rounds },
  );
  const split = quick
    ? null
    : await interleave({ oursValid: ours(valid), ajvValid: theirs(valid), oursInvalid: ours(invalid), ajvInvalid: theirs(invalid) }, { rounds: 15 });

  // Decomposition of one call (what per-call overhead costs, whatever the body):
  //   version(): one crossing returning a short string (the floor of any export);
  //   validateBody(undefined): crossing + options + one issue object built (no JSON);
  //   validateBody(allBodies): one call on an array of every body: JSON.stringify and
  //     serde_json read it all, then the answer is not_an_object.
  const n = quick ? 2_000 : 50_000;
  const perCall = (f, times = n) => {
    for (let i = 0; i < Math.min(1000, times); i += 1) f();
    const samples = [];
    for (let r = 0; r < 5; r += 1) {
      const s = now();
      for (let i = 0; i < times; i += 1) f();
      samples.push((now() - s) / times);
    }
    return summary(samples).median;
  };
  const decomposition = {
    versionCallNs: perCall(() => (sink += api.version().length)),
    validateUndefinedNs: perCall(() => (sink += api.validateBody(undefined).length)),
    validateEmptyObjectNs: perCall(() => (sink += api.validateBody({}).length)),
    batchedConversionPerBodyNs: perCall(() => (sink += api.validateBody(bodies).length), quick ? 20 : 400) / bodies.length,
  };

  const med = (xs) => round(summary(xs).median, 1);
  const result = {
    bodies: bodies.length,
    corpusBodies: all.length,
    rounds,
    ajv: { version: ajv.version, compileMs: round(ajvCompileMs, 1), options: 'allErrors, discriminator, strict' },
    nsPerBody: {
      ours: summary(main.ours),
      ajv: summary(main.ajv),
      jsonStringify: summary(main.jsonStringify),
      ajvFromText: summary(main.ajvFromText),
      oursBatch: summary(main.oursBatch),
      oursFullModule: summary(main.oursFullModule),
    },
    ratioOursToAjv: round(summary(main.ours).median / summary(main.ajv).median, 2),
    split: split && {
      validNs: { ours: med(split.oursValid), ajv: med(split.ajvValid), bodies: valid.length },
      invalidNs: { ours: med(split.oursInvalid), ajv: med(split.ajvInvalid), bodies: invalid.length },
    },
    decomposition: Object.fromEntries(Object.entries(decomposition).map(([k, v]) => [k, round(v, 1)])),
    agreement: agree,
    ratioBatchToAjv: round(summary(main.oursBatch).median / summary(main.ajv).median, 2),
    ratioFullModuleToAjv: round(summary(main.oursFullModule).median / summary(main.ajv).median, 2),
    sink: sink % 7, // keeps the loops observable
  };
  return result;
}
