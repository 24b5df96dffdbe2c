#!/usr/bin/env node
// Lists the integrations of several projects, one line per integration.
//
//   ATLAS_TOKEN=… node examples/list-projects.mjs [--base-url URL] GROUP_ID [GROUP_ID …]
//
// Secrets come back masked by the API; this script prints only the type and a few
// non-secret fields anyway.
import { connect, describeError, positional } from './_common.mjs';

const groupIds = positional();
if (groupIds.length === 0) {
  console.error('usage: node examples/list-projects.mjs [--base-url URL] [--token T] GROUP_ID…');
  process.exit(2);
}
const client = connect();

const SHOW = { SLACK: 'channelName', OPS_GENIE: 'region', PAGER_DUTY: 'region', DATADOG: 'region', PROMETHEUS: 'enabled' };
let total = 0;
let failed = 0;
for (const groupId of groupIds) {
  try {
    const types = [];
    for await (const integration of client.listAll(groupId)) {
      const key = SHOW[integration.type];
      types.push(key && integration[key] !== undefined ? `${integration.type}(${key}=${integration[key]})` : integration.type);
    }
    total += types.length;
    console.log(`${groupId}: ${types.length ? types.join(', ') : '(none)'}`);
  } catch (e) {
    failed += 1;
    console.log(`${groupId}: error ${describeError(e)}`);
  }
}
console.log(`${total} integration(s) in ${groupIds.length - failed} project(s); ${failed} failed`);
process.exitCode = failed ? 1 : 0;
