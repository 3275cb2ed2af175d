import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetRoleCommand, SimulatePrincipalPolicyCommand } from '@aws-sdk/client-iam';
import { afterEach, describe, expect, it } from 'vitest';
import { clockOf, credentialProblem, identityOf } from '../../electron/engine/account/identity';
import { lookupFailure, pool } from '../../electron/engine/account/repository';
import { AccountSession, type ProfileSession } from '../../electron/engine/account/session';
import { decisionsOf, simulateGit } from '../../electron/engine/account/simulation';
import { planTargets } from '../../electron/engine/account/target-plans';
import { createContext } from '../../electron/engine/context';
import type { AccountIdentity, AwsConfigFacts, GitFacts } from '../../electron/engine/model';
import { parseConfigList } from '../../electron/engine/probes/git-config-parse';
import { resolveUrlTarget } from '../../electron/engine/targets';

// The pure pieces of the account phase, one question each: which profile and way of signing in a
// target uses, how a failed call reads, and what the answers mean.

const ACCOUNT = '111122223333';
const HOST = 'git-codecommit.us-east-1.amazonaws.com';

/** Git settings as `git config --list --show-origin --show-scope` prints them. */
function gitWith(lines: string[]): GitFacts {
  const config = parseConfigList(lines.map((l) => `global\tfile:/h/.gitconfig\t${l}`).join('\n'));
  return { executables: [], config, helperPrograms: {} };
}

function awsWith(
  profiles: { name: string; region?: string }[],
  env: Partial<AwsConfigFacts> = {},
): AwsConfigFacts {
  return {
    configFile: '/h/.aws/config',
    credentialsFile: '/h/.aws/credentials',
    configFileExists: true,
    credentialsFileExists: true,
    envCredentials: false,
    profiles: profiles.map((p) => ({
      ...p,
      inConfig: true,
      inCredentials: true,
      credentialKind: 'static',
      hasSecretKey: true,
      hasSessionToken: false,
    })),
    ...env,
  };
}

const targetsOf = (...urls: string[]) => urls.flatMap((u) => resolveUrlTarget(u).targets);
const awsError = (name: string, message = name) => Object.assign(new Error(message), { name });

describe('planTargets: the profile and way of signing in for each target', () => {
  it('the AWS helper with --profile names the profile explicitly; the region comes from the host', () => {
    const [plan] = planTargets({
      targets: targetsOf(`https://${HOST}/v1/repos/demo`),
      git: gitWith(['credential.helper=!aws codecommit credential-helper --profile work $@']),
      awsConfig: awsWith([{ name: 'work', region: 'eu-west-1' }], { envProfile: 'other' }),
    });
    expect(plan).toMatchObject({
      profile: 'work',
      source: 'helper',
      explicit: true,
      region: 'us-east-1',
      auth: 'aws-helper',
    });
  });

  it('the AWS helper without --profile takes AWS_PROFILE, which environment keys may override', () => {
    const [plan] = planTargets({
      targets: targetsOf(`https://${HOST}/v1/repos/demo`),
      git: gitWith(['credential.helper=!aws codecommit credential-helper $@']),
      awsConfig: awsWith([], { envProfile: 'dev' }),
    });
    expect(plan).toMatchObject({ profile: 'dev', source: 'env', explicit: false, auth: 'aws-helper' });
  });

  it('a storing helper answering first means static Git credentials; no helper at all means the AWS helper', () => {
    const url = `https://${HOST}/v1/repos/demo`;
    const stored = planTargets({
      targets: targetsOf(url),
      git: gitWith(['credential.helper=store']),
      awsConfig: awsWith([]),
    });
    expect(stored[0]).toMatchObject({ auth: 'git-credentials', profile: 'default', source: 'default' });
    const none = planTargets({ targets: targetsOf(url), git: gitWith([]), awsConfig: awsWith([]) });
    expect(none[0]?.auth).toBe('aws-helper');
    // A helper that stores nothing (a script of one's own) is no sign of static Git credentials.
    const script = planTargets({
      targets: targetsOf(url),
      git: gitWith(['credential.helper=!/opt/bin/token-helper']),
      awsConfig: awsWith([]),
    });
    expect(script[0]?.auth).toBe('aws-helper');
  });

  it('ssh signs with a key; codecommit://profile@repo names its profile, whose region counts', () => {
    const plans = planTargets({
      targets: targetsOf(`ssh://APKAEXAMPLE@${HOST}/v1/repos/demo`, 'codecommit://work@demo'),
      git: undefined,
      awsConfig: awsWith([{ name: 'work', region: 'ap-south-1' }], { envRegion: 'eu-north-1' }),
    });
    expect(plans.map((p) => [p.auth, p.profile, p.source, p.explicit, p.region])).toEqual([
      ['ssh', 'default', 'default', false, 'us-east-1'],
      ['remote-codecommit', 'work', 'url', true, 'ap-south-1'],
    ]);
  });

  it('without a region anywhere the environment region is used; unreadable AWS files leave it open', () => {
    const input = { targets: targetsOf('codecommit://demo'), git: undefined };
    expect(planTargets({ ...input, awsConfig: awsWith([], { envRegion: 'eu-north-1' }) })[0]?.region).toBe(
      'eu-north-1',
    );
    expect(planTargets({ ...input, awsConfig: undefined })[0]?.region).toBeUndefined();
  });

  it('skips targets that are not CodeCommit repositories', () => {
    const plans = planTargets({
      targets: targetsOf('https://github.com/o/r.git', `https://${HOST}/v1/repos/demo`),
      git: undefined,
      awsConfig: undefined,
    });
    expect(plans.map((p) => p.target.repo)).toEqual(['demo']);
  });
});

