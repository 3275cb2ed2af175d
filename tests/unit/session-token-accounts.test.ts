import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createContext } from '../../electron/engine/context';
import { applyFix } from '../../electron/engine/fixes/apply';
import { Journal } from '../../electron/engine/fixes/journal';
import { makeOffer } from '../../electron/engine/fixes/offer';
import type { FixOffer, Platform, StoreEntry } from '../../electron/engine/model';
import { storeOf } from '../../electron/engine/platform';
import { redactSecrets } from '../../electron/engine/report';
import { describeEvidence } from '../../electron/shared/present';
import { scrubSecrets } from '../../electron/shared/redact';
import { keychainListing, keychainsOf } from '../support/keychain-replay';
import { readFixture, replayRunner, type ExpectedCall } from '../support/replay-runner';

/** How the doctor starts cmdkey on Windows: System32's, by its full path. */
const CMDKEY_EXE = 'C:\\Windows\\System32\\cmdkey.exe';

// Issue 10 item 3: with temporary or SSO credentials the AWS helper gives git the user
// name `<access key id>%<session token>`, and git saves it as the account of the stored
// password. The token was shown in diagnose, the plan, the fix output, history, and
// written to the journal. Accounts are shown as the key id only; the token stays in the
// process (a store's delete looks the full name up again when its tool needs it).

const KEY_ID = 'ASIAZZEXAMPLESEED001';
const TOKEN = 'IQoJb3JpZ2luX2VjSEEDEDsessionTOKEN+Zq9=';
const OTHER_TOKEN = 'IQoJb3JpZ2luX2VjOTHERsessionTOKEN+Wx1=';
const ACCOUNT = `${KEY_ID}%${TOKEN}`;
const HOST = 'git-codecommit.us-east-2.amazonaws.com';
const FIX = path.resolve(__dirname, '..', 'fixtures');

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const d = mkdtempSync(path.join(os.tmpdir(), 'ccd-token-'));
  dirs.push(d);
  return d;
}

/** Every file under a folder, as text (the journal). */
function filesUnder(dir: string): string {
  return readdirSync(dir)
    .map((n) => path.join(dir, n))
    .map((p) => (statSync(p).isDirectory() ? filesUnder(p) : readFileSync(p, 'utf8')))
    .join('\n');
}

function noToken(label: string, text: string): void {
  for (const t of [TOKEN, OTHER_TOKEN, encodeURIComponent(TOKEN), 'SEEDEDsession', 'OTHERsession'])
    expect(text, `${label} holds the session token`).not.toContain(t);
}

function offer(entries: StoreEntry[]): FixOffer {
  return makeOffer(
    { code: 'cached-codecommit-credentials' },
    {
      id: 'cached-codecommit-credentials:delete:test',
      kind: 'fix',
      title: 'Delete saved passwords',
      description: '',
      steps: entries.map((entry) => ({ type: 'delete-credential' as const, entry })),
    },
  );
}

function replayed(platform: Platform, calls: ExpectedCall[]) {
  const runner = replayRunner(calls);
  const home = platform === 'win32' ? 'C:\\Users\\alice' : '/Users/nicolas';
  const ctx = createContext({ platform, env: {}, home, cwd: home, runner, timeoutMs: 5_000 });
  return { ctx, runner, journalDir: tempDir() };
}

/** Applies the deletion and checks that nothing shown or journaled holds the token. */
async function deleteAndCheck(ctx: ReturnType<typeof createContext>, entry: StoreEntry, journalDir: string) {
  const out = await applyFix(ctx, offer([entry]), { journal: new Journal(journalDir) });
  expect(out.ok, out.error).toBe(true);
  noToken('apply outcome', JSON.stringify(out));
  noToken('journal', filesUnder(journalDir));
  noToken('history', JSON.stringify(await new Journal(journalDir).history()));
  return out;
}

function shownEverywhere(entry: StoreEntry): void {
  const store = storeOf(entry.store);
  const shown = [
    JSON.stringify(entry),
    store.describe(entry),
    describeEvidence({ kind: 'store-entry', entry }),
  ];
  for (const s of shown) noToken('entry', s);
  expect(entry.account).toBe(KEY_ID);
  expect(store.describe(entry)).toContain(`account ${KEY_ID} (+ session token, not shown)`);
}

describe('git-credential-store file', () => {
  it('lists the key id only, keeps two tokens of one key apart, and deletes exactly one', async () => {
    const dir = tempDir();
    const file = path.join(dir, '.git-credentials');
    const line = (token: string) =>
      `https://${encodeURIComponent(`${KEY_ID}%${token}`)}:20250101T000000Zabc@${HOST}\n`;
    const github = 'https://octocat:gh-pass@github.com\n';
    writeFileSync(file, line(TOKEN) + github + line(OTHER_TOKEN), { mode: 0o600 });
    const ctx = createContext({
      platform: 'linux',
      env: { HOME: dir },
      home: dir,
      cwd: dir,
      timeoutMs: 5_000,
    });
    const listed = await storeOf('git-credential-store').list(ctx, {});
    expect(listed.entries).toHaveLength(2);
    for (const e of listed.entries) shownEverywhere(e);
    const [first, second] = listed.entries as [StoreEntry, StoreEntry];
    expect(storeOf('git-credential-store').sameEntry(first, second)).toBe(false);
    await deleteAndCheck(ctx, first, tempDir());
    expect(readFileSync(file, 'utf8')).toBe(github + line(OTHER_TOKEN));
  });
});

