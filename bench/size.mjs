// 2. Size: what a browser and a Node process load, raw, gzip -9 and brotli (q11), plus
// where the wasm bytes go (sections, and code per crate from a module with a name section),
// and (diagnostic) the browser entry after a bundler's minification of its JavaScript.
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { ROOT, kib } from './lib.mjs';

const gz = (b) => gzipSync(b, { level: 9 }).length;
const br = (b) => brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: b.length } }).length;

function walk(dir, filter) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true })
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile() && filter(f));
}

/** Each file's size raw, gzip and brotli, and the totals; `transform` maps a file's bytes first. */
function measure(pkgDir, files, transform = (file, bytes) => bytes) {
  const rows = files.map((f) => {
    const b = transform(f, readFileSync(f));
    return { file: relative(pkgDir, f), raw: b.length, gzip: gz(b), brotli: br(b) };
  });
  const total = rows.reduce((t, r) => ({ raw: t.raw + r.raw, gzip: t.gzip + r.gzip, brotli: t.brotli + r.brotli }), { raw: 0, gzip: 0, brotli: 0 });
  return { files: rows, total };
}

/** The JS and wasm a browser fetches for `import 'atlas-integrations'` (index.js). */
export function browserFiles(pkgDir) {
  return [join(pkgDir, 'index.js'), join(pkgDir, 'manual.js')]
    .concat(walk(join(pkgDir, 'web'), (f) => f.endsWith('.js') || f.endsWith('.wasm')));
}

/** What Node loads for `import` / `require` (index.node.mjs → index.cjs → node/**, and
 * forms.cjs, whose embedded catalogue the Node entries' describeTypes answers from). */
export function nodeFiles(pkgDir) {
  return [join(pkgDir, 'index.node.mjs'), join(pkgDir, 'index.cjs')]
    .concat(existsSync(join(pkgDir, 'forms.cjs')) ? [join(pkgDir, 'forms.cjs')] : [])
    .concat(walk(join(pkgDir, 'node'), (f) => f.endsWith('.js') || f.endsWith('.cjs') || f.endsWith('.wasm')));
}

/** What a browser fetches for `import 'atlas-integrations/forms'` (the forms module, its
 * glue and the error classes it imports); `null` for a package without that entry. */
export function formsFiles(pkgDir) {
  if (!existsSync(join(pkgDir, 'forms', 'forms_bg.wasm'))) return null;
  return ['forms.js', 'forms-manual.js', 'web/init.js', 'web/errors.js', 'forms/forms.js', 'forms/forms_bg.wasm'].map((f) => join(pkgDir, f));
}

/**
 * An entry as a bundler ships it: esbuild (browser platform, ES module, minified) bundles its
 * JavaScript into one file, and the page fetches the .wasm next to it (`wasm`, as built).
 */
function bundled(pkgDir, entry, wasm) {
  const { buildSync } = createRequire(import.meta.url)('esbuild');
  const built = buildSync({
    entryPoints: [join(pkgDir, entry)],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    outdir: join(pkgDir, '.bundle'),
    logLevel: 'error',
  });
  const js = Buffer.concat(built.outputFiles.map((f) => Buffer.from(f.contents)));
  const bin = readFileSync(join(pkgDir, wasm));
  const row = (file, b) => ({ file, raw: b.length, gzip: gz(b), brotli: br(b) });
  const files = [row(`${entry} (esbuild bundle, minified)`, js), row(wasm, bin)];
  const total = files.reduce((t, r) => ({ raw: t.raw + r.raw, gzip: t.gzip + r.gzip, brotli: t.brotli + r.brotli }), { raw: 0, gzip: 0, brotli: 0 });
  return { files, total };
}