describe('identity', () => {
  it('a user keeps its ARN and names the user; an assumed role is evaluated as its role', () => {
    expect(
      identityOf({ Account: ACCOUNT, Arn: `arn:aws:iam::${ACCOUNT}:user/team/bob`, UserId: 'AIDA1' }),
    ).toEqual({
      account: ACCOUNT,
      arn: `arn:aws:iam::${ACCOUNT}:user/team/bob`,
      userId: 'AIDA1',
      principalArn: `arn:aws:iam::${ACCOUNT}:user/team/bob`,
      userName: 'bob',
    });
    const role = identityOf({ Account: ACCOUNT, Arn: `arn:aws:sts::${ACCOUNT}:assumed-role/Dev/alice` });
    expect(role.principalArn).toBe(`arn:aws:iam::${ACCOUNT}:role/Dev`);
    expect(role).not.toHaveProperty('userName');
  });

  it('the clock offset is local minus the reply Date; no or unreadable Date says nothing', () => {
    const now = () => new Date('2026-01-01T00:20:00Z');
    expect(clockOf('Thu, 01 Jan 2026 00:00:00 GMT', now)).toEqual({
      serverDate: '2026-01-01T00:00:00.000Z',
      clockSkewMs: 20 * 60_000,
    });
    expect(clockOf(undefined, now)).toEqual({});
    expect(clockOf('not a date', now)).toEqual({});
  });

  it('expired credentials: SSO ones come with the login command for that profile, others are temporary', () => {
    expect(credentialProblem(awsError('ExpiredToken'), 'work', 'sso-session')).toEqual({
      credentials: 'expired',
      expired: { kind: 'sso-token', loginCommand: ['aws', 'sso', 'login', '--profile', 'work'] },
      error: 'The temporary AWS credentials have expired.',
    });
    expect(credentialProblem(awsError('ExpiredTokenException'), 'default', 'sso').expired).toEqual({
      kind: 'sso-token',
      loginCommand: ['aws', 'sso', 'login'],
    });
    expect(credentialProblem(awsError('RequestExpired'), 'p', 'static').expired).toEqual({
      kind: 'temporary',
    });
  });

  it('a provider that cannot load credentials: an SSO refresh failure is an expired session, else none', () => {
    const refresh = awsError(
      'CredentialsProviderError',
      'Token is expired. To refresh this SSO session run aws sso login',
    );
    expect(credentialProblem(refresh, 'work', 'sso')).toMatchObject({
      credentials: 'expired',
      error: 'The single sign-on session has expired.',
    });
    expect(credentialProblem(refresh, 'work', 'assume-role')).toMatchObject({ credentials: 'none' });
    expect(
      credentialProblem(awsError('Error', 'Could not load credentials from any providers'), 'x', 'static'),
    ).toEqual({
      credentials: 'none',
      error:
        'The AWS SDK found no usable credentials for profile "x": Could not load credentials from any providers',
    });
  });

  it('an unknown key is invalid; anything else is a plain error', () => {
    expect(credentialProblem(awsError('InvalidClientTokenId'), 'p', 'static')).toMatchObject({
      credentials: 'invalid',
      error: expect.stringContaining('(InvalidClientTokenId)'),
    });
    expect(credentialProblem(awsError('ThrottlingException'), 'p', 'static')).toEqual({
      credentials: 'error',
      error: 'AWS is limiting how fast requests may be made (ThrottlingException); try again in a minute.',
    });
  });
});

