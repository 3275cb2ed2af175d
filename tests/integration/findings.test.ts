import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createContext } from '../../electron/engine/context';
import type { FindingCode, ScanReport, TargetInput } from '../../electron/engine/model';
import { runScan } from '../../electron/engine/scan';

// One sandboxed HOME per local finding, with real git and the real AWS CLI: each set-up
// produces its code, and a healthy control produces none. (The Lab scenarios cover the
// same codes end to end with real clones; this file covers every code, including the
// ones no clone can show on Linux.)

const homes: string[] = [];
afterAll(() => homes.forEach((h) => rmSync(h, { recursive: true, force: true })));

interface Setup {
  gitconfig?: string;
  systemconfig?: string;
  awsConfig?: string;
  awsCredentials?: string;
  sshConfig?: string;
  /** Extra programs: name → shell script body. */
  bin?: Record<string, string>;
  /** PATH entries after the sandbox bin dir (default /usr/bin:/bin). */
  path?: string[];
  env?: Record<string, string>;
  repo?: { remotes: Record<string, string> };
  /** ~/.git-credentials content (mode 600). */
  gitCredentials?: string;
}

async function scan(
  setup: Setup,
  target: TargetInput | ((home: string) => TargetInput),
): Promise<ScanReport> {
  const home = mkdtempSync(path.join(tmpdir(), 'ccd-findings-'));
  homes.push(home);
  const bin = path.join(home, 'bin');
  mkdirSync(bin);
  mkdirSync(path.join(home, '.aws'));
  for (const [name, body] of Object.entries(setup.bin ?? {})) {
    writeFileSync(path.join(bin, name), `#!/bin/sh\n${body}\n`);
    chmodSync(path.join(bin, name), 0o755);
  }
  writeFileSync(path.join(home, '.gitconfig'), setup.gitconfig ?? '');
  const system = path.join(home, 'system-gitconfig');
  writeFileSync(system, setup.systemconfig ?? '');
  writeFileSync(path.join(home, '.aws', 'config'), setup.awsConfig ?? '[default]\nregion = us-east-2\n');
  writeFileSync(
    path.join(home, '.aws', 'credentials'),
    setup.awsCredentials ??
      '[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n',
  );
  if (setup.gitCredentials !== undefined) {
    writeFileSync(path.join(home, '.git-credentials'), setup.gitCredentials, { mode: 0o600 });
  }
  if (setup.sshConfig !== undefined) {
    mkdirSync(path.join(home, '.ssh'));
    writeFileSync(path.join(home, '.ssh', 'config'), setup.sshConfig);
  }
  const env: NodeJS.ProcessEnv = {
    HOME: home,
    PATH: [bin, ...(setup.path ?? ['/usr/bin', '/bin'])].join(':'),
    GIT_CONFIG_GLOBAL: path.join(home, '.gitconfig'),
    GIT_CONFIG_SYSTEM: system,
    AWS_EC2_METADATA_DISABLED: 'true',
    ...setup.env,
  };
  const ctx = createContext({ env, home, cwd: home, platform: 'linux' });
  if (setup.repo) {
    const dir = path.join(home, 'repo');
    mkdirSync(dir);
    await ctx.runner('git', ['init', '-q', dir], { env });
    for (const [name, url] of Object.entries(setup.repo.remotes)) {
      await ctx.runner('git', ['-C', dir, 'remote', 'add', name, url], { env });
    }
  }
  return runScan(ctx, { target: typeof target === 'function' ? target(home) : target, offline: true });
}

const URL = 'https://git-codecommit.us-east-2.amazonaws.com/v1/repos/demo';
const AWS_GUIDE = '[credential]\n\thelper = !aws codecommit credential-helper $@\n\tUseHttpPath = true\n';
const url = (u = URL): TargetInput => ({ kind: 'url', url: u });

function codes(r: ScanReport): FindingCode[] {
  return [...new Set(r.findings.map((f) => f.code))].sort();
}

