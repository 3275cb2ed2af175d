import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContext } from '../../electron/engine/context';
import { deleteLibsecretItem, listLibsecret } from '../../electron/engine/platform/linux/libsecret';
import type { StoreEntry } from '../../electron/engine/model';
import { realRunner, type RunResult, type Runner } from '../../electron/engine/runner';
import { ensureGitCredentialLibsecret } from '../support/libsecret-helper';
import { startSecretService, type SecretService } from '../support/secret-service';

// Real gnome-keyring on a private bus, real git-credential-libsecret built from git's
// contrib source, real `git credential approve/fill`.

const GH_PASS = 'gh-secret-Zq81';
const CC1_PASS = 'cc-secret-one-Lx2';
const CC2_PASS = 'cc-secret-two-Wp9';
const GCM_PASS = 'gcm-secret-Kd4';

let ss: SecretService;
let helper: string;
const calls: string[][] = [];
const results: RunResult[] = [];
const recording: Runner = async (cmd, args, opts) => {
  calls.push([cmd, ...args]);
  const r = await realRunner(cmd, args, opts);
  results.push(r);
  return r;
};

/**
 * The one gdbus run since `from` failed by itself at once: not killed by the runner, and not
 * gdbus's own D-Bus timeout (set 1 s under the runner's) — an error answered immediately, and
 * no second try. Independent of how busy the machine is.
 */
function expectGdbusFailedByItself(from: number, stderr: RegExp): void {
  const runs = results.slice(from);
  expect(runs, 'one gdbus run: the first such error ends the listing').toHaveLength(1);
  for (const r of runs) {
    expect(r.timedOut).toBe(false);
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toMatch(stderr);
    expect(r.stderr).not.toMatch(/Timeout was reached/);
  }
}

function git(args: string[], input: string, useHttpPath = false) {
  return spawnSync(
    'git',
    [
      '-c',
      'credential.helper=',
      '-c',
      `credential.helper=${helper}`,
      '-c',
      `credential.useHttpPath=${useHttpPath}`,
      ...args,
    ],
    {
      env: { ...ss.env, GIT_CONFIG_NOSYSTEM: '1', GIT_TERMINAL_PROMPT: '0' },
      input,
      encoding: 'utf8',
      timeout: 15_000,
    },
  );
}

function ctx(env: NodeJS.ProcessEnv = ss.env) {
  return createContext({
    platform: 'linux',
    env,
    home: env.HOME ?? '/nonexistent',
    runner: recording,
    timeoutMs: 10_000,
  });
}

beforeAll(async () => {
  helper = await ensureGitCredentialLibsecret();
  ss = await startSecretService();
  const approve = (lines: string, path = false) => {
    const r = git(['credential', 'approve'], lines + '\n', path);
    expect(r.status, r.stderr).toBe(0);
  };
  approve(`protocol=https\nhost=github.com\nusername=octocat\npassword=${GH_PASS}\n`);
  approve(
    `protocol=https\nhost=git-codecommit.us-east-1.amazonaws.com\nusername=alice-at-111122223333\npassword=${CC1_PASS}\n`,
  );
  approve(
    `protocol=https\nhost=git-codecommit.eu-west-1.amazonaws.com\npath=v1/repos/my-repo\nusername=bob-at-444455556666\npassword=${CC2_PASS}\n`,
    true,
  );
  // GCM's item shape (schema + service/account), stored by libsecret's own tool.
  const st = spawnSync(
    'secret-tool',
    [
      'store',
      '--label=Git Credential Manager',
      'xdg:schema',
      'com.microsoft.GitCredentialManager',
      'service',
      'git:https://git-codecommit.us-west-2.amazonaws.com',
      'account',
      'carol\'s "acct"',
    ],
    { env: ss.env, input: GCM_PASS, encoding: 'utf8', timeout: 10_000 },
  );
  expect(st.status, st.stderr).toBe(0);
}, 180_000);

afterAll(async () => {
  await ss?.stop();
});

