import type { EngineContext } from '../context';
import type { GitFacts, StoreEntry, StoreKind, StoreProbeResult } from '../model';
import { accountWords } from '../../shared/redact';

// One interface for every password store git can leave a CodeCommit password in. Each
// store has one implementation, in the folder of the OS that has it; the probe, the
// planner and the fix runner reach stores only through this interface, so adding a store
// (GCM's plaintext or DPAPI files, a GUI client's own) is one new file and one list line.

export interface StoreListScope {
  /** git's settings: configured store/cache helpers name their own files and sockets. */
  git?: GitFacts;
  /** List only where this entry lives (a deletion lists again to prove what it did). */
  entry?: StoreEntry;
}

export interface DeleteResult {
  deleted: number;
  error?: string;
}

export interface CredentialStoreAdapter {
  readonly kind: StoreKind;
  /** The store as people know it ("macOS Keychain (internet password)"). */
  readonly name: string;
  /** Configured helpers name where it lives (`store --file`, `cache --socket`): listing needs git's settings. */
  readonly readsGitConfig?: boolean;
  /** CodeCommit entries only (others are counted, never described); secrets are never read. */
  list(ctx: EngineContext, scope: StoreListScope): Promise<StoreProbeResult>;
  /** Removes every item that is this entry under the store's full key, and nothing else. */
  delete(ctx: EngineContext, entry: StoreEntry): Promise<DeleteResult>;
  /**
   * The store's full key: two entries are the same item exactly when this says so (for the
   * Keychain that includes path, port and protocol; for Credential Manager the target name).
   */
  sameEntry(a: StoreEntry, b: StoreEntry): boolean;
  /** One line for people: host, account, path and where it lives — never a secret. */
  describe(entry: StoreEntry): string;
  /** What a person would type to delete it by hand (the helpdesk view), or null when nothing can. */
  deleteArgv(entry: StoreEntry): string[] | null;
  /**
   * Order for deleting several entries of this store in one fix (negative: `a` first), where
   * deleting one entry would also match another — so the narrow ones go first.
   */
  deletionOrder?(a: StoreEntry, b: StoreEntry): number;
}

const same = (a: unknown, b: unknown) => (a ?? '') === (b ?? '');

/** The key most stores share: host, port, account and path in one place. */
export function sameHostAccountPath(a: StoreEntry, b: StoreEntry): boolean {
  return (
    a.store === b.store &&
    a.location === b.location &&
    a.hostname === b.hostname &&
    same(a.account, b.account) &&
    same(a.tokenFingerprint, b.tokenFingerprint) &&
    same(a.path, b.path) &&
    (a.port ?? 0) === (b.port ?? 0)
  );
}

/** `host[:port][/path], account A` — the part of a description every store shares. */
export function describeEntryKey(e: StoreEntry): string {
  const where = `${e.hostname}${e.port ? `:${e.port}` : ''}${e.path ? `/${e.path}` : ''}`;
  return `${where}${e.account ? `, account ${accountWords(e)}` : ''}`;
}
