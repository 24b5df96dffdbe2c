// API shapes of the boundary (the catalogue-derived types, IntegrationType, Integration,
// IssueCode and Flavour, and describeTypes' TypeCatalogue are generated at build time by
// build.rs; Issue, Severity, ... from the Rust types by tsify).

/**
 * Options of `validateOperation`, `planChanges` and `standardSchema`: the flavour only. A key
 * the function does not read, or options that are not an object, are refused with
 * `AtlasConfigError` (`invalid_option`) naming the closest valid key.
 */
export interface FlavourOptions {
  /** Default `"atlasV2"`. */
  flavour?: Flavour;
}

/** Options of `validateBody` and `validateBodies` (other keys are refused, as `FlavourOptions`' are). */
export interface ValidateOptions extends FlavourOptions {
  /** The `{integrationType}` of the path the body will be sent to, when known. */
  integrationType?: IntegrationType;
}

/** Query parameters. Paging ones only apply to list, create and update. */
export interface Query {
  /** 1-based page number (default 1). */
  pageNum?: number;
  /** 1..500 (default 100). */
  itemsPerPage?: number;
  /** Whether `totalCount` is returned (default true). */
  includeCount?: boolean;
  /** Ask the server for indented JSON (no effect on the parsed result). */
  pretty?: boolean;
  /** Wrap the response in an envelope; the client unwraps it transparently. */
  envelope?: boolean;
  /** Cloud Manager and Ops Manager only: documented for this resource, but with no known effect on integrations (a shared docs parameter: "exclude daemons not enabled for backing up databases", default true). */
  backupJobsEnabledOnly?: boolean;
}

/** The query parameters of `get` and `delete` (one integration: no paging). */
export type SingleQuery = Pick<Query, "pretty" | "envelope" | "backupJobsEnabledOnly">;

/** An operation on the integrations resource, as validated and built by this package. */
export type OperationInput =
  | { op: "list"; groupId: string; query?: Query }
  | { op: "get" | "delete"; groupId: string; integrationType: IntegrationType; query?: SingleQuery }
  | { op: "create" | "update"; groupId: string; integrationType?: IntegrationType; body: Integration; query?: Query };

/** Where requests go: the options of `buildRequest` (other keys are refused, as `FlavourOptions`' are). */
export interface TargetOptions {
  /** Default `"atlasV2"`. */
  flavour?: Flavour;
  /** Default `https://cloud.mongodb.com`; required for Ops Manager. May carry a path prefix (a proxy). */
  baseUrl?: string;
  /** Allow plain `http://` to non-loopback hosts (a boolean). Off by default: credentials would cross the network in clear. */
  allowInsecureHttp?: boolean;
}

/** Options of `previewCurl`. */
export interface PreviewOptions extends TargetOptions {
  /** Which credentials the curl line shows (redacted). Default `"bearer"`. */
  auth?: "bearer" | "digest" | "none";
  /** Shown as the Digest user (it is an identifier, not a secret). */
  publicKey?: string;
}

/** What `apply` did: the plan, and the server's answer when something was sent. */
export interface ApplyResult extends Plan {
  /** The server's list after create or update; absent when nothing was sent. */
  page?: Page;
}

/**
 * The Standard Schema v1 interface (https://standardschema.dev), as its authors ask
 * libraries to copy it: what `standardSchema` returns, read by the form libraries' standard
 * resolvers (react-hook-form's `standardSchemaResolver`, TanStack Form, ...).
 */
export interface StandardSchemaV1<Input = unknown, Output = Input> {
  /** The Standard Schema properties, which form libraries read. */
  readonly "~standard": {
    readonly version: 1;
    readonly vendor: string;
    /** Runs `validateBody`: `{ value }` when no issue is an error, else `{ issues }`. */
    readonly validate: (value: unknown) => StandardSchemaV1.Result<Output> | Promise<StandardSchemaV1.Result<Output>>;
    readonly types?: { readonly input: Input; readonly output: Output } | undefined;
  };
}

