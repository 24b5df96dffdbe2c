// Mistakes are caught at compile time, for the reason we expect. tests/types/mistakes.ts
// marks each mistake with `// MISTAKE name (TSnnnn)` and `// @ts-expect-error`; scripts/test.sh
// already checks that every directive is needed. Here the file is compiled WITHOUT the
// directives, with `--strict` and both `moduleResolution: bundler` and `nodenext`, and each
// marked line must fail with its expected diagnostic code, and no other line may fail.
//
// And the declarations describe what the package really answers: describeTypes()'s answers,
// written out as literals, must compile as the declared TypeCatalogue.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const TSC = path.join(ROOT, 'node_modules', '.bin', 'tsc');
const SOURCE = path.join(ROOT, 'tests', 'types', 'mistakes.ts');

function expectations(text) {
  const lines = text.split('\n');
  const out = [];
  lines.forEach((l, i) => {
    const m = l.match(/^\/\/ MISTAKE ([\w-]+) \((TS\d+)\)/);
    if (!m) return;
    const directive = lines.findIndex((x, j) => j > i && x.startsWith('// @ts-expect-error'));
    out.push({ name: m[1], code: m[2], line: directive + 2 }); // 1-based line after the directive
  });
  return out;
}

function tsc(dir, project) {
  return new Promise((resolve) => {
    execFile(TSC, ['-p', path.join(dir, project), '--pretty', 'false'], { cwd: dir, timeout: 120_000 }, (error, stdout, stderr) => {
      const diags = [...(stdout + stderr).matchAll(/^(.+?)\((\d+),(\d+)\): error (TS\d+): (.*)$/gm)]
        .map((m) => ({ file: path.basename(m[1]), line: Number(m[2]), code: m[4], message: m[5] }));
      resolve({ code: error ? error.code : 0, diags, output: stdout + stderr });
    });
  });
}

/**
 * Compiles `files` ({ name: text }) with --strict against the package as installed: in a
 * temporary folder under tests/ so that 'atlas-integrations' resolves through
 * tests/node_modules, like an install.
 */
