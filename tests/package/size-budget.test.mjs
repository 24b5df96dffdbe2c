// What a browser downloads, held within about 3 % of today's size: a change that pulls in a
// large piece of the standard library by accident (str::parse::<f64> brings core's float
// parser, ~12 KiB gzip; float Display brings its formatter) fails here instead of shipping.
// A deliberate growth raises the budget in the same commit, with its reason in
// BENCHMARKS.md; a deliberate cut lowers it. Sizes are gzip -9, as bench/size.mjs counts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { PKG } from './helpers.mjs';

const BUDGET = {
  // 60,191 B at the fourth pass on issues 14 and 15.
  'forms/forms_bg.wasm': 62_000,
  // 145,672 B at the same commit.
  'web/atlas_integrations_bg.wasm': 150_000,
};

test('each WebAssembly module stays within its gzip budget', () => {
  for (const [file, budget] of Object.entries(BUDGET)) {
    const gzip = gzipSync(readFileSync(`${PKG}${file}`), { level: 9 }).length;
    assert.ok(gzip <= budget, `${file}: ${gzip} B gzip, over its budget of ${budget} B (see the header of this test)`);
  }
});
