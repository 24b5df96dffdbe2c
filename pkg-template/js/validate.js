// validateBody and validateBodies in JavaScript: the body checks of src/validate/ run on the
// JS object in place, without the JSON.stringify + copy + parse + convert-back that a call
// into wasm costs (BENCHMARKS.md: that crossing alone took longer than ajv's whole
// validation). Without wasm, the same code also makes the wasm-free `atlas-integrations/forms`
// entry.
//
// The rules are not restated here: every type, field, kind, bound, flavour and label comes
// from describeTypes() (the Rust catalogue), read once on first use. What this file holds
// is a second engine for those rules, with the Rust validator as the reference, in two paths:
//   - fast: reads a plain object in place, for the bodies forms and scripts build;
//   - exact: for anything else (toJSON, getters that throw, proxies, BigInt, lone
//     surrogates, deep or huge values) it does what the wasm boundary does, JSON.stringify
//     then parse with serde_json's limits, and checks the plain result.
// tests/package/fast-validate.test.mjs holds both paths to the Rust answers, issue for
// issue and in order, on the benchmark corpus and thousands of generated bodies per
// flavour. A change to a rule's code or message in src/validate/ must be mirrored here;
// that test fails until it is.

/** Thrown (and caught below) when the fast path leaves a value to the exact path. */
const DECLINE = Symbol('decline');
const decline = () => {
  throw DECLINE;
};

const SLACK = 'SLACK';
/** How many characters of a non-secret value a message may quote (text::QUOTE_CHARS). */
const QUOTE_CHARS = 40;
/** The largest JSON text the wasm boundary reads, in UTF-16 units (convert.rs MAX_INPUT). */
const MAX_INPUT = 4 * 1024 * 1024;
/** Above this estimate (from above) of a body's JSON size, the exact path measures it. */
const MAX_JSON_ESTIMATE = 4_000_000;
/** Nesting the fast path walks; deeper values take the exact path. */
const MAX_DEPTH = 64;
/** serde_json refuses JSON nested this deep (its recursion limit of 128). */
const SERDE_DEPTH = 128;
/** The most elements validateBodies reads one by one (mod.rs MAX_BATCH). */
const MAX_BATCH = 100_000;
const SURROGATE = /[\uD800-\uDFFF]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** A lone surrogate makes a string unreadable to serde_json (isWellFormed: ES2024, faster). */
const hasLoneSurrogate =
  typeof ''.isWellFormed === 'function' ? (s) => !s.isWellFormed() : (s) => SURROGATE.test(s) && LONE_SURROGATE.test(s);

/** Characters (code points, as Rust counts them) of a well-formed string. */
function charCount(value) {
  if (!SURROGATE.test(value)) return value.length;
  let n = 0;
  for (let i = 0; i < value.length; i += 1) if ((value.charCodeAt(i) & 0xfc00) !== 0xdc00) n += 1;
  return n;
}

/** Orders keys as serde_json's map does: by UTF-8 bytes, i.e. by code points. */
function byCodePoint(a, b) {
  if (!SURROGATE.test(a) && !SURROGATE.test(b)) return a < b ? -1 : a > b ? 1 : 0;
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i += 1) {
    const d = x[i].codePointAt(0) - y[i].codePointAt(0);
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/** text::quote: the first 40 characters as a JSON string (JSON.stringify's escaping). */
function quote(value) {
  if (charCount(value) <= QUOTE_CHARS) return JSON.stringify(value);
  return `${JSON.stringify([...value].slice(0, QUOTE_CHARS).join(''))}…`;
}

// --- string formats (text.rs), exact for every well-formed string -------------------------

const isControl = (c) => c < 0x20 || (c >= 0x7f && c <= 0x9f);
const isDigit = (c) => c >= 0x30 && c <= 0x39;
const isAlpha = (c) => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
const isHexDigit = (c) => isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);

/** [host, port | undefined], or undefined when the shape is wrong (text::split_host_port). */
function splitHostPort(value) {
  if (value.startsWith('[')) {
    const close = value.indexOf(']');
    if (close < 0) return undefined;
    const after = value.slice(close + 1);
    if (after.startsWith(':')) return [value.slice(0, close + 1), after.slice(1)];
    return after === '' ? [value, undefined] : undefined;
  }
  const colon = value.indexOf(':');
  return colon < 0 ? [value, undefined] : [value.slice(0, colon), value.slice(colon + 1)];
}

