import fc from 'fast-check';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createContext } from '../../electron/engine/context';
import type { StoreEntry } from '../../electron/engine/model';
import {
  deleteKeychainEntry,
  keychainDeleteArgs,
  listKeychain,
  MAX_DELETE_ROUNDS,
  parseDumpKeychain,
  SECURITY,
} from '../../electron/engine/platform/darwin/keychain';
import { expectFullyReplayed, loadRecording } from '../support/recording';
import { keychainsOf, searchListOutput } from '../support/keychain-replay';
import { readFixture, replayRunner, type ExpectedCall } from '../support/replay-runner';

const dir = path.join(__dirname, '../fixtures/darwin');
const fixture = (name: string) => readFixture(path.join(dir, name));
const ctxWith = (calls: ExpectedCall[] | ReturnType<typeof replayRunner>) => {
  const runner = Array.isArray(calls) ? replayRunner(calls) : calls;
  return {
    runner,
    ctx: createContext({ platform: 'darwin', runner, env: {}, home: '/Users/x', timeoutMs: 5000 }),
  };
};
/** One listing: the search list (the keychains the dump names, else `searchList`), then the dump. */
const dump = (result: ExpectedCall['result'], searchList?: string[]): ExpectedCall[] => [
  {
    command: SECURITY,
    args: ['list-keychains'],
    result: { stdout: searchListOutput(searchList ?? keychainsOf(result?.stdout ?? '')) },
  },
  { command: SECURITY, args: ['dump-keychain'], result },
];
const LOGIN = '/Users/x/Library/Keychains/login.keychain-db';

describe('parseDumpKeychain', () => {
  it('reads a genp and an inet block and drops the -d data lines (jaredbeck 2014)', () => {
    const text = fixture('security-dump-keychain-d.genp-inet.jaredbeck-2014.txt');
    const items = parseDumpKeychain(text);
    expect(items.map((i) => i.itemClass)).toEqual(['genp', 'inet']);
    expect(items[0]?.keychain).toBe('/Users/jared/Library/Keychains/escaping_the_cloud.keychain');
    expect(items[0]?.version).toBeUndefined();
    expect(items[0]?.attributes.svce?.value).toEqual({ kind: 'text', text: 'AirPort' });
    expect(items[0]?.attributes['0x00000008']?.value).toEqual({ kind: 'null' });
    expect(items[1]?.attributes.srvr?.value).toEqual({ kind: 'text', text: 'www.gocongress.org' });
    expect(items[1]?.attributes.port).toEqual({
      type: 'uint32',
      value: { kind: 'hex', hex: '00000000', text: '\0\0\0\0' },
    });
    expect(JSON.stringify(items)).not.toContain('redacted"');
    expect(JSON.stringify(items)).not.toMatch(/redacted(?!>)/i);
  });

  it('handles the trailing space after the port, no version line, and drops the password line (webkit 2009)', () => {
    const items = parseDumpKeychain(fixture('security-find-internet-password-g.webkit-2009.txt'));
    expect(items).toHaveLength(1);
    expect(items[0]?.attributes.ptcl?.value).toEqual({ kind: 'text', text: 'htps' });
    expect(items[0]?.attributes.port?.value).toMatchObject({ kind: 'hex', hex: '00000000' });
    expect(JSON.stringify(items)).not.toContain('SECRETSAUCE');
  });

  it('decodes hex values as UTF-8 and never keeps a hex password (fastlane #2)', () => {
    const items = parseDumpKeychain(
      fixture('security-find-internet-password-g.hex-password.fastlane-security-issue2-2015.txt'),
    );
    expect(items).toHaveLength(1);
    expect(items[0]?.attributes.cdat?.value).toMatchObject({ kind: 'hex', text: '20150917153415Z\0' });
    expect(JSON.stringify(items)).not.toContain('EXPURG');
    expect(JSON.stringify(items)).not.toContain('5B455850555247C3895D');
  });

  it('reads version lines (512 login keychain, 256 System keychain)', () => {
    expect(
      parseDumpKeychain(fixture('security-find-internet-password-gs.github.version512.partial.txt'))[0]
        ?.version,
    ).toBe(512);
    const wifi = parseDumpKeychain(
      fixture('security-find-generic-password-ga.notfound-then-found.wifi-password-issue22-2018.txt'),
    );
    expect(wifi).toHaveLength(1);
    expect(wifi[0]?.version).toBe(256);
    expect(JSON.stringify(wifi)).not.toContain('<REDACTED>');
  });

  it('decodes a hex account that the quoted rendering shows lossily', () => {
    const items = parseDumpKeychain(fixture('security-dump-keychain.codecommit.adapted.txt'));
    expect(items).toHaveLength(8);
    expect(items[4]?.attributes.acct?.value).toMatchObject({ kind: 'hex', text: 'josé-at-123456789012' });
  });

  it('returns nothing for garbage', () => {
    expect(parseDumpKeychain('')).toEqual([]);
    expect(parseDumpKeychain('security: SecKeychainSearchCopyNext: unknown error\n')).toEqual([]);
    expect(parseDumpKeychain('keychain: "x"\nnot a class line\n')).toEqual([]);
  });
});

