#!/usr/bin/env node
// Writes the support matrix (integration types × API flavours) into README.md and
// pkg-template/README.md, between the markers below, from the catalogue as the built
// package reports it (describeTypes()). Nothing in the table is typed by hand.
//
//   node scripts/gen-matrix.mjs           # rewrite the tables
//   node scripts/gen-matrix.mjs --check   # exit 1 when a README's table is stale
//
// Needs a built pkg/ (scripts/build-pkg.sh --if-stale).

import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const BEGIN = '<!-- BEGIN GENERATED: support matrix (scripts/gen-matrix.mjs) -->';
export const END = '<!-- END GENERATED: support matrix -->';
export const TARGETS = ['README.md', 'pkg-template/README.md'];

const FLAVOURS = [
  ['atlasV2', 'Atlas v2'],
  ['atlasV1', 'Atlas v1.0'],
  ['cloudManager', 'Cloud Manager'],
  ['opsManager', 'Ops Manager'],
];

/** The list of type descriptions, whichever shape describeTypes() returns. */
export function typesOf(described) {
  return Array.isArray(described) ? described : described.types;
}

/** The Markdown table (with the markers) for what describeTypes() returned. */
export function renderMatrix(described) {
  const types = typesOf(described);
  const notes = [];
  const note = (text) => {
    let i = notes.indexOf(text);
    if (i < 0) i = notes.push(text) - 1;
    return ` (${i + 1})`;
  };
  const lines = [
    BEGIN,
    '',
    `| Type | \`type\` | ${FLAVOURS.map(([, label]) => label).join(' | ')} | Secret fields |`,
    `|---|---|${FLAVOURS.map(() => ':-:').join('|')}|---|`,
  ];
  for (const t of types) {
    const cells = FLAVOURS.map(([id]) => {
      const f = (t.flavours && t.flavours[id]) || { supported: (t.supportedIn || []).includes(id) };
      if (!f.supported) return '—';
      if (f.disputed) return 'disputed';
      return f.deprecated ? 'deprecated' : 'yes';
    });
    const secrets = (t.fields || []).filter((f) => f.secret).map((f) => `\`${f.name}\``).join(', ') || '—';
    const marks = [t.deprecated, t.unsupportedNote].filter(Boolean).map(note).join('').replace(/\) \(/g, ', ');
    lines.push(`| ${t.label}${marks} | \`${t.name}\` | ${cells.join(' | ')} | ${secrets} |`);
  }
  lines.push('', '"yes": accepted; "deprecated": accepted, with a `deprecated_type` warning; "disputed": accepted, with a `disputed_type` warning (the sources disagree); "—": `unsupported_type` error.');
  if (notes.length) lines.push('', 'Notes:', '', ...notes.map((n, i) => `${i + 1}. ${n.replace(/\s+/g, ' ').trim()}`));
  lines.push('', END);
  return lines.join('\n');
}

/** `text` with the block between the markers replaced (the markers must be there). */
export function splice(text, block, file = 'file') {
  const a = text.indexOf(BEGIN);
  const b = text.indexOf(END);
  if (a < 0 || b < a) throw new Error(`${file} has no support-matrix markers (${BEGIN} … ${END})`);
  return text.slice(0, a) + block + text.slice(b + END.length);
}

export function loadPackage(pkgDir = path.join(ROOT, 'pkg')) {
  const entry = path.join(pkgDir, 'index.cjs');
  if (!fs.existsSync(entry)) throw new Error(`${entry} is missing: build the package first (scripts/build-pkg.sh --if-stale)`);
  return createRequire(import.meta.url)(entry);
}

/** Files whose table differs from the catalogue: [{file, current, wanted}]. */
export function staleFiles(lib = loadPackage()) {
  const block = renderMatrix(lib.describeTypes());
  const out = [];
  for (const rel of TARGETS) {
    const file = path.join(ROOT, rel);
    const current = fs.readFileSync(file, 'utf8');
    const wanted = splice(current, block, rel);
    if (wanted !== current) out.push({ file: rel, current, wanted });
  }
  return out;
}

function main() {
  const check = process.argv.includes('--check');
  const stale = staleFiles();
  if (check) {
    if (stale.length) {
      process.stderr.write(`stale support matrix in ${stale.map((s) => s.file).join(', ')}: run \`node scripts/gen-matrix.mjs\`\n`);
      process.exit(1);
    }
    process.stdout.write('support matrix up to date\n');
    return;
  }
  for (const s of stale) {
    fs.writeFileSync(path.join(ROOT, s.file), s.wanted);
    process.stdout.write(`updated ${s.file}\n`);
  }
  if (!stale.length) process.stdout.write('support matrix up to date\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main();
  } catch (e) {
    process.stderr.write(`${e.message}\n`);
    process.exit(1);
  }
}
