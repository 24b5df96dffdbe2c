// The package's validateBody and validateBodies run in JS (pkg-template/js/validate.js): a
// fast path that reads plain objects in place, and an exact path that does what the wasm
// boundary does (JSON.stringify, serde_json's limits) for everything else. The Rust
// validator is the reference. These tests hold the two engines together: for the benchmark
// corpus and thousands of generated bodies per flavour, the JS answer must equal the wasm
// answer, issue for issue and in order; the fast path must answer most bodies (or the speed
// claim is empty); and between them they must produce every body issue code (or the
// comparison proves little).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { isDeepStrictEqual } from 'node:util';
import { PKG } from './helpers.mjs';
import { corpus, prng } from '../../bench/corpus.mjs';

const require = createRequire(import.meta.url);
const wasm = require(`${PKG}node/atlas_integrations.js`);
const { validation } = require(`${PKG}node/validate.cjs`);
const pkg = require(`${PKG}index.cjs`);
const js = validation(wasm.describeTypes);
const catalogue = wasm.describeTypes();
const FLAVOURS = catalogue.flavours.map((f) => f.id);
/** Every issue code the fast path produced, over all tests (checked by the last one). */
const codes = new Set();

const hex = (r, n, alphabet = '0123456789abcdefABCDEF') => Array.from({ length: n }, () => alphabet[Math.floor(r() * alphabet.length)]).join('');
const deep = (n) => `${'['.repeat(n)}${']'.repeat(n)}`;
/** `n` arrays, each inside the next. */
const nest = (n) => {
  let v = 0;
  for (let i = 0; i < n; i += 1) v = [v];
  return v;
};
/** An object with an own `__proto__` key, as JSON.parse makes it. */
const protoKey = () => JSON.parse('{"type":"PAGER_DUTY","__proto__":1}');

// Values every field sees now and then: wrong JSON types, edge strings, masked echoes, and
// what JSON.stringify changes or cannot handle (the fast path must decline those).
const COMMON = [
  undefined, null, '', 0, -1.5, NaN, Infinity, true, false, [], [1, 'a', null, undefined], {}, { a: 1, b: [2] },
  [[1]], { a: { b: 1 } }, 'x', ' x ', 'é', 'café', '\u00a0', 'a"b\\c', 'tab\there', '😀', '\ud800', 'x'.repeat(90),
  '****', '****1234', '*12345', '***é€ab', '**é€a', 'ab***cd', 'https://webhook.com/****', '\u0085', 'Ā',
  new Date(0), 10n, Symbol('s'), () => 1, Object.assign(Object.create({ inherited: 1 }), { own: 2 }), new Map(),
];
const URLS = [
  'https://example.com', 'http://example.com:8080/path?q=1#f', 'HTTPS://user:pw@hooks.example.com/x', 'https://[::1]:443/',
  'https://10.0.0.1/a', 'https://example.com./', 'example.com', 'ftp://example.com', 'https://', 'https:///path',
  'https://exa mple.com', 'https://example.com/a b', 'https://example.com:0/', 'https://example.com:99999/',
  'https://example.com:/', 'https://::1/', 'https://a..b/', 'https://.a/', 'https://ex\u0007ample.com', 'https://ex%41mple.com',
  'https://exämple.com', 'https://example.com/pä', 'https://exa\u2003mple.com', 'https://ex\u0085ample.com',
  'https://example.com/\u00a0', 'https://a@b@c.com/', 'https://[zz]/', 'https://[]/', 'https://[::1', 'https://a.b:65535',
  'https://a.b:65536', 'https://a_b-c.d', 'https://x.com?y', 'hTtP://X.COM', 'https://x.com/****', 'https://x.com/a*b',
];
const HOST_PORTS = ['0.0.0.0:9216', 'metrics.local:9216', '[::]:9216', '9216', ':9216', 'host:', 'host:port', 'a:1:2', '[::1]', 'h/x:1', 'é:1', 'host:00080', 'host:123456', '[::1]:x'];
const PATHS = ['/etc/ssl/prom.pem', 'C:\\certs\\prom.pem', 'd:/certs/prom.pem', 'certs/prom.pem', 'C:prom.pem', '', '/a\u0000b', '/a\u009fb', 'é:/x', '1:/x', '/é'];
const TEMPLATES = [
  '{"id":"${alertId}","v":${metricValue}}', '[${a}, ${b}]', '{"X-Event":"${eventType}"}', '[${a}]', '{"id": ${alertId', 'alert ${id}',
  '{"a":1e400}', '{"a":-1e309}', '{"a":1e308}', '{"a":"\\ud800"}', '{"a":"\\ud83d\\ude00"}', '{"\\udc00":1}', '  {"x":1}  ', '{}', 'not json',
  deep(99), deep(120), deep(200), `{"a":${deep(90)}}`, '{"a":"é"}', 'é'.repeat(3000), `{"a":"${'é'.repeat(2100)}"}`, `{"a":"${'x'.repeat(5000)}"}`,
  '${}', '${a}${b}', '{"a":${x}} ${', 'null', '0', '"s"', 'true', '{"a":01}', '{"a":1,}',
];

