// The hostile-input scenario shared by tests/reliability/hostile.test.mjs (Node) and
// hostile-browser.test.mjs (headless Chromium): plain ES module, no Node imports.
//
//   const wasm = captureWasm();                 // before the package is imported
//   const api = await import('atlas-integrations');
//   const report = await runHostile(api, { url, token, calls: 10_000 });
//   const after = await checkAlive(api, { url, token });
//
// Every call either returns (resolves) or throws (rejects) an Error the package documents;
// `report.bad` lists every other outcome (a wasm RuntimeError, a non-Error, an undocumented
// error name, a call that never settles) with the call and the value that caused it.
// Network calls are only made by clients whose baseUrl is the given loopback `url`.

/** Records the WebAssembly instances created from now on (Node: `new WebAssembly.Instance`;
 * browsers: `WebAssembly.instantiate(Streaming)`), so a test can read the package's memory
 * and check that one and the same instance served every call. */
export function captureWasm() {
  const instances = [];
  const W = globalThis.WebAssembly;
  const OrigInstance = W.Instance;
  function Instance(module, imports) {
    const inst = new OrigInstance(module, imports);
    instances.push(inst);
    return inst;
  }
  Instance.prototype = OrigInstance.prototype;
  W.Instance = Instance;
  const origInstantiate = W.instantiate;
  W.instantiate = async function (...args) {
    const r = await origInstantiate.apply(W, args);
    instances.push(r instanceof OrigInstance ? r : r.instance);
    return r;
  };
  const origStreaming = W.instantiateStreaming;
  if (origStreaming) {
    W.instantiateStreaming = async function (...args) {
      const r = await origStreaming.apply(W, args);
      instances.push(r.instance);
      return r;
    };
  }
  return {
    instances,
    /** The package's linear memory in bytes (its only memory export). */
    memoryBytes() {
      const mem = instances.length ? Object.values(instances[0].exports).find((e) => e instanceof W.Memory) : null;
      return mem ? mem.buffer.byteLength : -1;
    },
    restore() {
      W.Instance = OrigInstance;
      W.instantiate = origInstantiate;
      if (origStreaming) W.instantiateStreaming = origStreaming;
    },
  };
}

// ---- deterministic randomness -----------------------------------------------------------
export function rng(seed) {
  let s = seed >>> 0 || 1;
  const next = () => {
    // xorshift32
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    return s / 0x100000000;
  };
  return { next, int: (n) => Math.floor(next() * n), pick: (a) => a[Math.floor(next() * a.length)] };
}

export const GROUP = '5e1f00d0c0ffee0000000001';
export const GOOD = { type: 'SLACK', apiToken: 'xoxb-1111-2222-hostiletoken', channelName: 'alerts', teamName: 'ops' };
export const GOOD_OP = { op: 'get', groupId: GROUP, integrationType: 'SLACK' };

// ---- hostile values ---------------------------------------------------------------------
// Built once (some are expensive) and reused; factories make the ones with state afresh.
function deepObject(levels) {
  let v = {};
  for (let i = 0; i < levels; i++) v = { a: v };
  return v;
}
function deepArray(levels) {
  let v = [];
  for (let i = 0; i < levels; i++) v = [v];
  return v;
}
const boom = (what) => () => { throw new Error(`hostile ${what}`); };
const ALL_TRAPS = ['get', 'set', 'has', 'ownKeys', 'getOwnPropertyDescriptor', 'getPrototypeOf', 'defineProperty', 'deleteProperty', 'apply', 'construct', 'isExtensible', 'preventExtensions', 'setPrototypeOf'];
function throwingProxy(target = {}) {
  return new Proxy(target, Object.fromEntries(ALL_TRAPS.map((t) => [t, boom(`proxy ${t}`)])));
}

