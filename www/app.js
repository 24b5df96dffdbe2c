// Demo of the atlas-integrations package against an Atlas-compatible server (by default
// the local stand-in that serves this page). No framework, no build step.
//
// Every rule shown here comes from the package: the form is rendered from describeTypes(),
// problems come from validateBody() / validateOperation(), the preview from previewCurl().
// Secrets (the token, secret fields) live only in password inputs and in this module's
// memory: never in attributes, text nodes, storage or console output.

const $ = (sel, root = document) => root.querySelector(sel);
const statusEl = $('#status');

let lib;
try {
  lib = await import('/pkg/index.js');
} catch (e) {
  statusEl.textContent = 'The package is not built: run scripts/build-pkg.sh (or scripts/run.sh), then reload.';
  statusEl.className = 'pill bad';
  throw e;
}

// ---------------------------------------------------------------------------------------
// Small DOM helpers

/** Creates an element; `props` go on as properties (class via className), children appended. */
function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k.startsWith('aria-') || k === 'role' || k === 'for') el.setAttribute(k, v === true ? 'true' : String(v));
    else el[k] = v;
  }
  el.append(...children.flat(Infinity).filter((c) => c !== null && c !== undefined && c !== false));
  return el;
}

const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;

// ---------------------------------------------------------------------------------------
// State

const DEMO_GROUP_ID = '5f0c1e2d3b4a59687766554a';
const conn = $('#conn');
const baseUrlEl = $('#baseUrl');
const flavourEl = $('#flavour');
const groupIdEl = $('#groupId');
const tokenEl = $('#token');
const authEl = $('#auth');
const publicKeyEl = $('#publicKey');
const privateKeyEl = $('#privateKey');
const typeEl = $('#type');
const fieldsForm = $('#fields');
const previewOpEl = $('#preview-op');
const resultEl = $('#result');
const tbody = $('#integrations tbody');
const listState = $('#list-state');

baseUrlEl.value = location.origin;
// The flavours and their labels come from the catalogue, like the types below.
flavourEl.replaceChildren(...lib.describeTypes().flavours.map((f) => {
  const option = new Option(f.deprecated ? `${f.label} (deprecated)` : f.label, f.id);
  if (f.deprecated) option.title = f.deprecated;
  return option;
}));
groupIdEl.value = DEMO_GROUP_ID;
// The demo token of the stand-in, set as a property (never an attribute) of a password input.
tokenEl.value = 'demo-token';

let types = []; // describeTypes(flavour).types
let client = null;
let clientError = null;
const touched = new Set(); // field names the person has edited
let showAll = false; // after a submit attempt, every problem is shown
let busy = false;
let listSeq = 0;

const flavour = () => flavourEl.value;
const groupId = () => groupIdEl.value.trim();
const baseUrl = () => baseUrlEl.value.trim();
const currentType = () => types.find((t) => t.name === typeEl.value);

// ---------------------------------------------------------------------------------------
// Connection

/** The connection inputs whose problems are shown beside them, by the id of their input. */
const CONN_FIELDS = ['baseUrl', 'token', 'publicKey', 'privateKey'];

/**
 * The error `new AtlasClient(options)` throws, or null. A client made only to check options
 * is freed at once.
 */
function clientRefuses(options) {
  try {
    new lib.AtlasClient(options).free();
    return null;
  } catch (e) {
    return e;
  }
}

/**
 * Makes the client from the connection inputs. When the package refuses them, its error is
 * shown beside the input it is about, found by asking the package about each input the page
 * passes on its own (never by reading the message): the base URL with no credentials, then
 * each Digest key with a placeholder for the other, or the token as it stands.
 */
function makeClient() {
  clientError = null;
  client = null;
  const digest = authEl.value === 'digest';
  $('#bearer-fields').hidden = digest;
  $('#digest-fields').hidden = !digest;
  const common = {
    baseUrl: baseUrl(),
    flavour: flavour(),
    timeoutMs: 15000,
    retries: { max: 1, baseDelayMs: 300 },
  };
  const publicKey = publicKeyEl.value.trim();
  const privateKey = privateKeyEl.value;
  const byField = {};
  const base = clientRefuses(common);
  if (base) byField.baseUrl = base;
  else if (digest) {
    const pub = clientRefuses({ ...common, digest: { publicKey, privateKey: 'PRIVATE_KEY' } });
    const priv = clientRefuses({ ...common, digest: { publicKey: 'PUBLIC_KEY', privateKey } });
    if (pub) byField.publicKey = pub;
    if (priv) byField.privateKey = priv;
  } else {
    // The client reads the token at each request (so edits apply at once); the package's
    // rule for a token is checked here on the value as it stands.
    const tok = clientRefuses({ ...common, token: tokenEl.value });
    if (tok) byField.token = tok;
  }
  try {
    if (Object.keys(byField).length) throw Object.values(byField)[0];
    client = new lib.AtlasClient({
      ...common,
      ...(digest
        // Digest keys are fixed per client: the client is made again when they change.
        ? { digest: { publicKey, privateKey } }
        : { token: () => tokenEl.value }),
    });
  } catch (e) {
    clientError = e;
    // An option no single input explains (none expected): shown beside the base URL.
    if (!Object.keys(byField).length) byField.baseUrl = e;
  }
  for (const name of CONN_FIELDS) showConnIssue(name, byField[name]);
  renderFlavourNote();
  // A result saying the settings were not usable no longer holds once they are.
  if (client && resultEl.dataset.about === 'config') showResult('idle', 'The connection settings were changed: the last result no longer applies.');
}

