import fc from 'fast-check';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createContext } from '../../electron/engine/context';
import type { StoreEntry } from '../../electron/engine/model';
import { storeOf } from '../../electron/engine/platform';
import {
  formatDesktopService,
  JETBRAINS_SERVICE_PREFIX,
  parseDesktopService,
  parseJetBrainsService,
} from '../../electron/engine/platform/common/client-keys';
import { CODECOMMIT_HOSTS, OTHER_HOSTS, simCredman, simKeychain, type Item } from '../support/fix-inventory';
import { keychainListing, replayedComputer, replayedMac } from '../support/keychain-replay';
import { readFixture, replayRunner } from '../support/replay-runner';

// GUI clients' own saved passwords (issue 13 item 4), in the formats their source writes
// (tests/fixtures/darwin/SOURCES.md, tests/fixtures/win32/SOURCES.md): GitHub Desktop's
// keytar items `GitHub - <endpoint>` (a Keychain generic password; a Credential Manager
// target `<service>/<account>`), JetBrains IDEs' `IntelliJ Platform Git HTTP — <key>`. The
// simulated stores answer in `security dump-keychain` / `cmdkey /list` formats and delete
// the way the tools do. Exact CodeCommit hosts only: GitHub's own sign-in and any other
// host are never listed, never deleted.

const KC = '/Users/u/Library/Keychains/login.keychain-db';
const CC = 'git-codecommit.us-east-1.amazonaws.com';
const KEY = 'AKIAIOSFODNN7EXAMPLE';
const GIT_USER = 'ana-at-123456789012';

const desktop = (host: string, account: string, path = '/'): Item => ({
  kind: 'genp',
  host,
  account,
  keychain: KC,
  service: `GitHub - https://${host}${path}`,
});
const jetbrains = (host: string, login: string, scheme = 'http'): Item => {
  const key = `${scheme}://${login}@${host}`;
  return { kind: 'genp', host, account: key, keychain: KC, service: `${JETBRAINS_SERVICE_PREFIX}${key}` };
};
const desktopCred = (host: string, user: string, path = '/'): Item => ({
  kind: 'cred',
  host,
  account: user,
  keychain: '',
  target: `GitHub - https://${host}${path}/${user}`,
});
// Desktop's own GitHub sign-in: getKeyForAccount → `GitHub - https://api.github.com`.
const GITHUB_SIGN_IN: Item = {
  kind: 'genp',
  host: 'api.github.com',
  account: 'octocat',
  keychain: KC,
  service: 'GitHub - https://api.github.com',
};
const GITHUB_SIGN_IN_CRED: Item = {
  kind: 'cred',
  host: 'api.github.com',
  account: 'octocat',
  keychain: '',
  target: 'GitHub - https://api.github.com/octocat',
};

const mac = (runner: ReturnType<typeof simKeychain>['runner']) =>
  createContext({ platform: 'darwin', env: {}, home: '/Users/u', runner, timeoutMs: 1000 });
const win = (runner: ReturnType<typeof simCredman>['runner']) =>
  createContext({
    platform: 'win32',
    env: { USERPROFILE: 'C:\\Users\\u' },
    home: 'C:\\Users\\u',
    runner,
    timeoutMs: 1000,
  });

describe('the names GUI clients give saved passwords', () => {
  it("parses Desktop's endpoint: trailing slash, path, port; never GitHub's sign-in or a user in it", () => {
    expect(parseDesktopService(`GitHub - https://${CC}/`)?.host.hostname).toBe(CC);
    expect(parseDesktopService(`GitHub - https://${CC}/v1/repos/demo`)?.path).toBe('v1/repos/demo');
    expect(parseDesktopService(`GitHub - https://${CC}:8443/`)?.port).toBe(8443);
    expect(parseDesktopService('GitHub - https://api.github.com')).toBeNull();
    expect(parseDesktopService(`GitHub - https://${KEY}@${CC}/`)).toBeNull();
    expect(parseDesktopService(`GitHub Desktop Dev - https://${CC}/`)).toBeNull();
    expect(formatDesktopService({ hostname: CC })).toBe(`GitHub - https://${CC}/`);
  });

  it("parses JetBrains' key only when the account is that key, with the login up to the last @", () => {
    const key = `http://ana@corp-at-123456789012@${CC}`;
    const k = parseJetBrainsService(`${JETBRAINS_SERVICE_PREFIX}${key}`, key);
    expect([k?.host.hostname, k?.login, k?.protocol]).toEqual([CC, 'ana@corp-at-123456789012', 'http']);
    expect(parseJetBrainsService(`${JETBRAINS_SERVICE_PREFIX}${key}`, 'someone-else')).toBeNull();
    expect(parseJetBrainsService(`IntelliJ Platform Git HTTP - ${key}`, key)).toBeNull();
    const withPassword = `http://ana:hunter2@${CC}`;
    expect(parseJetBrainsService(`${JETBRAINS_SERVICE_PREFIX}${withPassword}`, withPassword)).toBeNull();
  });
});