export function hostileValues() {
  const HUGE = 'x'.repeat(3 << 20); // 3 MiB
  const HUGE_UNICODE = '\u{1F511}\ud800'.repeat(1 << 19); // ~2 MiB of astral + lone surrogates
  const DEEP_OBJ = deepObject(100_000);
  const DEEP_ARR = deepArray(100_000);
  const DEEP_OK = deepObject(120); // deep, but within the JSON reader's limit
  const cyclic = { type: 'SLACK' };
  cyclic.self = cyclic;
  const cyclicArr = [1];
  cyclicArr.push(cyclicArr);
  const manyKeys = Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`k${i}`, i]));
  const sparse = [1, , 3]; // eslint-disable-line no-sparse-arrays
  const bigSparse = [];
  bigSparse[1_000_000] = 'SLACK';
  const revoked = Proxy.revocable({}, {});
  revoked.revoke();
  const aborted = AbortSignal.abort(new Error('hostile abort reason'));
  const abortedPlain = new AbortController();
  abortedPlain.abort();
  const values = {
    undefined: () => undefined,
    null: () => null,
    true: () => true,
    zero: () => 0,
    negZero: () => -0,
    NaN: () => NaN,
    Infinity: () => Infinity,
    negInfinity: () => -Infinity,
    maxValue: () => Number.MAX_VALUE,
    unsafeInt: () => 2 ** 53 + 1,
    fraction: () => 0.5,
    bigint: () => 10n,
    hugeBigint: () => 2n ** 4096n,
    symbol: () => Symbol('hostile'),
    symbolFor: () => Symbol.for('SLACK'),
    emptyString: () => '',
    typeName: () => 'SLACK',
    flavourName: () => 'atlasV2',
    groupIdString: () => GROUP,
    nulString: () => 'a\u0000b\r\nX-Injected: 1',
    loneSurrogate: () => '\ud800\udfff\udc00',
    pathEscape: () => '../../../admin?x=1#frag',
    hugeString: () => HUGE,
    hugeUnicode: () => HUGE_UNICODE,
    function: () => function hostile() { return 'SLACK'; },
    arrowThrows: () => boom('function'),
    asyncFunction: () => async () => { throw new Error('hostile async'); },
    class: () => class Hostile {},
    emptyObject: () => ({}),
    nullProto: () => Object.assign(Object.create(null), { type: 'SLACK' }),
    emptyArray: () => [],
    sparse: () => sparse,
    bigSparse: () => bigSparse,
    cyclic: () => cyclic,
    cyclicArray: () => cyclicArr,
    deepObject: () => DEEP_OBJ,
    deepArray: () => DEEP_ARR,
    deepButReadable: () => DEEP_OK,
    manyKeys: () => manyKeys,
    getterThrows: () => ({ type: 'SLACK', get apiToken() { throw new Error('hostile getter'); } }),
    getterThrowsTop: () => Object.defineProperty({}, 'type', { enumerable: true, get: boom('getter') }),
    toJSONThrows: () => ({ toJSON: boom('toJSON') }),
    toJSONBigint: () => ({ toJSON: () => ({ type: 'SLACK', n: 1n }) }),
    toJSONUndefined: () => ({ toJSON: () => undefined }),
    frozenGood: () => Object.freeze({ ...GOOD }),
    frozenEmpty: () => Object.freeze({}),
    sealedOp: () => Object.seal({ ...GOOD_OP }),
    proxyThrows: () => throwingProxy(),
    proxyThrowsFn: () => throwingProxy(function () {}),
    proxyOverGood: () => new Proxy({ ...GOOD }, { get: (t, k) => (k === 'channelName' ? boom('proxy get')() : t[k]) }),
    revokedProxy: () => revoked.proxy,
    proxyArrayThrows: () => throwingProxy([GOOD]), // Array.isArray says true
    // Only one trap throws, so `instanceof Object` still says yes.
    proxyOwnKeysThrows: () => new Proxy({ max: 1 }, { ownKeys: boom('proxy ownKeys') }),
    proxyGetThrows: () => new Proxy({ ...GOOD }, { get: boom('proxy get only') }),
    arrayGetterThrows: () => Object.defineProperty([GOOD, GOOD], 1, { enumerable: true, get: boom('array element getter') }),
    arrayOfCyclic: () => [GOOD, cyclic, 10n],
    date: () => new Date(NaN),
    regexp: () => /SLACK/g,
    map: () => new Map([['type', 'SLACK']]),
    set: () => new Set([1]),
    weakMap: () => new WeakMap(),
    error: () => new Error('hostile error object'),
    promise: () => Promise.resolve(GOOD),
    rejectedPromise: () => { const p = Promise.reject(new Error('hostile rejected')); p.catch(() => {}); return p; },
    typedArray: () => new Uint8Array([1, 2, 3]),
    arrayBuffer: () => new ArrayBuffer(8),
    boxedString: () => new String('SLACK'), // eslint-disable-line no-new-wrappers
    boxedNumber: () => new Number(1), // eslint-disable-line no-new-wrappers
    abortedSignal: () => aborted,
    abortedSignalPlain: () => abortedPlain.signal,
    liveSignal: () => new AbortController().signal,
    protoKey: () => JSON.parse('{"__proto__": {"type": "SLACK"}, "type": "SLACK", "constructor": 1}'),
    wrongTypes: () => ({ type: 42, apiToken: ['x'], channelName: { a: 1 }, teamName: null }),
    maskedSecret: () => ({ ...GOOD, apiToken: '******oken' }),
    goodBody: () => ({ ...GOOD }),
    goodOp: () => ({ ...GOOD_OP }),
    opInjection: () => ({ op: 'get', groupId: GROUP, integrationType: 'SLACK/../../x' }),
    opQueryHostile: () => ({ op: 'list', groupId: GROUP, query: { pageNum: -1, itemsPerPage: 1e9, includeCount: 'yes', extra: 1 } }),
    arrayOfGood: () => [GROUP, GROUP],
    arrayOfHostile: () => [Symbol('x'), 10n, cyclic],
  };
  return values;
}

