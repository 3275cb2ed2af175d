import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { absoluteProgram } from '../../electron/engine/platform/win32/launch';
import { runScan } from '../../electron/engine/scan';
import { readFixture } from '../support/replay-runner';
import { listZ, replayedComputer } from '../support/replayed-computer';

// A replayed Windows computer whose scanned clone holds planted programs: git.exe, cmd.exe,
// cmdkey.exe and aws.exe right in the repository folder, which is also the folder the doctor
// was started from. libuv (src/win/process.c search_path, tests/fixtures/win32/SOURCES.md)
// looks for a bare program name in the working folder FIRST, and cmd.exe does the same for
// the commands a .cmd runs: so every program must be named by its full path and started
// from a folder that is not the repository. What the runner receives is checked exactly.

const FIX = path.resolve(__dirname, '..', 'fixtures', 'win32');
const REPO = 'C:\\src\\demo';
const ROOT = 'C:\\WINDOWS';
const SYS32 = `${ROOT}\\System32`;
const GIT = 'C:\\Program Files\\Git\\cmd\\git.exe';
const AWS = 'C:\\Program Files\\Amazon\\AWSCLIV2\\aws.exe';
const PLANTED = ['git.exe', 'cmd.exe', 'cmdkey.exe', 'aws.exe', 'aws.cmd'].map((n) => `${REPO}\\${n}`);
const FILES = new Set(
  [GIT, AWS, `${SYS32}\\cmdkey.exe`, `${SYS32}\\cmd.exe`, ...PLANTED].map((f) => f.toLowerCase()),
);
const ENV: NodeJS.ProcessEnv = {
  USERPROFILE: 'C:\\Users\\ana',
  SystemRoot: ROOT,
  // `.` and an empty entry: relative to the working folder, i.e. the repository here.
  Path: `.;;C:\\Program Files\\Git\\cmd;C:\\Program Files\\Amazon\\AWSCLIV2;${SYS32}`,
  PATHEXT: '.COM;.EXE;.BAT;.CMD',
};
const URL = 'https://git-codecommit.us-east-2.amazonaws.com/v1/repos/demo';

const AWS_V2 = 'aws-cli/2.15.30 Python/3.11.8 Windows/10 exe/AMD64\n';

/** Answers as the real programs at their real paths would; a planted one is never expected. */
function context() {
  return replayedComputer({
    platform: 'win32',
    env: ENV,
    home: 'C:\\Users\\ana',
    cwd: REPO,
    files: [GIT, AWS, `${SYS32}\\cmdkey.exe`, `${SYS32}\\cmd.exe`, ...PLANTED],
    answer(command, sub) {
      if (command === AWS) return { stdout: AWS_V2 };
      if (command === `${SYS32}\\cmdkey.exe`)
        return { stdout: readFixture(path.join(FIX, 'cmdkey-list.en.codecommit-and-github.adapted.txt')) };
      if (command !== GIT) return undefined;
      if (sub[0] === '--version') return { stdout: 'git version 2.45.2.windows.1\n' };
      if (sub[0] === '--exec-path') return { stdout: 'C:/Program Files/Git/mingw64/libexec/git-core\n' };
      if (sub[0] === 'rev-parse') return { stdout: 'C:/src/demo/.git\n' };
      if (sub[0] !== 'config') return undefined;
      return {
        stdout: listZ([
          ['system', 'C:/Program Files/Git/etc/gitconfig', 'credential.helper', 'manager'],
          ['global', 'C:/Users/ana/.gitconfig', 'credential.helper', '!aws codecommit credential-helper $@'],
          ['global', 'C:/Users/ana/.gitconfig', 'credential.usehttppath', 'true'],
          ['local', '.git/config', 'remote.origin.url', URL],
        ]),
      };
    },
  });
}

describe('a replayed Windows scan with programs planted in the scanned clone', () => {
  it('starts git, cmdkey and aws by their full paths, from System32, never from the repository', async () => {
    const { ctx, calls } = context();
    const report = await runScan(ctx, { target: { kind: 'dir', path: REPO }, offline: true });
    expect(report.targets.map((t) => t.display)).toEqual([URL]);
    expect(new Set(calls.map((c) => c.command))).toEqual(new Set([GIT, AWS, `${SYS32}\\cmdkey.exe`]));
    // Every call names its working folder, and it is System32 (%SystemRoot% honoured).
    expect(calls.filter((c) => c.cwd !== SYS32)).toEqual([]);
    // The repository is named to git with -C, never as the folder git starts in.
    const config = calls.find((c) => c.args.includes('config'));
    expect(config?.args.slice(0, 3)).toEqual(['-C', REPO, 'config']);
    expect(calls.some((c) => c.command.toLowerCase().startsWith(REPO.toLowerCase()))).toBe(false);
  });

  it('a program the engine names bare (git in a fix step) is found on PATH only, and gets the safe folder', async () => {
    const { ctx, calls } = context();
    await ctx.runner('git', ['config', '--file', 'C:\\Users\\ana\\.gitconfig', '--add', 'x.y', 'z']);
    await ctx.runner('cmd.exe', ['/d', '/s', '/c', '"echo"']);
    const missing = await ctx.runner('python', ['--version']);
    expect(calls).toEqual([
      {
        command: GIT,
        args: ['config', '--file', 'C:\\Users\\ana\\.gitconfig', '--add', 'x.y', 'z'],
        cwd: SYS32,
      },
      { command: `${SYS32}\\cmd.exe`, args: ['/d', '/s', '/c', '"echo"'], cwd: SYS32 },
    ]);
    // Not on PATH: "not found", without ever asking the working folder.
    expect(missing).toMatchObject({ notFound: true, error: '"python" was not found on PATH' });
    expect(await ctx.runner('.\\git.exe', ['--version'])).toMatchObject({ notFound: true });
    expect(calls).toHaveLength(2);
  });
});

describe('absoluteProgram', () => {
  const isFile = async (p: string) => FILES.has(p.toLowerCase());

  it('honours an absolute %ComSpec% and %SystemRoot%, and refuses a relative one', async () => {
    expect(await absoluteProgram('cmd', { ComSpec: 'D:\\Win\\system32\\cmd.exe' }, isFile)).toBe(
      'D:\\Win\\system32\\cmd.exe',
    );
    expect(await absoluteProgram('cmd.exe', { ComSpec: 'cmd.exe', SYSTEMROOT: 'D:\\Win' }, isFile)).toBe(
      'D:\\Win\\System32\\cmd.exe',
    );
    expect(await absoluteProgram('cmdkey', { SystemRoot: 'relative' }, isFile)).toBe(
      'C:\\Windows\\System32\\cmdkey.exe',
    );
  });

  it('looks in absolute PATH entries for .com then .exe, never in `.`, an empty entry or a drive-relative one', async () => {
    expect(await absoluteProgram('git', ENV, isFile)).toBe(GIT);
    expect(await absoluteProgram('aws', { Path: `.;C:relative;${REPO}` }, isFile)).toBe(`${REPO}\\aws.exe`);
    expect(await absoluteProgram('aws', { Path: '.;C:relative' }, isFile)).toBeNull();
    expect(await absoluteProgram('C:git.exe', ENV, isFile)).toBeNull();
  });
});
