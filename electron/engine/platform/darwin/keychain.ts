import type { EngineContext } from '../../context';
import type { StoreEntry, StoreProbeResult } from '../../model';
import { describeEntryKey, sameHostAccountPath, type CredentialStoreAdapter } from '../store-adapter';
import type { RunResult } from '../../runner';
import {
  formatGitCredentialTarget,
  parseGitCredentialTarget,
  strictCodeCommitHost,
} from '../win32/git-credential-target';
import { attributeNumber, attributeText, parseDumpKeychain, type KeychainItem } from './keychain-dump';
import { failure, readKeychains, SECURITY, unreadMessage } from './keychain-read';
import { MASK } from '../../../shared/redact';
import { shownAccount } from '../account-name';
import { isGitCredentialName, localFingerprint } from '../git-keys';
import { DEFAULT_NAMESPACE, gcmNamespaces } from '../common/gcm-settings';

/** The namespace an entry was listed under (the only one its deletion may name). */
const namespacesOf = (e: StoreEntry) => [e.namespace ?? DEFAULT_NAMESPACE];

export { parseDumpKeychain, type KeychainItem } from './keychain-dump';
export { SECURITY } from './keychain-read';

// macOS Keychain adapter. git's osxkeychain helper stores internet passwords (class inet:
// server, account, path, port, protocol); Git Credential Manager stores generic passwords
// whose service is `git:https://host[/path]` (see /work/shared/notes/credential-stores.md).
// Only attributes are read: `security dump-keychain` without -d never touches a secret.

/** `errSecItemNotFound`: `SecKeychainSearchCopyNext: The specified item could not be found…`. */
const EXIT_NOT_FOUND = 44;
/** `delete-*-password` removes one match per call; a bound keeps a misbehaving tool from looping forever. */
export const MAX_DELETE_ROUNDS = 50;

const PROTOCOL_CODES: Record<string, string> = { https: 'htps', http: 'http' };
const PROTOCOL_NAMES: Record<string, string> = { htps: 'https', http: 'http' };

function internetEntry(item: KeychainItem): StoreEntry | null {
  const server = attributeText(item, 'srvr');
  const host = server !== undefined ? strictCodeCommitHost(server) : null;
  if (!host) return null;
  const port = attributeNumber(item, 'port');
  const account = attributeText(item, 'acct');
  const path = attributeText(item, 'path');
  const ptcl = attributeText(item, 'ptcl');
  const protocol = ptcl !== undefined ? PROTOCOL_NAMES[ptcl] : undefined;
  return {
    store: 'macos-keychain-internet',
    hostname: host.hostname,
    ...(port ? { port } : {}),
    ...shownAccount(account),
    ...(path !== undefined ? { path } : {}),
    ...(protocol !== undefined ? { protocol } : {}),
    location: item.keychain,
    writer: 'osxkeychain',
  };
}

function genericEntry(item: KeychainItem, namespaces: readonly string[]): StoreEntry | null {
  const service = attributeText(item, 'svce');
  // GCM on macOS keeps the account in its own attribute: a user@ in the service is not GCM's.
  const target =
    service !== undefined ? parseGitCredentialTarget(service, { allowUser: false, namespaces }) : null;
  if (!target) return null;
  const account = attributeText(item, 'acct');
  return {
    store: 'macos-keychain-generic',
    hostname: target.host.hostname,
    ...(target.port !== undefined ? { port: target.port } : {}),
    ...shownAccount(account),
    ...(target.path !== undefined ? { path: target.path } : {}),
    protocol: 'https',
    location: item.keychain,
    writer: 'GCM',
    ...(target.namespace !== DEFAULT_NAMESPACE ? { namespace: target.namespace } : {}),
  };
}

/** A generic item's full key: its keychain, service and account. */
const genericKey = (item: KeychainItem, service: string) =>
  [item.keychain, service, attributeText(item, 'acct') ?? ''].join('\n');