function isHost(host) {
  if (host.length >= 2 && host.startsWith('[') && host.endsWith(']')) {
    const inner = host.slice(1, -1);
    if (!inner.includes(':')) return false;
    for (let i = 0; i < inner.length; i += 1) {
      const c = inner.charCodeAt(i);
      if (!isHexDigit(c) && c !== 0x3a && c !== 0x2e) return false;
    }
    return true;
  }
  // Labels of letters, digits, '-' and '_', none empty; one trailing dot allowed.
  const end = host.charCodeAt(host.length - 1) === 0x2e ? host.length - 1 : host.length;
  let labelStart = true;
  for (let i = 0; i < end; i += 1) {
    const c = host.charCodeAt(i);
    if (c === 0x2e) {
      if (labelStart) return false;
      labelStart = true;
    } else if (isDigit(c) || isAlpha(c) || c === 0x2d || c === 0x5f) {
      labelStart = false;
    } else {
      return false;
    }
  }
  return !labelStart;
}

function isPort(port) {
  if (port === '' || port.length > 5) return false;
  for (let i = 0; i < port.length; i += 1) if (!isDigit(port.charCodeAt(i))) return false;
  const n = Number(port);
  return n >= 1 && n <= 65535;
}

// text::is_http_url as two regular expressions (measured ~8x faster than walking the string
// here): no White_Space or Cc character anywhere (Rust's char::is_whitespace/is_control,
// listed out: JS's \s differs), then scheme, credentials up to the authority's last '@', a
// host and an optional port up to the end of the authority. The port's range is checked
// after. tests/package/fast-validate.test.mjs holds it to the Rust function.
const URL_BAD_CHAR = /[\x00-\x20\x7f-\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;
const HTTP_URL = /^https?:\/\/(?:[^/?#]*@)?(?:\[(?=[^\]]*:)[0-9A-Fa-f:.]*\]|(?:[A-Za-z0-9_-]+\.)*[A-Za-z0-9_-]+\.?)(?::(\d{1,5}))?(?:[/?#]|$)/i;

function isHttpUrl(value) {
  if (URL_BAD_CHAR.test(value)) return false;
  const m = HTTP_URL.exec(value);
  return m !== null && (m[1] === undefined || isPort(m[1]));
}

function isHostPort(value) {
  const split = splitHostPort(value);
  return split !== undefined && split[1] !== undefined && isHost(split[0]) && isPort(split[1]);
}

function isAbsolutePath(value) {
  for (let i = 0; i < value.length; i += 1) if (isControl(value.charCodeAt(i))) return false;
  if (value.startsWith('/')) return true;
  const sep = value.charCodeAt(2);
  return value.length >= 3 && isAlpha(value.charCodeAt(0)) && value[1] === ':' && (sep === 0x5c || sep === 0x2f);
}

/** Bytes of a well-formed string in UTF-8 (a surrogate pair is one 4-byte character). */
function utf8Length(value) {
  let n = value.length;
  for (let i = 0; i < value.length; i += 1) {
    const c = value.charCodeAt(i);
    if (c >= 0x80) n += c >= 0x800 && (c & 0xf800) !== 0xd800 ? 2 : 1;
  }
  return n;
}

/**
 * Whether serde_json reads back what JSON.parse made of a text: it refuses numbers out of
 * f64 range (JSON.parse makes them Infinity), escaped lone surrogates, and nesting of 128
 * or more. `depth` counts the containers around `value`.
 */
function serdeReads(value, depth) {
  if (typeof value === 'number') return Number.isFinite(value);
  if (typeof value === 'string') return !hasLoneSurrogate(value);
  if (value === null || typeof value !== 'object') return true;
  if (depth + 1 >= SERDE_DEPTH) return false;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) if (!serdeReads(value[i], depth + 1)) return false;
    return true;
  }
  for (const key of Object.keys(value)) {
    if (hasLoneSurrogate(key) || !serdeReads(value[key], depth + 1)) return false;
  }
  return true;
}

const PLACEHOLDER = /\$\{[^}]*\}/g;
const NEEDS_WALK = /\\u|\d[eE]/;

