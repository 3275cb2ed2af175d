import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { endpointFor, iamRegion, partitionOf } from '../../electron/engine/account/aws-clients';
import { ssoLoginCommand, ssoTokenExpired } from '../../electron/engine/account/credentials';
import { minimalGitPolicy, principalOf, userNameOf } from '../../electron/engine/account/policy';
import { rsaFingerprint } from '../../electron/engine/account/ssh-keys';
import { editSshConfig } from '../../electron/engine/fixes/account-apply';
import { urlInRegion } from '../../electron/engine/checks/account-plans';
import { createContext } from '../../electron/engine/context';
import { resolveUrlTarget } from '../../electron/engine/targets';

describe('endpoints and partitions', () => {
  it('per-service variable, then AWS_ENDPOINT_URL, then the profile; the ignore switch wins', () => {
    const env = { AWS_ENDPOINT_URL: 'http://all', AWS_ENDPOINT_URL_IAM: 'http://iam' };
    expect(endpointFor(env, 'iam', 'http://profile')).toBe('http://iam');
    expect(endpointFor(env, 'sts', 'http://profile')).toBe('http://all');
    expect(endpointFor({}, 'codecommit', 'http://profile')).toBe('http://profile');
    expect(endpointFor({}, 'codecommit')).toBeUndefined();
    expect(
      endpointFor({ ...env, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' }, 'iam', 'http://p'),
    ).toBeUndefined();
  });
  it('IAM signs in the partition home region', () => {
    expect(iamRegion(partitionOf('eu-west-1'))).toBe('us-east-1');
    expect(iamRegion(partitionOf('cn-northwest-1'))).toBe('cn-north-1');
    expect(iamRegion(partitionOf('us-gov-east-1'))).toBe('us-gov-west-1');
  });
});

describe('identities and policy', () => {
  it('maps an assumed-role session to its role, keeps users', () => {
    expect(principalOf('arn:aws:sts::111122223333:assumed-role/Dev/alice')).toBe(
      'arn:aws:iam::111122223333:role/Dev',
    );
    expect(
      principalOf('arn:aws-cn:sts::111122223333:assumed-role/R/s', 'arn:aws-cn:iam::111122223333:role/p/R'),
    ).toBe('arn:aws-cn:iam::111122223333:role/p/R');
    expect(principalOf('arn:aws:iam::111122223333:user/a')).toBe('arn:aws:iam::111122223333:user/a');
    expect(userNameOf('arn:aws:iam::111122223333:user/team/bob')).toBe('bob');
    expect(userNameOf('arn:aws:sts::111122223333:assumed-role/Dev/alice')).toBeUndefined();
  });
  it('the minimal policy names only the repository and the denied actions', () => {
    const p = JSON.parse(
      minimalGitPolicy('arn:aws:codecommit:us-east-1:111122223333:demo', ['codecommit:GitPull']),
    );
    expect(p).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: 'codecommit:GitPull',
          Resource: 'arn:aws:codecommit:us-east-1:111122223333:demo',
        },
      ],
    });
  });
});

describe('SSO', () => {
  it('login command and token cache expiry from <home>/.aws/sso/cache', async () => {
    expect(ssoLoginCommand('default')).toEqual(['aws', 'sso', 'login']);
    expect(ssoLoginCommand('work')).toEqual(['aws', 'sso', 'login', '--profile', 'work']);
    const home = mkdtempSync(join(tmpdir(), 'acct-sso-'));
    try {
      const ctx = createContext({ env: {}, home, now: () => new Date('2026-01-01T00:00:00Z') });
      expect(await ssoTokenExpired(ctx, 'corp')).toBe('missing');
      const dir = join(home, '.aws', 'sso', 'cache');
      mkdirSync(dir, { recursive: true });
      const name = createHash('sha1').update('corp').digest('hex');
      writeFileSync(join(dir, `${name}.json`), JSON.stringify({ expiresAt: '2025-12-31T23:00:00Z' }));
      expect(await ssoTokenExpired(ctx, 'corp')).toBe('expired');
      writeFileSync(join(dir, `${name}.json`), JSON.stringify({ expiresAt: '2026-01-01T08:00:00Z' }));
      expect(await ssoTokenExpired(ctx, 'corp')).toBe('valid');
      writeFileSync(join(dir, `${name}.json`), 'garbage{');
      expect(await ssoTokenExpired(ctx, 'corp')).toBe('missing');
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});

describe('SSH', () => {
  it('MD5 fingerprint equals ssh-keygen -l -E md5 (real ssh-keygen here)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'acct-key-'));
    try {
      execFileSync('ssh-keygen', [
        '-q',
        '-t',
        'rsa',
        '-b',
        '2048',
        '-N',
        '',
        '-f',
        join(dir, 'k'),
        '-C',
        'x',
      ]);
      const out = execFileSync('ssh-keygen', ['-l', '-E', 'md5', '-f', join(dir, 'k.pub')]).toString();
      const expected = /MD5:([0-9a-f:]+)/.exec(out)?.[1];
      expect(rsaFingerprint(readFileSync(join(dir, 'k.pub'), 'utf8'))).toBe(expected);
      expect(rsaFingerprint('ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIG x')).toBeNull();
      expect(rsaFingerprint('garbage')).toBeNull();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('edits the existing block in place, or adds one before the first Host', () => {
    const existing =
      '# top\nHost git-codecommit.*.amazonaws.com\n  User OLD\n  HostKeyAlgorithms +ssh-rsa\n\nHost *\n  User me\n';
    const edited = editSshConfig(
      existing,
      'git-codecommit.*.amazonaws.com',
      'APKAAAAAAAAAAAAAAAAA',
      '/h/.ssh/k',
    );
    expect(edited).toContain('User APKAAAAAAAAAAAAAAAAA');
    expect(edited).toContain('HostKeyAlgorithms +ssh-rsa');
    expect(edited).toContain('IdentityFile /h/.ssh/k');
    expect(edited).not.toContain('User OLD');
    const fresh = editSshConfig(
      'Host *\n  User me\n',
      'git-codecommit.*.amazonaws.com',
      'APKAAAAAAAAAAAAAAAAA',
      '/k',
    );
    expect(fresh.indexOf('git-codecommit')).toBeLessThan(fresh.indexOf('Host *'));
  });
});

describe('urlInRegion', () => {
  it('changes only the region in the host', () => {
    const url = 'https://git-codecommit.us-east-1.amazonaws.com:8443/v1/repos/demo';
    const t = resolveUrlTarget(url).targets[0]!;
    expect(urlInRegion(url, t, 'eu-west-1')).toBe(
      'https://git-codecommit.eu-west-1.amazonaws.com:8443/v1/repos/demo',
    );
    expect(urlInRegion(url, t, 'cn-north-1')).toBe(
      'https://git-codecommit.cn-north-1.amazonaws.com.cn:8443/v1/repos/demo',
    );
  });
});
