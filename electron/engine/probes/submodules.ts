import { safeWindowsCwd } from '../platform/win32/launch';
import type { EngineContext } from '../context';
import { pathFor } from '../context';

// The submodules a repository folder declares in its `.gitmodules`, read by git itself
// (`git config --file .gitmodules -z --list`, never a hand parser). Their URLs become
// targets of their own (targets.ts): a submodule is cloned by a separate git that does not
// read the superproject's own settings, so it needs its own way in.

export interface DeclaredSubmodule {
  name: string;
  path?: string;
  /** As written in .gitmodules (may be relative: `../lib`). */
  url: string;
}

/** `git config -z --list` output (key LF value NUL; a valueless key has no LF) → entries. */
export function parseListZ(stdout: string): { key: string; value: string | null }[] {
  return stdout
    .split('\0')
    .filter(Boolean)
    .map((item) => {
      const lf = item.indexOf('\n');
      return lf < 0 ? { key: item, value: null } : { key: item.slice(0, lf), value: item.slice(lf + 1) };
    });
}

/** `submodule.<name>.<var>` entries → one record per name that has a URL, in file order. */
export function submodulesOf(entries: { key: string; value: string | null }[]): DeclaredSubmodule[] {
  const byName = new Map<string, { path?: string; url?: string }>();
  for (const { key, value } of entries) {
    const m = /^submodule\.(.+)\.(url|path)$/i.exec(key);
    if (!m?.[1] || value === null) continue;
    const rec = byName.get(m[1]) ?? {};
    if ((m[2] as string).toLowerCase() === 'url') rec.url = value;
    else rec.path = value;
    byName.set(m[1], rec);
  }
  return [...byName].flatMap(([name, r]) =>
    r.url ? [{ name, url: r.url, ...(r.path !== undefined ? { path: r.path } : {}) }] : [],
  );
}

/**
 * The folder's `.gitmodules`, as git reads it. Nothing when the folder is not a work tree,
 * has no `.gitmodules`, or git cannot read it (a FIFO or a device there is never opened:
 * only a regular file is handed to git).
 */
export async function probeSubmodules(
  ctx: EngineContext,
  dir: string,
  git: string,
): Promise<DeclaredSubmodule[]> {
  const run = (args: string[]) =>
    ctx.runner(git, args, {
      env: ctx.env,
      timeoutMs: ctx.timeoutMs,
      ...(ctx.platform === 'win32' ? { cwd: safeWindowsCwd(ctx.env) } : {}),
    });
  const top = await run(['-C', dir, 'rev-parse', '--show-toplevel']);
  const root = top.exitCode === 0 && !top.timedOut ? top.stdout.trim() : '';
  if (!root) return [];
  const file = pathFor(ctx.platform).join(root, '.gitmodules');
  if (!(await ctx.isFile(file))) return [];
  const list = await run(['config', '--file', file, '-z', '--list']);
  if (list.exitCode !== 0 || list.timedOut) return [];
  return submodulesOf(parseListZ(list.stdout));
}
