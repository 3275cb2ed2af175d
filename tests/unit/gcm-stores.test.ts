import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createContext, type EngineContext } from '../../electron/engine/context';
import { applyFix } from '../../electron/engine/fixes/apply';
import { Journal } from '../../electron/engine/fixes/journal';
import type { ConfigEntry, GitFacts, Platform, StoreEntry, StoreKind } from '../../electron/engine/model';
import { platformOf, probeStores, storeOf } from '../../electron/engine/platform';
import { SECURITY } from '../../electron/engine/platform/darwin/keychain-read';
import type { Runner } from '../../electron/engine/runner';
import { runScan } from '../../electron/engine/scan';
import { fakeInstall, WIN_ENV, WIN_HOME } from '../support/fake-install';
import { deletionOffer, keychainListing, keychainsOf, replayedComputer } from '../support/keychain-replay';
import { readFixture, recordedResult, replayRunner, type ExpectedCall } from '../support/replay-runner';

/** How the doctor starts cmdkey on Windows: System32's, by its full path (launch.ts). */
const CMDKEY_EXE = 'C:\\Windows\\System32\\cmdkey.exe';

// Issue 11 item 7: Git Credential Manager beyond its defaults, as its source says
// (git-ecosystem/git-credential-manager, cited in tests/fixtures/{win32,darwin}/SOURCES.md):
// `credential.namespace` / GCM_NAMESPACE replaces the `git:` of every target and service;
// `credential.credentialStore` / GCM_CREDENTIAL_STORE picks plaintext, dpapi or gpg files
// (one file per credential in a folder tree named after the service), or git's cache; and
// git's own store and cache helpers exist on macOS and Windows too.

const FIX = path.resolve(__dirname, '..', 'fixtures');
const CMDKEY_LIST = readFixture(path.join(FIX, 'win32', 'cmdkey-list.en.codecommit-and-github.adapted.txt'));
const CMDKEY_OK = readFixture(path.join(FIX, 'win32', 'cmdkey-delete.en.success.terminal-log.txt'));
const DUMP = readFixture(path.join(FIX, 'darwin', 'security-dump-keychain.codecommit.adapted.txt'));
const DELETED_GENERIC = readFixture(
  path.join(FIX, 'darwin', 'security-delete-generic-password.codecommit.adapted.txt'),
);
const NOT_FOUND = readFixture(path.join(FIX, 'darwin', 'security-find-not-found.stderr.txt'));

const KEY = 'AKIAIOSFODNN7EXAMPLE';
const TOKEN_ACCOUNT = 'ASIAZZEXAMPLESEED001%IQoJb3JpZ2luX2Vj/SEEDEDsessionTOKEN+Zq9=';

function gitWith(settings: Record<string, string>): GitFacts {
  const config: ConfigEntry[] = Object.entries(settings).map(([key, value], order) => ({
    scope: 'global',
    originType: 'file',
    origin: '/home/x/.gitconfig',
    key,
    value,
    order,
  }));
  return { executables: [], config, helperPrograms: {} };
}

const dirs: string[] = [];
const servers: net.Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const d = mkdtempSync(path.join(os.tmpdir(), 'ccd-gcm-'));
  dirs.push(d);
  return d;
}

function replayed(platform: Platform, calls: ExpectedCall[], env: NodeJS.ProcessEnv = {}) {
  const runner = replayRunner(calls);
  const home = platform === 'win32' ? 'C:\\Users\\alice' : '/Users/nicolas';
  return { ctx: replayedComputer(platform, runner, { home, env }), runner };
}

async function apply(ctx: EngineContext, entries: StoreEntry[]) {
  return applyFix(ctx, deletionOffer(entries), { journal: new Journal(tempDir()) });
}

