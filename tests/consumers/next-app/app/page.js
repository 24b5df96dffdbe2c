// A server component, rendered on each request in Node: the main entry (validation and the
// client, whose preview needs the full WebAssembly module) with no configuration.
import { AtlasClient, validateBody } from 'atlas-integrations';
import FormsCheck from './forms-check.js';

export const dynamic = 'force-dynamic';

export default function Page() {
  const issues = validateBody({ type: 'PAGER_DUTY', serviceKey: 'not-hex' }, { flavour: 'atlasV2' });
  const client = new AtlasClient({ baseUrl: 'http://127.0.0.1:9', token: 'next-secret-token' });
  const preview = client.preview({ op: 'list', groupId: '0123456789abcdef01234567' });
  const server = { codes: issues.map((i) => `${i.path}:${i.code}`), preview };
  return (
    <main>
      <pre id="server">{JSON.stringify(server)}</pre>
      <FormsCheck />
    </main>
  );
}
