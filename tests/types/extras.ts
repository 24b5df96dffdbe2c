// The JS extras (pkg-template/js/extras.*) reach the typed API of every entry: the type
// guards narrow, and AtlasClient carries the methods extras.js adds to its prototype.
import { AtlasClient, ATLAS_ERROR_NAMES, isAtlasApiError, isAtlasError } from 'atlas-integrations';
import type { AtlasApiError, AtlasErrorName, BulkProgress, BulkReport } from 'atlas-integrations';
import * as manual from 'atlas-integrations/manual';

export function describe(e: unknown): string {
  if (isAtlasApiError(e)) {
    const status: number = e.status;
    return `${e.errorCode} (${status})`;
  }
  if (isAtlasError(e)) return e.name;
  return 'not an atlas-integrations error';
}

export const names: readonly AtlasErrorName[] = ATLAS_ERROR_NAMES;
export type Api = AtlasApiError;
export const sameGuard: typeof isAtlasError = manual.isAtlasError;

// Added to the prototype by extras.js, declared by module augmentation in extras.d.ts.
export type ListAll = AtlasClient['listAll'];
export type Bulk = AtlasClient['applyToProjects'];

// The bulk report: counts per outcome, the ids to rerun, and results that narrow on `ok`.
export async function rerunIds(client: AtlasClient, ids: string[]): Promise<string[]> {
  const onProgress = (p: BulkProgress): void => void (p.etaMs === null ? p.done : p.etaMs + p.ratePerSecond);
  const report: BulkReport = await client.applyToProjects(ids, { type: 'SLACK', apiToken: 't', channelName: 'c', teamName: 'x' },
    { dryRun: true, onProgress, onRateLimit: ({ waitMs }) => void waitMs });
  for (const r of report.results) if (!r.ok) void r.error.name;
  const created: number | undefined = report.counts.created;
  void created;
  return report.failedIds;
}

// Pacing is the client's: every call shares one pacer; waits are reported per client and per call.
export function pacedClient(): AtlasClient {
  return new AtlasClient({ token: 't', pacing: { maxDelayMs: 5000 }, onRateLimit: ({ waitMs, method, url }) => void [waitMs, method, url] });
}
