// The alternative: ajv (allErrors) compiled from the official Atlas v2 OpenAPI document.
//
// The document is read at run time (never copied into the repository: its licence does not
// allow it) from ATLAS_OPENAPI_PATH or ../shared/reference/ next to the repository.
//
// OpenAPI 3.0 → JSON Schema (draft-07, what ajv's default build speaks):
//   - `nullable: true`         → `type: [T, "null"]` (and `null` added to an `enum`)
//   - `discriminator`          → ajv's own `discriminator` keyword (option discriminator:
//                                true); ajv does not support `mapping`, which only
//                                repeats what each oneOf branch's `type` enum says, so it
//                                is dropped; the tag is made required as OpenAPI implies
//   - `$ref: #/components/schemas/X` → `#/definitions/X`
//   - annotations ajv does not know (`example`, `externalDocs`, `xml`) are dropped
//   - `format: password` is a UI hint: registered as an always-valid format
//   - `readOnly` / `writeOnly` stay annotations (ajv does not enforce them), as in the spec
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export function openapiPath() {
  return process.env.ATLAS_OPENAPI_PATH || resolve(ROOT, '..', 'shared', 'reference', 'atlas-v2-integrations.openapi.json');
}

const DROP = new Set(['example', 'externalDocs', 'xml', 'deprecated']);

function convert(node) {
  if (Array.isArray(node)) return node.map(convert);
  if (!node || typeof node !== 'object') return node;
  const out = {};
  for (const [k, v] of Object.entries(node)) {
    if (DROP.has(k)) continue;
    if (k === '$ref' && typeof v === 'string') {
      out.$ref = v.replace('#/components/schemas/', '#/definitions/');
    } else if (k === 'properties') {
      out.properties = Object.fromEntries(Object.entries(v).map(([p, s]) => [p, convert(s)]));
    } else if (k === 'discriminator') {
      out.discriminator = { propertyName: v.propertyName };
    } else if (k === 'nullable') {
      // handled below
    } else {
      out[k] = convert(v);
    }
  }
  if (node.nullable === true) {
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  }
  if (out.discriminator) {
    const tag = out.discriminator.propertyName;
    out.required = [...new Set([...(out.required ?? []), tag])];
  }
  return out;
}

/** The request-body schema of POST .../integrations/{integrationType}, as JSON Schema. */
export function loadSchema(path = openapiPath()) {
  const doc = JSON.parse(readFileSync(path, 'utf8'));
  const post = doc.paths['/api/atlas/v2/groups/{groupId}/integrations/{integrationType}']?.post;
  const content = post?.requestBody?.content ?? {};
  const media = Object.keys(content).find((m) => m.startsWith('application/vnd.atlas.'));
  if (!media) throw new Error(`${path}: no versioned request body on POST .../integrations/{integrationType}`);
  const definitions = Object.fromEntries(Object.entries(doc.components.schemas).map(([k, v]) => [k, convert(v)]));
  return { $schema: 'http://json-schema.org/draft-07/schema#', definitions, ...convert(content[media].schema), source: { path, media } };
}

/** `{ validate(body) -> boolean, errors() }`, compiled once. */
export function compileAjv({ path } = {}) {
  const Ajv = require('ajv').default ?? require('ajv');
  const schema = loadSchema(path);
  const { source } = schema;
  delete schema.source;
  const ajv = new Ajv({ allErrors: true, discriminator: true, strict: true, strictTypes: false, allowUnionTypes: true });
  // The only format in these schemas (no ajv-formats needed; strict mode would flag others).
  ajv.addFormat('password', true);
  const validate = ajv.compile(schema);
  const { version } = require('ajv/package.json');
  return { validate, version, source };
}
