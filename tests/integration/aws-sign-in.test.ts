import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { environmentSources } from '../../electron/engine/probes/aws-sign-in';
import { codesOf, makeSandbox, removeSandboxes, scanSandbox, type ScanSetup } from '../support/scan-sandbox';
import { credentialFill, SANDBOX_URL } from '../support/scan-sandbox';

// Issue 12 §2 causes 3 and 11: the ways people sign in to AWS today never read as "no
// credentials", and a sign-in that ran out is found offline, from the cache file alone, with the
// exact command that renews it. Real git and the real AWS CLI (/usr/bin/aws, 2.9.19 here).

afterAll(removeSandboxes);

const URL = SANDBOX_URL;
const HELPER = (profile?: string) =>
  `[credential]\n\thelper = !aws ${profile ? `--profile ${profile} ` : ''}codecommit credential-helper $@\n\tUseHttpPath = true\n`;
const sha1 = (s: string) => createHash('sha1').update(s).digest('hex');
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const HOUR = 3_600_000;
const at = (ms: number) => new Date(Date.now() + ms).toISOString().replace(/\.\d+Z$/, 'Z');

const SSO_SESSION =
  '[profile dev]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = Dev\nregion = us-east-2\n' +
  '[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\nsso_registration_scopes = sso:account:access\n';
const LEGACY_SSO =
  '[profile dev]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\nsso_account_id = 111122223333\nsso_role_name = Dev\nregion = us-east-2\n';
const LOGIN_ARN = 'arn:aws:signin:us-east-2:111122223333:session/alice';
const LOGIN = `[profile dev]\nlogin_session = ${LOGIN_ARN}\nregion = us-east-2\n`;

const ssoToken = (expiresAt: string, refresh = false) =>
  JSON.stringify({
    startUrl: 'https://corp.awsapps.com/start',
    region: 'us-east-1',
    accessToken: 'seeded-sso-access-token',
    expiresAt,
    ...(refresh
      ? {
          refreshToken: 'seeded-refresh',
          clientId: 'c',
          clientSecret: 's',
          registrationExpiresAt: at(30 * 24 * HOUR),
        }
      : {}),
  });
const loginToken = (expiresAt: string) =>
  JSON.stringify({
    accessToken: {
      accessKeyId: 'ASIAEXAMPLEEXAMPLE',
      secretAccessKey: 'seeded-secret',
      sessionToken: 'seeded-session',
      accountId: '111122223333',
      expiresAt,
    },
    clientId: 'arn:aws:signin:::devtools/same-device',
    dpopKey: '-----BEGIN EC PRIVATE KEY-----\n-----END EC PRIVATE KEY-----',
  });

const scan = (setup: ScanSetup) => scanSandbox(setup, { kind: 'url', url: URL });
const finding = (r: Awaited<ReturnType<typeof scan>>, code: string) =>
  r.findings.find((f) => f.code === code);

describe('a single sign-on or aws login that ran out is found offline', () => {
  it.each([
    ['sso-session', SSO_SESSION, `.aws/sso/cache/${sha1('corp')}.json`],
    ['legacy sso_start_url', LEGACY_SSO, `.aws/sso/cache/${sha1('https://corp.awsapps.com/start')}.json`],
  ])('%s: expired token → the exact aws sso login --profile', async (_, awsConfig, cache) => {
    const r = await scan({
      gitconfig: HELPER('dev'),
      awsConfig,
      files: { [cache]: ssoToken(at(-2 * HOUR)) },
    });
    expect(codesOf(r)).toEqual(['aws-sign-in-expired']);
    const f = finding(r, 'aws-sign-in-expired');
    expect(f?.explanation).toMatch(/ended at/);
    const offer = f?.fixes[0];
    expect(offer?.steps).toEqual([
      {
        type: 'command',
        argv: ['aws', 'sso', 'login', '--profile', 'dev'],
        admin: false,
        note: 'opens your browser to sign in',
      },
    ]);
    // The real AWS CLI helper fails the same way for git.
    const git = await credentialFill(r.sandbox);
    expect(git.code).not.toBe(0);
    expect(git.err).toMatch(/expired|refresh|SSO|log ?in/i);
  });

  it('an sso-session token that the AWS CLI can still refresh by itself is not called expired', async () => {
    const r = await scan({
      gitconfig: HELPER('dev'),
      awsConfig: SSO_SESSION,
      files: { [`.aws/sso/cache/${sha1('corp')}.json`]: ssoToken(at(-2 * HOUR), true) },
    });
    expect(codesOf(r)).toEqual([]);
  });

  it('an sso-session with a valid token: no problem, and the report says who signs', async () => {
    const r = await scan({
      gitconfig: HELPER('dev'),
      awsConfig: SSO_SESSION,
      files: { [`.aws/sso/cache/${sha1('corp')}.json`]: ssoToken(at(4 * HOUR)) },
    });
    expect(codesOf(r)).toEqual([]);
    expect(r.checks.find((c) => c.id === 'aws-profile')?.message).toMatch(
      /single sign-on \(sso-session "corp"\)/,
    );
  });

  it('aws login never signed in here → aws login --profile dev', async () => {
    const r = await scan({ gitconfig: HELPER('dev'), awsConfig: LOGIN, bin: { aws: fakeAws('2.32.3') } });
    expect(codesOf(r)).toEqual(['aws-sign-in-expired']);
    expect(finding(r, 'aws-sign-in-expired')?.fixes[0]?.steps[0]).toMatchObject({
      argv: ['aws', 'login', '--profile', 'dev'],
    });
  });

  it('aws login with a valid session and a new enough AWS CLI: signs, no "no credentials"', async () => {
    const r = await scan({
      gitconfig: HELPER('dev'),
      awsConfig: LOGIN,
      bin: { aws: fakeAws('2.32.3') },
      files: { [`.aws/login/cache/${sha256(LOGIN_ARN)}.json`]: loginToken(at(HOUR)) },
    });
    expect(codesOf(r)).toEqual([]);
    expect(r.checks.find((c) => c.id === 'aws-profile')?.message).toMatch(/aws login/);
  });

  it('aws login with the real AWS CLI 2.9.19: too old to know login_session (git fails too)', async () => {
    const r = await scan({
      gitconfig: HELPER('dev'),
      awsConfig: LOGIN,
      files: { [`.aws/login/cache/${sha256(LOGIN_ARN)}.json`]: loginToken(at(HOUR)) },
    });
    expect(codesOf(r)).toEqual(['aws-cli-too-old-for-sign-in']);
    expect(finding(r, 'aws-cli-too-old-for-sign-in')?.explanation).toMatch(
      /the AWS CLI git starts is 2\.9\.19/,
    );
    const git = await credentialFill(r.sandbox);
    expect(git.code).not.toBe(0);
  });
});

