// Declarations for extras.js. It sits next to wasm-bindgen's atlas_integrations.d.ts in
// every build of the package and adds to the AtlasClient class declared there.
import type { ApiErrorCode, ApplyOptions, ApplyResult, AtlasErrorName, Change, Integration, IntegrationType, Issue, ListOptions, Page, Plan, RequestOptions, SingleOptions } from "./atlas_integrations.js";

/** The integration body of one type: `IntegrationOf<"PAGER_DUTY">` is `PagerDutyIntegration`. */
export type IntegrationOf<T extends IntegrationType> = Extract<Integration, { type: T }>;

/**
 * A body of the type `T` and no other: the parameter of the narrowed `create`, `update`,
 * `upsert`, `plan` and `apply`. `T` is read from the body's `type`, or given
 * (`client.update<"SLACK">(groupId, body)` accepts only a `SlackIntegration`).
 */
export type BodyOf<T extends IntegrationType> = IntegrationOf<T> & { type: T };

/** A `Plan` for a desired body of the type `T`. */
export interface PlanOf<T extends IntegrationType> extends Omit<Plan, "body"> {
  /** The body to send for create or update (never holds a masked value); `null` for `none`. */
  body: IntegrationOf<T> | null;
}

/** An `ApplyResult` for a desired body of the type `T`. */
export interface ApplyResultOf<T extends IntegrationType> extends Omit<ApplyResult, "body"> {
  /** The body sent for create or update (never holds a masked value); `null` for `none`. */
  body: IntegrationOf<T> | null;
}

declare module "./atlas_integrations.js" {
  interface AtlasClient {
    /** `get` narrowed by the type asked for: `get(g, "PAGER_DUTY")` resolves to a `PagerDutyIntegration`. */
    get<T extends IntegrationType>(groupId: string, integrationType: T, options?: SingleOptions): Promise<IntegrationOf<T>>;
    /** `create` narrowed by `body.type` (or the type given: `create<"SLACK">`): a field of another type is an error. Resolves to the project's list, every type in it. */
    create<T extends IntegrationType>(groupId: string, body: BodyOf<T>, options?: ListOptions): Promise<Page>;
    /** `update` narrowed by `body.type` (or the type given: `update<"SLACK">`): a field of another type is an error. Resolves to the project's list, every type in it. */
    update<T extends IntegrationType>(groupId: string, body: BodyOf<T>, options?: ListOptions): Promise<Page>;
    /** `upsert` narrowed by `body.type` (or the type given: `upsert<"SLACK">`): a field of another type is an error. Resolves to the project's list, every type in it. */
    upsert<T extends IntegrationType>(groupId: string, body: BodyOf<T>, options?: ListOptions): Promise<Page>;
    /** `plan` narrowed by `desired.type`: the plan's `body` is of that type. */
    plan<T extends IntegrationType>(groupId: string, desired: BodyOf<T>, options?: RequestOptions): Promise<PlanOf<T>>;
    /** `apply` narrowed by `desired.type`: the result's `body` is of that type. */
    apply<T extends IntegrationType>(groupId: string, desired: BodyOf<T>, options?: ApplyOptions): Promise<ApplyResultOf<T>>;
    /**
     * Every integration of the project, page after page (`itemsPerPage` default 500). Stops with
     * an `AtlasResponseError` (`repeated_page`, `next_link_loop`, `too_many_pages`,
     * `implausible_total_count`) when the server repeats a page, its `next` link loops, or it
     * has more pages than `maxPages` (a whole number from 1 to 10000, default 100) or says so in
     * `totalCount`. A bad option rejects the first `next()` with `AtlasConfigError` (`invalid_option`).
     * @example for await (const integration of client.listAll(groupId)) console.log(integration.type);
     */
    listAll(groupId: string, options?: RequestOptions & { itemsPerPage?: number; maxPages?: number } | null): AsyncIterableIterator<Integration>;
    /**
     * Applies one desired integration to many projects (at most 100,000 per call; more throws
     * `AtlasConfigError`) with bounded concurrency, at the pace the rate limit allows: every
     * request goes through the client's pacer (the client option `pacing`), which learns
     * Atlas's token bucket (`RateLimit-*` headers, a 429's figures) and spends no faster than
     * it refills; a 429 pauses every worker for the server's `Retry-After`, longer when the
     * retry fails too (each wait at most `pacing.maxDelayMs`).
     * With `dryRun: true` it only plans (GETs, paced too) and sends no write. Resolves (never
     * rejects for a project's failure) to a report with one result per project, in input order.
     * Every option is checked before any request: a key it does not read, or a value of the
     * wrong type or out of range (`dryRun: "true"`, `mode: "Upsert"`, `concurrency: 0`),
     * rejects with `AtlasConfigError` (`invalid_option`, `invalid_config` for `timeoutMs`).
     */
    applyToProjects(groupIds: readonly string[], desired: Integration, options?: BulkOptions | null): Promise<BulkReport>;
  }
}

