import type { EngineContext } from '../../context';
import type { StoreEntry, StoreKind, StoreProbeResult } from '../../model';
import type { RunResult } from '../../runner';
import { shownAccount } from '../account-name';
import { localFingerprint } from '../git-keys';
import {
  DESKTOP_SERVICE_PREFIX,
  formatDesktopService,
  formatJetBrainsKey,
  JETBRAINS_SERVICE_PREFIX,
  parseDesktopService,
  parseJetBrainsService,
  type ClientKey,
} from '../common/client-keys';
import { describeEntryKey, sameHostAccountPath, type CredentialStoreAdapter } from '../store-adapter';
import { attributeText, parseDumpKeychain, type KeychainItem } from './keychain-dump';
import { failure, readKeychains, SECURITY, unreadMessage } from './keychain-read';

// The passwords GUI clients keep in the macOS Keychain themselves, as generic passwords
// (service + account; keytar for GitHub Desktop, KeyChainCredentialStore for JetBrains IDEs:
// SecKeychainAddGenericPassword in both). Listed from `security dump-keychain` without -d
// (attributes only), deleted by the exact service and account of the one item listed.

interface ClientKeychainFormat {
  kind: StoreKind;
  /** The start of every service the client writes: its items for other hosts are the deletion's proof. */
  prefix: string;
  name: string;
  writer: string;
  /** The CodeCommit key of an item, or null for anything that is not exactly this client's CodeCommit item. */
  parse(service: string, account: string | undefined): ClientKey | null;
  /** The service (and account) a person would type to delete the entry. */
  service(e: StoreEntry): string;
  account(e: StoreEntry): string | undefined;
}

const EXIT_NOT_FOUND = 44;

function entryOf(format: ClientKeychainFormat, item: KeychainItem): StoreEntry | null {
  if (item.itemClass !== 'genp') return null;
  const service = attributeText(item, 'svce');
  const account = attributeText(item, 'acct');
  const key = service !== undefined ? format.parse(service, account) : null;
  if (!key) return null;
  // JetBrains' account is the whole key: the login inside it is the user name people know.
  const user = key.login ?? account;
  return {
    store: format.kind,
    hostname: key.host.hostname,
    ...(key.port !== undefined ? { port: key.port } : {}),
    ...shownAccount(user),
    ...(key.path !== undefined ? { path: key.path } : {}),
    protocol: key.protocol,
    location: item.keychain,
    writer: format.writer,
  };
}

const sameItem = (a: StoreEntry, b: StoreEntry) =>
  sameHostAccountPath(a, b) && (a.protocol ?? '') === (b.protocol ?? '');

async function listClientKeychain(
  ctx: EngineContext,
  format: ClientKeychainFormat,
): Promise<StoreProbeResult> {
  const read = await readKeychains(ctx);
  const entries: StoreEntry[] = [];
  const otherGitKeys: string[] = [];
  let ignored = 0;
  for (const item of read.items) {
    if (item.itemClass !== 'genp') continue;
    const e = entryOf(format, item);
    if (e) {
      entries.push(e);
      continue;
    }
    ignored++;
    // The client's items for other hosts (Desktop's GitHub sign-in): a deletion proves they stayed.
    const service = attributeText(item, 'svce');
    if (service?.startsWith(format.prefix))
      otherGitKeys.push(
        localFingerprint([item.keychain, service, attributeText(item, 'acct') ?? ''].join('\n')),
      );
  }
  const incomplete = read.error === undefined ? unreadMessage(read) : undefined;
  return {
    store: format.kind,
    available: read.available,
    entries,
    ignored,
    ...(read.error !== undefined ? { error: read.error } : {}),
    ...(incomplete !== undefined ? { incomplete } : {}),
    ...(otherGitKeys.length > 0 ? { otherGitKeys } : {}),
  };
}

const UNSAFE_RE = /[\u0000-\u001f\u007f]/;

/**
 * Deletes the entry: the keychain is read again and each item that is this entry is deleted
 * by its exact service, account and keychain (`security delete-generic-password` matches
 * those exactly and removes one item per call). Nothing is deleted that was not listed as it.
 */
