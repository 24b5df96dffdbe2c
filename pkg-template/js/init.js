// The `init()` of the browser entries that load a WebAssembly module (manual.js for the full
// module, forms-manual.js for the forms module): one function for both, made per module.

/**
 * Makes an idempotent `init(input?)` over wasm-bindgen's default export for the web target:
 * every call returns the same promise once one has succeeded; a failed attempt can be
 * retried.
 * @param {(source: unknown) => Promise<unknown>} initWasm wasm-bindgen's init function
 * @param {() => URL} defaultSource where the module is by default (the .wasm next to the
 *   entry: a thunk, so that the entry resolves it against its own URL)
 */
export function initOnce(initWasm, defaultSource) {
  let ready;
  return function init(input) {
    if (!ready) {
      ready = load(initWasm, input === undefined ? defaultSource() : input).then(
        () => undefined,
        (error) => {
          ready = undefined;
          throw error;
        },
      );
    }
    return ready;
  };
}

async function load(initWasm, input) {
  let source = await input;
  // fetch() cannot read file: URLs (Node, Bun, test runners): read the file instead.
  if ((source instanceof URL && source.protocol === 'file:') || (typeof source === 'string' && source.startsWith('file:'))) {
    const fs = 'node:fs/promises';
    const { readFile } = await import(/* @vite-ignore */ /* webpackIgnore: true */ fs);
    source = await readFile(new URL(source));
  }
  await initWasm({ module_or_path: source });
}
