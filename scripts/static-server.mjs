// A tiny static file server: the fallback demo server of scripts/run.sh (used only while
// www/server/main.mjs does not exist) and the page server of tests/browser.
//
//   node scripts/static-server.mjs --static www --pkg pkg [--port 8080] [--host 127.0.0.1]
//
// Serves --static at / and --pkg at /pkg/, with the right MIME types (application/wasm lets
// browsers compile the module while it downloads).
import { createServer } from 'node:http';
import { createReadStream, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.cjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
};

/**
 * @param {{ mounts: Record<string, string>, host?: string, port?: number, pages?: Record<string, string> }} options
 *   mounts: URL prefix ("/", "/pkg/") -> directory; pages: exact path -> HTML served as is.
 * @returns {Promise<{ url: string, server: import('node:http').Server, close: () => Promise<void> }>}
 */
export async function serve({ mounts, host = '127.0.0.1', port = 0, pages = {} }) {
  const prefixes = Object.entries(mounts)
    .map(([prefix, dir]) => [prefix.endsWith('/') ? prefix : `${prefix}/`, resolve(dir)])
    .sort((a, b) => b[0].length - a[0].length);
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'method not allowed');
    if (pages[path] !== undefined) {
      res.writeHead(200, { 'content-type': TYPES['.html'], 'cache-control': 'no-store' });
      return res.end(req.method === 'HEAD' ? undefined : pages[path]);
    }
    const hit = prefixes.find(([prefix]) => path.startsWith(prefix) || `${path}/` === prefix);
    if (!hit) return send(res, 404, 'not found');
    const [prefix, dir] = hit;
    let file = normalize(join(dir, path.slice(prefix.length)));
    if (file !== dir && !file.startsWith(dir + sep)) return send(res, 403, 'forbidden');
    try {
      if (statSync(file).isDirectory()) file = join(file, 'index.html');
      const st = statSync(file);
      res.writeHead(200, {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'content-length': st.size,
        'cache-control': 'no-cache',
      });
      if (req.method === 'HEAD') return res.end();
      createReadStream(file).pipe(res);
    } catch {
      send(res, 404, 'not found');
    }
  });
  await new Promise((ok, fail) => server.once('error', fail).listen(port, host, ok));
  const addr = server.address();
  const url = `http://${addr.family === 'IPv6' ? `[${addr.address}]` : addr.address}:${addr.port}/`;
  return { url, server, close: () => new Promise((ok) => server.close(() => ok())) };
}

function send(res, status, text) {
  res.writeHead(status, { 'content-type': TYPES['.txt'] });
  res.end(`${text}\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const opt = { static: 'www', pkg: 'pkg', port: process.env.PORT ?? '8080', host: process.env.HOST ?? '127.0.0.1' };
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i += 1) {
    const m = /^--(static|pkg|port|host)(?:=(.*))?$/.exec(argv[i]);
    if (!m) {
      console.error(`unknown argument ${argv[i]}\nusage: node scripts/static-server.mjs --static DIR --pkg DIR [--port N] [--host H]`);
      process.exit(2);
    }
    opt[m[1]] = m[2] ?? argv[++i];
  }
  const { url } = await serve({ mounts: { '/': opt.static, '/pkg/': opt.pkg }, host: opt.host, port: Number(opt.port) });
  console.log(`atlas-integrations demo (static fallback server): ${url}`);
}