// Token providers: the client must turn each failure into an AtlasAuthError.
export function hostileProviders(token) {
  return {
    throwsError: () => { throw new Error('hostile provider'); },
    throwsString: () => { throw 'hostile provider string'; }, // eslint-disable-line no-throw-literal
    throwsUndefined: () => { throw undefined; }, // eslint-disable-line no-throw-literal
    throwsSymbol: () => { throw Symbol('hostile'); }, // eslint-disable-line no-throw-literal
    rejects: () => Promise.reject(new Error('hostile provider rejection')),
    rejectsNothing: () => Promise.reject(), // eslint-disable-line prefer-promise-reject-errors
    asyncThrows: async () => { await null; throw new TypeError('hostile async provider'); },
    returnsNumber: () => 42,
    returnsObject: () => ({ token }),
    returnsSymbol: () => Symbol('t'),
    returnsBigint: () => 1n,
    returnsEmpty: () => '',
    returnsCrlf: () => `${token}\r\nX-Injected: 1`,
    returnsHuge: () => 'a'.repeat(2 << 20),
    thenableThrows: () => ({ then() { throw new Error('hostile thenable'); } }),
    thenableRejects: () => ({ then(_, reject) { reject(new Error('hostile thenable rejection')); } }),
    proxyResult: () => throwingProxy(),
    slowGood: () => new Promise((r) => setTimeout(() => r(token), 5)),
    good: () => token,
  };
}

// ---- call sites -------------------------------------------------------------------------
// Each site puts the hostile value `v` in one argument (or one option) of one export and
// fills the rest with valid values. `net: true` sites may send requests (to `url` only).
// `stringParam: true` marks the positions wasm-bindgen declares as Rust `String`: they run
// in their own test in hostile.test.mjs.
const OPTION_KEYS = ['flavour', 'integrationType', 'baseUrl', 'allowInsecureHttp', 'auth', 'publicKey'];
const CALL_OPTION_KEYS = ['signal', 'timeoutMs', 'pageNum', 'itemsPerPage', 'includeCount', 'pretty', 'envelope', 'force'];
const CLIENT_OPTION_KEYS = ['token', 'digest', 'serviceAccount', 'headers', 'timeoutMs', 'retries', 'flavour', 'allowInsecureHttp', 'pacing', 'onRateLimit',
  'safeHeaders', 'maxResponseBytes', 'credentials', 'fetch', 'onRequest', 'onResponse', 'allowLegacyDigest'];
