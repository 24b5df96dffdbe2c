// Headless Chromium for every browser test: Debian's /usr/bin/chromium (or $CHROMIUM),
// driven by playwright-core, with the flags a container without a GPU, a sandbox or a
// large /dev/shm needs, and nothing that reaches the network on its own.
import { chromium } from 'playwright-core';

/** The flags every browser test launches Chromium with. */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--no-first-run'];

/** The Chromium binary the tests and benchmarks drive. */
export const CHROMIUM_PATH = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** Starts headless Chromium; `options` go to playwright's `launch` (e.g. a `timeout`). */
export function launchChromium(options = {}) {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, ...options });
}

/**
 * Opens `url` in `tab` and returns the `window.__result` the page's script sets, waiting up
 * to `timeout` ms (`polling`: Playwright's, its default when left out). `explain()` adds what
 * the test collected (page errors, requests) to the message of a wait that times out.
 */
export async function pageResult(tab, url, { timeout = 30_000, polling, explain } = {}) {
  await tab.goto(url);
  const wait = polling === undefined ? { timeout } : { timeout, polling };
  await tab.waitForFunction(() => window.__result !== undefined, null, wait).catch((e) => {
    throw explain ? new Error(`${e.message}; ${explain()}`) : e;
  });
  return tab.evaluate(() => window.__result);
}
