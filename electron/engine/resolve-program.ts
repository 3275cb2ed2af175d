import type { EngineContext } from './context';
import { pathFor, pathVar } from './context';

// Resolves a program name the way the shell that runs it would: each PATH entry in
// order and, on Windows, each PATHEXT extension (this is how `aws` becomes `aws.cmd`
// for the AWS CLI v1 MSI, the case the troubleshooting guide singles out).

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
