import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContext } from '../../electron/engine/context';
import { applyFix } from '../../electron/engine/fixes/apply';
import { Journal } from '../../electron/engine/fixes/journal';
import {
  credentialCacheStore,
  defaultCacheSocket,
  eraseCacheHost,
  probeCredentialCache,
} from '../../electron/engine/platform/common/credential-cache';
import { realRunner, type Runner } from '../../electron/engine/runner';
import { collectOffers } from '../../electron/shared/offers';
import { createFixSandbox } from '../support/fix-sandbox';
import { recordedResult } from '../support/replay-runner';

// A real git-credential-cache daemon in a sandbox HOME, started the way a user starts it:
// by a `git credential approve` through the cache helper.

let root: string;
let home: string;
let env: NodeJS.ProcessEnv;
let socket: string;
const CC_HOST = 'git-codecommit.us-east-1.amazonaws.com';

function git(args: string[], input: string) {
  return spawnSync(
    'git',
    ['-c', 'credential.helper=', '-c', `credential.helper=cache --socket '${socket}'`, ...args],
    {
      env: { ...env, GIT_CONFIG_NOSYSTEM: '1', GIT_TERMINAL_PROMPT: '0', GIT_ASKPASS: '' },
      input,
      encoding: 'utf8',
      timeout: 15_000,
    },
  );
}

const ctx = () => createContext({ platform: 'linux', env, home, cwd: home, timeoutMs: 10_000 });

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'ccd-cache-'));
  home = join(root, 'home dir');
  mkdirSync(home);
  env = { PATH: '/usr/bin:/bin', HOME: home };
  socket = join(home, 'sock dir', 'socket');
  const approve = (s: string) => expect(git(['credential', 'approve'], s + '\n').status).toBe(0);
  approve(`protocol=https\nhost=${CC_HOST}\nusername=alice\npassword=cc-pass\n`);
  approve('protocol=https\nhost=github.com\nusername=octo\npassword=gh-pass\n');
});

afterAll(() => {
  if (socket) spawnSync('git', ['credential-cache', 'exit', '--socket', socket], { env, timeout: 10_000 });
  rmSync(root, { recursive: true, force: true });
});

describe('git-credential-cache', () => {
  it('default socket follows XDG_CACHE_HOME, or ~/.git-credential-cache when that folder exists', async () => {
    const c = createContext({ platform: 'linux', env: { HOME: '/h', XDG_CACHE_HOME: '/xc' }, home: '/h' });
    expect(await defaultCacheSocket(c)).toBe('/xc/git/credential/socket');
    expect(
      await defaultCacheSocket(createContext({ platform: 'linux', env: { HOME: '/h' }, home: '/h' })),
    ).toBe('/h/.cache/git/credential/socket');
    mkdirSync(join(home, '.git-credential-cache'));
    expect(await defaultCacheSocket(ctx())).toBe(join(home, '.git-credential-cache', 'socket'));
    rmSync(join(home, '.git-credential-cache'), { recursive: true });
  });

  it('detects the running daemon through its --socket path, and not without it', async () => {
    expect((await probeCredentialCache(ctx(), [])).available).toBe(false);
    const r = await probeCredentialCache(ctx(), [socket]);
    expect(r.available).toBe(true);
    expect(r.entries).toEqual([]);
    expect(r.note).toMatch(/900 s/);
    expect(r.note).toContain(socket);
  });

  it('refuses to erase a non-CodeCommit host', async () => {
    const r = await eraseCacheHost(ctx(), 'github.com', socket);
    expect(r.erased).toBe(false);
    expect(r.error).toMatch(/refused/);
    expect(git(['credential', 'fill'], 'protocol=https\nhost=github.com\n\n').stdout).toContain(
      'password=gh-pass',
    );
  });

  it('erases the CodeCommit host; git no longer gets it, GitHub is still cached', async () => {
    expect(git(['credential', 'fill'], `protocol=https\nhost=${CC_HOST}\n\n`).stdout).toContain(
      'password=cc-pass',
    );
    expect(await eraseCacheHost(ctx(), CC_HOST, socket)).toEqual({ erased: true });
    const fill = git(['credential', 'fill'], `protocol=https\nhost=${CC_HOST}\n\n`);
    expect(fill.status).not.toBe(0);
    expect(fill.stdout).not.toContain('cc-pass');
    expect(git(['credential', 'fill'], 'protocol=https\nhost=github.com\n\n').stdout).toContain(
      'password=gh-pass',
    );
  });

  it('no daemon at the socket: a plain error', async () => {
    const r = await eraseCacheHost(ctx(), CC_HOST, join(root, 'none', 'socket'));
    expect(r).toEqual({
      erased: false,
      error: `no git-credential-cache daemon at ${join(root, 'none', 'socket')}`,
    });
  });
});