const BULK_OPTION_KEYS = ['concurrency', 'mode', 'maxRateLimitWaits', 'onProgress', 'signal', 'dryRun', 'force', 'onRateLimit'];

export function callSites() {
  const sites = [];
  const add = (name, call, extra = {}) => sites.push({ name, call, ...extra });
  // Pure exports.
  add('validateBody(v)', ({ api }, v) => api.validateBody(v));
  add('validateBody(good, v)', ({ api }, v) => api.validateBody(GOOD, v));
  for (const k of OPTION_KEYS) add(`validateBody(good, {${k}: v})`, ({ api }, v) => api.validateBody(GOOD, { [k]: v }));
  // Once found here (a JS exception unwinding through wasm on revokedProxy, proxyArrayThrows
  // and arrayGetterThrows): fixed, and pinned by the exception-unwind test as well.
  add('validateBodies(v)', ({ api }, v) => api.validateBodies(v));
  add('validateBodies([good, v])', ({ api }, v) => api.validateBodies([GOOD, v]));
  add('validateBodies([good], v)', ({ api }, v) => api.validateBodies([GOOD], v));
  add('validateOperation(v)', ({ api }, v) => api.validateOperation(v));
  add('validateOperation(goodOp, v)', ({ api }, v) => api.validateOperation(GOOD_OP, v));
  add('validateOperation({op:"create", body: v})', ({ api }, v) => api.validateOperation({ op: 'create', groupId: GROUP, body: v }));
  add('buildRequest(v)', ({ api }, v) => api.buildRequest(v));
  add('buildRequest(goodOp, v)', ({ api }, v) => api.buildRequest(GOOD_OP, v));
  for (const k of OPTION_KEYS) add(`buildRequest(goodOp, {${k}: v})`, ({ api, url }, v) => api.buildRequest(GOOD_OP, { baseUrl: url, [k]: v }));
  add('buildRequest({groupId: v})', ({ api }, v) => api.buildRequest({ op: 'list', groupId: v }));
  add('buildRequest({integrationType: v})', ({ api }, v) => api.buildRequest({ ...GOOD_OP, integrationType: v }));
  add('buildRequest({query: v})', ({ api }, v) => api.buildRequest({ op: 'list', groupId: GROUP, query: v }));
  add('previewCurl(v)', ({ api }, v) => api.previewCurl(v));
  add('previewCurl(goodOp, v)', ({ api }, v) => api.previewCurl(GOOD_OP, v));
  for (const k of OPTION_KEYS) add(`previewCurl(goodOp, {${k}: v})`, ({ api }, v) => api.previewCurl(GOOD_OP, { [k]: v }));
  add('planChanges(v, null)', ({ api }, v) => api.planChanges(v, null));
  add('planChanges(good, v)', ({ api }, v) => api.planChanges(GOOD, v));
  add('planChanges(good, good, v)', ({ api }, v) => api.planChanges(GOOD, GOOD, v));
  add('describeTypes(v)', ({ api }, v) => api.describeTypes(v), { stringParam: true });
  add('jsonSchema(v)', ({ api }, v) => api.jsonSchema(v), { stringParam: true });
  add('jsonSchema("SLACK", v)', ({ api }, v) => api.jsonSchema('SLACK', v), { stringParam: true });
  add('version(v)', ({ api }, v) => api.version(v));
  add('bodyFromForm(v, {})', ({ api }, v) => api.bodyFromForm(v, {}));
  add('bodyFromForm("SLACK", v)', ({ api }, v) => api.bodyFromForm('SLACK', v));
  add('bodyFromForm("SLACK", [["channelName", v]])', ({ api }, v) => api.bodyFromForm('SLACK', [['channelName', v]]));
  add('standardSchema(v)', ({ api }, v) => api.standardSchema(v));
  add('standardSchema("SLACK", v)', ({ api }, v) => api.standardSchema('SLACK', v));
  add('standardSchema("SLACK")["~standard"].validate(v)', ({ api }, v) => api.standardSchema('SLACK')['~standard'].validate(v));
  for (const g of ['isAtlasError', 'isAtlasApiError', 'isAtlasValidationError', 'isAtlasNetworkError', 'isAtlasTimeoutError', 'isAtlasAbortError', 'isAtlasResponseError', 'isAtlasConfigError', 'isAtlasAuthError']) {
    add(`${g}(v)`, ({ api }, v) => api[g](v), { jsExtras: true });
  }
  // The constructor and the methods that never send.
  add('new AtlasClient(v)', ({ api }, v) => api.AtlasClient && construct(api, v));
  add('new AtlasClient({baseUrl: v})', ({ api }, v) => construct(api, { baseUrl: v }));
  for (const k of CLIENT_OPTION_KEYS) {
    // `retries` with proxyOwnKeysThrows once unwound through wasm: fixed (exception-unwind test).
    add(`new AtlasClient({baseUrl, ${k}: v})`, ({ api, url }, v) => construct(api, { baseUrl: url, [k]: v }));
  }
  add('new AtlasClient({baseUrl, digest: {publicKey: v}})', ({ api, url }, v) => construct(api, { baseUrl: url, digest: { publicKey: v, privateKey: 'p' } }));
  add('new AtlasClient({baseUrl, serviceAccount: {clientSecret: v}})', ({ api, url }, v) => construct(api, { baseUrl: url, serviceAccount: { clientId: 'id', clientSecret: v } }));
  add('new AtlasClient({baseUrl, headers: {X: v}})', ({ api, url }, v) => construct(api, { baseUrl: url, headers: { 'X-Hostile': v } }));
  add('new AtlasClient({baseUrl, retries: {max: v}})', ({ api, url }, v) => construct(api, { baseUrl: url, retries: { max: v } }));
  add('client.preview(v)', ({ client }, v) => client.preview(v));
  add('AtlasClient.prototype.list.call(v, g)', ({ api }, v) => api.AtlasClient.prototype.list.call(v, GROUP), { misuse: true });
  // Methods that may send (only ever to the loopback stand-in).
  const net = (name, call) => add(name, call, { net: true });
  net('client.list(v)', ({ client }, v) => client.list(v));
  net('client.list(g, v)', ({ client }, v) => client.list(GROUP, v));
  for (const k of CALL_OPTION_KEYS) net(`client.list(g, {${k}: v})`, ({ client }, v) => client.list(GROUP, { [k]: v }));
  net('client.get(v, t)', ({ client }, v) => client.get(v, 'SLACK'));
  net('client.get(g, v)', ({ client }, v) => client.get(GROUP, v));
  for (const k of CALL_OPTION_KEYS) net(`client.get(g, t, {${k}: v})`, ({ client }, v) => client.get(GROUP, 'SLACK', { [k]: v }));
  net('client.create(g, v)', ({ client }, v) => client.create(GROUP, v));
  net('client.create(v, good)', ({ client }, v) => client.create(v, GOOD));
  net('client.create(g, good, {signal: v})', ({ client }, v) => client.create(GROUP, GOOD, { signal: v }));
  net('client.update(g, v)', ({ client }, v) => client.update(GROUP, v));
  net('client.update(g, good, v)', ({ client }, v) => client.update(GROUP, GOOD, v));
  net('client.delete(g, v)', ({ client }, v) => client.delete(GROUP, v));
  net('client.delete(g, t, v)', ({ client }, v) => client.delete(GROUP, 'VICTOR_OPS', v));
  net('client.upsert(g, v)', ({ client }, v) => client.upsert(GROUP, v));
  net('client.upsert(g, good, v)', ({ client }, v) => client.upsert(GROUP, GOOD, v));
  net('client.plan(g, v)', ({ client }, v) => client.plan(GROUP, v));
  net('client.plan(v, good)', ({ client }, v) => client.plan(v, GOOD));
  net('client.apply(g, v)', ({ client }, v) => client.apply(GROUP, v));
  net('client.apply(g, good, v)', ({ client }, v) => client.apply(GROUP, GOOD, v));
  net('client.apply(g, good, {force: v})', ({ client }, v) => client.apply(GROUP, GOOD, { force: v }));
  add('client.listAll(v)', ({ client }, v) => drain(client.listAll(v)), { net: true, jsExtras: true });
  add('client.listAll(g, v)', ({ client }, v) => drain(client.listAll(GROUP, v)), { net: true, jsExtras: true });
  // bigSparse (1,000,001 ids) once killed Node 20 with a V8 fatal error: now refused up
  // front (the "refuses more than 100,000 ids" test).
  add('client.applyToProjects(v, good)', ({ client }, v) => client.applyToProjects(v, GOOD), { net: true, jsExtras: true });
  add('client.applyToProjects([g], v)', ({ client }, v) => client.applyToProjects([GROUP], v), { net: true, jsExtras: true });
  for (const k of BULK_OPTION_KEYS) {
    add(`client.applyToProjects([g], good, {${k}: v})`, ({ client }, v) => client.applyToProjects([GROUP], GOOD, { [k]: v }), {
      net: true,
      jsExtras: true,
      // onProgress with asyncFunction once left an unhandled rejection: fixed (the "async
      // onProgress that rejects is ignored" test).
    });
  }
  // Clients with a hostile token provider, against the stand-in.
  net('providerClient.list(g)', ({ api, url }, v) => withClient(api, { baseUrl: url, token: v, timeoutMs: 5000, retries: { max: 0 } }, (c) => c.list(GROUP)));
  return sites;
}

