import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { EngineContext } from '../context';
import { appDataDir, ensureOwnDir } from '../fixes/app-data';
import { readFileIfExists, writeFileAtomic } from '../fixes/atomic-file';
import { unguarded } from '../platform/win32/launch';
import { realRunner } from '../runner';

// `aws --version` costs ~0.7 s of Python start-up, most of a scan's time, and the answer
// only changes when the program file does. Remember the version line per file identity
// (path, size, mtime): a re-scan after a fix, or a fleet's daily run, skips the start-up.
// Replayed runners (tests of other platforms) never use the cache.

const FILE = 'aws-version-cache.json';
const MAX_ENTRIES = 20;
const MAX_CACHE_BYTES = 256 * 1024;

type Cache = Record<string, { line: string; at: string }>;

async function identity(resolvedPath: string): Promise<string | null> {
  try {
    const s = await stat(resolvedPath);
    return `${resolvedPath}|${s.size}|${Math.round(s.mtimeMs)}`;
  } catch {
    return null;
  }
}

function cacheFile(ctx: EngineContext): string {
  return path.join(appDataDir(ctx), 'cache', FILE);
}

async function load(ctx: EngineContext): Promise<Cache> {
  try {
    // A FIFO or a giant in its place only costs the cache (readFileIfExists refuses them).
    const f = await readFileIfExists(cacheFile(ctx), { maxBytes: MAX_CACHE_BYTES });
    const parsed: unknown = f ? JSON.parse(f.data.toString('utf8')) : {};
    return parsed && typeof parsed === 'object' ? (parsed as Cache) : {};
  } catch {
    return {};
  }
}

export async function cachedVersionLine(
  ctx: EngineContext,
  resolvedPath: string,
): Promise<string | undefined> {
  if (unguarded(ctx.runner) !== realRunner) return undefined;
  const key = await identity(resolvedPath);
  if (!key) return undefined;
  const hit = (await load(ctx))[key];
  return typeof hit?.line === 'string' ? hit.line : undefined;
}

export async function rememberVersionLine(
  ctx: EngineContext,
  resolvedPath: string,
  line: string,
): Promise<void> {
  if (unguarded(ctx.runner) !== realRunner) return;
  const key = await identity(resolvedPath);
  if (!key) return;
  try {
    const cache = await load(ctx);
    cache[key] = { line, at: ctx.now().toISOString() };
    const kept = Object.entries(cache)
      .sort((a, b) => b[1].at.localeCompare(a[1].at))
      .slice(0, MAX_ENTRIES);
    const file = cacheFile(ctx);
    // Root on a user's HOME: the state folder is theirs, not ours to create or fill (NotOwnedError).
    await ensureOwnDir(path.dirname(file));
    await writeFileAtomic(file, JSON.stringify(Object.fromEntries(kept)), { mode: 0o600 });
  } catch {
    // A cache that cannot (or may not) be written only costs time.
  }
}
