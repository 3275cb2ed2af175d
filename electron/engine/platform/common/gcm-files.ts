import { lstat, realpath, stat, unlink } from 'node:fs/promises';
import type { EngineContext } from '../../context';
import { LIST_DIR_LIMIT, pathFor } from '../../context';
import type { StoreEntry, StoreProbeResult } from '../../model';
import { maskSessionTokens } from '../../../shared/redact';
import { shownAccount } from '../account-name';
import { describeEntryKey, sameHostAccountPath, type CredentialStoreAdapter } from '../store-adapter';
import { strictCodeCommitHost } from '../win32/git-credential-target';
import { DEFAULT_NAMESPACE, gcmFileStoreRoots, gcmNamespaces, type GcmFileStore } from './gcm-settings';

// Git Credential Manager's file stores: `plaintext` (every OS), `dpapi` (Windows) and `gpg`
// (GNU pass, macOS and Linux). One file per credential, in a folder tree named after the
// service (git-credential-manager src/shared/Core/PlaintextCredentialStore.cs
// CreateServiceSlug and AddOrUpdate; DpapiCredentialStore.cs and GpgPassCredentialStore.cs
// keep the tree and change only the first line or the encryption):
//
//   <root>/<namespace>/https/<host>[:port]/<path…>/<account>.credential   (`-port` on Windows;
//                                                                         `.gpg` for pass)
//
// The first line of a file is the password (DPAPI- or GPG-encrypted in the other two), so
// the doctor lists these stores by path alone and never opens a file: what a file holds is
// present, not read. Deleting one is what GCM's own Remove does: the file goes.

const MAX_DEPTH = 12;
const MAX_FILES = 2_000;

interface Spec {
  kind: 'gcm-plaintext' | 'gcm-dpapi' | 'gcm-gpg';
  store: GcmFileStore;
  name: string;
  ext: string;
}

const SPECS: Record<GcmFileStore, Spec> = {
  plaintext: {
    kind: 'gcm-plaintext',
    store: 'plaintext',
    name: "Git Credential Manager's plaintext store",
    ext: '.credential',
  },
  dpapi: {
    kind: 'gcm-dpapi',
    store: 'dpapi',
    name: "Git Credential Manager's DPAPI store",
    ext: '.credential',
  },
  gpg: { kind: 'gcm-gpg', store: 'gpg', name: "Git Credential Manager's gpg (pass) store", ext: '.gpg' },
};

/** A host folder's name: `host`, `host:port` (macOS, Linux) or `host-port` (Windows). */
function hostFolder(ctx: EngineContext, name: string): { hostname: string; port?: number } | null {
  const m = (ctx.platform === 'win32' ? /^(.+?)(?:-(\d{1,5}))?$/ : /^(.+?)(?::(\d{1,5}))?$/).exec(name);
  const host = m?.[1] !== undefined ? strictCodeCommitHost(m[1]) : null;
  if (!host) return null;
  const port = m?.[2] !== undefined ? Number(m[2]) : undefined;
  if (port !== undefined && (port < 1 || port > 65535)) return null;
  return { hostname: host.hostname, ...(port !== undefined ? { port } : {}) };
}

interface Walk {
  files: string[];
  /** A folder held more names than the doctor lists, or the tree more files. */
  capped: boolean;
}

async function walk(ctx: EngineContext, dir: string, ext: string, depth: number, into: Walk): Promise<void> {
  const p = pathFor(ctx.platform);
  const names = await ctx.listDir(dir);
  if (names.length >= LIST_DIR_LIMIT) into.capped = true;
  for (const name of names) {
    if (into.files.length >= MAX_FILES) {
      into.capped = true;
      return;
    }
    const full = p.join(dir, name);
    if (name.endsWith(ext) && (await ctx.isFile(full))) into.files.push(full);
    else if (depth < MAX_DEPTH && !(await ctx.isFile(full))) await walk(ctx, full, ext, depth + 1, into);
  }
}

/**
 * The entry a file stands for. The path after the host folder is the repository path, then
 * the account: `v1/repos/<name>` is the only path CodeCommit has, and an account may itself
 * hold a `/` (a session token does), so the account is whatever follows.
 */
function fileEntry(
  spec: Spec,
  ctx: EngineContext,
  file: string,
  hostDir: string,
  host: { hostname: string; port?: number },
  namespace: string,
): StoreEntry {
  const p = pathFor(ctx.platform);
  const rel = p.relative(hostDir, file).split(p.sep);
  const hasPath = rel.length >= 4 && rel[0] === 'v1' && rel[1] === 'repos';
  const account = (hasPath ? rel.slice(3) : rel).join('/').slice(0, -spec.ext.length);
  return {
    store: spec.kind,
    hostname: host.hostname,
    ...(host.port !== undefined ? { port: host.port } : {}),
    ...shownAccount(account === '' ? undefined : account),
    ...(hasPath ? { path: rel.slice(0, 3).join('/') } : {}),
    protocol: 'https',
    // The file is named after the account: a session token in it is masked.
    location: maskSessionTokens(file),
    writer: 'GCM',
    ...(namespace !== DEFAULT_NAMESPACE ? { namespace } : {}),
  };
}

interface Listed {
  result: StoreProbeResult;
  /** The real file of each entry, in this process only (its name may hold a session token). */
  files: Map<StoreEntry, string>;
}

