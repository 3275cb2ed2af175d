import fc from 'fast-check';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createContext } from '../../electron/engine/context';
import {
  deleteCredentialManagerTarget,
  listCredentialManager,
  parseCmdkeyList,
} from '../../electron/engine/platform/win32/credential-manager';
import { cmdkeyProgram } from '../../electron/engine/platform/win32/launch';
import { expectFullyReplayed, loadRecording } from '../support/recording';
import { readFixture, replayRunner, type ExpectedCall } from '../support/replay-runner';

const dir = path.join(__dirname, '../fixtures/win32');
// The replayed contexts have no SystemRoot: cmdkey is System32's under C:\Windows.
const CMDKEY = cmdkeyProgram({});
const fixture = (name: string) => readFixture(path.join(dir, name));
const ctxWith = (calls: ExpectedCall[] | ReturnType<typeof replayRunner>) => {
  const runner = Array.isArray(calls) ? replayRunner(calls) : calls;
  return {
    runner,
    ctx: createContext({ platform: 'win32', runner, env: {}, home: 'C:\\Users\\x', timeoutMs: 5000 }),
  };
};
const list = (result: ExpectedCall['result']): ExpectedCall => ({ command: CMDKEY, args: ['/list'], result });

describe('parseCmdkeyList: every language sample', () => {
  it('en', () => {
    expect(parseCmdkeyList(fixture('cmdkey-list.en.gcm-windows-issue725.variant-a.txt'))).toEqual([
      { kind: 'LegacyGeneric', target: 'git:https://github.com', user: 'Personal Access Token' },
    ]);
    expect(parseCmdkeyList(fixture('cmdkey-list.en.gcm-windows-issue725.variant-b.txt'))).toEqual([
      { kind: 'LegacyGeneric', target: 'git:https://github.com', user: 'my@email.com' },
    ]);
  });

  it('de (no git target; MicrosoftAccount kinds; no persistence line on the last block)', () => {
    expect(parseCmdkeyList(fixture('cmdkey-list.de.privATM-readme.txt'))).toEqual([
      { kind: 'MicrosoftAccount', target: 'SSO_POP_User:user=example@gmx.com', user: 'example@gmx.com' },
      { kind: 'MicrosoftAccount', target: 'SSO_POP_Device', user: 'asfrtgbfnosgd2iq' },
      { kind: 'LegacyGeneric', target: 'sftp://root@81.110.150.18', user: 'root' },
    ]);
  });

  it('ja (trailing space in the type line, 4-space separator, elisions)', () => {
    expect(parseCmdkeyList(fixture('cmdkey-list.ja.gaas-for-windows-readme.txt'))).toEqual([
      { kind: 'LegacyGeneric', target: 'git:https://stakiran@github.com', user: 'stakiran' },
      { kind: 'LegacyGeneric', target: 'git:https://stakiran@gist.github.com', user: 'stakiran' },
    ]);
    expect(parseCmdkeyList(fixture('cmdkey-list.ja.stakiran-til-github.txt'))).toEqual([
      { kind: 'LegacyGeneric', target: 'git:https://github.com', user: 'stakiran' },
    ]);
  });

  it('zh-CN (GitHub-for-VS target, Domain target, persistence lines)', () => {
    expect(parseCmdkeyList(fixture('cmdkey-list.zh-CN.github-target.txt'))).toEqual([
      { kind: 'LegacyGeneric', target: 'GitHub - https://api.github.com/zyx3721', user: 'zyx3721' },
      { kind: 'Domain', target: '10.24.1.105', user: 'hongzelong' },
    ]);
    const rdp = parseCmdkeyList(fixture('cmdkey-list.zh-CN.rdp-blog.txt'));
    expect(rdp).toEqual([
      { kind: 'LegacyGeneric', target: 'TERMSRV/10.0.0.100', user: 'LAPTOP-MAGICBOO\\administrator' },
      {
        kind: 'LegacyGeneric',
        target:
          'WindowsLive:(token):name=<EMAIL-REDACTED>;serviceuri=scope=service::user.auth.xboxlive.com::mbi_ssl',
        user: '<EMAIL-REDACTED>',
      },
      { kind: 'LegacyGeneric', target: 'MicrosoftAccount:user=<EMAIL-REDACTED>', user: '<EMAIL-REDACTED>' },
    ]);
  });

  it('labels garbled by the OEM code page (U+FFFD), CRLF line ends and NUL bytes parse the same', () => {
    for (const name of [
      'cmdkey-list.ja.gaas-for-windows-readme.txt',
      'cmdkey-list.zh-CN.github-target.txt',
      'cmdkey-list.de.privATM-readme.txt',
      'cmdkey-list.ja.codecommit.adapted.txt',
    ]) {
      const text = fixture(name);
      const garbled = text
        .split('\n')
        .map((line) => {
          const i = line.indexOf(': ');
          // Every non-ASCII character of the label (or of a label-less line) becomes U+FFFD.
          const label = i < 0 ? line : line.slice(0, i);
          return label.replace(/[^\x00-\x7f]/g, '\ufffd\ufffd') + (i < 0 ? '' : line.slice(i));
        })
        .join('\r\n');
      expect(garbled).toContain('\ufffd');
      expect(parseCmdkeyList(garbled)).toEqual(parseCmdkeyList(text));
      expect(parseCmdkeyList(garbled.replace(/(.)/g, '$1\u0000'))).toEqual(parseCmdkeyList(text));
    }
  });

  it('a target line right after a block with no user line still starts a new item', () => {
    const text =
      '    Target: LegacyGeneric:target=a\n    Type: Generic \n    Target: LegacyGeneric:target=b\n    Type: Generic \n    User: u\n';
    expect(parseCmdkeyList(text)).toEqual([
      { kind: 'LegacyGeneric', target: 'a' },
      { kind: 'LegacyGeneric', target: 'b', user: 'u' },
    ]);
  });
});

