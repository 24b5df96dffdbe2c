// atlas-integrations/forms (exports -> ./forms -> import -> forms.d.ts): the same functions and
// types as the main entry, and nothing that needs the wasm module.
import { describeTypes, validateBodies, validateBody, version } from 'atlas-integrations/forms';
import type { Flavour, Issue, IssueCode, TypeCatalogue } from 'atlas-integrations/forms';
// @ts-expect-error the client lives in the full entry only.
import { AtlasClient } from 'atlas-integrations/forms';

const issues: Issue[] = validateBody({ type: 'PAGER_DUTY' }, { flavour: 'cloudManager' });
const codes: IssueCode[] = issues.map((i) => i.code);
const batch: Issue[][] = validateBodies([{ type: 'SLACK' }]);
const catalogue: TypeCatalogue = describeTypes('opsManager');
const flavours: Flavour[] = catalogue.flavours.map((f) => f.id);
const v: string = version();
// @ts-expect-error an unknown flavour is a compile error.
describeTypes('atlasV3');
export { codes, batch, flavours, v, AtlasClient };