function construct(api, options) {
  const c = new api.AtlasClient(options);
  // Never send with a client built from hostile options (its baseUrl may be the default,
  // a public host): read its getters and its offline preview only.
  void c.flavour;
  void c.baseUrl;
  c.preview(GOOD_OP);
  c.free();
  return true;
}

async function withClient(api, options, f) {
  const c = new api.AtlasClient(options);
  try {
    return await f(c);
  } finally {
    c.free();
  }
}

async function drain(iterator) {
  let n = 0;
  for await (const _ of iterator) if (++n >= 3) break;
  return n;
}

// ---- judging outcomes -------------------------------------------------------------------
/** Why an outcome is not acceptable, or null when it is. */
export function judge(api, site, outcome) {
  if (outcome.kind === 'value') return null;
  if (outcome.kind === 'hung') return `did not settle within ${outcome.ms} ms`;
  const e = outcome.error;
  if (typeof WebAssembly !== 'undefined' && e instanceof WebAssembly.RuntimeError) return `wasm trap: RuntimeError: ${e.message}`;
  if (!(e instanceof Error)) return `threw a non-Error: ${typeof e}`;
  if (api.ATLAS_ERROR_NAMES.includes(e.name)) {
    if (typeof e.code !== 'string' || e.code === '') return `${e.name} without a code`;
    if (!api.isAtlasError(e)) return `${e.name} not recognised by isAtlasError`;
    return null;
  }
  // The JS additions (listAll, applyToProjects, the type guards) read their arguments in
  // JS: the caller's own exception (a throwing getter or Proxy trap, a Symbol or a
  // 100k-deep array that cannot be converted to a number) and the documented TypeError for
  // a groupIds that is not an array come out as they are. Still a real Error, never a trap.
  if (site.jsExtras) return null;
  return `undocumented error ${e.name}: ${String(e.message).slice(0, 120)}`;
}