function valueFor(r, field) {
  const pick = (xs) => xs[Math.floor(r() * xs.length)];
  if (r() < 0.3) return pick(COMMON);
  const k = field.kind;
  switch (k.type) {
    case 'hexKey':
      return pick([hex(r, k.maxLength), hex(r, k.maxLength, '0123456789abcdef'), hex(r, k.maxLength - 1), hex(r, k.maxLength + 1), `${hex(r, k.maxLength - 1)}g`, hex(r, k.maxLength).toUpperCase()]);
    case 'enum':
      return pick([...k.options, ...k.options.map((o) => o.toLowerCase()), 'NOPE', 'é', 'a"b']);
    case 'boolean':
      return pick([true, false, 'true', 1]);
    case 'url':
      return pick(URLS);
    case 'hostPort':
      return pick(HOST_PORTS);
    case 'absolutePath':
      return pick(PATHS);
    case 'template':
      return pick(TEMPLATES);
    default: {
      const bound = k.maxLength ?? 10;
      const len = pick([0, 1, k.minLength ?? 1, bound - 1, bound, bound + 1, bound + 5]);
      return pick(['a', 'é', 'Z']).repeat(Math.max(len, 0));
    }
  }
}

const TYPES = [...catalogue.types.map((t) => t.name), 'pager_duty', 'NOPE', '', null, 5, 'X'.repeat(50), 'é', 'a"b', undefined];
const EXTRA_KEYS = ['foo', 'Zeta', 'alpha', 'é', 'a"b', 'toJSON', 'id', 'x'.repeat(60), 'ünïcode', 'b\\c', '', '😀', '\uffff'];

/** A body of `type`: each field present or not, with a random value, plus random extras. */
function body(r, type) {
  const def = catalogue.types.find((t) => t.name === type) ?? catalogue.types[Math.floor(r() * catalogue.types.length)];
  const out = {};
  if (type !== undefined || r() < 0.5) out.type = type;
  for (const f of def.fields) if (r() < 0.7) out[f.name] = valueFor(r, f);
  if (r() < 0.3) out.id = [null, 'abc', 5][Math.floor(r() * 3)];
  for (const key of EXTRA_KEYS) if (r() < 0.08) out[key] = r() < 0.5 ? 1 : 'v';
  return out;
}

function* options(r) {
  for (const flavour of [...FLAVOURS, undefined, null]) {
    const pathTypes = [undefined, 'PAGER_DUTY', 'SLACK', 'NOPE', 5, 'é'];
    yield flavour === undefined && r() < 0.5 ? undefined : { flavour, integrationType: pathTypes[Math.floor(r() * pathTypes.length)] };
  }
}

/**
 * Runs `f` and says whether it took the exact path: only that path hands JSON.stringify
 * anything but a string (the fast path quotes strings with it).
 */
function tookExactPath(f) {
  const original = JSON.stringify;
  let exact = false;
  JSON.stringify = function stringify(value, ...rest) {
    if (typeof value !== 'string') exact = true;
    return original.call(this, value, ...rest);
  };
  try {
    f();
  } finally {
    JSON.stringify = original;
  }
  return exact;
}

/** Compares the JS answer with the reference; returns whether the fast path gave it. */
function agree(b, opts, where) {
  const reference = wasm.validateBody(b, opts);
  let answer;
  const exact = tookExactPath(() => {
    answer = js.validateBody(b, opts);
  });
  if (!isDeepStrictEqual(answer, reference)) assert.deepEqual(answer, reference, `${where}: ${describe(b)} with ${describe(opts)}`);
  for (const i of answer) codes.add(i.code);
  // The exported function is this one.
  assert.deepEqual(pkg.validateBody(b, opts), reference, where);
  return !exact;
}

function describe(b) {
  try {
    return String(JSON.stringify(b, (k, v) => (typeof v === 'bigint' ? `${v}n` : v))).slice(0, 300);
  } catch {
    try {
      return String(b);
    } catch {
      return typeof b;
    }
  }
}

test('the fast path agrees with the Rust validator on the whole benchmark corpus, in every flavour', () => {
  let answered = 0;
  let total = 0;
  for (const entry of corpus()) {
    for (const flavour of FLAVOURS) {
      total += 1;
      if (agree(entry.body, { flavour }, entry.id)) answered += 1;
    }
  }
  // The corpus is what forms send; the speed claim rests on the fast path answering it.
  assert.ok(answered / total >= 0.95, `fast path answered ${answered}/${total}`);
});

