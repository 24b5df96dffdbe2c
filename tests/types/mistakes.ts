// Mistakes a user can make with the package, each caught at compile time. Every
// `@ts-expect-error` below must stay an error: tsc fails ("Unused '@ts-expect-error'") if
// the declarations ever become too loose to catch it. tests/consumers/typescript.test.mjs
// also compiles this file without the directives and checks that each line fails with the
// expected diagnostic (not some unrelated error).
import { AtlasClient, validateBody, buildRequest, planChanges } from 'atlas-integrations';
import type { BodyOf, Integration, PagerDutyIntegration, WebhookIntegration, Flavour, IssueCode } from 'atlas-integrations';

const groupId = '5f1a2b3c4d5e6f7a8b9c0d1e';
const client = new AtlasClient({ token: 't', baseUrl: 'http://127.0.0.1:8080' });

// Correct uses compile.
export const ok: PagerDutyIntegration = { type: 'PAGER_DUTY', serviceKey: '0123456789abcdef0123456789abcdef', region: 'EU' };
export const anyBody: Integration = { type: 'WEBHOOK', url: 'https://hooks.example.com/x' };
export const created = client.create(groupId, ok, {});
export const issues = validateBody(ok, { flavour: 'cloudManager' });
export const code: IssueCode = 'masked_secret';

// MISTAKE misspelled-field (TS2561): `serviceKye` instead of `serviceKey`.
// @ts-expect-error misspelled field
export const misspelled: PagerDutyIntegration = { type: 'PAGER_DUTY', serviceKye: '0123456789abcdef0123456789abcdef' };

// MISTAKE wrong-enum (TS2322): PagerDuty regions are "US" | "EU".
// @ts-expect-error wrong enum value
export const wrongEnum: PagerDutyIntegration = { type: 'PAGER_DUTY', serviceKey: '0123456789abcdef0123456789abcdef', region: 'APAC' };

// MISTAKE wrong-type (TS2322): `enabled` is a boolean, not a string.
// @ts-expect-error wrong type
export const wrongType: Integration = { type: 'PROMETHEUS', username: 'u', password: 'p', serviceDiscovery: 'http', enabled: 'yes' };

// MISTAKE missing-required (TS2741): a webhook needs a url.
// @ts-expect-error missing required field
export const missing: WebhookIntegration = { type: 'WEBHOOK', secret: 's' };

// MISTAKE wrong-flavour (TS2820): flavours are "atlasV2" | "atlasV1" | "cloudManager" | "opsManager".
// @ts-expect-error wrong flavour string
export const badFlavour = new AtlasClient({ token: 't', flavour: 'atlas-v2' });

// MISTAKE wrong-flavour-option (TS2820): the same in validation options.
// @ts-expect-error wrong flavour string in options
export const badFlavour2 = validateBody(ok, { flavour: 'atlas' });

// MISTAKE other-shape (TS2769): a Slack-shaped body (apiToken) with type PAGER_DUTY (no
// overload takes it: neither the body of its `type` nor any `Integration`).
// @ts-expect-error body of another shape
export const otherShape = client.create(groupId, { type: 'PAGER_DUTY', apiToken: 'xoxb-1' }, {});

// MISTAKE other-shape-fields (TS2769): PagerDuty fields under a Datadog type.
// @ts-expect-error body of another shape
export const otherShape2 = client.upsert(groupId, { type: 'DATADOG', serviceKey: '0123456789abcdef0123456789abcdef' }, {});

// MISTAKE unknown-type (TS2769): not an integration type (no overload of get takes it).
// @ts-expect-error unknown integration type
export const unknownType = client.get(groupId, 'PAGERDUTY', {});

// MISTAKE wrong-op (TS2322): buildRequest's op is a closed set.
// @ts-expect-error unknown operation
export const badOp = buildRequest({ op: 'patch', groupId }, {});

// MISTAKE plan-null-desired (TS2345): the desired side of a plan is required.
// @ts-expect-error desired may not be null
export const badPlan = planChanges(null, null, {});

// MISTAKE unknown-issue-code (TS2322): issue codes are a closed set.
// @ts-expect-error not an IssueCode
export const badCode: IssueCode = 'masked';

// MISTAKE flavour-type (TS2322)
// @ts-expect-error not a Flavour
export const badFlavourType: Flavour = 'cloud';

// MISTAKE two-credentials (TS2322): at most one of token, digest and serviceAccount.
// @ts-expect-error two credentials at once
export const twoCredentials = new AtlasClient({ token: 't', serviceAccount: { clientId: 'i', clientSecret: 's' } });

// MISTAKE narrowed-get (TS2339): get(g, 'SLACK') is a SlackIntegration, which has no serviceKey.
// @ts-expect-error no serviceKey on a Slack integration
export const slackKey = client.get(groupId, 'SLACK').then((slack) => slack.serviceKey);

// The writes narrowed by the type given (tests/types/narrowing.ts has what they accept).
// MISTAKE narrowed-create (TS2379): a PagerDuty body for 'SLACK'.
// @ts-expect-error a PagerDuty body for 'SLACK'
export const createOther = client.create<'SLACK'>(groupId, ok);

// MISTAKE narrowed-update (TS2379): the same for update.
// @ts-expect-error a PagerDuty body for 'SLACK'
export const updateOther = client.update<'SLACK'>(groupId, ok);

// MISTAKE narrowed-upsert (TS2379): the same for upsert.
// @ts-expect-error a PagerDuty body for 'SLACK'
export const upsertOther = client.upsert<'SLACK'>(groupId, ok);

// MISTAKE narrowed-plan (TS2379): the same for plan.
// @ts-expect-error a PagerDuty body for 'SLACK'
export const planOther = client.plan<'SLACK'>(groupId, ok);

// MISTAKE narrowed-apply (TS2379): the same for apply.
// @ts-expect-error a PagerDuty body for 'SLACK'
export const applyOther = client.apply<'SLACK'>(groupId, ok);

// MISTAKE narrowed-literal (TS2322): the type given and the body's `type` differ.
// @ts-expect-error a PagerDuty literal for 'SLACK'
export const literalOther = client.upsert<'SLACK'>(groupId, { type: 'PAGER_DUTY', serviceKey: '0123456789abcdef0123456789abcdef' });

// MISTAKE narrowed-missing (TS2769): a Slack body without its apiToken.
// @ts-expect-error missing apiToken
export const missingToken = client.update(groupId, { type: 'SLACK', teamName: 'team' });

// MISTAKE narrowed-plan-body (TS2322): a Slack plan's body is no PagerDuty body.
// @ts-expect-error a Slack plan has no PagerDuty body
export const planBody: Promise<PagerDutyIntegration | null> = client.plan(groupId, { type: 'SLACK', apiToken: 'xoxb-1', teamName: 'team' }).then((p) => p.body);

// MISTAKE body-of (TS2375): BodyOf<T> holds bodies of the type T only.
// @ts-expect-error a PagerDuty body is no BodyOf<'SLACK'>
export const bodyOf: BodyOf<'SLACK'> = ok;
