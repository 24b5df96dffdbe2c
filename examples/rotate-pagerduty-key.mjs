#!/usr/bin/env node
// Rotates the PagerDuty service key of a project: plan first, show what would change,
// then apply. Shows the masked-secret handling: the API returns the key as ****7890, so a
// plan can only compare the last four characters; when they are equal the change is
// `unknown` and apply needs --force.
//
// Changing the integration key does not change the alert notifications that already use
// PagerDuty: they keep the key they were created with (Cloud Manager docs). After a
// rotation, remove those notifications from their alert configurations and add them again.
//
//   ATLAS_TOKEN=… PAGERDUTY_NEW_KEY=<32 hex digits> \
//     node examples/rotate-pagerduty-key.mjs [--base-url URL] [--dry-run] [--force] GROUP_ID
import { validateBody } from 'atlas-integrations';
import { connect, describeError, mask, positional } from './_common.mjs';

const [groupId] = positional();
const newKey = process.env.PAGERDUTY_NEW_KEY; // from the environment, never from argv
const dryRun = process.argv.includes('--dry-run');
const force = process.argv.includes('--force');
if (!groupId || !newKey) {
  console.error('usage: PAGERDUTY_NEW_KEY=… node examples/rotate-pagerduty-key.mjs [--dry-run] [--force] GROUP_ID');
  process.exit(2);
}
const client = connect();

try {
  // 1. What is there now. The key comes back masked: it can be shown, never sent back.
  let current = null;
  try {
    current = await client.get(groupId, 'PAGER_DUTY', {});
    console.log(`current: serviceKey=${mask(current.serviceKey)} region=${current.region ?? '(default)'}`);
    const sendBack = validateBody(current).find((i) => i.code === 'masked_secret');
    if (sendBack) console.log(`sending the current body back would be refused: ${sendBack.code} on ${sendBack.path}`);
  } catch (e) {
    if (!(e.name === 'AtlasApiError' && e.errorCode === 'INTEGRATION_NOT_CONFIGURED')) throw e;
    console.log('current: none (PAGER_DUTY is not configured)');
  }

  // 2. The desired configuration: the new key, everything else kept.
  const desired = { type: 'PAGER_DUTY', serviceKey: newKey, ...(current?.region ? { region: current.region } : {}) };
  const issues = validateBody(desired).filter((i) => i.severity === 'error');
  if (issues.length) {
    for (const i of issues) console.log(`invalid: ${i.path} ${i.code}: ${i.message}`);
    process.exit(2);
  }

  // 3. Plan: masked fields are `unknown`, never a false difference.
  const plan = await client.plan(groupId, desired, {});
  console.log(`plan: ${plan.action} ${plan.changes.map((c) => `${c.field}:${c.kind}`).join(', ') || '(no changes)'}`);
  if (plan.action === 'none' && plan.changes.some((c) => c.kind === 'unknown')) {
    console.log('the new key ends with the same four characters as the old one: the API cannot tell them apart' + (force ? '' : '; re-run with --force to send it'));
  }
  if (dryRun) {
    console.log('dry run: nothing sent');
  } else {
    // 4. Apply: sends the desired body (the real key, never the masked one) when needed.
    const result = await client.apply(groupId, desired, { force });
    const after = result.page?.results.find((i) => i.type === 'PAGER_DUTY');
    console.log(`applied: ${result.action}${after ? `; now serviceKey=${mask(after.serviceKey)}` : ''}`);
    if (result.action === 'update') {
      console.log('note: existing alert notifications keep the old key; remove them from their alert configurations and add them again');
    }
  }
} catch (e) {
  console.log(`error: ${describeError(e)}`);
  process.exitCode = 1;
}
