// The generated documentation is current, and every export is documented:
// docs/API.md (scripts/gen-api-docs.mjs, from the shipped .d.ts), the support matrix in both
// READMEs (scripts/gen-matrix.mjs, from describeTypes()), and the README's Node quick start
// runs as written against the stand-in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate, API_MD } from '../../scripts/gen-api-docs.mjs';
import { staleFiles, loadPackage, typesOf, TARGETS, BEGIN, END } from '../../scripts/gen-matrix.mjs';
import { startStandIn } from '../../www/server/standin.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const lib = loadPackage();

// Exports the declarations ship without a JSDoc comment. Each one is a gap to close at its
// source (src/wasm/api.d.ts or pkg-template/js/extras.d.ts), not a place to park it: a new
// export without documentation fails the test, and so does a stale entry of this list.
let generated;
const gen = async () => (generated ??= await generate());

test('docs/API.md is what scripts/gen-api-docs.mjs makes of the shipped declarations', async () => {
  const { markdown } = await gen();
  const current = fs.existsSync(API_MD) ? fs.readFileSync(API_MD, 'utf8') : '';
  assert.ok(current === markdown, 'docs/API.md is stale: run `node scripts/gen-api-docs.mjs` (after scripts/build-pkg.sh --if-stale)');
});

test('docs/API.md covers every runtime export, every AtlasClient method and every IssueCode', async () => {
  const { markdown } = await gen();
  for (const name of Object.keys(lib)) assert.ok(markdown.includes(`### \`${name}\``), `${name} is not in docs/API.md`);
  for (const m of ['list', 'get', 'create', 'update', 'delete', 'upsert', 'plan', 'apply', 'preview', 'listAll', 'applyToProjects']) {
    assert.ok(markdown.includes(`#### \`AtlasClient.prototype.${m}\``), `AtlasClient.${m} is not in docs/API.md`);
  }
  assert.ok(markdown.includes('#### `new AtlasClient(…)`'));
  const codes = [...markdown.split('### `IssueCode`')[1].split('\n### ')[0].matchAll(/^\| `"([a-z_]+)"` \| (.+) \|$/gm)];
  assert.ok(codes.length >= 20, `IssueCode table has ${codes.length} rows`);
  for (const [, code, text] of codes) assert.ok(text.trim().length > 10, `IssueCode ${code} has no description`);
  for (const code of ['masked_secret', 'missing_field', 'invalid_format', 'unsupported_type']) {
    assert.ok(codes.some(([, c]) => c === code), code);
  }
});

test('every export and every member is documented', async () => {
  const { undocumented } = await gen();
  assert.deepEqual(undocumented.exports, [], `exports without a JSDoc comment: ${undocumented.exports.join(', ')}`);
  // Every member says what it is too: methods, codes, error fields, options.
  assert.deepEqual(undocumented.members, [], `members without documentation: ${undocumented.members.join(', ')}`);
});

test('the support matrix in both READMEs is the one the catalogue gives', () => {
  for (const rel of TARGETS) {
    const text = fs.readFileSync(path.join(ROOT, rel), 'utf8');
    assert.ok(text.includes(BEGIN) && text.includes(END), `${rel} lost its support-matrix markers`);
  }
  const stale = staleFiles(lib).map((s) => s.file);
  assert.deepEqual(stale, [], 'stale support matrix: run `node scripts/gen-matrix.mjs`');
});

test('the support matrix agrees with the validator, cell by cell', () => {
  const text = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const flavours = ['atlasV2', 'atlasV1', 'cloudManager', 'opsManager'];
  const types = typesOf(lib.describeTypes());
  for (const t of types) {
    const row = text.split('\n').find((l) => l.includes(`| \`${t.name}\` |`));
    assert.ok(row, `no row for ${t.name}`);
    const cells = row.split('|').slice(3, 7).map((c) => c.trim());
    flavours.forEach((flavour, i) => {
      const codes = lib.validateBody({ type: t.name }, { flavour }).filter((x) => x.path === 'type').map((x) => x.code);
      const want = { '—': 'unsupported_type', deprecated: 'deprecated_type', disputed: 'disputed_type' }[cells[i]] ?? null;
      if (want) assert.ok(codes.includes(want), `${t.name} in ${flavour}: table says ${cells[i]}, validator says ${codes}`);
      else assert.deepEqual(codes, [], `${t.name} in ${flavour}: table says yes, validator says ${codes}`);
    });
  }
});

/** The ```js block right after `<!-- quickstart:NAME -->` in a README. */
function quickstart(file, name) {
  const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
  const m = text.match(new RegExp(`<!-- quickstart:${name} -->\\s*\`\`\`js\\n([\\s\\S]*?)\`\`\``));
  assert.ok(m, `${file} has no ${name} quick start`);
  return m[1];
}

test('both READMEs carry the same quick starts', () => {
  for (const name of ['browser', 'node']) assert.equal(quickstart('README.md', name), quickstart('pkg-template/README.md', name), name);
});

test('the README Node quick start runs as written (service account, against the stand-in)', async () => {
  const sa = { clientId: 'mdb_sa_id_readme', clientSecret: 'mdb_sa_sk_readme_secret' };
  const standin = await startStandIn({ token: false, log: false, oauth: sa });
  // In tests/ so that `import 'atlas-integrations'` resolves like an installed package.
  const dir = fs.mkdtempSync(path.join(ROOT, 'tests', 'docs', '.quickstart-'));
  try {
    const file = path.join(dir, 'quickstart.mjs');
    fs.writeFileSync(file, quickstart('README.md', 'node'));
    const groupId = '5f1a2b3c4d5e6f7a8b9c0d1e';
    const key = '0123456789abcdef0123456789abcdef';
    const out = await new Promise((resolve) => execFile(process.execPath, [file], {
      timeout: 20_000,
      env: { PATH: process.env.PATH, ATLAS_BASE_URL: standin.url, ATLAS_CLIENT_ID: sa.clientId, ATLAS_CLIENT_SECRET: sa.clientSecret, ATLAS_GROUP_ID: groupId, PAGERDUTY_KEY: key },
    }, (error, stdout, stderr) => resolve({ code: error ? error.code : 0, stdout, stderr })));
    assert.equal(out.code, 0, out.stderr);
    assert.equal(out.stdout, '[]\nPAGER_DUTY configured\n');
    assert.equal(standin.state.get(groupId, 'PAGER_DUTY').serviceKey, key);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    await standin.close();
  }
});
