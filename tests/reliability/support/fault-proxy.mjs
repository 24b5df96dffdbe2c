// A fault-injecting HTTP proxy for the soak test: listens on 127.0.0.1 and forwards to an
// upstream on 127.0.0.1, except that a fraction of requests get a fault:
//
//   delay         wait 0-150 ms, then forward
//   503           answer 503 (an ApiError body) WITHOUT forwarding
//   resetBefore   destroy the connection WITHOUT forwarding
//   resetAfter    forward, wait for the upstream's whole answer, then destroy the connection
//                 (the request WAS processed: the ambiguous case for a POST)
//   hang          hold the connection for `hangMs` WITHOUT forwarding, then destroy it
//                 (longer than the client's timeout)
//
//   const p = await startFaultProxy(upstreamUrl, { rate: 0.25, seed: 1, hangMs: 1500 });
//   p.url; p.stats; p.posts  // [{url, body}] of every POST that reached the upstream
//   await p.close();
//
// A request is only ever forwarded once, and a fault that does not forward never forwards
// later, so what the upstream saw is exactly what the client could have caused.
import http from 'node:http';

export const FAULTS = ['delay', '503', 'resetBefore', 'resetAfter', 'hang'];

export async function startFaultProxy(upstream, { rate = 0.25, seed = 1, hangMs = 1500, weights = { delay: 4, 503: 2, resetBefore: 1, resetAfter: 2, hang: 1 } } = {}) {
  const target = new URL(upstream);
  if (target.hostname !== '127.0.0.1') throw new TypeError('the fault proxy only forwards to 127.0.0.1');
  let s = seed >>> 0 || 1;
  const random = () => { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return s / 0x100000000; };
  const total = Object.values(weights).reduce((a, b) => a + b, 0);
  const pickFault = () => {
    if (random() >= rate) return 'pass';
    let x = random() * total;
    for (const [k, w] of Object.entries(weights)) { if ((x -= w) < 0) return k; }
    return 'delay';
  };
  const stats = { requests: 0, pass: 0, delay: 0, 503: 0, resetBefore: 0, resetAfter: 0, hang: 0, upstreamErrors: 0 };
  const posts = [];
  const timers = new Set();
  const sleep = (ms) => new Promise((r) => { const t = setTimeout(() => { timers.delete(t); r(); }, ms); timers.add(t); });

  function forward(req, body) {
    return new Promise((resolve, reject) => {
      const headers = { ...req.headers, host: target.host };
      delete headers.connection;
      const up = http.request({ hostname: target.hostname, port: target.port, method: req.method, path: req.url, headers }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      });
      up.on('error', reject);
      up.end(body);
    });
  }

  const server = http.createServer(async (req, res) => {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const body = Buffer.concat(chunks);
    stats.requests += 1;
    const fault = pickFault();
    stats[fault] += 1;
    try {
      if (fault === 'resetBefore') return req.socket.destroy();
      if (fault === 'hang') { await sleep(hangMs); return req.socket.destroy(); }
      if (fault === '503') {
        const text = JSON.stringify({ error: 503, errorCode: 'SERVICE_UNAVAILABLE', detail: 'Injected by the fault proxy.', parameters: [], reason: 'Service Unavailable' });
        res.writeHead(503, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
        return res.end(text);
      }
      if (fault === 'delay') await sleep(Math.floor(random() * 150));
      if (req.method === 'POST') posts.push({ url: req.url, body: body.toString('utf8') });
      const answer = await forward(req, body);
      if (fault === 'resetAfter') return req.socket.destroy();
      const headers = { ...answer.headers };
      delete headers['transfer-encoding'];
      delete headers.connection;
      headers['content-length'] = String(answer.body.length);
      res.writeHead(answer.status, headers);
      res.end(answer.body);
    } catch {
      stats.upstreamErrors += 1;
      req.socket.destroy();
    }
  });
  const sockets = new Set();
  server.on('connection', (sock) => { sockets.add(sock); sock.on('close', () => sockets.delete(sock)); });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}/`,
    stats,
    posts,
    async close() {
      for (const t of timers) clearTimeout(t);
      for (const sock of sockets) sock.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