describe('listKeychain (replayed)', () => {
  it('found: CodeCommit inet and genp items only; everything else counted as ignored (recording)', async () => {
    const ctx = loadRecording('darwin/stores/keychain-list-found.json', { strict: true });
    const [inet, genp] = await listKeychain(ctx);
    expectFullyReplayed(ctx);
    expect(ctx.replay.calls[0]?.options?.timeoutMs).toBe(5000);
    // GCM's git:https://github.com item: kept as a fingerprint only, for a deletion's proof.
    const gitKeys = [expect.stringMatching(/^[0-9a-f]{16}$/)];
    expect(JSON.stringify([inet, genp])).not.toContain('github');
    expect(inet).toEqual({
      store: 'macos-keychain-internet',
      available: true,
      ignored: 2,
      otherGitKeys: gitKeys,
      entries: [
        {
          store: 'macos-keychain-internet',
          hostname: 'git-codecommit.us-east-2.amazonaws.com',
          account: 'alice-at-123456789012',
          protocol: 'https',
          location: '/Users/nicolas/Library/Keychains/login.keychain',
          writer: 'osxkeychain',
        },
        {
          store: 'macos-keychain-internet',
          hostname: 'git-codecommit.eu-west-1.amazonaws.com',
          port: 443,
          account: 'bob-at-123456789012',
          path: 'v1/repos/demo',
          protocol: 'https',
          location: '/Users/dl/Library/Keychains/login.keychain-db',
          writer: 'osxkeychain',
        },
        {
          store: 'macos-keychain-internet',
          hostname: 'git-codecommit.us-west-2.amazonaws.com',
          account: 'josé-at-123456789012',
          protocol: 'https',
          location: '/Users/nicolas/Library/Keychains/login.keychain',
          writer: 'osxkeychain',
        },
      ],
    });
    expect(genp).toEqual({
      store: 'macos-keychain-generic',
      available: true,
      ignored: 2,
      otherGitKeys: gitKeys,
      entries: [
        {
          store: 'macos-keychain-generic',
          hostname: 'git-codecommit.ap-southeast-2.amazonaws.com',
          account: 'carol-at-123456789012',
          protocol: 'https',
          location: '/Users/jared/Library/Keychains/escaping_the_cloud.keychain',
          writer: 'GCM',
        },
      ],
    });
    expect(JSON.stringify([inet, genp])).not.toMatch(/github|evil|webkit|octocat/);
  });

  it('empty keychain: no entries, no error', async () => {
    const { ctx, runner } = ctxWith(dump({ exitCode: 0, stdout: '' }));
    const res = await listKeychain(ctx);
    runner.assertDone();
    expect(res.map((r) => [r.store, r.available, r.entries.length, r.ignored, r.error])).toEqual([
      ['macos-keychain-internet', true, 0, 0, undefined],
      ['macos-keychain-generic', true, 0, 0, undefined],
    ]);
  });

  it('only other hosts: ignored counts, no entries', async () => {
    const { ctx, runner } = ctxWith(
      dump({ exitCode: 0, stdout: fixture('security-dump-keychain-d.genp-inet.jaredbeck-2014.txt') }),
    );
    const [inet, genp] = await listKeychain(ctx);
    runner.assertDone();
    expect([inet?.entries, inet?.ignored, genp?.entries, genp?.ignored]).toEqual([[], 1, [], 1]);
  });

  it('security missing: not available, no error', async () => {
    const { ctx, runner } = ctxWith([
      { command: SECURITY, args: ['list-keychains'], result: { exitCode: null, notFound: true } },
    ]);
    const res = await listKeychain(ctx);
    runner.assertDone();
    expect(res.map((r) => [r.available, r.error])).toEqual([
      [false, undefined],
      [false, undefined],
    ]);
  });

  it('locked keychain (exit 36), alone in the search list and read again alone: the locked error on both stores', async () => {
    const locked = { exitCode: 36, stderr: fixture('security-error-36.fastlane-security-issue5.txt') };
    const { ctx, runner } = ctxWith([
      ...dump(locked, [LOGIN]),
      { command: SECURITY, args: ['dump-keychain', LOGIN], result: locked },
    ]);
    const res = await listKeychain(ctx);
    runner.assertDone();
    for (const r of res) {
      expect(r.available).toBe(true);
      expect(r.entries).toEqual([]);
      expect(r.error).toBe(
        `${LOGIN} was not read in full: The keychain is locked and cannot be read without a login session (security exit 36)`,
      );
    }
  });

  it('timeout: an error that says so (a keychain that made it wait is not asked again)', async () => {
    const { ctx, runner } = ctxWith(dump({ exitCode: null, signal: 'SIGKILL', timedOut: true }, [LOGIN]));
    const res = await listKeychain(ctx);
    runner.assertDone();
    expect(res[0]?.error).toMatch(/timed out after 5 s/);
    expect(res[1]?.entries).toEqual([]);
  });

  it('garbage: no entries and an error', async () => {
    const { ctx, runner } = ctxWith(
      dump({ exitCode: 0, stdout: '\u0000\u0001binary junk\n<html>oops</html>\n' }),
    );
    const res = await listKeychain(ctx);
    runner.assertDone();
    expect(res[0]?.entries).toEqual([]);
    expect(res[0]?.error).toMatch(/could not be read as keychain items/);
  });

  it('other failure: exit code and first stderr line', async () => {
    const { ctx } = ctxWith(
      dump({
        exitCode: 50,
        stderr: 'security: SecKeychainSearchCopyNext: unknown error -25300=ffffffffffff9d2c\n',
      }),
    );
    const res = await listKeychain(ctx);
    expect(res[0]?.error).toBe(
      'security dump-keychain failed (exit 50): security: SecKeychainSearchCopyNext: unknown error -25300=ffffffffffff9d2c',
    );
    expect(res[0]?.incomplete).toBeUndefined();
  });
});

