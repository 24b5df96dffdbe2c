// Repro for a reported bug (run as a child process by hostile.test.mjs): applyToProjects
// over 1,000,001 project ids, after one earlier bulk call, kills Node 20.20 with
// "Fatal error ... unreachable code" in V8's Deoptimizer (SIGTRAP, exit 133). No request is
// sent: every id is invalid, so each apply fails validation.
const api = await import('atlas-integrations');
const client = new api.AtlasClient({ baseUrl: 'http://127.0.0.1:9', token: 't', timeoutMs: 1000 });
const good = { type: 'SLACK', apiToken: 'xoxb-1111-2222-aaaa', channelName: 'a' };
await client.applyToProjects([1, , 3], good); // eslint-disable-line no-sparse-arrays
const results = await client.applyToProjects(new Array(1_000_001).fill('x'), good);
console.log(`settled ${results.length}`);