/** Shows an error beside a connection input (or clears it). */
function showConnIssue(name, error) {
  renderIssueList($(`#issues-${name}`), error ? [{ severity: 'error', message: safeMessage(error) }] : []);
  $(`#${name}`).setAttribute('aria-invalid', error ? 'true' : 'false');
}

/**
 * The flavour's note: Ops Manager and Cloud Manager share /api/public/v1.0, and the stand-in
 * that serves this page emulates one of them (Cloud Manager unless told otherwise).
 */
function renderFlavourNote() {
  const note = $('#flavour-note');
  const standIn = (() => {
    try { return new URL(baseUrl()).origin === location.origin; } catch { return false; }
  })();
  note.hidden = !(standIn && flavour() === 'opsManager');
  note.textContent = note.hidden ? '' : 'Ops Manager and Cloud Manager share one API path, and the stand-in server that serves this page answers it as'
    + ' Cloud Manager unless it was started with --public-api ops-manager: it then refuses what only Ops Manager accepts'
    + ' (Datadog, HipChat), although the checks here, made for Ops Manager, pass.';
}

/** How the curl preview shows the credentials (redacted either way). */
function previewAuth() {
  return authEl.value === 'digest' ? { auth: 'digest', publicKey: publicKeyEl.value.trim() || 'PUBLIC_KEY' } : { auth: 'bearer' };
}

function groupIdIssues() {
  const issues = lib.validateOperation({ op: 'list', groupId: groupId() }, { flavour: flavour() });
  return issues.filter((i) => i.path === 'groupId' || i.path === 'path.groupId' || i.path === '');
}

function renderConnIssues() {
  const issues = groupIdIssues();
  renderIssueList($('#issues-groupId'), issues);
  groupIdEl.setAttribute('aria-invalid', issues.some((i) => i.severity === 'error') ? 'true' : 'false');
  return issues;
}

// ---------------------------------------------------------------------------------------
// Types and the generated form

function loadTypes() {
  const d = lib.describeTypes(flavour());
  types = (Array.isArray(d) ? d : d.types).filter((t) => t.supported !== false);
  const keep = typeEl.value;
  // What was typed survives a change of flavour when the type and the field still exist.
  const saved = [...fieldsForm.elements].filter((el) => el.name)
    .map((el) => ({ name: el.name, value: el.value, checked: el.checked, touched: touched.has(el.name) }));
  typeEl.replaceChildren(...types.map((t) => new Option(t.deprecated ? `${t.label} (deprecated)` : t.label, t.name)));
  if (types.some((t) => t.name === keep)) typeEl.value = keep;
  renderFields();
  if (typeEl.value !== keep) return;
  for (const s of saved) {
    const el = fieldsForm.elements.namedItem(s.name);
    if (!el) continue;
    if (el.type === 'checkbox') el.checked = s.checked;
    else if (el.tagName !== 'SELECT' || [...el.options].some((o) => o.value === s.value)) el.value = s.value;
    if (s.touched) touched.add(s.name);
  }
  refresh();
}

const MASK_NOTES = {
  lastFour: 'Secret: the API only ever returns its last four characters.',
  full: 'Secret: the API returns it fully masked.',
  url: 'Secret: the API returns it masked.',
  writeOnly: 'Secret: the API never returns it.',
};

const PLACEHOLDERS = {
  hexKey: (k) => `${k.minLength ?? ''} hexadecimal digits`,
  url: () => 'https://…',
  hostPort: () => 'host:port',
  absolutePath: () => '/path/to/file',
  template: () => '{ … } JSON template',
};

function fieldId(name) {
  return `f-${name}`;
}

function renderFields() {
  const t = currentType();
  touched.clear();
  showAll = false;
  fieldsForm.replaceChildren();
  renderTypeNotes(t);
  if (!t) return refresh();
  for (const f of t.fields || []) fieldsForm.append(renderField(f));
  refresh();
}

