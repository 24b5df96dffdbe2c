// Static file serving for the stand-in (demo page and the built npm package),
// confined to the configured directories: no `..`, no hidden files, no
// symlinks that lead outside the root.

import fs from 'node:fs';
import path from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.cjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8', // .d.ts files; not video/mp2t
};

export function contentTypeFor(file) {
  return TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream';
}

/** A path's real path, or the path itself while it does not exist. */
function realOr(p) {
  try {
    return fs.realpathSync(p);
  } catch {
    return p;
  }
}

/**
 * Normalises [{prefix, dir, exclude}] and sorts longest prefix first. `exclude` lists
 * directories inside `dir` that are never served (the default root `www/` holds the
 * server's own code in `www/server/`).
 */
export function normaliseStaticDirs(staticDirs = []) {
  return staticDirs.map(({ prefix = '/', dir, exclude = [] }) => {
    if (typeof dir !== 'string' || dir === '') throw new TypeError('staticDirs entries need a dir');
    let p = prefix.startsWith('/') ? prefix : '/' + prefix;
    if (!p.endsWith('/')) p += '/';
    return { prefix: p, dir: path.resolve(dir), exclude: exclude.map((e) => realOr(path.resolve(e))) };
  }).sort((a, b) => b.prefix.length - a.prefix.length);
}

/**
 * Resolves a raw request path to a file, or returns { status } for an error.
 * 400 undecodable, 403 traversal / hidden / outside root, 404 missing, excluded or
 * `isPrivate(realPath)`.
 */
export function resolveStatic(dirs, rawPath, isPrivate = () => false) {
  const entry = dirs.find((d) => rawPath.startsWith(d.prefix) || rawPath + '/' === d.prefix);
  if (!entry) return { status: 404 };
  if (rawPath + '/' === entry.prefix) return { status: 301, location: entry.prefix };
  let rel;
  try {
    rel = decodeURIComponent(rawPath.slice(entry.prefix.length));
  } catch {
    return { status: 400 };
  }
  if (rel.includes('\0') || rel.includes('\\')) return { status: 400 };
  const segments = rel.split('/');
  if (segments.some((s) => s === '..' || s === '.')) return { status: 403 };
  if (segments.some((s) => s.startsWith('.'))) return { status: 404 }; // .git, .env, …
  if (segments.length > 1 && segments.slice(0, -1).some((s) => s === '')) return { status: 404 }; // '//' inside
  let root;
  try {
    root = fs.realpathSync(entry.dir);
  } catch {
    return { status: 404 };
  }
  let file = path.resolve(root, ...segments.filter((s) => s !== ''));
  let real;
  try {
    real = fs.realpathSync(file);
  } catch {
    return { status: 404 };
  }
  if (real !== root && !real.startsWith(root + path.sep)) return { status: 403 };
  let st = fs.statSync(real);
  if (st.isDirectory()) {
    if (rel !== '' && !rel.endsWith('/')) return { status: 301, location: rawPath + '/' };
    file = path.join(real, 'index.html');
    try {
      real = fs.realpathSync(file);
    } catch {
      return { status: 404 };
    }
    if (!real.startsWith(root + path.sep)) return { status: 403 };
    st = fs.statSync(real);
  }
  if (!st.isFile()) return { status: 404 };
  if (isPrivate(real) || entry.exclude.some((e) => real === e || real.startsWith(e + path.sep))) return { status: 404 };
  return { status: 200, file: real, size: st.size };
}

/** Streams a resolved file; HEAD sends headers only. */
export function sendFile(req, res, resolved) {
  res.writeHead(200, {
    'Content-Type': contentTypeFor(resolved.file),
    'Content-Length': resolved.size,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  const stream = fs.createReadStream(resolved.file);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}
