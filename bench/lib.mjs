// Shared helpers of the benchmark harness: statistics, timers, the package snapshot, the
// wasm instance behind the glue, and a description of the machine.
import { cpSync, existsSync, readFileSync, rmSync, mkdirSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { prng } from './corpus.mjs';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

export const now = () => Number(process.hrtime.bigint()); // ns

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function quantile(xs, q) {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const i = Math.min(s.length - 1, Math.max(0, Math.round(q * (s.length - 1))));
  return s[i];
}

/** `{ median, p10, p90, n }` of a list of samples. */
export function summary(xs) {
  return { median: median(xs), p10: quantile(xs, 0.1), p90: quantile(xs, 0.9), n: xs.length };
}

export const round = (x, d = 2) => (Number.isFinite(x) ? Number(x.toFixed(d)) : x);

/**
 * `summary` of `xs` with a 95% bootstrap interval of the median (2,000 resamples, seeded: the
 * same interval for the same samples on every run).
 * @param {number[]} xs
 */
function summaryWithCi(xs) {
  // The corpus's seeded PRNG: the same resamples on every run.
  const rand = prng(0x5eed);
  const medians = [];
  for (let k = 0; k < 2000 && xs.length > 0; k += 1) {
    medians.push(median(Array.from(xs, () => xs[Math.floor(rand() * xs.length)])));
  }
  return { ...summary(xs), ci95: [quantile(medians, 0.025), quantile(medians, 0.975)] };
}

/**
 * The ratios `a[i] / b[i]` of samples taken in the same round of `interleave` (paired: the
 * same moment of the machine), summarised: their median, p10 and p90, and a 95% bootstrap
 * interval of the median (2,000 resamples of the rounds, seeded).
 */
export function pairedRatios(a, b) {
  return summaryWithCi(a.map((x, i) => x / b[i]).filter(Number.isFinite));
}

/**
 * The per-round differences `a[i] - b[i]`, summarised as `pairedRatios` does: both sides
 * measured in the same round, so a load that changes between rounds moves both samples of
 * a pair alike and the difference keeps less of it than a difference of two medians would.
 * @param {number[]} a
 * @param {number[]} b  as many samples as `a`, round by round
 */
export function pairedSummary(a, b) {
  if (a.length !== b.length) throw new Error(`paired samples of unequal length: ${a.length} and ${b.length}`);
  return summaryWithCi(a.map((x, i) => x - b[i]));
}

/** A summary (`{ median, p10, p90, n }`, maybe `ci95`) with its figures rounded to `d` decimals. */
export const roundSummary = (s, d = 1) =>
  Object.fromEntries(Object.entries(s).map(([k, v]) => [k, k === 'n' ? v : Array.isArray(v) ? v.map((x) => round(x, d)) : round(v, d)]));

/**
 * Every ordering of `xs` (6 for 3 sides): round `i` runs them in `orders[i % orders.length]`,
 * so that each side takes each position equally often over a multiple of that many rounds.
 * @template T
 * @param {T[]} xs
 * @returns {T[][]}
 */
export function orderings(xs) {
  if (xs.length <= 1) return [xs];
  return xs.flatMap((x, i) => orderings([...xs.slice(0, i), ...xs.slice(i + 1)]).map((rest) => [x, ...rest]));
}

/**
 * Runs the named functions in interleaved rounds (the order alternates every round, so that
 * neither side always runs first), each call timed on its own. Each function returns the
 * number of units it processed (bodies, requests); the samples are ns per unit.
 */
export async function interleave(fns, { rounds, warmup = 2 }) {
  const names = Object.keys(fns);
  const samples = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = -warmup; r < rounds; r += 1) {
    const order = r % 2 === 0 ? names : [...names].reverse();
    for (const n of order) {
      const t0 = now();
      const units = await fns[n]();
      const dt = now() - t0;
      if (r >= 0) samples[n].push(dt / units);
    }
  }
  return samples;
}

/**
 * Copies pkg/ to a private directory, so that a rebuild by someone else during the run
 * cannot mix two builds. Returns its path; removed at exit.
 */
export function snapshotPkg(from = process.env.ATLAS_BENCH_PKG || join(ROOT, 'pkg')) {
  if (!existsSync(join(from, 'package.json'))) {
    throw new Error(`${from} has no package.json: build it first (scripts/build-pkg.sh)`);
  }
  const base = join(ROOT, 'target', 'bench');
  mkdirSync(base, { recursive: true });
  const to = join(base, `pkg.${process.pid}`);
  rmSync(to, { recursive: true, force: true });
  cpSync(from, to, { recursive: true });
  process.on('exit', () => rmSync(to, { recursive: true, force: true }));
  return to;
}

export function pkgInfo(dir) {
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const hash = (f) => createHash('sha256').update(readFileSync(join(dir, f))).digest('hex').slice(0, 16);
  return {
    version: pkg.version,
    webWasmSha256: hash('web/atlas_integrations_bg.wasm'),
    // The Node glue's module is embedded (scripts/embed-wasm.mjs).
    nodeWasmSha256: createHash('sha256').update(createRequire(import.meta.url)(join(dir, 'node', 'atlas_integrations_bg.bytes.cjs'))()).digest('hex').slice(0, 16),
  };
}

