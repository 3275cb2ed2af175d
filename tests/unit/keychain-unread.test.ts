import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { applyFix } from '../../electron/engine/fixes/apply';
import { Journal } from '../../electron/engine/fixes/journal';
import type { CheckResult, StoreEntry } from '../../electron/engine/model';
import { listKeychain } from '../../electron/engine/platform/darwin/keychain';
import { parseSearchList, SECURITY } from '../../electron/engine/platform/darwin/keychain-read';
import type { RunResult, Runner } from '../../electron/engine/runner';
import { runScan } from '../../electron/engine/scan';
import { dumpBlock, printBuffer, type Item } from '../support/fix-inventory';
import { deletionOffer, replayedMac, searchListOutput } from '../support/keychain-replay';
import { readFixture, recordedResult } from '../support/replay-runner';

// Issue 11 item 8: what `security dump-keychain` does when it cannot read everything, as
// Apple's source says (SecurityTool keychain_find.c do_keychain_dump_class: items are printed
// as found, the first error from SecKeychainSearchCopyNext ends the run with exit 1;
// keychain_utilities.c print_keychain_item_attributes: an item that cannot be printed leaves
// its `keychain:` line and a message on stderr, and the dump goes on; Security's KCCursor.cpp
// KCCursorImpl::next: a keychain that cannot be opened or queried is skipped without a word,
// an error only when every keychain failed). Never "no stale passwords" for a keychain that
// was not read.

const FIX = path.resolve(__dirname, '..', 'fixtures', 'darwin');
/** errSecInteractionNotAllowed as sec_perror prints it after SecKeychainSearchCopyNext (see SOURCES.md). */
const LOCKED_STDERR = readFixture(path.join(FIX, 'security-dump-keychain.locked.stderr.adapted.txt'));
/** The same message after an item's attributes could not be copied (print_keychain_item_attributes). */
const ITEM_LOCKED_STDERR = LOCKED_STDERR.replace(
  'SecKeychainSearchCopyNext',
  'SecKeychainItemCopyAttributesAndData',
);

const HOME = '/Users/ana';
const LOGIN = `${HOME}/Library/Keychains/login.keychain-db`;
const WORK = `${HOME}/Library/Keychains/work.keychain-db`;
const SYSTEM = '/Library/Keychains/System.keychain';
const HOST = 'git-codecommit.us-east-1.amazonaws.com';
const KEY = 'AKIAIOSFODNN7EXAMPLE';

const cc = (keychain: string, repo = 'demo'): Item => ({
  kind: 'inet',
  host: HOST,
  account: KEY,
  path: `/v1/repos/${repo}`,
  keychain,
});
const github = (keychain: string): Item => ({
  kind: 'inet',
  host: 'github.com',
  account: 'octocat',
  keychain,
});
const blocks = (items: Item[]) => items.map(dumpBlock).join('');

type Answers = Record<string, Partial<RunResult>>;
const key = (args: readonly string[]) => JSON.stringify(args);

/**
 * `security` answering by argv (a table, or a function for a keychain that changes); any call
 * not in the table is a test failure.
 */
function mac(answers: Answers | ((args: readonly string[]) => Partial<RunResult> | undefined)) {
  const calls: string[][] = [];
  const runner: Runner = async (command, args) => {
    calls.push([...args]);
    if (command !== SECURITY) return recordedResult(command, args, { notFound: true, exitCode: null });
    const a = typeof answers === 'function' ? answers(args) : answers[key(args)];
    if (!a) throw new Error(`unexpected: security ${args.join(' ')}`);
    return recordedResult(command, args, a);
  };
  const ctx = replayedMac(runner, HOME);
  return { ctx, calls };
}

const list = (...keychains: string[]) => ({
  [key(['list-keychains'])]: { stdout: searchListOutput(keychains) },
});
const dumpAll = (r: Partial<RunResult>) => ({ [key(['dump-keychain'])]: r });
const dumpOne = (kc: string, r: Partial<RunResult>) => ({ [key(['dump-keychain', kc])]: r });

const deleteOffer = (entry: StoreEntry) => deletionOffer([entry]);

async function storesCheck(ctx: ReturnType<typeof mac>['ctx']): Promise<CheckResult> {
  const report = await runScan(ctx, { target: { kind: 'machine' }, offline: true });
  return report.checks.find((c) => c.id === 'stores') as CheckResult;
}

describe('the search list', () => {
  it('reads `security list-keychains` as printed (openjdk jpackage MacSign.java sample)', () => {
    expect(parseSearchList(readFixture(path.join(FIX, 'security-list-keychains.jdk-macsign.txt')))).toEqual([
      '/Users/alexeysemenyuk/Library/Keychains/login.keychain-db',
      '/Library/Keychains/System.keychain',
    ]);
  });
});