/** Reads CodeCommit items from the keychain search list: one result for internet, one for generic items. */
async function dumpKeychain(ctx: EngineContext, namespaces: readonly string[]): Promise<StoreProbeResult[]> {
  const read = await readKeychains(ctx);
  const internet: StoreEntry[] = [];
  const generic: StoreEntry[] = [];
  const otherGitKeys: string[] = [];
  let ignoredInternet = 0;
  let ignoredGeneric = 0;
  for (const item of read.items) {
    if (item.itemClass === 'inet') {
      const e = internetEntry(item);
      if (e) internet.push(e);
      else ignoredInternet++;
    } else if (item.itemClass === 'genp') {
      const e = genericEntry(item, namespaces);
      if (e) generic.push(e);
      else {
        ignoredGeneric++;
        const service = attributeText(item, 'svce');
        if (service !== undefined && isGitCredentialName(service, namespaces))
          otherGitKeys.push(localFingerprint(genericKey(item, service)));
      }
    }
    // Keys, certificates and other classes are not passwords: not counted as ignored credentials.
  }
  const incomplete = read.error === undefined ? unreadMessage(read) : undefined;
  return (['macos-keychain-internet', 'macos-keychain-generic'] as const).map((store, i) => ({
    store,
    available: read.available,
    entries: [internet, generic][i] ?? [],
    ignored: [ignoredInternet, ignoredGeneric][i] ?? 0,
    ...(read.error !== undefined ? { error: read.error } : {}),
    ...(incomplete !== undefined ? { incomplete } : {}),
    ...(incomplete !== undefined && !read.unreadElsewhere
      ? { unreadLocations: [...read.unread.keys()] }
      : {}),
    // One keychain behind both: a deletion of either kind proves GCM's other items stayed
    // (osxkeychain's internet passwords for other hosts cannot be told from a browser's).
    ...(otherGitKeys.length > 0 ? { otherGitKeys } : {}),
  }));
}

const UNSAFE_ARG_RE = /[\u0000-\u001f\u007f]/;

/** The exact `security delete-*-password` arguments for an entry, or a reason to refuse. */
export function keychainDeleteArgs(
  entry: StoreEntry,
): { args: string[]; match: { attr: string; value: string } } | { refused: string } {
  const host = typeof entry.hostname === 'string' ? strictCodeCommitHost(entry.hostname) : null;
  if (!host)
    return { refused: `refusing to delete: ${JSON.stringify(entry.hostname)} is not a CodeCommit host` };
  if (
    entry.account !== undefined &&
    (typeof entry.account !== 'string' || UNSAFE_ARG_RE.test(entry.account))
  ) {
    return { refused: 'refusing to delete: the account name contains control characters' };
  }
  if (entry.path !== undefined && (typeof entry.path !== 'string' || UNSAFE_ARG_RE.test(entry.path))) {
    return { refused: 'refusing to delete: the path contains control characters' };
  }
  if (entry.port !== undefined && !(Number.isInteger(entry.port) && entry.port > 0 && entry.port < 65536)) {
    return { refused: 'refusing to delete: invalid port' };
  }
  const account = entry.account !== undefined ? ['-a', entry.account] : [];
  // Restrict the search to the keychain the item was listed in (a match in the System
  // keychain would otherwise be tried too, and that one asks for an administrator).
  const keychain = /^\/.*\.keychain(-db)?$/.test(entry.location) ? [entry.location] : [];

  if (entry.store === 'macos-keychain-internet') {
    const code = entry.protocol !== undefined ? PROTOCOL_CODES[entry.protocol] : undefined;
    if (entry.protocol !== undefined && code === undefined) {
      return { refused: `refusing to delete: unknown protocol ${JSON.stringify(entry.protocol)}` };
    }
    return {
      args: [
        'delete-internet-password',
        '-s',
        host.hostname,
        ...account,
        ...(code !== undefined ? ['-r', code] : []),
        ...(entry.port !== undefined ? ['-P', String(entry.port)] : []),
        ...(entry.path !== undefined ? ['-p', entry.path] : []),
        ...keychain,
      ],
      match: { attr: 'srvr', value: host.hostname },
    };
  }
  if (entry.store === 'macos-keychain-generic') {
    const namespace = entry.namespace ?? DEFAULT_NAMESPACE;
    const service = formatGitCredentialTarget({
      namespace,
      hostname: host.hostname,
      port: entry.port,
      path: entry.path,
    });
    const back = parseGitCredentialTarget(service, { allowUser: false, namespaces: [namespace] });
    if (
      !back ||
      back.host.hostname !== host.hostname ||
      back.path !== entry.path ||
      back.port !== entry.port
    ) {
      return {
        refused: `refusing to delete: ${JSON.stringify(service)} is not exactly a CodeCommit git:https:// service`,
      };
    }
    return {
      args: ['delete-generic-password', '-s', service, ...account, ...keychain],
      match: { attr: 'svce', value: service },
    };
  }
  return { refused: `refusing to delete: ${String(entry.store)} is not a macOS keychain entry` };
}

