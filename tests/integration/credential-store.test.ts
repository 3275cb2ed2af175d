import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContext } from '../../electron/engine/context';
import {
  listCredentialStore,
  removeCodeCommitEntries,
} from '../../electron/engine/platform/common/credential-store';

// Real `git credential approve` through the store helper writes the file; the module
// lists and rewrites it; real `git credential fill` proves the GitHub line still works.

let root: string;
let home: string;
let env: NodeJS.ProcessEnv;
const GH_PASS = 'gh pass/with:odd@chars%';

function git(args: string[], input: string) {
  return spawnSync('git', ['-c', 'credential.helper=', '-c', 'credential.helper=store', ...args], {
    env: { ...env, GIT_CONFIG_NOSYSTEM: '1', GIT_TERMINAL_PROMPT: '0' },
    input,
    encoding: 'utf8',
    timeout: 15_000,
  });
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'ccd-store-'));
  home = join(root, 'home');
  mkdirSync(home);
  env = { PATH: '/usr/bin:/bin', HOME: home, XDG_CONFIG_HOME: join(home, '.config') };
  const approve = (s: string) => expect(git(['credential', 'approve'], s + '\n').status).toBe(0);
  approve(`protocol=https\nhost=github.com\nusername=octo cat\npassword=${GH_PASS}\n`);
  approve(
    'protocol=https\nhost=git-codecommit.us-east-1.amazonaws.com\nusername=alice+ci@111122223333\npassword=p/1:x\n',
  );
  approve('protocol=https\nhost=git-codecommit.eu-west-1.amazonaws.com:8443\nusername=bob\npassword=p2\n');
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

const ctx = () => createContext({ platform: 'linux', env, home, cwd: home });

describe('git-credential-store files written by real git', () => {
  it('git wrote percent-encoded lines with lowercase hex, mode 600', () => {
    const file = join(home, '.git-credentials');
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('alice%2bci%40111122223333');
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('lists the CodeCommit lines only, decoded, without passwords', async () => {
    const r = await listCredentialStore(ctx());
    expect(r.available).toBe(true);
    expect(r.ignored).toBe(1);
    expect(r.entries.map((e) => [e.hostname, e.port, e.account])).toEqual(
      expect.arrayContaining([
        ['git-codecommit.us-east-1.amazonaws.com', undefined, 'alice+ci@111122223333'],
        ['git-codecommit.eu-west-1.amazonaws.com', 8443, 'bob'],
      ]),
    );
    expect(r.entries).toHaveLength(2);
    const text = JSON.stringify(r);
    for (const s of ['p/1:x', 'p2', 'gh pass', 'github']) expect(text).not.toContain(s);
  });

  it('removes CodeCommit lines; the GitHub line stays byte-identical and still works', async () => {
    const file = join(home, '.git-credentials');
    const before = readFileSync(file);
    const ghLine = before
      .toString('utf8')
      .split('\n')
      .find((l) => l.includes('github.com'));
    const seen: string[] = [];
    const r = await removeCodeCommitEntries(ctx(), file, (e) => {
      seen.push(e.hostname);
      return true;
    });
    expect(r).toEqual({ removed: 2 });
    expect(seen.every((h) => h.startsWith('git-codecommit.'))).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe(`${ghLine}\n`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(home).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    const fill = git(['credential', 'fill'], 'protocol=https\nhost=github.com\n\n');
    expect(fill.status).toBe(0);
    expect(fill.stdout).toContain(`password=${GH_PASS}`);
    expect((await listCredentialStore(ctx())).entries).toEqual([]);
  });

  it('reads $XDG_CONFIG_HOME/git/credentials and --file paths', async () => {
    mkdirSync(join(home, '.config', 'git'), { recursive: true });
    writeFileSync(
      join(home, '.config', 'git', 'credentials'),
      'https://x:y@git-codecommit.us-east-2.amazonaws.com\n',
    );
    writeFileSync(
      join(home, 'extra-creds'),
      'https://z:w@git-codecommit.ap-south-1.amazonaws.com/v1/repos/r\n',
    );
    const r = await listCredentialStore(ctx(), ['~/extra-creds']);
    expect(r.entries.map((e) => [e.hostname, e.location, e.path])).toEqual([
      ['git-codecommit.us-east-2.amazonaws.com', join(home, '.config', 'git', 'credentials'), undefined],
      ['git-codecommit.ap-south-1.amazonaws.com', join(home, 'extra-creds'), 'v1/repos/r'],
    ]);
  });

  it('a read-only file or folder: error, file untouched, no temp file left', async () => {
    const dir = join(root, 'ro');
    mkdirSync(dir);
    const file = join(dir, 'creds');
    const content = 'https://a:b@github.com\r\nhttps://c:d@git-codecommit.us-east-1.amazonaws.com';
    writeFileSync(file, content, { mode: 0o400 });
    const r1 = await removeCodeCommitEntries(ctx(), file, () => true);
    expect(r1.removed).toBe(0);
    expect(r1.error).toMatch(/read-only/);
    chmodSync(file, 0o600);
    chmodSync(dir, 0o500);
    const r2 = await removeCodeCommitEntries(ctx(), file, () => true);
    chmodSync(dir, 0o700);
    expect(r2.removed).toBe(0);
    expect(r2.error).toMatch(/read-only/);
    expect(readFileSync(file, 'utf8')).toBe(content);
    expect(readdirSync(dir)).toEqual(['creds']);
    // Writable again: CRLF kept on the surviving line, the removed last line had no newline.
    expect(await removeCodeCommitEntries(ctx(), file, () => true)).toEqual({ removed: 1 });
    expect(readFileSync(file, 'utf8')).toBe('https://a:b@github.com\r\n');
  });

  it('a missing file: nothing to remove, no error; no files at all: unavailable', async () => {
    expect(await removeCodeCommitEntries(ctx(), join(root, 'nope'), () => true)).toMatchObject({
      removed: 0,
    });
    const empty = mkdtempSync(join(tmpdir(), 'ccd-store-empty-'));
    try {
      const r = await listCredentialStore(
        createContext({ platform: 'linux', env: { HOME: empty }, home: empty }),
      );
      expect(r).toEqual({ store: 'git-credential-store', available: false, entries: [], ignored: 0 });
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
