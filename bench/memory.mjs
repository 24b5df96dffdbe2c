// 6. Memory: wasm linear memory and JS heap (after gc) through 1,000,000 validations and
// 100,000 client calls. Runs in its own process with --expose-gc (run.mjs spawns it); the
// stand-in runs in another process so that its heap is not counted.
//
//   node --expose-gc bench/memory.mjs PKG_DIR [--quick]   → JSON on stdout
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, loadNode, round } from './lib.mjs';
import { corpus } from './corpus.mjs';

const MB = 1024 * 1024;

function startStandInProcess() {
  const src = `import(${JSON.stringify(pathToFileURL(join(ROOT, 'www', 'server', 'standin.mjs')).href)})
  .then((m) => m.startStandIn({ token: 'bench-token', log: false, rateLimit: { limit: 1e9 } }))
  .then((s) => { s.state.set('0123456789abcdef01234567', { type: 'SLACK', apiToken: 'xoxb-bench', channelName: 'alerts' }); process.stdout.write(s.url + '\\n'); });`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', src], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('\n')) resolve({ url: out.trim(), close: () => child.kill() });
    });
    child.on('exit', (code) => reject(new Error(`stand-in exited ${code}`)));
  });
}

export async function memory({ pkgDir, quick = false }) {
  if (typeof globalThis.gc !== 'function') throw new Error('run with node --expose-gc');
  // Validation runs in the forms module, the client in the full one: each is watched.
  const { api, memory: fullMemory, formsMemory } = loadNode(pkgDir);
  let mem = formsMemory;
  // The heap that is still reachable: collections with a macrotask between them, so that
  // finalizers (wasm-bindgen frees closures and handles through FinalizationRegistry) and
  // settled promises' reactions run and their garbage goes too. Two back-to-back gc() calls
  // left up to 6 MB of such garbage, which made the samples swing with no trend.
  const snap = async (label, done) => {
    for (let i = 0; i < 3; i += 1) {
      globalThis.gc();
      await new Promise((settle) => setTimeout(settle, 0));
    }
    globalThis.gc();
    const m = process.memoryUsage();
    return { label, done, wasmBytes: mem.buffer.byteLength, heapUsedMB: round(m.heapUsed / MB, 2), externalMB: round(m.external / MB, 2), rssMB: round(m.rss / MB, 1) };
  };
  const bodies = corpus().map((e) => e.body);
  const totalValidations = quick ? 20_000 : 1_000_000;
  const totalCalls = quick ? 500 : 100_000;
  const samplesEvery = (total) => Math.max(1, Math.floor(total / 10));

  const validations = [await snap('start', 0)];
  let sink = 0;
  const warm = Math.floor(totalValidations / 10);
  for (let i = 0; i < warm; i += 1) sink += api.validateBody(bodies[i % bodies.length]).length;
  validations.push(await snap('after warm-up', warm));
  const step = samplesEvery(totalValidations);
  for (let i = 0; i < totalValidations; i += 1) {
    sink += api.validateBody(bodies[i % bodies.length]).length;
    if ((i + 1) % step === 0) validations.push(await snap('validations', i + 1));
  }

  mem = fullMemory;
  const server = await startStandInProcess();
  const calls = [];
  try {
    const client = new api.AtlasClient({ baseUrl: server.url, token: 'bench-token' });
    const groupId = '0123456789abcdef01234567';
    const width = 8;
    let done = 0;
    const run = async (n) => {
      let left = n;
      await Promise.all(
        Array.from({ length: width }, async () => {
          while (left > 0) {
            left -= 1;
            sink += (await client.get(groupId, 'SLACK')).channelName.length;
            done += 1;
          }
        }),
      );
    };
    calls.push(await snap('start', 0));
    await run(Math.floor(totalCalls / 10));
    calls.push(await snap('after warm-up', done));
    const cstep = samplesEvery(totalCalls);
    for (let k = 0; k < 10; k += 1) {
      await run(cstep);
      calls.push(await snap('calls', done));
    }
    client.free?.();
  } finally {
    server.close();
  }

  const verdict = (xs) => {
    const w = xs.find((x) => x.label === 'after warm-up');
    const last = xs[xs.length - 1];
    const after = xs.slice(xs.indexOf(w) + 1);
    const mid = (ys) => [...ys].sort((a, b) => a - b)[ys.length >> 1];
    const heap = after.map((x) => x.heapUsedMB);
    // Trend: median of the last three samples minus median of the first three (after the
    // warm-up), so that one collection landing early or late does not decide it.
    const trendMB = round(mid(heap.slice(-3)) - mid(heap.slice(0, 3)), 2);
    return {
      wasmGrowthBytes: last.wasmBytes - w.wasmBytes,
      heapGrowthMB: round(last.heapUsedMB - w.heapUsedMB, 2),
      heapTrendMB: trendMB,
      heapMinMB: Math.min(...heap),
      heapMaxMB: Math.max(...heap),
      // Flat: linear memory did not grow and the heap shows no upward trend of 1 MB or more.
      flat: last.wasmBytes === w.wasmBytes && trendMB < 1,
    };
  };
  return {
    validations: { total: totalValidations, samples: validations, ...verdict(validations) },
    clientCalls: { total: totalCalls, concurrency: 8, samples: calls, ...verdict(calls) },
    sink: sink % 7,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const pkgDir = process.argv[2];
  const r = await memory({ pkgDir, quick: process.argv.includes('--quick') });
  process.stdout.write(`${JSON.stringify(r)}\n`);
}
