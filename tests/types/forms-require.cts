// atlas-integrations/forms from CommonJS (exports -> ./forms -> require -> forms.d.cts).
import forms = require('atlas-integrations/forms');

const issues: ReturnType<typeof forms.validateBody> = forms.validateBody({ type: 'SLACK' });
const v: string = forms.version();
export = { issues, v };
