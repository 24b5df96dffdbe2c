// atlas-integrations/forms (exports -> ./forms -> import -> forms.d.ts): the same functions and
// types as the main entry, and nothing that needs the wasm module.
import { bodyFromForm, describeTypes, standardSchema, validateBodies, validateBody, version } from 'atlas-integrations/forms';
import type { FieldKindType, Flavour, Integration, Issue, IssueCode, SecretMask, StandardSchemaV1, TypeCatalogue } from 'atlas-integrations/forms';
// @ts-expect-error the client lives in the full entry only.
import { AtlasClient } from 'atlas-integrations/forms';

const issues: Issue[] = validateBody({ type: 'PAGER_DUTY' }, { flavour: 'cloudManager' });
const codes: IssueCode[] = issues.map((i) => i.code);
const fields: (string | null)[] = issues.map((i) => i.field);
const body: Integration = bodyFromForm('DATADOG', { apiKey: 'k', sendDatabaseMetrics: true });
const fromPairs: Integration = bodyFromForm('SLACK', [['channelName', 'alerts']]);
const schema: StandardSchemaV1<unknown, Integration> = standardSchema('PAGER_DUTY', { flavour: 'atlasV2' });
const result = schema['~standard'].validate({ serviceKey: 'k' });
// @ts-expect-error standardSchema takes an integration type, not any string.
standardSchema('PAGER_DUTEE');
const batch: Issue[][] = validateBodies([{ type: 'SLACK' }]);
const catalogue: TypeCatalogue = describeTypes('opsManager');
const flavours: Flavour[] = catalogue.flavours.map((f) => f.id);
const kinds: FieldKindType[] = catalogue.types.flatMap((t) => t.fields.map((f) => f.kind.type));
const masks: (SecretMask | undefined)[] = catalogue.types.flatMap((t) => t.fields.map((f) => f.secret?.mask));
const v: string = version();
// @ts-expect-error an unknown flavour is a compile error.
describeTypes('atlasV3');
export { codes, fields, body, fromPairs, result, batch, flavours, kinds, masks, v, AtlasClient };
