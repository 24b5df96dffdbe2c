// Integration types, request-body checks and response masking for the stand-in
// Atlas server. Everything here follows /work/shared/reference/INTEGRATIONS.md
// (§3 parameters, §4.2 secrets, §4.3 per-type fields, §6 error codes).
//
// Flavours: 'v2' (/api/atlas/v2), 'v1' (/api/atlas/v1.0), 'public'
// (/api/public/v1.0, Cloud Manager or Ops Manager depending on the server's
// `publicApi` option).

/** Path enum for {integrationType} (§3.1). FLOWDOCK is gone from every enum. */
export const INTEGRATION_TYPES = Object.freeze([
  'PAGER_DUTY', 'SLACK', 'DATADOG', 'NEW_RELIC', 'OPS_GENIE', 'VICTOR_OPS',
  'WEBHOOK', 'HIP_CHAT', 'PROMETHEUS', 'MICROSOFT_TEAMS',
]);

const HEX32 = /^[0-9a-fA-F]{32}$/;
const HEX40 = /^[0-9a-f]{40}$/;

/**
 * Fields the server keeps per type (union over flavours). Anything else in a
 * body is dropped, which is what a typed server-side model does with unknown
 * JSON properties; `id` is server-assigned and never taken from a body.
 */
const KNOWN_FIELDS = {
  PAGER_DUTY: ['serviceKey', 'region'],
  SLACK: ['apiToken', 'channelName', 'teamName'],
  DATADOG: ['apiKey', 'region', 'sendCollectionLatencyMetrics', 'sendDatabaseMetrics',
    'sendQueryStatsMetrics', 'sendUserProvidedResourceTags'],
  NEW_RELIC: ['accountId', 'licenseKey', 'readToken', 'writeToken'],
  OPS_GENIE: ['apiKey', 'region'],
  VICTOR_OPS: ['apiKey', 'routingKey'],
  WEBHOOK: ['url', 'secret', 'bodyTemplate', 'headersTemplate'],
  HIP_CHAT: ['notificationToken', 'roomName'],
  PROMETHEUS: ['username', 'password', 'serviceDiscovery', 'enabled',
    'sendUserProvidedResourceTagsEnabled', 'scheme', 'listenAddress', 'tlsPemPath', 'tlsPemPassword'],
  MICROSOFT_TEAMS: ['microsoftTeamsWebhookUrl'],
};

/** Secret kinds (§4.2). */
const LAST_FOUR = new Set(['serviceKey', 'apiKey', 'apiToken', 'notificationToken']);
const FULL = new Set(['secret']);
const URLS = new Set(['url', 'microsoftTeamsWebhookUrl']);
const WRITE_ONLY = new Set(['password', 'tlsPemPassword']);

/** `****…7890`: keeps the original length, only the last 4 stay visible. */
export function maskLastFour(value) {
  const s = String(value);
  const chars = Array.from(s);
  if (chars.length <= 4) return '*'.repeat(chars.length); // nothing may stay visible
  return '*'.repeat(chars.length - 4) + chars.slice(-4).join('');
}

/** `https://webhook.com/****`: scheme and host stay, the rest is hidden. */
export function maskUrl(value) {
  try {
    const u = new URL(String(value));
    return `${u.protocol}//${u.host}/****`;
  } catch {
    return '****';
  }
}

/**
 * The response view of one stored record: secrets masked the way Atlas masks
 * them, write-only fields left out. Webhook body/header templates are returned
 * as stored (§4.3 says it is uncertain whether Atlas redacts them).
 */
export function maskedView(record) {
  const out = { id: record.id, type: record.type };
  for (const [k, v] of Object.entries(record)) {
    if (k === 'id' || k === 'type' || v === undefined) continue;
    if (WRITE_ONLY.has(k)) continue;
    if (typeof v === 'string' && LAST_FOUR.has(k)) out[k] = maskLastFour(v);
    else if (typeof v === 'string' && FULL.has(k)) out[k] = '*'.repeat(Math.max(Array.from(v).length, 1));
    else if (typeof v === 'string' && URLS.has(k)) out[k] = maskUrl(v);
    else out[k] = v;
  }
  return out;
}

