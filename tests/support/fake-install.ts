import path from 'node:path';
import { createContext, type EngineContext } from '../../electron/engine/context';
import type { Platform } from '../../electron/engine/model';
import type { Runner } from '../../electron/engine/runner';

// A computer's files as a set of paths (Windows and macOS layouts on any machine): the
// context answers isFile and listDir from it, and its runner refuses to run anything, so a
// test proves detection started no program.

export const WIN_HOME = 'C:\\Users\\ana';
export const MAC_HOME = '/Users/ana';

export const WIN_ENV: NodeJS.ProcessEnv = {
  USERPROFILE: WIN_HOME,
  LOCALAPPDATA: `${WIN_HOME}\\AppData\\Local`,
  APPDATA: `${WIN_HOME}\\AppData\\Roaming`,
  ProgramFiles: 'C:\\Program Files',
  'ProgramFiles(x86)': 'C:\\Program Files (x86)',
  Path: 'C:\\Windows\\System32',
};

/** What each folder lists when exactly these files exist (Windows names compared without case). */
export function folderListing(platform: Platform, files: readonly string[]): (dir: string) => string[] {
  const p = platform === 'win32' ? path.win32 : path.posix;
  const key = (x: string) => (platform === 'win32' ? x.toLowerCase() : x);
  const children = new Map<string, Set<string>>();
  for (const f of files) {
    for (let child = f, dir = p.dirname(f); dir !== child; child = dir, dir = p.dirname(dir)) {
      const names = children.get(key(dir)) ?? new Set<string>();
      names.add(p.basename(child));
      children.set(key(dir), names);
    }
  }
  return (dir) => [...(children.get(key(dir)) ?? [])];
}

export interface FakeInstall {
  ctx: EngineContext;
  /** Every command something tried to run. */
  ran: string[];
}

export function fakeInstall(
  platform: Platform,
  files: readonly string[],
  env?: NodeJS.ProcessEnv,
  /** Answers the programs that may run (the git probe's git); without it nothing may run. */
  answer?: Runner,
): FakeInstall {
  const key = (x: string) => (platform === 'win32' ? x.toLowerCase() : x);
  const fileSet = new Set(files.map(key));
  const listDir = folderListing(platform, files);
  const ran: string[] = [];
  const runner: Runner = async (command, args, options) => {
    ran.push(command);
    if (answer) return answer(command, args, options);
    throw new Error(`nothing may run here: ${command}`);
  };
  const home = platform === 'win32' ? WIN_HOME : MAC_HOME;
  const ctx = createContext({
    platform,
    home,
    env: env ?? (platform === 'win32' ? WIN_ENV : { HOME: home, PATH: '/usr/bin:/bin' }),
    runner,
    isFile: async (x) => fileSet.has(key(x)),
    listDir: async (x) => listDir(x),
  });
  return { ctx, ran };
}