/** Catalogue texts cite sections of the API reference ("(§4.3)"): not useful on this page. */
const plain = (text) => String(text).replace(/\s*\(§[\d.]+\)/g, '');
const sameText = (a, b) => plain(a).replace(/[.\s]+$/, '') === plain(b).replace(/[.\s]+$/, '');

function renderTypeNotes(t, general = []) {
  const box = $('#type-notes');
  box.replaceChildren();
  if (!t) return;
  const repeated = (text) => general.some((i) => plain(i.message).includes(plain(text).replace(/[.\s]+$/, '')));
  if (t.deprecated && !repeated(t.deprecated)) box.append(h('p', { className: 'note warning' }, h('strong', {}, 'Deprecated. '), plain(t.deprecated)));
  // A note that validation repeats as a warning (Slack's OAuth2 one) is shown once, as the warning.
  for (const n of t.notes || []) {
    if (!general.some((i) => sameText(i.message, n))) box.append(h('p', { className: 'note info' }, plain(n)));
  }
}

function renderField(f) {
  const kind = f.kind || { type: 'text' };
  const id = fieldId(f.name);
  const issuesId = `issues-${id}`;
  const helpId = `help-${id}`;
  let input;
  if (kind.type === 'boolean') {
    input = h('input', { type: 'checkbox', id, name: f.name });
    input.checked = f.default === true;
  } else if (kind.type === 'enum') {
    input = h('select', { id, name: f.name });
    const blank = f.required ? 'Choose…' : f.default != null ? `(not set: server default ${f.default})` : '(not set)';
    input.append(new Option(blank, ''), ...(kind.options || []).map((v) => new Option(String(v), String(v))));
  } else if (kind.type === 'template') {
    input = h('textarea', { id, name: f.name, rows: 4, spellcheck: false, className: 'mono' });
  } else {
    input = h('input', {
      id,
      name: f.name,
      type: f.secret ? 'password' : 'text',
      spellcheck: false,
      autocapitalize: 'off',
      autocomplete: f.secret ? 'new-password' : 'off',
      className: kind.type === 'hexKey' || kind.type === 'hostPort' || kind.type === 'absolutePath' ? 'mono' : '',
    });
    if (kind.type === 'url') input.inputMode = 'url';
  }
  const ph = PLACEHOLDERS[kind.type];
  if (ph && input.tagName !== 'SELECT' && input.type !== 'checkbox') input.placeholder = ph(kind);
  input.dataset.kind = kind.type;
  input.dataset.nullable = f.nullable ? 'true' : 'false';
  if (f.required) input.setAttribute('aria-required', 'true');
  input.setAttribute('aria-describedby', `${helpId} ${issuesId}`);

  const badges = [];
  if (f.required) badges.push(h('span', { className: 'req', title: 'required' }, '*'));
  if (f.secret) badges.push(h('span', { className: 'badge secret', title: MASK_NOTES[f.secret.mask] }, 'secret'));
  if (f.deprecated) badges.push(h('span', { className: 'badge warning' }, 'deprecated'));

  // The mask note, unless the help already says how the API returns the value.
  const maskNote = f.secret && !/\breturn/i.test(f.help || '') ? MASK_NOTES[f.secret.mask] : null;
  const helpBits = [f.help && plain(f.help), maskNote].filter(Boolean).join(' ');
  const help = h('p', { className: 'help', id: helpId }, helpBits);
  const deprecation = f.deprecated ? h('p', { className: 'note warning' }, plain(f.deprecated)) : null;
  const issues = h('div', { className: 'issues', id: issuesId, 'aria-live': 'polite' });

  if (kind.type === 'boolean') {
    return h('div', { className: 'field check', dataset: { field: f.name } },
      h('label', { for: id }, input, ' ', f.label || f.name, ...badges), help, deprecation, issues);
  }
  return h('div', { className: 'field', dataset: { field: f.name } },
    h('label', { for: id }, f.label || f.name, ...badges), input, help, deprecation, issues);
}

