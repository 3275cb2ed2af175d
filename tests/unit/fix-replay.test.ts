import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createContext } from '../../electron/engine/context';
import { applyFix } from '../../electron/engine/fixes/apply';
import { Journal } from '../../electron/engine/fixes/journal';
import type { FixOffer, Platform, StoreEntry } from '../../electron/engine/model';
import { storeOf } from '../../electron/engine/platform';
import { readFixture, replayRunner, type ExpectedCall } from '../support/replay-runner';

/** How the doctor starts cmdkey on Windows: System32's, by its full path. */
const CMDKEY_EXE = 'C:\\Windows\\System32\\cmdkey.exe';

// macOS and Windows deletions replayed from real captured output: the exact command lines
// applyFix runs — the list before, the delete (looped on macOS until exit 44), the list
// after that proves the entry went and nothing else did.

const FIX = path.resolve(__dirname, '..', 'fixtures');
const DUMP = readFixture(path.join(FIX, 'darwin', 'security-dump-keychain.codecommit.adapted.txt'));
const DELETED = readFixture(
  path.join(FIX, 'darwin', 'security-delete-internet-password.codecommit.adapted.txt'),
);
const DELETED_GENERIC = readFixture(
  path.join(FIX, 'darwin', 'security-delete-generic-password.codecommit.adapted.txt'),
);
const NOT_FOUND = readFixture(path.join(FIX, 'darwin', 'security-find-not-found.stderr.txt'));
const CMDKEY_LIST = readFixture(path.join(FIX, 'win32', 'cmdkey-list.en.codecommit-and-github.adapted.txt'));
const CMDKEY_OK = readFixture(path.join(FIX, 'win32', 'cmdkey-delete.en.success.terminal-log.txt'));
const CMDKEY_NOT_FOUND = readFixture(path.join(FIX, 'win32', 'cmdkey-delete.en.not-found.txt'));

/** The dump with the blocks for one server/service removed: what the keychain holds after the delete. */
function dumpWithout(dump: string, match: string): string {
  const blocks = dump.split(/(?=^keychain: )/m);
  return blocks.filter((b) => !b.includes(`<blob>="${match}"`)).join('');
}

/** The cmdkey listing without one target's block (blocks are separated by a blank line). */
function cmdkeyWithout(list: string, target: string): string {
  return list
    .split(/\r?\n\r?\n/)
    .filter(
      (b) =>
        !b.includes(`target=${target}\n`) &&
        !b.trimEnd().endsWith(`target=${target}`) &&
        !b.includes(`target=${target}\r`),
    )
    .join('\n\n');
}

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function setup(platform: Platform, calls: ExpectedCall[]) {
  const runner = replayRunner(calls);
  const home = platform === 'win32' ? 'C:\\Users\\alice' : '/Users/nicolas';
  const ctx = createContext({
    platform,
    env: platform === 'win32' ? { USERPROFILE: home } : { HOME: home },
    home,
    cwd: home,
    runner,
    timeoutMs: 5_000,
  });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ccd-replay-journal-'));
  dirs.push(dir);
  return { ctx, runner, journal: new Journal(dir) };
}