/** text::template_renders_to_json: `${...}` placeholders become 0, then it must be JSON. */
function templateRendersToJson(template, object) {
  // Each `${` up to the first `}` after it; an unterminated one stays as written.
  const rendered = template.includes('${') ? template.replace(PLACEHOLDER, '0') : template;
  let parsed;
  try {
    parsed = JSON.parse(rendered);
  } catch {
    return false;
  }
  // Only escapes, exponents, long digit runs or deep nesting can make serde_json refuse
  // what JSON.parse read (the last two need 200+ characters): walk the value only then.
  if ((rendered.length >= 200 || NEEDS_WALK.test(rendered)) && !serdeReads(parsed, 0)) return false;
  return !object || (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed));
}

/** mask.rs: what a response shows in place of a secret. */
function looksMasked(value) {
  let i = 0;
  while (value.charCodeAt(i) === 0x2a) i += 1;
  return i > 0 && (value.length - i <= 4 || charCount(value.slice(i)) <= 4);
}
const isMasked = (mask, value) => (mask === 'url' && value.includes('***')) || looksMasked(value);

// --- reading the body as JSON.stringify would see it ---------------------------------------

const plainObject = (v) => {
  const proto = Object.getPrototypeOf(v);
  return (proto === Object.prototype || proto === null) && typeof v.toJSON !== 'function';
};
const plainArray = (v) => Array.isArray(v) && Object.getPrototypeOf(v) === Array.prototype && typeof v.toJSON !== 'function';

/**
 * Checks that JSON.stringify + serde_json would read a value nested inside a body (whose
 * content no rule looks at) as plain JSON; returns `left` less its JSON size (an estimate
 * from above). Declines otherwise: toJSON, BigInt, functions, lone surrogates, exotic
 * objects, too deep or too big.
 */
function walkNested(value, depth, left) {
  switch (typeof value) {
    case 'string':
      if (hasLoneSurrogate(value)) decline();
      return left - 6 * value.length - 2;
    case 'number':
      return left - 24;
    case 'boolean':
    case 'undefined':
    case 'symbol':
      return left - 5;
    case 'object': {
      left -= 5;
      if (value === null) return left;
      if (depth > MAX_DEPTH || left < 0) decline();
      if (plainArray(value)) {
        for (let i = 0; i < value.length; i += 1) left = walkNested(value[i], depth + 1, left);
        return left;
      }
      if (!plainObject(value)) decline();
      for (const key of Object.keys(value)) {
        if (hasLoneSurrogate(key)) decline();
        left = walkNested(value[key], depth + 1, left - 6 * key.length - 4);
      }
      return left;
    }
    default:
      // bigint (JSON.stringify throws) and functions (toJSON is possible): the exact path.
      return decline();
  }
}

/** The JSON kind of a body value that checkBody accepted (and found present). */
function kindOf(value) {
  switch (typeof value) {
    case 'string':
      return 'string';
    case 'boolean':
      return 'boolean';
    case 'number':
      return Number.isFinite(value) ? 'number' : 'null';
    default:
      return value === null ? 'null' : 'object';
  }
}

// --- the rules, compiled once from describeTypes() -------------------------------------------
// Per flavour and type, a plan: the fields as they apply in that flavour, with every message
// that does not quote the value already written, so a check allocates only its issues.

const err = (path, code, message) => ({ path, code, message, severity: 'error' });
const warn = (path, code, message) => ({ path, code, message, severity: 'warning' });