/**
 * Deletes every keychain item matching the entry. `security delete-*-password` removes the
 * first match only (notes: credential-stores.md), so it is called until it reports exit 44.
 * Success prints the item's attributes and `password has been deleted.` on stderr, exit 0
 * (nix-installer#531).
 */
export async function deleteKeychainEntry(
  ctx: EngineContext,
  entry: StoreEntry,
): Promise<{ deleted: number; error?: string }> {
  const full = await fullAccount(ctx, entry);
  if (typeof full !== 'string' && full !== undefined) return { deleted: 0, error: full.error };
  const plan = keychainDeleteArgs(full === undefined ? entry : { ...entry, account: full });
  if ('refused' in plan) return { deleted: 0, error: plan.refused };
  const action = `security ${plan.args[0]}`;
  let deleted = 0;
  for (let round = 0; round < MAX_DELETE_ROUNDS; round++) {
    let r: RunResult;
    try {
      r = await ctx.runner(SECURITY, plan.args, { timeoutMs: ctx.timeoutMs, env: ctx.env });
    } catch (e) {
      return { deleted, error: `${action} could not run: ${(e as Error).message}` };
    }
    if (!r.timedOut && r.exitCode === EXIT_NOT_FOUND) return { deleted };
    if (r.timedOut || r.exitCode !== 0) return { deleted, error: failure(action, r, ctx.timeoutMs) };
    deleted++;
    // Defence in depth: the printed attributes must name the item we asked for.
    const printed = parseDumpKeychain(`${r.stdout}\n${r.stderr}`);
    const other = printed.find((i) => attributeText(i, plan.match.attr) !== plan.match.value);
    if (other) {
      return { deleted, error: `${action} reported deleting an unexpected item; stopped` };
    }
  }
  return { deleted, error: `${action} still found matches after ${MAX_DELETE_ROUNDS} deletions; stopped` };
}

// Both Keychain stores come from one `security dump-keychain`: calls that overlap (the
// scan lists both at once) share one run; a later call (a deletion's proof) runs afresh.
const running = new WeakMap<EngineContext, Map<string, Promise<StoreProbeResult[]>>>();

/** `namespaces`: GCM's (`credential.namespace`), the first part of its items' service names. */
export function listKeychain(
  ctx: EngineContext,
  namespaces: readonly string[] = [DEFAULT_NAMESPACE],
): Promise<StoreProbeResult[]> {
  const key = JSON.stringify(namespaces);
  const calls = running.get(ctx) ?? new Map<string, Promise<StoreProbeResult[]>>();
  running.set(ctx, calls);
  const pending = calls.get(key);
  if (pending) return pending;
  const started = dumpKeychain(ctx, namespaces).finally(() => calls.delete(key));
  calls.set(key, started);
  return started;
}

