// Typed usage of the package as shipped in pkg/ (resolved by name through `exports`).
// Checked with `tsc --strict` in two projects (tsconfig.nodenext.json, tsconfig.bundler.json)
// by scripts/test.sh. Add files here: every *.ts in this folder is checked in both.
import { version } from 'atlas-integrations';
import * as manual from 'atlas-integrations/manual';
import type { InitInput } from 'atlas-integrations/manual';

const v: string = version();
export const major: number = Number(v.split('.')[0]);

// @ts-expect-error version() takes no argument: proves the declarations are not `any`.
version(1);

// manual: the same API plus init(input?) -> Promise<void>.
const ready: Promise<void> = manual.init();
await ready;
await manual.init(new URL('https://example.invalid/atlas_integrations_bg.wasm'));
await manual.init(new Uint8Array(8));
await manual.init(Promise.resolve(new ArrayBuffer(8)));
export const input: InitInput = '/pkg/web/atlas_integrations_bg.wasm';
const fromManual: string = manual.version();
export { fromManual };

// @ts-expect-error init() does not take null.
await manual.init(null);