function settleWithin(value, ms) {
  if (!value || typeof value.then !== 'function') return Promise.resolve({ kind: 'value' });
  let timer;
  return Promise.race([
    Promise.resolve(value).then(() => ({ kind: 'value' }), (error) => ({ kind: 'error', error })),
    new Promise((resolve) => { timer = setTimeout(() => resolve({ kind: 'hung', ms }), ms); }),
  ]).finally(() => clearTimeout(timer));
}

/**
 * Runs `calls` hostile calls (in batches of `batch` at once). Returns
 * `{calls, values, sites, outcomes: {value, error}, errorNames, bad: [{site, value, why}]}`.
 */
export async function runHostile(api, { url, token, calls = 10_000, batch = 16, settleMs = 10_000, filter = () => true, only = null, onCall = null } = {}) {
  const values = hostileValues();
  const providers = hostileProviders(token);
  const sites = callSites().filter(filter);
  const client = new api.AtlasClient({ baseUrl: url, token, timeoutMs: 5000, retries: { max: 1, baseDelayMs: 1, maxDelayMs: 5 } });
  const ctx = { api, url, client };
  const valueNames = Object.keys(values).filter((n) => !only || only.includes(n));
  const providerNames = Object.keys(providers);
  const report = { calls: 0, values: valueNames.length + providerNames.length, sites: sites.length, outcomes: { value: 0, error: 0 }, errorNames: {}, bad: [], covered: new Set() };
  // Call i: site i mod S with value floor(i / S) mod V, so 10,000 calls cover the whole
  // sites x values product (about S x V calls) and then start over.
  const one = async (i) => {
    const site = sites[i % sites.length];
    const round = Math.floor(i / sites.length);
    const provider = site.name.startsWith('providerClient');
    const vname = provider ? providerNames[round % providerNames.length] : valueNames[round % valueNames.length];
    const v = provider ? providers[vname] : values[vname]();
    if (onCall) onCall(site.name, vname);
    let outcome;
    try {
      outcome = await settleWithin(site.call(ctx, v), settleMs);
    } catch (error) {
      outcome = { kind: 'error', error };
    }
    report.calls += 1;
    report.covered.add(site.name);
    if (outcome.kind === 'value') report.outcomes.value += 1;
    if (outcome.kind === 'error') {
      report.outcomes.error += 1;
      const n = outcome.error instanceof Error ? outcome.error.name : typeof outcome.error;
      report.errorNames[n] = (report.errorNames[n] ?? 0) + 1;
    }
    const why = judge(api, site, outcome);
    if (why && report.bad.length < 200) report.bad.push({ site: site.name, value: vname, why });
  };
  for (let i = 0; i < calls; i += batch) {
    const jobs = [];
    for (let j = i; j < Math.min(calls, i + batch); j++) jobs.push(one(j));
    await Promise.all(jobs);
  }
  client.free();
  report.covered = report.covered.size;
  return report;
}

