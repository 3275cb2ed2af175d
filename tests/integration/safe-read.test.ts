import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readRegularFile, readRegularText, UnsafeFileError } from '../../electron/engine/safe-read';

// The one way the engine reads a file, against real FIFOs, devices, sockets, folders and sparse
// giants: each is refused before a byte is read, in well under a second, with what it is.

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'ccd-safe-read-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Fails the test instead of hanging it: every refusal must come at once. */
async function settlesFast<T>(p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('the read did not settle within 2 s')), 2_000);
  });
  try {
    return await Promise.race([p, limit]);
  } finally {
    clearTimeout(timer);
  }
}

async function refusal(file: string, maxBytes?: number): Promise<UnsafeFileError> {
  const e = await settlesFast(readRegularFile(file, maxBytes ? { maxBytes } : {})).then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(UnsafeFileError);
  return e as UnsafeFileError;
}

describe('readRegularFile', () => {
  it('reads a regular file, and one behind a symlink (a dotfiles repo)', async () => {
    const f = path.join(dir, 'config');
    writeFileSync(f, '[default]\nregion = us-east-1\n');
    symlinkSync(f, path.join(dir, 'link'));
    expect(await readRegularText(f)).toBe('[default]\nregion = us-east-1\n');
    expect(await readRegularText(path.join(dir, 'link'))).toBe('[default]\nregion = us-east-1\n');
    writeFileSync(path.join(dir, 'empty'), '');
    expect((await readRegularFile(path.join(dir, 'empty'))).length).toBe(0);
  });

  it('a FIFO (nobody writing) is refused at once, also behind a symlink', async () => {
    const fifo = path.join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    symlinkSync(fifo, path.join(dir, 'to-fifo'));
    for (const f of [fifo, path.join(dir, 'to-fifo')]) {
      const e = await refusal(f);
      expect(e.code).toBe('ENOTREGULAR');
      expect(e.reason).toBe('it is a named pipe (FIFO), not a regular file');
      expect(e.message).toBe(`${f}: it is a named pipe (FIFO), not a regular file`);
    }
  });

  it('/dev/zero and a link to it are refused without reading a byte', async () => {
    symlinkSync('/dev/zero', path.join(dir, 'zero'));
    for (const f of ['/dev/zero', path.join(dir, 'zero')])
      expect((await refusal(f)).reason).toBe('it is a character device, not a regular file');
  });

  it('a character device made with mknod is refused', async (t) => {
    const dev = path.join(dir, 'null-device');
    try {
      execFileSync('mknod', [dev, 'c', '1', '3'], { stdio: 'pipe' });
    } catch (e) {
      const why = `mknod is not permitted here (${(e as Error).message.split('\n')[0]})`;
      console.log(`skipped: ${why}`);
      t.skip(why);
      return;
    }
    expect((await refusal(dev)).reason).toBe('it is a character device, not a regular file');
  });

  it('a folder and a socket are refused', async () => {
    mkdirSync(path.join(dir, 'folder'));
    expect((await refusal(path.join(dir, 'folder'))).reason).toBe('it is a folder, not a regular file');
    const sock = path.join(dir, 'sock');
    const server: Server = createServer();
    await new Promise<void>((r) => server.listen(sock, r));
    try {
      expect((await refusal(sock)).reason).toBe('it is a socket, not a regular file');
    } finally {
      server.close();
    }
  });

  it('a sparse 10 GiB file is refused by its size, and the cap is exact', async () => {
    const big = path.join(dir, 'big');
    writeFileSync(big, '');
    truncateSync(big, 10 * 1024 ** 3);
    const e = await refusal(big);
    expect(e.code).toBe('ETOOLARGE');
    expect(e.reason).toMatch(/larger than 16 MiB/);
    const f = path.join(dir, 'exact');
    writeFileSync(f, Buffer.alloc(1000, 'a'));
    expect((await readRegularFile(f, { maxBytes: 1000 })).length).toBe(1000);
    expect((await refusal(f, 999)).code).toBe('ETOOLARGE');
  });

  it('a file /proc reports as 0 bytes is read to its end, within the cap', async () => {
    const text = await readRegularText('/proc/self/status');
    expect(text).toMatch(/^Name:/);
    expect((await refusal('/proc/self/status', 16)).code).toBe('ETOOLARGE');
  });

  it('a missing file keeps its ENOENT, so callers still tell "absent" from "refused"', async () => {
    await expect(readRegularFile(path.join(dir, 'nope'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