test('the fast path agrees on generated bodies of every type, flavour and path type', () => {
  const r = prng(424242);
  let answered = 0;
  let total = 0;
  for (let round = 0; round < 120; round += 1) {
    for (const type of TYPES) {
      const b = body(r, type);
      for (const opts of options(r)) {
        total += 1;
        if (agree(b, opts, `round ${round} ${String(type)}`)) answered += 1;
      }
    }
  }
  assert.ok(answered / total >= 0.6, `fast path answered ${answered}/${total}`);
});

test('values JSON.stringify changes, refuses or cannot see are judged like the reference', () => {
  const codes = new Set();
  const throwing = { type: 'PAGER_DUTY' };
  Object.defineProperty(throwing, 'serviceKey', { enumerable: true, get() { throw new Error('boom'); } });
  const cyclic = { type: 'WEBHOOK', url: 'https://x.com' };
  cyclic.self = cyclic;
  const proxy = new Proxy({ type: 'SLACK', apiToken: 't' }, { get(t, k) { return k === 'apiToken' ? 7 : t[k]; } });
  const revoked = Proxy.revocable({}, {});
  revoked.revoke();
  const tricky = [
    undefined, null, true, 0, NaN, 'PAGER_DUTY', '\ud800', 10n, Symbol('x'), () => 1, [], [1], [{ type: 'SLACK' }], new Date(0),
    Object.create(null), Object.assign(Object.create(null), { type: 'SLACK', apiToken: 'tok' }), throwing, cyclic, proxy, revoked.proxy,
    { toJSON: () => ({ type: 'SLACK' }) }, { type: 'SLACK', apiToken: { toJSON: () => 'tok' } }, { type: 'SLACK', apiToken: 'tok', channelName: new String('c') },
    { type: new String('SLACK') }, protoKey(), { type: 'SLACK', apiToken: 'x'.repeat(800_000) }, { type: 'PAGER_DUTY', serviceKey: 'k', extra: { deep: [[[]]] } },
    { type: 'PAGER_DUTY', serviceKey: 'k', extra: Array(100).fill(1) }, { type: 'PAGER_DUTY', '\ud800': 1 }, { type: 'PAGER_DUTY', 'é': 1 },
    // serde_json's nesting limit (127 containers deep is read, 128 is not), here and in arrays.
    ...[62, 63, 64, 65, 125, 126, 127, 128, 300].map((n) => ({ type: 'SLACK', apiToken: 'tok', x: nest(n) })), nest(127), nest(128),
    // Characters outside the BMP: counted as one character, ordered by code point.
    { type: 'SLACK', apiToken: 'tok', channelName: '😀'.repeat(80) }, { type: 'SLACK', apiToken: 'tok', channelName: '😀'.repeat(81) },
    { type: 'SLACK', apiToken: '**😀😀😀😀' }, { type: 'SLACK', apiToken: '**😀😀😀😀😀' }, { type: 'NOPE😀', '\ue000': 1, '😀': 2, 'z': 3 },
    { type: 'SLACK', apiToken: 't', '\ue000': 1, '😀': 2, 'z': 3, 'é': 4, '😁': 5, '\uffff': 6 },
    { type: 'WEBHOOK', url: 'https://x.com/😀', bodyTemplate: `{"a":"${'😀'.repeat(4095)}"}` }, { type: 'WEBHOOK', url: 'https://x.com', bodyTemplate: `{"a":"${'😀'.repeat(4096)}"}` },
    { type: 'PAGER_DUTY', serviceKey: 'x', region: `${'😀'.repeat(39)}abc` }, { type: 'PAGER_DUTY', serviceKey: 'x', region: 'a\u0000\u001f\u007f\u202e"\\' },
    // Errors JSON.stringify throws, by name.
    ...['TypeError', '', 'x'.repeat(63), 'x'.repeat(64), 'é'.repeat(32), '\ud800', 5].map((name) => ({ type: 'SLACK', apiToken: { toJSON() { const e = new Error('m'); e.name = name; throw e; } } })),
    { type: 'SLACK', apiToken: { toJSON() { throw 'a string'; } } }, { type: 'SLACK', apiToken: { toJSON() { throw Object.defineProperty({}, 'name', { get() { throw new Error(); } }); } } },
    '\ud800x', `x${'\ud800'}`, 'x'.repeat(700_000),
  ];
  for (const [i, b] of tricky.entries()) {
    for (const opts of [undefined, { flavour: 'opsManager', integrationType: 'SLACK' }]) agree(b, opts, `tricky #${i}`);
  }
  // Options the wasm path reads defensively: getters that throw, non-objects, bad values.
  const badGetter = { get flavour() { throw new Error('boom'); } };
  for (const opts of [badGetter, 'atlasV1', 5, () => {}, { flavour: null }, { integrationType: 7 }, { integrationType: new String('SLACK') }]) {
    agree({ type: 'SLACK', apiToken: 'tok' }, opts, `options ${String(opts)}`);
  }
});

