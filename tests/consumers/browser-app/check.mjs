// What the page of browser-app/main.js must have computed, whichever bundler built it.
import assert from 'node:assert/strict';

/**
 * @param {{ version: string, codes: string[], preview: string }} result
 * @param {{ problems: string[], wasm: [string, number][] }} opened  what openPage() recorded
 * @param {string} origin
 */
export function checkBundlePage(result, opened, origin) {
  assert.deepEqual(opened.problems, []);
  assert.match(result.version, /^\d+\.\d+\.\d+/);
  assert.deepEqual(result.codes, ['serviceKey:invalid_format']);
  assert.match(result.preview, /^curl /);
  assert.ok(result.preview.includes(new URL('/api/atlas/v2/groups/0123456789abcdef01234567/integrations', origin).href), result.preview);
  assert.ok(!result.preview.includes('bundle-secret-token'), 'the preview redacts the token');
  assert.equal(opened.wasm.length, 2, JSON.stringify(opened.wasm));
  assert.ok(opened.wasm.every(([, status]) => status === 200), JSON.stringify(opened.wasm));
}
