// The stand-in's body checks (www/server/model.mjs) against the package's validateBody: for
// every flavour and type of the catalogue, on bodies of the required fields only and of
// every field (values picked per field kind), the two agree on whether the body is refused.
// The demo tells a person "valid" from the package: the stand-in must then not refuse it,
// and must refuse what the package calls an error.
//
//   node --test tests/node/standin-agreement.test.mjs   (needs pkg/)

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateBody as standInValidate } from '../../www/server/model.mjs';

const lib = await import('../../pkg/index.js');

/** The package's flavour -> the stand-in's path flavour and what /api/public emulates. */
const FLAVOURS = {
  atlasV2: ['v2', 'cloud-manager'],
  atlasV1: ['v1', 'cloud-manager'],
  cloudManager: ['public', 'cloud-manager'],
  opsManager: ['public', 'ops-manager'],
};

/** Valid-looking values by field kind (hexKey: 32 and 40 digits, both cases). */
const VALUES = {
  hexKey: ['0123456789abcdef0123456789abcdef', '0123456789abcdef0123456789abcdef01234567', '0123456789ABCDEF0123456789ABCDEF'],
  text: ['x', 'some-text'],
  url: ['https://h.example.com/x', 'http://h.example.com'],
  template: ['{"a":1}'],
  hostPort: ['0.0.0.0:9216'],
  absolutePath: ['/etc/x.pem'],
  boolean: [true, false],
};

function pick(field, i) {
  const kind = field.kind?.type;
  const list = kind === 'enum' ? field.kind.options : VALUES[kind] ?? VALUES.text;
  return list[i % list.length];
}

test('the stand-in refuses a body exactly when the package reports an error', () => {
  assert.deepEqual(lib.describeTypes().flavours.map((f) => f.id).sort(), Object.keys(FLAVOURS).sort(), 'every flavour is mapped');
  const disagreements = [];
  let compared = 0;
  for (const [flavour, [standInFlavour, publicApi]] of Object.entries(FLAVOURS)) {
    for (const t of lib.describeTypes(flavour).types) {
      const bodies = [];
      for (let i = 0; i < 3; i++) {
        const required = { type: t.name };
        const all = { type: t.name };
        for (const f of t.fields) {
          if (f.required) required[f.name] = pick(f, i);
          all[f.name] = pick(f, i);
        }
        bodies.push(required, all);
      }
      for (const body of bodies) {
        compared += 1;
        const errors = lib.validateBody(body, { flavour }).filter((i) => i.severity === 'error');
        let refused = null;
        try {
          standInValidate(standInFlavour, publicApi, t.name, body);
        } catch (e) {
          refused = `${e.errorCode} ${JSON.stringify(e.fields)}`;
        }
        if (errors.length > 0 !== (refused !== null)) {
          disagreements.push(`${flavour} ${t.name}: package ${errors.length ? errors.map((i) => `${i.path}:${i.code}`).join(',') : 'ok'}`
            + ` / stand-in ${refused ?? 'ok'} :: ${JSON.stringify(body)}`);
        }
      }
    }
  }
  assert.ok(compared > 100, `compared ${compared} bodies`);
  assert.deepEqual(disagreements, []);
});
