import type { EngineContext } from './context';
import { pathFor, pathVar } from './context';

// Resolves a program name the way the program that starts it would. `findOnPath` is
// cmd.exe's and PowerShell's lookup: each PATH entry in order and, on Windows, each
// PATHEXT extension. `findForShell` is git's: a `!` credential helper runs through
// `sh -c`, which on Windows appends `.exe` and nothing else — where the terminal finds
// aws.cmd, git's helper finds no aws at all.

const DEFAULT_PATHEXT = '.COM;.EXE;.BAT;.CMD';

function extensions(ctx: EngineContext, name: string): string[] {
  if (ctx.platform !== 'win32') return [''];
  const pathext = (ctx.env.PATHEXT || DEFAULT_PATHEXT).split(';').filter(Boolean);
  const hasExt = /\.[A-Za-z0-9]+$/.test(name);
  return hasExt ? ['', ...pathext.map((e) => e.toLowerCase())] : pathext.map((e) => e.toLowerCase());
}

/** Every match on PATH, in order (the first is what runs). */
export async function findOnPath(ctx: EngineContext, name: string): Promise<string[]> {
  const p = pathFor(ctx.platform);
  if (p.isAbsolute(name) || name.includes('/') || (ctx.platform === 'win32' && name.includes('\\'))) {
    const resolved = p.isAbsolute(name) ? name : p.resolve(ctx.cwd, name);
    for (const ext of extensions(ctx, resolved)) {
      if (await ctx.isFile(resolved + ext)) return [resolved + ext];
    }
    return [];
  }
  const sep = ctx.platform === 'win32' ? ';' : ':';
  const dirs = pathVar(ctx.env)
    .split(sep)
    .map((d) => d.replace(/^"(.*)"$/, '$1'))
    // A relative entry (`.`) is relative to the working folder, which may be the scanned
    // repository: on Windows nothing is ever looked for there (platform/win32/launch.ts).
    .filter((d) => d && (ctx.platform !== 'win32' || p.isAbsolute(d)));
  const found: string[] = [];
  const seen = new Set<string>();
  for (const dir of dirs) {
    for (const ext of extensions(ctx, name)) {
      const candidate = p.join(dir, name + ext);
      const key = ctx.platform === 'win32' ? candidate.toLowerCase() : candidate;
      if (seen.has(key)) continue;
      seen.add(key);
      if (await ctx.isFile(candidate)) found.push(candidate);
    }
  }
  return found;
}

export async function resolveProgram(ctx: EngineContext, name: string): Promise<string | null> {
  return (await findOnPath(ctx, name))[0] ?? null;
}

/**
 * What git's `sh -c` finds for a `!` helper's program: PATH in order and, on Windows, the
 * MSYS runtime's suffixes only — the name as written, then with `.exe` appended
 * (msys2-runtime winsup/cygwin/path.cc `stat_suffixes`). PATHEXT means nothing to sh, so
 * `aws.cmd`/`aws.bat` are never found for `aws` (aws/aws-cli #3662, #3815).
 */
export async function findForShell(ctx: EngineContext, name: string): Promise<string | null> {
  if (ctx.platform !== 'win32') return resolveProgram(ctx, name);
  const p = pathFor(ctx.platform);
  const suffixes = /\.exe$/i.test(name) ? [''] : ['', '.exe'];
  const candidates = async (base: string) => {
    for (const s of suffixes) if (await ctx.isFile(base + s)) return base + s;
    return null;
  };
  if (p.isAbsolute(name) || /[\\/]/.test(name)) return candidates(p.resolve(ctx.cwd, name));
  for (const dir of pathVar(ctx.env).split(';')) {
    const d = dir.replace(/^"(.*)"$/, '$1');
    if (!d || !p.isAbsolute(d)) continue;
    const found = await candidates(p.join(d, name));
    if (found) return found;
  }
  return null;
}

/**
 * A `.cmd`/`.bat` that cmd.exe and PowerShell would start for `name` where git's sh finds
 * nothing (the AWS CLI v1 MSI built with Python 3 shipped only aws.cmd, and so do other
 * wrappers): the terminal finds it, git's helper does not.
 */
export async function findCmdOnly(ctx: EngineContext, name: string): Promise<string | null> {
  if (ctx.platform !== 'win32' || /\.[A-Za-z0-9]+$/.test(pathFor(ctx.platform).basename(name))) return null;
  return (await findOnPath(ctx, name)).find((f) => /\.(cmd|bat)$/i.test(f)) ?? null;
}
