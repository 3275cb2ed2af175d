import type { GitFacts } from '../../model';

/** `--file`/`--socket` options of store/cache helpers anywhere in git config. */
export function helperOptionPaths(git: GitFacts | undefined, helper: 'store' | 'cache'): string[] {
  if (!git) return [];
  const flag = helper === 'store' ? '--file' : '--socket';
  const re = new RegExp(`^${helper}\\b.*?${flag}(?:=|\\s+)("([^"]+)"|'([^']+)'|(\\S+))`);
  const paths = new Set<string>();
  for (const e of git.config) {
    if (!/^credential\.(.*\.)?helper$/.test(e.key) || !e.value) continue;
    const m = re.exec(e.value.trim());
    const p = m?.[2] ?? m?.[3] ?? m?.[4];
    if (p) paths.add(p);
  }
  return [...paths];
}
