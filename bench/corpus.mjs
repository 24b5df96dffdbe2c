// The validation corpus: a few hundred integration bodies for the Atlas v2 flavour, valid
// and invalid, covering every v2 type. Generated deterministically (seeded PRNG, no clock,
// no Math.random), so every run and every machine validates the same bodies.
//
//   import { corpus } from './corpus.mjs';
//   const entries = corpus();            // [{ id, type, kind, body, stricter? }, ...]
//   node bench/corpus.mjs [--stats]      // prints the corpus (or counts) as JSON
//
// No Node API outside that CLI branch: tests/browser/forms.test.mjs imports it in Chromium.
//
// Field names and values come from this project's own catalogue knowledge, not from the
// OpenAPI document (which is never copied into the repository).
//
// `kind` is what the entry exercises: 'valid', 'invalid' or 'edge'. `stricter` marks bodies
// that the official OpenAPI schema accepts but our validator rejects on purpose, with the
// reason: a rule the server enforces but the spec does not state, or a deliberate client
// guard (see tests/conformance.rs and BENCHMARKS.md "Where ours and ajv disagree"). The
// smoke test checks that every disagreement between the two validators is one of these.

/** mulberry32: small, fast, deterministic. */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HEX = '0123456789abcdef';
const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

function gen(seed) {
  const r = prng(seed);
  const int = (n) => Math.floor(r() * n);
  const pick = (xs) => xs[int(xs.length)];
  const str = (len, alphabet = ALNUM) => Array.from({ length: len }, () => alphabet[int(alphabet.length)]).join('');
  const hex = (len, upper = false) => {
    const s = str(len, HEX);
    return upper ? s.toUpperCase() : s;
  };
  const bool = () => r() < 0.5;
  const host = () => `${str(6 + int(8)).toLowerCase()}.example.com`;
  const url = () => `https://${host()}/hooks/${str(8 + int(24))}`;
  return { r, int, pick, str, hex, bool, host, url };
}

/**
 * Per v2 type: how to make a valid body (minimal and full), its required fields, the
 * value of each field with the wrong JSON type, enum fields and secret fields.
 */
