// The CommonJS entry (exports -> node -> require -> index.d.cts) from a .cts file.
import api = require('atlas-integrations');

const v: string = api.version();
// @ts-expect-error there is no init() on the main entry: it is ready when required.
api.init();
// The extras are there for CommonJS too.
const guard: (e: unknown) => boolean = api.isAtlasError;
export = { v, guard };
