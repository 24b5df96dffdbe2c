// Issue 19 point 8 for the writes: `create`, `update`, `upsert`, `plan` and `apply` narrow by
// the body's `type` (or the type given as the type argument), as `get` narrows by the type
// asked for. What they accept, here; what they refuse, with the diagnostic expected, in
// mistakes.ts (MISTAKE narrowed-*). Checked in both projects (tsconfig.bundler.json,
// tsconfig.nodenext.json).
import { AtlasClient } from 'atlas-integrations';
import type {
  ApplyResultOf, BodyOf, Integration, IntegrationOf, Page, PagerDutyIntegration, PlanOf, SlackIntegration,
} from 'atlas-integrations';

const groupId = '5f1a2b3c4d5e6f7a8b9c0d1e';
const client = new AtlasClient({ token: 't', baseUrl: 'http://127.0.0.1:8080' });
const slack: SlackIntegration = { type: 'SLACK', apiToken: 'xoxb-1', teamName: 'team', channelName: 'alerts' };
const pagerDuty: PagerDutyIntegration = { type: 'PAGER_DUTY', serviceKey: '0123456789abcdef0123456789abcdef' };

// A body of its own type is accepted, inferred from `type` or given; the writes resolve to
// the project's whole list (every type), so their result stays a `Page`.
export async function writes(anyBody: Integration, either: IntegrationOf<'SLACK' | 'PAGER_DUTY'>): Promise<Page[]> {
  return [
    await client.create(groupId, { type: 'SLACK', apiToken: 'xoxb-1', teamName: 'team' }),
    await client.create<'SLACK'>(groupId, slack, { pretty: true }),
    await client.update(groupId, pagerDuty),
    await client.update<'PAGER_DUTY'>(groupId, pagerDuty),
    await client.upsert(groupId, { type: 'PAGER_DUTY', serviceKey: '0123456789abcdef0123456789abcdef', region: 'EU' }),
    await client.upsert<'SLACK'>(groupId, slack),
    // A body whose type is only known at run time still goes through.
    await client.create(groupId, anyBody),
    await client.upsert(groupId, either),
  ];
}

// A plan's and an apply result's `body` has the desired body's type.
export async function plans(): Promise<string> {
  const plan: PlanOf<'SLACK'> = await client.plan(groupId, slack);
  const planned: SlackIntegration | null = plan.body;
  const applied: ApplyResultOf<'PAGER_DUTY'> = await client.apply(groupId, pagerDuty, { force: true });
  const sent: PagerDutyIntegration | null = applied.body;
  return `${planned?.apiToken} ${sent?.serviceKey} ${applied.page?.results.length}`;
}

// `BodyOf<T>` is the one type a narrowed write takes.
export const typed: BodyOf<'SLACK'> = slack;
