import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createContext } from '../../electron/engine/context';
import { ensureOwnDir, NotOwnedError } from '../../electron/engine/fixes/app-data';
import { cachedVersionLine, rememberVersionLine } from '../../electron/engine/probes/aws-version-cache';

// Folders the doctor creates for itself: only inside folders of the user it runs as. Run as
// root (as fleets do) against folders of uid 65534, the way a user's HOME looks to root.

const OTHER = 65534;
/** These tests are about root scanning another user's folders: without root, skipped with the reason. */
function needsRoot(t: { skip: (note?: string) => void }): boolean {
  if (process.getuid?.() === 0) return true;
  console.log('skipped: needs root (it is about root acting on folders of another user)');
  t.skip('needs root');
  return false;
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'ccd-own-dir-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('ensureOwnDir', () => {
  it('creates the missing folders, private, inside a folder of ours', async () => {
    const target = path.join(dir, 'a', 'b', 'c');
    await ensureOwnDir(target);
    for (const d of [path.join(dir, 'a'), path.join(dir, 'a', 'b'), target]) {
      expect(statSync(d).isDirectory()).toBe(true);
      expect(statSync(d).mode & 0o777).toBe(0o700);
    }
    await ensureOwnDir(target);
  });

  it("as root: creates nothing inside another user's folder, nor uses theirs", async (t) => {
    if (!needsRoot(t)) return;
    const home = path.join(dir, 'home');
    mkdirSync(home);
    chownSync(home, OTHER, OTHER);
    await expect(ensureOwnDir(path.join(home, '.local', 'state', 'x'))).rejects.toBeInstanceOf(NotOwnedError);
    expect(existsSync(path.join(home, '.local'))).toBe(false);
    await expect(ensureOwnDir(home)).rejects.toThrow(`${home} belongs to another user (uid ${OTHER})`);
  });

  it('a shared sticky folder (like /tmp) is a place anyone may create their own folder', async (t) => {
    if (!needsRoot(t)) return;
    const shared = path.join(dir, 'shared');
    mkdirSync(shared);
    chownSync(shared, OTHER, OTHER);
    chmodSync(shared, 0o1777);
    await ensureOwnDir(path.join(shared, 'mine'));
    expect(statSync(path.join(shared, 'mine')).uid).toBe(0);
  });

  it('a file in the way is an error, not a folder', async () => {
    writeFileSync(path.join(dir, 'file'), '');
    await expect(ensureOwnDir(path.join(dir, 'file'))).rejects.toThrow('is not a folder');
  });
});

describe('the aws --version cache', () => {
  const program = process.execPath;

  it('is written and read back in a state folder of ours', async () => {
    const ctx = createContext({ env: { CODECOMMIT_DOCTOR_STATE_DIR: path.join(dir, 'state') }, home: dir });
    await rememberVersionLine(ctx, program, 'aws-cli/2.15.30 Python/3.11.8');
    expect(existsSync(path.join(dir, 'state', 'cache', 'aws-version-cache.json'))).toBe(true);
    expect(await cachedVersionLine(ctx, program)).toBe('aws-cli/2.15.30 Python/3.11.8');
  });

  it("is skipped (nothing created) when the state folder would be in another user's HOME", async (t) => {
    if (!needsRoot(t)) return;
    const home = path.join(dir, 'home');
    mkdirSync(home);
    chownSync(home, OTHER, OTHER);
    const ctx = createContext({ platform: 'linux', env: { HOME: home }, home });
    await rememberVersionLine(ctx, program, 'aws-cli/2.15.30 Python/3.11.8');
    expect(existsSync(path.join(home, '.local'))).toBe(false);
    expect(await cachedVersionLine(ctx, program)).toBeUndefined();
  });
});