describe('repository lookup', () => {
  it('tells a missing repository, a refused KMS key, a denial and no answer apart', () => {
    expect(lookupFailure(awsError('RepositoryDoesNotExistException'))).toEqual({ status: 'not-found' });
    expect(lookupFailure(awsError('EncryptionKeyAccessDeniedException', 'kms says no'))).toEqual({
      status: 'kms-denied',
      errorCode: 'EncryptionKeyAccessDeniedException',
      message: 'kms says no',
    });
    expect(lookupFailure(awsError('AccessDeniedException', 'not authorized to GetRepository'))).toEqual({
      status: 'access-denied',
      message: 'not authorized to GetRepository',
    });
    expect(lookupFailure(awsError('TimeoutError', 'socket timed out'))).toEqual({
      status: 'error',
      message: 'AWS did not answer in time (the request timed out).',
    });
  });

  it('pool keeps at most `limit` calls in flight and answers in the order asked', async () => {
    let inFlight = 0;
    let most = 0;
    const out = await pool([5, 1, 4, 2, 3, 0], 2, async (ms) => {
      most = Math.max(most, ++inFlight);
      await new Promise((r) => setTimeout(r, ms));
      inFlight--;
      return ms * 10;
    });
    expect(most).toBe(2);
    expect(out).toEqual([50, 10, 40, 20, 30, 0]);
  });
});

describe('policy simulation', () => {
  it('reads GitPull and GitPush decisions whatever the case of the action names, ignoring unknown decisions', () => {
    expect(
      decisionsOf([
        { EvalActionName: 'CodeCommit:GitPull', EvalDecision: 'allowed' },
        { EvalActionName: 'codecommit:gitpush', EvalDecision: 'explicitDeny' },
      ]),
    ).toEqual({ pull: 'allowed', push: 'explicitDeny' });
    expect(decisionsOf([{ EvalActionName: 'codecommit:GitPull', EvalDecision: 'weird' }])).toEqual({});
    expect(decisionsOf(undefined)).toEqual({});
  });

  describe('an assumed role with a path', () => {
    const homes: string[] = [];
    afterEach(() => {
      for (const h of homes.splice(0)) rmSync(h, { recursive: true, force: true });
    });

    it('is simulated as the exact role ARN from iam:GetRole, asked once per role for every profile', async () => {
      const home = mkdtempSync(join(tmpdir(), 'acct-sim-'));
      homes.push(home);
      const session = new AccountSession(createContext({ env: {}, home }), undefined);
      const sent: { name: string; input: unknown }[] = [];
      const iam = {
        send: async (cmd: GetRoleCommand | SimulatePrincipalPolicyCommand) => {
          sent.push({ name: cmd.constructor.name, input: cmd.input });
          if (cmd instanceof GetRoleCommand)
            return { Role: { Arn: `arn:aws:iam::${ACCOUNT}:role/team/Dev` } };
          return { EvaluationResults: [{ EvalActionName: 'codecommit:GitPull', EvalDecision: 'allowed' }] };
        },
      };
      session.iam = () => iam as never;
      const profile = (name: string): ProfileSession => {
        const facts = {
          session: name,
          profile: name,
          source: 'default',
          region: 'us-east-1',
          credentials: 'ok',
          endpoints: {},
        } as const;
        return {
          key: name,
          facts: { ...facts, endpoints: {} },
          ready: Promise.resolve({ ...facts, endpoints: {} }),
        };
      };
      const idOf = (who: string): AccountIdentity =>
        identityOf({ Account: ACCOUNT, Arn: `arn:aws:sts::${ACCOUNT}:assumed-role/Dev/${who}` });
      const [a, b] = [idOf('alice'), idOf('bob')];
      const repo = `arn:aws:codecommit:us-east-1:${ACCOUNT}:demo`;
      const sims = await Promise.all([
        simulateGit(session, profile('one'), a, repo),
        simulateGit(session, profile('two'), b, repo),
      ]);
      // One profile asks after the other's answer: still no second GetRole.
      const later = await simulateGit(session, profile('three'), idOf('carol'), repo);
      const exact = `arn:aws:iam::${ACCOUNT}:role/team/Dev`;
      expect([...sims, later].map((s) => s.policySourceArn)).toEqual([exact, exact, exact]);
      expect(sent.filter((c) => c.name === 'GetRoleCommand')).toEqual([
        { name: 'GetRoleCommand', input: { RoleName: 'Dev' } },
      ]);
      expect(sent.filter((c) => c.name === 'SimulatePrincipalPolicyCommand').map((c) => c.input)).toEqual(
        Array(3).fill({
          PolicySourceArn: exact,
          ActionNames: ['codecommit:GitPull', 'codecommit:GitPush'],
          ResourceArns: [repo],
        }),
      );
    });
  });
});
