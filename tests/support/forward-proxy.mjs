// A forward proxy on 127.0.0.1 that answers every `CONNECT host:port` by tunnelling to one
// local server, whatever host was asked for: a client configured for
// https://cloud.mongodb.com reaches the test's own server, and nothing leaves the machine.
// What it saw is kept in `connects` (the request targets, in order), so that a test proves
// its requests went through it.
//
//   const proxy = await startForwardProxy({ port: local.port });
//   ... HTTPS_PROXY=proxy.url ...
//   proxy.connects   // ['cloud.mongodb.com:443']
//   await proxy.close();
import http from 'node:http';
import net from 'node:net';

/**
 * @param {{ port: number }} target  the local port every tunnel leads to (on 127.0.0.1)
 * @returns {Promise<{ url: string, connects: string[], plain: string[], close: () => Promise<void> }>}
 *   `plain`: requests sent to it as a plain HTTP proxy (absolute-form targets), which it refuses.
 */
export async function startForwardProxy({ port }) {
  const connects = [];
  const plain = [];
  const sockets = new Set();
  const server = http.createServer((req, res) => {
    plain.push(`${req.method} ${req.url}`);
    res.writeHead(405, { 'content-type': 'text/plain' }).end('this proxy only tunnels (CONNECT)\n');
  });
  server.on('connect', (req, client, head) => {
    connects.push(req.url);
    sockets.add(client);
    const upstream = net.connect(port, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    const end = () => { client.destroy(); upstream.destroy(); };
    upstream.on('error', end).on('close', end);
    client.on('error', end).on('close', end);
  });
  await new Promise((ok, fail) => server.once('error', fail).listen(0, '127.0.0.1', ok));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    connects,
    plain,
    close() {
      for (const s of sockets) s.destroy();
      server.closeAllConnections();
      return new Promise((ok) => server.close(() => ok()));
    },
  };
}
