#!/usr/bin/env node
// react-hook-form with the package's Standard Schema: no adapter package, the form library's
// own `standardSchemaResolver` runs the package's validator (validateBody, in Rust).
//
//   npm install react react-hook-form @hookform/resolvers atlas-integrations
//   node examples/react-hook-form.mjs
//
// In a component it is one line:
//
//   const form = useForm({ resolver: standardSchemaResolver(standardSchema('PAGER_DUTY')) });
//
// Here the resolver is called as react-hook-form calls it on submit, on a valid and an
// invalid form, and prints what the form would show beside each field. Warnings (an
// unknown key, a deprecated type) never block a submit; only errors do.
import { standardSchemaResolver } from '@hookform/resolvers/standard-schema';
import { standardSchema } from 'atlas-integrations/forms';

const resolver = standardSchemaResolver(standardSchema('PAGER_DUTY', { flavour: 'atlasV2' }));
const options = { fields: {}, shouldUseNativeValidation: false };

const good = await resolver({ serviceKey: '0123456789abcdef0123456789abcdef', region: 'EU' }, undefined, options);
// On success the values are the body to send, with its `type` (never printed: it holds the key).
console.log(`valid form: errors ${JSON.stringify(good.errors)}, body type ${good.values.type}, fields ${Object.keys(good.values).sort().join(', ')}`);

const bad = await resolver({ serviceKey: `${'*'.repeat(28)}7890`, region: 'MARS' }, undefined, options);
for (const [field, error] of Object.entries(bad.errors)) console.log(`invalid form: ${field}: ${error.message}`);