async function deleteClientKeychainEntry(
  ctx: EngineContext,
  format: ClientKeychainFormat,
  entry: StoreEntry,
): Promise<{ deleted: number; error?: string }> {
  if (entry.store !== format.kind)
    return { deleted: 0, error: `refusing to delete: not a ${format.name} entry` };
  let r: RunResult;
  try {
    r = await ctx.runner(SECURITY, ['dump-keychain'], { timeoutMs: ctx.timeoutMs, env: ctx.env });
  } catch (e) {
    return { deleted: 0, error: `security dump-keychain could not run: ${(e as Error).message}` };
  }
  const items = parseDumpKeychain(r.stdout).filter((i) => {
    const e = entryOf(format, i);
    return e !== null && sameItem(e, entry);
  });
  if (items.length === 0) {
    const failed = r.timedOut || r.exitCode !== 0;
    return failed
      ? { deleted: 0, error: failure('security dump-keychain', r, ctx.timeoutMs) }
      : { deleted: 0 };
  }
  let deleted = 0;
  for (const item of items) {
    const service = attributeText(item, 'svce') ?? '';
    const account = attributeText(item, 'acct');
    if (UNSAFE_RE.test(service) || (account !== undefined && UNSAFE_RE.test(account)))
      return { deleted, error: 'refusing to delete: the item name contains control characters' };
    const args = [
      'delete-generic-password',
      '-s',
      service,
      ...(account !== undefined ? ['-a', account] : []),
      ...(/^\/.*\.keychain(-db)?$/.test(item.keychain) ? [item.keychain] : []),
    ];
    let d: RunResult;
    try {
      d = await ctx.runner(SECURITY, args, { timeoutMs: ctx.timeoutMs, env: ctx.env });
    } catch (e) {
      return { deleted, error: `security delete-generic-password could not run: ${(e as Error).message}` };
    }
    if (!d.timedOut && d.exitCode === EXIT_NOT_FOUND) continue;
    if (d.timedOut || d.exitCode !== 0)
      return { deleted, error: failure('security delete-generic-password', d, ctx.timeoutMs) };
    deleted++;
    // Defence in depth: what `security` printed as deleted must be the item asked for.
    const printed = parseDumpKeychain(`${d.stdout}\n${d.stderr}`);
    if (printed.some((p) => attributeText(p, 'svce') !== service))
      return {
        deleted,
        error: 'security delete-generic-password reported deleting an unexpected item; stopped',
      };
  }
  return { deleted };
}

function clientKeychainStore(format: ClientKeychainFormat): CredentialStoreAdapter {
  return {
    kind: format.kind,
    name: format.name,
    // Not for git's settings: so that it is listed together with the other Keychain stores
    // (which wait for them) and shares their one read of the keychains (keychain-read.ts).
    readsGitConfig: true,
    list: (ctx) => listClientKeychain(ctx, format),
    delete: (ctx, entry) => deleteClientKeychainEntry(ctx, format, entry),
    sameEntry: sameItem,
    describe: (e) => `${describeEntryKey(e)} in the ${format.name} (${e.location})`,
    deleteArgv(e) {
      if (e.tokenFingerprint) return null;
      const account = format.account(e);
      return [
        'security',
        'delete-generic-password',
        '-s',
        format.service(e),
        ...(account !== undefined ? ['-a', account] : []),
        ...(/^\/.*\.keychain(-db)?$/.test(e.location) ? [e.location] : []),
      ];
    },
  };
}

export const githubDesktopKeychainStore = clientKeychainStore({
  kind: 'github-desktop-keychain',
  prefix: DESKTOP_SERVICE_PREFIX,
  name: "macOS Keychain (GitHub Desktop's own passwords)",
  writer: 'GitHub Desktop',
  parse: (service) => parseDesktopService(service),
  service: (e) => formatDesktopService(e),
  account: (e) => e.account,
});

const jetbrainsKey = (e: StoreEntry) =>
  formatJetBrainsKey({ ...e, ...(e.account !== undefined ? { login: e.account } : {}) });

export const jetbrainsKeychainStore = clientKeychainStore({
  kind: 'jetbrains-keychain',
  prefix: JETBRAINS_SERVICE_PREFIX,
  name: "macOS Keychain (a JetBrains IDE's own passwords)",
  writer: 'JetBrains IDE',
  parse: parseJetBrainsService,
  service: (e) => `${JETBRAINS_SERVICE_PREFIX}${jetbrainsKey(e)}`,
  account: jetbrainsKey,
});
