// Mistakes are caught at compile time, for the reason we expect. tests/types/mistakes.ts
// marks each mistake with `// MISTAKE name (TSnnnn)` and `// @ts-expect-error`; scripts/test.sh
// already checks that every directive is needed. Here the file is compiled WITHOUT the
// directives, with `--strict` and both `moduleResolution: bundler` and `nodenext`, and each
// marked line must fail with its expected diagnostic code, and no other line may fail.
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

for (const resolution of ['bundler', 'nodenext']) {
  test(`mistakes fail to compile for the expected reason (--strict, moduleResolution ${resolution})`, async () => {
    const text = fs.readFileSync(SOURCE, 'utf8');
    const expected = expectations(text);
    assert.ok(expected.length >= 10, 'tests/types/mistakes.ts lost its MISTAKE markers');
    // Under tests/ so that 'atlas-integrations' resolves through tests/node_modules, like an install.
    const dir = fs.mkdtempSync(path.join(ROOT, 'tests', 'consumers', `.tsc-${resolution}-`));
    try {
      fs.writeFileSync(path.join(dir, 'package.json'), '{ "private": true, "type": "module" }\n');
      fs.writeFileSync(path.join(dir, 'mistakes.ts'), text.replace(/^\/\/ @ts-expect-error.*$/gm, '//'));
      fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({
        extends: '../../types/tsconfig.base.json',
        compilerOptions: resolution === 'bundler'
          ? { module: 'esnext', moduleResolution: 'bundler', lib: ['es2022', 'dom'], types: [] }
          : { module: 'nodenext', moduleResolution: 'nodenext', lib: ['es2022'], types: ['node'], typeRoots: [path.join(ROOT, 'node_modules', '@types')] },
        files: ['mistakes.ts'],
      }, null, 2));
      const r = await tsc(dir, 'tsconfig.json');
      assert.notEqual(r.code, 0, 'the mistakes compiled');
      for (const e of expected) {
        const here = r.diags.filter((d) => d.file === 'mistakes.ts' && d.line === e.line);
        assert.ok(here.length > 0, `${e.name} (line ${e.line}) compiles: the declarations do not catch it`);
        assert.ok(here.some((d) => d.code === e.code), `${e.name}: expected ${e.code}, got ${here.map((d) => `${d.code} ${d.message}`).join('; ')}`);
      }
      const stray = r.diags.filter((d) => !expected.some((e) => d.file === 'mistakes.ts' && d.line === e.line));
      assert.deepEqual(stray, [], `unexpected errors:\n${r.output}`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
}
