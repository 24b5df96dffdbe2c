// A small app that imports the package by name, as a Vite user would, and computes a
// validation result. tests/consumers/vite.test.mjs builds it (vite build) and runs dist/
// in headless Chromium.
import { describeTypes, validateBody, version, isAtlasConfigError } from 'atlas-integrations';

const described = describeTypes('atlasV2');
const types = Array.isArray(described) ? described : described.types;
const pagerDuty = types.find((t) => t.name === 'PAGER_DUTY');
const issues = validateBody({ type: 'PAGER_DUTY', serviceKey: 'not-hex' }, { flavour: 'atlasV2' });
const valid = validateBody({ type: 'PAGER_DUTY', serviceKey: '0123456789abcdef0123456789abcdef' }, { flavour: 'atlasV2' });
let configError = false;
try {
  validateBody({}, { flavour: 'nope' });
} catch (e) {
  configError = isAtlasConfigError(e);
}
const result = {
  version: version(),
  fields: pagerDuty.fields.map((f) => f.name),
  codes: issues.map((i) => `${i.path}:${i.code}`),
  valid: valid.length === 0,
  configError,
};
window.__result = result;
document.getElementById('result').textContent = JSON.stringify(result);
