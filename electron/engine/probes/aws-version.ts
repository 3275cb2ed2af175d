import type { AwsInstallKind, AwsVersionInfo } from '../model';

// Reads the one line `aws --version` prints, e.g.
//   aws-cli/1.18.69 Python/3.5.2 Linux/5.4.0-81-generic botocore/1.16.19
//   aws-cli/2.9.12 Python/3.11.1 Darwin/22.2.0 source/arm64 prompt/off
//   aws-cli/2.24.18 Python/3.12.9 Windows/11 exe/AMD64              (recent v2: no prompt/ suffix)
//   aws-cli/2.0.24 Python/3.7.7 Windows/10 botocore/2.0.0dev28      (early v2: no exe/ or source/)
//   Boto/0.11.0 Python/2.6.7 Darwin/12.3.0                          (pre-1.0, aws/aws-cli#131)
// The line is the CLI's user agent, so the tokens are `name/value` separated by spaces.
// v1 on Python < 3.4 prints it on stderr (argparse's version action), so callers pass
// stdout and stderr together; other lines (warnings, a prompt) are skipped.

const LEAD_RE = /(?:^|\s)(aws-cli|Boto)\/(\d+(?:\.\d+){1,3}\S*)/;
const VERSION_RE = /^(\d+)\.\d+(?:\.\d+)?/;
const PLATFORM_NAMES = /^(Windows|Linux|Darwin|CYGWIN|MSYS|MINGW|FreeBSD|OpenBSD|NetBSD|SunOS|AIX)/i;

/** The v1 MSI installs under `…\Amazon\AWSCLI\` (v2 uses `AWSCLIV2`, which this does not match). */
const MSI_V1_DIR_RE = /[\\/]Amazon[\\/]AWSCLI[\\/]/i;

function tokensOf(line: string, start: number): Map<string, string> {
  const tokens = new Map<string, string>();
  for (const part of line.slice(start).trim().split(/\s+/)) {
    const slash = part.indexOf('/');
    if (slash <= 0) continue;
    const name = part.slice(0, slash);
    if (!tokens.has(name)) tokens.set(name, part.slice(slash + 1));
  }
  return tokens;
}

function platformOf(tokens: Map<string, string>): { name: string; value: string } | undefined {
  for (const [name, value] of tokens) {
    if (PLATFORM_NAMES.test(name)) return { name, value };
  }
  return undefined;
}

function inferInstallKind(
  major: number,
  tokens: Map<string, string>,
  platformName: string | undefined,
  resolvedPath: string | undefined,
): AwsInstallKind {
  const os = platformName?.toLowerCase() ?? '';
  if (major >= 2) {
    // `exe/…` is the frozen binary of AWS's own installers; `source/…` is a build from
    // the source distribution (Homebrew's formula on macOS, distro packages on Linux —
    // Debian 12's awscli prints `source/x86_64.debian.12`, seen on this machine).
    // 2.0.x printed neither (only `botocore/2.0.0devNN`), and at that time v2 shipped
    // only through AWS's installers, so it is read like `exe/`.
    const official = tokens.has('exe') || (!tokens.has('source') && /dev/.test(tokens.get('botocore') ?? ''));
    if (official) {
      if (os.startsWith('windows')) return 'windows-msi-v2';
      if (os.startsWith('darwin')) return 'macos-pkg-v2';
      if (os.startsWith('linux')) return 'linux-installer-v2';
      return 'unknown';
    }
    if (tokens.has('source')) {
      if (os.startsWith('darwin')) return 'homebrew';
      if (os.startsWith('linux')) return 'os-package';
    }
    return 'unknown';
  }
  // v1 (and pre-1.0, which was only ever published to PyPI).
  if (resolvedPath) {
    if (os.startsWith('windows') && MSI_V1_DIR_RE.test(resolvedPath)) return 'windows-msi-v1';
    // pip never writes to /usr/bin (sudo pip uses /usr/local/bin); only the distro package does.
    if (os.startsWith('linux') && /^\/usr\/bin\/aws$/.test(resolvedPath)) return 'os-package';
    if (os.startsWith('darwin') && /^\/opt\/homebrew\/|\/Cellar\//.test(resolvedPath)) return 'homebrew';
  }
  return 'pip';
}

/**
 * Parses `aws --version` output (stdout and stderr together are fine). `resolvedPath` is
 * the file that ran, used only to tell the v1 Windows MSI, a distro package or Homebrew
 * from pip. Returns null when no version line is found.
 */
export function parseAwsVersion(text: string, resolvedPath?: string): AwsVersionInfo | null {
  if (typeof text !== 'string') return null;
  for (const rawLine of text.split(/\r?\n|\r/)) {
    const m = LEAD_RE.exec(rawLine);
    if (!m || m.index === undefined) continue;
    const [, product, versionToken] = m;
    const version = VERSION_RE.exec(versionToken ?? '');
    if (!product || !version?.[1]) continue;
    const start = m.index + (m[0].startsWith(product) ? 0 : 1);
    const raw = rawLine.slice(start).trim();
    const tokens = tokensOf(rawLine, start);
    const cliVersion = version[0];
    // Pre-1.0 printed botocore's user agent (`Boto/0.11.0`); that version is all there is.
    const major = product === 'Boto' ? 0 : Number(version[1]);
    const platform = platformOf(tokens);
    const info: AwsVersionInfo = {
      raw,
      cliVersion,
      major,
      installKind: inferInstallKind(major, tokens, platform?.name, resolvedPath),
    };
    const python = tokens.get('Python');
    if (python && /^\d+(\.\d+)*/.test(python)) info.pythonVersion = python;
    if (platform) info.platform = `${platform.name}/${platform.value}`;
    const prompt = tokens.get('prompt');
    if (prompt === 'on' || prompt === 'off' || prompt === 'on-partial') info.autoPrompt = prompt;
    return info;
  }
  return null;
}

/**
 * The `aws-cli-python3-msi` case of the CodeCommit troubleshooting guide
 * (awsdocs/aws-codecommit-user-guide, troubleshooting-ch.md, "I get a command not found
 * error in Windows when using the credential helper"): after the v1 MSI moved to
 * Python 3, git's helper fails with `aws: command not found`. The guide's test is "the
 * Python version begins with a 3"; the mechanism (aws/aws-cli#3662, AWSCLI64PY3.msi) is
 * that the Python 3 MSI no longer ships `aws.exe`, only `aws.cmd`, and git's sh does not
 * use PATHEXT, so `aws` is not found. Rule picked: AWS CLI v1, Python 3.x, Windows, the
 * file that resolves is a `.cmd`/`.bat` inside the MSI's `Amazon\AWSCLI\` folder. A pip
 * install also has `aws.cmd` but ships an `aws` script beside it, which sh finds, so it
 * is excluded by the folder test.
 */
export function isPython3MsiV1(info: AwsVersionInfo, resolvedPath: string | null | undefined): boolean {
  if (info.major !== 1) return false;
  if (!info.pythonVersion?.startsWith('3')) return false;
  if (info.platform !== undefined && !/^windows/i.test(info.platform)) return false;
  if (!resolvedPath) return false;
  return MSI_V1_DIR_RE.test(resolvedPath) && /\.(cmd|bat)$/i.test(resolvedPath);
}