describe('credential.namespace / GCM_NAMESPACE: Windows Credential Manager (replayed)', () => {
  const HOST = 'git-codecommit.us-east-2.amazonaws.com';
  // WindowsCredentialManager.cs CreateTargetName: `{namespace}:` + scheme + `://` + host…
  const LIST = CMDKEY_LIST.replace(`target=git:https://${HOST}`, `target=work:https://${HOST}`).concat(
    '    Target: LegacyGeneric:target=other:https://git-codecommit.us-west-2.amazonaws.com\n    Type: Generic\n    User: mallory\n    Local machine persistence\n\n',
  );

  it('the configured namespace is listed (the default git: one too); one nobody configured is not', async () => {
    for (const [env, git] of [
      [{ GCM_NAMESPACE: 'work' }, undefined],
      [{}, gitWith({ 'credential.namespace': 'work' })],
      [{}, gitWith({ 'credential.https://git-codecommit.us-east-2.amazonaws.com.namespace': 'work' })],
    ] as const) {
      const { ctx } = replayed(
        'win32',
        [{ command: CMDKEY_EXE, args: ['/list'], result: { stdout: LIST } }],
        env,
      );
      const r = await storeOf('windows-credential-manager').list(ctx, git ? { git } : {});
      expect(r.entries.map((e) => [e.location, e.namespace])).toEqual([
        [`work:https://${HOST}`, 'work'],
        [`git:https://bob-at-123456789012@git-codecommit.eu-west-1.amazonaws.com/v1/repos/demo`, undefined],
      ]);
    }
    // Without the setting, GCM never wrote `work:` targets: they are not its, and not listed.
    const { ctx } = replayed('win32', [{ command: CMDKEY_EXE, args: ['/list'], result: { stdout: LIST } }]);
    const r = await storeOf('windows-credential-manager').list(ctx, {});
    expect(r.entries.map((e) => e.location)).not.toContain(`work:https://${HOST}`);
  });

  it('is deleted by its exact target, and the proof lists it under the same namespace', async () => {
    const list = replayed('win32', [{ command: CMDKEY_EXE, args: ['/list'], result: { stdout: LIST } }], {
      GCM_NAMESPACE: 'work',
    });
    const entry = (await storeOf('windows-credential-manager').list(list.ctx, {})).entries[0] as StoreEntry;
    expect(storeOf('windows-credential-manager').deleteArgv(entry)).toEqual([
      'cmdkey',
      `/delete:work:https://${HOST}`,
    ]);
    const without = LIST.split('\n\n')
      .filter((b) => !b.includes(`work:https://${HOST}`))
      .join('\n\n');
    // The fix runs without the setting in its environment: the entry carries its namespace.
    const { ctx, runner } = replayed('win32', [
      { command: CMDKEY_EXE, args: ['/list'], result: { stdout: LIST } },
      { command: CMDKEY_EXE, args: [`/delete:work:https://${HOST}`], result: { stdout: CMDKEY_OK } },
      { command: CMDKEY_EXE, args: ['/list'], result: { stdout: without } },
    ]);
    const out = await apply(ctx, [entry]);
    runner.assertDone();
    expect(out.ok, out.error).toBe(true);
  });
});

describe('credential.namespace: macOS Keychain generic items (replayed)', () => {
  const HOST = 'git-codecommit.ap-southeast-2.amazonaws.com';
  // MacOSKeychain.cs CreateServiceName: `{namespace}:` + service.
  const WORK_DUMP = DUMP.replaceAll(`"git:https://${HOST}"`, `"work:https://${HOST}"`);
  const SEARCH = keychainsOf(DUMP);

  it('lists `work:https://…` with the setting and deletes it with delete-generic-password -s work:https://…', async () => {
    const git = gitWith({ 'credential.namespace': 'work' });
    const list = replayed('darwin', keychainListing(WORK_DUMP, SEARCH));
    const r = await storeOf('macos-keychain-generic').list(list.ctx, { git });
    const entry = r.entries.find((e) => e.hostname === HOST) as StoreEntry;
    expect(entry.namespace).toBe('work');
    const del = [
      'delete-generic-password',
      '-s',
      `work:https://${HOST}`,
      '-a',
      'carol-at-123456789012',
      '/Users/jared/Library/Keychains/escaping_the_cloud.keychain',
    ];
    expect(storeOf('macos-keychain-generic').deleteArgv(entry)).toEqual(['security', ...del.slice(0)]);
    const { ctx, runner } = replayed('darwin', [
      ...keychainListing(WORK_DUMP, SEARCH),
      {
        command: SECURITY,
        args: del,
        result: { stderr: DELETED_GENERIC.replaceAll(`git:https://${HOST}`, `work:https://${HOST}`) },
      },
      { command: SECURITY, args: del, result: { exitCode: 44, stderr: NOT_FOUND } },
      ...keychainListing(
        WORK_DUMP.split(/(?=^keychain: )/m)
          .filter((b) => !b.includes(`work:https://${HOST}`))
          .join(''),
        SEARCH,
      ),
    ]);
    const out = await apply(ctx, [entry]);
    expect(out.steps.map((x) => x.message)).toEqual(['deleted 1']);
    runner.assertDone();
    expect(out.ok, out.error).toBe(true);
    // Without the setting the same item is not GCM's git: one, and is not listed.
    const plain = replayed('darwin', keychainListing(WORK_DUMP, SEARCH));
    expect(
      (await storeOf('macos-keychain-generic').list(plain.ctx, {})).entries.map((e) => e.hostname),
    ).not.toContain(HOST);
  });
});

