import path from 'node:path';
import type { EngineContext } from '../../context';
import { parseCodeCommitHost, splitHostPort } from '../../codecommit-host';
import type { GitFacts, StoreEntry, StoreProbeResult } from '../../model';
import { gcmSettingValues, gcmStores } from './gcm-settings';
import { helperOptionPaths } from './helper-options';
import type { CredentialStoreAdapter } from '../store-adapter';

// git-credential-cache keeps passwords in a daemon's memory. Its protocol has no "list"
// action (git credential-cache--daemon.c serves get/store/erase/exit only), so the
// doctor can tell that a daemon is there, ask whether it answers for one host, and tell it
// to forget that host — nothing more.

/** The daemon's default lifetime for an entry (git-credential-cache(1), --timeout). */
export const CACHE_DEFAULT_TIMEOUT_S = 900;

async function isKind(ctx: EngineContext, p: string, kind: 'folder' | 'socket'): Promise<boolean> {
  return (await ctx.statPath(p))?.kind === kind;
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
  if (await isKind(ctx, old, 'folder')) return path.join(old, 'socket');
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
  for (const s of candidates) if (await isKind(ctx, s, 'socket')) live.push(s);
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
 * `git credential <action>` talking to one daemon only: the configured helpers are reset
 * and no settings file is read (a `credential.username` there would narrow the request to
 * one account, and a helper there would be asked too). The socket's own folder is the
 * working directory, so no repository's settings apply either.
 */
function runCacheOnly(
  ctx: EngineContext,
  sock: string,
  action: 'reject' | 'fill',
  hostField: string,
): ReturnType<EngineContext['runner']> {
  const env: NodeJS.ProcessEnv = { ...ctx.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' };
  for (const k of Object.keys(env)) if (/^GIT_CONFIG_(PARAMETERS|COUNT|KEY_|VALUE_)/.test(k)) delete env[k];
  // git runs a helper value that is not a plain name through `sh -c`, so the path is quoted.
  const helper = `cache --socket ${shellQuote(sock)}`;
  return ctx.runner(
    'git',
    ['-c', 'credential.helper=', '-c', `credential.helper=${helper}`, 'credential', action],
    {
      env,
      cwd: path.dirname(sock),
      timeoutMs: ctx.timeoutMs,
      input: `protocol=https\nhost=${hostField}\n\n`,
    },
  );
}

/**
 * Whether the daemon still hands out a password for the host (any account, any path: the
 * daemon matches a request without them against every entry). The answer is looked at for a
 * `password=` line and dropped on the spot; it is never kept, returned or shown.
 */
async function cacheAnswers(ctx: EngineContext, sock: string, hostField: string): Promise<boolean> {
  const r = await runCacheOnly(ctx, sock, 'fill', hostField);
  if (r.notFound) throw new Error('git is not installed');
  if (r.timedOut) throw new Error(`the git credential cache (${sock}) did not answer in time`);
  // Prompts are off, so a daemon without the host makes `fill` fail with no output.
  return r.exitCode === 0 && /^password=/m.test(r.stdout);
}

type CacheTarget = { sock: string; hostField: string } | { error: string };

async function cacheTarget(ctx: EngineContext, hostname: string, socket?: string): Promise<CacheTarget> {
  const { hostname: name, port } = splitHostPort(hostname);
  const host = parseCodeCommitHost(name);
  if (!host) return { error: 'refused: not a CodeCommit host' };
  const sock = socket ? expandHome(ctx, socket) : await defaultCacheSocket(ctx);
  if (!(await isKind(ctx, sock, 'socket'))) return { error: `no git-credential-cache daemon at ${sock}` };
  return { sock, hostField: port !== undefined ? `${host.hostname}:${port}` : host.hostname };
}

/**
 * Asks the cache daemon to forget every credential for one CodeCommit host
 * (`host` or `host:port`, as git stores it), through git itself (the daemon's socket
 * protocol is git's private business), then asks it again: "erased" means the daemon no
 * longer answers for that host.
 */
export async function eraseCacheHost(
  ctx: EngineContext,
  hostname: string,
  socket?: string,
): Promise<{ erased: boolean; error?: string }> {
  const t = await cacheTarget(ctx, hostname, socket);
  if ('error' in t) return { erased: false, error: t.error };
  const r = await runCacheOnly(ctx, t.sock, 'reject', t.hostField);
  if (r.notFound) return { erased: false, error: 'git is not installed' };
  if (r.timedOut) return { erased: false, error: 'git credential reject timed out' };
  if (r.exitCode !== 0) {
    return {
      erased: false,
      error: (r.stderr.trim().split('\n')[0] ?? '') || `git exited with ${String(r.exitCode)}`,
    };
  }
  try {
    if (await cacheAnswers(ctx, t.sock, t.hostField)) {
      return {
        erased: false,
        error: `the git credential cache (${t.sock}) still answers for ${t.hostField} after it was told to forget it`,
      };
    }
  } catch (e) {
    return {
      erased: false,
      error: `erased, but the cache could not be asked again: ${(e as Error).message}`,
    };
  }
  return { erased: true };
}

/**
 * The daemon cannot be listed, but it can be asked about one host: a deletion's "before" and
 * "after" are whether it answers for the entry's host, so neither is ever assumed.
 */
async function listForEntry(ctx: EngineContext, entry: StoreEntry): Promise<StoreProbeResult> {
  const result: StoreProbeResult = {
    store: 'git-credential-cache',
    available: false,
    entries: [],
    ignored: 0,
  };
  const t = await cacheTarget(
    ctx,
    entry.port ? `${entry.hostname}:${entry.port}` : entry.hostname,
    entry.location,
  );
  if ('error' in t)
    return t.error.startsWith('no git-credential-cache') ? result : { ...result, error: t.error };
  result.available = true;
  result.locations = [t.sock];
  try {
    if (await cacheAnswers(ctx, t.sock, t.hostField)) result.entries.push({ ...entry });
  } catch (e) {
    result.error = (e as Error).message;
  }
  return result;
}

/**
 * The sockets git's settings name: `credential.helper = cache --socket …`, and GCM's
 * `credential.cacheOptions` / GCM_CREDENTIAL_CACHE_OPTIONS, which GCM hands to
 * `git credential-cache` when its credentialStore is `cache` (GCM docs/credstores.md).
 */
function configuredSockets(ctx: EngineContext, git: GitFacts | undefined): string[] {
  const gcm = gcmSettingValues(ctx, git, 'GCM_CREDENTIAL_CACHE_OPTIONS', 'cacheOptions').flatMap((o) => {
    const m = /(?:^|\s)--socket(?:=|\s+)("([^"]+)"|'([^']+)'|(\S+))/.exec(o);
    const sock = m?.[2] ?? m?.[3] ?? m?.[4];
    return sock ? [sock] : [];
  });
  return [...helperOptionPaths(git, 'cache'), ...gcm];
}

async function listCaches(ctx: EngineContext, git: GitFacts | undefined): Promise<StoreProbeResult> {
  const result = await probeCredentialCache(ctx, configuredSockets(ctx, git));
  // GCM with credentialStore = cache keeps its passwords in this same daemon.
  if (result.note && gcmStores(ctx, git).includes('cache')) {
    result.note += `; Git Credential Manager keeps its passwords there too (credential.credentialStore = cache): present, not read`;
  }
  return result;
}

export const credentialCacheStore: CredentialStoreAdapter = {
  kind: 'git-credential-cache',
  readsGitConfig: true,
  name: 'git credential cache',
  list: (ctx, scope) => (scope.entry ? listForEntry(ctx, scope.entry) : listCaches(ctx, scope.git)),
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
    `credential.helper=cache --socket ${shellQuote(e.location)}`,
    'credential',
    'reject',
  ],
};
