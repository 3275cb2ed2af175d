import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createContext } from '../../electron/engine/context';
import { classifySshUser, probeSsh } from '../../electron/engine/probes/ssh';
import type { Runner } from '../../electron/engine/runner';

const fixtures = path.join(__dirname, '..', 'fixtures', 'ssh');
const HOST = 'git-codecommit.us-east-2.amazonaws.com';

let home: string;
let sshDir: string;
beforeEach(async () => {
  home = await mkdtemp(path.join(os.tmpdir(), 'ssh-probe-'));
  sshDir = path.join(home, '.ssh');
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

// Reading the settings file only: no ssh program here (ssh -G is ssh-client.test.ts's).
const noSsh: Runner = async (command, args) => ({
  command,
  args,
  exitCode: null,
  signal: null,
  stdout: '',
  stderr: '',
  timedOut: false,
  notFound: true,
  durationMs: 0,
});

const ctx = () =>
  createContext({
    platform: 'linux',
    env: { HOME: '/nonexistent-home', USER: 'dev' },
    home,
    cwd: '/work/repo',
    runner: noSsh,
  });

async function useConfig(fixture: string) {
  await mkdir(sshDir, { recursive: true });
  await copyFile(path.join(fixtures, fixture), path.join(sshDir, 'config'));
}

describe('probeSsh with real config samples', () => {
  it('reads the user guide set-up: key ID user and identity file', async () => {
    await useConfig('config.codecommit-user-guide.txt');
    await writeFile(path.join(sshDir, 'codecommit_rsa'), 'not a real key');
    const facts = await probeSsh(ctx(), [HOST, 'github.com']);
    expect(facts.configFile).toBe(path.join(sshDir, 'config'));
    expect(facts.configExists).toBe(true);
    expect(facts.parseError).toBeUndefined();
    expect(facts.hosts).toEqual([
      {
        hostname: HOST,
        matchedHosts: ['git-codecommit.*.amazonaws.com'],
        user: 'APKAEIBAERJR2EXAMPLE',
        identityFiles: [{ path: path.join(sshDir, 'codecommit_rsa'), exists: true }],
      },
      { hostname: 'github.com', matchedHosts: [], identityFiles: [] },
    ]);
  });

  it('keeps the value without trailing spaces and reports a missing identity file', async () => {
    await useConfig('config.truncated-key-id.trailing-spaces.txt');
    const facts = await probeSsh(ctx(), [HOST]);
    expect(facts.hosts[0]).toEqual({
      hostname: HOST,
      matchedHosts: ['git-codecommit.*.amazonaws.com'],
      user: 'APKAG4NQRHE3SUWI647',
      identityFiles: [{ path: path.join(sshDir, 'id_rsa'), exists: false }],
    });
    expect(classifySshUser(facts.hosts[0]?.user)).toBe('other');
  });

  it('finds the CodeCommit block among other vendors and leaves the others alone', async () => {
    await useConfig('config.multi-vendor.placeholder-user.txt');
    const facts = await probeSsh(ctx(), [HOST, 'github.com']);
    expect(facts.hosts[0]).toMatchObject({
      matchedHosts: ['git-codecommit.*.amazonaws.com'],
      user: '<INSERT STRING FROM AWS HERE>',
    });
    expect(facts.hosts[1]).toMatchObject({ matchedHosts: ['github.com'], user: 'git' });
    expect(classifySshUser(facts.hosts[0]?.user)).toBe('other');
  });

  it('reads a config with a comment and no indentation', async () => {
    await useConfig('config.apka-key-id.vi-blog.txt');
    const facts = await probeSsh(ctx(), ['GIT-CODECOMMIT.AP-SOUTHEAST-1.AMAZONAWS.COM']);
    expect(facts.hosts[0]).toMatchObject({
      hostname: 'GIT-CODECOMMIT.AP-SOUTHEAST-1.AMAZONAWS.COM',
      matchedHosts: ['git-codecommit.*.amazonaws.com'],
      user: 'APKA2TUMMYZVRRTWVD62',
    });
    expect(classifySshUser(facts.hosts[0]?.user)).toBe('ssh-key-id');
  });
});

describe('probeSsh behaviour', () => {
  it('says when there is no config, and still lists public keys', async () => {
    await mkdir(sshDir);
    await copyFile(path.join(fixtures, 'id_ed25519.pub.txt'), path.join(sshDir, 'id_ed25519.pub'));
    await copyFile(path.join(fixtures, 'codecommit_rsa.pub.txt'), path.join(sshDir, 'codecommit_rsa.pub'));
    await writeFile(
      path.join(sshDir, 'id_ed25519'),
      '-----BEGIN OPENSSH PRIVATE KEY-----\nPRIVATE-MUST-NOT-LEAK\n',
    );
    await writeFile(path.join(sshDir, 'putty.pub'), '---- BEGIN SSH2 PUBLIC KEY ----\nComment: "x"\nAAAA\n');
    await writeFile(path.join(sshDir, 'junk.pub'), 'hello\n');
    const facts = await probeSsh(ctx(), [HOST]);
    expect(facts.configExists).toBe(false);
    expect(facts.parseError).toBeUndefined();
    expect(facts.hosts).toEqual([{ hostname: HOST, matchedHosts: [], identityFiles: [] }]);
    expect(facts.publicKeys).toEqual([
      { path: path.join(sshDir, 'codecommit_rsa.pub'), type: 'ssh-rsa', comment: 'user-name@client-name' },
      { path: path.join(sshDir, 'id_ed25519.pub'), type: 'ssh-ed25519', comment: 'dev@laptop' },
      { path: path.join(sshDir, 'junk.pub'), type: 'unknown' },
      { path: path.join(sshDir, 'putty.pub'), type: 'rfc4716' },
    ]);
    expect(JSON.stringify(facts)).not.toContain('PRIVATE-MUST-NOT-LEAK');
  });

  it('returns empty facts when ~/.ssh does not exist', async () => {
    const facts = await probeSsh(ctx(), []);
    expect(facts).toEqual({
      configFile: path.join(sshDir, 'config'),
      configExists: false,
      hosts: [],
      publicKeys: [],
    });
  });

  it('follows ssh_config order, patterns, negation and case', async () => {
    await mkdir(sshDir);
    await writeFile(
      path.join(sshDir, 'config'),
      [
        'Host *.amazonaws.com !git-codecommit.eu-*.amazonaws.com',
        '  IdentityFile %d/.ssh/%u_%r_key',
        'Host Git-CodeCommit.* other',
        '  User APKAEIBAERJR2EXAMPLE',
        '  IdentityFile "~/.ssh/my key"',
        '  CanonicalizeHostName yes',
        '  CanonicalDomains example.invalid',
        'Match exec "touch /tmp/ssh-probe-must-not-run"',
        '  User AIDAJQABLZS4A3QDU576Q',
        'Host *',
        '  User AKIAIOSFODNN7EXAMPLE',
        '  IdentityFile relative/key',
      ].join('\n'),
    );
    await rm('/tmp/ssh-probe-must-not-run', { force: true });
    const facts = await probeSsh(ctx(), [HOST, 'git-codecommit.eu-west-1.amazonaws.com']);
    expect(facts.parseError).toBeUndefined();
    const [us, eu] = facts.hosts;
    expect(us?.matchedHosts).toEqual([
      '*.amazonaws.com !git-codecommit.eu-*.amazonaws.com',
      'Git-CodeCommit.* other',
      '*',
    ]);
    expect(us?.user).toBe('APKAEIBAERJR2EXAMPLE');
    expect(us?.identityFiles.map((f) => f.path)).toEqual([
      path.join(home, '.ssh', 'dev_APKAEIBAERJR2EXAMPLE_key'),
      path.join(home, '.ssh', 'my key'),
      '/work/repo/relative/key',
    ]);
    expect(eu?.matchedHosts).toEqual(['Git-CodeCommit.* other', '*']);
    await expect(readFile('/tmp/ssh-probe-must-not-run')).rejects.toThrow();
  });

  it('reports a config ssh cannot parse', async () => {
    await mkdir(sshDir);
    await writeFile(path.join(sshDir, 'config'), 'Host x\n  ProxyCommand "unterminated\n');
    const unterminated = await probeSsh(ctx(), [HOST]);
    expect(unterminated.configExists).toBe(true);
    expect(unterminated.parseError).toMatch(/could not be parsed/);
    expect(unterminated.hosts).toEqual([{ hostname: HOST, matchedHosts: [], identityFiles: [] }]);

    await writeFile(path.join(sshDir, 'config'), '{"not": "ssh config"}\n');
    expect((await probeSsh(ctx(), [HOST])).parseError).toMatch(/is not a configuration keyword/);

    await writeFile(path.join(sshDir, 'config'), Buffer.from([0x00, 0xff, 0x10, 0x41]));
    expect((await probeSsh(ctx(), [HOST])).parseError).toMatch(/NUL/);
  });

  it('never throws on arbitrary config text', async () => {
    await mkdir(sshDir);
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 200 }), async (text) => {
        await writeFile(path.join(sshDir, 'config'), text.replace(/exec/gi, 'x'));
        const facts = await probeSsh(ctx(), [HOST]);
        expect(facts.hosts).toHaveLength(1);
      }),
      { numRuns: 60 },
    );
  });
});

describe('classifySshUser', () => {
  it.each([
    [undefined, 'none'],
    ['', 'none'],
    ['APKAEIBAERJR2EXAMPLE', 'ssh-key-id'],
    ['APKA2TUMMYZVRRTWVD62', 'ssh-key-id'],
    ['APKAG4NQRHE3SUWI647', 'other'],
    ['AIDAJQABLZS4A3QDU576Q', 'iam-user-id'],
    ['AKIAIOSFODNN7EXAMPLE', 'access-key-id'],
    ['ASIAIOSFODNN7EXAMPLE', 'access-key-id'],
    ['git', 'other'],
    ['apkaeibaerjr2example', 'other'],
  ] as const)('%s → %s', (user, kind) => {
    expect(classifySshUser(user)).toBe(kind);
  });
});