function compileField(f, flavour, labels) {
  const { name, label, kind } = f;
  const exists = f.flavours.includes(flavour);
  const lowercase = kind.type === 'hexKey' && !kind.pattern.includes('A-F');
  const where = f.flavours.length
    ? `it exists only in ${f.flavours.map((id) => labels.get(id)).join(', ')}`
    : 'it exists in no current API';
  return {
    name,
    kind,
    type: kind.type,
    exists,
    required: f.requiredIn.includes(flavour),
    nullable: f.nullable,
    mask: f.secret ? f.secret.mask : undefined,
    // The catalogue's JS pattern for a hex key is text::is_hex exactly.
    hex: kind.type === 'hexKey' ? new RegExp(kind.pattern) : undefined,
    unsupported: `${label} does not exist in ${labels.get(flavour)}; ${where}.`,
    missing: `${label} is required.`,
    notNull: `${label} cannot be null; leave it out instead.`,
    notBoolean: `${label} must be true or false.`,
    notString: `${label} must be a string.`,
    masked: `${label} holds the masked value that the API returns; enter the real secret again, or the update would overwrite it with asterisks.`,
    tooShort: `${label} must be at least ${kind.minLength} characters long.`,
    tooLong: `${label} must be at most ${kind.type === 'template' ? kind.maxBytes : kind.maxLength}`,
    enumPrefix: kind.type === 'enum' ? `${label} must be one of ${kind.options.join(', ')}` : '',
    invalidUrl: `${label} must be an absolute http:// or https:// URL with a host and no spaces.`,
    invalidHex: `${label} must be exactly ${kind.maxLength} hexadecimal digits (${lowercase ? '0-9, a-f' : '0-9, a-f or A-F'}).`,
    notJson: `${label} does not render to ${kind.rendersToObject ? 'a JSON object' : 'JSON'} once its \${...} placeholders are filled in; the API would use its default instead.`,
    invalidHostPort: `${label} must be host:port, e.g. 0.0.0.0:9216.`,
    invalidPath: `${label} must be an absolute path, e.g. /etc/ssl/prometheus.pem.`,
  };
}

/** The plans of one flavour: type name → plan. */
function compileFlavour(catalogue, flavour, labels) {
  const types = new Map();
  for (const t of catalogue.types) {
    const fields = t.fields.map((f) => compileField(f, flavour, labels));
    const index = new Map(fields.map((f, i) => [f.name, i]));
    types.set(t.name, {
      name: t.name,
      label: t.label,
      supported: t.supportedIn.includes(flavour),
      unsupported: `${t.label} is not available in ${labels.get(flavour)}. ${t.unsupportedNote ?? ''}`,
      deprecated: t.deprecated ? `${t.label} is deprecated: ${t.deprecated}` : undefined,
      unknownSuffix: ` is not a field of ${t.label}; the API ignores or rejects it.`,
      fields,
      index,
    });
  }
  return types;
}

/** The rules; a flavour's plans are compiled when it is first asked for (cold start). */
function compile(catalogue) {
  const labels = new Map(catalogue.flavours.map((f) => [f.id, f.label]));
  const plans = new Map();
  const plan = (flavour) => {
    let types = plans.get(flavour);
    if (types === undefined && labels.has(flavour)) {
      types = compileFlavour(catalogue, flavour, labels);
      plans.set(flavour, types);
    }
    return types;
  };
  return { plan, defaults: { types: plan('atlasV2'), pathType: undefined } };
}

const MISSING_TYPE = 'The integration type is required (e.g. "PAGER_DUTY").';
const TYPE_NOT_STRING = 'The integration type must be a string (e.g. "PAGER_DUTY").';
const READ_ONLY_ID = 'The id is set by the server; there is no need to send it.';
const SLACK_OAUTH = 'Slack must first be connected with OAuth2 in the Atlas UI; the API can only reconfigure an existing connection.';

/** The type whose fields apply when the body names none (body::body_type). */
function pathDef(types, pathType) {
  const def = pathType === undefined ? undefined : types.get(pathType);
  return def !== undefined && def.supported ? def : undefined;
}