/**
 * Loads the Node (CommonJS) entry of the package and returns it with the wasm instances the
 * glues created (the full module's, and the forms module's memory). The glues keep their
 * instance in a module-local variable, so the constructor is observed for the synchronous
 * `new WebAssembly.Instance` each makes on the first call that needs its module.
 */
export function loadNode(pkgDir) {
  const Original = WebAssembly.Instance;
  const instances = [];
  function Capturing(module, imports) {
    const instance = new Original(module, imports);
    instances.push(instance);
    return instance;
  }
  Capturing.prototype = Original.prototype;
  WebAssembly.Instance = Capturing;
  let api;
  try {
    api = require(resolve(pkgDir, 'index.cjs'));
    // Each module is instantiated on first use: the forms module by version(), the full one
    // by validateOperation().
    api.version();
    api.validateOperation({ op: 'get' });
  } finally {
    WebAssembly.Instance = Original;
  }
  if (instances.length !== 2) throw new Error(`expected the forms and the full module to be instantiated, saw ${instances.length} (was the package already loaded in this process?)`);
  const [forms, instance] = instances;
  return { api, instance, memory: instance.exports.memory, formsMemory: forms.exports.memory };
}

export function machine() {
  let model = cpus()[0]?.model ?? 'unknown';
  try {
    const m = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (m) model = m[1].trim();
  } catch {
    /* not Linux */
  }
  return {
    nproc: cpus().length,
    cpu: model,
    node: process.version,
    v8: process.versions.v8,
    platform: `${process.platform}-${process.arch}`,
    loadavg: loadavg().map((x) => round(x, 2)),
  };
}

export const kib = (n) => round(n / 1024, 1);

/**
 * `{ launch }`, which starts headless Chromium as the tests do (tests/support/chromium.mjs:
 * playwright-core, and the flags this closed machine needs), or `{ skipped }` saying why it
 * cannot (no playwright-core, no Chromium binary).
 */
export async function chromiumOrSkip() {
  let support;
  try {
    // Imported here, not at the top: it imports playwright-core, which may be missing.
    support = await import('../tests/support/chromium.mjs');
  } catch (e) {
    return { skipped: `playwright-core is not installed (${e.code ?? e.message})` };
  }
  if (!existsSync(support.CHROMIUM_PATH)) return { skipped: `no Chromium at ${support.CHROMIUM_PATH} (set CHROMIUM)` };
  return { launch: () => support.launchChromium() };
}

/** What a benchmark page logs with its result (see `reportResult`). */
const RESULT_MARK = 'atlas-bench-result';

/**
 * The statement a benchmark page ends with: it logs `expr` (an object with `ok` and `t`,
 * `performance.now()` at the result) to the console, where `navigateForResult` reads it,
 * with `scriptAt`: when the page requested its first script (Resource Timing), read after
 * `t`. Pages whose HTML differs only in that script's name get there alike; from there on,
 * their times differ only by what the page itself does (see bench/navigation.mjs).
 * @param {string} expr  JavaScript source of the result object
 */
export const reportResult = (expr) =>
  `console.debug(${JSON.stringify(RESULT_MARK)}, JSON.stringify({ ...(${expr}), scriptAt: performance.getEntriesByType('resource').find((e) => e.initiatorType === 'script')?.startTime ?? null }));\n`;

/**
 * Opens `url` in a fresh context of `browser` (no HTTP or code cache) and returns the result
 * the page reports (`reportResult`). The page's console message is awaited, not polled:
 * Playwright's `waitForFunction` injects its own script (~330 KB) into the page, which then
 * ran on the page's main thread in the middle of whatever the page was still doing (a wasm
 * fetch and compile: +20-35 ms on this machine), so it weighed on the pages that finish
 * late and not on those that finish early.
 * @param {import('playwright-core').Browser} browser
 * @param {string} url
 * @returns {Promise<{ ok: boolean, t: number, scriptAt: number | null }>}
 */
export async function navigateForResult(browser, url) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const errors = [];
    const failed = new Promise((_, reject) => page.on('pageerror', (e) => reject(new Error(`${url}: ${e.message}`))));
    const reported = page.waitForEvent('console', { predicate: (m) => m.text().startsWith(`${RESULT_MARK} `), timeout: 20_000 });
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    // Whichever of the two loses the race settles later, unobserved.
    for (const p of [failed, reported]) p.catch(() => {});
    await page.goto(url, { waitUntil: 'commit' });
    const message = await Promise.race([reported, failed]);
    const r = JSON.parse(message.text().slice(RESULT_MARK.length + 1));
    if (!r.ok || errors.length) throw new Error(`${url}: ${JSON.stringify(r)} ${errors.join('; ')}`);
    return r;
  } finally {
    await context.close();
  }
}