describe("GitHub Desktop's and JetBrains' Keychain items (macOS)", () => {
  it('lists and deletes the stale CodeCommit items; GitHub and other hosts stay', async () => {
    const sim = simKeychain([
      GITHUB_SIGN_IN,
      desktop(CC, KEY),
      desktop(CC, GIT_USER),
      desktop('github.com', 'octocat'),
      desktop(`${CC}.evil.com`, KEY),
      jetbrains('git-codecommit.eu-west-1.amazonaws.com', KEY),
    ]);
    const ctx = mac(sim.runner);
    const d = await storeOf('github-desktop-keychain').list(ctx, {});
    expect(d.entries.map((e) => [e.hostname, e.account, e.writer])).toEqual([
      [CC, KEY, 'GitHub Desktop'],
      [CC, GIT_USER, 'GitHub Desktop'],
    ]);
    const j = await storeOf('jetbrains-keychain').list(ctx, {});
    expect(j.entries.map((e) => [e.hostname, e.account, e.protocol])).toEqual([
      ['git-codecommit.eu-west-1.amazonaws.com', KEY, 'http'],
    ]);
    expect(storeOf('github-desktop-keychain').deleteArgv(d.entries[0] as StoreEntry)).toEqual([
      'security',
      'delete-generic-password',
      '-s',
      `GitHub - https://${CC}/`,
      '-a',
      KEY,
      KC,
    ]);
    expect(await storeOf('github-desktop-keychain').delete(ctx, d.entries[0] as StoreEntry)).toEqual({
      deleted: 1,
    });
    expect(await storeOf('jetbrains-keychain').delete(ctx, j.entries[0] as StoreEntry)).toEqual({
      deleted: 1,
    });
    expect(sim.items.map((i) => i.service)).toEqual([
      'GitHub - https://api.github.com',
      `GitHub - https://${CC}/`,
      'GitHub - https://github.com/',
      `GitHub - https://${CC}.evil.com/`,
    ]);
    expect(sim.items[1]?.account).toBe(GIT_USER);
  });
});

describe("GitHub Desktop's Credential Manager targets (Windows)", () => {
  it('lists `GitHub - <endpoint>/<user>` for CodeCommit only, deletes by the exact target and proves it went', async () => {
    const sim = simCredman([GITHUB_SIGN_IN_CRED, desktopCred(CC, KEY), desktopCred('gitlab.com', 'me')]);
    const ctx = win(sim.runner);
    const r = await storeOf('github-desktop-credential-manager').list(ctx, {});
    expect(r.entries.map((e) => [e.hostname, e.account, e.location])).toEqual([
      [CC, KEY, `GitHub - https://${CC}//${KEY}`],
    ]);
    expect(r.ignored).toBe(2);
    const e = r.entries[0] as StoreEntry;
    expect(await storeOf('github-desktop-credential-manager').delete(ctx, e)).toEqual({ deleted: 1 });
    expect(sim.items.map((i) => i.target)).toEqual([
      GITHUB_SIGN_IN_CRED.target,
      `GitHub - https://gitlab.com//me`,
    ]);
    expect(sim.calls.filter((c) => c[1]?.startsWith('/delete:'))).toEqual([
      ['C:\\Windows\\System32\\cmdkey.exe', `/delete:GitHub - https://${CC}//${KEY}`],
    ]);
  });
});

// Collateral, as tests/unit/collateral.property.test.ts: random inventories of client items
// for CodeCommit and look-alike hosts; list, then delete every listed entry: only exact
// CodeCommit items go, GitHub's sign-in never.
const host = fc.constantFrom(...CODECOMMIT_HOSTS, ...OTHER_HOSTS, 'api.github.com');
const account = fc.constantFrom(KEY, GIT_USER, 'octocat', 'ana@corp-at-123456789012');
const macItem = fc.oneof(
  fc.tuple(host, account, fc.constantFrom('/', '/v1/repos/demo', '')).map(([h, a, p]) => desktop(h, a, p)),
  fc.tuple(host, account, fc.constantFrom('http', 'https')).map(([h, a, s]) => jetbrains(h, a, s)),
  fc.constant(GITHUB_SIGN_IN),
);
const exactCodeCommit = (i: Item) => CODECOMMIT_HOSTS.includes(i.host);

