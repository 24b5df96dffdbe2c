// Issue 19 points 2, 3 and 8 in the declarations: at most one credential, error classes for
// `instanceof`, `errorCode` autocompletes known codes but accepts any, and `get` narrows by
// the type asked for. Checked with `tsc --strict` in both projects (see usage.ts).
import {
  AtlasClient, AtlasError, AtlasApiError, AtlasAbortError, AtlasTimeoutError, AtlasConfigError,
  isAtlasApiError,
} from 'atlas-integrations';
import type { ApiErrorCode, ClientOptions, IntegrationOf, PagerDutyIntegration, SlackIntegration } from 'atlas-integrations';

const groupId = '5f1a2b3c4d5e6f7a8b9c0d1e';
const client = new AtlasClient({ token: 't', baseUrl: 'http://127.0.0.1:8080' });

// Each credential alone, or none (a same-origin proxy adds them).
export const options: ClientOptions[] = [
  { token: 't' },
  { token: async () => 't' },
  { digest: { publicKey: 'p', privateKey: 'k' }, flavour: 'opsManager' },
  { serviceAccount: { clientId: 'i', clientSecret: 's' } },
  { baseUrl: 'https://proxy.example' },
];

// @ts-expect-error two credentials at once
export const two: ClientOptions = { token: 't', digest: { publicKey: 'p', privateKey: 'k' } };

// get narrows by the type given; a union of types gives the union of bodies.
export async function narrowed(t: 'PAGER_DUTY' | 'SLACK'): Promise<string> {
  const pd: PagerDutyIntegration = await client.get(groupId, 'PAGER_DUTY');
  const slack: SlackIntegration = await client.get(groupId, 'SLACK', { pretty: true });
  const either: IntegrationOf<'PAGER_DUTY' | 'SLACK'> = await client.get(groupId, t);
  // @ts-expect-error a Slack integration has no serviceKey
  slack.serviceKey;
  return pd.serviceKey + either.type;
}

// Error classes: instanceof narrows, and AtlasError is the base of every one.
export function handle(e: unknown): string {
  if (e instanceof AtlasApiError) {
    const code: ApiErrorCode = e.errorCode;
    // Known codes autocomplete; any other string the API sends is still an ApiErrorCode.
    const other: ApiErrorCode = 'SOME_FUTURE_CODE';
    return `${e.status} ${code} ${other}`;
  }
  if (e instanceof AtlasAbortError || e instanceof AtlasTimeoutError) return String(e.cause);
  if (e instanceof AtlasConfigError) return e.code;
  if (e instanceof AtlasError) return e.name;
  if (isAtlasApiError(e)) return e.errorCode;
  return 'other';
}
export const base: AtlasError = new AtlasApiError('x');
