import { createContext, type EngineContext } from '../../electron/engine/context';
import type { FixOffer, Platform, StoreEntry } from '../../electron/engine/model';
import { parseDumpKeychain } from '../../electron/engine/platform/darwin/keychain-dump';
import { SECURITY } from '../../electron/engine/platform/darwin/keychain-read';
import type { Runner } from '../../electron/engine/runner';
import type { ExpectedCall } from './replay-runner';

// What one listing of the macOS keychains runs, replayed: the search list (`security
// list-keychains`, printed as keychain_list.c display_name does and as the real sample
// tests/fixtures/darwin/security-list-keychains.jdk-macsign.txt shows), the dump of all of
// them, then a dump of each keychain of the list that showed no item (KCCursor skips a
// keychain it cannot open without a word, so "no item" must be asked again).

/** `    "<path>"` a line. */
export function searchListOutput(keychains: readonly string[]): string {
  return keychains.map((k) => `    "${k}"\n`).join('');
}

/** The keychains a dump names, first seen first: a search list that matches it. */
export function keychainsOf(dump: string): string[] {
  return [...new Set(parseDumpKeychain(dump).map((i) => i.keychain))];
}

export function keychainListing(
  dump: string,
  searchList: readonly string[] = keychainsOf(dump),
): ExpectedCall[] {
  const seen = new Set(parseDumpKeychain(dump).map((i) => i.keychain));
  return [
    { command: SECURITY, args: ['list-keychains'], result: { stdout: searchListOutput(searchList) } },
    { command: SECURITY, args: ['dump-keychain'], result: { stdout: dump } },
    ...searchList
      .filter((k) => !seen.has(k))
      .map((k) => ({ command: SECURITY, args: ['dump-keychain', k], result: { stdout: '' } })),
  ];
}

/**
 * A computer where only `runner` answers: no file exists, nothing resolves (the stores need
 * nothing else). A replayed Windows on any machine as well as a Mac.
 */
export function replayedComputer(
  platform: Platform,
  runner: Runner,
  o: { home?: string; env?: NodeJS.ProcessEnv } = {},
): EngineContext {
  const home = o.home ?? (platform === 'win32' ? 'C:\\Users\\ana' : '/Users/ana');
  return createContext({
    platform,
    env: o.env ?? (platform === 'win32' ? { USERPROFILE: home } : { HOME: home, PATH: '/usr/bin:/bin' }),
    home,
    cwd: home,
    runner,
    timeoutMs: 5_000,
    isFile: async () => false,
    listDir: async () => [],
    lookupHost: async () => [],
  });
}

export function replayedMac(runner: Runner, home = '/Users/ana'): EngineContext {
  return replayedComputer('darwin', runner, { home });
}

/** The offer the cached-credentials finding makes: one delete step per entry, in this order. */
export function deletionOffer(entries: StoreEntry[]): FixOffer {
  return {
    id: 'cached-codecommit-credentials:delete:test',
    findingCode: 'cached-codecommit-credentials',
    kind: 'fix',
    title: 'Delete saved passwords',
    description: '',
    steps: entries.map((entry) => ({ type: 'delete-credential' as const, entry })),
    preview: [],
    reversible: false,
    needsAdmin: false,
    applicable: true,
  };
}