/** An `aws` that only answers --version (to stand in for a newer AWS CLI than this machine has). */
function fakeAws(version: string): string {
  return `#!/bin/sh\necho "aws-cli/${version} Python/3.13.7 Linux/6.1 exe/x86_64.debian.12"\n`;
}

describe('every credential source the AWS SDK chain knows counts', () => {
  const noFiles: Partial<ScanSetup> = { gitconfig: HELPER(), awsConfig: null, awsCredentials: null };

  it.each([
    [
      'an ECS task role',
      {
        AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '/v2/credentials/x',
        ECS_CONTAINER_METADATA_URI_V4: 'http://169.254.170.2/v4/x',
      },
      /ECS task role/,
    ],
    [
      'a CodeBuild role',
      { AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '/v2/credentials/x', CODEBUILD_BUILD_ID: 'proj:1' },
      /CodeBuild role/,
    ],
    [
      'EKS Pod Identity',
      {
        AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://169.254.170.23/v1/credentials',
        AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: '/x',
      },
      /EKS Pod Identity role/,
    ],
    [
      'web identity (AWS_ROLE_ARN)',
      { AWS_ROLE_ARN: 'arn:aws:iam::111122223333:role/ci', AWS_WEB_IDENTITY_TOKEN_FILE: '/var/run/token' },
      /web identity role/,
    ],
    [
      'environment keys',
      { AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE', AWS_SECRET_ACCESS_KEY: 'seeded' },
      /AWS_ACCESS_KEY_ID/,
    ],
  ])('%s with no ~/.aws at all: not "no credentials", and says who signs', async (_, env, who) => {
    const r = await scan({ ...noFiles, env });
    expect(codesOf(r)).not.toContain('aws-profile-no-credentials');
    expect(r.checks.find((c) => c.id === 'aws-profile')?.message).toMatch(who);
  });

  it('still "no credentials" when nothing at all signs (the control)', async () => {
    expect(codesOf(await scan(noFiles))).toContain('aws-profile-no-credentials');
  });

  it('credential_process and a role with credential_source count', async () => {
    for (const awsConfig of [
      '[profile dev]\ncredential_process = /opt/bin/get-creds\nregion = us-east-2\n',
      '[profile dev]\nrole_arn = arn:aws:iam::111122223333:role/dev\ncredential_source = Ec2InstanceMetadata\nregion = us-east-2\n',
    ]) {
      expect(codesOf(await scan({ gitconfig: HELPER('dev'), awsConfig }))).toEqual([]);
    }
  });

  it('an EC2 instance is recognised from its own files, as an assumption', async () => {
    const s = await makeSandbox({});
    const sys = path.join(s.home, 'sys');
    mkdirSync(path.join(sys, 'class', 'dmi', 'id'), { recursive: true });
    writeFileSync(path.join(sys, 'class', 'dmi', 'id', 'sys_vendor'), 'Amazon EC2\n');
    const on = await environmentSources({ ...s.ctx, env: { ...s.env, AWS_EC2_METADATA_DISABLED: '' } }, sys);
    expect(on.instance).toEqual({ assumed: true, why: `${sys}/class/dmi/id/sys_vendor says Amazon EC2` });
    // AWS_EC2_METADATA_DISABLED=true turns the instance role off for the SDK and the CLI alike.
    expect((await environmentSources(s.ctx, sys)).instance).toBeUndefined();
  });

  it('a role with mfa_serial used by the helper: its own finding, with the command that caches the session', async () => {
    const r = await scan({
      gitconfig: HELPER('dev'),
      awsConfig:
        '[profile dev]\nrole_arn = arn:aws:iam::111122223333:role/dev\nsource_profile = base\nmfa_serial = arn:aws:iam::111122223333:mfa/alice\nregion = us-east-2\n[profile base]\nregion = us-east-2\n',
      awsCredentials: '[base]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = seeded\n',
    });
    expect(codesOf(r)).toEqual(['aws-profile-mfa-prompt']);
    expect(finding(r, 'aws-profile-mfa-prompt')?.fixes[0]?.steps[0]).toMatchObject({
      argv: ['aws', 'sts', 'get-caller-identity', '--profile', 'dev'],
    });
  });
});
