import { spawnSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanReport } from '../../electron/engine/model';
import { ensureCliBuilt, runCli } from '../support/cli-run';
import { AWS_V2_VERSION, createFixSandbox, writeExecutable, type FixSandbox } from '../support/fix-sandbox';
import { ensureGitCredentialLibsecret } from '../support/libsecret-helper';
import { startSecretService, type SecretService } from '../support/secret-service';

// The worst bug this product can have is deleting someone's GitHub password. Here a GitHub
// credential sits in every real Linux store — the credential-store file, the Secret Service
// (gnome-keyring through git-credential-libsecret) and a credential-cache daemon — next to
// stale CodeCommit ones, and `fix --yes` runs through the built CLI. GitHub must still be
// answered by each store afterwards; the CodeCommit entries the doctor can list must be gone.

const URL = 'https://git-codecommit.us-east-2.amazonaws.com/v1/repos/demo';
const CC_HOST = 'git-codecommit.us-east-2.amazonaws.com';
const CC_PATH = 'v1/repos/demo';
const STORES = ['store', 'cache', 'libsecret'] as const;
type Store = (typeof STORES)[number];

let ss: SecretService;
let sb: FixSandbox;
let env: Record<string, string>;
let socket: string;
let libsecretHelper: string;
let storeFile: string;

const helperFor = (s: Store): string =>
  s === 'store' ? 'store' : s === 'cache' ? `cache --socket ${socket}` : libsecretHelper;

/** git credential with exactly one helper (the empty value resets the configured list first). */
function credential(store: Store, action: 'approve' | 'fill', input: string) {
  return spawnSync(
    'git',
    ['-c', 'credential.helper=', '-c', `credential.helper=${helperFor(store)}`, 'credential', action],
    { env: { ...env, GIT_TERMINAL_PROMPT: '0', GIT_ASKPASS: '' }, input, encoding: 'utf8', timeout: 15_000 },
  );
}

const github = (s: Store) => ({ user: `gh-user-${s}`, password: `gh-token-${s}` });
const stale = (s: Store) => ({ user: `stale-${s}`, password: `stale-pass-${s}` });

beforeAll(async () => {
  [libsecretHelper, ss] = await Promise.all([
    ensureGitCredentialLibsecret(),
    startSecretService(),
    ensureCliBuilt(),
  ]).then(([h, s]) => [h, s] as const);
  sb = createFixSandbox();
  // An `aws` whose credential helper signs a fresh password, so a real `git credential fill`
  // shows which helper answers CodeCommit first.
  writeExecutable(
    path.join(sb.bin, 'aws'),
    [
      '#!/bin/sh',
      `if [ "$1" = --version ]; then printf '%s' '${AWS_V2_VERSION.trim()}'; exit 0; fi`,
      'if [ "$1 $2 $3" = "codecommit credential-helper get" ]; then printf "username=signed-user\\npassword=signed-fresh\\n"; fi',
      'exit 0',
      '',
    ].join('\n'),
  );
  socket = path.join(sb.root, 'cache-socket');
  storeFile = path.join(sb.home, '.git-credentials');
  // Every store a Linux user might have, ahead of the AWS helper: any of them would answer
  // CodeCommit with the stale password first.
  writeFileSync(
    sb.globalFile,
    [
      '[credential]',
      '\thelper = store',
      `\thelper = cache --socket ${socket}`,
      `\thelper = ${libsecretHelper}`,
      '\thelper = !aws codecommit credential-helper $@',
      '\tUseHttpPath = true',
      '',
    ].join('\n'),
  );
  env = { ...sb.env, DBUS_SESSION_BUS_ADDRESS: ss.env.DBUS_SESSION_BUS_ADDRESS as string };
  for (const s of STORES) {
    // The CodeCommit ones carry the repository path, as git saves them under UseHttpPath.
    for (const [host, c] of [
      ['github.com', github(s)],
      [`${CC_HOST}\npath=${CC_PATH}`, stale(s)],
    ] as const) {
      const r = credential(
        s,
        'approve',
        `protocol=https\nhost=${host}\nusername=${c.user}\npassword=${c.password}\n\n`,
      );
      expect(r.status, `${s} approve ${host}: ${r.stderr}`).toBe(0);
    }
  }
}, 180_000);

afterAll(async () => {
  if (socket) spawnSync('git', ['credential-cache', 'exit', '--socket', socket], { env, timeout: 10_000 });
  await ss?.stop();
  sb?.cleanup();
});

