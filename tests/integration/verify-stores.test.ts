import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContext, type EngineContext } from '../../electron/engine/context';
import { verifyRemote } from '../../electron/engine/fixes/verify';
import { listLibsecret } from '../../electron/engine/platform/linux/libsecret';
import { disposeLabCaches } from '../lab/git-server';
import { AWS_HELPER, buildScenario, LAB_REGION, LAB_REPO, type BuiltScenario } from '../lab/scenarios';
import { signGitPassword } from '../lab/sigv4-git';
import { ensureCliBuilt, runCli } from '../support/cli-run';
import { ensureGitCredentialLibsecret } from '../support/libsecret-helper';
import { startSecretService, type SecretService } from '../support/secret-service';

// Issue 10 item 8: the live check must not change any password store. Here a storing
// helper comes before the real AWS CLI helper, against the Lab (which accepts exactly what
// the AWS helper signs): a plain `git ls-remote` would let git `store` the fresh signature
// in the storing helper — re-creating the stale entry the fix just removed. The verdict must
// stay what git says (a stale stored password that answers first still gives 403).

const STALE_MS = 20 * 60 * 1000;
const GITHUB_LINE = 'https://octo:gh-token-Vb6@github.com\n';

let b: BuiltScenario;
let ss: SecretService;
let libsecret: string;
const sockets: string[] = [];

beforeAll(async () => {
  [b, ss, libsecret] = await Promise.all([
    buildScenario('healthy'),
    startSecretService(),
    ensureGitCredentialLibsecret(),
    ensureCliBuilt(),
  ]);
}, 180_000);

afterAll(async () => {
  for (const s of sockets) spawnSync('git', ['credential-cache', 'exit', '--socket', s], { timeout: 10_000 });
  await Promise.all([b?.dispose(), ss?.stop()]);
  disposeLabCaches();
});

/** The helpers git is configured with, in order (replacing the list), UseHttpPath kept. */
async function helpers(...list: string[]): Promise<void> {
  await b.sandbox.git(['config', '--global', '--unset-all', 'credential.helper']);
  for (const h of list) await b.sandbox.configAdd('credential.helper', h);
}

function ctx(): EngineContext {
  const env = { ...b.sandbox.env, DBUS_SESSION_BUS_ADDRESS: ss.env.DBUS_SESSION_BUS_ADDRESS as string };
  return createContext({
    platform: 'linux',
    env,
    home: b.sandbox.home,
    cwd: b.sandbox.home,
    timeoutMs: 30_000,
  });
}

const host = () => b.lab.hostFor(LAB_REGION);
const repoPath = `v1/repos/${LAB_REPO}`;

/** Saves, through the configured storing helper, a password the AWS helper signed 20 minutes ago. */
function approveStale(): Promise<void> {
  return b.sandbox.credentialApprove({
    protocol: 'https',
    host: host(),
    path: repoPath,
    username: b.identity.accessKeyId,
    password: signGitPassword({
      secretAccessKey: b.identity.secretAccessKey,
      region: LAB_REGION,
      host: host(),
      path: repoPath,
      date: new Date(Date.now() - STALE_MS),
    }),
  });
}

