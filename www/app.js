// Demo of the atlas-integrations package against the local stand-in server.
// Forms are generated from describeTypes(); every rule shown comes from the
// package (validateBody), never restated here. Secrets live only in the form.

const $ = (sel) => document.querySelector(sel);
const status = $('#status');
const show = (el, value) => {
  el.textContent = typeof value === 'string' ? value : JSON.stringify(value, null, 2);
};

let lib;
try {
  lib = await import('atlas-integrations');
} catch (e) {
  status.textContent = 'The package is not built yet (run `npm run build`, then reload). ' + (e && e.message ? e.message : '');
  status.className = 'error';
  throw e;
}
status.textContent = `atlas-integrations ${typeof lib.version === 'function' ? lib.version() : ''} loaded.`;

const conn = $('#conn');
const typeSelect = $('#type');
const fieldsForm = $('#fields');
let types = [];
let client = null;

const flavour = () => conn.elements.flavour.value;
const groupId = () => conn.elements.groupId.value.trim();
const currentType = () => types.find((t) => t.name === typeSelect.value);

function makeClient() {
  client = new lib.AtlasClient({
    flavour: flavour(),
    baseUrl: location.origin,
    token: () => conn.elements.token.value,
    timeoutMs: 10000,
  });
}

function loadTypes() {
  const d = lib.describeTypes(flavour());
  types = (Array.isArray(d) ? d : d.types).filter((t) => t.supported !== false);
  const keep = typeSelect.value;
  typeSelect.replaceChildren(...types.map((t) => new Option(t.label || t.name, t.name)));
  if (types.some((t) => t.name === keep)) typeSelect.value = keep;
  renderFields();
}

function enumValues(kind) {
  if (!kind) return null;
  for (const k of ['values', 'enum', 'options']) if (Array.isArray(kind[k])) return kind[k];
  return null;
}

function renderFields() {
  const t = currentType();
  fieldsForm.replaceChildren();
  $('#type-notes').textContent = t ? [t.deprecated, ...(t.notes || [])].filter(Boolean).join(' ') : '';
  if (!t) return;
  for (const f of t.fields || []) {
    const label = document.createElement('label');
    label.append(`${f.label || f.name}${f.required ? ' *' : ''} `);
    const kind = f.kind || {};
    const values = enumValues(kind);
    let input;
    if (kind.type === 'boolean') {
      input = document.createElement('select');
      input.append(new Option('(unset)', ''), new Option('true', 'true'), new Option('false', 'false'));
    } else if (values) {
      input = document.createElement('select');
      input.append(new Option('(unset)', ''), ...values.map((v) => new Option(String(v), String(v))));
    } else {
      input = document.createElement('input');
      input.type = f.secret ? 'password' : 'text';
      input.spellcheck = false;
    }
    input.name = f.name;
    input.dataset.kind = kind.type || 'string';
    if (f.help) input.title = f.help;
    label.append(input);
    if (f.secret) {
      const note = document.createElement('small');
      note.textContent = ` secret (${f.secret.mask}): the API never returns it in clear`;
      label.append(note);
    }
    fieldsForm.append(label);
  }
  refresh();
}

function body() {
  const out = { type: typeSelect.value };
  for (const el of fieldsForm.elements) {
    if (!el.name || el.value === '') continue;
    if (el.dataset.kind === 'boolean') out[el.name] = el.value === 'true';
    else if (el.dataset.kind === 'integer' || el.dataset.kind === 'number') out[el.name] = Number(el.value);
    else out[el.name] = el.value;
  }
  return out;
}

function refresh() {
  const b = body();
  const issues = lib.validateBody(b, { flavour: flavour(), integrationType: typeSelect.value });
  $('#issues').replaceChildren(...issues.map((i) => {
    const li = document.createElement('li');
    li.className = i.severity;
    li.textContent = `${i.path || '(body)'}: ${i.message} [${i.code}]`;
    return li;
  }));
  try {
    show($('#curl'), lib.previewCurl(
      { op: 'create', groupId: groupId(), integrationType: typeSelect.value, body: b },
      { flavour: flavour(), baseUrl: location.origin, auth: 'bearer' },
    ));
  } catch (e) {
    show($('#curl'), `(no preview: ${e.message})`);
  }
  return issues;
}

async function run(label, fn) {
  const out = $('#result');
  show(out, `${label}…`);
  out.className = '';
  try {
    const r = await fn();
    show(out, r === undefined ? `${label}: done` : r);
  } catch (e) {
    out.className = 'error';
    // Errors from the package carry name/status/errorCode and never a secret.
    show(out, { name: e.name, message: e.message, status: e.status, errorCode: e.errorCode, detail: e.detail });
  }
}

conn.addEventListener('change', () => {
  makeClient();
  loadTypes();
});
conn.elements.groupId.addEventListener('input', refresh);
typeSelect.addEventListener('change', renderFields);
fieldsForm.addEventListener('input', refresh);
fieldsForm.addEventListener('change', refresh);

$('#btn-list').addEventListener('click', () => run('list', () => client.list(groupId())));
$('#btn-get').addEventListener('click', () => run('get', () => client.get(groupId(), typeSelect.value)));
$('#btn-create').addEventListener('click', () => run('create', () => client.create(groupId(), body())));
$('#btn-update').addEventListener('click', () => run('update', () => client.update(groupId(), body())));
$('#btn-apply').addEventListener('click', () => run('apply', () => client.apply(groupId(), body())));
$('#btn-delete').addEventListener('click', () => run('delete', () => client.delete(groupId(), typeSelect.value)));

makeClient();
loadTypes();
