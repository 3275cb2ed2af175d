import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createContext, type EngineContext } from '../../electron/engine/context';
import { computeHelperChain } from '../../electron/engine/helper-chain';
import type { HelperChain, ScanReport, TargetInput } from '../../electron/engine/model';
import { parseConfigZ } from '../../electron/engine/probes/git-config-parse';
import { realRunner } from '../../electron/engine/runner';
import { runScan } from '../../electron/engine/scan';

// A throwaway HOME for fix tests: git reads only the sandbox's global and system files
// (GIT_CONFIG_GLOBAL / GIT_CONFIG_SYSTEM), the journal lives in the sandbox
// (CODECOMMIT_DOCTOR_STATE_DIR), and a fake `aws` on PATH answers `--version` like the
// real CLI v2 so the AWS checks pass without the network.

export interface FixSandbox {
  root: string;
  home: string;
  bin: string;
  globalFile: string;
  systemFile: string;
  stateDir: string;
  env: Record<string, string>;
  ctx: EngineContext;
  scan(target: TargetInput): Promise<ScanReport>;
  git(args: string[], cwd?: string): Promise<{ code: number | null; stdout: string; stderr: string }>;
  /** The helper chain git itself reads for a URL (config listed by real git, ordered as git orders it). */
  chain(url: string): Promise<HelperChain>;
  /** Bytes of the given files (missing → null), to compare before/after. */
  snapshot(files?: string[]): Map<string, Buffer | null>;
  cleanup(): void;
}

export const AWS_V2_VERSION = 'aws-cli/2.15.30 Python/3.11.8 Linux/6.1.0 exe/x86_64.debian.12 prompt/off\n';

export function writeExecutable(file: string, body: string): void {
  writeFileSync(file, body);
  chmodSync(file, 0o755);
}

export function fakeAws(dir: string, versionLine = AWS_V2_VERSION): string {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'aws');
  writeExecutable(
    file,
    `#!/bin/sh\nif [ "$1" = "--version" ]; then printf '%s' '${versionLine.replace(/'/g, '')}'; exit 0; fi\nexit 0\n`,
  );
  return file;
}

export function createFixSandbox(
  opts: {
    global?: string;
    system?: string;
    /** Put the fake `aws` on PATH (default true). */
    awsOnPath?: boolean;
    awsVersion?: string;
    env?: Record<string, string>;
  } = {},
): FixSandbox {
  const root = mkdtempSync(path.join(os.tmpdir(), 'ccd-fix-'));
  const home = path.join(root, 'home');
  const bin = path.join(root, 'bin');
  const stateDir = path.join(root, 'state');
  mkdirSync(home);
  mkdirSync(bin);
  mkdirSync(path.join(home, '.aws'));
  writeFileSync(path.join(home, '.aws', 'config'), '[default]\nregion = us-east-1\n');
  writeFileSync(
    path.join(home, '.aws', 'credentials'),
    '[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = fixture-not-a-secret\n',
    { mode: 0o600 },
  );
  const globalFile = path.join(home, '.gitconfig');
  const systemFile = path.join(root, 'etc-gitconfig');
  if (opts.global !== undefined) writeFileSync(globalFile, opts.global);
  if (opts.system !== undefined) writeFileSync(systemFile, opts.system);
  if (opts.awsOnPath !== false) fakeAws(bin, opts.awsVersion);
  const env: Record<string, string> = {
    PATH: [bin, '/usr/bin', '/bin'].join(':'),
    HOME: home,
    USER: 'sandbox',
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_RUNTIME_DIR: path.join(root, 'run'),
    GIT_CONFIG_GLOBAL: globalFile,
    GIT_CONFIG_SYSTEM: systemFile,
    GIT_TERMINAL_PROMPT: '0',
    AWS_CONFIG_FILE: path.join(home, '.aws', 'config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(home, '.aws', 'credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    DBUS_SESSION_BUS_ADDRESS: `unix:path=${path.join(root, 'no-bus')}`,
    CODECOMMIT_DOCTOR_STATE_DIR: stateDir,
    LANG: 'C',
    LC_ALL: 'C',
    ...opts.env,
  };
  const ctx = createContext({ platform: 'linux', env, home, cwd: home, timeoutMs: 10_000 });
  const git: FixSandbox['git'] = async (args, cwd) => {
    const r = await realRunner('git', args, { env, cwd: cwd ?? home, timeoutMs: 10_000 });
    return { code: r.exitCode, stdout: r.stdout, stderr: r.stderr };
  };
  return {
    root,
    home,
    bin,
    globalFile,
    systemFile,
    stateDir,
    env,
    ctx,
    scan: (target) => runScan(ctx, { target, offline: true }),
    git,
    async chain(url) {
      const r = await git(['config', '--list', '--show-origin', '--show-scope', '-z']);
      if (r.code !== 0) throw new Error(`git config --list failed: ${r.stderr}`);
      return computeHelperChain(parseConfigZ(r.stdout), url);
    },
    snapshot(files = [globalFile, systemFile]) {
      return new Map(files.map((f) => [f, existsSync(f) ? readFileSync(f) : null]));
    },
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}
