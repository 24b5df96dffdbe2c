import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(fileURLToPath(import.meta.url));

// The app's own folder is its root (the checkout around it has a lockfile of its own).
export default { turbopack: { root }, outputFileTracingRoot: root };
