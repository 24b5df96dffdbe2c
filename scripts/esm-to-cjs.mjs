// Turns a small, self-contained ES module (pkg-template/js/extras.js) into CommonJS for the
// package's `require` entry. Deliberately simple and strict: it understands only top-level
// (column 0) export declarations and a local `export { a, b as c }` list; anything else that
// would need a real bundler (imports, `export default`, re-exports, `import.meta`) is refused
// with an error instead of being converted wrongly. Tested by tests/pkg/esm-to-cjs.test.mjs.
//
//   node scripts/esm-to-cjs.mjs in.js out.cjs

import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const IDENT = '[A-Za-z_$][\\w$]*';
const DECL = new RegExp(`^export\\s+((?:async\\s+)?function\\s*\\*?\\s*|class\\s+|(?:const|let|var)\\s+)(${IDENT})`);
const LIST = /^export\s*\{([^}]*)\}\s*;?\s*$/;

/**
 * @param {string} source ES module source
 * @returns {{ code: string, names: string[] }} CommonJS source and the exported names
 */
export function esmToCjs(source) {
  const names = [];
  const aliases = []; // [exported, local]
  const lines = source.split('\n');
  const out = lines.map((line, i) => {
    const where = `line ${i + 1}`;
    // Static imports only: a dynamic import() works the same in CommonJS.
    if (/^\s*import\s*[\s{*'"]/.test(line)) {
      throw new Error(`${where}: imports are not supported (extras.js must be self-contained): ${line.trim()}`);
    }
    if (/\bimport\.meta\b/.test(line)) throw new Error(`${where}: import.meta has no CommonJS equivalent`);
    if (!/^\s*export\b/.test(line)) return line;
    if (/^\s+export\b/.test(line)) throw new Error(`${where}: only top-level exports at column 0 are supported`);
    if (/^export\s+(const|let|var)\s+[[{]/.test(line)) throw new Error(`${where}: destructuring exports are not supported`);
    let m = DECL.exec(line);
    if (m) {
      if (/^export\s+(const|let|var)\s+[^=;]*,/.test(line)) throw new Error(`${where}: one declaration per export statement, please`);
      names.push(m[2]);
      return line.replace(/^export\s+/, '');
    }
    m = LIST.exec(line);
    if (m) {
      for (const part of m[1].split(',').map((s) => s.trim()).filter(Boolean)) {
        const pm = new RegExp(`^(${IDENT})(?:\\s+as\\s+(${IDENT}))?$`).exec(part);
        if (!pm) throw new Error(`${where}: cannot read export specifier '${part}'`);
        if (pm[2] === 'default') throw new Error(`${where}: default exports are not supported`);
        aliases.push([pm[2] || pm[1], pm[1]]);
      }
      return '';
    }
    throw new Error(`${where}: unsupported export form (default exports and re-exports are not supported): ${line.trim()}`);
  });
  for (const [exported] of aliases) names.push(exported);
  const dupes = names.filter((n, i) => names.indexOf(n) !== i);
  if (dupes.length) throw new Error(`exported more than once: ${dupes.join(', ')}`);
  const tail = [
    ...names.filter((n) => !aliases.some(([e]) => e === n)).map((n) => `exports.${n} = ${n};`),
    ...aliases.map(([e, l]) => `exports.${e} = ${l};`),
  ];
  const code = `'use strict';\n// Generated from extras.js by scripts/esm-to-cjs.mjs: do not edit.\n${out.join('\n')}\n${tail.join('\n')}\n`;
  return { code, names };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [input, output] = process.argv.slice(2);
  if (!input || !output) {
    console.error('usage: node scripts/esm-to-cjs.mjs in.js out.cjs');
    process.exit(2);
  }
  const { code } = esmToCjs(readFileSync(input, 'utf8'));
  writeFileSync(output, code);
}