async function compile(label, files, resolution) {
  const dir = fs.mkdtempSync(path.join(ROOT, 'tests', 'consumers', `.tsc-${label}-${resolution}-`));
  try {
    fs.writeFileSync(path.join(dir, 'package.json'), '{ "private": true, "type": "module" }\n');
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({
      extends: '../../types/tsconfig.base.json',
      compilerOptions: resolution === 'bundler'
        ? { module: 'esnext', moduleResolution: 'bundler', lib: ['es2022', 'dom'], types: [] }
        : { module: 'nodenext', moduleResolution: 'nodenext', lib: ['es2022'], types: ['node'], typeRoots: [path.join(ROOT, 'node_modules', '@types')] },
      files: Object.keys(files),
    }, null, 2));
    return await tsc(dir, 'tsconfig.json');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

for (const resolution of ['bundler', 'nodenext']) {
  test(`mistakes fail to compile for the expected reason (--strict, moduleResolution ${resolution})`, async () => {
    const text = fs.readFileSync(SOURCE, 'utf8');
    const expected = expectations(text);
    assert.ok(expected.length >= 10, 'tests/types/mistakes.ts lost its MISTAKE markers');
    const r = await compile('mistakes', { 'mistakes.ts': text.replace(/^\/\/ @ts-expect-error.*$/gm, '//') }, resolution);
    assert.notEqual(r.code, 0, 'the mistakes compiled');
    for (const e of expected) {
      const here = r.diags.filter((d) => d.file === 'mistakes.ts' && d.line === e.line);
      assert.ok(here.length > 0, `${e.name} (line ${e.line}) compiles: the declarations do not catch it`);
      assert.ok(here.some((d) => d.code === e.code), `${e.name}: expected ${e.code}, got ${here.map((d) => `${d.code} ${d.message}`).join('; ')}`);
    }
    const stray = r.diags.filter((d) => !expected.some((e) => d.file === 'mistakes.ts' && d.line === e.line));
    assert.deepEqual(stray, [], `unexpected errors:\n${r.output}`);
  });
}

test('describeTypes() answers compile as the declared TypeCatalogue; answers off by one key or type do not', async () => {
  const { describeTypes } = await import('atlas-integrations');
  const flavours = describeTypes().flavours.map((f) => f.id);
  const answers = [undefined, ...flavours].map((f) => [String(f), describeTypes(f)]);
  // One declaration a line, so that a diagnostic's line says which answer it is about.
  const line = (name, answer) => `export const ${name}: TypeCatalogue = ${JSON.stringify(answer)};`;
  const lines = ["import type { TypeCatalogue } from 'atlas-integrations';", ...answers.map(([f, a]) => line(f, a))];
  // Controls: the same answer off by one thing each, which the check must refuse.
  const off = (edit) => { const a = structuredClone(answers[0][1]); edit(a); return a; };
  const controls = [
    ['extraKey', 'TS2353', off((a) => { a.types[0].fields[0].kind.minLen = 1; })],
    ['missingKey', 'TS2741', off((a) => { delete a.types[1].label; })],
    ['wrongType', 'TS2322', off((a) => { a.types[0].fields[0].required = 'yes'; })],
    ['unknownKind', 'TS2322', off((a) => { a.types[0].fields[0].kind.type = 'number'; })],
    ['unknownMask', 'TS2322', off((a) => { a.types.flatMap((t) => t.fields).find((f) => f.secret).secret.mask = 'none'; })],
  ];
  lines.push(...controls.map(([name, , answer]) => line(name, answer)));
  const r = await compile('catalogue', { 'answers.ts': lines.join('\n') + '\n' }, 'nodenext');
  const at = (n) => r.diags.filter((d) => d.line === n);
  assert.deepEqual(at(1), [], r.output);
  answers.forEach(([f], i) => assert.deepEqual(at(i + 2), [], `describeTypes(${f}) does not match its declaration:\n${r.output}`));
  controls.forEach(([name, code], i) => {
    const here = at(answers.length + i + 2);
    assert.ok(here.some((d) => d.code === code), `${name}: expected ${code}, got ${here.map((d) => `${d.code} ${d.message}`).join('; ') || 'no error'}`);
  });
});

// The options a caller may pass are written twice, unavoidably: the Rust checks that refuse
// an unknown key (src/wasm/config.rs, src/wasm/client/args.rs, src/wasm/requests.rs,
// src/wasm/forms.rs) and the declarations an
// editor completes from (src/wasm/api.d.ts, pkg-template/js/extras.d.ts). For the
// constructor and each method, the keys its declared options type has must be exactly the
// keys the runtime accepts, as the runtime's answer to an unknown key lists them.
test('each options argument declares exactly the keys the runtime accepts', async () => {
  const pkg = await import('atlas-integrations');
  const { AtlasClient } = pkg;
  const unknown = { zzzzzzzzzzzzzzzz: 1 }; // close to no option: the error lists every key
  const group = '0123456789abcdef01234567';
  const body = { type: 'SLACK', apiToken: 'xoxb-options-test', channelName: 'alerts' };
  // Every option check comes before sending, and this fetch would fail anyway.
  const base = { baseUrl: 'http://127.0.0.1:9', token: 'options-test-token', fetch: () => Promise.reject(new Error('no request expected')) };
  const client = new AtlasClient(base);
  // [what, the declared options type (a TypeScript type expression), the call]
  const cases = [
    ['constructor', 'ConstructorParameters<typeof AtlasClient>[0]', () => new AtlasClient({ ...base, ...unknown })],
    ['list', "Parameters<AtlasClient['list']>[1]", () => client.list(group, unknown)],
    ['get', "Parameters<AtlasClient['get']>[2]", () => client.get(group, 'SLACK', unknown)],
    ['delete', "Parameters<AtlasClient['delete']>[2]", () => client.delete(group, 'SLACK', unknown)],
    ['create', "Parameters<AtlasClient['create']>[2]", () => client.create(group, body, unknown)],
    ['update', "Parameters<AtlasClient['update']>[2]", () => client.update(group, body, unknown)],
    ['upsert', "Parameters<AtlasClient['upsert']>[2]", () => client.upsert(group, body, unknown)],
    ['plan', "Parameters<AtlasClient['plan']>[2]", () => client.plan(group, body, unknown)],
    ['apply', "Parameters<AtlasClient['apply']>[2]", () => client.apply(group, body, unknown)],
    ['listAll', "Parameters<AtlasClient['listAll']>[1]", () => client.listAll(group, unknown).next()],
    ['applyToProjects', "Parameters<AtlasClient['applyToProjects']>[2]", () => client.applyToProjects([group], body, unknown)],
    // The stand-alone functions that take an options object.
    ...[
      ['validateBody', 1, (o) => pkg.validateBody(body, o)],
      ['validateBodies', 1, (o) => pkg.validateBodies([body], o)],
      ['validateOperation', 1, (o) => pkg.validateOperation({ op: 'list', groupId: group }, o)],
      ['buildRequest', 1, (o) => pkg.buildRequest({ op: 'list', groupId: group }, o)],
      ['previewCurl', 1, (o) => pkg.previewCurl({ op: 'list', groupId: group }, o)],
      ['planChanges', 2, (o) => pkg.planChanges(body, null, o)],
      ['standardSchema', 1, (o) => pkg.standardSchema('SLACK', o)],
    ].map(([fn, at, call]) => [fn, `Parameters<typeof import('atlas-integrations').${fn}>[${at}]`, () => call(unknown)]),
  ];
  const lines = [
    "import type { AtlasClient } from 'atlas-integrations';",
    // The keys of every member of a union (a credential is one of several shapes).
    'type Keys<T> = T extends unknown ? keyof T : never;',
    'type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;',
  ];
  const first = lines.length + 1;
  for (const [what, declared, call] of cases) {
    let error;
    try {
      await call();
    } catch (e) {
      error = e;
    }
    assert.equal(error?.code, 'invalid_option', `${what}: an unknown key is refused (${error?.message})`);
    const known = /\(known: ([^)]*)\)\.$/.exec(error.message)?.[1];
    assert.ok(known, `${what}: the message lists the known keys: ${error.message}`);
    const accepted = known.split(', ').map((k) => JSON.stringify(k)).join(' | ');
    lines.push(`export const ${what}_: Same<Keys<NonNullable<${declared}>>, ${accepted}> = true;`);
  }
  const r = await compile('options', { 'options.ts': lines.join('\n') + '\n' }, 'bundler');
  assert.deepEqual(r.diags.filter((d) => d.line < first), [], r.output);
  cases.forEach(([what], i) => {
    assert.deepEqual(r.diags.filter((d) => d.line === first + i), [], `${what}: declared and accepted keys differ (line ${first + i} of):\n${lines.join('\n')}\n${r.output}`);
  });
});
