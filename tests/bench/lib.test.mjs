// The statistics and the browser helper of the benchmark harness (bench/lib.mjs): paired
// differences, the orders a round runs its sides in, and reading a page's result from its
// console (a page that throws fails at once instead of waiting out the timeout). No timing
// is asserted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { chromiumOrSkip, navigateForResult, orderings, pairedSummary, reportResult, roundSummary } from '../../bench/lib.mjs';

test('pairedSummary takes the median and spread of the per-round differences', () => {
  // Round by round: 10-1, 20-2, 30-30, 40-4, 50-5 = 9, 18, 0, 36, 45.
  const s = pairedSummary([10, 20, 30, 40, 50], [1, 2, 30, 4, 5]);
  const { ci95, ...rest } = s;
  assert.deepEqual(rest, { median: 18, p10: 0, p90: 45, n: 5 });
  // The median's bootstrap interval lies within the differences and holds the median.
  assert.ok(ci95[0] >= 0 && ci95[0] <= 18 && ci95[1] >= 18 && ci95[1] <= 45, JSON.stringify(ci95));
  assert.deepEqual(pairedSummary([10, 20, 30, 40, 50], [1, 2, 30, 4, 5]).ci95, ci95, 'seeded: the same interval each time');
  // Not the difference of the medians (30 - 5 = 25).
  assert.notEqual(s.median, 25);
  assert.throws(() => pairedSummary([1, 2], [1]), /unequal length/);
});

test('roundSummary rounds the figures (and an interval\'s ends) but not the count', () => {
  assert.deepEqual(roundSummary({ median: 1.26, p10: 0.04, p90: 2.95, n: 3 }), { median: 1.3, p10: 0, p90: 3, n: 3 });
  assert.deepEqual(roundSummary({ median: 0.1234, p10: 0, p90: 1, n: 2 }, 3), { median: 0.123, p10: 0, p90: 1, n: 2 });
  assert.deepEqual(roundSummary({ median: 1, p10: 1, p90: 1, n: 1, ci95: [0.96, 1.04] }), { median: 1, p10: 1, p90: 1, n: 1, ci95: [1, 1] });
});

test('orderings gives every order once, so each side takes each position equally often', () => {
  const orders = orderings(['empty', 'forms', 'ajv']);
  assert.equal(orders.length, 6);
  assert.equal(new Set(orders.map((o) => o.join())).size, 6);
  for (const side of ['empty', 'forms', 'ajv']) {
    for (let position = 0; position < 3; position += 1) {
      assert.equal(orders.filter((o) => o[position] === side).length, 2, `${side} at ${position}`);
    }
  }
  assert.deepEqual(orderings(['a']), [['a']]);
});

const chromium = await chromiumOrSkip();
test('navigateForResult reads the result a page logs, and fails at once on a page error', { skip: chromium.skipped, timeout: 60_000 }, async () => {
  const pages = {
    '/ok.html': `<script type="module">${reportResult('{ ok: true, t: performance.now(), answer: 42 }')}</script>`,
    '/throws.html': '<script type="module">throw new Error("broken page");</script>',
    '/not-ok.html': `<script type="module">${reportResult('{ ok: false, t: 1 }')}</script>`,
  };
  const server = createServer((req, res) => {
    const page = pages[req.url];
    res.writeHead(page ? 200 : 404, { 'content-type': 'text/html' }).end(page ?? '');
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const url = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch();
  try {
    const r = await navigateForResult(browser, `${url}/ok.html`);
    assert.equal(r.ok, true);
    assert.equal(r.answer, 42);
    assert.equal(typeof r.t, 'number');
    // A page with no script resource (its script is inline) has no request time.
    assert.equal(r.scriptAt, null);
    // The page's error, not the console wait's timeout.
    await assert.rejects(navigateForResult(browser, `${url}/throws.html`), /throws\.html: broken page/);
    await assert.rejects(navigateForResult(browser, `${url}/not-ok.html`), /not-ok\.html: \{"ok":false/);
    // Each navigation had a context of its own, closed afterwards.
    assert.equal(browser.contexts().length, 0);
  } finally {
    await browser.close();
    await new Promise((ok) => server.close(ok));
  }
});
