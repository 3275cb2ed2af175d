import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { EngineContext } from '../../context';
import { parseCodeCommitHost, splitHostPort } from '../../codecommit-host';
import type { StoreProbeResult } from '../../model';
import { helperOptionPaths } from '../helper-options';
import type { CredentialStoreAdapter } from '../store-adapter';

// git-credential-cache keeps passwords in a daemon's memory. Its protocol has no "list"
// action (git credential-cache--daemon.c serves get/store/erase/exit only), so the
// doctor can tell that a daemon is there and ask it to forget a host, nothing more.

/** The daemon's default lifetime for an entry (git-credential-cache(1), --timeout). */
export const CACHE_DEFAULT_TIMEOUT_S = 900;

async function isDir(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isDirectory();
  } catch {
    return false;
  }
}

async function isSocket(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isSocket();
  } catch {
    return false;
  }
}

function expandHome(ctx: EngineContext, p: string): string {
  if (p === '~') return ctx.home;
  if (p.startsWith('~/')) return path.join(ctx.home, p.slice(2));
  return path.resolve(ctx.cwd, p);
}

/**
 * git 2.39 credential-cache.c get_socket_path: the old `~/.git-credential-cache/socket`
 * wins while that folder exists, else `$XDG_CACHE_HOME/git/credential/socket`
 * (XDG_CACHE_HOME defaulting to ~/.cache).
 */
export async function defaultCacheSocket(ctx: EngineContext): Promise<string> {
  const old = path.join(ctx.home, '.git-credential-cache');
  if (await isDir(old)) return path.join(old, 'socket');
  const cache = ctx.env.XDG_CACHE_HOME || path.join(ctx.home, '.cache');
  return path.join(cache, 'git', 'credential', 'socket');
}

/** `sockets`: the `--socket` paths of configured cache helpers (the default one is always checked). */
export async function probeCredentialCache(
  ctx: EngineContext,
  sockets: string[] = [],
): Promise<StoreProbeResult> {
  const candidates = [...new Set([await defaultCacheSocket(ctx), ...sockets.map((s) => expandHome(ctx, s))])];
  const live: string[] = [];
  for (const s of candidates) if (await isSocket(s)) live.push(s);
  const result: StoreProbeResult = {
    store: 'git-credential-cache',
    available: live.length > 0,
    entries: [],
    ignored: 0,
  };
  if (live.length > 0) {
    result.locations = live;
    result.note =
      `a git-credential-cache daemon is running (${live.join(', ')}): it may hold CodeCommit passwords ` +
      `for up to its timeout (default ${CACHE_DEFAULT_TIMEOUT_S} s); it cannot be listed, only told to forget a host`;
  }
  return result;
}

/** Single-quotes a value for the shell that git runs helper commands through. */
function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * Asks the cache daemon to forget every credential for one CodeCommit host
 * (`host` or `host:port`, as git stores it), through git itself: the daemon's socket
 * protocol is git's private business.
 */
export async function eraseCacheHost(
  ctx: EngineContext,
  hostname: string,
  socket?: string,
): Promise<{ erased: boolean; error?: string }> {
  const { hostname: name, port } = splitHostPort(hostname);
  const host = parseCodeCommitHost(name);
  if (!host) return { erased: false, error: 'refused: not a CodeCommit host' };
  const sock = socket ? expandHome(ctx, socket) : await defaultCacheSocket(ctx);
  if (!(await isSocket(sock))) return { erased: false, error: `no git-credential-cache daemon at ${sock}` };
  const hostField = port !== undefined ? `${host.hostname}:${port}` : host.hostname;
  // git runs a helper value that is not a plain name through `sh -c`, so the path is quoted.
  const helper = `cache --socket ${shellQuote(sock)}`;
  const r = await ctx.runner(
    'git',
    ['-c', 'credential.helper=', '-c', `credential.helper=${helper}`, 'credential', 'reject'],
    {
      env: ctx.env,
      cwd: ctx.home,
      timeoutMs: ctx.timeoutMs,
      input: `protocol=https\nhost=${hostField}\n\n`,
    },
  );
  if (r.notFound) return { erased: false, error: 'git is not installed' };
  if (r.timedOut) return { erased: false, error: 'git credential reject timed out' };
  if (r.exitCode !== 0) {
    return {
      erased: false,
      error: (r.stderr.trim().split('\n')[0] ?? '') || `git exited with ${String(r.exitCode)}`,
    };
  }
  return { erased: true };
}

export const credentialCacheStore: CredentialStoreAdapter = {
  kind: 'git-credential-cache',
  readsGitConfig: true,
  name: 'git credential cache',
  list: (ctx, scope) =>
    probeCredentialCache(ctx, scope.entry ? [scope.entry.location] : helperOptionPaths(scope.git, 'cache')),
  async delete(ctx, entry) {
    const r = await eraseCacheHost(
      ctx,
      entry.port ? `${entry.hostname}:${entry.port}` : entry.hostname,
      entry.location,
    );
    return { deleted: r.erased ? 1 : 0, ...(r.error ? { error: r.error } : {}) };
  },
  // The daemon cannot be listed: an entry stands for "everything for this host in that daemon".
  sameEntry: (a, b) =>
    a.store === b.store && a.location === b.location && a.hostname === b.hostname && a.port === b.port,
  describe: (e) =>
    `everything for ${e.hostname}${e.port ? `:${e.port}` : ''} in the git credential cache (${e.location})`,
  // Fed `protocol=https` and `host=<host>` on standard input.
  deleteArgv: (e) => [
    'git',
    '-c',
    'credential.helper=',
    '-c',
    `credential.helper=cache --socket ${e.location}`,
    'credential',
    'reject',
  ],
};
