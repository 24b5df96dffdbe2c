// The JSON Schemas compile in Ajv's strict mode and accept a body exactly when validateBody
// finds no error in it: a property test over generated bodies for every type and flavour,
// with a new seed each run (printed; ATLAS_SCHEMA_SEED=<n> replays one).
//
// Excluded, by name: keys that are not fields of the type in the flavour (the schema has
// `additionalProperties: false`, validateBody only warns, `unknown_field` /
// `unsupported_field`), and strings holding a lone UTF-16 surrogate (not Unicode text:
// validateBody refuses the whole body as `invalid_json`, JSON Schema has no keyword for it). Everything else, masked secrets, URLs, host:port, paths, hex keys,
// lengths, nulls, conditional requirements, is in the comparison.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { PKG } from './helpers.mjs';
// The bench corpus's seeded generator (mulberry32), so that a failing run can be replayed.
import { prng as rng } from '../../bench/corpus.mjs';

const require = createRequire(import.meta.url);
const Ajv2020 = require('ajv/dist/2020').default;
const forms = require(`${PKG}forms.cjs`);

const SEED = Number(process.env.ATLAS_SCHEMA_SEED ?? (Date.now() % 2 ** 31));
const BODIES_PER_SCHEMA = 400;

function generators(random) {
  const pick = (xs) => xs[Math.floor(random() * xs.length)];
  const chance = (p) => random() < p;
  const int = (lo, hi) => lo + Math.floor(random() * (hi - lo + 1));
  const ODD = [' ', '\t', '\n', '\u0000', '\u007f', '\u0085', '\u00a0', '\u2003', '\u3000', '\ufeff', 'é', '😀', '@', '#', '?', '/', ':', '[', ']', '*', '\\', '.', '-', '_', '%'];
  const text = (n) => Array.from({ length: n }, () => (chance(0.15) ? pick(ODD) : pick('abcXYZ019'))).join('');
  const hex = (n, upper) => Array.from({ length: n }, () => pick(upper ? '0123456789abcdefABCDEF' : '0123456789abcdef')).join('');
  const port = () => pick(['1', '80', '8080', '65535', '65536', '0', '00080', '000080', '99999', '', 'x1', String(int(1, 70000))]);
  const host = () => pick(['example.com', 'a.b.c', 'localhost', '10.0.0.1', '[::1]', '[fe80::1%]', '[::]', 'ex_ample.com.', 'a..b', '.a', 'a b', '', '[]', '[1.2]', 'é.com', text(int(1, 6))]);
  const url = () => {
    let s = `${pick(['http', 'https', 'HTTPS', 'hTtP', 'ftp', 'http:', ''])}://`;
    if (chance(0.2)) s += `${pick(['user', 'u:p', 'a@b', ''])}@`;
    s += host();
    if (chance(0.3)) s += `:${port()}`;
    if (chance(0.6)) s += pick(['/', '/path', '/a b', '?q=1', '#f', '/x?y#z', `/${text(int(0, 5))}`, '/****']);
    if (chance(0.05)) s = pick(['', 'https://', 'https://***', '****', '***abcd', 'https://x.com/***/y']);
    if (chance(0.05)) s = s.replace(/.$/u, pick(ODD));
    return s;
  };
  const path = () => pick(['/etc/x.pem', 'C:\\certs\\x.pem', 'd:/x', 'C:x', 'x/y', '', '/a\u0000b', '/a\u0085b', '/é', '//', text(int(0, 5))]);
  const hostPort = () => `${host()}${chance(0.85) ? `:${port()}` : ''}`;
  const masked = () => `${'*'.repeat(int(1, 30))}${text(int(0, 6)).replace(/^\*+/, '')}`;
  const template = () => pick(['{"a":"${x}"}', '[1]', '{"a":', '', 'x'.repeat(int(0, 5000)), '<#if x>{}</#if>']);

  /** A value for one field: mostly of its kind, sometimes empty, null, masked or mistyped. */
  function value(f) {
    const roll = random();
    if (roll < 0.08) return '';
    if (roll < 0.13) return null;
    if (roll < 0.17) return pick([0, 1.5, true, false, [], {}, 'on']);
    if (roll < 0.25 && f.secret) return f.secret.mask === 'url' && chance(0.5) ? `https://example.com/${'*'.repeat(int(1, 5))}` : masked();
    const k = f.kind;
    switch (k.type) {
      case 'boolean': return chance(0.9) ? chance(0.5) : pick(['true', 1, null]);
      case 'enum': return chance(0.85) ? pick(k.options) : pick([k.options[0].toLowerCase(), 'MARS', ' ']);
      case 'hexKey': return hex(chance(0.8) ? k.maxLength : int(k.maxLength - 2, k.maxLength + 2), chance(0.3));
      case 'url': return url();
      case 'hostPort': return hostPort();
      case 'absolutePath': return path();
      case 'template': return template();
      case 'text': {
        const max = k.maxLength ?? 40;
        return text(pick([0, 1, int(1, max), max, max + 1, int(max, max + 10)]));
      }
      default: throw new Error(`a kind the generator does not know: ${k.type}`);
    }
  }

  /** A body of `type`: each field left out or given a value; sometimes `id` or another type. */
  function body(type) {
    const b = {};
    if (chance(0.95)) b.type = chance(0.95) ? type.name : pick(['SLACK', '', null, 1]);
    if (chance(0.1)) b.id = pick(['x', null, 1]);
    for (const f of type.fields) {
      if (chance(f.required ? 0.85 : 0.6)) b[f.name] = value(f);
    }
    return b;
  }
  return { body };
}