/** The entry a keychain item is listed as, for either store. */
function entryOf(item: KeychainItem, namespaces: readonly string[]): StoreEntry | null {
  if (item.itemClass === 'inet') return internetEntry(item);
  if (item.itemClass === 'genp') return genericEntry(item, namespaces);
  return null;
}

const sameItem = (a: StoreEntry, b: StoreEntry) =>
  sameHostAccountPath(a, b) &&
  (a.protocol ?? '') === (b.protocol ?? '') &&
  (a.namespace ?? DEFAULT_NAMESPACE) === (b.namespace ?? DEFAULT_NAMESPACE);

/**
 * The full account of an entry listed with a session token left out (`-a` must name it
 * exactly): the keychain is read again and the one item that is this entry gives it, in
 * this process only. undefined when the entry's account is already whole.
 */
async function fullAccount(
  ctx: EngineContext,
  entry: StoreEntry,
): Promise<string | undefined | { error: string }> {
  if (!entry.tokenFingerprint) return undefined;
  let r: RunResult;
  try {
    r = await ctx.runner(SECURITY, ['dump-keychain'], { timeoutMs: ctx.timeoutMs, env: ctx.env });
  } catch (e) {
    return { error: `security dump-keychain could not run: ${(e as Error).message}` };
  }
  // What a failing listing printed still counts (dump-keychain stops at its first error).
  const items = parseDumpKeychain(r.stdout).filter((i) => {
    const e = entryOf(i, namespacesOf(entry));
    return e !== null && e.store === entry.store && sameItem(e, entry);
  });
  const accounts = new Set(items.map((i) => attributeText(i, 'acct')));
  const account = [...accounts][0];
  if (accounts.size !== 1 || account === undefined) {
    const failed = r.timedOut || r.exitCode !== 0;
    return {
      error: failed
        ? failure('security dump-keychain', r, ctx.timeoutMs)
        : 'the item is no longer in the keychain as listed',
    };
  }
  return account;
}

const narrowness = (e: StoreEntry) => (e.path !== undefined ? 2 : 0) + (e.port !== undefined ? 1 : 0);

function keychainStore(
  kind: 'macos-keychain-internet' | 'macos-keychain-generic',
  name: string,
): CredentialStoreAdapter {
  return {
    kind,
    name,
    // GCM's namespace (`credential.namespace`, GCM_NAMESPACE) is the first part of its services.
    readsGitConfig: true,
    async list(ctx, scope) {
      const all = await listKeychain(
        ctx,
        gcmNamespaces(ctx, scope.git, scope.entry ? namespacesOf(scope.entry) : []),
      );
      return all.find((r) => r.store === kind) ?? { store: kind, available: false, entries: [], ignored: 0 };
    },
    delete: deleteKeychainEntry,
    // An item's key is its keychain, server, account, path, port and protocol: with
    // UseHttpPath each repository has an item of its own under the same account.
    sameEntry: sameItem,
    describe: (e) => `${describeEntryKey(e)} in the ${name} (${e.location})`,
    deleteArgv(e) {
      // The full account is never shown: a person types the rest of the name where it says so.
      const plan = keychainDeleteArgs(
        e.tokenFingerprint ? { ...e, account: `${e.account ?? ''}%${MASK}` } : e,
      );
      return 'refused' in plan ? null : ['security', ...plan.args];
    },
    // `security delete-*-password` cannot ask for "no path" or "no port": without -p/-P it
    // matches every path and port. Items that have one are deleted first, by their exact
    // key, so the broad delete that follows finds only the item it was meant for.
    deletionOrder: (a, b) => narrowness(b) - narrowness(a),
  };
}

export const keychainInternetStore = keychainStore(
  'macos-keychain-internet',
  'macOS Keychain (internet password)',
);
export const keychainGenericStore = keychainStore(
  'macos-keychain-generic',
  'macOS Keychain (Git Credential Manager)',
);
