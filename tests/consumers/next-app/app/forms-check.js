'use client';
// A client component: atlas-integrations/forms, rendered on the server first (Node) and
// then in the browser, where the effect validates again.
import { useEffect, useState } from 'react';
import { validateBody } from 'atlas-integrations/forms';

const codes = () => validateBody({ type: 'SLACK' }, { flavour: 'atlasV2' }).map((i) => `${i.path}:${i.code}`);

export default function FormsCheck() {
  const [browser, setBrowser] = useState('pending');
  useEffect(() => setBrowser(JSON.stringify(codes())), []);
  return (
    <section>
      <pre id="forms-ssr">{JSON.stringify(codes())}</pre>
      <pre id="forms-browser">{browser}</pre>
    </section>
  );
}