export declare namespace StandardSchemaV1 {
  type Result<Output> = SuccessResult<Output> | FailureResult;
  interface SuccessResult<Output> {
    readonly value: Output;
    readonly issues?: undefined;
  }
  interface FailureResult {
    readonly issues: ReadonlyArray<Issue>;
  }
  /** An error of `validateBody`: `path` is `[field]`, absent for the body as a whole. */
  interface Issue {
    readonly message: string;
    readonly path?: ReadonlyArray<PropertyKey | PathSegment> | undefined;
  }
  interface PathSegment {
    readonly key: PropertyKey;
  }
}

/** When and how often the client tries a request again. */
export interface RetryOptions {
  /** Retries after the first attempt (default 2; 0 disables). Only GET, PUT and DELETE are retried. */
  max?: number;
  /** First backoff delay in ms (default 500), doubled each time, with jitter. */
  baseDelayMs?: number;
  /** Longest single wait, Retry-After included (default 30000). A longer Retry-After ends retrying. */
  maxDelayMs?: number;
}

/** A bearer token, or a function returning one (called before each request, so it may refresh). */
export type TokenSource = string | (() => string | Promise<string>);

/** How a client authenticates, as `client.authKind` says (never the credential itself). */
export type AuthKind = "token" | "tokenProvider" | "digest" | "serviceAccount" | "none";

/** A bearer token: `token` alone. */
export interface TokenCredential {
  /** Bearer token (Atlas service account access token), or a function returning one. */
  token: TokenSource;
  /** Not with this credential: give only one. */
  digest?: never;
  /** Not with this credential: give only one. */
  serviceAccount?: never;
}
/** An HTTP Digest API key pair: `digest` alone. */
export interface DigestCredential {
  /** HTTP Digest API key pair (required by Cloud and Ops Manager; Atlas accepts it too). */
  digest: { publicKey: string; privateKey: string };
  /** Not with this credential: give only one. */
  token?: never;
  /** Not with this credential: give only one. */
  serviceAccount?: never;
}
/** Service-account credentials: `serviceAccount` alone. */
export interface ServiceAccountCredential {
  /**
   * Service account credentials, exchanged for a cached bearer token (`POST /api/oauth/token`).
   * Servers only: refused with `AtlasConfigError` in a browser page (`window` and `document`
   * defined), where a client secret must never be.
   */
  serviceAccount: { clientId: string; clientSecret: string };
  /** Not with this credential: give only one. */
  token?: never;
  /** Not with this credential: give only one. */
  digest?: never;
}
/** No credentials: a same-origin proxy adds them. */
export interface NoCredential {
  /** None: the client sends no credential. */
  token?: undefined;
  /** None: the client sends no credential. */
  digest?: undefined;
  /** None: the client sends no credential. */
  serviceAccount?: undefined;
}
/**
 * The credential of a client: at most one of `token`, `digest` and `serviceAccount` (two
 * are a type error here, and an `AtlasConfigError` at run time).
 */
export type Credential = TokenCredential | DigestCredential | ServiceAccountCredential | NoCredential;

/** Options of `new AtlasClient(...)`: the settings and at most one credential. */
export type ClientOptions = ClientSettings & Credential;

/**
 * The options of `new AtlasClient(...)` besides its credential. A key the client does not
 * read is refused with `AtlasConfigError` (`invalid_option`) naming the closest valid one.
 */
