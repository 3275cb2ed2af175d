import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContext } from '../../electron/engine/context';
import {
  defaultCacheSocket,
  eraseCacheHost,
  probeCredentialCache,
} from '../../electron/engine/platform/linux/credential-cache';

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
