// Shared by the consumer tests: the package as a user gets it (`npm pack` of pkg/), apps
// installed from the registry into a git-ignored folder (target/consumers/NAME, kept between
// runs so that a warm run reinstalls only the package), and headless Chromium.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../support/chromium.mjs';
import { serve } from '../../scripts/static-server.mjs';
import { checkBundlePage } from './browser-app/check.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PKG = path.join(ROOT, 'pkg');

const npm = (args, cwd) => execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 180_000 });

/**
 * Copies the app tests/consumers/APP into target/consumers/NAME and installs `deps` (exact
 * versions from the registry) and the packed pkg/ there.
 * @param {string} name
 * @param {string} app
 * @param {Record<string, string>} deps
 * @returns {string} the app's folder
 */
export function installApp(name, app, deps) {
  const dir = path.join(ROOT, 'target', 'consumers', name);
  fs.mkdirSync(dir, { recursive: true });
  fs.cpSync(path.join(ROOT, 'tests', 'consumers', app), dir, { recursive: true });
  const [packed] = JSON.parse(npm(['pack', PKG, '--json', '--pack-destination', dir], dir));
  const manifest = { name: `consumer-${name}`, private: true, version: '1.0.0', dependencies: { ...deps, 'atlas-integrations': `file:./${packed.filename}` } };
  fs.writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  // The tarball keeps its name from build to build: drop the installed copy so npm unpacks the new one.
  fs.rmSync(path.join(dir, 'node_modules', 'atlas-integrations'), { recursive: true, force: true });
  fs.rmSync(path.join(dir, 'package-lock.json'), { force: true });
  npm(['install', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'], dir);
  return dir;
}

/** Headless Chromium, and a page that records errors, failed responses and requests off `origin`. */
export async function openPage(origin) {
  const browser = await launchChromium();
  const page = await browser.newPage();
  const problems = [];
  const wasm = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('request', (r) => { if (!r.url().startsWith(origin) && !r.url().startsWith('data:')) problems.push(`off-loopback request ${r.url()}`); });
  page.on('response', (r) => {
    const { pathname } = new URL(r.url());
    if (pathname.endsWith('.wasm')) wasm.push([pathname, r.status()]);
    if (r.status() >= 400) problems.push(`${r.status()} ${pathname}`);
  });
  return { browser, page, problems, wasm };
}

/** The JSON text of the element `selector` once it is no longer "pending" (20 s at most). */
export async function resultOf(page, selector) {
  await page.waitForFunction((s) => { const t = document.querySelector(s)?.textContent; return t && t !== 'pending'; }, selector, { timeout: 20_000 })
    .catch(() => {});
  const text = await page.textContent(selector);
  return JSON.parse(text);
}

/**
 * Serves a bundler's output folder (the browser-app page, built) on 127.0.0.1, opens it in
 * Chromium and checks what the page computed (`checkBundlePage`).
 * @param {string} dist
 * @returns {Promise<[string, number][]>} the page's `.wasm` responses: path and status
 */
export async function checkBuiltPage(dist) {
  const server = await serve({ mounts: { '/': dist } });
  const opened = await openPage(server.url);
  try {
    await opened.page.goto(server.url);
    const result = await resultOf(opened.page, '#result');
    checkBundlePage(result, opened, server.url);
    return opened.wasm;
  } finally {
    await opened.browser.close();
    await server.close();
  }
}
