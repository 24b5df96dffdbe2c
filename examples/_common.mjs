// Shared by the examples: where to connect and with which credentials, from the command
// line (--base-url URL, --token T) or the environment (ATLAS_BASE_URL, ATLAS_TOKEN, or
// ATLAS_CLIENT_ID + ATLAS_CLIENT_SECRET for a service account). Secrets are never printed.
import { AtlasClient } from 'atlas-integrations';

export function arg(name, fallback) {
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === `--${name}`) return argv[i + 1];
    if (argv[i].startsWith(`--${name}=`)) return argv[i].slice(name.length + 3);
  }
  return fallback;
}

const FLAGS = new Set(['--dry-run', '--force']); // options without a value

/** The positional arguments (those not starting with --, nor the value of an option). */
export function positional() {
  const argv = process.argv.slice(2);
  const out = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i].startsWith('--')) { if (!argv[i].includes('=') && !FLAGS.has(argv[i])) i++; continue; }
    out.push(argv[i]);
  }
  return out;
}

/** `****7890`: what may be shown of a secret (its length and last four are not secret enough to hide). */
export function mask(secret) {
  const s = String(secret ?? '');
  return s.length <= 4 ? '****' : `****${s.slice(-4)}`;
}

export function connect() {
  const baseUrl = arg('base-url', process.env.ATLAS_BASE_URL || 'https://cloud.mongodb.com');
  const token = arg('token', process.env.ATLAS_TOKEN);
  const clientId = process.env.ATLAS_CLIENT_ID;
  const clientSecret = process.env.ATLAS_CLIENT_SECRET;
  const flavour = arg('flavour', process.env.ATLAS_FLAVOUR || 'atlasV2');
  if (token) return new AtlasClient({ baseUrl, flavour, token });
  if (clientId && clientSecret) return new AtlasClient({ baseUrl, flavour, serviceAccount: { clientId, clientSecret } });
  console.error('Give credentials: --token T, ATLAS_TOKEN, or ATLAS_CLIENT_ID and ATLAS_CLIENT_SECRET.');
  process.exit(2);
}

/** One line for an error: name, code and what the API said; never a secret. */
export function describeError(e) {
  if (e && e.name === 'AtlasApiError') return `${e.name} ${e.status} ${e.errorCode}`;
  if (e && e.name === 'AtlasValidationError') return `${e.name}: ${e.issues.filter((i) => i.severity === 'error').map((i) => `${i.path} ${i.code}`).join(', ')}`;
  return e && e.name ? `${e.name} (${e.code ?? 'no code'}): ${e.message}` : String(e);
}
