import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createContext } from '../../electron/engine/context';
import {
  gvariantString,
  parseGVariant,
  stringDict,
  tryParseGVariant,
} from '../../electron/engine/platform/linux/gvariant';
import {
  classifyLibsecretItem,
  deleteLibsecretItem,
  listLibsecret,
  parseItemProperties,
  parseSearchItems,
} from '../../electron/engine/platform/linux/libsecret';
import { parseSecretToolSearch } from '../../electron/engine/platform/linux/secret-tool';
import type { RunResult, Runner } from '../../electron/engine/runner';
import { recordedResult } from '../support/replay-runner';

const FIX = join(__dirname, '..', 'fixtures', 'linux');
const fixture = (name: string) => readFileSync(join(FIX, name), 'utf8');
const LOGIN = '/org/freedesktop/secrets/collection/login';

function result(partial: Partial<RunResult>): RunResult {
  return recordedResult('gdbus', [], partial);
}

/** Replays captured gdbus replies: SearchItems by schema, GetAll by item number. */
function replay(
  files: { search: Record<string, string>; items: Record<string, string> },
  log: string[][] = [],
): Runner {
  return (cmd, args) => {
    log.push([cmd, ...args]);
    const method = args[args.indexOf('--method') + 1];
    const objectPath = args[args.indexOf('--object-path') + 1] ?? '';
    if (method === 'org.freedesktop.Secret.Service.SearchItems') {
      const schema = /'xdg:schema': '([^']+)'/.exec(args[args.length - 1] ?? '')?.[1] ?? '';
      return Promise.resolve(result({ stdout: fixture(files.search[schema] ?? 'gdbus-search.empty.txt') }));
    }
    if (method === 'org.freedesktop.DBus.Properties.GetAll') {
      const n = objectPath.split('/').pop() ?? '';
      const f = files.items[n];
      if (!f)
        return Promise.resolve(
          result({ exitCode: 1, stderr: fixture('gdbus-getall.no-such-object.stderr.txt') }),
        );
      return Promise.resolve(result({ stdout: fixture(f) }));
    }
    if (method === 'org.freedesktop.Secret.Item.Delete')
      return Promise.resolve(result({ stdout: fixture('gdbus-delete.ok.txt') }));
    return Promise.resolve(result({ exitCode: 1, stderr: 'unexpected call' }));
  };
}

const FULL = {
  search: {
    'org.gnome.keyring.NetworkPassword': 'gdbus-search.networkpassword.txt',
    'com.microsoft.GitCredentialManager': 'gdbus-search.gcm.txt',
  },
  items: {
    '1': 'gdbus-item-getall.1.txt',
    '2': 'gdbus-item-getall.2.txt',
    '3': 'gdbus-item-getall.3.txt',
    '4': 'gdbus-item-getall.4.txt',
    '5': 'gdbus-item-getall.5.txt',
  },
};

const ctxWith = (runner: Runner, env: NodeJS.ProcessEnv = { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/x' }) =>
  createContext({ platform: 'linux', env, home: '/home/u', runner, timeoutMs: 5000 });

describe('GVariant text from gdbus (real captures)', () => {
  it('SearchItems replies: object path arrays, @ao [] empty arrays', () => {
    expect(parseSearchItems(parseGVariant(fixture('gdbus-search.networkpassword.txt')))).toEqual({
      unlocked: [`${LOGIN}/3`, `${LOGIN}/2`, `${LOGIN}/1`],
      locked: [],
    });
    expect(parseSearchItems(parseGVariant(fixture('gdbus-search.empty.txt')))).toEqual({
      unlocked: [],
      locked: [],
    });
    expect(
      parseSearchItems(parseGVariant(fixture('gdbus-search.networkpassword.locked.txt')))?.locked,
    ).toHaveLength(3);
  });

  it('GetAll: double-quoted strings with escaped quotes, unicode, \\u escapes', () => {
    const gcm = parseItemProperties(parseGVariant(fixture('gdbus-item-getall.4.txt')));
    expect(gcm?.attributes.get('account')).toBe(`carol's "acct"`);
    const path = parseItemProperties(parseGVariant(fixture('gdbus-item-getall.3.txt')));
    expect(path?.attributes.get('object')).toBe('v1/repos/my "repo" é');
    expect(path?.label).toBe('Git: https://git-codecommit.eu-west-1.amazonaws.com:8443/v1/repos/my "repo" é');
    const esc = parseItemProperties(parseGVariant(fixture('gdbus-item-getall.6.escapes.txt')));
    expect(esc?.label).toBe('tab\there\u0001ctl \\ é');
    expect(esc?.attributes.get('account')).toBe('nl\nline');
    expect(parseItemProperties(parseGVariant(fixture('gdbus-item-getall.2.locked.txt')))?.locked).toBe(true);
    expect(stringDict(parseGVariant('@a{ss} {}'))?.size).toBe(0);
    expect(parseGVariant(fixture('gdbus-delete.ok.txt'))).toEqual({
      type: 'tuple',
      items: [{ type: 'objectpath', value: '/' }],
    });
  });

  it('garbage is an error value, never a throw', () => {
    for (const bad of ['', '(', "('abc", '{1: }', ')', '(@ao [], @ao [])x', '<'.repeat(500)]) {
      expect(tryParseGVariant(bad).ok).toBe(false);
    }
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (s) => {
        tryParseGVariant(s);
      }),
      { numRuns: 500 },
    );
  });

  it('gvariantString quotes anything so gdbus reads it back unchanged', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40, unit: 'binary' }), (s) => {
        const v = parseGVariant(gvariantString(s));
        expect(v).toEqual({ type: 'string', value: s });
      }),
      { numRuns: 200 },
    );
  });
});