// Issue 10 item 9: the planned "forget the host" fix reported success and the daemon kept
// answering. Proof is asked of the daemon itself, with a real `git credential fill`.
describe('the "forget the host" fix against a real daemon', () => {
  const AWS = '!aws codecommit credential-helper $@';
  const URL = `https://${CC_HOST}/v1/repos/demo`;

  function cacheGit(sock: string, e: NodeJS.ProcessEnv, args: string[], input: string) {
    return spawnSync(
      'git',
      ['-c', 'credential.helper=', '-c', `credential.helper=cache --socket '${sock}'`, ...args],
      {
        env: { ...e, GIT_TERMINAL_PROMPT: '0', GIT_ASKPASS: '' },
        input,
        encoding: 'utf8',
        timeout: 15_000,
      },
    );
  }

  it('scan → "Make the git credential cache forget …" → apply: the daemon no longer answers, GitHub still does', async () => {
    const sb = createFixSandbox();
    const sock = join(sb.root, 'cache sock', 'socket');
    writeFileSync(
      sb.globalFile,
      `[credential]\n\thelper = cache --socket '${sock}'\n\thelper = ${AWS}\n\tUseHttpPath = true\n`,
    );
    try {
      const approve = (s: string) =>
        expect(cacheGit(sock, sb.env, ['credential', 'approve'], s).status).toBe(0);
      // Saved the way git saves it under UseHttpPath: with the repository path.
      approve(
        `protocol=https\nhost=${CC_HOST}\npath=v1/repos/demo\nusername=AKIAIOSFODNN7EXAMPLE\npassword=cc-cached-Rt5\n\n`,
      );
      approve('protocol=https\nhost=github.com\nusername=octo\npassword=gh-cached-Hy7\n\n');
      const ask = (host: string) =>
        cacheGit(sock, sb.env, ['credential', 'fill'], `protocol=https\nhost=${host}\n\n`);
      expect(ask(CC_HOST).stdout).toContain('password=cc-cached-Rt5');

      const report = await sb.scan({ kind: 'url', url: URL });
      const planned = collectOffers(report).find((p) => p.offer.id.includes('cache-forget'));
      expect(planned, JSON.stringify(report.findings.map((f) => f.code))).toBeDefined();
      const out = await applyFix(sb.ctx, planned!.offer, { journal: Journal.forContext(sb.ctx) });
      expect(out.ok, out.error).toBe(true);

      const again = ask(CC_HOST);
      expect(again.status).not.toBe(0);
      expect(again.stdout).not.toContain('cc-cached-Rt5');
      expect(ask('github.com').stdout).toContain('password=gh-cached-Hy7');
    } finally {
      spawnSync('git', ['credential-cache', 'exit', '--socket', sock], { env: sb.env, timeout: 10_000 });
      sb.cleanup();
    }
  }, 60_000);

  it('an erase the daemon did not carry out is an error, not "deleted"', async () => {
    const sock = join(root, 'deaf', 'socket');
    const e = { ...env };
    try {
      expect(
        cacheGit(
          sock,
          e,
          ['credential', 'approve'],
          `protocol=https\nhost=${CC_HOST}\nusername=u\npassword=still-here-Kp2\n\n`,
        ).status,
      ).toBe(0);
      // A git whose `credential reject` never reaches the daemon (it exits 0 and does nothing).
      const deaf: Runner = (cmd, args, o) =>
        args.includes('reject') ? Promise.resolve(recordedResult(cmd, args)) : realRunner(cmd, args, o);
      const c = createContext({
        platform: 'linux',
        env: e,
        home,
        cwd: home,
        timeoutMs: 10_000,
        runner: deaf,
      });
      const r = await credentialCacheStore.delete(c, {
        store: 'git-credential-cache',
        hostname: CC_HOST,
        location: sock,
      });
      expect(r.deleted).toBe(0);
      expect(r.error).toMatch(/still answers/);
      expect(JSON.stringify(r)).not.toContain('still-here-Kp2');
    } finally {
      spawnSync('git', ['credential-cache', 'exit', '--socket', sock], { env: e, timeout: 10_000 });
    }
  });
});
