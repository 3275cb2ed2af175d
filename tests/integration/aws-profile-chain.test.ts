import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../electron/engine/model';
import type { FixSandbox } from '../support/fix-sandbox';
import { sandboxPool } from '../support/sandbox-pool';

// source_profile chains (issue 10, item 18): a loop or a missing source profile is reported
// with the chain of names, and no profile whose own chain is broken is ever suggested
// (the failing profile itself least of all). Real AWS files, real git, an offline scan.

const URL = 'https://git-codecommit.us-east-2.amazonaws.com/v1/repos/demo';
const ROLE = 'role_arn = arn:aws:iam::123456789012:role/Dev';
const pool = sandboxPool();

function sandbox(profile: string, awsConfig: string, credentials = ''): FixSandbox {
  const b = pool.sandbox({
    global: `[credential]\n\thelper = !aws --profile ${profile} codecommit credential-helper $@\n\tUseHttpPath = true\n`,
  });
  writeFileSync(path.join(b.home, '.aws', 'config'), awsConfig);
  writeFileSync(path.join(b.home, '.aws', 'credentials'), credentials);
  return b;
}

function noCredentials(findings: Finding[]): Finding {
  const f = findings.find((x) => x.code === 'aws-profile-no-credentials');
  expect(f, 'aws-profile-no-credentials').toBeDefined();
  return f as Finding;
}

const suggestedProfiles = (f: Finding) =>
  f.fixes.map((o) => /:profile:(.+)$/.exec(o.id)?.[1]).filter((p): p is string => p !== undefined);

const STATIC =
  '[good]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = fixture-not-a-secret\n';

describe('source_profile chains', () => {
  it('a loop a → b → a: reported with the chain, and neither a nor b is suggested', async () => {
    const b = sandbox(
      'a',
      [
        '[profile a]',
        ROLE,
        'source_profile = b',
        '[profile b]',
        ROLE,
        'source_profile = a',
        '[profile c]',
        ROLE,
        'source_profile = a',
        '[profile good]',
        'region = us-east-2',
        '[profile viarole]',
        ROLE,
        'source_profile = good',
        '',
      ].join('\n'),
      STATIC,
    );
    const report = await b.scan({ kind: 'url', url: URL });
    const f = noCredentials(report.findings);
    expect(f.explanation).toContain('a → b → a');
    expect(f.evidence).toContainEqual({
      kind: 'text',
      label: 'source_profile chain',
      detail: 'a → b → a (a loop)',
    });
    expect(suggestedProfiles(f).sort()).toEqual(['good', 'viarole']);
  });

  it('a source_profile that does not exist: reported with the chain, never suggested', async () => {
    const b = sandbox(
      'a',
      ['[profile a]', ROLE, 'source_profile = gone', '[profile d]', ROLE, 'source_profile = gone', ''].join(
        '\n',
      ),
      STATIC,
    );
    const report = await b.scan({ kind: 'url', url: URL });
    const f = noCredentials(report.findings);
    expect(f.evidence).toContainEqual({
      kind: 'text',
      label: 'source_profile chain',
      detail: 'a → gone (no profile "gone" in your AWS files)',
    });
    expect(suggestedProfiles(f)).toEqual(['good']);
  });

  it('a profile that names itself with static keys is fine (botocore allows it)', async () => {
    const b = sandbox(
      'self',
      '[profile self]\nregion = us-east-2\n' + ROLE + '\nsource_profile = self\n',
      '[self]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = fixture-not-a-secret\n',
    );
    const report = await b.scan({ kind: 'url', url: URL });
    expect(report.findings.map((x) => x.code)).not.toContain('aws-profile-no-credentials');
  });
});