describe('macOS Keychain (replayed)', () => {
  const DUMP = readFixture(path.join(FIX, 'darwin', 'security-dump-keychain.codecommit.adapted.txt')).replace(
    '"acct"<blob>="alice-at-123456789012"',
    `"acct"<blob>="${ACCOUNT}"`,
  );
  const DELETED = readFixture(
    path.join(FIX, 'darwin', 'security-delete-internet-password.codecommit.adapted.txt'),
  ).replace(/alice-at-123456789012/g, ACCOUNT);
  const NOT_FOUND = readFixture(path.join(FIX, 'darwin', 'security-find-not-found.stderr.txt'));
  const SEARCH = keychainsOf(DUMP);
  const without = DUMP.split(/(?=^keychain: )/m)
    .filter((b) => !b.includes(`<blob>="${HOST}"`))
    .join('');

  it('lists the key id; the delete looks the full account up again, in-process', async () => {
    const list = replayed('darwin', [...keychainListing(DUMP, SEARCH)]);
    const entry = (await storeOf('macos-keychain-internet').list(list.ctx, {})).entries.find(
      (e) => e.hostname === HOST,
    ) as StoreEntry;
    shownEverywhere(entry);
    const argv = storeOf('macos-keychain-internet').deleteArgv(entry);
    noToken('helpdesk command', JSON.stringify(argv));

    const del = ['delete-internet-password', '-s', HOST, '-a', ACCOUNT, '-r', 'htps', entry.location];
    const { ctx, runner, journalDir } = replayed('darwin', [
      ...keychainListing(DUMP, SEARCH),
      // The delete looks the full account up again: the dump alone.
      { command: '/usr/bin/security', args: ['dump-keychain'], result: { stdout: DUMP } },
      { command: '/usr/bin/security', args: del, result: { exitCode: 0, stderr: DELETED } },
      { command: '/usr/bin/security', args: del, result: { exitCode: 44, stderr: NOT_FOUND } },
      ...keychainListing(without, SEARCH),
    ]);
    const out = await deleteAndCheck(ctx, entry, journalDir);
    runner.assertDone();
    expect(out.steps.map((s) => s.message)).toEqual(['deleted 1']);
  });
});

describe('Windows Credential Manager (replayed)', () => {
  const LIST = readFixture(path.join(FIX, 'win32', 'cmdkey-list.en.codecommit-and-github.adapted.txt'))
    .replace(`target=git:https://${HOST}`, `target=git:https://${ACCOUNT}@${HOST}`)
    .replace('User: alice-at-123456789012', `User: ${ACCOUNT}`);
  const OK = readFixture(path.join(FIX, 'win32', 'cmdkey-delete.en.success.terminal-log.txt'));

  it('lists the key id and a target without the token; cmdkey gets the full target', async () => {
    const list = replayed('win32', [{ command: CMDKEY_EXE, args: ['/list'], result: { stdout: LIST } }]);
    const entry = (await storeOf('windows-credential-manager').list(list.ctx, {})).entries.find(
      (e) => e.hostname === HOST,
    ) as StoreEntry;
    shownEverywhere(entry);
    noToken('helpdesk command', JSON.stringify(storeOf('windows-credential-manager').deleteArgv(entry)));

    const without = LIST.split(/\r?\n\r?\n/)
      .filter((b) => !b.includes(`${ACCOUNT}@${HOST}`))
      .join('\n\n');
    const { ctx, runner, journalDir } = replayed('win32', [
      { command: CMDKEY_EXE, args: ['/list'], result: { stdout: LIST } },
      { command: CMDKEY_EXE, args: ['/list'], result: { stdout: LIST } },
      { command: CMDKEY_EXE, args: [`/delete:git:https://${ACCOUNT}@${HOST}`], result: { stdout: OK } },
      { command: CMDKEY_EXE, args: ['/list'], result: { stdout: without } },
    ]);
    await deleteAndCheck(ctx, entry, journalDir);
    runner.assertDone();
  });
});

describe('text that names such an account', () => {
  it('is scrubbed: a target in a message, an encoded URL user, a helper trace line', () => {
    for (const text of [
      `cmdkey /delete:git:https://${ACCOUNT}@${HOST} failed`,
      `https://${encodeURIComponent(ACCOUNT)}@${HOST}/v1/repos/demo`,
      `username=${ACCOUNT}`,
    ]) {
      for (const out of [scrubSecrets(text), redactSecrets(text)]) {
        noToken(text, out);
        expect(out).toContain(KEY_ID);
      }
    }
  });
});