/** Options of `applyToProjects`. */
export interface BulkOptions {
  /** Projects worked on at once: a whole number from 1 to 64 (default 4). */
  concurrency?: number;
  /** `"apply"` (default) plans and changes only what differs; `"upsert"` creates or replaces (exactly these names). */
  mode?: "apply" | "upsert";
  /** `true`: plan every project and send no write; each result says what a real run would do. A boolean, never a string. */
  dryRun?: boolean;
  /** `true`: update even where the only differences are masked secrets that cannot be compared. */
  force?: boolean;
  /** How often one request may wait out a 429 before its project counts as failed: a whole number from 0 to 100 (default 5). */
  maxRateLimitWaits?: number;
  /** Called after each project, with the run's progress. Errors it throws, and rejections of a promise it returns, are ignored. */
  onProgress?: (progress: BulkProgress) => void;
  /** Called at each wait for the rate limit, before it. Errors it throws are ignored, like `onProgress`'s. */
  onRateLimit?: (wait: { groupId: string; waitMs: number }) => void;
  /** Stops the run: calls under way are aborted and projects not yet started fail with `AtlasAbortError`. */
  signal?: AbortSignal;
  /** The time limit of each attempt of each request in milliseconds, as a call's `timeoutMs` (default: the client's; `0`: none). To bound the whole run, pass `signal: AbortSignal.timeout(ms)`. */
  timeoutMs?: number;
}

/** What `onProgress` receives after each project. */
export interface BulkProgress {
  /** Projects finished so far. */
  done: number;
  /** Projects in the run. */
  total: number;
  /** Milliseconds since the run started. */
  elapsedMs: number;
  /** Projects finished per second so far (0 before the first). */
  ratePerSecond: number;
  /** The time left at that rate, in milliseconds (`null` before the first project finished). */
  etaMs: number | null;
  /** Time spent waiting for the rate limit so far, summed over every wait of every worker. */
  rateLimitWaitMs: number;
  /** The project that just finished. */
  result: BulkResult;
}

/**
 * How a project ended: `created`, `updated`, `upserted`, `unchanged`, `unknown` (nothing provably
 * differs but a masked secret could not be compared: nothing sent without `force`), `failed`; in a
 * dry run `create` or `update` (what would be sent), `unchanged`, `unknown`, `failed`.
 */
export type BulkOutcome = "created" | "updated" | "upserted" | "unchanged" | "unknown" | "create" | "update" | "failed";

/** One project's outcome in `applyToProjects`: never a rejection, always a result. */
export type BulkResult =
  | { groupId: string; ok: true; outcome: Exclude<BulkOutcome, "failed">; action: "create" | "update" | "none" | "upserted"; changes?: Change[] }
  | { groupId: string; ok: false; outcome: "failed"; error: AtlasError | Error };

/** What `applyToProjects` resolves to. */
export interface BulkReport {
  /** Whether this was a dry run (nothing was written). */
  dryRun: boolean;
  /** Projects in the run. */
  total: number;
  /** Projects per outcome; every outcome of the run's kind is present, zeros included. */
  counts: Partial<Record<BulkOutcome, number>>;
  /** Milliseconds the run took. */
  elapsedMs: number;
  /** Time spent waiting for the rate limit, summed over every wait of every worker. */
  rateLimitWaitMs: number;
  /** How many waits for the rate limit there were. */
  rateLimitWaits: number;
  /** The ids of the projects that failed, in input order: pass them to a rerun. */
  failedIds: string[];
  /** One result per project, in input order. */
  results: BulkResult[];
}

/** The `name` of every error class the package throws, for `switch`es and logs. */
export declare const ATLAS_ERROR_NAMES: readonly AtlasErrorName[];

/**
 * The base class of every error the package throws: a real `Error` with a `name` and a
 * machine-readable `code`. `instanceof` works with the classes of every entry (they are
 * made once per realm). Not meant to be constructed by callers.
 */
export declare class AtlasError extends Error {
  /** Which kind of error: one of `ATLAS_ERROR_NAMES` (the guards check it). */
  name: AtlasErrorName;
  /** A machine-readable reason, fixed per kind except for `AtlasConfigError` and `AtlasAuthError`. */
  code: string;
}

/** Input failed validation before anything was sent. */
export declare class AtlasValidationError extends AtlasError {
  name: "AtlasValidationError";
  code: "validation_failed";
  /** Every problem found, as `validateBody` and `validateOperation` report them. */
  issues: Issue[];
}

/** The API answered with an error status and an `ApiError` body. */
export declare class AtlasApiError extends AtlasError {
  name: "AtlasApiError";
  code: "api_error";
  /** The HTTP status of the answer. */
  status: number;
  /** The API's code, e.g. `INTEGRATION_ALREADY_CONFIGURED`, `INTEGRATION_NOT_CONFIGURED`, `RATE_LIMITED` (any other string the API sends too). */
  errorCode: ApiErrorCode;
  /** The API's short reason phrase, e.g. `Conflict`, when it sent one. */
  reason?: string;
  /** The API's human-readable explanation, scrubbed of the request's secrets, when it sent one. */
  detail?: string;
  /** The values the API's message refers to (`[]` when none). */
  parameters: unknown[];
  /** Per-field reasons of a 400, when the API gave them. */
  badRequestDetail: { fields: { field: string; description: string }[] } | null;
  /** The method of the request that failed. */
  method: string;
  /** The URL of the request that failed (no credentials are ever part of it). */
  url: string;
  /** From `Retry-After`, when the server sent one. */
  retryAfterMs?: number;
}

