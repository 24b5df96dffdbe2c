#!/usr/bin/env node
// Applies one webhook integration to every project listed in a CSV file (a `groupId`
// column; other columns are shown in the progress). Only projects whose webhook differs
// are changed; a 429 pauses every worker for the server's Retry-After.
//
//   ATLAS_TOKEN=… WEBHOOK_URL=https://hooks.example.com/atlas WEBHOOK_SECRET=… \
//     node examples/apply-webhook-csv.mjs [--base-url URL] [--concurrency 4] examples/projects.csv
import fs from 'node:fs';
import { validateBody } from 'atlas-integrations';
import { arg, connect, describeError, mask, positional } from './_common.mjs';

const [csvFile = new URL('./projects.csv', import.meta.url)] = positional();
const url = arg('url', process.env.WEBHOOK_URL);
const secret = process.env.WEBHOOK_SECRET; // never from the command line (it would show in `ps`)
const desired = { type: 'WEBHOOK', url, ...(secret ? { secret } : {}) };

// Check the body once, before touching any project.
const problems = validateBody(desired, { flavour: arg('flavour', process.env.ATLAS_FLAVOUR || 'atlasV2') }).filter((i) => i.severity === 'error');
if (problems.length) {
  for (const p of problems) console.error(`${p.path || 'body'}: ${p.message} (${p.code})`);
  process.exit(2);
}

// A small CSV reader: header line, comma-separated, optional double quotes.
const rows = fs.readFileSync(csvFile, 'utf8').split(/\r?\n/).filter((l) => l.trim() && !l.startsWith('#'))
  .map((l) => l.match(/("([^"]|"")*"|[^,]*)(,|$)/g).slice(0, -1).map((c) => c.replace(/,$/, '').replace(/^"|"$/g, '').replace(/""/g, '"').trim()));
const header = rows.shift() || [];
const col = header.indexOf('groupId');
if (col < 0) {
  console.error(`${csvFile}: no groupId column`);
  process.exit(2);
}
const projects = rows.map((r) => ({ groupId: r[col], label: r.filter((_, i) => i !== col).join(' ') }));
const labels = new Map(projects.map((p) => [p.groupId, p.label]));

const client = connect();
console.log(`applying WEBHOOK url=${mask(url)}${secret ? ` secret=${mask(secret)}` : ''} to ${projects.length} project(s)`);
const results = await client.applyToProjects(projects.map((p) => p.groupId), desired, {
  concurrency: Number(arg('concurrency', '4')),
  onProgress: ({ done, total, result }) => {
    const what = result.ok ? result.action : `failed: ${describeError(result.error)}`;
    console.log(`[${done}/${total}] ${result.groupId} ${labels.get(result.groupId) || ''}: ${what}`);
  },
});
const count = (pred) => results.filter(pred).length;
console.log(`done: ${count((r) => r.ok && r.action === 'create')} created, ${count((r) => r.ok && r.action === 'update')} updated, ` +
  `${count((r) => r.ok && r.action === 'none')} unchanged, ${count((r) => !r.ok)} failed`);
process.exitCode = count((r) => !r.ok) ? 1 : 0;
