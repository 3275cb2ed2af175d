import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ScanReport } from '../../electron/engine/model';
import { probeAwsCli } from '../../electron/engine/probes/aws-cli';
import { runScan } from '../../electron/engine/scan';
import { readFixture } from '../support/replay-runner';
import { listZ, replayedComputer } from '../support/replayed-computer';

// Git runs `!aws codecommit credential-helper $@` through MSYS sh, which finds `aws` and
// `aws.exe` on PATH but never `aws.cmd`/`aws.bat` (tests/fixtures/aws/SOURCES.md: git's
// credential.c, msys2-runtime path.cc, aws/aws-cli #3662, #3815). A terminal (cmd.exe,
// PowerShell) finds aws.cmd through PATHEXT, so "aws works in my terminal" and git says
// "aws: command not found". Replayed Windows computers, whole scans.

const AWS_FIX = path.resolve(__dirname, '..', 'fixtures', 'aws');
const GIT = 'C:\\Program Files\\Git\\cmd\\git.exe';
const CMD = 'C:\\Windows\\System32\\cmd.exe';
const URL = 'https://git-codecommit.us-east-2.amazonaws.com/v1/repos/demo';
// aws/aws-cli #3815: the Python 3 MSI installed into a folder of the user's choosing.
const CUSTOM_BIN = 'C:\\Users\\foobar\\workspace\\programs\\awscli\\bin';
const MSI_BIN = 'C:\\Program Files\\Amazon\\AWSCLI\\bin';
const V2 = 'C:\\Program Files\\Amazon\\AWSCLIV2\\aws.exe';
const MSI_VERSION = readFixture(path.join(AWS_FIX, 'aws-version.v1.windows.msi-py3.aws-cli-issue3815.txt'));
const V2_VERSION = readFixture(path.join(AWS_FIX, 'aws-version.v2.windows.exe-AMD64.txt'));

function windows(o: { pathDirs: string[]; files: string[]; helper: string }) {
  return replayedComputer({
    platform: 'win32',
    home: 'C:\\Users\\foobar',
    env: {
      USERPROFILE: 'C:\\Users\\foobar',
      Path: [...o.pathDirs, 'C:\\Program Files\\Git\\cmd', 'C:\\Windows\\System32'].join(';'),
      PATHEXT: '.COM;.EXE;.BAT;.CMD',
      // The AWS docs' example keys: the profile check has what it needs, nothing is read from disk.
      AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      AWS_REGION: 'us-east-2',
    },
    files: [GIT, ...o.files],
    answer(command, sub) {
      if (command === CMD && /aws\.cmd" --version"$/.test(sub[3] ?? '')) return { stdout: MSI_VERSION };
      if (command === V2 && sub[0] === '--version') return { stdout: V2_VERSION };
      if (command !== GIT) return undefined;
      if (sub[0] === '--version') return { stdout: 'git version 2.45.2.windows.1\n' };
      if (sub[0] === '--exec-path') return { stdout: 'C:/Program Files/Git/mingw64/libexec/git-core\n' };
      if (sub[0] !== 'config') return undefined;
      return {
        stdout: listZ([
          ['global', 'C:/Users/foobar/.gitconfig', 'credential.helper', o.helper],
          ['global', 'C:/Users/foobar/.gitconfig', 'credential.usehttppath', 'true'],
        ]),
      };
    },
  });
}

const scan = (ctx: Parameters<typeof runScan>[0]) =>
  runScan(ctx, { target: { kind: 'url', url: URL }, offline: true });
const codes = (r: ScanReport) => r.findings.map((f) => f.code);
const AWS_HELPER = '!aws codecommit credential-helper $@';

describe('the AWS helper’s program, found the way git’s sh finds it (replayed Windows)', () => {
  it('an aws.cmd-only install outside Amazon\\AWSCLI: aws-cli-cmd-only, fix names that aws.cmd by its full path', async () => {
    const { ctx, calls } = windows({
      pathDirs: [CUSTOM_BIN],
      files: [`${CUSTOM_BIN}\\aws.cmd`],
      helper: AWS_HELPER,
    });
    const report = await scan(ctx);
    expect(codes(report)).toEqual(['aws-cli-cmd-only']);
    const f = report.findings[0]!;
    expect(f.evidence).toContainEqual({
      kind: 'program',
      name: 'aws',
      path: `${CUSTOM_BIN}\\aws.cmd`,
      version: MSI_VERSION.trim(),
    });
    expect(f.explanation).toContain(`only ${CUSTOM_BIN}\\aws.cmd`);
    // The offer points the helper at that aws.cmd (the planner writes it with forward slashes,
    // tests/unit/helper-command.test.ts); the settings file itself is not on this machine.
    expect(f.fixes.map((o) => o.title)).toContainEqual(
      expect.stringMatching(
        /^Point the AWS helper at C:\\Users\\foobar\\workspace\\programs\\awscli\\bin\\aws\.cmd/,
      ),
    );
    // Its version was asked through cmd.exe (System32's), since only that can start a .cmd.
    expect(calls.some((c) => c.command === CMD)).toBe(true);
  });

  it('the Python 3 MSI in Amazon\\AWSCLI: aws-cli-python3-msi (an error: git cannot start it)', async () => {
    const { ctx } = windows({ pathDirs: [MSI_BIN], files: [`${MSI_BIN}\\aws.cmd`], helper: AWS_HELPER });
    const report = await scan(ctx);
    expect(codes(report)).toEqual(['aws-cli-python3-msi']);
    expect(report.findings[0]?.severity).toBe('error');
  });

  it('aws.exe (v2) on PATH as well: git’s sh finds it, nothing to report', async () => {
    const { ctx } = windows({
      pathDirs: [CUSTOM_BIN, 'C:\\Program Files\\Amazon\\AWSCLIV2'],
      files: [`${CUSTOM_BIN}\\aws.cmd`, V2],
      helper: AWS_HELPER,
    });
    expect(codes(await scan(ctx))).toEqual([]);
  });

  it('after the fix (the helper names aws.cmd by its full path) nothing is reported', async () => {
    const { ctx } = windows({
      pathDirs: [MSI_BIN],
      files: [`${MSI_BIN}\\aws.cmd`],
      helper: '!"C:/Program Files/Amazon/AWSCLI/bin/aws.cmd" codecommit credential-helper $@',
    });
    expect(codes(await scan(ctx))).toEqual([]);
  });

  it('a pip install (an extensionless `aws` script next to aws.cmd) is what sh runs: not .cmd-only', async () => {
    const scripts = 'C:\\Users\\foobar\\AppData\\Roaming\\Python\\Python311\\Scripts';
    const { ctx } = windows({
      pathDirs: [scripts],
      files: [`${scripts}\\aws`, `${scripts}\\aws.cmd`],
      helper: AWS_HELPER,
    });
    const facts = await probeAwsCli(ctx, ['aws']);
    expect(facts.programs[0]).toMatchObject({ program: 'aws', resolvedPath: `${scripts}\\aws` });
    expect(facts.programs[0]?.cmdOnly).toBeUndefined();
  });
});
