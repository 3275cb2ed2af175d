import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ScanReport } from '../../electron/engine/model';
import { runScan } from '../../electron/engine/scan';
import { readFixture } from '../support/replay-runner';
import { listZ, replayedComputer } from '../support/replayed-computer';

// Git for Windows keeps Git Credential Manager in mingw64\bin, outside git's exec-path
// (git-for-windows/build-extra #406), and on Git for Windows 2.36.1 its GCM 2.0.696 answers
// only to `manager-core` (git-ecosystem/git-credential-manager #697). Whether a name works is
// asked of git itself; the rename to `manager` is offered only where git can run `manager`.
// Replayed Windows computers (tests/fixtures/win32/SOURCES.md).

const FIX = path.resolve(__dirname, '..', 'fixtures', 'win32');
const fixture = (name: string) => readFixture(path.join(FIX, name));
const GIT = 'C:\\Program Files\\Git\\cmd\\git.exe';
const AWS = 'C:\\Program Files\\Amazon\\AWSCLIV2\\aws.exe';
const SYSTEM = 'C:/Program Files/Git/etc/gitconfig';
const HOST = 'https://git-codecommit.us-east-2.amazonaws.com';
const NOT_FOUND = { exitCode: 1 };

type Answer = { stdout?: string; stderr?: string; exitCode?: number };

function gitForWindows(gcm: { core: Answer; manager: Answer }) {
  return replayedComputer({
    platform: 'win32',
    home: 'C:\\Users\\ana',
    env: {
      USERPROFILE: 'C:\\Users\\ana',
      Path: 'C:\\Program Files\\Git\\cmd;C:\\Program Files\\Amazon\\AWSCLIV2;C:\\Windows\\System32',
      AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      AWS_REGION: 'us-east-2',
    },
    // GCM is where Git for Windows 2.36.1+ puts it: not in the exec-path, not on the user's PATH.
    files: [GIT, AWS, 'C:\\Program Files\\Git\\mingw64\\bin\\git-credential-manager-core.exe'],
    answer(command, sub) {
      if (command === AWS) return { stdout: 'aws-cli/2.15.30 Python/3.11.8 Windows/10 exe/AMD64\n' };
      if (command !== GIT) return undefined;
      if (sub[0] === '--version') return { stdout: 'git version 2.36.1.windows.1\n' };
      if (sub[0] === '--exec-path') return { stdout: 'C:/Program Files/Git/mingw64/libexec/git-core\n' };
      if (sub.join(' ') === '-c help.autocorrect=0 credential-manager-core --version') return gcm.core;
      if (sub.join(' ') === '-c help.autocorrect=0 credential-manager --version') return gcm.manager;
      if (sub[0] !== 'config') return undefined;
      return {
        stdout: listZ([
          // What the Git for Windows installer writes for its bundled GCM.
          ['system', SYSTEM, 'credential.helper', 'manager-core'],
          ['global', 'C:/Users/ana/.gitconfig', `credential.${HOST}.helper`, ''],
          [
            'global',
            'C:/Users/ana/.gitconfig',
            `credential.${HOST}.helper`,
            '!aws codecommit credential-helper $@',
          ],
          ['global', 'C:/Users/ana/.gitconfig', `credential.${HOST}.usehttppath`, 'true'],
        ]),
      };
    },
  });
}

const scan = (ctx: Parameters<typeof runScan>[0]) =>
  runScan(ctx, { target: { kind: 'url', url: `${HOST}/v1/repos/demo` }, offline: true });
const gcmFinding = (r: ScanReport) => r.findings.find((f) => f.code === 'gcm-old-name');

describe('gcm-old-name asks git which of GCM’s names it can run (replayed Git for Windows)', () => {
  it('2.36.1 (GCM 2.0.696 only as manager-core, in mingw64\\bin): manager-core works — no finding, no rename', async () => {
    const { ctx, calls } = gitForWindows({
      core: { stdout: fixture('git-credential-manager-core-version.gcm-2.0.696.gcm-issue697.txt') },
      manager: {
        ...NOT_FOUND,
        stderr: fixture('git-credential-manager-not-a-git-command.gfw-2.36.1.gcm-issue697.stderr.txt'),
      },
    });
    const report = await scan(ctx);
    expect(gcmFinding(report)).toBeUndefined();
    expect(report.findings.map((f) => f.code)).toEqual([]);
    // Asked of git, in English, never letting git run "the most similar command" instead.
    const asked = calls.filter(
      (c) => c.args.includes('--version') && c.args.some((a) => a.startsWith('credential-')),
    );
    expect(asked.map((c) => c.args)).toEqual(
      expect.arrayContaining([
        ['-c', 'help.autocorrect=0', 'credential-manager-core', '--version'],
        ['-c', 'help.autocorrect=0', 'credential-manager', '--version'],
      ]),
    );
    expect(asked.every((c) => c.env?.LANGUAGE === 'en')).toBe(true);
  });

  it('GCM 2.3 and later (manager only): gcm-old-name, and the rename is offered', async () => {
    const { ctx } = gitForWindows({
      core: {
        ...NOT_FOUND,
        stderr: fixture('git-credential-manager-core-not-a-git-command.gcm-2.3.adapted.stderr.txt'),
      },
      manager: { stdout: '2.5.1+d34a4e3f5a\n' },
    });
    const f = gcmFinding(await scan(ctx));
    expect(f?.evidence).toContainEqual({
      kind: 'text',
      label: 'What git answers',
      detail: 'git credential-manager-core: is not a git command; git credential-manager: runs',
    });
    expect(f?.fixes.map((o) => o.id)).toEqual([
      `gcm-old-name:rename:${SYSTEM}:credential.helper:manager-core`,
    ]);
  });

  it('neither name runs: gcm-old-name without a rename (it would not help), with what to do instead', async () => {
    const { ctx } = gitForWindows({
      core: {
        ...NOT_FOUND,
        stderr: fixture('git-credential-manager-core-not-a-git-command.gcm-2.3.adapted.stderr.txt'),
      },
      manager: {
        ...NOT_FOUND,
        stderr: fixture('git-credential-manager-not-a-git-command.gfw-2.36.1.gcm-issue697.stderr.txt'),
      },
    });
    const f = gcmFinding(await scan(ctx));
    expect(f?.explanation).toContain('neither name');
    expect(f?.fixes.map((o) => o.id)).toEqual(['gcm-old-name:install-gcm']);
    expect(f?.fixes.flatMap((o) => o.steps)).toEqual([]);
  });

  it('git gives no answer it can be read by (exit 1, nothing printed): no finding, never a rename on a guess', async () => {
    const { ctx } = gitForWindows({ core: { exitCode: 1 }, manager: { exitCode: 1 } });
    expect(gcmFinding(await scan(ctx))).toBeUndefined();
  });
});
