// A server-side script as a user would bundle it with esbuild for Node (an AWS Lambda, a
// CLI): both entries, and a client request to the server at ATLAS_BASE_URL. It prints what
// it found as JSON. Bundled by tests/consumers/esbuild.test.mjs in both output formats.
import { AtlasClient, validateBody, version } from 'atlas-integrations';
import { validateBody as validateForm } from 'atlas-integrations/forms';

async function main() {
  const client = new AtlasClient({ baseUrl: process.env.ATLAS_BASE_URL, token: process.env.ATLAS_TOKEN });
  const page = await client.list(process.env.ATLAS_GROUP_ID);
  const codes = (issues) => issues.map((i) => `${i.field}:${i.code}`).sort();
  process.stdout.write(JSON.stringify({
    version: version(),
    main: codes(validateBody({ type: 'PAGER_DUTY', serviceKey: 'nope' })),
    forms: codes(validateForm({ type: 'PAGER_DUTY', serviceKey: 'nope' })),
    listed: page.results.map((r) => r.type),
  }));
}

main().catch((e) => {
  process.stderr.write(`${e && e.stack}\n`);
  process.exitCode = 1;
});