function typeTable(g) {
  return [
    {
      type: 'PAGER_DUTY',
      minimal: () => ({ serviceKey: g.hex(32, g.bool()) }),
      full: () => ({ serviceKey: g.hex(32), region: g.pick(['US', 'EU']) }),
      required: ['serviceKey'],
      enums: { region: 'APAC' },
      secrets: ['serviceKey'],
      // Spec: any string. Server: INVALID_PAGER_DUTY_SERVICE_KEY unless 32 hex digits.
      stricterValues: { serviceKey: [['hex_key', () => g.str(20)], ['hex_key', () => g.hex(31)]] },
    },
    {
      type: 'SLACK',
      minimal: () => ({ apiToken: `xoxb-${g.str(24)}`, channelName: g.str(1 + g.int(40)).toLowerCase() }),
      full: () => ({ apiToken: `xoxb-${g.str(40)}`, channelName: `#${g.str(10)}`, teamName: g.str(8) }),
      required: ['apiToken', 'channelName'],
      // Spec: channelName is required but nullable: `null` passes on both sides.
      requiredNullable: ['channelName'],
      enums: {},
      secrets: ['apiToken'],
      // Spec: maxLength 80 / minLength 1 on channelName. Both sides check it.
      invalidValues: { channelName: [() => g.str(81), () => ''] },
    },
    {
      type: 'DATADOG',
      minimal: () => ({ apiKey: g.hex(32) }),
      full: () => ({
        apiKey: g.hex(32, g.bool()),
        region: g.pick(['US', 'EU', 'US3', 'US5', 'AP1', 'US1_FED']),
        sendCollectionLatencyMetrics: g.bool(),
        sendDatabaseMetrics: g.bool(),
        sendQueryStatsMetrics: g.bool(),
        sendUserProvidedResourceTags: g.bool(),
      }),
      required: ['apiKey'],
      enums: { region: 'AP2' },
      secrets: ['apiKey'],
      stricterValues: { apiKey: [['hex_key', () => g.str(32)], ['hex_key', () => g.hex(16)]] },
    },
    {
      type: 'NEW_RELIC',
      minimal: () => ({ accountId: g.hex(40), licenseKey: g.hex(40), readToken: g.str(32), writeToken: g.str(32) }),
      full: () => ({ accountId: g.hex(40), licenseKey: g.hex(40), readToken: g.str(40), writeToken: g.str(40) }),
      required: ['accountId', 'licenseKey', 'readToken', 'writeToken'],
      enums: {},
      secrets: [],
      // Spec: pattern ^([0-9a-f]){40}$ on both. Both sides check it.
      invalidValues: { accountId: [() => g.hex(40, true), () => g.hex(39)], licenseKey: [() => g.str(40)] },
    },
    {
      type: 'OPS_GENIE',
      minimal: () => ({ apiKey: `${g.hex(8)}-${g.hex(4)}-${g.hex(4)}-${g.hex(4)}-${g.hex(12)}` }),
      full: () => ({ apiKey: g.str(36), region: g.pick(['US', 'EU']) }),
      required: ['apiKey'],
      enums: { region: 'APAC' },
      secrets: ['apiKey'],
    },
    {
      type: 'VICTOR_OPS',
      minimal: () => ({ apiKey: g.str(36) }),
      full: () => ({ apiKey: g.str(36), routingKey: g.str(12) }),
      required: ['apiKey'],
      enums: {},
      secrets: ['apiKey'],
    },
    {
      type: 'WEBHOOK',
      minimal: () => ({ url: g.url() }),
      full: () => ({
        url: g.url(),
        secret: g.str(24),
        bodyTemplate: '{"alert":"${id}","severity":"${severity}"}',
        headersTemplate: '{"X-Alert-Id":"${id}"}',
      }),
      required: ['url'],
      enums: {},
      secrets: ['url', 'secret'],
      // Spec: any string, and no source says the server refuses another shape: ours
      // accepts it with an `invalid_url` warning.
      warnedValues: { url: [() => `ftp://${g.host()}/x`, () => g.str(12)] },
    },
    {
      type: 'MICROSOFT_TEAMS',
      minimal: () => ({ microsoftTeamsWebhookUrl: `https://${g.str(8).toLowerCase()}.webhook.office.com/webhookb2/${g.str(30)}` }),
      full: () => ({ microsoftTeamsWebhookUrl: g.url() }),
      required: ['microsoftTeamsWebhookUrl'],
      enums: {},
      secrets: ['microsoftTeamsWebhookUrl'],
      warnedValues: { microsoftTeamsWebhookUrl: [() => 'not a url'] },
    },
    {
      type: 'PROMETHEUS',
      minimal: () => ({ username: `prom_${g.str(10)}`, password: g.str(16), serviceDiscovery: g.pick(['http', 'file']), enabled: g.bool() }),
      full: () => ({
        username: `prom_user_${g.hex(24)}`,
        password: g.str(24),
        serviceDiscovery: g.pick(['http', 'file']),
        enabled: true,
        sendUserProvidedResourceTagsEnabled: g.bool(),
      }),
      required: ['username', 'serviceDiscovery', 'enabled'],
      // Spec: password optional. Every docs source requires it on create: we do.
      stricterMissing: { password: 'prometheus_password' },
      enums: { serviceDiscovery: 'dns' },
      secrets: [],
    },
  ];
}

/** A JSON value of another type than `value`'s (deterministic by position). */
function wrongType(value, i) {
  if (typeof value === 'string') return [42, true, ['x'], { v: 'x' }][i % 4];
  if (typeof value === 'boolean') return ['true', 1, null, []][i % 4];
  return 'x';
}

