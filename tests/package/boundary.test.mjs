// Property tests of the boundary: every entry's validateBody is the Rust validator, through
// wasm. For random JSON-able JS values (integration-shaped bodies and arbitrary JSON), the
// forms module's answer and the full module's answer both equal the native Rust answer on
// the same JSON text (tests/native/validate_lines.rs, through cargo). A new seed each run,
// printed; replay one with ATLAS_SEED=<seed> node --test tests/package/boundary.test.mjs.
// Values JSON cannot carry (BigInt, cycles, throwing getters, proxies, lone surrogates, deep
// nesting) must get the same issue from both modules, never a trap.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { createRequire } from 'node:module';
import { ROOT, PKG } from './helpers.mjs';
import { corpus, prng } from '../../bench/corpus.mjs';

const require = createRequire(import.meta.url);
const full = require(`${PKG}node/atlas_integrations.js`);
const forms = require(`${PKG}forms.cjs`);
const pkg = require(`${PKG}index.cjs`);
const catalogue = forms.describeTypes();
const FLAVOURS = catalogue.flavours.map((f) => f.id);
const SEED = process.env.ATLAS_SEED === undefined ? randomInt(2 ** 31) : Number(process.env.ATLAS_SEED);
console.log(`boundary property tests: seed ${SEED} (replay: ATLAS_SEED=${SEED} node --test tests/package/boundary.test.mjs)`);
const CASES = 3000;

const hex = (r, n, alphabet = '0123456789abcdefABCDEF') => Array.from({ length: n }, () => alphabet[Math.floor(r() * alphabet.length)]).join('');
const STRINGS = ['', 'x', ' x ', 'é', 'café', '\u00a0', 'a"b\\c', 'tab\there', '😀', 'x'.repeat(90), '****', '****1234', '*12345',
  '***é€ab', 'https://webhook.com/****', '\u0085', 'Ā', '\u0000', 'line\nbreak', '\uffff', 'https://example.com', 'http://127.0.0.1:8080/p?q=1',
  '{"id":"${alertId}"}', '[${a}]', 'not json', '0.0.0.0:9216', '/etc/ssl/prom.pem', 'C:\\certs\\p.pem', 'US', 'EU', 'us'];
const NUMBERS = [0, -0, 1, -1, 1.5, -1.5, 0.1, 1e21, 1e-7, 1e308, -1e308, 5e-324, 2 ** 53, 2 ** 53 + 2, 2 ** 64, -(2 ** 63), 9216, 123456789.123];

/** An arbitrary JSON value of at most `depth` levels. */
function json(r, depth) {
  const pick = (xs) => xs[Math.floor(r() * xs.length)];
  const n = r();
  if (depth <= 0 || n < 0.45) return pick([null, true, false, pick(NUMBERS), pick(STRINGS), pick(STRINGS), r() * 1e6 - 5e5]);
  if (n < 0.7) return Array.from({ length: Math.floor(r() * 5) }, () => json(r, depth - 1));
  const out = {};
  for (let i = Math.floor(r() * 6); i > 0; i -= 1) out[pick([...STRINGS, 'type', 'id', 'apiKey', 'region', 'url'])] = json(r, depth - 1);
  return out;
}

/** A value for a catalogue field: mostly near its rules (lengths, enums, hex), sometimes anything. */
function valueFor(r, field) {
  const pick = (xs) => xs[Math.floor(r() * xs.length)];
  if (r() < 0.25) return json(r, 2);
  const k = field.kind;
  switch (k.type) {
    case 'hexKey':
      return pick([hex(r, k.maxLength), hex(r, k.maxLength, '0123456789abcdef'), hex(r, k.maxLength - 1), hex(r, k.maxLength + 1), `${hex(r, k.maxLength - 1)}g`]);
    case 'enum':
      return pick([...k.options, ...k.options.map((o) => o.toLowerCase()), 'NOPE']);
    case 'boolean':
      return pick([true, false, 'true', 1]);
    default: {
      const bound = k.maxLength ?? 10;
      const len = pick([0, 1, k.minLength ?? 1, bound - 1, bound, bound + 1]);
      return r() < 0.3 ? pick(STRINGS) : pick(['a', 'é', 'Z']).repeat(Math.max(len, 0));
    }
  }
}

/** An integration-shaped body: a type (sometimes a wrong one), some of its fields, extras. */
function body(r) {
  const def = catalogue.types[Math.floor(r() * catalogue.types.length)];
  const out = {};
  if (r() < 0.9) out.type = r() < 0.9 ? def.name : json(r, 1);
  for (const f of def.fields) if (r() < 0.7) out[f.name] = valueFor(r, f);
  if (r() < 0.2) out[['foo', 'id', 'é', 'Zeta'][Math.floor(r() * 4)]] = json(r, 2);
  return out;
}

/** The JSON-able cases of this run: [flavour, pathType (or undefined), value]. */
function cases() {
  const r = prng(SEED);
  const pathTypes = [undefined, undefined, undefined, 'PAGER_DUTY', 'SLACK', 'WEBHOOK', 'NOPE'];
  return Array.from({ length: CASES }, () => [
    FLAVOURS[Math.floor(r() * FLAVOURS.length)],
    pathTypes[Math.floor(r() * pathTypes.length)],
    r() < 0.75 ? body(r) : json(r, 4),
  ]);
}

