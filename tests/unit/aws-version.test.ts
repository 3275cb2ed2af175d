import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPython3MsiV1, parseAwsVersion } from '../../electron/engine/probes/aws-version';

const dir = path.join(__dirname, '..', 'fixtures', 'aws');
const fixture = (name: string) => readFileSync(path.join(dir, name), 'utf8');

describe('parseAwsVersion on every real sample', () => {
  const cases: Record<
    string,
    { cliVersion: string; major: number; python?: string; platform?: string; kind: string; prompt?: string }
  > = {
    'aws-version.pre-1.0.boto.aws-cli-issue131.txt': {
      cliVersion: '0.11.0',
      major: 0,
      python: '2.6.7',
      platform: 'Darwin/12.3.0',
      kind: 'pip',
    },
    'aws-version.v1.linux.apt.txt': {
      cliVersion: '1.18.69',
      major: 1,
      python: '3.5.2',
      platform: 'Linux/5.4.0-81-generic',
      kind: 'pip',
    },
    'aws-version.v1.linux.pip.txt': { cliVersion: '1.22.71', major: 1, python: '3.8.10', kind: 'pip' },
    'aws-version.v1.macos.pip-pyenv.txt': { cliVersion: '1.21.7', major: 1, python: '3.9.7', kind: 'pip' },
    'aws-version.v1.macos.pip-user.txt': { cliVersion: '1.19.16', major: 1, python: '3.7.4', kind: 'pip' },
    'aws-version.v1.windows.pip-user-py35.txt': {
      cliVersion: '1.11.63',
      major: 1,
      python: '3.5.2',
      platform: 'Windows/10',
      kind: 'pip',
    },
    'aws-version.v1.windows.pip-venv.txt': { cliVersion: '1.33.26', major: 1, python: '3.11.9', kind: 'pip' },
    'aws-version.v1.windows.python3.6.0.b.txt': {
      cliVersion: '1.17.9',
      major: 1,
      python: '3.6.0',
      kind: 'pip',
    },
    'aws-version.v1.windows.python3.6.0.win10home.txt': {
      cliVersion: '1.16.303',
      major: 1,
      python: '3.6.0',
      kind: 'pip',
    },
    // No path given: without it the MSI cannot be told from pip (aws-cli-shell-lookup.test.ts).
    'aws-version.v1.windows.msi-py3.aws-cli-issue3815.txt': {
      cliVersion: '1.16.80',
      major: 1,
      python: '3.6.0',
      kind: 'pip',
    },
    'aws-version.v2.0-early.macos.botocore-dev.txt': {
      cliVersion: '2.0.7',
      major: 2,
      platform: 'Darwin/19.4.0',
      kind: 'macos-pkg-v2',
    },
    'aws-version.v2.0-early.windows.botocore-dev.txt': {
      cliVersion: '2.0.24',
      major: 2,
      kind: 'windows-msi-v2',
    },
    'aws-version.v2.linux.docker.exe-aarch64.txt': {
      cliVersion: '2.2.18',
      major: 2,
      platform: 'Linux/5.10.25-linuxkit',
      kind: 'linux-installer-v2',
      prompt: 'off',
    },
    'aws-version.v2.linux.exe-x86_64.linuxmint.txt': {
      cliVersion: '2.4.29',
      major: 2,
      kind: 'linux-installer-v2',
      prompt: 'off',
    },
    'aws-version.v2.linux.wsl2.no-prompt-suffix.txt': {
      cliVersion: '2.17.33',
      major: 2,
      kind: 'linux-installer-v2',
    },
    'aws-version.v2.macos.homebrew.source-arm64.txt': {
      cliVersion: '2.9.12',
      major: 2,
      python: '3.11.1',
      kind: 'homebrew',
      prompt: 'off',
    },
    'aws-version.v2.macos.pkg.exe-x86_64.txt': {
      cliVersion: '2.9.15',
      major: 2,
      kind: 'macos-pkg-v2',
      prompt: 'off',
    },
    'aws-version.v2.macos.source-x86_64.txt': {
      cliVersion: '2.4.29',
      major: 2,
      kind: 'homebrew',
      prompt: 'off',
    },
    'aws-version.v2.windows.exe-AMD64.txt': {
      cliVersion: '2.5.2',
      major: 2,
      platform: 'Windows/10',
      kind: 'windows-msi-v2',
      prompt: 'off',
    },
    'aws-version.v2.windows11.no-prompt-suffix.txt': {
      cliVersion: '2.24.18',
      major: 2,
      python: '3.12.9',
      platform: 'Windows/11',
      kind: 'windows-msi-v2',
    },
    'aws-version.v2.linux.debian12-package.source-x86_64.txt': {
      cliVersion: '2.9.19',
      major: 2,
      python: '3.11.2',
      kind: 'os-package',
      prompt: 'off',
    },
    'aws-version.v1.linux.pyenv-pip.debian12.txt': {
      cliVersion: '1.45.11',
      major: 1,
      python: '3.11.7',
      kind: 'pip',
    },
  };

  it('has a case for every fixture file', () => {
    const files = readdirSync(dir).filter((f) => f.startsWith('aws-version.'));
    expect(files.sort()).toEqual(Object.keys(cases).sort());
  });

  for (const [file, want] of Object.entries(cases)) {
    it(file, () => {
      const text = fixture(file);
      const info = parseAwsVersion(text);
      expect(info).not.toBeNull();
      expect(info?.raw).toBe(text.trim());
      expect(info?.cliVersion).toBe(want.cliVersion);
      expect(info?.major).toBe(want.major);
      expect(info?.installKind).toBe(want.kind);
      if (want.python) expect(info?.pythonVersion).toBe(want.python);
      if (want.platform) expect(info?.platform).toBe(want.platform);
      expect(info?.autoPrompt).toBe(want.prompt);
    });
  }
});

