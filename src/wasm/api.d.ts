// API shapes of the boundary (the catalogue-derived types, IntegrationType, Integration,
// IssueCode and Flavour, are generated from the catalogue at build time).

/** One problem found in user input. Errors block a request; warnings never do. */
export interface Issue {
  /** Where, in the JS field names a form keys on: `"serviceKey"`, `"body.serviceKey"`, `"query.itemsPerPage"`, `""` for the whole value. */
  path: string;
  /** Stable machine-readable code. */
  code: IssueCode;
  /** Plain English; never contains a secret value. */
  message: string;
  severity: "error" | "warning";
}

export interface ValidateOptions {
  /** Default `"atlasV2"`. */
  flavour?: Flavour;
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
  pretty?: boolean;
  /** Wrap the response in an envelope; the client unwraps it transparently. */
  envelope?: boolean;
}

/** An operation on the integrations resource, as validated and built by this package. */
export type OperationInput =
  | { op: "list"; groupId: string; query?: Query }
  | { op: "get" | "delete"; groupId: string; integrationType: IntegrationType; query?: Pick<Query, "pretty" | "envelope"> }
  | { op: "create" | "update"; groupId: string; integrationType?: IntegrationType; body: Integration; query?: Query };

/** Where requests go. */
export interface TargetOptions {
  /** Default `"atlasV2"`. */
  flavour?: Flavour;
  /** Default `https://cloud.mongodb.com`; required for Ops Manager. May carry a path prefix (a proxy). */
  baseUrl?: string;
  /** Allow plain `http://` to non-loopback hosts. Off by default: credentials would cross the network in clear. */
  allowInsecureHttp?: boolean;
}

/** A request ready to send, without credentials. */
export interface BuiltRequest {
  method: "GET" | "POST" | "PUT" | "DELETE";
  url: string;
  headers: Record<string, string>;
  /** JSON text, or `null` for list, get and delete. */
  body: string | null;
}

export interface PreviewOptions extends TargetOptions {
  /** Which credentials the curl line shows (redacted). Default `"bearer"`. */
  auth?: "bearer" | "digest" | "none";
  /** Shown as the Digest user (it is an identifier, not a secret). */
  publicKey?: string;
}

export interface Link { href: string; rel: string; }

/** A page of integrations (list, and the answer to create and update). */
export interface Page<T = Integration> {
  results: T[];
  /** Left out when `includeCount` is false. An estimate for large collections. */
  totalCount?: number;
  links: Link[];
}

/** One difference between a desired and a current integration. `unknown` means the API masks the value, so it cannot be compared. */
export interface Change {
  field: string;
  kind: "added" | "removed" | "changed" | "unknown";
}

export interface Plan {
  action: "create" | "update" | "none";
  changes: Change[];
  /** The body to send for create or update (never holds a masked value). */
  body?: Integration;
}

export interface ApplyResult extends Plan {
  /** The server's list after create or update. */
  page?: Page;
}

/** A type of integration and its fields, for rendering forms. */
export interface TypeDescription {
  name: IntegrationType;
  label: string;
  [key: string]: unknown;
}

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

export interface ClientOptions extends TargetOptions {
  /** Bearer token (Atlas service account access token). */
  token?: TokenSource;
  /** HTTP Digest API key pair (required by Cloud and Ops Manager; Atlas accepts it too). */
  digest?: { publicKey: string; privateKey: string };
  /** Service account credentials, exchanged for a cached bearer token (`POST /api/oauth/token`). Node only: never ship a client secret to a browser. */
  serviceAccount?: { clientId: string; clientSecret: string };
  /** Extra headers for every request (not Authorization). */
  headers?: Record<string, string>;
  /** Per-request timeout in ms (default 30000; 0 disables). */
  timeoutMs?: number;
  retries?: RetryOptions;
  /**
   * The fetch `credentials` mode. Default `"omit"` when the client holds credentials (no
   * cookies needed, and no browser login dialog on a Digest 401), `"same-origin"` without
   * them (a same-origin proxy that authenticates the user by cookie).
   */
  credentials?: "omit" | "same-origin" | "include";
}

export interface RequestOptions {
  signal?: AbortSignal;
  /** Overrides the client's timeout for this call. */
  timeoutMs?: number;
}

export interface ListOptions extends RequestOptions, Query {}

export interface ApplyOptions extends RequestOptions {
  /** Update even when the only differences are masked secrets that cannot be compared. */
  force?: boolean;
}