function offer(entries: StoreEntry[]): FixOffer {
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

/** Lists through the adapter itself (replayed), so the entry is exactly what a scan would plan. */
async function entryFor(platform: Platform, stdout: string, host: string, store: StoreEntry['store']) {
  const command = platform === 'win32' ? CMDKEY_EXE : '/usr/bin/security';
  const args = platform === 'win32' ? ['/list'] : ['dump-keychain'];
  const { ctx } = setup(platform, [{ command, args, result: { exitCode: 0, stdout } }]);
  const r = await storeOf(store).list(ctx, {});
  const e = r.entries.find((x) => x.hostname === host);
  expect(e, `${host} in ${store}`).toBeDefined();
  return e as StoreEntry;
}

describe('macOS keychain deletion (replayed)', () => {
  it('internet password: dump, delete until exit 44, dump again — exact argv', async () => {
    const entry = await entryFor(
      'darwin',
      DUMP,
      'git-codecommit.us-east-2.amazonaws.com',
      'macos-keychain-internet',
    );
    const del = [
      'delete-internet-password',
      '-s',
      'git-codecommit.us-east-2.amazonaws.com',
      '-a',
      'alice-at-123456789012',
      '-r',
      'htps',
      '/Users/nicolas/Library/Keychains/login.keychain',
    ];
    const { ctx, runner, journal } = setup('darwin', [
      { command: '/usr/bin/security', args: ['dump-keychain'], result: { stdout: DUMP } },
      { command: '/usr/bin/security', args: del, result: { exitCode: 0, stderr: DELETED } },
      { command: '/usr/bin/security', args: del, result: { exitCode: 44, stderr: NOT_FOUND } },
      {
        command: '/usr/bin/security',
        args: ['dump-keychain'],
        result: { stdout: dumpWithout(DUMP, 'git-codecommit.us-east-2.amazonaws.com') },
      },
    ]);
    const out = await applyFix(ctx, offer([entry]), { journal });
    runner.assertDone();
    expect(out.error).toBeUndefined();
    expect(out.ok).toBe(true);
    expect(out.steps.map((s) => s.message)).toEqual(['deleted 1']);
    // Every call had a timeout (a locked keychain can wait on a dialog forever).
    expect(runner.calls.every((c) => c.options?.timeoutMs === 5_000)).toBe(true);
  });

  it('GCM generic item: delete-generic-password with the exact service name', async () => {
    const host = 'git-codecommit.ap-southeast-2.amazonaws.com';
    const entry = await entryFor('darwin', DUMP, host, 'macos-keychain-generic');
    const del = [
      'delete-generic-password',
      '-s',
      `git:https://${host}`,
      '-a',
      'carol-at-123456789012',
      '/Users/jared/Library/Keychains/escaping_the_cloud.keychain',
    ];
    const { ctx, runner, journal } = setup('darwin', [
      { command: '/usr/bin/security', args: ['dump-keychain'], result: { stdout: DUMP } },
      { command: '/usr/bin/security', args: del, result: { exitCode: 0, stderr: DELETED_GENERIC } },
      { command: '/usr/bin/security', args: del, result: { exitCode: 44, stderr: NOT_FOUND } },
      {
        command: '/usr/bin/security',
        args: ['dump-keychain'],
        result: { stdout: dumpWithout(DUMP, `git:https://${host}`) },
      },
    ]);
    const out = await applyFix(ctx, offer([entry]), { journal });
    runner.assertDone();
    expect(out.ok, out.error).toBe(true);
  });

  it('the re-list still shows the item → an error, not a silent success', async () => {
    const entry = await entryFor(
      'darwin',
      DUMP,
      'git-codecommit.us-east-2.amazonaws.com',
      'macos-keychain-internet',
    );
    const del = [
      'delete-internet-password',
      '-s',
      entry.hostname,
      '-a',
      'alice-at-123456789012',
      '-r',
      'htps',
      entry.location,
    ];
    const { ctx, runner, journal } = setup('darwin', [
      { command: '/usr/bin/security', args: ['dump-keychain'], result: { stdout: DUMP } },
      { command: '/usr/bin/security', args: del, result: { exitCode: 44, stderr: NOT_FOUND } },
      { command: '/usr/bin/security', args: ['dump-keychain'], result: { stdout: DUMP } },
    ]);
    const out = await applyFix(ctx, offer([entry]), { journal });
    runner.assertDone();
    expect(out.ok).toBe(false);
    expect(out.error).toMatch(/still lists this entry/);
  });

  it('a locked keychain (exit 36) stops with a clear error and no further calls', async () => {
    const entry = await entryFor(
      'darwin',
      DUMP,
      'git-codecommit.us-east-2.amazonaws.com',
      'macos-keychain-internet',
    );
    const del = [
      'delete-internet-password',
      '-s',
      entry.hostname,
      '-a',
      'alice-at-123456789012',
      '-r',
      'htps',
      entry.location,
    ];
    const { ctx, runner, journal } = setup('darwin', [
      { command: '/usr/bin/security', args: ['dump-keychain'], result: { stdout: DUMP } },
      { command: '/usr/bin/security', args: del, result: { exitCode: 36, stderr: '' } },
    ]);
    const out = await applyFix(ctx, offer([entry]), { journal });
    runner.assertDone();
    expect(out.ok).toBe(false);
    expect(out.error).toMatch(/keychain is locked/);
  });
});

describe('Windows Credential Manager deletion (replayed)', () => {
  it('cmdkey /list, /delete:<exact target>, /list again — exact argv', async () => {
    const host = 'git-codecommit.us-east-2.amazonaws.com';
    const entry = await entryFor('win32', CMDKEY_LIST, host, 'windows-credential-manager');
    expect(entry.location).toBe(`git:https://${host}`);
    const { ctx, runner, journal } = setup('win32', [
      { command: CMDKEY_EXE, args: ['/list'], result: { stdout: CMDKEY_LIST } },
      {
        command: CMDKEY_EXE,
        args: [`/delete:git:https://${host}`],
        result: { exitCode: 0, stdout: CMDKEY_OK },
      },
      {
        command: CMDKEY_EXE,
        args: ['/list'],
        result: { stdout: cmdkeyWithout(CMDKEY_LIST, `git:https://${host}`) },
      },
    ]);
    const out = await applyFix(ctx, offer([entry]), { journal });
    runner.assertDone();
    expect(out.ok, out.error).toBe(true);
    expect(out.steps.map((s) => s.message)).toEqual(['deleted 1']);
  });

  it('a target with a user and path is deleted by its exact name', async () => {
    const host = 'git-codecommit.eu-west-1.amazonaws.com';
    const entry = await entryFor('win32', CMDKEY_LIST, host, 'windows-credential-manager');
    const target = `git:https://bob-at-123456789012@${host}/v1/repos/demo`;
    expect(entry.location).toBe(target);
    const { ctx, runner, journal } = setup('win32', [
      { command: CMDKEY_EXE, args: ['/list'], result: { stdout: CMDKEY_LIST } },
      { command: CMDKEY_EXE, args: [`/delete:${target}`], result: { exitCode: 0, stdout: CMDKEY_OK } },
      { command: CMDKEY_EXE, args: ['/list'], result: { stdout: cmdkeyWithout(CMDKEY_LIST, target) } },
    ]);
    const out = await applyFix(ctx, offer([entry]), { journal });
    runner.assertDone();
    expect(out.ok, out.error).toBe(true);
  });

  it('cmdkey refuses (Element not found, still listed) → a clear error; a second step never runs', async () => {
    const a = await entryFor(
      'win32',
      CMDKEY_LIST,
      'git-codecommit.us-east-2.amazonaws.com',
      'windows-credential-manager',
    );
    const b = await entryFor(
      'win32',
      CMDKEY_LIST,
      'git-codecommit.eu-west-1.amazonaws.com',
      'windows-credential-manager',
    );
    const { ctx, runner, journal } = setup('win32', [
      { command: CMDKEY_EXE, args: ['/list'], result: { stdout: CMDKEY_LIST } },
      {
        command: CMDKEY_EXE,
        args: [`/delete:${a.location}`],
        result: { exitCode: 1, stdout: CMDKEY_NOT_FOUND },
      },
      { command: CMDKEY_EXE, args: ['/list'], result: { stdout: CMDKEY_LIST } },
    ]);
    const out = await applyFix(ctx, offer([a, b]), { journal });
    runner.assertDone();
    expect(out.ok).toBe(false);
    expect(out.error).toMatch(/cmdkey \/delete failed \(exit 1\): CMDKEY: Element not found\./);
    expect(out.steps).toHaveLength(1);
  });
});