/** The native answers for `[flavour, pathType, value]` cases, one cargo run for all of them. */
function native(list) {
  const input = list.map(([flavour, pathType, value]) => `${flavour}\t${pathType ?? ''}\t${JSON.stringify(value)}\n`).join('');
  const out = execFileSync('cargo', ['run', '--quiet', '--example', 'validate-lines'], { cwd: ROOT, input, encoding: 'utf8', maxBuffer: 1 << 28 });
  return out.trimEnd().split('\n').map((line) => JSON.parse(line));
}

const show = (v) => JSON.stringify(v).slice(0, 400);

test(`random JSON-able values: the forms module, the full module and native Rust agree (${CASES} cases)`, () => {
  const list = cases();
  const expected = native(list);
  assert.equal(expected.length, list.length);
  const codes = new Set();
  list.forEach(([flavour, integrationType, value], i) => {
    const opts = integrationType === undefined ? { flavour } : { flavour, integrationType };
    const want = expected[i];
    assert.notEqual(want, null, `native read case ${i}`);
    assert.deepEqual(forms.validateBody(value, opts), want, `seed ${SEED}, case ${i}: forms module, ${show(value)} with ${show(opts)}`);
    assert.deepEqual(full.validateBody(value, opts), want, `seed ${SEED}, case ${i}: full module, ${show(value)} with ${show(opts)}`);
    for (const issue of want) codes.add(issue.code);
  });
  // Otherwise the comparison proves little: the run must reach a good share of the codes.
  assert.ok(codes.size >= 10, `only ${[...codes]}`);
});

test('the benchmark corpus: the forms module, the full module and native Rust agree in every flavour', () => {
  const list = corpus().flatMap((e) => FLAVOURS.map((f) => [f, undefined, e.body]));
  const expected = native(list);
  list.forEach(([flavour, , value], i) => {
    assert.deepEqual(forms.validateBody(value, { flavour }), expected[i], `${flavour}: ${show(value)}`);
    assert.deepEqual(full.validateBody(value, { flavour }), expected[i], `${flavour}: ${show(value)}`);
  });
  assert.deepEqual(forms.validateBodies(list.map((c) => c[2]), { flavour: 'atlasV2' }), full.validateBodies(list.map((c) => c[2]), { flavour: 'atlasV2' }));
});

// What JSON cannot carry, or carries differently: both modules answer alike (an issue, never a
// trap), and the instance keeps working afterwards.
test('hostile values: the same issue from both modules, and the instance keeps working', () => {
  const cyclic = { type: 'SLACK' };
  cyclic.self = cyclic;
  const throwing = { type: 'SLACK', get apiToken() { throw new Error('secret-in-message'); } };
  const revoked = Proxy.revocable({}, {});
  revoked.revoke();
  let deep = 0;
  for (let i = 0; i < 10_000; i += 1) deep = [deep];
  const values = [undefined, 10n, { type: 'PAGER_DUTY', serviceKey: 10n }, cyclic, throwing, revoked.proxy, Symbol('s'), () => 1,
    '\ud800', { type: 'SLACK', apiToken: 'a\udc00' }, { type: 'SLACK', apiToken: { toJSON: () => 'tok' } }, deep,
    new Proxy({}, { ownKeys() { throw new Error('trap'); } }), new Array(200_000).fill({}), JSON.parse('{"__proto__":1,"type":"SLACK"}')];
  for (const v of values) {
    const a = forms.validateBody(v);
    assert.deepEqual(a, full.validateBody(v), typeof v);
    assert.ok(Array.isArray(a) && a.every((i) => typeof i.code === 'string' && !i.message.includes('secret-in-message')), typeof v);
    assert.deepEqual(pkg.validateBody(v), a);
  }
  assert.deepEqual(forms.validateBodies([cyclic, {}, 10n]), full.validateBodies([cyclic, {}, 10n]));
  // The two texts JSON.stringify writes that JSON readers refuse say why, not "syntax error".
  const why = (v) => forms.validateBody(v).map((i) => `${i.code}: ${i.message}`);
  assert.deepEqual(why({ type: 'SLACK', apiToken: 'a\udc00' }), ['invalid_json: The value cannot be read as JSON (it holds half of a UTF-16 surrogate pair, which JSON cannot carry).']);
  let nested = 0;
  for (let i = 0; i < 200; i += 1) nested = [nested];
  assert.deepEqual(why({ type: 'SLACK', n: nested }), ['invalid_json: The value cannot be read as JSON (it is nested more than 128 levels deep).']);
  assert.deepEqual(forms.validateBody({ type: 'SLACK', apiToken: 'xoxb-1', channelName: 'a' }).map((i) => i.code), ['slack_oauth_required']);
});

test('bad options throw the same AtlasConfigError from both modules', () => {
  for (const call of [(m) => m.validateBody({}, { flavour: 'atlas' }), (m) => m.validateBodies([], { flavour: 5 }), (m) => m.validateBodies({}),
    (m) => m.describeTypes('nope'), (m) => m.jsonSchema(5), (m) => m.jsonSchema('SLACK', 'x')]) {
    const thrown = (m) => {
      try {
        call(m);
      } catch (e) {
        return [e instanceof Error, e.name, e.code, e.message];
      }
      return 'no error';
    };
    assert.equal(thrown(forms)[1], 'AtlasConfigError');
    assert.deepEqual(thrown(forms), thrown(full));
  }
});