/** A GCM file store as PlaintextCredentialStore.cs lays it out, written on this machine (POSIX). */
function fileStore(
  root: string,
  files: string[],
  content = 'SECRET-NEVER-READ\nservice=x\naccount=y\n',
): void {
  for (const f of files) {
    mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
    writeFileSync(path.join(root, f), content, { mode: 0o600 });
  }
}

const US_EAST_1 = 'git-codecommit.us-east-1.amazonaws.com';

describe("GCM's plaintext store on a Mac (real files, never opened)", () => {
  const FILES = [
    `git/https/${US_EAST_1}/v1/repos/demo/${KEY}.credential`,
    `git/https/${US_EAST_1}/${KEY}.credential`,
    `git/https/${US_EAST_1}:8443/${KEY}.credential`,
    `git/https/${US_EAST_1}/v1/repos/tok/${TOKEN_ACCOUNT}.credential`,
    'git/https/github.com/octocat.credential',
    `git/https/${US_EAST_1}.evil.com/${KEY}.credential`,
  ];

  function mac(home: string, env: NodeJS.ProcessEnv = {}) {
    // An empty search list and keychain; nothing else is installed.
    const runner: Runner = async (command, args) =>
      command === SECURITY
        ? recordedResult(command, args)
        : recordedResult(command, args, { notFound: true, exitCode: null });
    return createContext({
      platform: 'darwin',
      env: { HOME: home, ...env },
      home,
      cwd: home,
      runner,
      timeoutMs: 5_000,
      lookupHost: async () => [],
    });
  }

  it('the scan names each CodeCommit file (path, port, key id only) and one fix removes exactly those', async () => {
    const home = tempDir();
    const root = path.join(home, '.gcm', 'store');
    fileStore(root, FILES);
    const ctx = mac(home);
    const report = await runScan(ctx, { target: { kind: 'machine' }, offline: true });
    const finding = report.findings.find(
      (f) => f.code === 'cached-codecommit-credentials' && f.subject === US_EAST_1,
    );
    const entries = (finding?.evidence ?? []).flatMap((e) => (e.kind === 'store-entry' ? [e.entry] : []));
    expect(entries.map((e) => [e.store, e.path, e.port, e.account])).toEqual(
      expect.arrayContaining([
        ['gcm-plaintext', 'v1/repos/demo', undefined, KEY],
        ['gcm-plaintext', undefined, undefined, KEY],
        ['gcm-plaintext', undefined, 8443, KEY],
        ['gcm-plaintext', 'v1/repos/tok', undefined, 'ASIAZZEXAMPLESEED001'],
      ]),
    );
    expect(entries).toHaveLength(4);
    expect(JSON.stringify(report)).not.toMatch(/SECRET-NEVER-READ|SEEDEDsession|octocat|evil/);
    expect(storeOf('gcm-plaintext').describe(entries[0] as StoreEntry)).toMatch(/present, not read/);

    const offer = finding?.fixes.find((o) => o.kind === 'fix');
    const out = await applyFix(ctx, offer!, { journal: new Journal(tempDir()) });
    expect(out.ok, out.error).toBe(true);
    const left = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
        d.isDirectory() ? left(path.join(dir, d.name)) : [path.relative(root, path.join(dir, d.name))],
      );
    expect(left(root).sort()).toEqual(['git/https/github.com/octocat.credential', FILES[5]].sort());
  });

  it('a linked folder inside the CodeCommit tree that leads to another host: its file is never deleted', async () => {
    const home = tempDir();
    const root = path.join(home, '.gcm', 'store');
    fileStore(root, [`git/https/github.com/${KEY}.credential`]);
    const repos = path.join(root, 'git', 'https', US_EAST_1, 'v1', 'repos');
    mkdirSync(repos, { recursive: true });
    symlinkSync(path.join(root, 'git', 'https', 'github.com'), path.join(repos, 'linked'));
    const r = await storeOf('gcm-plaintext').list(mac(home), {});
    const linked = r.entries.filter((e) => e.location.includes(`${path.sep}linked${path.sep}`));
    expect(linked).toHaveLength(1);
    const out = await apply(mac(home), linked);
    expect(out.ok).toBe(false);
    expect(existsSync(path.join(root, 'git', 'https', 'github.com', `${KEY}.credential`))).toBe(true);
  });

  it('GCM_NAMESPACE and GCM_PLAINTEXT_STORE_PATH move the tree; the default one is still looked at', async () => {
    const home = tempDir();
    const moved = path.join(home, 'elsewhere');
    fileStore(moved, [`work/https/${US_EAST_1}/v1/repos/demo/${KEY}.credential`]);
    fileStore(path.join(home, '.gcm', 'store'), [`git/https/${US_EAST_1}/${KEY}.credential`]);
    const ctx = mac(home, { GCM_NAMESPACE: 'work', GCM_PLAINTEXT_STORE_PATH: moved });
    const r = await storeOf('gcm-plaintext').list(ctx, {});
    expect(r.entries.map((e) => [e.namespace, e.path, e.location])).toEqual([
      [
        'work',
        'v1/repos/demo',
        path.join(moved, 'work', 'https', US_EAST_1, 'v1', 'repos', 'demo', `${KEY}.credential`),
      ],
      [
        undefined,
        undefined,
        path.join(home, '.gcm', 'store', 'git', 'https', US_EAST_1, `${KEY}.credential`),
      ],
    ]);
    // The deletion finds the moved file again from the entry alone (no setting in the fix's run).
    const out = await apply(mac(home), [r.entries[0] as StoreEntry]);
    expect(out.ok, out.error).toBe(true);
    expect(
      existsSync(path.join(moved, 'work', 'https', US_EAST_1, 'v1', 'repos', 'demo', `${KEY}.credential`)),
    ).toBe(false);
  });

  it('gpg (pass): the same tree with .gpg files under ~/.password-store; .gpg-id is not a credential', async () => {
    const home = tempDir();
    const root = path.join(home, '.password-store');
    fileStore(root, [
      `git/https/${US_EAST_1}/v1/repos/demo/${KEY}.gpg`,
      '.gpg-id',
      `git/https/${US_EAST_1}/.gpg-id`,
    ]);
    const r = await storeOf('gcm-gpg').list(mac(home), {});
    expect(r.entries.map((e) => [e.store, e.path, e.account])).toEqual([['gcm-gpg', 'v1/repos/demo', KEY]]);
    expect(storeOf('gcm-gpg').deleteArgv(r.entries[0] as StoreEntry)).toEqual(['rm', r.entries[0]?.location]);
  });
});

