import { it } from 'vitest';
import { createFixSandbox } from '../support/fix-sandbox';
it('proto', async () => {
  const s = createFixSandbox({
    system: '[credential]\n\thelper = store\n',
    global: '[credential]\n\thelper = !aws codecommit credential-helper $@\n\tUseHttpPath = true\n',
  });
  const r = await s.scan({ kind: 'url', url: 'https://git-codecommit.us-east-1.amazonaws.com/v1/repos/r1' });
  for (const c of r.checks) console.log(c.id, c.status, c.message ?? '');
  for (const f of r.findings) console.log(f.code, f.severity, f.subject, JSON.stringify(f.fixes.map(x=>({id:x.id,steps:x.steps})),null,1));
  s.cleanup();
});