/** Error thrown by validateBody; the server turns it into an ApiError. */
export class BodyError extends Error {
  constructor(status, errorCode, detail, parameters = [], fields = []) {
    super(detail);
    this.status = status;
    this.errorCode = errorCode;
    this.detail = detail;
    this.parameters = parameters;
    this.fields = fields; // [{field, description}] for badRequestDetail (v2)
  }
}

function isPlainObject(v) {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function isHttpUrl(v) {
  try {
    const u = new URL(v);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.host !== '';
  } catch {
    return false;
  }
}

/**
 * Checks a POST/PUT body (create and update share one schema, §4.1) and
 * returns the record to store (known fields only, without `id`). Throws
 * BodyError on the first problem; `fields` lists every problem found.
 *
 * @param {'v2'|'v1'|'public'} flavour
 * @param {'cloud-manager'|'ops-manager'} publicApi what /api/public emulates
 */
export function validateBody(flavour, publicApi, pathType, body) {
  if (!isPlainObject(body)) {
    throw new BodyError(400, 'INVALID_JSON', 'The request body must be a JSON object describing one integration.');
  }
  if (body.type === undefined || body.type === null) {
    throw new BodyError(400, 'MISSING_ATTRIBUTE', 'The required attribute type was not specified.', ['type'],
      [{ field: 'type', description: 'must be present' }]);
  }
  if (typeof body.type !== 'string' || !INTEGRATION_TYPES.includes(body.type)) {
    throw new BodyError(400, 'INVALID_ENUM_VALUE', `An invalid enumeration value ${JSON.stringify(String(body.type)).slice(0, 64)} was specified.`,
      [String(body.type).slice(0, 64), 'type'], [{ field: 'type', description: 'must be one of ' + INTEGRATION_TYPES.join(', ') }]);
  }
  if (body.type !== pathType) {
    throw new BodyError(400, 'INVALID_INTEGRATION_SETTINGS',
      `The integration type ${body.type} in the request body does not match the integration type ${pathType} in the path.`,
      [pathType], [{ field: 'type', description: `must equal the path integrationType ${pathType}` }]);
  }
  const atlas = flavour === 'v2' || flavour === 'v1';
  const cloudManager = flavour === 'public' && publicApi !== 'ops-manager';
  if (pathType === 'HIP_CHAT' && (atlas || cloudManager)) {
    throw new BodyError(400, 'HIPCHAT_NOT_SUPPORTED', 'HipChat integrations are only supported by Ops Manager.');
  }
  if (pathType === 'DATADOG' && cloudManager) {
    throw new BodyError(400, 'DATADOG_NOT_SUPPORTED_FOR_CLOUD_MANAGER', 'Datadog integrations are not supported for Cloud Manager projects.');
  }

  const problems = [];
  const problem = (errorCode, field, description, parameters = [field]) => problems.push({ errorCode, field, description, parameters });
  const present = (f) => body[f] !== undefined && body[f] !== null && body[f] !== '';
  const required = (f) => { if (!present(f)) problem('MISSING_ATTRIBUTE', f, 'must be present'); return present(f); };
  const string = (f) => { if (present(f) && typeof body[f] !== 'string') { problem('INVALID_ATTRIBUTE', f, 'must be a string'); return false; } return present(f); };
  const boolean = (f) => { if (body[f] !== undefined && body[f] !== null && typeof body[f] !== 'boolean') problem('INVALID_ATTRIBUTE', f, 'must be a boolean'); };
  const oneOf = (f, values) => { if (present(f) && !values.includes(body[f])) problem('INVALID_ENUM_VALUE', f, 'must be one of ' + values.join(', '), [String(body[f]).slice(0, 64), f]); };

  switch (pathType) {
    case 'PAGER_DUTY':
      if (required('serviceKey') && string('serviceKey') && !HEX32.test(body.serviceKey)) {
        problem('INVALID_PAGER_DUTY_SERVICE_KEY', 'serviceKey', 'must be 32 hexadecimal digits', []);
      }
      oneOf('region', ['US', 'EU']);
      break;
    case 'SLACK':
      required('apiToken'); string('apiToken');
      if (atlas) {
        // Atlas v2 spec: channelName required; the v1.0 docs call it optional. Both: at most
        // 80 characters. CM/OM docs: optional, no limit stated.
        const given = flavour === 'v2' ? required('channelName') : present('channelName');
        if (given && string('channelName') && Array.from(body.channelName).length > 80) {
          problem('INVALID_ATTRIBUTE', 'channelName', 'must be at most 80 characters');
        }
      } else string('channelName');
      string('teamName');
      break;
    case 'DATADOG':
      if (required('apiKey') && string('apiKey') && !HEX32.test(body.apiKey)) {
        problem('INVALID_DATADOG_API_KEY', 'apiKey', 'must be 32 hexadecimal digits', []);
      }
      oneOf('region', ['US', 'EU', 'US3', 'US5', 'AP1', 'US1_FED']);
      for (const f of ['sendCollectionLatencyMetrics', 'sendDatabaseMetrics', 'sendQueryStatsMetrics', 'sendUserProvidedResourceTags']) boolean(f);
      break;
    case 'NEW_RELIC':
      for (const f of ['accountId', 'licenseKey']) {
        if (required(f) && string(f) && !HEX40.test(body[f])) problem('INVALID_ATTRIBUTE', f, 'must be 40 lowercase hexadecimal digits');
      }
      for (const f of ['readToken', 'writeToken']) { required(f); string(f); }
      break;
    case 'OPS_GENIE':
      required('apiKey'); string('apiKey');
      oneOf('region', ['US', 'EU']);
      break;
    case 'VICTOR_OPS':
      required('apiKey'); string('apiKey'); string('routingKey');
      break;
    case 'WEBHOOK':
      if (required('url') && string('url') && !isHttpUrl(body.url)) problem('INVALID_ATTRIBUTE', 'url', 'must be an http or https URL');
      string('secret'); string('bodyTemplate'); string('headersTemplate');
      break;
    case 'MICROSOFT_TEAMS':
      if (required('microsoftTeamsWebhookUrl') && string('microsoftTeamsWebhookUrl') && !isHttpUrl(body.microsoftTeamsWebhookUrl)) {
        problem('INVALID_ATTRIBUTE', 'microsoftTeamsWebhookUrl', 'must be an http or https URL');
      }
      break;
    case 'PROMETHEUS':
      required('username'); string('username');
      if (required('serviceDiscovery')) oneOf('serviceDiscovery', ['http', 'file']);
      if (body.enabled === undefined || body.enabled === null) problem('MISSING_ATTRIBUTE', 'enabled', 'must be present');
      else boolean('enabled');
      boolean('sendUserProvidedResourceTagsEnabled');
      if (flavour === 'public') {
        // CM/OM docs: password, scheme and listenAddress are required; https needs tlsPemPath.
        required('password'); string('password');
        if (required('scheme')) oneOf('scheme', ['http', 'https']);
        required('listenAddress'); string('listenAddress');
        if (body.scheme === 'https') required('tlsPemPath');
        string('tlsPemPath'); string('tlsPemPassword');
      } else {
        // Atlas spec: password optional (writeOnly); scheme is only echoed by old servers.
        string('password');
        oneOf('scheme', ['http', 'https']);
      }
      break;
    case 'HIP_CHAT':
      required('notificationToken'); string('notificationToken');
      required('roomName'); string('roomName');
      break;
    default:
      break;
  }

  if (problems.length > 0) {
    const first = problems[0];
    const detail = first.errorCode === 'MISSING_ATTRIBUTE'
      ? `The required attribute ${first.field} was not specified.`
      : first.errorCode === 'INVALID_PAGER_DUTY_SERVICE_KEY'
        ? 'PagerDuty service key must consist of 32 hexadecimal digits.'
        : first.errorCode === 'INVALID_DATADOG_API_KEY'
          ? 'Datadog API key must consist of 32 hexadecimal digits.'
          : `Invalid attribute ${first.field} specified: ${first.description}.`;
    throw new BodyError(400, first.errorCode, detail, first.parameters,
      problems.map((p) => ({ field: p.field, description: p.description })));
  }

  const record = { type: pathType };
  for (const f of KNOWN_FIELDS[pathType]) {
    if (body[f] !== undefined && body[f] !== null) record[f] = body[f];
  }
  return record;
}