test('an unknown flavour throws the same AtlasConfigError from both engines, even for an empty batch', () => {
  for (const call of [
    (api) => api.validateBody({ type: 'SLACK' }, { flavour: 'atlasV3' }),
    (api) => api.validateBodies([], { flavour: 'atlasV3' }),
    (api) => api.validateBodies([{}], { flavour: 5 }),
    (api) => api.validateBodies('not an array'),
  ]) {
    let expected;
    try {
      call(wasm);
    } catch (e) {
      expected = e;
    }
    assert.ok(expected instanceof Error);
    assert.throws(() => call(js), (e) => e.name === expected.name && e.code === expected.code && e.message === expected.message);
  }
});

test('validateBodies answers like the wasm batch, element for element', () => {
  const r = prng(7);
  const bodies = [...corpus().map((e) => e.body), ...Array.from({ length: 200 }, () => body(r, TYPES[Math.floor(r() * TYPES.length)]))];
  bodies.push(10n, new Date(0), '\ud800', undefined, { type: 'SLACK', apiToken: 'tok', x: new Map() });
  const sparse = [{ type: 'SLACK' }, , { type: 'NOPE' }]; // eslint-disable-line no-sparse-arrays
  // What the wasm export reads one element at a time, or refuses.
  const withBigInt = [{ type: 'SLACK' }, { type: 'SLACK', apiToken: 10n }, { type: 'NOPE' }];
  const arrayLike = { length: 2, 0: { type: 'SLACK' }, 1: 10n };
  const tooLong = { length: 100_001 };
  const big = Array(100_001).fill(null);
  const proxied = new Proxy([{ type: 'SLACK', apiToken: 'tok' }], {});
  const dated = [new Date(0), { type: 'SLACK', apiToken: { toJSON: (key) => `key ${key}` } }];
  for (const list of [withBigInt, arrayLike, tooLong, big, proxied, dated, 'str', undefined, null, 5]) {
    let expected;
    try {
      expected = wasm.validateBodies(list);
    } catch (e) {
      expected = e;
    }
    if (expected instanceof Error) {
      assert.throws(() => js.validateBodies(list), (e) => e.name === expected.name && e.message === expected.message, describe(list));
    } else {
      assert.deepEqual(js.validateBodies(list), expected, describe(list));
    }
  }
  for (const flavour of FLAVOURS) {
    for (const list of [bodies, sparse, []]) {
      const opts = { flavour, integrationType: flavour === 'atlasV1' ? 'SLACK' : undefined };
      assert.deepEqual(js.validateBodies(list, opts), wasm.validateBodies(list, opts), flavour);
      assert.deepEqual(pkg.validateBodies(list, opts), wasm.validateBodies(list, opts), flavour);
    }
  }
});

test('the comparisons above made the fast path produce every issue code a body can have', () => {
  // too_short is absent: the one text with a minimum (Slack channelName, 1) counts "" as unset.
  const bodyCodes = [
    'not_an_object', 'missing_type', 'unknown_type', 'type_mismatch', 'unsupported_type', 'missing_field', 'wrong_type',
    'invalid_enum', 'invalid_format', 'too_long', 'invalid_url', 'masked_secret', 'unsupported_field',
    'unknown_field', 'read_only_field', 'deprecated_type', 'slack_oauth_required', 'template_not_json',
  ];
  assert.deepEqual(bodyCodes.filter((c) => !codes.has(c)), [], 'codes the fast path never produced');
});

test('without String.prototype.isWellFormed (older browsers), lone surrogates are still found', () => {
  const path = require.resolve(`${PKG}node/validate.cjs`);
  const saved = Object.getOwnPropertyDescriptor(String.prototype, 'isWellFormed');
  delete String.prototype.isWellFormed;
  let fresh;
  try {
    delete require.cache[path];
    fresh = require(path).validation(wasm.describeTypes);
  } finally {
    if (saved) Object.defineProperty(String.prototype, 'isWellFormed', saved);
    delete require.cache[path];
  }
  for (const b of [{ type: 'SLACK', apiToken: '\ud800' }, { type: 'SLACK', apiToken: '😀', '\udc00': 1 }, '\ud800', { type: 'SLACK', apiToken: 'ok😀' }]) {
    assert.deepEqual(fresh.validateBody(b), wasm.validateBody(b), describe(b));
  }
});
