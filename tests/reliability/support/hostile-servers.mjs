// Small hostile HTTP servers on 127.0.0.1 for tests/reliability/hostile-server.test.mjs: each
// answers every request with one attack. Every loop here is bounded (a byte count or a
// number of ticks), and each server stops writing as soon as the client goes away.
import { createServer } from 'node:http';
import { gzipSync } from 'node:zlib';

/**
 * A server whose `handler(req, res, body)` answers every request; `hits` records
 * `{method, url, authorization}` of each.
 * @param {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse, body: string) => void} handler
 */
export async function serve(handler) {
  const hits = [];
  const sockets = new Set();
  const server = createServer((req, res) => {
    const chunks = [];
    let size = 0;
    req.on('data', (c) => {
      size += c.length;
      if (size <= 1 << 20) chunks.push(c);
    });
    req.on('end', () => {
      hits.push({ method: req.method, url: req.url, authorization: req.headers.authorization });
      handler(req, res, Buffer.concat(chunks).toString('utf8'));
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    close: () => new Promise((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}

/** Writes `total` bytes of `byte` in 1 MiB chunks, stopping when the client goes away. */
export function streamBytes(res, total, byte = 0x61) {
  const chunk = Buffer.alloc(1 << 20, byte);
  let sent = 0;
  const pump = () => {
    while (sent < total && !res.destroyed) {
      const n = Math.min(chunk.length, total - sent);
      sent += n;
      if (!res.write(n === chunk.length ? chunk : chunk.subarray(0, n))) {
        res.once('drain', pump);
        return;
      }
    }
    if (!res.destroyed) res.end();
  };
  res.on('close', () => {
    sent = total;
  });
  pump();
}

/** A gzip body that decompresses to `bytes` spaces (a "bomb": ~1000x smaller on the wire). */
export function gzipBomb(bytes) {
  return gzipSync(Buffer.alloc(bytes, 0x20), { level: 9 });
}

/** Sends headers, then one byte every `everyMs` for at most `ticks` ticks (or until the client leaves). */
export function drip(res, { everyMs = 20, ticks = 500, status = 200 } = {}) {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.write('{');
  let left = ticks;
  const timer = setInterval(() => {
    left -= 1;
    if (res.destroyed || left <= 0) {
      clearInterval(timer);
      if (!res.destroyed) res.end('}');
      return;
    }
    res.write(' ');
  }, everyMs);
  res.on('close', () => clearInterval(timer));
}

/** Announces `length` bytes, sends `sent` of them, then cuts the connection. */
export function truncate(res, { status = 200, length = 10_000, sent = 100 } = {}) {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': String(length) });
  res.write(Buffer.alloc(sent, 0x20));
  setTimeout(() => res.socket?.destroy(), 10);
}
