import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createContext, type EngineContext } from '../../electron/engine/context';
import type { FindingCode, ScanReport, TargetInput } from '../../electron/engine/model';
import { runScan } from '../../electron/engine/scan';

// A throwaway HOME with real git and the real AWS CLI (/usr/bin/aws): the set-up a person has
// (git settings, AWS files, programs on PATH, files anywhere under HOME), then a scan of it.

export interface ScanSetup {
  gitconfig?: string;
  /** ~/.aws/config and ~/.aws/credentials; null: the file does not exist at all. */
  awsConfig?: string | null;
  awsCredentials?: string | null;
  /** Programs in the sandbox's bin folder: name → file text (mode 755 unless `mode` says). */
  bin?: Record<string, string | { text: string; mode: number }>;
  /** Links in the bin folder: name → target. */
  links?: Record<string, string>;
  /** Any other file: path relative to HOME → text. `__HOME__` in any text above becomes the sandbox's HOME. */
  files?: Record<string, string>;
  /** Links anywhere under HOME: path relative to HOME → target. */
  homeLinks?: Record<string, string>;
  /** PATH entries after the sandbox bin dir (default /usr/bin:/bin). */
  path?: string[];
  env?: Record<string, string>;
  repo?: { remotes: Record<string, string> };
}

export interface Sandboxed {
  home: string;
  bin: string;
  env: NodeJS.ProcessEnv;
  ctx: EngineContext;
}

const homes: string[] = [];

/** Removes every sandbox made so far (afterAll). */
export function removeSandboxes(): void {
  for (const h of homes.splice(0)) rmSync(h, { recursive: true, force: true });
}

function write(file: string, text: string, mode?: number): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  if (mode !== undefined) chmodSync(file, mode);
}

export async function makeSandbox(setup: ScanSetup): Promise<Sandboxed> {
  const home = mkdtempSync(path.join(tmpdir(), 'ccd-causes-'));
  homes.push(home);
  const bin = path.join(home, 'bin');
  mkdirSync(bin);
  const here = (text: string) => text.replaceAll('__HOME__', home);
  for (const [name, body] of Object.entries(setup.bin ?? {})) {
    const { text, mode } = typeof body === 'string' ? { text: body, mode: 0o755 } : body;
    write(path.join(bin, name), here(text), mode);
  }
  for (const [name, target] of Object.entries(setup.links ?? {})) symlinkSync(target, path.join(bin, name));
  for (const [rel, text] of Object.entries(setup.files ?? {})) write(path.join(home, rel), here(text));
  for (const [rel, target] of Object.entries(setup.homeLinks ?? {})) {
    mkdirSync(path.dirname(path.join(home, rel)), { recursive: true });
    symlinkSync(target, path.join(home, rel));
  }
  write(path.join(home, '.gitconfig'), setup.gitconfig ?? '');
  if (setup.awsConfig !== null)
    write(path.join(home, '.aws', 'config'), setup.awsConfig ?? '[default]\nregion = us-east-2\n');
  if (setup.awsCredentials !== null)
    write(path.join(home, '.aws', 'credentials'), setup.awsCredentials ?? '');
  const env: NodeJS.ProcessEnv = {
    HOME: home,
    PATH: [bin, ...(setup.path ?? ['/usr/bin', '/bin'])].join(':'),
    GIT_CONFIG_GLOBAL: path.join(home, '.gitconfig'),
    GIT_CONFIG_NOSYSTEM: '1',
    AWS_EC2_METADATA_DISABLED: 'true',
    LANG: 'C',
    ...setup.env,
  };
  const ctx = createContext({ env, home, cwd: home, platform: 'linux', timeoutMs: 20_000 });
  if (setup.repo) await initRepo(ctx, path.join(home, 'repo'), setup.repo.remotes);
  return { home, bin, env, ctx };
}

/** `git init` a folder and add its remotes, with the sandbox's git and environment. */
export async function initRepo(
  ctx: EngineContext,
  dir: string,
  remotes: Record<string, string>,
): Promise<void> {
  mkdirSync(dir, { recursive: true });
  await ctx.runner('git', ['init', '-q', dir], { env: ctx.env });
  for (const [name, url] of Object.entries(remotes)) {
    await ctx.runner('git', ['-C', dir, 'remote', 'add', name, url], { env: ctx.env });
  }
}

/** The sandbox, scanned offline (the local causes need no network). */
export async function scanSandbox(
  setup: ScanSetup,
  target: TargetInput | ((home: string) => TargetInput),
): Promise<ScanReport & { sandbox: Sandboxed }> {
  const sandbox = await makeSandbox(setup);
  const t = typeof target === 'function' ? target(sandbox.home) : target;
  const report = await runScan(sandbox.ctx, { target: t, offline: true });
  return { ...report, sandbox };
}

/** The codes a report names, sorted, once each. */
export function codesOf(r: ScanReport): FindingCode[] {
  return [...new Set(r.findings.map((f) => f.code))].sort();
}

/** The CodeCommit address the sandboxed tests diagnose. */
export const SANDBOX_HOST = 'git-codecommit.us-east-2.amazonaws.com';
export const SANDBOX_URL = `https://${SANDBOX_HOST}/v1/repos/demo`;

/** Real `git credential fill` for the sandbox's address: what git's helpers answer. */
export async function credentialFill(
  s: Sandboxed,
): Promise<{ code: number | null; out: string; err: string }> {
  const r = await s.ctx.runner('git', ['credential', 'fill'], {
    env: s.env,
    cwd: s.home,
    input: `protocol=https\nhost=${SANDBOX_HOST}\npath=v1/repos/demo\n\n`,
    timeoutMs: 20_000,
  });
  return { code: r.exitCode, out: r.stdout, err: r.stderr };
}
