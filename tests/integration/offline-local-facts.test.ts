import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { EngineContext } from '../../electron/engine/context';
import type { ScanReport } from '../../electron/engine/model';
import type { Runner } from '../../electron/engine/runner';
import { runScan } from '../../electron/engine/scan';
import { createFixSandbox, type FixSandbox } from '../support/fix-sandbox';
import { startHttpStub, type StubServer } from '../support/http-stub';

// --offline means "do not contact AWS or the repository", not "skip local facts": an expired
// single sign-on session (~/.aws/sso/cache) and expired temporary keys in the environment
// are still found, and every check that did not run says why — never "not needed".

const URL = 'https://git-codecommit.us-east-1.amazonaws.com/v1/repos/demo';
const GUIDE = '[credential]\n\thelper = !aws codecommit credential-helper $@\n\tUseHttpPath = true\n';

let aws: StubServer;
const sandboxes: FixSandbox[] = [];

beforeAll(async () => {
  // Where every AWS call of the scan would go: it must receive none.
  aws = await startHttpStub({ handler: () => ({ status: 500 }) });
});
afterAll(async () => {
  await aws?.close();
});
afterEach(() => {
  while (sandboxes.length) sandboxes.pop()?.cleanup();
});

function ssoSandbox(expiresAt: string): FixSandbox {
  const sb = createFixSandbox({ global: GUIDE, env: { AWS_PROFILE: 'work', AWS_ENDPOINT_URL: aws.origin } });
  sandboxes.push(sb);
  writeFileSync(
    path.join(sb.home, '.aws', 'config'),
    '[profile work]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = Dev\nregion = us-east-1\n\n' +
      '[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n',
  );
  const cache = path.join(sb.home, '.aws', 'sso', 'cache');
  mkdirSync(cache, { recursive: true });
  // The CLI's cache file name: sha1 of the sso-session name.
  writeFileSync(
    path.join(cache, `${createHash('sha1').update('corp').digest('hex')}.json`),
    JSON.stringify({ accessToken: 'SEEDED-SSO-TOKEN-xyz', expiresAt }),
  );
  return sb;
}

/** An offline scan, with every program it runs recorded. */
async function offlineScan(ctx: EngineContext): Promise<{ report: ScanReport; ran: string[] }> {
  const ran: string[] = [];
  const runner: Runner = (command, args, options) => {
    ran.push([command, ...args].join(' '));
    return ctx.runner(command, args, options);
  };
  const report = await runScan({ ...ctx, runner }, { target: { kind: 'url', url: URL }, offline: true });
  return { report, ran };
}

const accountChecks = (r: ScanReport) => r.checks.filter((c) => c.id.startsWith('account-'));

describe('--offline still reads what needs no network', () => {
  it('an expired SSO session: aws-sign-in-expired with the exact aws sso login, AWS and the repository untouched', async () => {
    const sb = ssoSandbox('2020-01-01T00:00:00Z');
    const { report, ran } = await offlineScan(sb.ctx);
    // Found once, from the files, by the sign-in check (issue 12 §2 cause 3); not again by account-identity.
    const f = report.findings.find((x) => x.code === 'aws-sign-in-expired');
    expect(f?.fixes[0]?.title).toBe('Sign in again: aws sso login --profile work');
    expect(report.checks.find((c) => c.id === 'aws-sign-in')?.status).toBe('fail');
    expect(report.findings.filter((x) => x.code === 'aws-credentials-expired')).toEqual([]);
    expect(aws.requests).toEqual([]);
    expect(ran.filter((c) => /^git (?:.* )?ls-remote -- /.test(c))).toEqual([]);
    expect(report.live).toMatchObject({
      tried: false,
      reason: '--offline: the repository was not contacted',
    });
    expect(JSON.stringify(report)).not.toContain('SEEDED-SSO-TOKEN');
    // The checks that need AWS did not run, and say so.
    for (const c of accountChecks(report).filter((x) => x.id !== 'account-identity'))
      expect(c, c.id).toMatchObject({
        status: 'skipped',
        needed: true,
        message: '--offline: AWS was not contacted',
      });
  });

  it('a valid SSO session: nothing found, and the sign-in check says it was not run (not "not needed")', async () => {
    const sb = ssoSandbox('2999-01-01T00:00:00Z');
    const { report } = await offlineScan(sb.ctx);
    expect(report.findings).toEqual([]);
    expect(report.checks.find((c) => c.id === 'account-identity')).toMatchObject({
      status: 'skipped',
      needed: true,
      message: '--offline: AWS was not contacted (no expired sign-in found in the files)',
    });
    expect(aws.requests).toEqual([]);
  });

  it('temporary keys in the environment past AWS_CREDENTIAL_EXPIRATION: aws-credentials-expired', async () => {
    const sb = createFixSandbox({
      global: GUIDE,
      env: {
        AWS_ACCESS_KEY_ID: 'ASIAZZEXAMPLEOFFLINE1',
        AWS_SECRET_ACCESS_KEY: 'offline-test-not-a-secret',
        AWS_SESSION_TOKEN: 'offline-test-token',
        AWS_CREDENTIAL_EXPIRATION: '2021-06-01T12:00:00Z',
        AWS_ENDPOINT_URL: aws.origin,
      },
    });
    sandboxes.push(sb);
    const { report } = await offlineScan(sb.ctx);
    const f = report.findings.find((x) => x.code === 'aws-credentials-expired');
    expect(f?.explanation).toContain('expired at 2021-06-01T12:00:00.000Z (AWS_CREDENTIAL_EXPIRATION)');
    expect(aws.requests).toEqual([]);
  });
});