/** field::check_value for a present, non-null value of JSON kind `kind`. */
function checkValue(f, value, kind, out) {
  const name = f.name;
  if (f.type === 'boolean') {
    if (kind !== 'boolean') out.push(err(name, 'wrong_type', f.notBoolean));
    return;
  }
  if (kind !== 'string') {
    out.push(err(name, 'wrong_type', f.notString));
    return;
  }
  if (f.mask !== undefined && isMasked(f.mask, value)) {
    out.push(err(name, 'masked_secret', f.masked));
    return;
  }
  const k = f.kind;
  switch (f.type) {
    case 'text':
      if (value === '') return;
      if (k.minLength === undefined && k.maxLength === undefined) return;
      const chars = charCount(value);
      if (k.minLength !== undefined && chars < k.minLength) out.push(err(name, 'too_short', f.tooShort));
      if (k.maxLength !== undefined && chars > k.maxLength) {
        out.push(err(name, 'too_long', `${f.tooLong} characters long (it has ${chars}).`));
      }
      return;
    case 'enum':
      if (!k.options.includes(value)) {
        out.push(err(name, 'invalid_enum', f.mask === undefined ? `${f.enumPrefix}; got ${quote(value)}.` : `${f.enumPrefix}.`));
      }
      return;
    case 'url':
      if (!isHttpUrl(value)) out.push(err(name, 'invalid_url', f.invalidUrl));
      return;
    case 'hexKey':
      if (!f.hex.test(value)) out.push(err(name, 'invalid_format', f.invalidHex));
      return;
    case 'template': {
      if (value === '') return;
      const bytes = value.length > k.maxBytes / 3 ? utf8Length(value) : value.length;
      if (bytes > k.maxBytes) out.push(err(name, 'too_long', `${f.tooLong} bytes (it has ${bytes}).`));
      if (!templateRendersToJson(value, k.rendersToObject)) out.push(warn(name, 'template_not_json', f.notJson));
      return;
    }
    case 'hostPort':
      if (!isHostPort(value)) out.push(err(name, 'invalid_format', f.invalidHostPort));
      return;
    case 'absolutePath':
      if (!isAbsolutePath(value)) out.push(err(name, 'invalid_format', f.invalidPath));
      return;
    default:
      // A kind this engine does not know (a newer catalogue): the reference decides.
      decline();
  }
}

/** field::check for one catalogue field; `kind` is the value's JSON kind ('absent' if none). */
function checkField(f, value, kind, out) {
  if (!f.exists) {
    if (kind !== 'absent') out.push(err(f.name, 'unsupported_field', f.unsupported));
  } else if (kind === 'absent' || kind === 'null') {
    if (f.required) out.push(err(f.name, 'missing_field', f.missing));
    else if (kind === 'null' && !f.nullable) out.push(err(f.name, 'wrong_type', f.notNull));
  } else if (kind === 'string' && value === '' && f.required) {
    out.push(err(f.name, 'missing_field', f.missing));
  } else {
    checkValue(f, value, kind, out);
  }
}

/** Marks a key whose value JSON.stringify leaves out. */
const ABSENT = Symbol('absent');

/** body::check on a plain object: the issues, or a thrown DECLINE. */
function checkBody(types, body, pathType, trusted) {
  const keys = Object.keys(body);
  const n = keys.length;
  // Each value is read once (a getter runs once, as in JSON.stringify) and checked for
  // what the wasm path would make of it before any rule looks at it.
  const values = new Array(n);
  let left = MAX_JSON_ESTIMATE;
  let typeAt = -1;
  let idAt = -1;
  let present = 0;
  for (let i = 0; i < n; i += 1) {
    const key = keys[i];
    const value = body[key];
    if (!trusted && hasLoneSurrogate(key)) decline();
    left -= 6 * key.length + 4;
    switch (typeof value) {
      case 'undefined':
      case 'symbol':
        // JSON.stringify leaves the key out.
        values[i] = ABSENT;
        continue;
      case 'string':
        if (!trusted) {
          if (hasLoneSurrogate(value)) decline();
          left -= 6 * value.length + 2;
        }
        break;
      case 'object':
        if (!trusted && value !== null) left = walkNested(value, 1, left);
        break;
      case 'number':
      case 'boolean':
        break;
      default:
        decline();
    }
    values[i] = value;
    present += 1;
    if (key === 'type') typeAt = i;
    else if (key === 'id') idAt = i;
  }
  if (left < 0) decline();
  const out = [];
  let def;
  const typeValue = typeAt < 0 ? undefined : values[typeAt];
  if (typeValue === undefined || typeValue === '' || kindOf(typeValue) === 'null') {
    out.push(err('type', 'missing_type', MISSING_TYPE));
    def = pathDef(types, pathType);
  } else if (typeof typeValue !== 'string') {
    out.push(err('type', 'wrong_type', TYPE_NOT_STRING));
    def = pathDef(types, pathType);
  } else {
    if (pathType !== undefined && pathType !== typeValue) {
      out.push(err('type', 'type_mismatch', `The body type ${quote(typeValue)} differs from the integration type ${quote(pathType)} of the request.`));
    }
    def = types.get(typeValue);
    if (def === undefined) {
      out.push(err('type', 'unknown_type', `${quote(typeValue)} is not a known integration type.`));
    } else if (!def.supported) {
      out.push(err('type', 'unsupported_type', def.unsupported));
      def = undefined;
    }
  }
  if (def === undefined) return out;
  if (idAt >= 0 && kindOf(values[idAt]) !== 'null') out.push(warn('id', 'read_only_field', READ_ONLY_ID));
  let known = (typeAt >= 0 ? 1 : 0) + (idAt >= 0 ? 1 : 0);
  for (const f of def.fields) {
    let i = keys.indexOf(f.name);
    if (i >= 0 && values[i] === ABSENT) i = -1;
    if (i >= 0) known += 1;
    const value = i < 0 ? undefined : values[i];
    checkField(f, value, i < 0 ? 'absent' : kindOf(value), out);
  }
  if (known < present) {
    const unknown = [];
    for (let i = 0; i < n; i += 1) {
      if (values[i] !== ABSENT && i !== typeAt && i !== idAt && !def.index.has(keys[i])) unknown.push(keys[i]);
    }
    // serde_json's map is sorted by key.
    if (unknown.length > 1) unknown.sort(byCodePoint);
    for (const key of unknown) out.push(warn(key, 'unknown_field', `${quote(key)}${def.unknownSuffix}`));
  }
  if (def.deprecated !== undefined) out.push(warn('type', 'deprecated_type', def.deprecated));
  if (def.name === SLACK) out.push(warn('', 'slack_oauth_required', SLACK_OAUTH));
  return out;
}