const inetEntry: StoreEntry = {
  store: 'macos-keychain-internet',
  hostname: 'git-codecommit.us-east-2.amazonaws.com',
  account: 'alice-at-123456789012',
  protocol: 'https',
  location: '/Users/nicolas/Library/Keychains/login.keychain',
  writer: 'osxkeychain',
};
const inetArgs = [
  'delete-internet-password',
  '-s',
  'git-codecommit.us-east-2.amazonaws.com',
  '-a',
  'alice-at-123456789012',
  '-r',
  'htps',
  '/Users/nicolas/Library/Keychains/login.keychain',
];

describe('deleteKeychainEntry (replayed)', () => {
  const deleted = {
    exitCode: 0,
    stderr: fixture('security-delete-internet-password.codecommit.adapted.txt'),
  };
  const notFound = { exitCode: 44, stderr: fixture('security-find-not-found.stderr.txt') };

  it('found once: deletes, then stops at exit 44', async () => {
    const { ctx, runner } = ctxWith([
      { command: SECURITY, args: inetArgs, result: deleted },
      { command: SECURITY, args: inetArgs, result: notFound },
    ]);
    expect(await deleteKeychainEntry(ctx, inetEntry)).toEqual({ deleted: 1 });
    runner.assertDone();
  });

  it('path and port become -P and -p', async () => {
    const entry: StoreEntry = {
      ...inetEntry,
      port: 443,
      path: 'v1/repos/demo',
      location: '/Users/dl/Library/Keychains/login.keychain-db',
    };
    const args = [
      'delete-internet-password',
      '-s',
      'git-codecommit.us-east-2.amazonaws.com',
      '-a',
      'alice-at-123456789012',
      '-r',
      'htps',
      '-P',
      '443',
      '-p',
      'v1/repos/demo',
      '/Users/dl/Library/Keychains/login.keychain-db',
    ];
    const { ctx, runner } = ctxWith([{ command: SECURITY, args, result: notFound }]);
    expect(await deleteKeychainEntry(ctx, entry)).toEqual({ deleted: 0 });
    runner.assertDone();
  });

  it('generic (GCM) item: two copies deleted, then not found (recording)', async () => {
    const ctx = loadRecording('darwin/stores/keychain-delete-generic-twice.json', { strict: true });
    const entry: StoreEntry = {
      store: 'macos-keychain-generic',
      hostname: 'git-codecommit.ap-southeast-2.amazonaws.com',
      account: 'carol-at-123456789012',
      protocol: 'https',
      location: '/Users/jared/Library/Keychains/escaping_the_cloud.keychain',
      writer: 'GCM',
    };
    expect(await deleteKeychainEntry(ctx, entry)).toEqual({ deleted: 2 });
    expectFullyReplayed(ctx);
  });

  it('generic item with a path keeps it in the service', () => {
    const plan = keychainDeleteArgs({
      store: 'macos-keychain-generic',
      hostname: 'git-codecommit.eu-west-1.amazonaws.com',
      path: 'v1/repos/demo',
      location: 'x',
    });
    expect(plan).toEqual({
      args: [
        'delete-generic-password',
        '-s',
        'git:https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/demo',
      ],
      match: { attr: 'svce', value: 'git:https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/demo' },
    });
  });

  it('not found at once (44): nothing deleted, no error', async () => {
    const { ctx, runner } = ctxWith([{ command: SECURITY, args: inetArgs, result: notFound }]);
    expect(await deleteKeychainEntry(ctx, inetEntry)).toEqual({ deleted: 0 });
    runner.assertDone();
  });

  it('locked (36): the locked error', async () => {
    const { ctx, runner } = ctxWith([{ command: SECURITY, args: inetArgs, result: { exitCode: 36 } }]);
    expect(await deleteKeychainEntry(ctx, inetEntry)).toEqual({
      deleted: 0,
      error: 'The keychain is locked and cannot be read without a login session (security exit 36)',
    });
    runner.assertDone();
  });

  it('timeout after one deletion: reports the one and the timeout', async () => {
    const { ctx, runner } = ctxWith([
      { command: SECURITY, args: inetArgs, result: deleted },
      { command: SECURITY, args: inetArgs, result: { exitCode: null, timedOut: true } },
    ]);
    const res = await deleteKeychainEntry(ctx, inetEntry);
    runner.assertDone();
    expect(res.deleted).toBe(1);
    expect(res.error).toMatch(/timed out/);
  });

  it('garbage output with exit 0 still counts (success is the exit code), bounded at MAX_DELETE_ROUNDS', async () => {
    const calls = Array.from({ length: MAX_DELETE_ROUNDS }, () => ({
      command: SECURITY,
      args: inetArgs,
      result: { exitCode: 0, stdout: '%%% garbage %%%' },
    }));
    const { ctx, runner } = ctxWith(calls);
    const res = await deleteKeychainEntry(ctx, inetEntry);
    runner.assertDone();
    expect(res.deleted).toBe(MAX_DELETE_ROUNDS);
    expect(res.error).toMatch(/still found matches after 50/);
  });

  it('stops when security reports deleting an item other than the one asked for', async () => {
    const other = fixture('security-delete-generic-password.nix-installer-issue531-2023.txt');
    const { ctx, runner } = ctxWith([
      { command: SECURITY, args: inetArgs, result: { exitCode: 0, stderr: other } },
    ]);
    const res = await deleteKeychainEntry(ctx, inetEntry);
    runner.assertDone();
    expect(res).toEqual({
      deleted: 1,
      error: 'security delete-internet-password reported deleting an unexpected item; stopped',
    });
  });

  it('security missing: error', async () => {
    const { ctx } = ctxWith([
      { command: SECURITY, args: inetArgs, result: { exitCode: null, notFound: true } },
    ]);
    expect(await deleteKeychainEntry(ctx, inetEntry)).toEqual({
      deleted: 0,
      error: '/usr/bin/security was not found',
    });
  });

  it.each([
    ['github.com', 'macos-keychain-internet'],
    ['git-codecommit.us-east-1.amazonaws.com.evil.com', 'macos-keychain-internet'],
    ['evil-git-codecommit.us-east-1.amazonaws.com', 'macos-keychain-generic'],
    ['GIT-CODECOMMIT.US-EAST-1.AMAZONAWS.COM.', 'macos-keychain-internet'],
  ] as const)('refuses %s without running anything', async (hostname, store) => {
    const { ctx, runner } = ctxWith([]);
    const res = await deleteKeychainEntry(ctx, { ...inetEntry, store, hostname });
    expect(res.deleted).toBe(0);
    expect(res.error).toMatch(/^refusing to delete/);
    expect(runner.calls).toEqual([]);
  });

  it('refuses a generic path that would change the service, and a non-keychain store', async () => {
    const { ctx, runner } = ctxWith([]);
    const generic: StoreEntry = { ...inetEntry, store: 'macos-keychain-generic', path: 'a b' };
    expect((await deleteKeychainEntry(ctx, generic)).error).toMatch(/^refusing to delete/);
    const win: StoreEntry = { ...inetEntry, store: 'windows-credential-manager' };
    expect((await deleteKeychainEntry(ctx, win)).error).toMatch(/^refusing to delete/);
    expect(runner.calls).toEqual([]);
  });
});

