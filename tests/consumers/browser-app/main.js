// A page bundled by esbuild and by webpack (tests/consumers/esbuild.test.mjs,
// webpack.test.mjs): the main entry (a client's request preview, which needs the full
// module) and the forms entry (validation), each loading its .wasm in the browser.
import { AtlasClient } from 'atlas-integrations';
import { validateBody, version } from 'atlas-integrations/forms';

const issues = validateBody({ type: 'PAGER_DUTY', serviceKey: 'not-hex' }, { flavour: 'atlasV2' });
const client = new AtlasClient({ baseUrl: location.origin, token: 'bundle-secret-token' });
const preview = client.preview({ op: 'list', groupId: '0123456789abcdef01234567' });
document.getElementById('result').textContent = JSON.stringify({
  version: version(),
  codes: issues.map((i) => `${i.path}:${i.code}`),
  preview,
});