describe('listLibsecret against a real gnome-keyring', () => {
  let listed: StoreEntry[] = [];

  it('lists exactly the CodeCommit items, with no secret anywhere', async () => {
    const r = await listLibsecret(ctx());
    expect(r.available).toBe(true);
    expect(r.error).toBeUndefined();
    expect(r.ignored).toBe(1);
    const summary = r.entries.map((e) => [e.hostname, e.account, e.path, e.writer]);
    expect(summary).toEqual(
      expect.arrayContaining([
        [
          'git-codecommit.us-east-1.amazonaws.com',
          'alice-at-111122223333',
          undefined,
          'git-credential-libsecret',
        ],
        [
          'git-codecommit.eu-west-1.amazonaws.com',
          'bob-at-444455556666',
          'v1/repos/my-repo',
          'git-credential-libsecret',
        ],
        ['git-codecommit.us-west-2.amazonaws.com', 'carol\'s "acct"', undefined, 'GCM'],
      ]),
    );
    expect(r.entries).toHaveLength(3);
    for (const e of r.entries)
      expect(e.location).toMatch(/^\/org\/freedesktop\/secrets\/collection\/login\/\d+$/);
    const text = JSON.stringify(r);
    for (const secret of [GH_PASS, CC1_PASS, CC2_PASS, GCM_PASS]) expect(text).not.toContain(secret);
    expect(text).not.toContain('github.com');
    expect(calls.flat().join(' ')).not.toMatch(/GetSecret/);
    listed = r.entries;
  });

  it('refuses to delete an item that is not the CodeCommit one it claims to be', async () => {
    const gh = spawnSync(
      'gdbus',
      [
        'call',
        '--session',
        '--dest',
        'org.freedesktop.secrets',
        '--object-path',
        '/org/freedesktop/secrets',
        '--method',
        'org.freedesktop.Secret.Service.SearchItems',
        "{'server': 'github.com'}",
      ],
      { env: ss.env, encoding: 'utf8' },
    );
    const ghPath = /'(\/org\/freedesktop\/secrets\/collection\/login\/\d+)'/.exec(gh.stdout)?.[1];
    expect(ghPath).toBeDefined();
    const forged: StoreEntry = {
      store: 'libsecret',
      hostname: 'git-codecommit.us-east-1.amazonaws.com',
      location: ghPath ?? '',
    };
    const r = await deleteLibsecretItem(ctx(), forged);
    expect(r.deleted).toBe(false);
    expect(r.error).toMatch(/refused/);
    const fill = git(['credential', 'fill'], 'protocol=https\nhost=github.com\n\n');
    expect(fill.stdout).toContain(`password=${GH_PASS}`);
  });

  it('deletes one CodeCommit item; the others and the GitHub one survive', async () => {
    const alice = listed.find((e) => e.account === 'alice-at-111122223333');
    expect(alice).toBeDefined();
    const r = await deleteLibsecretItem(ctx(), alice as StoreEntry);
    expect(r).toEqual({ deleted: true });
    const again = await listLibsecret(ctx());
    expect(again.entries.map((e) => e.account).sort()).toEqual(['bob-at-444455556666', 'carol\'s "acct"']);
    expect(again.ignored).toBe(1);
    const fill = git(['credential', 'fill'], 'protocol=https\nhost=github.com\n\n');
    expect(fill.status).toBe(0);
    expect(fill.stdout).toContain(`password=${GH_PASS}`);
    // Deleting the same entry twice is a plain "gone", not a crash.
    const twice = await deleteLibsecretItem(ctx(), alice as StoreEntry);
    expect(twice.deleted).toBe(false);
    expect(twice.error).toMatch(/no longer exists/);
  });

  it('lists a locked collection and says deleting needs it unlocked', async () => {
    const lock = spawnSync(
      'gdbus',
      [
        'call',
        '--session',
        '--dest',
        'org.freedesktop.secrets',
        '--object-path',
        '/org/freedesktop/secrets',
        '--method',
        'org.freedesktop.Secret.Service.Lock',
        "[objectpath '/org/freedesktop/secrets/collection/login']",
      ],
      { env: ss.env, encoding: 'utf8' },
    );
    expect(lock.status, lock.stderr).toBe(0);
    const r = await listLibsecret(ctx());
    expect(r.available).toBe(true);
    expect(r.entries).toHaveLength(2);
    expect(r.note).toMatch(/locked/);
    const bob = r.entries.find((e) => e.account === 'bob-at-444455556666');
    const del = await deleteLibsecretItem(ctx(), bob as StoreEntry);
    expect(del.deleted).toBe(false);
    expect(del.error).toMatch(/locked/);
  });
});

describe('listLibsecret without a keyring', () => {
  it('no DBUS_SESSION_BUS_ADDRESS: unavailable at once, gdbus never run', async () => {
    const before = calls.length;
    const r = await listLibsecret(ctx({ PATH: '/usr/bin:/bin', HOME: '/nonexistent' }));
    expect(r).toEqual({
      store: 'libsecret',
      available: false,
      entries: [],
      ignored: 0,
      note: 'no desktop session bus',
    });
    expect(calls.length).toBe(before);
  });

  it('a bus address that leads nowhere: unavailable at once (gdbus fails to connect)', async () => {
    const from = results.length;
    const started = Date.now();
    const r = await listLibsecret(
      ctx({ ...ss.env, DBUS_SESSION_BUS_ADDRESS: `unix:path=${ss.root}/no-such-bus` }),
    );
    expect(r.available).toBe(false);
    expect(r.note).toMatch(/cannot connect to the desktop session bus/);
    expectGdbusFailedByItself(from, /^Error connecting:/m);
    expect(Date.now() - started).toBeLessThan(9_000); // gdbus's own timeout: generous
  });

  it('a bus with no Secret Service: unavailable with a plain reason, quickly', async () => {
    const bare = await startSecretService({ keyring: false });
    try {
      const from = results.length;
      const started = Date.now();
      const r = await listLibsecret(ctx(bare.env));
      expect(r.available).toBe(false);
      expect(r.note).toMatch(/no Secret Service is running/);
      expectGdbusFailedByItself(from, /\.(ServiceUnknown|NameHasNoOwner)\b/);
      expect(Date.now() - started).toBeLessThan(9_000); // gdbus's own timeout: generous
    } finally {
      await bare.stop();
    }
  });
});