// ── Properties ────────────────────────────────────────────────────────────────

const GOOD = [
  'git-codecommit.us-east-1.amazonaws.com',
  'git-codecommit-fips.us-west-2.amazonaws.com',
  'git-codecommit.cn-north-1.amazonaws.com.cn',
  'vpce-0123456789abcdef0-abcdefgh.git-codecommit.eu-west-1.vpce.amazonaws.com',
  // A `k` for the KELVIN SIGN lookalike, which toLowerCase() turns into ASCII `k`.
  'vpce-0a1b2c3d4e5f6k7-kq1.git-codecommit.us-east-1.vpce.amazonaws.com',
];
const LOOKALIKE: Record<string, string> = {
  i: 'і',
  o: 'о',
  a: 'а',
  e: 'е',
  c: 'с',
  m: 'ｍ',
  '.': '．',
  '-': '‐',
  k: '\u212a',
};

/** Hosts that are certainly not CodeCommit hosts, built around real ones. */
const badHost = fc.oneof(
  fc.constantFrom('github.com', 'gist.github.com', 'gitlab.com', 'dev.azure.com', 'bitbucket.org', ''),
  fc
    .tuple(
      fc.constantFrom(...GOOD),
      fc.constantFrom('.evil.com', '.amazonaws.com.evil', 'x', ':443@github.com', '..'),
    )
    .map(([h, s]) => h + s),
  fc
    .tuple(fc.constantFrom('evil-', 'evil.', 'x', 'github.com/', '@', ' '), fc.constantFrom(...GOOD))
    .map(([p, h]) => p + h),
  fc.tuple(fc.constantFrom(...GOOD), fc.nat()).map(([h, n]) => {
    const positions = [...h].map((ch, i) => [ch, i] as const).filter(([ch]) => LOOKALIKE[ch] !== undefined);
    const [ch, i] = positions[n % positions.length]!;
    return h.slice(0, i) + LOOKALIKE[ch]! + h.slice(i + 1);
  }),
  fc.string({ maxLength: 60 }).filter((s) => !GOOD.includes(s.toLowerCase())),
);