test(`JSON Schemas: Ajv strict compiles them and they accept exactly what validateBody accepts (seed ${SEED})`, () => {
  console.log(`# seed ${SEED} (replay: ATLAS_SCHEMA_SEED=${SEED})`);
  const ajv = new Ajv2020({ strict: true, allErrors: false });
  const { body } = generators(rng(SEED));
  let compared = 0;
  let accepted = 0;
  for (const flavour of forms.describeTypes().flavours.map((f) => f.id)) {
    for (const type of forms.describeTypes(flavour).types) {
      const schema = forms.jsonSchema(type.name, flavour);
      const check = ajv.compile(schema);
      for (const f of type.fields) {
        if (f.secret) assert.equal(schema.properties[f.name].writeOnly, true, `${type.name}.${f.name} is writeOnly`);
      }
      for (let i = 0; i < BODIES_PER_SCHEMA; i++) {
        const b = body(type);
        // As a form for this type sends it: the path's type is the schema's.
        const errors = forms.validateBody(b, { flavour, integrationType: type.name }).filter((x) => x.severity === 'error');
        const schemaOk = check(b);
        assert.equal(schemaOk, errors.length === 0,
          `seed ${SEED}, ${flavour} ${type.name}: schema says ${schemaOk ? 'valid' : JSON.stringify(check.errors)}, validateBody ${JSON.stringify(errors)}\nbody ${JSON.stringify(b)}`);
        compared++;
        if (schemaOk) accepted++;
      }
    }
  }
  console.log(`# ${compared} bodies compared, ${accepted} valid`);
  // Both verdicts must occur often enough for the comparison to mean something.
  assert.ok(accepted > compared * 0.05 && accepted < compared * 0.95, `${accepted} of ${compared} valid`);
});

test('the named exclusions: an unknown key (schema refuses, validateBody warns), a lone surrogate (the reverse)', () => {
  const schema = forms.jsonSchema('PAGER_DUTY', 'atlasV2');
  const check = new Ajv2020({ strict: true }).compile(schema);
  const b = { type: 'PAGER_DUTY', serviceKey: '0123456789abcdef0123456789abcdef', colour: 'red' };
  assert.equal(check(b), false);
  assert.deepEqual(forms.validateBody(b).map((i) => [i.code, i.severity]), [['unknown_field', 'warning']]);
  const lone = { type: 'SLACK', apiToken: 'tok', channelName: 'a\ud83d' };
  const slack = new Ajv2020({ strict: true }).compile(forms.jsonSchema('SLACK', 'opsManager'));
  assert.equal(slack(lone), true);
  assert.deepEqual(forms.validateBody(lone, { flavour: 'opsManager' }).map((i) => i.code), ['invalid_json']);
});