describe('classifyLibsecretItem', () => {
  it('git items: host, port, user, object path; GitHub is other; hashed (locked from disk) is unreadable', () => {
    const item3 = parseItemProperties(parseGVariant(fixture('gdbus-item-getall.3.txt')));
    expect(classifyLibsecretItem(`${LOGIN}/3`, item3?.attributes ?? new Map())).toEqual({
      kind: 'codecommit',
      entry: {
        store: 'libsecret',
        hostname: 'git-codecommit.eu-west-1.amazonaws.com',
        port: 8443,
        account: 'bob',
        path: 'v1/repos/my "repo" é',
        protocol: 'https',
        location: `${LOGIN}/3`,
        writer: 'git-credential-libsecret',
      },
    });
    const gh = parseItemProperties(parseGVariant(fixture('gdbus-item-getall.1.txt')));
    expect(classifyLibsecretItem(`${LOGIN}/1`, gh?.attributes ?? new Map()).kind).toBe('other');
    const gcmGh = parseItemProperties(parseGVariant(fixture('gdbus-item-getall.5.txt')));
    expect(classifyLibsecretItem(`${LOGIN}/5`, gcmGh?.attributes ?? new Map()).kind).toBe('other');
    const hashed = parseItemProperties(parseGVariant(fixture('gdbus-item-getall.2.locked-from-disk.txt')));
    expect(classifyLibsecretItem(`${LOGIN}/2`, hashed?.attributes ?? new Map()).kind).toBe('unreadable');
  });

  it('a look-alike host in a GCM service never passes', () => {
    const attrs = (service: string) =>
      new Map([
        ['xdg:schema', 'com.microsoft.GitCredentialManager'],
        ['service', service],
      ]);
    expect(
      classifyLibsecretItem('/x', attrs('git:https://git-codecommit.us-east-1.amazonaws.com.evil.com')).kind,
    ).toBe('other');
    expect(
      classifyLibsecretItem('/x', attrs('git:https://evil.com/git-codecommit.us-east-1.amazonaws.com')).kind,
    ).toBe('other');
    expect(
      classifyLibsecretItem('/x', attrs('git:https://u@git-codecommit.us-east-1.amazonaws.com/v1/repos/r')),
    ).toMatchObject({
      kind: 'codecommit',
      entry: { hostname: 'git-codecommit.us-east-1.amazonaws.com', path: 'v1/repos/r', writer: 'GCM' },
    });
  });
});

describe('listLibsecret with replayed gdbus', () => {
  it('lists CodeCommit items from all schemas and never asks for a secret', async () => {
    const log: string[][] = [];
    const r = await listLibsecret(ctxWith(replay(FULL, log)));
    expect(r.available).toBe(true);
    expect(r.error).toBeUndefined();
    expect(r.ignored).toBe(2);
    expect(r.entries.map((e) => [e.location, e.hostname, e.account, e.writer])).toEqual([
      [
        `${LOGIN}/2`,
        'git-codecommit.us-east-1.amazonaws.com',
        'alice-at-111122223333',
        'git-credential-libsecret',
      ],
      [`${LOGIN}/3`, 'git-codecommit.eu-west-1.amazonaws.com', 'bob', 'git-credential-libsecret'],
      [`${LOGIN}/4`, 'git-codecommit.us-west-2.amazonaws.com', `carol's "acct"`, 'GCM'],
    ]);
    const methods = log.map((a) => a[a.indexOf('--method') + 1]);
    expect(
      methods.every(
        (m) =>
          m === 'org.freedesktop.Secret.Service.SearchItems' ||
          m === 'org.freedesktop.DBus.Properties.GetAll',
      ),
    ).toBe(true);
  });

  it('a keyring locked from disk: nothing readable, a note says so', async () => {
    const r = await listLibsecret(
      ctxWith(
        replay({
          search: {
            'org.gnome.keyring.NetworkPassword': 'gdbus-search.networkpassword.locked-from-disk.txt',
          },
          items: {
            '1': 'gdbus-item-getall.2.locked-from-disk.txt',
            '2': 'gdbus-item-getall.2.locked-from-disk.txt',
            '3': 'gdbus-item-getall.2.locked-from-disk.txt',
          },
        }),
      ),
    );
    expect(r.entries).toEqual([]);
    expect(r.note).toMatch(/locked: 3 git item/);
  });

  it('bus, service and tool failures map to available:false with a plain reason', async () => {
    const fail =
      (partial: Partial<RunResult>): Runner =>
      () =>
        Promise.resolve(result({ exitCode: 1, ...partial }));
    expect((await listLibsecret(ctxWith(fail({}), {}))).note).toBe('no desktop session bus');
    const noBus = await listLibsecret(ctxWith(fail({ stderr: fixture('gdbus-search.no-bus.stderr.txt') })));
    expect(noBus).toMatchObject({ available: false, note: expect.stringMatching(/cannot connect/) });
    const noSvc = await listLibsecret(
      ctxWith(fail({ stderr: fixture('gdbus-search.service-unknown.stderr.txt') })),
    );
    expect(noSvc).toMatchObject({ available: false, note: expect.stringMatching(/no Secret Service/) });
    const noTool = await listLibsecret(ctxWith(fail({ exitCode: null, notFound: true })));
    expect(noTool).toMatchObject({ available: false, note: expect.stringMatching(/gdbus is not installed/) });
    const slow = await listLibsecret(ctxWith(fail({ exitCode: null, timedOut: true })));
    expect(slow).toMatchObject({ available: true, entries: [], error: expect.stringMatching(/timed out/) });
    const junk = await listLibsecret(
      ctxWith(() => Promise.resolve(result({ stdout: 'Segmentation fault' }))),
    );
    expect(junk.available).toBe(true);
    expect(junk.error).toMatch(/unreadable gdbus reply/);
    // A reply cut at the runner's cap says so (issue 11 item 8), not "unreadable".
    const cut = await listLibsecret(
      ctxWith(() =>
        Promise.resolve(
          result({ stdout: fixture('gdbus-search.networkpassword.txt').slice(0, 40), truncated: true }),
        ),
      ),
    );
    expect(cut.error).toMatch(/replied with more than the 8 MiB the doctor reads/);
  });
});

