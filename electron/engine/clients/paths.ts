import type { EngineContext } from '../context';
import { pathFor } from '../context';
import type { PathPattern, PathRoot } from './types';

// Install paths through the context only (ctx.isFile, ctx.listDir), so a replayed Windows
// or macOS layout resolves exactly like the real one. Every listing is bounded.

/** At most this many paths are looked at for one pattern. */
const MAX_CANDIDATES = 64;

/** An environment variable by name, whatever its case (Windows names are case-insensitive). */
function envVar(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const key = Object.keys(env).find((k) => k.toUpperCase() === name.toUpperCase());
  return (key && env[key]) || undefined;
}

/** The folders each root stands for on the OS being diagnosed. */
export function rootsOf(ctx: EngineContext): Record<PathRoot, string[]> {
  const p = pathFor(ctx.platform);
  const none: Record<PathRoot, string[]> = {
    applications: [],
    home: [ctx.home],
    localAppData: [],
    appData: [],
    programFiles: [],
    programFilesX86: [],
    macAppSupport: [],
    xdgConfig: [],
  };
  if (ctx.platform === 'darwin') {
    return {
      ...none,
      applications: ['/Applications', p.join(ctx.home, 'Applications')],
      macAppSupport: [p.join(ctx.home, 'Library', 'Application Support')],
    };
  }
  if (ctx.platform === 'win32') {
    const env = ctx.env;
    return {
      ...none,
      localAppData: [envVar(env, 'LOCALAPPDATA') ?? p.join(ctx.home, 'AppData', 'Local')],
      appData: [envVar(env, 'APPDATA') ?? p.join(ctx.home, 'AppData', 'Roaming')],
      programFiles: [envVar(env, 'ProgramW6432') ?? envVar(env, 'ProgramFiles') ?? 'C:\\Program Files'],
      programFilesX86: [envVar(env, 'ProgramFiles(x86)') ?? 'C:\\Program Files (x86)'],
    };
  }
  return { ...none, xdgConfig: [envVar(ctx.env, 'XDG_CONFIG_HOME') ?? p.join(ctx.home, '.config')] };
}

/** Numbers in a folder name (`app-3.4.12` → [3, 4, 12]), to put the newest version first. */
function versionOf(name: string): number[] {
  return (name.match(/\d+/g) ?? []).map(Number);
}

export function newestFirst(a: string, b: string): number {
  const va = versionOf(a);
  const vb = versionOf(b);
  for (let i = 0; i < Math.max(va.length, vb.length); i++) {
    const d = (vb[i] ?? -1) - (va[i] ?? -1);
    if (d !== 0) return d;
  }
  return a.localeCompare(b);
}

/** A pattern's concrete paths, newest version first; `*` stands for one entry of that folder. */
export async function expand(
  ctx: EngineContext,
  pattern: PathPattern,
  entryPattern?: RegExp,
): Promise<string[]> {
  const p = pathFor(ctx.platform);
  let paths = rootsOf(ctx)[pattern.root];
  for (const segment of pattern.segments) {
    if (segment !== '*' && !segment.endsWith('-*')) {
      paths = paths.map((x) => p.join(x, segment));
      continue;
    }
    const prefix = segment.slice(0, -1);
    const next: string[] = [];
    for (const dir of paths) {
      const names = (await ctx.listDir(dir))
        .filter((n) => n.startsWith(prefix) && n !== prefix && (!entryPattern || entryPattern.test(n)))
        .sort(newestFirst);
      next.push(...names.map((n) => p.join(dir, n)));
      if (next.length >= MAX_CANDIDATES) break;
    }
    paths = next.slice(0, MAX_CANDIDATES);
  }
  return paths;
}

/** The first existing file a pattern names (newest version first), if any. */
export async function firstFile(ctx: EngineContext, pattern: PathPattern): Promise<string | undefined> {
  for (const candidate of await expand(ctx, pattern)) {
    if (await ctx.isFile(candidate)) return candidate;
  }
  return undefined;
}
