import { afterAll, describe, expect, it } from 'vitest';
import { codesOf, removeSandboxes, scanSandbox, type ScanSetup } from '../support/scan-sandbox';
import { credentialFill, SANDBOX_URL } from '../support/scan-sandbox';

// Issue 12 §2 cause 1: an `aws` that is there but cannot start. Real files, real git: git's
// helper shell meets the same refusal the doctor names (it used to say "could not check").

afterAll(removeSandboxes);

const URL = SANDBOX_URL;
const AWS_GUIDE = '[credential]\n\thelper = !aws codecommit credential-helper $@\n\tUseHttpPath = true\n';
// Only the sandbox's bin on PATH (with git in it), so no working aws can be found elsewhere.
const onlyBin = (extra: ScanSetup): ScanSetup => ({
  gitconfig: AWS_GUIDE,
  path: [],
  ...extra,
  links: { git: '/usr/bin/git', ...extra.links },
});

const CASES: [string, ScanSetup, RegExp, RegExp][] = [
  [
    'a pip script whose Python is gone',
    onlyBin({ bin: { aws: '#!/nonexistent/python3.8\nimport awscli\n' } }),
    /starts \/nonexistent\/python3\.8, which is not there/,
    /aws: (not found|.*bad interpreter)/,
  ],
  [
    'a file without the execute bit',
    onlyBin({ bin: { aws: { text: '#!/bin/sh\nexit 0\n', mode: 0o644 } } }),
    /no execute permission/,
    /aws: (Permission denied|not found)/,
  ],
  [
    'a link whose target was removed',
    onlyBin({ links: { aws: '/nonexistent/aws-cli/v2/current/bin/aws' } }),
    /is a link to \/nonexistent\/aws-cli\/v2\/current\/bin\/aws, which does not exist/,
    /aws: not found/,
  ],
];

describe('an aws that exists but cannot start', () => {
  it.each(CASES)('%s: a problem naming the reason and the way out', async (_, setup, why, gitSays) => {
    const r = await scanSandbox(setup, { kind: 'url', url: URL });
    // git itself: the helper cannot start, so git gets no password.
    const fill = await credentialFill(r.sandbox);
    expect(fill.code).not.toBe(0);
    expect(fill.err).toMatch(gitSays);

    const check = r.checks.find((c) => c.id === 'aws-cli');
    expect(check?.status).toBe('fail');
    expect(codesOf(r)).toContain('aws-cli-cannot-start');
    expect(codesOf(r)).not.toContain('aws-cli-not-found');
    const f = r.findings.find((x) => x.code === 'aws-cli-cannot-start');
    expect(f?.explanation).toMatch(why);
    expect(f?.plain).toBeTruthy();
    // A concrete way out: repair or reinstall (nothing else works here, so no helper rewrite).
    expect(f?.fixes.map((o) => o.id)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^aws-cli-cannot-start:(chmod|reinstall)$/)]),
    );
  });

  it('points the helper at a working aws when there is one, never at the broken file', async () => {
    // Not on PATH, but where the Debian package puts it: the plan names it by its full path.
    const r = await scanSandbox(onlyBin({ bin: { aws: '#!/nonexistent/python3.8\n' } }), {
      kind: 'url',
      url: URL,
    });
    const f = r.findings.find((x) => x.code === 'aws-cli-cannot-start');
    const point = f?.fixes.find((o) => o.id.startsWith('aws-cli-cannot-start:scoped-section'));
    const helpers = point?.steps.flatMap((s) => (s.type === 'git-config' ? [s.value ?? ''] : []));
    expect(helpers).toContain('!"/usr/bin/aws" codecommit credential-helper $@');
    expect(JSON.stringify(f?.fixes)).not.toContain(`${r.sandbox.bin}/aws"`);
  });
});