const NOT_AN_OBJECT = 'The integration must be a JSON object.';

/**
 * The issues of any top-level value. `trusted` when it is what JSON.parse made of a text
 * serde_json reads too (the exact path); otherwise a DECLINE is thrown for anything the
 * fast path cannot be sure of.
 */
function checkAny(types, body, pathType, trusted) {
  switch (typeof body) {
    case 'undefined':
    case 'symbol':
    case 'boolean':
    case 'number':
      return [err('', 'not_an_object', NOT_AN_OBJECT)];
    case 'string':
      if (!trusted && (hasLoneSurrogate(body) || body.length > MAX_JSON_ESTIMATE / 6)) decline();
      return [err('', 'not_an_object', NOT_AN_OBJECT)];
    case 'object':
      if (body === null) return [err('', 'not_an_object', NOT_AN_OBJECT)];
      if (Array.isArray(body) && (trusted || (plainArray(body) && walkNested(body, 0, MAX_JSON_ESTIMATE) >= 0))) {
        return [err('', 'not_an_object', NOT_AN_OBJECT)];
      }
      if (trusted || plainObject(body)) return checkBody(types, body, pathType, trusted);
      return decline();
    default:
      return decline();
  }
}

// --- the exact path: what the wasm boundary does (src/wasm/convert.rs json_from_js) --------

const TOO_LARGE = 'The value is too large (over 4 MB as JSON).';
const NOT_SERDE_JSON = 'The value cannot be read as JSON (syntax error).';
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, 'g');

/** convert.rs error_name: the `name` of a thrown value (never its message: it may hold data). */
function errorName(thrown) {
  let name = prop(thrown, 'name');
  if (typeof name !== 'string') return 'unknown error';
  // wasm-bindgen hands Rust lone surrogates as U+FFFD.
  if (hasLoneSurrogate(name)) name = name.replace(LONE_SURROGATES, '\ufffd');
  return name !== '' && utf8Length(name) < 64 ? name : 'unknown error';
}

/** `value` as the Rust validator receives it: `{ value }` (plain JSON data) or `{ issue }`. */
function viaJson(value) {
  if (value === undefined) return { value: null };
  let text;
  try {
    text = JSON.stringify(value);
  } catch (e) {
    return { issue: `The value cannot be converted to JSON (${errorName(e)}).` };
  }
  if (typeof text !== 'string') return { value: null };
  if (text.length > MAX_INPUT) return { issue: TOO_LARGE };
  let parsed;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Only nesting too deep for this engine's parser: serde_json refuses it as well.
    return { issue: NOT_SERDE_JSON };
  }
  return serdeReads(parsed, 0) ? { value: parsed } : { issue: NOT_SERDE_JSON };
}

function exactIssues(types, body, pathType) {
  const read = viaJson(body);
  if (read.issue !== undefined) return [err('', 'invalid_json', read.issue)];
  return checkAny(types, read.value, pathType, true);
}