export interface ClientSettings extends TargetOptions {
  /** Extra headers for every request (not Authorization). */
  headers?: Record<string, string>;
  /**
   * Time limit of each attempt in ms, a whole number from 0 to 2147483647 (default 30000; 0
   * disables). Retries and waits for the rate limit are not bounded by it: for a limit on a
   * whole call, pass a call's `signal: AbortSignal.timeout(ms)`.
   */
  timeoutMs?: number;
  /** Retries of GET, PUT and DELETE on 429, 503 and network errors (POST never). */
  retries?: RetryOptions;
  /**
   * The fetch `credentials` mode. Default `"omit"` when the client holds credentials (no
   * cookies needed, and no browser login dialog on a Digest 401), `"same-origin"` without
   * them (a same-origin proxy that authenticates the user by cookie).
   */
  credentials?: "omit" | "same-origin" | "include";
  /**
   * The largest reply body read, in bytes after decompression (default 4 MiB, from 1024 to
   * 1073741824). A bigger reply rejects with `AtlasResponseError` code `response_too_large`,
   * and reading stops at the limit.
   */
  maxResponseBytes?: number;
  /**
   * Names of custom `headers` whose values `preview()` may show. Every other custom header
   * value is shown as `<redacted>` there, since it may be a key (`X-Auth-Token`, `Api-Key`).
   */
  safeHeaders?: readonly string[];
  /**
   * Pacing under the rate limit, shared by every call of the client (`listAll` and
   * `applyToProjects` included). On by default: the client learns Atlas's token bucket from
   * `RateLimit-*` headers and a 429's figures and spends no faster than it refills. `false`
   * only waits out `Retry-After` (and backs off after a 429 without it). `maxDelayMs` caps
   * every single wait (default: `retries.maxDelayMs`, 30,000); a bucket that refills slower
   * than one token per `maxDelayMs` is not paced (the client then reacts to 429s only).
   */
  pacing?: boolean | { enabled?: boolean; maxDelayMs?: number };
  /** Called before each wait for the rate limit, with its length; what it throws is ignored. */
  onRateLimit?: (wait: RateLimitWait) => void;
  /**
   * Answer an HTTP Digest challenge without `qop` (RFC 2069: no client nonce, so a captured
   * request can be replayed). Refused by default, as a downgrade (`legacy_digest_challenge`).
   */
  allowLegacyDigest?: boolean;
  /**
   * The fetch to send every request with (tests, proxies, instrumentation), instead of the
   * global one. It gets one `Request` (redirect `manual`, the attempt's signal) and must
   * resolve to a `Response` of the runtime; a throw or anything else is an `AtlasNetworkError`.
   * In Node, a proxy is an undici dispatcher: `fetch: (r) => undiciFetch(r, { dispatcher })`.
   */
  fetch?: (request: Request) => Promise<Response>;
  /** Called before each attempt is sent; sees no header, body or credential. What it throws is ignored. */
  onRequest?: (request: RequestEvent) => void;
  /** Called after each attempt with its status and duration; sees no header, body or credential. What it throws is ignored. */
  onResponse?: (response: ResponseEvent) => void;
}

/** What `onRequest` sees of an attempt. */
export interface RequestEvent {
  /** The HTTP method. */
  method: string;
  /** The request URL (credentials never travel in it). */
  url: string;
  /** 0 for the first attempt, then 1, 2, ... for retries and Digest challenges. */
  attempt: number;
}

/** What `onResponse` sees of an attempt. */
export interface ResponseEvent extends RequestEvent {
  /** The HTTP status; 0 when no response arrived. */
  status: number;
  /** From the send to the whole body read (or the failure), in milliseconds. */
  durationMs: number;
  /** Why the attempt got no usable response, or `null`. */
  error: "network" | "timeout" | "aborted" | "interrupted" | "too_large" | "redirect" | null;
}

/** One wait for the rate limit, as `onRateLimit` receives it. */
export interface RateLimitWait {
  /** How long the request waits before it is sent, in milliseconds. */
  waitMs: number;
  /** The request's method. */
  method: string;
  /** The request's URL. */
  url: string;
}

/** Per-call options of every client method. */
export interface RequestOptions {
  /** Aborts the call (and any retry wait): it rejects with `AtlasAbortError`. */
  signal?: AbortSignal;
  /**
   * Time limit of each attempt of this call in ms (a whole number from 0 to 2147483647; 0
   * disables), instead of the client's `timeoutMs`. A call that retries or waits for the rate
   * limit can take longer in all: to bound the whole call, pass `signal: AbortSignal.timeout(ms)`.
   */
  timeoutMs?: number;
  /** Called before each wait of this call for the rate limit (as well as the client's `onRateLimit`). */
  onRateLimit?: (wait: RateLimitWait) => void;
}

/** Options of `get` and `delete`: per-call options and their query parameters. */
export interface SingleOptions extends RequestOptions, SingleQuery {}

/** Options of `list`, `create`, `update` and `upsert`: per-call options and query parameters. */
export interface ListOptions extends RequestOptions, Query {}

/** Options of `apply`. */
export interface ApplyOptions extends RequestOptions {
  /** Update even when the only differences are masked secrets that cannot be compared. */
  force?: boolean;
}