describe('deleteLibsecretItem with replayed gdbus', () => {
  const entry = {
    store: 'libsecret' as const,
    hostname: 'git-codecommit.us-east-1.amazonaws.com',
    account: 'alice-at-111122223333',
    location: `${LOGIN}/2`,
  };

  it('re-reads, then deletes', async () => {
    const log: string[][] = [];
    expect(await deleteLibsecretItem(ctxWith(replay(FULL, log)), entry)).toEqual({ deleted: true });
    expect(log.map((a) => a[a.indexOf('--method') + 1])).toEqual([
      'org.freedesktop.DBus.Properties.GetAll',
      'org.freedesktop.Secret.Item.Delete',
    ]);
  });

  it('refuses when the path now holds GitHub, another account, or is not an item path', async () => {
    const log: string[][] = [];
    const runner = replay(FULL, log);
    expect((await deleteLibsecretItem(ctxWith(runner), { ...entry, location: `${LOGIN}/1` })).error).toMatch(
      /refused/,
    );
    expect((await deleteLibsecretItem(ctxWith(runner), { ...entry, account: 'mallory' })).error).toMatch(
      /refused/,
    );
    expect(
      (await deleteLibsecretItem(ctxWith(runner), { ...entry, location: `${LOGIN}/2; rm -rf /` })).deleted,
    ).toBe(false);
    expect((await deleteLibsecretItem(ctxWith(runner), { ...entry, hostname: 'github.com' })).error).toMatch(
      /refused/,
    );
    expect(log.some((a) => a.includes('org.freedesktop.Secret.Item.Delete'))).toBe(false);
  });

  it('a locked item: not deleted, says to unlock', async () => {
    const runner: Runner = (_c, args) =>
      Promise.resolve(
        args.includes('org.freedesktop.Secret.Item.Delete')
          ? result({ exitCode: 1, stderr: fixture('gdbus-delete.locked.stderr.txt') })
          : result({ stdout: fixture('gdbus-item-getall.2.locked.txt') }),
      );
    expect(await deleteLibsecretItem(ctxWith(runner), entry)).toEqual({
      deleted: false,
      error: 'the keyring is locked: unlock it and try again',
    });
  });
});

describe('parseSecretToolSearch (real pasted samples)', () => {
  it('reads items and drops the secret line', () => {
    const items = parseSecretToolSearch(
      fixture('secret-tool-search-all.git-libsecret.github.networkpassword-schema.txt'),
    );
    expect(items).toEqual([
      {
        path: '/8',
        label: 'Git: https://github.com/',
        created: '2023-12-27 20:35:22',
        modified: '2023-12-27 23:39:20',
        schema: 'org.gnome.keyring.NetworkPassword',
        attributes: { protocol: 'https', user: 'digitalhabitat', server: 'github.com' },
        hadSecretLine: true,
      },
    ]);
    expect(JSON.stringify(items)).not.toContain('password from PAT');
    const smtp = parseSecretToolSearch(
      fixture('secret-tool-search.networkpassword.smtp.git-send-email-blog.txt'),
    );
    expect(smtp[0]?.path).toBe('/org/freedesktop/secrets/collection/login/20');
    expect(smtp[0]?.attributes.port).toBe('587');
    expect(JSON.stringify(smtp)).not.toContain('secretapppassword');
  });
});