describe('parseAwsVersion input shapes', () => {
  const v1 = fixture('aws-version.v1.windows.python3.6.0.win10home.txt');

  it('reads the line from stderr mixed with other output, CRLF and trailing spaces', () => {
    const text = `\r\n${v1.trim()}   \r\n`;
    expect(parseAwsVersion(`\n${text}`)?.cliVersion).toBe('1.16.303');
    const withWarning = `C:\\Python36\\lib\\site-packages\\x.py:1: DeprecationWarning: old\n${v1}`;
    expect(parseAwsVersion(withWarning)?.cliVersion).toBe('1.16.303');
  });

  it('reads the line after a prompt that was left in', () => {
    const info = parseAwsVersion(`C:\\Users\\Max>aws --version ${v1}`);
    expect(info?.raw).toBe(v1.trim());
  });

  it('rejects text with no version line', () => {
    expect(parseAwsVersion('')).toBeNull();
    expect(parseAwsVersion('usage: aws [options] <command> <subcommand>')).toBeNull();
    expect(parseAwsVersion('aws-cli/abc Python/3')).toBeNull();
    expect(parseAwsVersion('\u0000\u0001garbage')).toBeNull();
  });

  it('uses the resolved path to tell the v1 MSI, distro package and Homebrew from pip', () => {
    const msi = 'C:\\Program Files\\Amazon\\AWSCLI\\bin\\aws.cmd';
    expect(parseAwsVersion(v1, msi)?.installKind).toBe('windows-msi-v1');
    expect(parseAwsVersion(v1, 'C:\\Program Files (x86)\\Amazon\\AWSCLI\\bin\\aws.cmd')?.installKind).toBe(
      'windows-msi-v1',
    );
    expect(parseAwsVersion(v1, 'C:\\Program Files\\Amazon\\AWSCLIV2\\aws.exe')?.installKind).toBe('pip');
    expect(parseAwsVersion(v1, 'C:\\Python36\\Scripts\\aws.cmd')?.installKind).toBe('pip');
    const apt = fixture('aws-version.v1.linux.apt.txt');
    expect(parseAwsVersion(apt, '/usr/bin/aws')?.installKind).toBe('os-package');
    expect(parseAwsVersion(apt, '/usr/local/bin/aws')?.installKind).toBe('pip');
    const mac = fixture('aws-version.v1.macos.pip-user.txt');
    expect(parseAwsVersion(mac, '/opt/homebrew/bin/aws')?.installKind).toBe('homebrew');
  });

  it('never throws and returns null or a well-formed result for any text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.string({ maxLength: 30 }), (s, p) => {
        const r = parseAwsVersion(s, p);
        if (r !== null) {
          expect(r.cliVersion).toMatch(/^\d+\.\d+/);
          expect(Number.isInteger(r.major)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), fc.string({ maxLength: 40 }), (before, after) => {
        const r = parseAwsVersion(`${before}\n${v1.trim()}\n${after}`);
        expect(r?.cliVersion).toBeDefined();
      }),
      { numRuns: 200 },
    );
  });
});

describe('isPython3MsiV1', () => {
  const msiCmd = 'C:\\Program Files\\Amazon\\AWSCLI\\bin\\aws.cmd';
  const py36 = parseAwsVersion(fixture('aws-version.v1.windows.python3.6.0.b.txt'), msiCmd);

  it('flags the Python 3 v1 MSI whose aws resolves to aws.cmd', () => {
    expect(py36).not.toBeNull();
    if (!py36) return;
    expect(isPython3MsiV1(py36, msiCmd)).toBe(true);
    expect(isPython3MsiV1(py36, 'c:\\program files (x86)\\amazon\\awscli\\bin\\AWS.CMD')).toBe(true);
  });

  it('does not flag pip installs, the MSI exe, v2 or a missing path', () => {
    if (!py36) throw new Error('fixture did not parse');
    expect(isPython3MsiV1(py36, 'C:\\Python36\\Scripts\\aws.cmd')).toBe(false);
    expect(isPython3MsiV1(py36, 'C:\\Program Files\\Amazon\\AWSCLI\\aws.exe')).toBe(false);
    expect(isPython3MsiV1(py36, null)).toBe(false);
    const v2 = parseAwsVersion(fixture('aws-version.v2.windows.exe-AMD64.txt'));
    if (!v2) throw new Error('fixture did not parse');
    expect(isPython3MsiV1(v2, 'C:\\Program Files\\Amazon\\AWSCLIV2\\aws.exe')).toBe(false);
    const py2 = parseAwsVersion('aws-cli/1.10.1 Python/2.7.9 Windows/8 botocore/1.4.1', msiCmd);
    if (!py2) throw new Error('did not parse');
    expect(isPython3MsiV1(py2, msiCmd)).toBe(false);
    const linux = parseAwsVersion(fixture('aws-version.v1.linux.pip.txt'));
    if (!linux) throw new Error('fixture did not parse');
    expect(isPython3MsiV1(linux, msiCmd)).toBe(false);
  });
});
