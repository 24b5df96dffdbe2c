#!/usr/bin/env node
// Applies one webhook integration to every project listed in a CSV file (a `groupId`
// column; other columns are shown in the table). First a dry run: it plans every project
// (GETs only) and prints what would change; then the real run, paced under the API's rate
// limit, with progress, a report, and the ids to retry. `--dry-run` stops after the plan.
//
//   ATLAS_TOKEN=… WEBHOOK_URL=https://hooks.example.com/atlas WEBHOOK_SECRET=… \
//     node examples/apply-webhook-csv.mjs [--base-url URL] [--concurrency 4] [--dry-run] examples/projects.csv
import fs from 'node:fs';
import { validateBody } from 'atlas-integrations';
import { arg, connect, describeError, mask, positional } from './_common.mjs';

const [csvFile = new URL('./projects.csv', import.meta.url)] = positional();
const url = arg('url', process.env.WEBHOOK_URL);
const secret = process.env.WEBHOOK_SECRET; // never from the command line (it would show in `ps`)
const desired = { type: 'WEBHOOK', url, ...(secret ? { secret } : {}) };
const dryRunOnly = process.argv.includes('--dry-run');

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
const groupIds = projects.map((p) => p.groupId);
const concurrency = Number(arg('concurrency', '4'));
const seconds = (ms) => `${(ms / 1000).toFixed(1)}s`;
const onRateLimit = ({ groupId, waitMs }) => console.log(`  rate limit: ${groupId} waits ${seconds(waitMs)}`);

const client = connect();
console.log(`applying WEBHOOK url=${mask(url)}${secret ? ` secret=${mask(secret)}` : ''} to ${projects.length} project(s)`);

// 1. The dry run: what each project needs (a masked secret is `unknown`, never a false difference).
const plan = await client.applyToProjects(groupIds, desired, { concurrency, dryRun: true, onRateLimit });
console.log('plan:');
console.table(plan.results.map((r) => ({
  groupId: r.groupId,
  project: labels.get(r.groupId) || '',
  plan: r.ok ? r.outcome : `failed: ${describeError(r.error)}`,
  changes: r.ok ? r.changes.map((c) => `${c.field} ${c.kind}`).join(', ') : '',
})));
if (dryRunOnly) process.exit(plan.failedIds.length ? 1 : 0);

// 2. The real run, paced by the client; progress with rate and time left.
const report = await client.applyToProjects(groupIds, desired, {
  concurrency,
  onRateLimit,
  onProgress: ({ done, total, result, ratePerSecond, etaMs }) => {
    const what = result.ok ? result.outcome : `failed: ${describeError(result.error)}`;
    const eta = etaMs === null ? '' : `, ${seconds(etaMs)} left`;
    console.log(`[${done}/${total}] ${result.groupId} ${labels.get(result.groupId) || ''}: ${what} (${ratePerSecond.toFixed(1)}/s${eta})`);
  },
});

// 3. The report, and what to run again.
const c = report.counts;
console.log(`done: ${c.created} created, ${c.updated} updated, ${c.unchanged} unchanged, ${c.unknown} unknown (masked secret), ${c.failed} failed ` +
  `in ${seconds(report.elapsedMs)} (${seconds(report.rateLimitWaitMs)} waiting for the rate limit)`);
if (report.failedIds.length) console.log(`retry: ${report.failedIds.join(' ')}`);
process.exitCode = report.failedIds.length ? 1 : 0;