// ---- a minimal wasm reader ------------------------------------------------------------
function leb(buf, pos) {
  let result = 0;
  let shift = 0;
  let byte;
  do {
    byte = buf[pos++];
    result += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return [result, pos];
}

const SECTION = ['custom', 'type', 'import', 'function', 'table', 'memory', 'global', 'export', 'start', 'element', 'code', 'data', 'datacount', 'tag'];

/** Section sizes, function body sizes (in code order) and the name section, if any. */
export function readWasm(buf) {
  let pos = 8;
  const sections = [];
  let bodies = [];
  let importedFuncs = 0;
  const names = new Map();
  while (pos < buf.length) {
    const id = buf[pos++];
    let size;
    [size, pos] = leb(buf, pos);
    const start = pos;
    const end = pos + size;
    let name = SECTION[id] ?? `id${id}`;
    if (id === 0) {
      let n;
      [n, pos] = leb(buf, pos);
      const cname = buf.subarray(pos, pos + n).toString('utf8');
      pos += n;
      name = `custom:${cname}`;
      if (cname === 'name') {
        while (pos < end) {
          const sub = buf[pos++];
          let len;
          [len, pos] = leb(buf, pos);
          const subEnd = pos + len;
          if (sub === 1) {
            let count;
            [count, pos] = leb(buf, pos);
            for (let i = 0; i < count; i += 1) {
              let idx;
              let l;
              [idx, pos] = leb(buf, pos);
              [l, pos] = leb(buf, pos);
              names.set(idx, buf.subarray(pos, pos + l).toString('utf8'));
              pos += l;
            }
          }
          pos = subEnd;
        }
      }
    } else if (id === 2) {
      let count;
      [count, pos] = leb(buf, pos);
      for (let i = 0; i < count; i += 1) {
        for (let k = 0; k < 2; k += 1) {
          let l;
          [l, pos] = leb(buf, pos);
          pos += l;
        }
        const kind = buf[pos++];
        if (kind === 0) {
          [, pos] = leb(buf, pos);
          importedFuncs += 1;
        } else if (kind === 1) {
          pos += 1;
          let flags;
          [flags, pos] = leb(buf, pos);
          [, pos] = leb(buf, pos);
          if (flags & 1) [, pos] = leb(buf, pos);
        } else if (kind === 2) {
          let flags;
          [flags, pos] = leb(buf, pos);
          [, pos] = leb(buf, pos);
          if (flags & 1) [, pos] = leb(buf, pos);
        } else if (kind === 3) {
          pos += 2;
        } else {
          [, pos] = leb(buf, pos);
        }
      }
    } else if (id === 10) {
      let count;
      [count, pos] = leb(buf, pos);
      bodies = new Array(count);
      for (let i = 0; i < count; i += 1) {
        let l;
        const p0 = pos;
        [l, pos] = leb(buf, pos);
        bodies[i] = l + (pos - p0);
        pos += l;
      }
    }
    sections.push({ name, size: end - start });
    pos = end;
  }
  return { sections, bodies, importedFuncs, names };
}

/** Legacy Rust mangling (`_ZN...E`) → `a::b::c`, enough to tell the crate. */
export function demangle(sym) {
  if (!sym || !sym.startsWith('_ZN')) return sym;
  const parts = [];
  let i = 3;
  while (i < sym.length && sym[i] !== 'E') {
    let j = i;
    while (j < sym.length && sym[j] >= '0' && sym[j] <= '9') j += 1;
    const len = Number(sym.slice(i, j));
    if (!len) break;
    parts.push(sym.slice(j, j + len));
    i = j + len;
  }
  if (parts.length > 1 && /^h[0-9a-f]{16}$/.test(parts[parts.length - 1])) parts.pop();
  const map = { LT: '<', GT: '>', C: ',', RF: '&', BP: '*', LP: '(', RP: ')', SP: '@' };
  return parts
    .join('::')
    .replace(/\$([A-Z]{1,2})\$/g, (m, k) => map[k] ?? m)
    .replace(/\$u([0-9a-f]{2})\$/g, (_, h) => String.fromCharCode(parseInt(h, 16)))
    .replace(/\.\./g, '::')
    .replace(/^_</, '<');
}

/** The crate a (demangled Rust) symbol belongs to, roughly: its first path segment. */
function crateOf(symbol) {
  if (!symbol) return '(no name)';
  const s = symbol.replace(/^_?<?&?(mut )?(dyn )?/, '');
  const m = /^([A-Za-z_][A-Za-z0-9_]*)(\[[0-9a-f]+\])?::/.exec(s);
  if (m) {
    const c = m[1];
    if (c === 'core' || c === 'alloc' || c === 'std') return 'std/core/alloc';
    return c;
  }
  if (/^(memcpy|memmove|memset|memcmp|dlmalloc|__rust|rust_)/.test(s)) return 'std/core/alloc';
  // `<f64 as core::fmt::Display>::fmt`, `<char>::escape_debug_ext`, `<str as ...>`: impls on primitives.
  if (/^(u8|u16|u32|u64|u128|usize|i8|i16|i32|i64|i128|isize|f32|f64|bool|char|str)\b/.test(s)) return 'std/core/alloc';
  // Export shims into which wasm-opt inlined the export's body (`jsonSchema multivalue shim`).
  if (/ shim$/.test(s)) return 'exports (inlined bodies)';
  if (/^__wbg|^__wbindgen|externref shim|^wasm-bindgen/.test(s)) return 'wasm_bindgen glue';
  return '(other)';
}

/** Code bytes per crate in a module that still has its name section. */
export function attribution(buf) {
  const { bodies, importedFuncs, names, sections } = readWasm(buf);
  if (names.size === 0) return null;
  const byCrate = new Map();
  bodies.forEach((size, i) => {
    const name = demangle(names.get(i + importedFuncs));
    if (name && name.includes('__wbindgen_describe')) return; // removed by wasm-bindgen
    const c = crateOf(name);
    byCrate.set(c, (byCrate.get(c) ?? 0) + size);
  });
  const code = bodies.reduce((a, b) => a + b, 0);
  const data = sections.filter((s) => s.name === 'data').reduce((a, s) => a + s.size, 0);
  return {
    codeBytes: code,
    dataBytes: data,
    byCrate: [...byCrate].sort((a, b) => b[1] - a[1]).map(([crate, bytes]) => ({ crate, bytes, share: Number((bytes / code).toFixed(3)) })),
  };
}

/**
 * The browser entry with every JavaScript file minified by esbuild (what an application's
 * bundler ships; the package itself ships readable JavaScript), the wasm as it is.
 */
function minifiedBrowser(pkgDir) {
  const { transformSync } = createRequire(import.meta.url)('esbuild');
  const minify = (file, bytes) =>
    file.endsWith('.js') ? Buffer.from(transformSync(bytes.toString('utf8'), { minify: true, format: 'esm', target: 'es2022' }).code) : bytes;
  return measure(pkgDir, browserFiles(pkgDir), minify).total;
}

export function size({ pkgDir }) {
  const browser = measure(pkgDir, browserFiles(pkgDir));
  const node = measure(pkgDir, nodeFiles(pkgDir));
  const forms = formsFiles(pkgDir);
  const wasmBuf = readFileSync(join(pkgDir, 'web', 'atlas_integrations_bg.wasm'));
  const wasm = readWasm(wasmBuf);
  const dataSec = wasm.sections.find((s) => s.name === 'data');
  // Share of compressed bytes: code vs static data (strings, tables).
  const result = {
    browser,
    node,
    ...(forms ? { forms: measure(pkgDir, forms), formsBundled: bundled(pkgDir, 'forms.js', 'forms/forms_bg.wasm') } : {}),
    browserBundled: bundled(pkgDir, 'index.js', 'web/atlas_integrations_bg.wasm'),
    browserMinifiedTotal: minifiedBrowser(pkgDir),
    wasmSections: wasm.sections.map((s) => ({ ...s, kib: kib(s.size) })),
    wasmFunctions: wasm.bodies.length,
    largestFunctions: wasm.bodies.map((b, i) => [i, b]).sort((a, b) => b[1] - a[1]).slice(0, 5).map(([i, b]) => ({ index: i + wasm.importedFuncs, bytes: b })),
    dataBytes: dataSec?.size ?? 0,
  };
  // Per-crate code: the module rustc produced (before wasm-bindgen/wasm-opt) still has names.
  // It is whatever cargo last built in this tree, so only its proportions are used.
  const raw = process.env.ATLAS_BENCH_RAW_WASM || join(ROOT, 'target', 'wasm32-unknown-unknown', 'release', 'atlas_integrations.wasm');
  if (existsSync(raw)) {
    const a = attribution(readFileSync(raw));
    if (a) result.attributionUnoptimised = { file: relative(ROOT, raw), note: 'code bytes per crate before wasm-bindgen and wasm-opt: proportions only', ...a, byCrate: a.byCrate.slice(0, 16) };
  }
  // The same for the forms module (scripts/build-pkg.sh builds it in target/forms/).
  const formsRaw = join(ROOT, 'target', 'forms', 'wasm32-unknown-unknown', 'release', 'atlas_integrations.wasm');
  if (forms && existsSync(formsRaw)) {
    const a = attribution(readFileSync(formsRaw));
    if (a) result.formsAttributionUnoptimised = { file: relative(ROOT, formsRaw), note: 'code bytes per crate before wasm-bindgen and wasm-opt: proportions only', ...a, byCrate: a.byCrate.slice(0, 16) };
  }
  return result;
}
