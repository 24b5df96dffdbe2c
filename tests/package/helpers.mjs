// Shared by the tests of the built package (tests/package, tests/browser).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const PKG = `${ROOT}pkg/`;

/** The crate version from Cargo.toml's [package] table (the npm version must equal it). */
export function cargoVersion() {
  const toml = readFileSync(`${ROOT}Cargo.toml`, 'utf8');
  const pkg = toml.split(/^\[/m).find((t) => t.startsWith('package]'));
  const m = /^version\s*=\s*"([^"]+)"/m.exec(pkg ?? '');
  if (!m) throw new Error('no [package] version in Cargo.toml');
  return m[1];
}

/** Public names of a module namespace or exports object, sorted. */
export const names = (mod) => Object.keys(mod).filter((n) => n !== 'default' && n !== 'module.exports').sort();