describe('collateral: client stores touch exact CodeCommit hosts only', () => {
  it('macOS: after deleting everything listed, every other item is still there', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(macItem, { maxLength: 8 }), async (items) => {
        const sim = simKeychain(items);
        const ctx = mac(sim.runner);
        for (const kind of ['github-desktop-keychain', 'jetbrains-keychain'] as const) {
          const r = await storeOf(kind).list(ctx, {});
          for (const e of r.entries) {
            expect(CODECOMMIT_HOSTS).toContain(e.hostname);
            await storeOf(kind).delete(ctx, e);
          }
        }
        const want = items.filter((i) => !exactCodeCommit(i) || i.service === undefined);
        expect(sim.items).toEqual(want);
        for (const c of sim.calls.filter((x) => x[1]?.startsWith('delete-'))) {
          const service = c[c.indexOf('-s') + 1] ?? '';
          expect(service).not.toBe('GitHub - https://api.github.com');
          expect(CODECOMMIT_HOSTS.some((h) => service.includes(`//${h}`) || service.includes(`@${h}`))).toBe(
            true,
          );
        }
      }),
      { numRuns: 300 },
    );
  });

  it('Windows: after deleting everything listed, every other credential is still there', async () => {
    const winItem = fc.oneof(
      fc
        .tuple(host, account, fc.constantFrom('/', '/v1/repos/demo'))
        .map(([h, a, p]) => desktopCred(h, a, p)),
      fc.constant(GITHUB_SIGN_IN_CRED),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(winItem, { maxLength: 8 }), async (items) => {
        const sim = simCredman(items);
        const ctx = win(sim.runner);
        const store = storeOf('github-desktop-credential-manager');
        for (const e of (await store.list(ctx, {})).entries) await store.delete(ctx, e);
        const survivors = new Set(sim.items);
        for (const i of items) expect(survivors.has(i)).toBe(!exactCodeCommit(i));
      }),
      { numRuns: 300 },
    );
  });
});

// Replayed: the adapted fixtures (tests/fixtures/darwin|win32/SOURCES.md) through the replay
// runner, every call expected in order — a listing, then a deletion by the exact key.
describe('replayed from the adapted fixtures', () => {
  const darwinDump = readFixture(
    path.join(__dirname, '../fixtures/darwin/security-dump-keychain.gui-clients.adapted.txt'),
  );
  const cmdkey = readFixture(
    path.join(__dirname, '../fixtures/win32/cmdkey-list.en.github-desktop.adapted.txt'),
  );

  it('macOS: Desktop and JetBrains CodeCommit items listed; GitHub ones only fingerprinted for the proof', async () => {
    const runner = replayRunner([...keychainListing(darwinDump), ...keychainListing(darwinDump)]);
    const ctx = replayedMac(runner);
    const d = await storeOf('github-desktop-keychain').list(ctx, {});
    const j = await storeOf('jetbrains-keychain').list(ctx, {});
    runner.assertDone();
    expect(d.entries.map((e) => [e.hostname, e.account])).toEqual([
      ['git-codecommit.us-east-2.amazonaws.com', KEY],
    ]);
    expect(d.otherGitKeys).toHaveLength(2);
    expect(j.entries.map((e) => [e.hostname, e.account, e.protocol])).toEqual([
      ['git-codecommit.eu-west-1.amazonaws.com', 'alice-at-123456789012', 'http'],
    ]);
    expect(JSON.stringify([d, j])).not.toMatch(/api\.github|github\.com|octocat|evil/);
    const deleted = `${darwinDump.split(/(?=^keychain: )/m)[2]}password has been deleted.\n`;
    const del = replayRunner([
      { command: '/usr/bin/security', args: ['dump-keychain'], result: { stdout: darwinDump } },
      {
        command: '/usr/bin/security',
        args: [
          'delete-generic-password',
          '-s',
          `${JETBRAINS_SERVICE_PREFIX}http://alice-at-123456789012@git-codecommit.eu-west-1.amazonaws.com`,
          '-a',
          'http://alice-at-123456789012@git-codecommit.eu-west-1.amazonaws.com',
          '/Users/jared/Library/Keychains/escaping_the_cloud.keychain',
        ],
        result: { stderr: deleted },
      },
    ]);
    expect(await storeOf('jetbrains-keychain').delete(replayedMac(del), j.entries[0] as StoreEntry)).toEqual({
      deleted: 1,
    });
    del.assertDone();
  });

  it('Windows: Desktop targets for CodeCommit listed, the path kept; GitHub and look-alikes not', async () => {
    const runner = replayRunner([
      { command: 'C:\\Windows\\System32\\cmdkey.exe', args: ['/list'], result: { stdout: cmdkey } },
    ]);
    const r = await storeOf('github-desktop-credential-manager').list(
      replayedComputer('win32', runner, {
        env: { USERPROFILE: 'C:\\Users\\ana', SystemRoot: 'C:\\Windows' },
      }),
      {},
    );
    runner.assertDone();
    expect(r.entries.map((e) => [e.hostname, e.account, e.path ?? ''])).toEqual([
      ['git-codecommit.us-east-2.amazonaws.com', KEY, ''],
      ['git-codecommit.eu-west-1.amazonaws.com', GIT_USER.replace('ana', 'bob'), 'v1/repos/demo'],
    ]);
    expect(r.ignored).toBe(3);
    // Desktop's GitHub sign-in and its look-alike target: fingerprints for a deletion's proof.
    expect(r.otherGitKeys).toHaveLength(2);
    expect(JSON.stringify(r)).not.toMatch(/api\.github|octocat|evil/);
  });
});
