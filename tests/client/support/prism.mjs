// Prism (npm @stoplight/prism-cli) as a mock of the Atlas v2 spec, on 127.0.0.1 only, plus a
// recording proxy in front of it: Prism reports request violations in an `sl-violations`
// response header (and answers 400/422), which the client cannot show, so the proxy keeps
// every exchange for the tests to inspect.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const PRISM_BIN = path.join(REPO, 'node_modules/@stoplight/prism-cli/dist/index.js');

/** The spec: $ATLAS_OPENAPI_PATH, else ../shared/reference/… next to the repository. */
export function specPath() {
  if (process.env.ATLAS_OPENAPI_PATH) return path.resolve(process.env.ATLAS_OPENAPI_PATH);
  return path.resolve(REPO, '../shared/reference/atlas-v2-integrations.openapi.json');
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function probe(port) {
  return new Promise((resolve) => {
    const req = http.request(
      { host: '127.0.0.1', port, path: '/api/atlas/v2/groups/5f0c3a9e1b2d4c6e8a0b1c2d/integrations', headers: { Accept: 'application/vnd.atlas.2023-01-01+json', Authorization: 'Bearer probe' }, agent: false },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode));
      },
    );
    req.setTimeout(1000, () => req.destroy());
    req.on('error', () => resolve(0));
    req.end();
  });
}

/**
 * Starts `prism mock` and waits (at most `startTimeoutMs`) until it answers.
 * @returns {Promise<{url:string, port:number, output:()=>string, stop:()=>Promise<void>}>}
 */
export async function startPrism(spec, { startTimeoutMs = 20000 } = {}) {
  if (!existsSync(PRISM_BIN)) throw new Error(`Prism is not installed (${PRISM_BIN}); run npm ci at the repository root`);
  const port = await freePort();
  // Own process group, so that stop() ends Prism and anything it started, and nothing else.
  const child = spawn(process.execPath, [PRISM_BIN, 'mock', '-h', '127.0.0.1', '-p', String(port), spec], {
    cwd: REPO,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
  });
  let out = '';
  child.stdout.on('data', (c) => (out = (out + c).slice(-20000)));
  child.stderr.on('data', (c) => (out = (out + c).slice(-20000)));
  let exited = null;
  const exit = new Promise((resolve) => child.once('exit', (code, signal) => resolve((exited = { code, signal }))));

  const stop = async () => {
    if (exited) return;
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
    const t = setTimeout(() => {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }, 3000);
    await exit;
    clearTimeout(t);
  };

  const deadline = Date.now() + startTimeoutMs;
  for (;;) {
    if (exited) throw new Error(`Prism exited early (${JSON.stringify(exited)}):\n${out}`);
    const status = await probe(port);
    if (status >= 200) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`Prism did not answer within ${startTimeoutMs} ms:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url: `http://127.0.0.1:${port}/`, port, output: () => out, stop };
}

/**
 * A pass-through proxy on 127.0.0.1 that records every exchange (request and response
 * bodies, the response's `sl-violations` header parsed).
 */
export async function startRecordingProxy(targetPort) {
  const exchanges = [];
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const headers = { ...req.headers, host: `127.0.0.1:${targetPort}` };
      const up = http.request({ host: '127.0.0.1', port: targetPort, method: req.method, path: req.url, headers, agent: false }, (upRes) => {
        const rchunks = [];
        upRes.on('data', (c) => rchunks.push(c));
        upRes.on('end', () => {
          const rbody = Buffer.concat(rchunks);
          let violations = null;
          if (upRes.headers['sl-violations']) {
            try {
              violations = JSON.parse(upRes.headers['sl-violations']);
            } catch {
              violations = [upRes.headers['sl-violations']];
            }
          }
          exchanges.push({
            method: req.method,
            url: req.url,
            headers: { ...req.headers },
            body: body.toString('utf8'),
            status: upRes.statusCode,
            responseHeaders: { ...upRes.headers },
            responseBody: rbody.toString('utf8'),
            violations,
          });
          res.writeHead(upRes.statusCode, upRes.headers);
          res.end(rbody);
        });
      });
      up.on('error', (e) => {
        exchanges.push({ method: req.method, url: req.url, error: String(e) });
        res.destroy();
      });
      up.end(body);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}/`,
    exchanges,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