/** The issues of one body: the fast path, or the exact one where it declines or throws. */
function issuesOf(types, body, pathType) {
  try {
    return checkAny(types, body, pathType, false);
  } catch {
    return exactIssues(types, body, pathType);
  }
}

// --- options and errors (src/wasm/mod.rs) -------------------------------------------------

/**
 * convert.rs prop: `obj[key]`, with a throwing getter or a non-object read as absent (also
 * how fast.js reads the client's per-call options, as Rust reads them).
 */
export function prop(obj, key) {
  if (obj === null || typeof obj !== 'object') return undefined;
  try {
    return obj[key];
  } catch {
    return undefined;
  }
}

/** An `AtlasConfigError`, as errors.rs makes it. */
function configError(code, message) {
  const e = new Error(message);
  e.name = 'AtlasConfigError';
  e.code = code;
  return e;
}

const badFlavour = () =>
  configError('invalid_flavour', 'flavour must be one of "atlasV2", "atlasV1", "cloudManager", "opsManager".');

/** The plan of `options.flavour` (Atlas v2 by default) and `options.integrationType`. */
function readOptions(rules, options) {
  if (options === undefined) return rules.defaults;
  const flavour = prop(options, 'flavour');
  let types = rules.defaults.types;
  if (flavour !== undefined && flavour !== null) {
    types = typeof flavour === 'string' ? rules.plan(flavour) : undefined;
    if (types === undefined) throw badFlavour();
  }
  const pathType = prop(options, 'integrationType');
  return { types, pathType: typeof pathType === 'string' ? pathType : undefined };
}

const notAnArray = () => configError('invalid_option', `validateBodies takes an array of at most ${MAX_BATCH} bodies.`);

/** validateBodies for anything but a plain array, as mod.rs validate_bodies reads it. */
function exactBatch(types, bodies, pathType) {
  const read = viaJson(bodies);
  if (read.issue === undefined) {
    if (!Array.isArray(read.value)) throw notAnArray();
    return read.value.map((body) => checkAny(types, body, pathType, true));
  }
  // The array as a whole cannot be read: each element on its own (convert.rs elements).
  const length = prop(bodies, 'length');
  if (typeof length !== 'number' || !Number.isInteger(length) || length < 0 || length > MAX_BATCH) throw notAnArray();
  const out = new Array(length);
  for (let i = 0; i < length; i += 1) out[i] = issuesOf(types, prop(bodies, i), pathType);
  return out;
}

/**
 * validateBody and validateBodies over the catalogue that `describeTypes` returns (the wasm
 * export, or the copy the forms entry embeds), read on first use.
 * @param {() => any} describeTypes
 */
export function validation(describeTypes) {
  let rules;
  const load = () => (rules ??= compile(describeTypes()));
  function validateBody(body, options) {
    const { types, pathType } = readOptions(load(), options);
    return issuesOf(types, body, pathType);
  }
  function validateBodies(bodies, options) {
    const { types, pathType } = readOptions(load(), options);
    let plain;
    try {
      plain = plainArray(bodies) && bodies.length <= MAX_BATCH;
    } catch {
      plain = false;
    }
    if (!plain) return exactBatch(types, bodies, pathType);
    const out = new Array(bodies.length);
    try {
      for (let i = 0; i < bodies.length; i += 1) out[i] = checkAny(types, bodies[i], pathType, false);
    } catch {
      // One body the fast path cannot judge: read the batch as the wasm export does (one
      // JSON.stringify of the array, or each element alone if that fails).
      return exactBatch(types, bodies, pathType);
    }
    return out;
  }
  return { validateBody, validateBodies };
}

/**
 * describeTypes over the JSON texts the forms entry embeds (this build's describeTypes(),
 * for all flavours and per flavour): a fresh object per call and the same AtlasConfigError
 * for an unknown flavour, like the wasm export.
 * @param {string} all
 * @param {Record<string, string>} byFlavour
 */
export function describeTypesFrom(all, byFlavour) {
  return function describeTypes(flavour) {
    if (flavour === undefined || flavour === null) return JSON.parse(all);
    if (typeof flavour !== 'string' || !Object.prototype.hasOwnProperty.call(byFlavour, flavour)) throw badFlavour();
    return JSON.parse(byFlavour[flavour]);
  };
}
