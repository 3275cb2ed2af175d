import { lookup } from 'node:dns/promises';
import type { Stats } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { AccountProbeInput } from './account/target-plans';
import type { WriteVerdict } from './fixes/write-target';
import type { PathOrigin } from './login-shell-env';
import type { AccountFacts, Platform } from './model';
import { windowsLaunchGuard } from './platform/win32/launch';
import { DEFAULT_TIMEOUT_MS, realRunner, type Runner } from './runner';
import { readRegularFile, type FileReader } from './safe-read';

/**
 * Everything the engine reads from the outside world, passed in rather than taken from
 * globals, so a scan can run against a sandboxed HOME, a replayed macOS or Windows, or the
 * real machine with the same code.
 */
export interface EngineContext {
  platform: Platform;
  env: NodeJS.ProcessEnv;
  /** The user's home as git and the AWS CLI will see it (HOME, else USERPROFILE). */
  home: string;
  cwd: string;
  runner: Runner;
  /**
   * The one time limit (`--timeout`): for each program run, each AWS call with its retries,
   * each credential source; the AWS account phase as a whole gets twice this.
   */
  timeoutMs: number;
  now: () => Date;
  /** Whether a path is an existing file (injectable so a replayed Windows PATH can be resolved). */
  isFile: (p: string) => Promise<boolean>;
  /** A host's addresses from the system resolver ([] when it cannot be resolved); injectable for tests. */
  lookupHost: (host: string) => Promise<string[]>;
  /**
   * The names in a folder ([] when it is not one or cannot be read), at most LIST_DIR_LIMIT;
   * injectable so a replayed Windows or macOS install layout can be listed.
   */
  listDir: (p: string) => Promise<string[]>;
  /**
   * The one file reader (safe-read.ts `readRegularFile`: a regular file only, never past a
   * size cap); injectable so a recording captures, and a replay answers, every file read.
   */
  readFile: FileReader;
  /** What a path is and who owns it (null when it does not exist), for the probes that need more than isFile. */
  statPath: (p: string) => Promise<PathInfo | null>;
  /**
   * How the AWS account phase reaches AWS (absent: the SDK, account/probe.ts `probeAccount`).
   * A recording keeps the phase's facts whole; a replay answers with them, never the network.
   */
  accountPhase?: (input: AccountProbeInput) => Promise<AccountFacts>;
  /**
   * Whether a fix may write a file (absent: the real file system, fixes/write-target.ts);
   * a replay answers as the recorded machine did, so its plans are the recorded machine's.
   */
  inspectWrite?: (file: string) => Promise<WriteVerdict>;
  /** Where `env`'s PATH came from (the app on macOS reads the login shell's); absent: the process's own. */
  pathOrigin?: PathOrigin;
}

export type PathKind = 'file' | 'folder' | 'socket' | 'fifo' | 'device' | 'other';

export interface PathInfo {
  kind: PathKind;
  /** The owner's user id (0 on Windows, where owners are not compared). */
  uid: number;
}

/** A folder with more entries than this is not an install folder worth reading whole. */
export const LIST_DIR_LIMIT = 256;

export function toPlatform(p: NodeJS.Platform): Platform {
  if (p === 'darwin' || p === 'win32') return p;
  return 'linux';
}

export function homeFrom(env: NodeJS.ProcessEnv, platform: Platform): string {
  if (platform === 'win32') return env.USERPROFILE || env.HOME || os.homedir();
  return env.HOME || os.homedir();
}

/** What `--timeout` accepts: below a second `aws --version` alone cannot answer; ten minutes is a hung scan. */
export const TIMEOUT_BOUNDS_MS = { min: 1_000, max: 600_000 } as const;

/** A DNS answer never takes longer than this (or the timeout, when shorter): a slow resolver is a broken one. */
const DNS_LIMIT_MS = 3_000;

export function createContext(overrides: Partial<EngineContext> = {}): EngineContext {
  const platform = overrides.platform ?? toPlatform(process.platform);
  const env = overrides.env ?? process.env;
  const timeoutMs = overrides.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  // The CLI validates --timeout (TIMEOUT_BOUNDS_MS); anything else reaching here is a bug, not input.
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0)
    throw new RangeError(`timeoutMs must be a positive number of milliseconds (got ${timeoutMs})`);
  const isFile = overrides.isFile ?? isFileOnDisk;
  const runner = overrides.runner ?? realRunner;
  return {
    platform,
    env,
    home: overrides.home ?? homeFrom(env, platform),
    cwd: overrides.cwd ?? process.cwd(),
    // Windows looks for a bare program name in the working folder first: every program is
    // started by its full path, from a folder that is not the scanned repository.
    runner: platform === 'win32' ? windowsLaunchGuard(runner, env, isFile) : runner,
    timeoutMs,
    now: overrides.now ?? (() => new Date()),
    isFile,
    lookupHost:
      overrides.lookupHost ?? ((host) => lookupWithTimeout(host, Math.min(DNS_LIMIT_MS, timeoutMs))),
    listDir: overrides.listDir ?? listDirOnDisk,
    readFile: overrides.readFile ?? readRegularFile,
    statPath: overrides.statPath ?? statOnDisk,
    ...(overrides.accountPhase ? { accountPhase: overrides.accountPhase } : {}),
    ...(overrides.inspectWrite ? { inspectWrite: overrides.inspectWrite } : {}),
    ...(overrides.pathOrigin ? { pathOrigin: overrides.pathOrigin } : {}),
  };
}

/** Path functions for the platform being diagnosed (a replayed Windows scan runs on Linux). */
export function pathFor(platform: Platform): path.PlatformPath {
  return platform === 'win32' ? path.win32 : path.posix;
}

/** The PATH variable's value, whatever its case on Windows. */
export function pathVar(env: NodeJS.ProcessEnv): string {
  const key = Object.keys(env).find((k) => k.toUpperCase() === 'PATH');
  return (key && env[key]) || '';
}

async function isFileOnDisk(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isFile();
  } catch {
    return false;
  }
}

function kindOf(st: Stats): PathKind {
  if (st.isFile()) return 'file';
  if (st.isDirectory()) return 'folder';
  if (st.isSocket()) return 'socket';
  if (st.isFIFO()) return 'fifo';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'device';
  return 'other';
}

async function statOnDisk(p: string): Promise<PathInfo | null> {
  try {
    const st = await stat(p);
    return { kind: kindOf(st), uid: st.uid };
  } catch {
    return null;
  }
}

async function listDirOnDisk(p: string): Promise<string[]> {
  try {
    return (await readdir(p)).slice(0, LIST_DIR_LIMIT);
  } catch {
    return [];
  }
}

async function lookupWithTimeout(host: string, ms: number): Promise<string[]> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string[]>((resolve) => {
    timer = setTimeout(() => resolve([]), ms);
    timer.unref();
  });
  try {
    return await Promise.race([lookup(host, { all: true }).then((r) => r.map((a) => a.address)), timeout]);
  } catch {
    return [];
  } finally {
    clearTimeout(timer);
  }
}
