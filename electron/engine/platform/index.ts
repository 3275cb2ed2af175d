import type { EngineContext } from '../context';
import type { GitFacts, StoreEntry, StoreFacts, StoreProbeResult } from '../model';
import { deleteKeychainEntry, listKeychain } from './darwin/keychain';
import { listCredentialStore, removeCodeCommitEntries } from './linux/credential-store';
import { eraseCacheHost, probeCredentialCache } from './linux/credential-cache';
import { deleteLibsecretItem, listLibsecret } from './linux/libsecret';
import { deleteCredentialManagerTarget, listCredentialManager } from './win32/credential-manager';

// The one place that knows which password stores each OS has. Checks and the planner
// never ask "which OS?": they see StoreProbeResult lists.

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

export async function probeStores(
  ctx: EngineContext,
  git: Promise<GitFacts | undefined>,
): Promise<StoreFacts> {
  switch (ctx.platform) {
    case 'darwin':
      return { stores: await listKeychain(ctx) };
    case 'win32':
      return { stores: [await listCredentialManager(ctx)] };
    case 'linux': {
      const g = await git;
      const stores = await Promise.all([
        listLibsecret(ctx),
        listCredentialStore(ctx, helperOptionPaths(g, 'store')),
        probeCredentialCache(ctx, helperOptionPaths(g, 'cache')),
      ]);
      return { stores };
    }
  }
}

/** Lists the one store an entry lives in, fresh (used to prove a deletion did only what it said). */
export async function listStore(ctx: EngineContext, entry: StoreEntry): Promise<StoreProbeResult> {
  switch (entry.store) {
    case 'macos-keychain-internet':
    case 'macos-keychain-generic': {
      const all = await listKeychain(ctx);
      return (
        all.find((r) => r.store === entry.store) ?? {
          store: entry.store,
          available: false,
          entries: [],
          ignored: 0,
        }
      );
    }
    case 'windows-credential-manager':
      return listCredentialManager(ctx);
    case 'libsecret':
      return listLibsecret(ctx);
    case 'git-credential-store':
      return listCredentialStore(ctx, [entry.location]);
    case 'git-credential-cache':
      return probeCredentialCache(ctx, [entry.location]);
  }
}

export async function deleteStoreEntry(
  ctx: EngineContext,
  entry: StoreEntry,
): Promise<{ deleted: number; error?: string }> {
  switch (entry.store) {
    case 'macos-keychain-internet':
    case 'macos-keychain-generic':
      return deleteKeychainEntry(ctx, entry);
    case 'windows-credential-manager':
      return deleteCredentialManagerTarget(ctx, entry.location);
    case 'libsecret': {
      const r = await deleteLibsecretItem(ctx, entry);
      return { deleted: r.deleted ? 1 : 0, ...(r.error ? { error: r.error } : {}) };
    }
    case 'git-credential-store': {
      const r = await removeCodeCommitEntries(ctx, entry.location, (e) => sameStoreLine(e, entry));
      return { deleted: r.removed, ...(r.error ? { error: r.error } : {}) };
    }
    case 'git-credential-cache': {
      const r = await eraseCacheHost(
        ctx,
        entry.port ? `${entry.hostname}:${entry.port}` : entry.hostname,
        entry.location,
      );
      return { deleted: r.erased ? 1 : 0, ...(r.error ? { error: r.error } : {}) };
    }
  }
}

function sameStoreLine(e: StoreEntry, target: StoreEntry): boolean {
  return (
    e.hostname === target.hostname &&
    (e.account ?? '') === (target.account ?? '') &&
    (e.port ?? 0) === (target.port ?? 0) &&
    (e.path ?? '') === (target.path ?? '')
  );
}