describe('dump-keychain stops at its first error (exit 1) after printing what it found', () => {
  const answers = {
    ...list(LOGIN, WORK, SYSTEM),
    // login printed, then the search stopped in the work keychain.
    ...dumpAll({ exitCode: 1, stdout: blocks([cc(LOGIN), github(LOGIN)]), stderr: LOCKED_STDERR }),
    ...dumpOne(LOGIN, { stdout: blocks([cc(LOGIN), github(LOGIN)]) }),
    ...dumpOne(WORK, { exitCode: 1, stderr: LOCKED_STDERR }),
    ...dumpOne(SYSTEM, { stdout: blocks([github(SYSTEM)]) }),
  };

  it('what it printed is listed; the keychain it stopped in is read again and named as locked', async () => {
    const { ctx, calls } = mac(answers);
    const [inet, genp] = await listKeychain(ctx);
    expect(inet?.error).toBeUndefined();
    expect(inet?.entries.map((e) => [e.location, e.path])).toEqual([[LOGIN, 'v1/repos/demo']]);
    expect(inet?.incomplete).toBe(
      `${WORK} was not read in full: security dump-keychain ${WORK} failed: the keychain is locked ("User interaction is not allowed"): unlock it (Keychain Access, or security unlock-keychain) and scan again`,
    );
    expect(inet?.unreadLocations).toEqual([WORK]);
    expect(genp?.incomplete).toBe(inet?.incomplete);
    // From the keychain the listing was in when it stopped, each is read again on its own.
    expect(calls).toEqual([
      ['list-keychains'],
      ['dump-keychain'],
      ['dump-keychain', LOGIN],
      ['dump-keychain', WORK],
      ['dump-keychain', SYSTEM],
    ]);
  });

  it('the stores check warns about what it found and says which keychain was not read', async () => {
    const check = await storesCheck(mac(answers).ctx);
    expect(check.status).toBe('warn');
    expect(check.findings.map((f) => f.code)).toEqual(['cached-codecommit-credentials']);
    expect(check.message).toContain(`${WORK} was not read in full`);
    expect(check.message).toContain('locked');
  });

  it('nothing stale where it read: "could not check", never a pass', async () => {
    const check = await storesCheck(
      mac({
        ...answers,
        ...dumpAll({ exitCode: 1, stdout: blocks([github(LOGIN)]), stderr: LOCKED_STDERR }),
        ...dumpOne(LOGIN, { stdout: blocks([github(LOGIN)]) }),
      }).ctx,
    );
    expect(check.status).toBe('error');
    expect(check.findings).toEqual([]);
    expect(check.message).toMatch(
      // The GUI clients' Keychain stores read the same keychains: not read in full either.
      /macOS Keychain \(internet password\) and macOS Keychain \(Git Credential Manager\) and macOS Keychain \(GitHub Desktop's own passwords\) and macOS Keychain \(a JetBrains IDE's own passwords\): .*work\.keychain-db was not read in full: .*locked/,
    );
  });
});

describe('exit 0 does not mean every keychain of the search list was read', () => {
  it('a keychain that showed no item is read alone: locked → named; empty → fine', async () => {
    const base = {
      ...list(LOGIN, WORK),
      ...dumpAll({ stdout: blocks([github(LOGIN)]) }),
    };
    const locked = mac({ ...base, ...dumpOne(WORK, { exitCode: 1, stderr: LOCKED_STDERR }) });
    const [inet] = await listKeychain(locked.ctx);
    expect(inet?.unreadLocations).toEqual([WORK]);
    expect(
      (await storesCheck(mac({ ...base, ...dumpOne(WORK, { exitCode: 1, stderr: LOCKED_STDERR }) }).ctx))
        .status,
    ).toBe('error');

    const empty = mac({ ...base, ...dumpOne(WORK, { stdout: '' }) });
    const [again] = await listKeychain(empty.ctx);
    expect(again?.incomplete).toBeUndefined();
    expect((await storesCheck(mac({ ...base, ...dumpOne(WORK, { stdout: '' }) }).ctx)).status).toBe('pass');
  });

  it('items it could not print (a keychain: line, no class) name their keychain as not read', async () => {
    const { ctx } = mac({
      ...list(LOGIN, WORK),
      ...dumpAll({
        stdout: `${blocks([github(LOGIN)])}keychain: "${WORK}"\nkeychain: "${WORK}"\n`,
        stderr: ITEM_LOCKED_STDERR.repeat(2),
      }),
    });
    const [inet] = await listKeychain(ctx);
    expect(inet?.unreadLocations).toEqual([WORK]);
    expect(inet?.incomplete).toMatch(/work\.keychain-db was not read in full: the keychain is locked/);
  });

  it('the search list cannot be listed: what the dump showed counts, and the store says it may not be whole', async () => {
    const { ctx } = mac({
      [key(['list-keychains'])]: { exitCode: 1, stderr: 'security: SecKeychainCopySearchList: oops\n' },
      ...dumpAll({ stdout: blocks([cc(LOGIN)]) }),
    });
    const [inet] = await listKeychain(ctx);
    expect(inet?.entries).toHaveLength(1);
    expect(inet?.unreadLocations).toBeUndefined();
    expect(inet?.incomplete).toMatch(/not every keychain may have been read: .*SecKeychainCopySearchList/);
  });
});

