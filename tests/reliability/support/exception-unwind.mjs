// Repro for a reported bug (run as a child process by hostile.test.mjs, because it breaks
// the instance it runs in): validateBodies reads its argument with js_sys::Array::is_array
// and Array::from, imports that do not catch. A throwing element getter (or Proxy trap, or a
// revoked Proxy) throws THROUGH the wasm frames, which leaks the shadow stack each time;
// after ~5,000 calls every export of the instance traps with
// "RuntimeError: memory access out of bounds". The same with `new AtlasClient({retries})`
// whose ownKeys trap throws (config.rs reads it with js_sys::Object::keys): the instance
// ends in "RuntimeError: unreachable". Usage: node exception-unwind.mjs validateBodies|retries
// Prints one JSON line.
const api = await import('atlas-integrations');
const GOOD = { type: 'SLACK', apiToken: 'xoxb-1111-2222-aaaa', channelName: 'a' };
const bad = Object.defineProperty([GOOD, GOOD], 1, { enumerable: true, get() { throw new Error('element getter'); } });
const retries = new Proxy({ max: 1 }, { ownKeys() { throw new Error('ownKeys trap'); } });
const call = process.argv[2] === 'retries'
  ? () => new api.AtlasClient({ baseUrl: 'http://127.0.0.1:9', retries }).free()
  : () => api.validateBodies(bad);
const names = {};
for (let i = 0; i < 6000; i++) {
  try { call(); names.value = (names.value ?? 0) + 1; } catch (e) { const n = e instanceof WebAssembly.RuntimeError ? 'RuntimeError' : e.name; names[n] = (names[n] ?? 0) + 1; }
}
let after;
try { after = api.validateBody(GOOD).filter((i) => i.severity === 'error').length; } catch (e) { after = String(e); }
console.log(JSON.stringify({ names, after }));
