import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContext } from '../../electron/engine/context';
import { probeRemoteCodecommit } from '../../electron/engine/probes/remote-codecommit';

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'grc-probe-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('probeRemoteCodecommit', () => {
  it('finds git-remote-codecommit on PATH, first match wins', async () => {
    const a = path.join(tmp, 'a');
    const b = path.join(tmp, 'b');
    await mkdir(a);
    await mkdir(b);
    for (const dir of [a, b]) {
      await writeFile(path.join(dir, 'git-remote-codecommit'), '#!/bin/sh\n');
      await chmod(path.join(dir, 'git-remote-codecommit'), 0o755);
    }
    const ctx = createContext({ platform: 'linux', env: { PATH: `/nonexistent:${a}:${b}` }, home: tmp });
    expect(await probeRemoteCodecommit(ctx)).toEqual({ path: path.join(a, 'git-remote-codecommit') });
  });

  it('returns null when it is not on PATH (pip Scripts folder missing)', async () => {
    const ctx = createContext({ platform: 'linux', env: { PATH: '/nonexistent' }, home: tmp });
    expect(await probeRemoteCodecommit(ctx)).toEqual({ path: null });
  });

  it('finds the pip .exe on a replayed Windows through PATHEXT', async () => {
    const exe = 'C:\\Users\\dev\\AppData\\Roaming\\Python\\Python311\\Scripts\\git-remote-codecommit.exe';
    const ctx = createContext({
      platform: 'win32',
      env: { Path: 'C:\\Windows;C:\\Users\\dev\\AppData\\Roaming\\Python\\Python311\\Scripts' },
      home: 'C:\\Users\\dev',
      isFile: async (p) => p.toLowerCase() === exe.toLowerCase(),
    });
    expect(await probeRemoteCodecommit(ctx)).toEqual({ path: exe });
  });
});