describe('listCredentialManager (replayed)', () => {
  it('found: only CodeCommit targets, GitHub and lookalike ignored (recording)', async () => {
    const ctx = loadRecording('win32/stores/cmdkey-list-found.json', { strict: true });
    const res = await listCredentialManager(ctx);
    expectFullyReplayed(ctx);
    expect(ctx.replay.calls[0]?.options?.timeoutMs).toBe(5000);
    // GitHub's and the lookalike's git: targets are kept as fingerprints only, for a deletion's proof.
    expect(JSON.stringify(res)).not.toMatch(/github|evil/);
    expect(res).toEqual({
      store: 'windows-credential-manager',
      available: true,
      ignored: 2,
      otherGitKeys: [expect.stringMatching(/^[0-9a-f]{16}$/), expect.stringMatching(/^[0-9a-f]{16}$/)],
      entries: [
        {
          store: 'windows-credential-manager',
          hostname: 'git-codecommit.us-east-2.amazonaws.com',
          account: 'alice-at-123456789012',
          protocol: 'https',
          location: 'git:https://git-codecommit.us-east-2.amazonaws.com',
          writer: 'GCM',
        },
        {
          store: 'windows-credential-manager',
          hostname: 'git-codecommit.eu-west-1.amazonaws.com',
          account: 'bob-at-123456789012',
          path: 'v1/repos/demo',
          protocol: 'https',
          location: 'git:https://bob-at-123456789012@git-codecommit.eu-west-1.amazonaws.com/v1/repos/demo',
          writer: 'GCM or wincred',
        },
      ],
    });
  });

  it('found in a Japanese listing, also with garbled labels', async () => {
    const text = fixture('cmdkey-list.ja.codecommit.adapted.txt');
    const want = [
      {
        store: 'windows-credential-manager',
        hostname: 'git-codecommit.ap-northeast-1.amazonaws.com',
        account: 'stakiran',
        protocol: 'https',
        location: 'git:https://stakiran@git-codecommit.ap-northeast-1.amazonaws.com',
        writer: 'GCM or wincred',
      },
    ];
    const { ctx } = ctxWith([list({ stdout: text })]);
    expect((await listCredentialManager(ctx)).entries).toEqual(want);
    const { ctx: ctx2 } = ctxWith([list({ stdout: text.replace(/[^\x00-\x7f]/g, '\ufffd') })]);
    const res = await listCredentialManager(ctx2);
    expect(res.entries).toEqual(want);
    expect(res.ignored).toBe(1);
  });

  it.each([
    'cmdkey-list.en.gcm-windows-issue725.variant-a.txt',
    'cmdkey-list.en.gcm-windows-issue725.variant-b.txt',
    'cmdkey-list.de.privATM-readme.txt',
    'cmdkey-list.ja.gaas-for-windows-readme.txt',
    'cmdkey-list.ja.stakiran-til-github.txt',
    'cmdkey-list.zh-CN.github-target.txt',
    'cmdkey-list.zh-CN.rdp-blog.txt',
  ])('%s: no CodeCommit entries, everything counted as ignored', async (name) => {
    const { ctx, runner } = ctxWith([list({ stdout: fixture(name) })]);
    const res = await listCredentialManager(ctx);
    runner.assertDone();
    expect(res.entries).toEqual([]);
    expect(res.error).toBeUndefined();
    expect(res.ignored).toBe(parseCmdkeyList(fixture(name)).length);
    expect(res.ignored).toBeGreaterThan(0);
  });

  it('empty store (`* NONE *`, per the consmsg.mc message table): no entries, no error', async () => {
    const { ctx, runner } = ctxWith([
      list({ stdout: '\r\nCurrently stored credentials:\r\n\r\n* NONE *\r\n' }),
    ]);
    expect(await listCredentialManager(ctx)).toEqual({
      store: 'windows-credential-manager',
      available: true,
      entries: [],
      ignored: 0,
    });
    runner.assertDone();
  });

  it('output cut at the runner cap: what was read is listed, and the store says the rest was not (issue 11 item 8)', async () => {
    const { ctx, runner } = ctxWith([
      list({ stdout: fixture('cmdkey-list.en.codecommit-and-github.adapted.txt'), truncated: true }),
    ]);
    const res = await listCredentialManager(ctx);
    runner.assertDone();
    expect(res.entries).toHaveLength(2);
    expect(res.error).toBeUndefined();
    expect(res.incomplete).toMatch(/printed more than the 8 MiB the doctor reads/);
    expect(res.unreadLocations).toBeUndefined();
  });

  it('cmdkey missing: not available', async () => {
    const { ctx } = ctxWith([list({ exitCode: null, notFound: true })]);
    expect(await listCredentialManager(ctx)).toEqual({
      store: 'windows-credential-manager',
      available: false,
      entries: [],
      ignored: 0,
    });
  });

  it('timeout: error', async () => {
    const { ctx } = ctxWith([list({ exitCode: null, timedOut: true })]);
    const res = await listCredentialManager(ctx);
    expect(res.error).toBe('cmdkey /list timed out after 5 s');
    expect(res.entries).toEqual([]);
  });

  it('garbage: no entries and an error', async () => {
    const { ctx } = ctxWith([
      list({ stdout: 'Microsoft Windows [Version 10.0]\r\nsomething else entirely\r\nmore: junk here\r\n' }),
    ]);
    const res = await listCredentialManager(ctx);
    expect(res.entries).toEqual([]);
    expect(res.error).toBe('cmdkey /list printed output that could not be read as credentials');
  });

  it('non-zero exit: error with the first line', async () => {
    const { ctx } = ctxWith([list({ exitCode: 1, stdout: '\r\nCMDKEY: Element not found.\r\n' })]);
    expect((await listCredentialManager(ctx)).error).toBe(
      'cmdkey /list failed (exit 1): CMDKEY: Element not found.',
    );
  });
});