/** After the storm: the same instance still validates, builds and sends. */
export async function checkAlive(api, { url, token }) {
  const out = {};
  out.validGood = api.validateBody(GOOD).filter((i) => i.severity === 'error');
  out.invalidCodes = api.validateBody({ type: 'PAGER_DUTY', serviceKey: 'nothex' }).map((i) => i.code);
  out.built = api.buildRequest({ op: 'get', groupId: GROUP, integrationType: 'SLACK' }, { baseUrl: url });
  const client = new api.AtlasClient({ baseUrl: url, token, timeoutMs: 5000 });
  const group = '5e1f00d0c0ffee00000000aa';
  const body = { type: 'VICTOR_OPS', apiKey: 'victorops-alive-key-1', routingKey: 'alive' };
  try {
    await client.delete(group, 'VICTOR_OPS').catch(() => {});
    const created = await client.create(group, body);
    out.created = created.results.map((x) => [x.type, x.routingKey]);
    out.got = (await client.get(group, 'VICTOR_OPS')).routingKey;
    await client.delete(group, 'VICTOR_OPS');
    out.afterDelete = (await client.list(group)).results.length;
  } catch (e) {
    out.error = `${e && e.name}: ${e && e.message}`;
  } finally {
    client.free();
  }
  return out;
}