describe('verify changes no password store (storing helper before the real AWS helper, in the Lab)', () => {
  it('git-credential-store: a fresh signature works and ~/.git-credentials keeps its exact bytes', async () => {
    const file = join(b.sandbox.home, '.git-credentials');
    writeFileSync(file, GITHUB_LINE, { mode: 0o600 });
    await helpers('store', AWS_HELPER);
    const before = readFileSync(file);
    const v = await verifyRemote(ctx(), b.url);
    expect(v, v.detail).toMatchObject({ outcome: 'ok', ok: true });
    expect(readFileSync(file).equals(before), readFileSync(file, 'utf8')).toBe(true);
  }, 60_000);

  it('git-credential-store: a stale password that answers first still gives 403, and stays as it was', async () => {
    const file = join(b.sandbox.home, '.git-credentials');
    await helpers('store', AWS_HELPER);
    await approveStale();
    const before = readFileSync(file);
    const v = await verifyRemote(ctx(), b.url);
    expect(v).toMatchObject({ outcome: 'forbidden', short: '403' });
    expect(readFileSync(file).equals(before)).toBe(true);
    writeFileSync(file, GITHUB_LINE, { mode: 0o600 });
  }, 60_000);

  it('git-credential-cache: the daemon is not handed the fresh signature', async () => {
    const socket = join(b.sandbox.home, 'cache dir', 'socket');
    sockets.push(socket);
    const cache = `cache --socket '${socket}'`;
    const only = (action: string, input: string) =>
      spawnSync(
        'git',
        ['-c', 'credential.helper=', '-c', `credential.helper=${cache}`, 'credential', action],
        {
          env: { ...b.sandbox.env, GIT_TERMINAL_PROMPT: '0' },
          input,
          encoding: 'utf8',
          timeout: 15_000,
        },
      );
    // The daemon runs (it holds a GitHub password) and is asked first.
    expect(
      only('approve', 'protocol=https\nhost=github.com\nusername=octo\npassword=gh-Qa1\n\n').status,
    ).toBe(0);
    await helpers(cache, AWS_HELPER);
    const v = await verifyRemote(ctx(), b.url);
    expect(v, v.detail).toMatchObject({ outcome: 'ok', ok: true });
    const asked = only('fill', `protocol=https\nhost=${host()}\npath=${repoPath}\n\n`);
    expect(asked.stdout).not.toMatch(/^password=/m);
    expect(asked.status).not.toBe(0);
    expect(only('fill', 'protocol=https\nhost=github.com\n\n').stdout).toContain('password=gh-Qa1');
  }, 60_000);

  it('libsecret (real gnome-keyring): no CodeCommit item appears', async () => {
    await helpers(libsecret, AWS_HELPER);
    const listed = async () => JSON.stringify(await listLibsecret(ctx()));
    const before = await listed();
    expect(before).toContain('"available":true');
    const v = await verifyRemote(ctx(), b.url);
    expect(v, v.detail).toMatchObject({ outcome: 'ok', ok: true });
    expect(await listed()).toBe(before);
    // And git's own view: the keyring has nothing for the Lab's host.
    const asked = spawnSync(
      'git',
      ['-c', 'credential.helper=', '-c', `credential.helper=${libsecret}`, 'credential', 'fill'],
      {
        env: { ...b.sandbox.env, ...ss.env, GIT_TERMINAL_PROMPT: '0' },
        input: `protocol=https\nhost=${host()}\n\n`,
        encoding: 'utf8',
        timeout: 15_000,
      },
    );
    expect(asked.stdout).not.toMatch(/^password=/m);
  }, 60_000);

  it('fix through the CLI: the stale entry is deleted and the check after it does not save a new one', async () => {
    const file = join(b.sandbox.home, '.git-credentials');
    writeFileSync(file, GITHUB_LINE, { mode: 0o600 });
    await helpers('store', AWS_HELPER);
    await approveStale();
    const env = { ...b.sandbox.env, CODECOMMIT_DOCTOR_STATE_DIR: join(b.sandbox.home, 'state') };
    const fix = await runCli(
      ['fix', '--repo', b.url, '--yes', '--offline', '--only', 'cached-codecommit-credentials'],
      env,
      {
        timeoutMs: 90_000,
      },
    );
    expect(fix.stdout).toMatch(
      /before the fixes: the server refused the password \(403\); now: cloning works \(git lists \d+ refs?\)/,
    );
    expect(readFileSync(file, 'utf8')).toBe(GITHUB_LINE);
    const after = await runCli(['diagnose', '--repo', b.url, '--offline', '--json'], env);
    expect(after.stdout).not.toContain('cached-codecommit-credentials');
  }, 120_000);

  it('the store file is created by nothing when it did not exist', async () => {
    const file = join(b.sandbox.home, '.git-credentials');
    await helpers('store', AWS_HELPER);
    spawnSync('rm', ['-f', file]);
    const v = await verifyRemote(ctx(), b.url);
    expect(v.outcome).toBe('ok');
    expect(existsSync(file)).toBe(false);
  }, 60_000);
});