/** The first adapted block with its server replaced, quoted or in the hex form non-ASCII values take. */
function inetBlock(srvr: string, hex = false): string {
  const block = fixture('security-dump-keychain.codecommit.adapted.txt').split('keychain: ')[1]!;
  const value = hex
    ? `0x${Buffer.from(srvr, 'utf8').toString('hex').toUpperCase()}  "x"`
    : JSON.stringify(srvr);
  // A function replacer: a generated host like `$'` must be inserted as is, not as a pattern.
  return ('keychain: ' + block).replaceAll('"git-codecommit.us-east-2.amazonaws.com"', () => value);
}
function genpBlock(svce: string): string {
  const block = fixture('security-dump-keychain.codecommit.adapted.txt').split('keychain: ')[6]!;
  return ('keychain: ' + block).replaceAll('"git:https://git-codecommit.ap-southeast-2.amazonaws.com"', () =>
    JSON.stringify(svce),
  );
}

describe('properties', () => {
  it('parseDumpKeychain never throws on arbitrary text, nor on mangled real dumps', () => {
    const real = fixture('security-dump-keychain.codecommit.adapted.txt');
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ maxLength: 400 }), fc.string({ unit: 'binary', maxLength: 60 })),
        (s) => {
          expect(Array.isArray(parseDumpKeychain(s))).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.nat(real.length), fc.nat(real.length), fc.string({ maxLength: 20 }), (a, b, ins) => {
        const [from, to] = a < b ? [a, b] : [b, a];
        expect(Array.isArray(parseDumpKeychain(real.slice(0, from) + ins + real.slice(to)))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('listKeychain never reports a non-CodeCommit server or service', async () => {
    await fc.assert(
      fc.asyncProperty(badHost, fc.boolean(), async (host, hex) => {
        const text =
          inetBlock(host, hex) +
          genpBlock(`git:https://${host}`) +
          genpBlock(`git:https://${host}/v1/repos/x`);
        const { ctx } = ctxWith(dump({ exitCode: 0, stdout: text }));
        const res = await listKeychain(ctx);
        expect(res.flatMap((r) => r.entries)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('every reported entry names a host that was in the dump', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...GOOD), badHost, async (good, bad) => {
        const text =
          inetBlock(bad) +
          inetBlock(good) +
          genpBlock(`git:https://${bad}`) +
          genpBlock(`git:https://${good}`);
        const { ctx } = ctxWith(dump({ exitCode: 0, stdout: text }));
        const [inet, genp] = await listKeychain(ctx);
        expect(inet?.entries.map((e) => e.hostname)).toEqual([good]);
        expect(genp?.entries.map((e) => e.hostname)).toEqual([good]);
      }),
      { numRuns: 150 },
    );
  });

  it('deleteKeychainEntry refuses every non-CodeCommit host without running a command', async () => {
    await fc.assert(
      fc.asyncProperty(
        badHost,
        fc.constantFrom('macos-keychain-internet', 'macos-keychain-generic'),
        async (hostname, store) => {
          const { ctx, runner } = ctxWith([]);
          const res = await deleteKeychainEntry(ctx, { ...inetEntry, store, hostname });
          expect(res.deleted).toBe(0);
          expect(runner.calls).toEqual([]);
        },
      ),
      { numRuns: 300 },
    );
  });
});