/** No response: connection refused or reset, DNS, CORS, or a `fetch` (yours or a replaced global one) that threw or gave no `Response`. */
export declare class AtlasNetworkError extends AtlasError {
  name: "AtlasNetworkError";
  code: "network_error";
  /** The method of the request that got no answer. */
  method: string;
  /** The URL of the request that got no answer (no credentials are ever part of it). */
  url: string;
}
/** The per-request timeout elapsed, or the caller's `AbortSignal.timeout()` fired. */
export declare class AtlasTimeoutError extends AtlasError {
  name: "AtlasTimeoutError";
  code: "timeout";
  /** The timeout that elapsed, per attempt (the client's `timeoutMs` or the call's); absent when the caller's `AbortSignal.timeout()` fired. */
  timeoutMs?: number;
  /** The caller's signal's reason (a `TimeoutError` `DOMException`), when that signal fired. */
  cause?: unknown;
  /** The method of the request that timed out. */
  method: string;
  /** The URL of the request that timed out (no credentials are ever part of it). */
  url: string;
}
/** The caller's AbortSignal fired. */
export declare class AtlasAbortError extends AtlasError {
  name: "AtlasAbortError";
  code: "aborted";
  /** The caller's signal's reason (`signal.reason`). */
  cause?: unknown;
  /** The method of the request that was stopped, when one had been made (not for a bulk project never started). */
  method?: string;
  /** Its URL, likewise. */
  url?: string;
}
/**
 * A response that is not the expected JSON (an HTML page from a proxy, a truncated body),
 * one larger than `maxResponseBytes`, or a redirect (never followed).
 */
export declare class AtlasResponseError extends AtlasError {
  name: "AtlasResponseError";
  /** `repeated_page`, `next_link_loop`, `too_many_pages`, `implausible_total_count`: `listAll` stopped (`status` is then 200, `bodySnippet` empty). */
  code: "unexpected_response" | "http_error" | "response_too_large" | "unexpected_redirect" | "repeated_page" | "next_link_loop" | "too_many_pages" | "implausible_total_count";
  /** The HTTP status of the answer (0 for a browser's opaque redirect). */
  status: number;
  /** `response_too_large`: the client's limit, in bytes. */
  maxResponseBytes?: number;
  /** `unexpected_redirect`: the origin the redirect pointed to, when the runtime shows it. */
  redirectOrigin?: string;
  /** A short, scrubbed start of the body. */
  bodySnippet: string;
  /** The method of the request that got this answer. */
  method: string;
  /** The URL of the request that got this answer (no credentials are ever part of it). */
  url: string;
}
/** Bad options: flavour, base URL, credentials, headers, timeout, retries. */
export declare class AtlasConfigError extends AtlasError { name: "AtlasConfigError"; }
/** The token provider failed, or the service-account token exchange did. */
export declare class AtlasAuthError extends AtlasError {
  name: "AtlasAuthError";
  /** What the token provider threw or rejected with, when it failed. */
  cause?: unknown;
  /** The HTTP status of a failed service-account token exchange. */
  status?: number;
}

/** Whether `e` is any error this package throws. */
export declare function isAtlasError(e: unknown): e is AtlasError;
/** Whether `e` is an `AtlasApiError`: the API answered with an error status (see `status`, `errorCode`). */
export declare function isAtlasApiError(e: unknown): e is AtlasApiError;
/** Whether `e` is an `AtlasValidationError`: input failed validation before anything was sent (see `issues`). */
export declare function isAtlasValidationError(e: unknown): e is AtlasValidationError;
/** Whether `e` is an `AtlasNetworkError`: no response at all (refused, reset, DNS, CORS). */
export declare function isAtlasNetworkError(e: unknown): e is AtlasNetworkError;
/** Whether `e` is an `AtlasTimeoutError`: the per-request timeout elapsed. */
export declare function isAtlasTimeoutError(e: unknown): e is AtlasTimeoutError;
/** Whether `e` is an `AtlasAbortError`: the caller's `AbortSignal` fired. */
export declare function isAtlasAbortError(e: unknown): e is AtlasAbortError;
/** Whether `e` is an `AtlasResponseError`: a response that is not the expected JSON. */
export declare function isAtlasResponseError(e: unknown): e is AtlasResponseError;
/** Whether `e` is an `AtlasConfigError`: bad client or call options. */
export declare function isAtlasConfigError(e: unknown): e is AtlasConfigError;
/** Whether `e` is an `AtlasAuthError`: the token provider or the service-account token exchange failed. */
export declare function isAtlasAuthError(e: unknown): e is AtlasAuthError;