describe('each local finding from a real set-up', () => {
  it('healthy control: the AWS guide set-up produces no finding and no errored check', async () => {
    const r = await scan({ gitconfig: AWS_GUIDE }, url());
    expect(codes(r)).toEqual([]);
    expect(r.checks.filter((c) => c.status === 'error')).toEqual([]);
  });

  it('git-not-found', async () => {
    const r = await scan({ path: [] }, url());
    expect(codes(r)).toContain('git-not-found');
  });

  it.each([
    ['url-malformed', 'https://'],
    ['url-malformed', 'not a url at all'],
    ['url-not-codecommit', 'https://github.com/octo/repo.git'],
    ['url-not-codecommit', 'https://git-codecommit.us-east-1.amazonaws.com.evil.example/v1/repos/x'],
  ] as const)('%s for %s', async (code, u) => {
    expect(codes(await scan({ gitconfig: AWS_GUIDE }, url(u)))).toEqual([code]);
  });

  it('helper-not-configured: no helper at all', async () => {
    expect(codes(await scan({}, url()))).toEqual(['helper-not-configured']);
  });

  it('helper-usehttppath-missing', async () => {
    const r = await scan(
      { gitconfig: '[credential]\n\thelper = !aws codecommit credential-helper $@\n' },
      url(),
    );
    expect(codes(r)).toEqual(['helper-usehttppath-missing']);
  });

  it('helper-shadowed and system-scope-helper: a system store before the AWS helper', async () => {
    const r = await scan({ systemconfig: '[credential]\n\thelper = store\n', gitconfig: AWS_GUIDE }, url());
    expect(codes(r)).toEqual(['helper-shadowed', 'system-scope-helper']);
    const shadow = r.findings.find((f) => f.code === 'helper-shadowed');
    expect(shadow?.evidence).toContainEqual(
      expect.objectContaining({ kind: 'helper', position: 1, value: 'store', scope: 'system' }),
    );
  });

  it('scoped-section-misses-host: the * pattern does not cover a FIPS host', async () => {
    const r = await scan(
      {
        gitconfig:
          '[credential "https://git-codecommit.*.amazonaws.com"]\n\thelper = !aws codecommit credential-helper $@\n\tUseHttpPath = true\n',
      },
      url('https://git-codecommit-fips.us-east-2.amazonaws.com/v1/repos/demo'),
    );
    expect(codes(r)).toEqual(['scoped-section-misses-host']);
  });

  it('aws-cli-not-found: the helper starts an aws that is not there', async () => {
    const r = await scan({ gitconfig: AWS_GUIDE, path: ['/usr/lib/git-core'] }, url());
    expect(codes(r)).toEqual(['aws-cli-not-found']);
  });

  it('aws-cli-autoprompt-on: AWS CLI v2 with auto-prompt on for the helper', async () => {
    const r = await scan({ gitconfig: AWS_GUIDE, env: { AWS_CLI_AUTO_PROMPT: 'on-partial' } }, url());
    expect(codes(r)).toEqual(['aws-cli-autoprompt-on']);
  });

  it('aws-profile-no-credentials: the helper names a profile without any', async () => {
    const r = await scan(
      {
        gitconfig:
          '[credential]\n\thelper = !aws --profile ghost codecommit credential-helper $@\n\tUseHttpPath = true\n',
      },
      url(),
    );
    expect(codes(r)).toEqual(['aws-profile-no-credentials']);
  });

  it('aws-profile-no-region and remote-codecommit-not-on-path: codecommit:// without a region anywhere', async () => {
    const r = await scan({ awsConfig: '[default]\n' }, url('codecommit://demo'));
    expect(codes(r)).toEqual(['aws-profile-no-region', 'remote-codecommit-not-on-path']);
  });

  it('git-remote-codecommit on PATH with a region: nothing to report', async () => {
    const r = await scan({ bin: { 'git-remote-codecommit': 'exit 0' } }, url('codecommit::us-east-2://demo'));
    expect(codes(r)).toEqual([]);
  });

  it('url-username-needs-encoding: an e-mail address as the user name', async () => {
    const r = await scan(
      { gitconfig: AWS_GUIDE },
      url('https://alice@example.com@git-codecommit.us-east-2.amazonaws.com/v1/repos/demo'),
    );
    expect(codes(r)).toEqual(['url-username-needs-encoding']);
  });

  it('gcm-old-name: manager-core where no git-credential-manager-core exists', async () => {
    const r = await scan(
      {
        gitconfig:
          '[credential]\n\thelper = manager-core\n[credential "https://git-codecommit.us-east-2.amazonaws.com"]\n\thelper =\n\thelper = !aws codecommit credential-helper $@\n\tUseHttpPath = true\n',
      },
      url(),
    );
    expect(codes(r)).toEqual(['gcm-old-name']);
  });

  it('ssh-config-missing: ssh:// without a key ID anywhere', async () => {
    const r = await scan(
      { sshConfig: 'Host github.com\n  User git\n' },
      url('ssh://git-codecommit.us-east-2.amazonaws.com/v1/repos/demo'),
    );
    // OpenSSH here is ≥ 8.8: without +ssh-rsa it refuses CodeCommit's key as well.
    expect(codes(r)).toEqual(['ssh-config-missing', 'ssh-rsa-refused']);
  });

  it('ssh-user-is-not-key-id and ssh-identity-file-missing', async () => {
    const r = await scan(
      {
        sshConfig:
          'Host git-codecommit.*.amazonaws.com\n  User AIDAJQABLZS4A3QDU576Q\n  IdentityFile ~/.ssh/codecommit_rsa\n  HostKeyAlgorithms +ssh-rsa\n  PubkeyAcceptedAlgorithms +ssh-rsa\n',
      },
      url('ssh://git-codecommit.us-east-2.amazonaws.com/v1/repos/demo'),
    );
    expect(codes(r)).toEqual(['ssh-identity-file-missing', 'ssh-user-is-not-key-id']);
  });

  it('cached-codecommit-credentials: a signed password in the store file; GitHub and static Git credentials ignored', async () => {
    const r = await scan(
      {
        gitconfig: AWS_GUIDE,
        gitCredentials:
          'https://me:ghp_secret@github.com\n' +
          'https://alice-at-111122223333:c3RhdGljLXNlY3JldA%3d%3d@git-codecommit.us-east-2.amazonaws.com\n' +
          'https://AKIAIOSFODNN7EXAMPLE:20261122T111713Zfdd89be253d4746ea527ffb6f0397bd82bf6686ea581e6e16d48532349d3502a@git-codecommit.us-east-2.amazonaws.com/v1/repos/demo\n',
      },
      url(),
    );
    expect(codes(r)).toEqual(['cached-codecommit-credentials']);
    const cached = r.findings.find((f) => f.code === 'cached-codecommit-credentials');
    expect(cached?.evidence).toEqual([
      {
        kind: 'store-entry',
        entry: expect.objectContaining({ store: 'git-credential-store', account: 'AKIAIOSFODNN7EXAMPLE' }),
      },
    ]);
    const json = JSON.stringify(r);
    for (const secret of ['ghp_secret', 'fdd89be253d4746ea527', 'c3RhdGljLXNlY3JldA', 'wJalrXUtnFEMI'])
      expect(json).not.toContain(secret);
    expect(json).not.toContain('github.com');
  });

  it('a password typed into the address never reaches the report', async () => {
    const r = await scan(
      { gitconfig: AWS_GUIDE },
      url(
        'https://alice-at-111122223333:S3cr3tPassw0rd@git-codecommit.us-east-2.amazonaws.com/v1/repos/demo',
      ),
    );
    expect(JSON.stringify(r)).not.toContain('S3cr3tPassw0rd');
    expect(r.target).toEqual({ kind: 'url', url: expect.stringContaining('alice-at-111122223333:***@') });
  });

  it('a repository folder: its CodeCommit remote is checked, its GitHub remote is left alone', async () => {
    const r = await scan(
      { repo: { remotes: { origin: URL, github: 'https://github.com/octo/repo.git' } } },
      (home) => ({ kind: 'dir', path: path.join(home, 'repo') }),
    );
    expect(r.targets.map((t) => t.remote)).toEqual(['origin']);
    expect(codes(r)).toEqual(['helper-not-configured']);
  });

  it('the whole computer: hosts from settings, with a stand-in host when there are none', async () => {
    const r = await scan({ gitconfig: AWS_GUIDE }, { kind: 'machine' });
    expect(r.targets.map((t) => t.hostname)).toEqual(['git-codecommit.us-east-2.amazonaws.com']);
    expect(codes(r)).toEqual([]);
  });
});