async function listRoots(
  ctx: EngineContext,
  spec: Spec,
  roots: readonly string[],
  namespaces: readonly string[],
): Promise<Listed> {
  const p = pathFor(ctx.platform);
  const files = new Map<StoreEntry, string>();
  const result: StoreProbeResult = { store: spec.kind, available: false, entries: [], ignored: 0 };
  const capped: string[] = [];
  for (const root of roots) {
    if ((await ctx.listDir(root)).length > 0) result.available = true;
    for (const ns of namespaces) {
      const https = ns === '' ? p.join(root, 'https') : p.join(root, ns, 'https');
      for (const name of await ctx.listDir(https)) {
        const host = hostFolder(ctx, name);
        if (!host) {
          result.ignored++;
          continue;
        }
        const hostDir = p.join(https, name);
        const found: Walk = { files: [], capped: false };
        await walk(ctx, hostDir, spec.ext, 0, found);
        if (found.capped) capped.push(hostDir);
        for (const file of found.files) {
          const entry = fileEntry(spec, ctx, file, hostDir, host, ns);
          result.entries.push(entry);
          files.set(entry, file);
        }
      }
    }
  }
  if (capped.length > 0) {
    result.incomplete = `more files than the doctor lists in ${capped.join(', ')}: the rest were not listed`;
  }
  return { result, files };
}

/** The store folder an entry's file lies in: the part before `<namespace>/https/<host folder>`. */
function rootOf(ctx: EngineContext, entry: StoreEntry): string | null {
  const p = pathFor(ctx.platform);
  const ns = entry.namespace ?? DEFAULT_NAMESPACE;
  const segments = entry.location.split(p.sep);
  for (let i = segments.length - 2; i >= 1; i--) {
    if (segments[i] !== 'https' || hostFolder(ctx, segments[i + 1] ?? '')?.hostname !== entry.hostname)
      continue;
    if (ns === '') return segments.slice(0, i).join(p.sep);
    if (segments[i - 1] === ns) return segments.slice(0, i - 1).join(p.sep);
  }
  return null;
}

function listFor(ctx: EngineContext, spec: Spec, entry: StoreEntry): Promise<Listed> {
  const root = rootOf(ctx, entry);
  return listRoots(ctx, spec, root === null ? [] : [root], [entry.namespace ?? DEFAULT_NAMESPACE]);
}

const sameFile = (a: StoreEntry, b: StoreEntry) =>
  sameHostAccountPath(a, b) && (a.namespace ?? DEFAULT_NAMESPACE) === (b.namespace ?? DEFAULT_NAMESPACE);

async function removeFile(
  ctx: EngineContext,
  spec: Spec,
  entry: StoreEntry,
  file: string,
): Promise<string | null> {
  const p = pathFor(ctx.platform);
  const root = rootOf(ctx, entry);
  if (root === null || !file.startsWith(root + p.sep) || !file.endsWith(spec.ext))
    return `refusing to delete ${entry.location}: not a file of ${spec.name}`;
  // A linked folder inside the store could lead to another host's files (GitHub's): the
  // folder the file really is in must be the one its name says.
  if (!(await insideRoot(p.dirname(file), root, p)))
    return `refusing to delete ${entry.location}: its folder leads outside ${spec.name}`;
  try {
    const st = await lstat(file);
    // A link is removed as a link: whatever it points at stays.
    if (!st.isFile() && !st.isSymbolicLink()) return `${entry.location} is not a regular file`;
    // The folder's mode is a choice to respect (root passes access(2) on anything).
    if (((await stat(p.dirname(file))).mode & 0o200) === 0)
      return `${p.dirname(entry.location)} is read-only`;
    await unlink(file);
    return null;
  } catch (e) {
    return `could not delete ${entry.location}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`;
  }
}

function fileStore(store: GcmFileStore): CredentialStoreAdapter {
  const spec = SPECS[store];
  return {
    kind: spec.kind,
    name: spec.name,
    readsGitConfig: true,
    async list(ctx, scope) {
      if (scope.entry) return (await listFor(ctx, spec, scope.entry)).result;
      const roots = gcmFileStoreRoots(ctx, scope.git, store);
      return (await listRoots(ctx, spec, roots, gcmNamespaces(ctx, scope.git))).result;
    },
    async delete(ctx, entry) {
      // Listed again: the entry's file, by its full key (its name may hold a session token).
      const { files } = await listFor(ctx, spec, entry);
      let deleted = 0;
      for (const [e, file] of files) {
        if (!sameFile(e, entry)) continue;
        const error = await removeFile(ctx, spec, entry, file);
        if (error) return { deleted, error };
        deleted++;
      }
      return { deleted };
    },
    // A file is its namespace, host, port, path and account: its full path.
    sameEntry: sameFile,
    describe: (e) => `${describeEntryKey(e)} in ${spec.name} (file ${e.location}: present, not read)`,
    // A masked session token is no file name to paste (and `***` is a glob): no manual command.
    deleteArgv: (e) =>
      e.tokenFingerprint ? null : e.location.startsWith('/') ? ['rm', e.location] : ['del', e.location],
  };
}

/** The folder is where its name says, under the store's real root: no linked folder on the way. */
async function insideRoot(dir: string, root: string, p: ReturnType<typeof pathFor>): Promise<boolean> {
  try {
    const [real, realRoot] = await Promise.all([realpath(dir), realpath(root)]);
    return real === p.join(realRoot, p.relative(root, dir));
  } catch {
    return false;
  }
}

export const gcmPlaintextStore = fileStore('plaintext');
export const gcmDpapiStore = fileStore('dpapi');
export const gcmGpgStore = fileStore('gpg');