/** The corpus. Same output for the same `seed` (default 20260730). */
export function corpus({ seed = 20260730, variants = 5 } = {}) {
  const g = gen(seed);
  const out = [];
  const add = (type, kind, name, body, stricter) => {
    const e = { id: `${String(out.length).padStart(3, '0')}-${type ?? 'none'}-${name}`, type, kind, body };
    if (stricter) e.stricter = stricter;
    out.push(e);
  };

  for (const t of typeTable(g)) {
    const make = (which) => ({ type: t.type, ...t[which]() });
    // Valid: minimal and full, a few random variants each.
    for (let v = 0; v < variants * 2; v += 1) add(t.type, 'valid', `minimal${v}`, make('minimal'));
    for (let v = 0; v < variants; v += 1) add(t.type, 'valid', `full${v}`, make('full'));
    // Valid for both, with warnings from ours: unknown field, read-only id.
    add(t.type, 'valid', 'unknown-field', { ...make('minimal'), [`x${g.str(5)}`]: g.str(6) });
    add(t.type, 'valid', 'with-id', { id: g.hex(24), ...make('full') });
    // Invalid: each required field missing, null, or of the wrong JSON type.
    for (const f of t.required) {
      const b = make('full');
      delete b[f];
      add(t.type, 'invalid', `missing-${f}`, b);
      const n = make('full');
      n[f] = null;
      add(t.type, t.requiredNullable?.includes(f) ? 'edge' : 'invalid', `null-${f}`, n);
    }
    if (t.stricterMissing) {
      for (const [f, why] of Object.entries(t.stricterMissing)) {
        const b = make('full');
        delete b[f];
        add(t.type, 'invalid', `missing-${f}`, b, why);
      }
    }
    const full = make('full');
    let i = 0;
    for (const f of Object.keys(full)) {
      if (f === 'type') continue;
      for (let k = 0; k < 2; k += 1, i += 1) {
        const b = make('full');
        b[f] = wrongType(b[f], i);
        add(t.type, 'invalid', `wrong-type-${f}-${k}`, b);
      }
    }
    for (const [f, bad] of Object.entries(t.enums)) {
      add(t.type, 'invalid', `bad-enum-${f}`, { ...make('full'), [f]: bad });
      add(t.type, 'invalid', `bad-enum-case-${f}`, { ...make('full'), [f]: String(make('full')[f]).toLowerCase() === String(make('full')[f]) ? String(make('full')[f]).toUpperCase() : String(make('full')[f]).toLowerCase() });
    }
    for (const [f, makers] of Object.entries(t.invalidValues ?? {})) {
      makers.forEach((m, k) => add(t.type, 'invalid', `bad-value-${f}-${k}`, { ...make('full'), [f]: m() }));
    }
    // Spec-valid, but rejected by ours on purpose.
    for (const [f, makers] of Object.entries(t.stricterValues ?? {})) {
      makers.forEach(([why, m], k) => add(t.type, 'invalid', `stricter-${f}-${k}`, { ...make('full'), [f]: m() }, why));
    }
    // Spec-valid, and accepted by ours with a warning.
    for (const [f, makers] of Object.entries(t.warnedValues ?? {})) {
      makers.forEach((m, k) => add(t.type, 'valid', `warned-${f}-${k}`, { ...make('full'), [f]: m() }));
    }
    // A secret holding the masked value the API returns: sending it back would overwrite
    // the real secret. Spec-valid (any string); ours refuses it.
    for (const f of t.secrets) {
      const b = make('full');
      const tail = typeof b[f] === 'string' ? b[f].slice(-4) : 'abcd';
      b[f] = f === 'url' || f === 'microsoftTeamsWebhookUrl' ? `https://${g.host()}/****` : `${'*'.repeat(28)}${tail}`;
      add(t.type, 'invalid', `masked-${f}`, b, 'masked_secret');
    }
    // Several problems at once (allErrors matters here).
    const many = make('full');
    for (const f of t.required) many[f] = 7;
    add(t.type, 'invalid', 'many-errors', many);
  }

  // Bodies that are not integrations at all.
  const edges = [
    ['null', null],
    ['array', [{ type: 'SLACK' }]],
    ['string', 'PAGER_DUTY'],
    ['number', 42],
    ['empty-object', {}],
    ['no-type', { serviceKey: g.hex(32) }],
    ['type-number', { type: 7 }],
    ['type-lowercase', { type: 'slack', apiToken: 'x', channelName: 'y' }],
    ['unknown-type', { type: 'HIPCHAT', token: 'x' }],
    ['hip-chat', { type: 'HIP_CHAT', notificationToken: 'x', roomName: 'y' }],
    ['deep', { type: 'WEBHOOK', url: 'https://a.example.com/x', extra: { a: { b: { c: { d: [1, 2, { e: 'f' }] } } } } }],
    ['big-string', { type: 'VICTOR_OPS', apiKey: g.str(4096) }],
  ];
  for (const [name, body] of edges) add(body && typeof body === 'object' && !Array.isArray(body) && typeof body.type === 'string' ? body.type : null, 'edge', name, body);
  return out;
}

/** Counts by type and kind. */
export function stats(entries) {
  const s = {};
  for (const e of entries) {
    const k = `${e.type ?? '(none)'}`;
    s[k] ??= { valid: 0, invalid: 0, edge: 0, stricter: 0 };
    s[k][e.kind] += 1;
    if (e.stricter) s[k].stricter += 1;
  }
  return { total: entries.length, byType: s };
}

if (typeof process !== 'undefined' && import.meta.url === `file://${process.argv[1]}`) {
  const entries = corpus();
  process.stdout.write(`${JSON.stringify(process.argv.includes('--stats') ? stats(entries) : entries, null, 1)}\n`);
}
