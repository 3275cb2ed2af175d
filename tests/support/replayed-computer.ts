import { createContext, type EngineContext } from '../../electron/engine/context';
import type { Platform } from '../../electron/engine/model';
import type { RunOptions, RunResult, Runner } from '../../electron/engine/runner';
import { folderListing } from './fake-install';
import { recordedResult } from './replay-runner';

// A macOS or Windows computer replayed on any machine for a whole scan: its files (a set of
// paths), its environment, and what each program answers. Programs run in parallel during
// a scan, so answers are looked up by command and arguments rather than by order; every
// call is recorded with its working folder, and a program nobody answers for is "not found".

/** `git config --list --show-origin --show-scope -z` as git prints it. */
export function listZ(entries: readonly [scope: string, file: string, key: string, value: string][]): string {
  return entries.map(([scope, file, key, value]) => `${scope}\0file:${file}\0${key}\n${value}\0`).join('');
}

export interface RecordedCall {
  command: string;
  args: readonly string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

/** Answers one call (git's `-C <folder>` already taken off `sub`), or undefined when this program says nothing. */
export type Answer = (
  command: string,
  sub: readonly string[],
  options: RunOptions | undefined,
) => Partial<RunResult> | undefined;

export interface ReplayedComputer {
  ctx: EngineContext;
  calls: RecordedCall[];
}

export function replayedComputer(o: {
  platform: Platform;
  home: string;
  env: NodeJS.ProcessEnv;
  files: readonly string[];
  answer: Answer;
  cwd?: string;
}): ReplayedComputer {
  const key = (p: string) => (o.platform === 'win32' ? p.toLowerCase() : p);
  const files = new Set(o.files.map(key));
  // Folders list what the files below them are (install layouts are found by listing).
  const listDir = folderListing(o.platform, o.files);
  const calls: RecordedCall[] = [];
  const runner: Runner = async (command, args, options) => {
    calls.push({
      command,
      args,
      ...(options?.cwd !== undefined ? { cwd: options.cwd } : {}),
      ...(options?.env ? { env: options.env } : {}),
    });
    const sub = args[0] === '-C' ? args.slice(2) : args;
    const answered = o.answer(command, sub, options);
    return answered
      ? recordedResult(command, args, answered)
      : recordedResult(command, args, { exitCode: null, notFound: true });
  };
  const ctx = createContext({
    platform: o.platform,
    env: o.env,
    home: o.home,
    cwd: o.cwd ?? o.home,
    runner,
    timeoutMs: 5000,
    isFile: async (p) => files.has(key(p)),
    listDir: async (dir) => listDir(dir),
  });
  return { ctx, calls };
}