/** The body the form describes. Empty optional inputs are left out (unset). */
function readBody() {
  const t = currentType();
  const out = { type: typeEl.value };
  if (!t) return out;
  for (const f of t.fields || []) {
    const el = fieldsForm.elements.namedItem(f.name);
    if (!el) continue;
    if (el.type === 'checkbox') {
      if (f.required || touched.has(f.name)) out[f.name] = el.checked;
    } else if (el.value !== '') {
      out[f.name] = el.value;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Validation and preview

/** The form field an issue path points at, or '' for the body as a whole. */
function fieldOf(path) {
  const p = String(path || '').replace(/^body\./, '');
  const name = p.split(/[.[]/)[0];
  return fieldsForm.elements.namedItem(name) ? name : '';
}

function renderIssueList(box, issues) {
  box.replaceChildren(...issues.map((i) => h('p', { className: `issue ${i.severity}` },
    h('span', { className: 'sev', 'aria-hidden': 'true' }, i.severity === 'error' ? '✕' : '!'),
    h('span', { className: 'sr-only' }, `${i.severity}: `),
    plain(i.message),
    i.code ? h('code', { className: 'code-tag' }, i.code) : null)));
}

function validate() {
  const t = currentType();
  if (!t) return [];
  const body = readBody();
  const issues = lib.validateBody(body, { flavour: flavour(), integrationType: t.name });
  const byField = new Map();
  const general = [];
  for (const i of issues) {
    const name = fieldOf(i.path);
    if (name) {
      if (!byField.has(name)) byField.set(name, []);
      byField.get(name).push(i);
    } else general.push(i);
  }
  for (const wrap of fieldsForm.querySelectorAll('.field[data-field]')) {
    const name = wrap.dataset.field;
    const all = byField.get(name) || [];
    // Errors show once the field was edited (or after a submit attempt); warnings always.
    const shown = all.filter((i) => i.severity === 'warning' || showAll || touched.has(name));
    renderIssueList($('.issues', wrap), shown);
    const input = fieldsForm.elements.namedItem(name);
    const bad = shown.some((i) => i.severity === 'error');
    input.setAttribute('aria-invalid', bad ? 'true' : 'false');
    wrap.classList.toggle('has-error', bad);
    wrap.classList.toggle('has-warning', !bad && shown.some((i) => i.severity === 'warning'));
  }
  renderIssueList($('#issues-body'), general);
  renderTypeNotes(t, general);
  const errors = issues.filter((i) => i.severity === 'error').length;
  const warnings = issues.length - errors;
  // Errors of fields not edited yet are not shown beside them: name those fields here.
  const pending = [...byField.entries()]
    .filter(([name, list]) => !(showAll || touched.has(name)) && list.some((i) => i.severity === 'error'))
    .map(([name]) => t.fields.find((f) => f.name === name)?.label ?? name);
  const summary = $('#summary');
  summary.className = `summary ${errors ? 'error' : warnings ? 'warning' : 'ok'}`;
  // Only errors block a request: warnings are mentioned, never counted as "to fix".
  summary.textContent = errors
    ? `${plural(errors, 'error')} to fix before sending${warnings ? ` (and ${plural(warnings, 'warning')})` : ''}.${pending.length ? ` Still to fill in: ${pending.join(', ')}.` : ''}`
    : warnings ? `Valid, with ${plural(warnings, 'warning')}.` : 'Valid: ready to send.';
  return issues;
}

function operation(op) {
  const t = typeEl.value;
  if (op === 'list') return { op, groupId: groupId() };
  if (op === 'delete' || op === 'get') return { op, groupId: groupId(), integrationType: t };
  return { op, groupId: groupId(), integrationType: t, body: readBody() };
}

function updatePreview() {
  const pre = $('#curl');
  pre.classList.remove('muted');
  try {
    pre.textContent = lib.previewCurl(operation(previewOpEl.value), { flavour: flavour(), baseUrl: baseUrl(), ...previewAuth() });
  } catch (e) {
    pre.classList.add('muted');
    const n = Array.isArray(e?.issues) ? e.issues.filter((i) => i.severity === 'error').length : 0;
    pre.textContent = n ? `# The preview appears once the ${plural(n, 'error')} ${n === 1 ? 'is' : 'are'} fixed.` : `# No preview: ${safeMessage(e)}`;
  }
}

function refresh() {
  renderConnIssues();
  const issues = validate();
  updatePreview();
  return issues;
}

// ---------------------------------------------------------------------------------------
// Results and errors

function safeMessage(e) {
  // Errors thrown by the package never carry a secret (they are scrubbed at the source).
  return e && typeof e.message === 'string' ? e.message : String(e);
}

const typeLabel = (name) => types.find((t) => t.name === name)?.label ?? name;

/**
 * The package's own sentence about Slack's OAuth2 set-up, which names the product of the
 * chosen flavour (Atlas, Cloud Manager or Ops Manager): the demo never restates it.
 */
function slackOauthNote() {
  const note = lib.validateBody({ type: 'SLACK' }, { flavour: flavour() }).find((i) => i.code === 'slack_oauth_required');
  return note?.message ?? 'Slack has to be connected (or reconnected) with OAuth2 in the product first.';
}

/** Advice for the API's error codes a person can act on. */
function adviceFor(e, action, integrationType = typeEl.value) {
  const label = typeLabel(integrationType);
  switch (e.errorCode) {
    case 'INTEGRATION_ALREADY_CONFIGURED':
      return { text: `This project already has a ${label} integration, and create never replaces one. Use Upsert (or Update) to replace its settings.`, fix: action === 'create' ? 'upsert' : null };
    case 'INTEGRATION_NOT_CONFIGURED':
      return { text: `This project has no ${label} integration yet. Use Create (or Upsert) first.`, fix: action === 'update' ? 'upsert' : null };
    case 'GROUP_NOT_FOUND':
    case 'RESOURCE_NOT_FOUND':
      return { text: 'Check the project id: the server does not know this project.' };
    case 'RATE_LIMITED':
    case 'RATE_LIMITED_TOKEN_BUCKET': // Atlas's token bucket
      return { text: `Too many requests for the server's rate limit; try again${e.retryAfterMs ? ` in ${Math.ceil(e.retryAfterMs / 1000)} s` : ' later'}.` };
    case 'DATADOG_NOT_SUPPORTED_FOR_CLOUD_MANAGER':
    case 'HIPCHAT_NOT_SUPPORTED':
      // Ops Manager accepts both; Cloud Manager shares its API path (see #flavour-note).
      return flavour() === 'opsManager'
        ? { text: 'The server answered as Cloud Manager, which shares its API path with Ops Manager. The stand-in server that serves this page does unless it was started with --public-api ops-manager.' }
        : null;
    case 'SLACK_OAUTH2_NOT_CONFIGURED':
    case 'MUST_RECONFIGURE_SLACK_OAUTH2':
    case 'LEGACY_SLACK_CONFIGURATION_UNSUPPORTED':
      return { text: slackOauthNote() };
    default:
      break;
  }
  if (e.status === 401) return { text: 'The server did not accept the credentials: check the bearer token or the Digest key pair (the stand-in prints its demo token when it starts).' };
  if (e.status === 403) return { text: 'The credentials are valid but may not change this project.' };
  return null;
}

function showResult(kind, title, ...content) {
  resultEl.className = `result ${kind}`;
  delete resultEl.dataset.about;
  resultEl.replaceChildren(h('p', { className: 'result-title' }, title), ...content);
}

/**
 * The page gives the client its token (a function reading the token field): a token the
 * client cannot use, or one the server refuses, is said beside that field.
 */
function noteTokenProblem(e) {
  if (authEl.value !== 'bearer') return;
  if (e?.name === 'AtlasAuthError') showConnIssue('token', e);
  else if (lib.isAtlasApiError(e) && e.status === 401) showConnIssue('token', new Error('The server did not accept this token (401).'));
}

/** The actions that change the project: a write the server may have applied before failing. */
const WRITES = new Set(['create', 'update', 'upsert', 'delete']);
const REFRESHED_NOTE = 'The list of the project\'s integrations below is read again: check it before sending again.';

function showError(e, action, integrationType) {
  if (lib.isAtlasAbortError(e)) {
    return showResult('idle', `${ACTIONS[action]?.label ?? 'Request'} cancelled.`,
      WRITES.has(action) ? h('p', {}, `Nothing more is sent. If the request had already gone out, the server may still have applied it. ${REFRESHED_NOTE}`) : null);
  }
  if (lib.isAtlasTimeoutError(e) && WRITES.has(action)) {
    return showResult('error', 'The server did not answer in time.',
      h('p', { className: 'advice' }, `The ${action} may still have been applied: only its answer is missing. ${REFRESHED_NOTE}`),
      h('p', { className: 'detail' }, `${e.name}: ${safeMessage(e)}`));
  }
  noteTokenProblem(e);
  if (lib.isAtlasValidationError(e)) {
    showAll = true;
    refresh();
    const n = e.issues.filter((i) => i.severity === 'error').length;
    return showResult('error', `Not sent: ${plural(n, 'problem')} to fix first.`, h('p', {}, 'Each one is shown next to its field.'));
  }
  if (lib.isAtlasApiError(e)) {
    const advice = adviceFor(e, action, integrationType);
    const content = [];
    if (e.detail) content.push(h('p', { className: 'detail' }, e.detail));
    for (const f of e.badRequestDetail?.fields || []) content.push(h('p', { className: 'detail' }, h('code', {}, f.field), ': ', f.description));
    if (advice) {
      const p = h('p', { className: 'advice' }, advice.text);
      if (advice.fix) p.append(' ', h('button', { type: 'button', className: 'small', onclick: () => act(advice.fix) }, `${advice.fix[0].toUpperCase()}${advice.fix.slice(1)} instead`));
      content.push(p);
    }
    return showResult('error', h('span', {}, h('span', { className: 'status-code' }, String(e.status)), ' ', h('code', { className: 'error-code' }, e.errorCode || 'API error')), ...content);
  }
  const what = e?.name === 'AtlasNetworkError' ? 'The server could not be reached (network error).'
    : e?.name === 'AtlasTimeoutError' ? 'The server did not answer in time.'
    : e?.name === 'AtlasConfigError' ? `The connection settings are not usable${e === clientError ? ': the problem is shown beside its field' : ''}.`
    : e?.name === 'AtlasResponseError' ? `Unexpected response (HTTP ${e.status}).`
    : e?.name === 'AtlasAuthError' ? 'No usable credentials.'
    : 'Something went wrong.';
  showResult('error', what, h('p', { className: 'detail' }, `${e?.name ?? 'Error'}: ${safeMessage(e)}`));
  if (e === clientError) resultEl.dataset.about = 'config';
}

// ---------------------------------------------------------------------------------------
// Actions

const ACTIONS = {
  create: { label: 'Create', needsBody: true, run: (g, b, _t, o) => client.create(g, b, o), done: (b) => `Created the ${typeLabel(b.type)} integration.` },
  update: { label: 'Update', needsBody: true, run: (g, b, _t, o) => client.update(g, b, o), done: (b) => `Updated the ${typeLabel(b.type)} integration.` },
  upsert: { label: 'Upsert', needsBody: true, run: (g, b, _t, o) => client.upsert(g, b, o), done: (b) => `Saved the ${typeLabel(b.type)} integration (created or replaced).` },
  plan: { label: 'Plan', needsBody: true, run: (g, b, _t, o) => client.plan(g, b, o), done: null },
  delete: { label: 'Delete', needsBody: false, run: (g, _b, t, o) => client.delete(g, t, o), done: (_b, t) => `Deleted the ${typeLabel(t)} integration.` },
};

function setBusy(on) {
  busy = on;
  for (const b of document.querySelectorAll('.buttons button, #integrations button, #btn-refresh')) b.disabled = on;
  document.body.classList.toggle('busy', on);
}

/** The request an action sends first, for the preview: upsert is a POST on Atlas v2 (then a PUT after a 409) and a PUT elsewhere; plan reads with a GET. */
function previewOpFor(name) {
  if (name === 'upsert') return flavour() === 'atlasV2' ? 'create' : 'update';
  return name === 'plan' ? 'get' : name;
}

/**
 * After an action, focus goes back where it was: disabling the focused button (while busy)
 * or replacing it (a result's button, a listed row's) leaves it on the page's body. The same
 * control when it is still there, else the result.
 */
function restoreFocus(before) {
  if (!focusLost()) return; // the person moved it meanwhile
  if (before && before !== document.body && before.isConnected && !before.disabled) before.focus();
  else resultEl.focus();
}

/** Whether focus is nowhere useful: on the body, or on a control disabled or removed. */
function focusLost() {
  const a = document.activeElement;
  return !a || a === document.body || a.disabled === true || !a.isConnected;
}

/** Seconds, rounded up, for a person. */
const seconds = (ms) => `${Math.max(1, Math.ceil(ms / 1000))} s`;

async function act(name, integrationType = typeEl.value) {
  if (busy) return;
  const before = document.activeElement;
  const a = ACTIONS[name];
  // The preview shows the request of the action chosen (for the form's type).
  if (integrationType === typeEl.value) {
    previewOpEl.value = previewOpFor(name);
    updatePreview();
  }
  if (!client) return showError(clientError ?? new Error('No client'), name);
  if (renderConnIssues().some((i) => i.severity === 'error')) {
    return showResult('error', 'Not sent: the project id is not valid.');
  }
  const body = a.needsBody ? readBody() : null;
  if (a.needsBody) {
    const issues = refresh();
    if (issues.some((i) => i.severity === 'error')) {
      showAll = true;
      refresh();
      const n = issues.filter((i) => i.severity === 'error').length;
      return showResult('error', `Not sent: ${plural(n, 'problem')} to fix first.`, h('p', {}, 'Each one is shown next to its field.'));
    }
  }
  if (name === 'delete' && !window.confirm(`Delete the ${typeLabel(integrationType)} integration of project ${groupId()}? This cannot be undone.`)) {
    return showResult('idle', 'Delete cancelled: nothing was sent.');
  }
  setBusy(true);
  // While it runs: a Cancel (aborting the call through its signal), and what the client is
  // waiting for when it holds the request back for the server's rate limit.
  const controller = new AbortController();
  const waiting = h('p', { className: 'waiting', hidden: true });
  const cancel = h('button', { type: 'button', className: 'small', id: 'btn-cancel', onclick: () => controller.abort() }, 'Cancel');
  showResult('pending', `${a.label}…`, waiting, h('p', {}, cancel));
  const onRateLimit = ({ waitMs }) => {
    waiting.hidden = false;
    waiting.textContent = `Waiting ${seconds(waitMs)} for the server's rate limit: the client holds the request back, then sends it.`;
    // A long wait: a keyboard user whose button was disabled can cancel at once.
    if (focusLost() && cancel.isConnected) cancel.focus();
  };
  try {
    const out = await a.run(groupId(), body, integrationType, { signal: controller.signal, onRateLimit });
    if (name === 'plan') showPlan(out);
    else showResult('ok', a.done(body, integrationType));
  } catch (e) {
    showError(e, name, integrationType);
  } finally {
    setBusy(false);
  }
  restoreFocus(before);
  await refreshList();
  restoreFocus(before);
}

function showPlan(plan) {
  const verbs = { create: 'Create would be needed: the project has no such integration.', update: 'Update would change:', none: 'Nothing to change.' };
  const items = (plan.changes || []).map((c) => h('li', {}, h('code', {}, c.field), ' ',
    c.kind === 'unknown' ? 'masked by the API: cannot be compared' : c.kind));
  showResult('ok', `Plan: ${plan.action}`, h('p', {}, verbs[plan.action] ?? ''), items.length ? h('ul', { className: 'changes' }, items) : null);
}

// ---------------------------------------------------------------------------------------
// The project's integrations

/**
 * Whether a listed field holds a secret, as the catalogue says in any flavour (a listed
 * integration may be of a type the chosen flavour hides). Every field of a type the
 * catalogue does not know counts as secret.
 */
function isSecretField(typeName, key) {
  const fields = SECRET_FIELDS.get(typeName);
  return fields === undefined || fields.has(key);
}

const SECRET_FIELDS = new Map(); // type name -> Set of secret field names, every flavour
for (const { id } of lib.describeTypes().flavours) {
  for (const t of lib.describeTypes(id).types) {
    const names = SECRET_FIELDS.get(t.name) ?? new Set();
    for (const f of t.fields || []) if (f.secret) names.add(f.name);
    SECRET_FIELDS.set(t.name, names);
  }
}

/**
 * What the list may show of a field: the value itself, unless it is a secret that is not
 * the API's masked echo (a value returned in clear, like webhook templates, or of an odd
 * shape), which shows as "set (hidden)".
 */
function listable(typeName, key, v) {
  if (!isSecretField(typeName, key) || v === null || v === '') return v;
  const echo = typeof v === 'string' && SECRET_FIELDS.has(typeName) && returnedMasked(typeName, key, v);
  return echo ? v : HIDDEN;
}

const HIDDEN = Symbol('hidden secret');

/** A value as listed. A long run of mask characters is shortened; the title keeps it whole. */
function formatValue(v) {
  if (v === HIDDEN) return 'set (hidden)';
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (v === null) return '—';
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  const shown = s.replace(/\*{9,}/g, '********…');
  return shown.length > 80 ? `${shown.slice(0, 77)}…` : shown;
}

function fieldLabel(typeName, key) {
  return types.find((t) => t.name === typeName)?.fields?.find((f) => f.name === key)?.label ?? key;
}

function renderList(results) {
  tbody.replaceChildren(...results.map((r) => {
    const settings = Object.entries(r).filter(([k]) => k !== 'type' && k !== 'id');
    const known = types.some((t) => t.name === r.type);
    return h('tr', { dataset: { type: r.type } },
      h('td', {}, h('strong', {}, typeLabel(r.type)), h('div', { className: 'muted mono small' }, r.type), r.id ? h('div', { className: 'muted mono small', title: 'id' }, r.id) : null),
      h('td', {}, settings.length
        ? h('dl', { className: 'kv' }, settings.map(([k, raw]) => {
          const v = listable(r.type, k, raw);
          return [h('dt', {}, fieldLabel(r.type, k)), h('dd', { className: 'mono', dataset: { key: k }, title: typeof v === 'string' && formatValue(v) !== v ? v : undefined }, formatValue(v))];
        }))
        : h('span', { className: 'muted' }, '—')),
      h('td', { className: 'row-actions' }, h('div', {},
        known ? h('button', { type: 'button', className: 'ghost small', onclick: () => edit(r), title: 'Load into the form (masked secrets must be typed again)', 'aria-label': `Edit ${typeLabel(r.type)}` }, 'Edit') : null,
        h('button', { type: 'button', className: 'danger small', onclick: () => act('delete', r.type), 'aria-label': `Delete ${typeLabel(r.type)}` }, 'Delete'))));
  }));
}

/**
 * After the integrations could not be listed, a success shown from before (a create, a plan)
 * no longer describes what the server holds: it is cleared. An error result stays.
 */
function clearStaleSuccess() {
  if (resultEl.classList.contains('ok')) showResult('idle', 'The last result was cleared: the integrations cannot be listed with these settings.');
}

async function refreshList() {
  const seq = ++listSeq;
  if (!client || groupIdIssues().some((i) => i.severity === 'error')) {
    tbody.replaceChildren();
    clearStaleSuccess();
    listState.textContent = 'Set a valid connection and project id to see the integrations.';
    return;
  }
  listState.textContent = 'Loading…';
  try {
    const results = [];
    const onRateLimit = ({ waitMs }) => {
      if (seq === listSeq) listState.textContent = `Loading… (waiting ${seconds(waitMs)} for the server's rate limit)`;
    };
    for await (const r of client.listAll(groupId(), { onRateLimit })) results.push(r);
    if (seq !== listSeq) return;
    renderList(results);
    listState.textContent = results.length ? `${plural(results.length, 'integration')}.` : 'This project has no integrations yet.';
  } catch (e) {
    if (seq !== listSeq) return;
    tbody.replaceChildren();
    clearStaleSuccess();
    noteTokenProblem(e);
    const advice = lib.isAtlasApiError(e) ? adviceFor(e, 'list') : null;
    listState.textContent = `Could not list: ${lib.isAtlasApiError(e) ? `${e.status} ${e.errorCode}` : safeMessage(e)}${advice ? `. ${advice.text}` : ''}`;
  }
}

/**
 * Whether the API returned a secret field masked. The package's validator decides (the
 * same rule that refuses to send a masked value back), so a secret the API returns in
 * clear (e.g. a webhook template) is loaded, and only masked ones must be typed again.
 */
function returnedMasked(type, name, value) {
  if (typeof value !== 'string' || value === '') return true;
  const issues = lib.validateBody({ type, [name]: value }, { flavour: flavour() });
  return issues.some((i) => i.path === name && i.code === 'masked_secret');
}

/** Loads a listed integration into the form; masked secrets are left for the person to type. */
function edit(record) {
  // A fresh form of the type (defaults, nothing touched), even when it is the one shown: the
  // form then holds what the record holds and nothing typed before.
  typeEl.value = record.type;
  renderFields();
  const t = currentType();
  const retype = [];
  for (const f of t.fields || []) {
    const el = fieldsForm.elements.namedItem(f.name);
    if (!el) continue;
    const v = record[f.name];
    if (f.secret && returnedMasked(record.type, f.name, v)) {
      el.value = '';
      el.placeholder = 'masked by the API: type it again';
      if ((v !== undefined && v !== null) || f.secret.mask === 'writeOnly') retype.push(f.label);
      continue;
    }
    if (el.type === 'checkbox') {
      if (typeof v === 'boolean') {
        el.checked = v;
        touched.add(f.name);
      }
    } else el.value = v === undefined || v === null ? '' : String(v);
  }
  refresh();
  fieldsForm.querySelector('input, select, textarea')?.focus();
  const next = retype.length
    ? `Masked or never returned by the API, to type again: ${retype.join(', ')}. Then Update.`
    : 'Change what you need, then Update.';
  showResult('idle', `Loaded the ${typeLabel(record.type)} integration into the form.`, h('p', {}, next));
}

// ---------------------------------------------------------------------------------------
// Wiring

function markTouched(e) {
  if (e.target?.name) touched.add(e.target.name);
  refresh();
}

conn.addEventListener('submit', (e) => e.preventDefault());
fieldsForm.addEventListener('submit', (e) => e.preventDefault());
fieldsForm.addEventListener('input', markTouched);
fieldsForm.addEventListener('change', markTouched);
groupIdEl.addEventListener('input', refresh);
groupIdEl.addEventListener('change', refreshList);
baseUrlEl.addEventListener('input', () => { makeClient(); updatePreview(); });
authEl.addEventListener('change', () => { makeClient(); updatePreview(); refreshList(); });
for (const el of [publicKeyEl, privateKeyEl]) {
  el.addEventListener('input', () => { makeClient(); updatePreview(); });
  el.addEventListener('change', refreshList);
}
baseUrlEl.addEventListener('change', refreshList);
tokenEl.addEventListener('input', () => { makeClient(); updatePreview(); });
tokenEl.addEventListener('change', refreshList);
flavourEl.addEventListener('change', () => {
  makeClient();
  loadTypes();
  refreshList();
});
typeEl.addEventListener('change', renderFields);
previewOpEl.addEventListener('change', updatePreview);
for (const name of Object.keys(ACTIONS)) $(`#btn-${name}`).addEventListener('click', () => act(name));
$('#btn-refresh').addEventListener('click', refreshList);

makeClient();
loadTypes();
statusEl.textContent = `atlas-integrations ${lib.version()} ready`;
statusEl.className = 'pill ok';
$('#app').hidden = false;
await refreshList();