describe("GCM's DPAPI store on a replayed Windows (paths only: the files are DPAPI-encrypted)", () => {
  const ROOT = `${WIN_HOME}\\.gcm\\dpapi_store`;
  const HOST = 'git-codecommit.us-east-2.amazonaws.com';
  const FILES = [
    `${ROOT}\\git\\https\\${HOST}\\v1\\repos\\demo\\${KEY}.credential`,
    // PlaintextCredentialStore.cs CreateServiceSlug: a port is `-port` on Windows.
    `${ROOT}\\git\\https\\${HOST}-8443\\${KEY}.credential`,
    `${ROOT}\\git\\https\\github.com\\octocat.credential`,
  ];

  it('lists by path, describes the file and the command a person would type', async () => {
    const { ctx, ran } = fakeInstall('win32', FILES, WIN_ENV);
    const r = await storeOf('gcm-dpapi').list(ctx, {});
    expect(ran).toEqual([]);
    expect(r.available).toBe(true);
    expect(r.ignored).toBe(1);
    expect(r.entries.map((e) => [e.hostname, e.port, e.path, e.account, e.location])).toEqual([
      [HOST, undefined, 'v1/repos/demo', KEY, FILES[0]],
      [HOST, 8443, undefined, KEY, FILES[1]],
    ]);
    const e = r.entries[0] as StoreEntry;
    expect(storeOf('gcm-dpapi').describe(e)).toBe(
      `${HOST}/v1/repos/demo, account ${KEY} in Git Credential Manager's DPAPI store (file ${FILES[0]}: present, not read)`,
    );
    expect(storeOf('gcm-dpapi').deleteArgv(e)).toEqual(['del', FILES[0]]);
  });
});

