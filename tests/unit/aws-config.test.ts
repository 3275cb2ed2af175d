import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createContext } from '../../electron/engine/context';
import type { AwsConfigFacts, AwsProfile } from '../../electron/engine/model';
import {
  helperProfile,
  probeAwsConfig,
  describeSourceChain,
  profileCredentialsUsable,
  sourceChainOf,
  validateIni,
} from '../../electron/engine/probes/aws-config';

// Real files in a temporary HOME. The key values below are AWS's documented examples
// (AKIAIOSFODNN7EXAMPLE / wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY), plus marker strings
// for the secret slots so a leak is easy to spot.

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const TOKEN = 'SESSIONTOKEN-MUST-NOT-LEAK-IQoJb3JpZ2luX2VjE';
const LEGACY_TOKEN = 'SECURITYTOKEN-MUST-NOT-LEAK';

let home: string;
beforeEach(async () => {
  home = await mkdtemp(path.join(os.tmpdir(), 'aws-config-probe-'));
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

async function writeAws(files: { config?: string; credentials?: string }) {
  await mkdir(path.join(home, '.aws'), { recursive: true });
  if (files.config !== undefined) await writeFile(path.join(home, '.aws', 'config'), files.config);
  if (files.credentials !== undefined)
    await writeFile(path.join(home, '.aws', 'credentials'), files.credentials);
}

// process.env.HOME is deliberately different from ctx.home: the probe must use ctx.home.
const ctxWith = (env: NodeJS.ProcessEnv = {}) =>
  createContext({ platform: 'linux', env: { HOME: '/nonexistent-home', ...env }, home, cwd: home });

const byName = (facts: AwsConfigFacts, name: string) => facts.profiles.find((p) => p.name === name);

describe('probeAwsConfig', () => {
  it('reports missing files without throwing', async () => {
    const facts = await probeAwsConfig(ctxWith());
    expect(facts).toEqual({
      configFile: path.join(home, '.aws', 'config'),
      credentialsFile: path.join(home, '.aws', 'credentials'),
      configFileExists: false,
      credentialsFileExists: false,
      profiles: [],
      envCredentials: false,
    });
  });

  it('merges config and credentials and classifies every credential kind', async () => {
    await writeAws({
      config: [
        '[default]',
        'region = us-east-1',
        'cli_auto_prompt = on',
        '',
        '[profile dev]',
        'region = eu-west-1',
        'endpoint_url = https://example.test',
        '',
        '[profile role]',
        'role_arn = arn:aws:iam::123456789012:role/Dev',
        'source_profile = dev',
        '',
        '[profile ec2role]',
        'role_arn = arn:aws:iam::123456789012:role/Dev',
        'credential_source = Ec2InstanceMetadata',
        '',
        '[profile legacy-sso]',
        'sso_start_url = https://my.awsapps.com/start',
        'sso_account_id = 123456789012',
        '',
        '[profile new-sso]',
        'sso_session = corp',
        'sso_account_id = 123456789012',
        'sso_role_name = Dev',
        '',
        '[sso-session corp]',
        'sso_start_url = https://my.awsapps.com/start',
        '',
        '[profile web]',
        'role_arn = arn:aws:iam::123456789012:role/Web',
        'web_identity_token_file = /var/run/token',
        '',
        '[profile proc]',
        'credential_process = /usr/local/bin/get-creds',
        '',
        '[profile empty]',
        'output = json',
        '',
        '[not-a-profile]',
        'region = ap-south-1',
        '',
      ].join('\n'),
      credentials: [
        '[default]',
        'aws_access_key_id = AKIAIOSFODNN7EXAMPLE',
        `aws_secret_access_key = ${SECRET}`,
        '',
        '[dev]',
        'AWS_ACCESS_KEY_ID = ASIAIOSFODNN7EXAMPLE',
        `AWS_Secret_Access_Key = ${SECRET}`,
        `aws_session_token = ${TOKEN}`,
        '',
        '[creds-only]',
        'aws_access_key_id = AKIAI44QH8DHBEXAMPLE',
        `aws_security_token = ${LEGACY_TOKEN}`,
        '',
      ].join('\n'),
    });
    const facts = await probeAwsConfig(ctxWith());
    expect(facts.configFileExists).toBe(true);
    expect(facts.credentialsFileExists).toBe(true);
    expect(facts.parseError).toBeUndefined();
    expect(facts.profiles.map((p) => p.name)).toEqual([
      'default',
      'dev',
      'role',
      'ec2role',
      'legacy-sso',
      'new-sso',
      'web',
      'proc',
      'empty',
      'creds-only',
    ]);
    expect(byName(facts, 'default')).toEqual({
      name: 'default',
      inConfig: true,
      inCredentials: true,
      region: 'us-east-1',
      credentialKind: 'static',
      accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      hasSecretKey: true,
      hasSessionToken: false,
      cliAutoPrompt: 'on',
    });
    expect(byName(facts, 'dev')).toMatchObject({
      region: 'eu-west-1',
      endpointUrl: 'https://example.test',
      credentialKind: 'static',
      accessKeyId: 'ASIAIOSFODNN7EXAMPLE',
      hasSecretKey: true,
      hasSessionToken: true,
    });
    expect(byName(facts, 'role')).toMatchObject({ credentialKind: 'assume-role', sourceProfile: 'dev' });
    expect(byName(facts, 'ec2role')?.credentialKind).toBe('assume-role');
    expect(byName(facts, 'legacy-sso')?.credentialKind).toBe('sso');
    expect(byName(facts, 'new-sso')).toMatchObject({ credentialKind: 'sso-session', ssoSession: 'corp' });
    expect(byName(facts, 'web')?.credentialKind).toBe('web-identity');
    expect(byName(facts, 'proc')?.credentialKind).toBe('credential-process');
    expect(byName(facts, 'empty')).toMatchObject({
      credentialKind: 'none',
      hasSecretKey: false,
      inCredentials: false,
    });
    expect(byName(facts, 'creds-only')).toMatchObject({
      inConfig: false,
      inCredentials: true,
      credentialKind: 'static',
      hasSecretKey: false,
      hasSessionToken: true,
    });

    const json = JSON.stringify(facts);
    for (const secret of [SECRET, TOKEN, LEGACY_TOKEN, 'wJalrXUtnFEMI', 'MUST-NOT-LEAK']) {
      expect(json).not.toContain(secret);
    }
  });

  it('never copies a secret value, whatever it looks like', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.stringMatching(/^[A-Za-z0-9/+]{12,40}$/),
        fc.stringMatching(/^[A-Za-z0-9/+=]{12,60}$/),
        async (secret, token) => {
          await writeAws({
            credentials: `[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = ${secret}\naws_session_token = ${token}\n`,
            config: `[default]\nregion = us-west-2\naws_secret_access_key = ${secret}\n`,
          });
          const json = JSON.stringify(await probeAwsConfig(ctxWith()));
          expect(json).not.toContain(secret);
          expect(json).not.toContain(token);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('uses AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE and reads the environment', async () => {
    const other = path.join(home, 'elsewhere');
    await mkdir(other);
    await writeFile(path.join(other, 'cfg'), '[profile ci]\nregion = ca-central-1\n');
    await writeFile(path.join(other, 'creds'), '[ci]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\n');
    await writeAws({ config: '[default]\nregion = us-east-1\n' });
    const facts = await probeAwsConfig(
      ctxWith({
        AWS_CONFIG_FILE: path.join(other, 'cfg'),
        AWS_SHARED_CREDENTIALS_FILE: '~/elsewhere/creds',
        AWS_PROFILE: 'ci',
        AWS_DEFAULT_PROFILE: 'ignored',
        AWS_DEFAULT_REGION: 'sa-east-1',
        AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
        AWS_SECRET_ACCESS_KEY: SECRET,
      }),
    );
    expect(facts.configFile).toBe(path.join(other, 'cfg'));
    expect(facts.credentialsFile).toBe(path.join(other, 'creds'));
    expect(facts.profiles.map((p) => p.name)).toEqual(['ci']);
    expect(byName(facts, 'ci')).toMatchObject({
      region: 'ca-central-1',
      inConfig: true,
      inCredentials: true,
    });
    expect(facts.envProfile).toBe('ci');
    expect(facts.envRegion).toBe('sa-east-1');
    expect(facts.envCredentials).toBe(true);
    expect(JSON.stringify(facts)).not.toContain(SECRET);

    const fallback = await probeAwsConfig(
      ctxWith({
        AWS_DEFAULT_PROFILE: 'old',
        AWS_REGION: 'eu-north-1',
        AWS_DEFAULT_REGION: 'x',
        AWS_ACCESS_KEY_ID: 'A',
      }),
    );
    expect(fallback.envProfile).toBe('old');
    expect(fallback.envRegion).toBe('eu-north-1');
    expect(fallback.envCredentials).toBe(false);
  });

  it('sees a file change on a second scan (no SDK cache)', async () => {
    await writeAws({ config: '[default]\nregion = us-east-1\n' });
    expect(byName(await probeAwsConfig(ctxWith()), 'default')?.region).toBe('us-east-1');
    await writeAws({ config: '[default]\nregion = eu-central-1\n' });
    expect(byName(await probeAwsConfig(ctxWith()), 'default')?.region).toBe('eu-central-1');
  });

  it('reports files the AWS CLI refuses, in plain words, without quoting their lines', async () => {
    await writeAws({
      config: '[default]\nregion = us-east-1\nthis line is garbage\n',
      credentials: `aws_secret_access_key = ${SECRET}\n[default]\n`,
    });
    const facts = await probeAwsConfig(ctxWith());
    expect(facts.configFileExists).toBe(true);
    expect(facts.parseError).toBe(
      `${path.join(home, '.aws', 'config')}: line 3 is neither a [section] header nor a "key = value" setting; ` +
        `${path.join(home, '.aws', 'credentials')}: line 1: a setting comes before any [section] header`,
    );
    expect(byName(facts, 'default')?.region).toBe('us-east-1');
    expect(JSON.stringify(facts)).not.toContain(SECRET);
  });

  it('a config path that is a directory fails the probe with what it is (the AWS checks then say "could not check")', async () => {
    await mkdir(path.join(home, '.aws', 'config'), { recursive: true });
    await expect(probeAwsConfig(ctxWith())).rejects.toThrow(
      `${path.join(home, '.aws', 'config')}: it is a folder, not a regular file`,
    );
  });
});

describe('validateIni (what botocore / configparser rejects, checked against aws 2.9.19)', () => {
  it.each([
    ['\ufeff[default]\nregion = a\n', /byte order mark/],
    ['[default]\nregion = a\n[default]\nregion = b\n', /line 3: the section \[default\] appears twice/],
    ['[default]\nregion = a\nRegion = b\n', /line 3: the key "region" appears twice/],
    ['region = a\n[default]\n', /line 1: a setting comes before any \[section\] header/],
    ['[default]\nthis is garbage\n', /line 2 is neither/],
    ['[default]\n= value\n', /line 2 is neither/],
    ['[default\nregion = a\n', /line 1: a setting comes before/],
    ['\u0000\u0001', /NUL/],
  ])('rejects %j', (text, message) => {
    expect(validateIni(text)).toMatch(message);
  });

  it.each([
    '',
    '# only a comment\n; another\n',
    '[default]\n  region = a\n',
    '[default]\nregion: a\ns3 =\n  max_concurrent_requests = 20\n  addressing_style = path\noutput = json\n',
    '[default]\r\nregion = a\r\n\r\n[profile x]\r\nregion = b\r\n',
  ])('accepts %j', (text) => {
    expect(validateIni(text)).toBeUndefined();
  });

  it('never throws', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => {
        const r = validateIni(s);
        expect(r === undefined || typeof r === 'string').toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('helperProfile and profileCredentialsUsable', () => {
  const profile = (p: Partial<AwsProfile> & { name: string }): AwsProfile => ({
    inConfig: true,
    inCredentials: false,
    credentialKind: 'none',
    hasSecretKey: false,
    hasSessionToken: false,
    ...p,
  });
  const facts = (profiles: AwsProfile[], extra: Partial<AwsConfigFacts> = {}): AwsConfigFacts => ({
    configFile: '/h/.aws/config',
    credentialsFile: '/h/.aws/credentials',
    configFileExists: true,
    credentialsFileExists: true,
    profiles,
    envCredentials: false,
    ...extra,
  });

  it('picks --profile, then the environment, then default', () => {
    expect(helperProfile('ci', facts([], { envProfile: 'env' }))).toEqual({ name: 'ci', source: 'helper' });
    expect(helperProfile(undefined, facts([], { envProfile: 'env' }))).toEqual({
      name: 'env',
      source: 'env',
    });
    expect(helperProfile(undefined, facts([]))).toEqual({ name: 'default', source: 'default' });
  });

  const staticOk = profile({
    name: 'base',
    credentialKind: 'static',
    accessKeyId: 'AKIAX',
    hasSecretKey: true,
  });
  const keyOnly = profile({ name: 'half', credentialKind: 'static', accessKeyId: 'AKIAX' });
  const role = profile({ name: 'role', credentialKind: 'assume-role', sourceProfile: 'base' });
  const roleToHalf = profile({ name: 'r2', credentialKind: 'assume-role', sourceProfile: 'half' });
  const roleMissing = profile({ name: 'r3', credentialKind: 'assume-role', sourceProfile: 'gone' });
  const loopA = profile({ name: 'a', credentialKind: 'assume-role', sourceProfile: 'b' });
  const loopB = profile({ name: 'b', credentialKind: 'assume-role', sourceProfile: 'a' });
  const sso = profile({ name: 'sso', credentialKind: 'sso-session', ssoSession: 'corp' });
  const none = profile({ name: 'none' });
  const all = facts([staticOk, keyOnly, role, roleToHalf, roleMissing, loopA, loopB, sso, none]);

  it('judges each kind of profile', () => {
    expect(profileCredentialsUsable(staticOk, all)).toBe(true);
    expect(profileCredentialsUsable(keyOnly, all)).toBe(false);
    expect(profileCredentialsUsable(role, all)).toBe(true);
    expect(profileCredentialsUsable(roleToHalf, all)).toBe(false);
    expect(profileCredentialsUsable(roleMissing, all)).toBe(false);
    expect(profileCredentialsUsable(loopA, all)).toBe(false);
    expect(profileCredentialsUsable(sso, all)).toBe(true);
    expect(profileCredentialsUsable(none, all)).toBe(false);
    expect(profileCredentialsUsable(undefined, all)).toBe(false);
  });

  it('counts environment credentials, except for a profile named with --profile', () => {
    const withEnv = { ...all, envCredentials: true };
    expect(profileCredentialsUsable(none, withEnv)).toBe(true);
    expect(profileCredentialsUsable(undefined, withEnv)).toBe(true);
    expect(profileCredentialsUsable(none, withEnv, { explicitProfile: true })).toBe(false);
    expect(profileCredentialsUsable(staticOk, withEnv, { explicitProfile: true })).toBe(true);
    // The source profile of a role never borrows the environment's keys.
    const roleToNone = profile({ name: 'r4', credentialKind: 'assume-role', sourceProfile: 'none' });
    expect(
      profileCredentialsUsable(roleToNone, { ...withEnv, profiles: [...all.profiles, roleToNone] }, {}),
    ).toBe(true);
    expect(
      profileCredentialsUsable(
        roleToNone,
        { ...withEnv, profiles: [...all.profiles, roleToNone] },
        { explicitProfile: true },
      ),
    ).toBe(false);
  });

  it('follows source_profile the way botocore does: loops and missing names break the chain', () => {
    // b names itself without static keys: botocore's InfiniteLoopConfigError, even one level down.
    const selfNoKeys = profile({ name: 'sb', credentialKind: 'assume-role', sourceProfile: 'sb' });
    const toSelfNoKeys = profile({ name: 'tsb', credentialKind: 'assume-role', sourceProfile: 'sb' });
    // A source with static keys AND a role: its keys win, the chain ends there.
    const keys = { accessKeyId: 'AKIAX', hasSecretKey: true };
    const keysAndRole = profile({ name: 'kr', credentialKind: 'assume-role', sourceProfile: 'a', ...keys });
    const toKeysAndRole = profile({ name: 'tkr', credentialKind: 'assume-role', sourceProfile: 'kr' });
    const selfWithKeys = profile({ name: 'sk', credentialKind: 'assume-role', sourceProfile: 'sk', ...keys });
    const f = facts([...all.profiles, selfNoKeys, toSelfNoKeys, keysAndRole, toKeysAndRole, selfWithKeys]);
    expect(sourceChainOf(loopA, f)).toEqual({ names: ['a', 'b', 'a'], broken: 'loop' });
    expect(sourceChainOf(roleMissing, f)).toEqual({ names: ['r3', 'gone'], broken: 'missing' });
    expect(sourceChainOf(toSelfNoKeys, f)).toEqual({ names: ['tsb', 'sb', 'sb'], broken: 'loop' });
    expect(sourceChainOf(toKeysAndRole, f)).toEqual({ names: ['tkr', 'kr'] });
    expect(sourceChainOf(selfWithKeys, f)).toEqual({ names: ['sk', 'sk'] });
    expect(sourceChainOf(staticOk, f)).toBeUndefined();
    expect(profileCredentialsUsable(toSelfNoKeys, f)).toBe(false);
    expect(profileCredentialsUsable(toKeysAndRole, f)).toBe(true);
    expect(profileCredentialsUsable(selfWithKeys, f)).toBe(true);
    expect(describeSourceChain({ names: ['a', 'b', 'a'], broken: 'loop' })).toBe('a → b → a (a loop)');
  });
});