describe('a keychain: line in hex form (a path with non-ASCII bytes or a backslash)', () => {
  const JOSE = '/Users/josé/Library/Keychains/login.keychain-db';

  it('is the keychain of the items that follow (not folded into the previous block)', async () => {
    expect(printBuffer(JOSE)).toMatch(/^0x2F55736572732F6A6F73C3A9.*  "\/Users\/jos\\303\\251\/Library/);
    const { ctx, calls } = mac({
      ...list(LOGIN, JOSE),
      ...dumpAll({ stdout: blocks([github(LOGIN), cc(JOSE, 'one'), cc(JOSE, 'two')]) }),
    });
    const [inet] = await listKeychain(ctx);
    expect(inet?.entries.map((e) => [e.location, e.path])).toEqual([
      [JOSE, 'v1/repos/one'],
      [JOSE, 'v1/repos/two'],
    ]);
    expect(inet?.incomplete).toBeUndefined();
    // Seen in the dump under its real path: not read again.
    expect(calls).toEqual([['list-keychains'], ['dump-keychain']]);
  });
});

describe('output cut at the runner cap', () => {
  it('the keychain being printed when the cap hit, and every one after, is read again; still cut → named', async () => {
    const { ctx, calls } = mac({
      ...list(LOGIN, WORK),
      ...dumpAll({ stdout: blocks([cc(LOGIN, 'one')]), truncated: true }),
      ...dumpOne(LOGIN, { stdout: blocks([cc(LOGIN, 'one')]), truncated: true }),
      ...dumpOne(WORK, { stdout: blocks([cc(WORK, 'two')]) }),
    });
    const [inet] = await listKeychain(ctx);
    expect(calls.slice(2)).toEqual([
      ['dump-keychain', LOGIN],
      ['dump-keychain', WORK],
    ]);
    expect(inet?.entries.map((e) => e.location)).toEqual([LOGIN, WORK]);
    expect(inet?.unreadLocations).toEqual([LOGIN]);
    expect(inet?.incomplete).toMatch(
      /login\.keychain-db was not read in full: .*printed more than the 8 MiB/,
    );
  });
});

describe('a deletion is not "proven" by a keychain that was not read again', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('the keychain locks between the delete and the listing after it: an error, not "deleted 1"', async () => {
    const del = [
      'delete-internet-password',
      '-s',
      HOST,
      '-a',
      KEY,
      '-r',
      'htps',
      '-p',
      'v1/repos/demo',
      WORK,
    ];
    let deleted = 0;
    const before = { ...list(LOGIN, WORK), ...dumpAll({ stdout: blocks([cc(WORK), github(LOGIN)]) }) };
    const after = {
      ...list(LOGIN, WORK),
      // KCCursor skips the keychain it cannot read without a word: exit 0, and WORK shows nothing.
      ...dumpAll({ stdout: blocks([github(LOGIN)]) }),
      ...dumpOne(WORK, { exitCode: 1, stderr: LOCKED_STDERR }),
    };
    const { ctx } = mac((args) => {
      if (key(args) !== key(del)) return (deleted === 0 ? before : after)[key(args)];
      deleted++;
      return deleted === 1 ? { stderr: 'password has been deleted.\n' } : { exitCode: 44 };
    });
    const entry = (await listKeychain(ctx))[0]?.entries[0] as StoreEntry;
    expect(entry.location).toBe(WORK);
    const journal = mkdtempSync(path.join(os.tmpdir(), 'ccd-unread-'));
    dirs.push(journal);
    const out = await applyFix(ctx, deleteOffer(entry), { journal: new Journal(journal) });
    expect(deleted).toBe(2);
    expect(out.ok).toBe(false);
    expect(out.error).toMatch(
      /deleted 1, but the store could not be read again to prove it: .*work\.keychain-db.*locked/,
    );
  });
});