describe("git's own store and cache helpers on macOS and Windows", () => {
  it.each(['darwin', 'win32'] as const)(
    "%s: both are among the stores, with GCM's file stores",
    (platform) => {
      const kinds = platformOf(platform).stores.map((s) => s.kind);
      const want: StoreKind[] = ['git-credential-store', 'git-credential-cache', 'gcm-plaintext'];
      expect(kinds).toEqual(
        expect.arrayContaining([...want, platform === 'win32' ? 'gcm-dpapi' : 'gcm-gpg']),
      );
    },
  );

  it.each(['darwin', 'win32'] as const)(
    '%s: ~/.git-credentials and a live cache socket are listed',
    async (platform) => {
      const home = tempDir();
      writeFileSync(
        path.join(home, '.git-credentials'),
        `https://${KEY}:20250101T000000Zabc@${US_EAST_1}/v1/repos/demo\n`,
        {
          mode: 0o600,
        },
      );
      mkdirSync(path.join(home, '.git-credential-cache'), { mode: 0o700 });
      const server = net.createServer();
      servers.push(server);
      await new Promise<void>((r) => server.listen(path.join(home, '.git-credential-cache', 'socket'), r));
      const env = platform === 'win32' ? { USERPROFILE: home } : { HOME: home };
      const ctx = createContext({ platform, env, home, cwd: home, timeoutMs: 5_000 });
      // What the scan's store probe lists on this OS.
      const git = gitWith({ 'credential.credentialstore': 'cache' });
      const { stores } = await probeStores(ctx, Promise.resolve(git));
      const file = stores.find((s) => s.store === 'git-credential-store');
      expect(file?.entries.map((e) => [e.hostname, e.path])).toEqual([[US_EAST_1, 'v1/repos/demo']]);
      const cache = stores.find((s) => s.store === 'git-credential-cache');
      if (!cache) throw new Error('no cache store listed');
      expect(cache.available).toBe(true);
      // GCM with credentialStore = cache keeps its passwords in the same daemon: present, not read.
      expect(cache.note).toMatch(/Git Credential Manager keeps its passwords there too .*present, not read/);
    },
  );

  it("GCM's credential.cacheOptions --socket names a daemon to look at", async () => {
    const home = tempDir();
    const sock = path.join(home, 'gcm-sock');
    const server = net.createServer();
    servers.push(server);
    await new Promise<void>((r) => server.listen(sock, r));
    const ctx = createContext({ platform: 'darwin', env: { HOME: home }, home, cwd: home, timeoutMs: 5_000 });
    const without = await storeOf('git-credential-cache').list(ctx, {});
    expect(without.available).toBe(false);
    const r = await storeOf('git-credential-cache').list(ctx, {
      git: gitWith({ 'credential.cacheoptions': `--timeout 300 --socket ${sock}` }),
    });
    expect(r.locations).toEqual([sock]);
  });
});