function fill(s: Store, host: string, urlPath?: string) {
  return credential(s, 'fill', `protocol=https\nhost=${host}\n${urlPath ? `path=${urlPath}\n` : ''}\n`);
}

/** What git hands over for the clone URL with the helpers as configured (no -c override). */
function fillConfigured(url: string) {
  return spawnSync('git', ['credential', 'fill'], {
    env: { ...env, GIT_TERMINAL_PROMPT: '0', GIT_ASKPASS: '' },
    input: `url=${url}\n\n`,
    encoding: 'utf8',
    timeout: 15_000,
  });
}

describe('fix --yes with GitHub and stale CodeCommit credentials in every real store', () => {
  it('every store answers for both hosts before the fix (the test can fail)', () => {
    for (const s of STORES) {
      expect(fill(s, 'github.com').stdout, s).toContain(`password=${github(s).password}`);
      expect(fill(s, CC_HOST, CC_PATH).stdout, s).toContain(`password=${stale(s).password}`);
    }
    expect(readFileSync(storeFile, 'utf8')).toContain(CC_HOST);
    // As configured, the store answers CodeCommit with its stale password before the AWS helper.
    expect(fillConfigured(URL).stdout).toContain(`password=${stale('store').password}`);
  });

  it('diagnose sees the CodeCommit entries in the store file and libsecret, never GitHub', async () => {
    const r = await runCli(['diagnose', '--repo', URL, '--offline', '--json'], env);
    const report = JSON.parse(r.stdout) as ScanReport;
    const cached = report.findings.filter((f) => f.code === 'cached-codecommit-credentials');
    const evidence = JSON.stringify(cached.map((f) => f.evidence));
    expect(evidence).toContain('stale-store');
    expect(evidence).toContain('stale-libsecret');
    expect(r.stdout).not.toContain('github.com');
    expect(r.stdout).not.toContain('gh-user');
    for (const s of STORES) {
      expect(r.stdout).not.toContain(github(s).password);
      expect(r.stdout).not.toContain(stale(s).password);
    }
  }, 30_000);

  it('after fix --yes --no-verify: GitHub survives in each store; CodeCommit is gone from the file and libsecret', async () => {
    const githubLine = readFileSync(storeFile, 'utf8')
      .split('\n')
      .filter((l) => l.includes('github.com'));
    expect(githubLine).toHaveLength(1);

    const r = await runCli(['fix', '--repo', URL, '--yes', '--no-verify', '--offline'], env, {
      timeoutMs: 45_000,
    });
    expect(r.stderr).not.toMatch(/^\s+at .+[(:]\d+/m);
    expect(r.stdout).toMatch(/Delete 2 saved passwords for git-codecommit\.us-east-2\.amazonaws\.com/);
    expect(r.stdout).not.toMatch(/^ +✗ |Not applied/m);
    expect(r.stdout).toMatch(
      /After the fixes: Nothing wrong found in this computer.s settings — the clone itself was not tried/,
    );
    expect(r.stdout).not.toContain('github.com');

    for (const s of STORES) {
      const gh = fill(s, 'github.com');
      expect(gh.status, `${s}: ${gh.stderr}`).toBe(0);
      expect(gh.stdout, s).toContain(`username=${github(s).user}`);
      expect(gh.stdout, s).toContain(`password=${github(s).password}`);
    }
    // The store file: only the GitHub line is left, unchanged, still private.
    expect(readFileSync(storeFile, 'utf8')).toBe(`${githubLine[0]}\n`);
    expect(statSync(storeFile).mode & 0o777).toBe(0o600);
    for (const s of ['store', 'libsecret'] as const) {
      const cc = fill(s, CC_HOST, CC_PATH);
      expect(cc.status, s).not.toBe(0);
      expect(cc.stdout, s).not.toContain(stale(s).password);
    }

    // The cache daemon cannot be listed, so its stale entry may still be there — but git no
    // longer asks it (or any other store) for CodeCommit: the AWS helper answers first.
    const configured = fillConfigured(URL);
    expect(configured.status, configured.stderr).toBe(0);
    expect(configured.stdout).toContain('password=signed-fresh');

    const after = await runCli(['diagnose', '--repo', URL, '--offline', '--json'], env);
    const report = JSON.parse(after.stdout) as ScanReport;
    expect(report.findings.map((f) => f.code)).not.toContain('cached-codecommit-credentials');
    expect(report.findings.filter((f) => f.severity === 'error')).toEqual([]);
  }, 60_000);
});