const CC = 'git:https://git-codecommit.us-east-2.amazonaws.com';
const del = (target: string, result: ExpectedCall['result']): ExpectedCall => ({
  command: CMDKEY,
  args: [`/delete:${target}`],
  result,
});

describe('deleteCredentialManagerTarget (replayed)', () => {
  it('found: one argv element /delete:git:https://…, exit 0', async () => {
    const { ctx, runner } = ctxWith([
      del(CC, { exitCode: 0, stdout: fixture('cmdkey-delete.en.success.terminal-log.txt') }),
    ]);
    expect(await deleteCredentialManagerTarget(ctx, CC)).toEqual({ deleted: 1 });
    runner.assertDone();
  });

  it('user@ and path targets are passed exactly as listed', async () => {
    const t = 'git:https://bob-at-123456789012@git-codecommit.eu-west-1.amazonaws.com/v1/repos/demo';
    const { ctx, runner } = ctxWith([del(t, { exitCode: 0 })]);
    expect(await deleteCredentialManagerTarget(ctx, t)).toEqual({ deleted: 1 });
    runner.assertDone();
  });

  it('not found (non-zero exit, target absent from a fresh listing): deleted 0, no error (recording)', async () => {
    const ctx = loadRecording('win32/stores/cmdkey-delete-not-found.json', { strict: true });
    expect(await deleteCredentialManagerTarget(ctx, CC)).toEqual({ deleted: 0 });
    expectFullyReplayed(ctx);
  });

  it('non-zero exit while the target is still listed: error', async () => {
    const { ctx, runner } = ctxWith([
      del(CC, { exitCode: 1, stdout: 'CMDKEY: Access is denied.\r\n' }),
      list({ stdout: fixture('cmdkey-list.en.codecommit-and-github.adapted.txt') }),
    ]);
    expect(await deleteCredentialManagerTarget(ctx, CC)).toEqual({
      deleted: 0,
      error: 'cmdkey /delete failed (exit 1): CMDKEY: Access is denied.',
    });
    runner.assertDone();
  });

  it('non-zero exit and an unreadable listing: error (never a silent success)', async () => {
    const { ctx } = ctxWith([
      del(CC, { exitCode: 1, stdout: fixture('cmdkey-delete.en.not-found.txt') }),
      list({ stdout: 'junk: ?' }),
    ]);
    expect((await deleteCredentialManagerTarget(ctx, CC)).error).toMatch(
      /^cmdkey \/delete failed \(exit 1\)/,
    );
  });

  it('timeout: error', async () => {
    const { ctx, runner } = ctxWith([del(CC, { exitCode: null, timedOut: true })]);
    expect(await deleteCredentialManagerTarget(ctx, CC)).toEqual({
      deleted: 0,
      error: 'cmdkey /delete timed out after 5 s',
    });
    runner.assertDone();
  });

  it.each([
    'git:https://github.com',
    'git:https://stakiran@github.com',
    'LegacyGeneric:target=git:https://git-codecommit.us-east-2.amazonaws.com',
    'git:https://git-codecommit.us-east-1.amazonaws.com.evil.com',
    'git:https://git-codecommit.us-east-1.amazonaws.com@github.com',
    'git:https://github.com/git-codecommit.us-east-1.amazonaws.com',
    'git:http://git-codecommit.us-east-1.amazonaws.com',
    'git:https://git-codecommit.us-east-1.amazonaws.com /delete:git:https://github.com',
    'git:https://git-codecommit.us-east-1.amazonaws.com\r\ngit:https://github.com',
    'GitHub - https://api.github.com/zyx3721',
    '',
  ])('refuses %j without running anything', async (target) => {
    const { ctx, runner } = ctxWith([]);
    const res = await deleteCredentialManagerTarget(ctx, target);
    expect(res.deleted).toBe(0);
    expect(res.error).toMatch(/^refusing to delete/);
    expect(runner.calls).toEqual([]);
  });

  it('GitHub next to CodeCommit: list shows only CodeCommit, deleting the GitHub target is refused', async () => {
    const { ctx, runner } = ctxWith([
      list({ stdout: fixture('cmdkey-list.en.codecommit-and-github.adapted.txt') }),
    ]);
    const res = await listCredentialManager(ctx);
    expect(res.entries.map((e) => e.location)).not.toContain('git:https://github.com');
    const github = parseCmdkeyList(fixture('cmdkey-list.en.codecommit-and-github.adapted.txt'))[0]!.target;
    expect(github).toBe('git:https://github.com');
    expect((await deleteCredentialManagerTarget(ctx, github)).error).toMatch(/^refusing/);
    expect(runner.calls).toHaveLength(1);
    runner.assertDone();
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
const badHost = fc.oneof(
  fc.constantFrom('github.com', 'gist.github.com', 'gitlab.com', 'dev.azure.com', 'bitbucket.org', ''),
  fc
    .tuple(
      fc.constantFrom(...GOOD),
      fc.constantFrom('.evil.com', '.amazonaws.com.evil', 'x', ':443@github.com', '..'),
    )
    .map(([h, s]) => h + s),
  fc
    .tuple(fc.constantFrom('evil-', 'evil.', 'x', 'github.com/', ' '), fc.constantFrom(...GOOD))
    .map(([p, h]) => p + h),
  fc.tuple(fc.constantFrom(...GOOD), fc.nat()).map(([h, n]) => {
    const positions = [...h].map((ch, i) => [ch, i] as const).filter(([ch]) => LOOKALIKE[ch] !== undefined);
    const [ch, i] = positions[n % positions.length]!;
    return h.slice(0, i) + LOOKALIKE[ch]! + h.slice(i + 1);
  }),
  fc.string({ maxLength: 60 }).filter((s) => !GOOD.includes(s.toLowerCase())),
);
const targetFor = fc.tuple(
  badHost,
  fc.constantFrom('', 'alice@', 'user-at-1@'),
  fc.constantFrom('', '/v1/repos/demo', '/'),
);
const block = (target: string, user: string) =>
  `    Target: LegacyGeneric:target=${target}\r\n    Type: Generic \r\n    User: ${user}\r\n    Local machine persistence\r\n    \r\n`;

describe('properties', () => {
  it('parseCmdkeyList never throws on arbitrary text, nor on mangled real listings', () => {
    const real = fixture('cmdkey-list.en.codecommit-and-github.adapted.txt');
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ maxLength: 400 }), fc.string({ unit: 'binary', maxLength: 60 })),
        (s) => {
          expect(Array.isArray(parseCmdkeyList(s))).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
    fc.assert(
      fc.property(fc.nat(real.length), fc.nat(real.length), fc.string({ maxLength: 20 }), (a, b, ins) => {
        const [from, to] = a < b ? [a, b] : [b, a];
        expect(Array.isArray(parseCmdkeyList(real.slice(0, from) + ins + real.slice(to)))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('listCredentialManager never reports a target whose host is not CodeCommit', async () => {
    await fc.assert(
      fc.asyncProperty(targetFor, fc.constantFrom(...GOOD), async ([host, user, p], good) => {
        const bad = `git:https://${user}${host}${p}`;
        const text = `\r\nCurrently stored credentials:\r\n\r\n${block(bad, 'x')}${block(`git:https://${good}`, 'y')}`;
        const { ctx } = ctxWith([list({ stdout: text })]);
        const res = await listCredentialManager(ctx);
        expect(res.entries.map((e) => e.location)).toEqual([`git:https://${good}`]);
      }),
      { numRuns: 300 },
    );
  });

  it('deleteCredentialManagerTarget refuses every target whose host is not CodeCommit', async () => {
    await fc.assert(
      fc.asyncProperty(targetFor, async ([host, user, p]) => {
        const { ctx, runner } = ctxWith([]);
        const res = await deleteCredentialManagerTarget(ctx, `git:https://${user}${host}${p}`);
        expect(res.deleted).toBe(0);
        expect(runner.calls).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
