import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import {
  chmod,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  stat,
  symlink,
  utimes,
  writeFile,
  lstat,
} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createContext } from '../../electron/engine/context';
import { appDataDir, STATE_DIR_ENV } from '../../electron/engine/fixes/app-data';
import { readFileIfExists, writeFileAtomic } from '../../electron/engine/fixes/atomic-file';
import { realRunner } from '../../electron/engine/runner';
import { BUSY_MESSAGE, Journal, UndoRefused } from '../../electron/engine/fixes/journal';

let tmp: string;
beforeEach(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'ccd-journal-'));
});
afterEach(async () => {
  await rm(tmp, { recursive: true, force: true });
});

const modeOf = async (p: string) => (await stat(p)).mode & 0o777;
const oneStep = (reversible = true) => ({
  title: 'Use the AWS helper',
  findingCode: 'helper-not-configured' as const,
  fixId: 'add-aws-helper',
  steps: [{ description: 'git config --global credential.helper …', reversible }],
});

describe('appDataDir', () => {
  const ctx = (platform: 'win32' | 'darwin' | 'linux', env: NodeJS.ProcessEnv, home: string) =>
    createContext({ platform, env, home });

  it('uses %APPDATA% on Windows, else <home>\\AppData\\Roaming', () => {
    expect(appDataDir(ctx('win32', { APPDATA: 'C:\\Users\\ann\\AppData\\Roaming' }, 'C:\\Users\\ann'))).toBe(
      'C:\\Users\\ann\\AppData\\Roaming\\CodeCommit Doctor',
    );
    expect(appDataDir(ctx('win32', {}, 'C:\\Users\\bob'))).toBe(
      'C:\\Users\\bob\\AppData\\Roaming\\CodeCommit Doctor',
    );
  });

  it('uses Application Support on macOS', () => {
    expect(appDataDir(ctx('darwin', {}, '/Users/ann'))).toBe(
      '/Users/ann/Library/Application Support/CodeCommit Doctor',
    );
  });

  it('uses $XDG_STATE_HOME on Linux, ignoring a relative one as the XDG spec requires', () => {
    expect(appDataDir(ctx('linux', { XDG_STATE_HOME: '/srv/state' }, '/home/ann'))).toBe(
      '/srv/state/codecommit-doctor',
    );
    expect(appDataDir(ctx('linux', {}, '/home/ann'))).toBe('/home/ann/.local/state/codecommit-doctor');
    expect(appDataDir(ctx('linux', { XDG_STATE_HOME: 'rel/state' }, '/home/ann'))).toBe(
      '/home/ann/.local/state/codecommit-doctor',
    );
  });

  it('honours the override variable on every platform', () => {
    expect(appDataDir(ctx('linux', { [STATE_DIR_ENV]: '/tmp/x' }, '/home/ann'))).toBe('/tmp/x');
    expect(appDataDir(ctx('win32', { [STATE_DIR_ENV]: 'D:\\fleet\\ccd' }, 'C:\\Users\\ann'))).toBe(
      'D:\\fleet\\ccd',
    );
  });

  it('Journal.forContext puts the journal under the app data folder', () => {
    const j = Journal.forContext(createContext({ platform: 'linux', env: {}, home: '/home/zed' }));
    expect(j.dir).toBe('/home/zed/.local/state/codecommit-doctor/journal');
  });
});

describe('writeFileAtomic / readFileIfExists', () => {
  it('keeps the mode of the file it replaces and leaves no temp file', async () => {
    const f = path.join(tmp, 'creds');
    await writeFile(f, 'old');
    await chmod(f, 0o600);
    await writeFileAtomic(f, 'new');
    expect(await readFile(f, 'utf8')).toBe('new');
    expect(await modeOf(f)).toBe(0o600);
    expect(await readdir(tmp)).toEqual(['creds']);
  });

  it('applies an explicit mode even where umask would strip bits', async () => {
    const f = path.join(tmp, 'x');
    const old = process.umask(0o077);
    try {
      await writeFileAtomic(f, Buffer.from([0, 1, 2]), { mode: 0o644 });
    } finally {
      process.umask(old);
    }
    expect(await modeOf(f)).toBe(0o644);
    expect([...(await readFile(f))]).toEqual([0, 1, 2]);
  });

  it('writes through a symlink so a dotfiles link stays a link', async () => {
    const real = path.join(tmp, 'real-gitconfig');
    const link = path.join(tmp, '.gitconfig');
    await writeFile(real, 'a');
    await symlink(real, link);
    await writeFileAtomic(link, 'b');
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    expect(await readFile(real, 'utf8')).toBe('b');
  });

  it('fails with a plain message and removes its temp file when the rename cannot happen', async () => {
    const d = path.join(tmp, 'adir');
    await mkdir(d);
    await expect(writeFileAtomic(d, 'x')).rejects.toThrow(`Could not write ${d}: it is a folder, not a file`);
    await expect(writeFileAtomic(path.join(tmp, 'missing', 'f'), 'x')).rejects.toThrow(
      /^Could not write .*missing\/f: the file or its folder does not exist$/,
    );
    expect(await readdir(tmp)).toEqual(['adir']);
  });

  it('readFileIfExists returns bytes and mode, or null', async () => {
    expect(await readFileIfExists(path.join(tmp, 'nope'))).toBeNull();
    const f = path.join(tmp, 'f');
    await writeFile(f, 'hi');
    await chmod(f, 0o640);
    expect(await readFileIfExists(f)).toEqual({ data: Buffer.from('hi'), mode: 0o640 });
  });
});

describe('Journal', () => {
  const journal = () => new Journal(path.join(tmp, 'journal'), { lockTimeoutMs: 300 });

  it('restores binary, CRLF and no-trailing-newline files byte-identical, with their mode', async () => {
    const bin = Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 37) % 256));
    const crlf = Buffer.from('[credential]\r\n\thelper = manager\r\n');
    const noNl = Buffer.from('[user]\n\tname = Ann');
    const files = { bin, crlf, noNl };
    for (const [name, data] of Object.entries(files)) await writeFile(path.join(tmp, name), data);
    await chmod(path.join(tmp, 'crlf'), 0o600);
    await chmod(path.join(tmp, 'bin'), 0o755);

    const j = journal();
    const tx = await j.begin(oneStep());
    for (const name of Object.keys(files)) await tx.backupFile(path.join(tmp, name));
    await tx.stepStarted(0);
    for (const name of Object.keys(files)) {
      await writeFile(path.join(tmp, name), 'changed by the fix\n');
      await chmod(path.join(tmp, name), 0o644);
    }
    await tx.stepDone(0);
    await tx.finish('applied');

    const res = await j.undo('last');
    expect(res.entries.map((e) => e.id)).toEqual([tx.id]);
    expect(res.restored.sort()).toEqual(
      Object.keys(files)
        .map((n) => path.join(tmp, n))
        .sort(),
    );
    expect(res.removed).toEqual([]);
    expect(res.notUndoable).toEqual([]);
    for (const [name, data] of Object.entries(files)) {
      expect((await readFile(path.join(tmp, name))).equals(data)).toBe(true);
    }
    expect(await modeOf(path.join(tmp, 'crlf'))).toBe(0o600);
    expect(await modeOf(path.join(tmp, 'bin'))).toBe(0o755);
    expect(await modeOf(path.join(tmp, 'noNl'))).toBe(0o644);
    expect((await j.history())[0]?.state).toBe('undone');
  });

  it('restores any bytes exactly (property)', async () => {
    const f = path.join(tmp, 'prop');
    const j = journal();
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 300 }),
        fc.uint8Array({ maxLength: 50 }),
        async (before, after) => {
          await writeFile(f, before);
          const tx = await j.begin(oneStep());
          await tx.backupFile(f);
          await writeFile(f, after);
          await tx.finish('applied');
          await j.undo(tx.id);
          expect((await readFile(f)).equals(Buffer.from(before))).toBe(true);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('keeps the first backup of a path (backupFile is idempotent)', async () => {
    const f = path.join(tmp, 'cfg');
    await writeFile(f, 'original');
    const j = journal();
    const tx = await j.begin(oneStep());
    await tx.backupFile(f);
    await writeFile(f, 'step 1');
    await tx.backupFile(f);
    await tx.backupFile(path.join(tmp, '.', 'cfg'));
    await writeFile(f, 'step 2');
    await tx.finish('applied');
    expect((await j.history())[0]?.files).toEqual([f]);
    await j.undo('last');
    expect(await readFile(f, 'utf8')).toBe('original');
  });

  it('removes on undo a file that did not exist before the fix', async () => {
    const f = path.join(tmp, 'new-ssh-config');
    const j = journal();
    const tx = await j.begin(oneStep());
    await tx.backupFile(f);
    await writeFile(f, 'Host git-codecommit.*.amazonaws.com\n');
    await tx.finish('applied');
    const res = await j.undo('last');
    expect(res.removed).toEqual([f]);
    expect(res.restored).toEqual([]);
    expect(await readFileIfExists(f)).toBeNull();
  });

  it('"last" is the newest entry not yet undone; an undone entry is refused', async () => {
    const f = path.join(tmp, 'cfg');
    await writeFile(f, 'v0');
    // A frozen clock: ordering must not depend on the timestamps differing.
    const at = new Date('2026-11-22T18:45:01.000Z');
    const j = new Journal(path.join(tmp, 'journal'), { now: () => at, lockTimeoutMs: 300 });
    const ids: string[] = [];
    for (const v of ['v1', 'v2']) {
      const tx = await j.begin(oneStep());
      await tx.backupFile(f);
      await writeFile(f, v);
      await tx.finish('applied');
      ids.push(tx.id);
    }
    expect(ids).toEqual(['20261122T184501Z-0000', '20261122T184501Z-0001']);
    expect((await j.history()).map((h) => h.id)).toEqual([ids[1], ids[0]]);

    expect((await j.undo('last')).entries.map((e) => e.id)).toEqual([ids[1]]);
    expect(await readFile(f, 'utf8')).toBe('v1');
    await expect(j.undo(ids[1]!)).rejects.toThrow(/already undone at 2026-11-22T18:45:01.000Z/);
    expect((await j.undo('last')).entries.map((e) => e.id)).toEqual([ids[0]]);
    expect(await readFile(f, 'utf8')).toBe('v0');
    await expect(j.undo('last')).rejects.toThrow(/^Nothing to undo/);
    expect((await j.history()).map((h) => h.state)).toEqual(['undone', 'undone']);
  });

  it('keeps ids in creation order when the clock steps backwards', async () => {
    let t = Date.parse('2026-11-22T18:45:01.250Z');
    const j = new Journal(path.join(tmp, 'journal'), { now: () => new Date(t), lockTimeoutMs: 300 });
    const ids: string[] = [];
    for (const step of [0, -60_000, 70_000]) {
      t += step;
      const tx = await j.begin(oneStep());
      await tx.finish('applied');
      ids.push(tx.id);
    }
    // 250 ms → suffix 00fa; the backwards step reuses the newest second with the next suffix.
    expect(ids).toEqual(['20261122T184501Z-00fa', '20261122T184501Z-00fb', '20261122T184511Z-00fa']);
    expect((await j.history()).map((h) => h.id)).toEqual([ids[2], ids[1], ids[0]]);
  });

  it('rejects ids that are not journal ids (no path traversal) and unknown ids', async () => {
    const j = journal();
    await expect(j.undo('../../etc')).rejects.toThrow(/is not a journal entry id/);
    await expect(j.undo('20261122T184501Z-abcd')).rejects.toThrow(
      'There is no journal entry 20261122T184501Z-abcd.',
    );
  });

  it('reports irreversible steps that ran, and marks the entry partially undone', async () => {
    const f = path.join(tmp, 'cfg');
    await writeFile(f, 'x');
    const j = journal();
    const tx = await j.begin({
      title: 'Remove the stale keychain item',
      findingCode: 'cached-codecommit-credentials',
      fixId: 'delete-cached',
      steps: [
        { description: 'Delete keychain item for git-codecommit.us-east-1.amazonaws.com', reversible: false },
        { description: 'Set credential.helper', reversible: true },
        { description: 'Delete a second item (never reached)', reversible: false },
      ],
    });
    await tx.stepStarted(0);
    await tx.stepDone(0);
    await tx.stepStarted(1);
    await tx.backupFile(f);
    await writeFile(f, 'y');
    await tx.stepFailed(1, 'git config exited with 255');
    await tx.finish('failed');

    const h = (await j.history())[0]!;
    expect(h.state).toBe('failed');
    expect(h.steps.map((s) => s.state)).toEqual(['done', 'failed', 'pending']);
    expect(h.steps[1]?.message).toBe('git config exited with 255');

    const res = await j.undo('last');
    expect(res.notUndoable).toEqual(['Delete keychain item for git-codecommit.us-east-1.amazonaws.com']);
    expect(await readFile(f, 'utf8')).toBe('x');
    expect((await j.history())[0]?.state).toBe('partially-undone');
    await expect(j.undo('last')).rejects.toThrow(/^Nothing to undo/);
  });

  it('writes entry.json as valid JSON reflecting every state change', async () => {
    const j = journal();
    const tx = await j.begin(oneStep());
    const entryFile = path.join(j.dir, tx.id, 'entry.json');
    const read = async () =>
      JSON.parse(await readFile(entryFile, 'utf8')) as { state: string; steps: { state: string }[] };
    expect((await read()).state).toBe('applying');
    await tx.stepDone(0);
    expect((await read()).steps[0]?.state).toBe('done');
    await tx.finish('applied');
    expect((await read()).state).toBe('applied');
    expect(await modeOf(entryFile)).toBe(0o600);
    await expect(tx.stepDone(0)).rejects.toThrow(/already finished/);
    await expect(Promise.resolve().then(() => tx.stepStarted(5))).rejects.toThrow(/already finished/);
  });

  it('rejects a step index that does not exist', async () => {
    const j = journal();
    const tx = await j.begin(oneStep());
    await expect(tx.stepDone(3)).rejects.toThrow(`Journal entry ${tx.id} has no step 3.`);
    await tx.finish('applied');
  });

  it('lists a damaged entry as failed with a note, and keeps the others', async () => {
    const f = path.join(tmp, 'cfg');
    await writeFile(f, 'a');
    const j = journal();
    const good = await j.begin(oneStep());
    await good.backupFile(f);
    await writeFile(f, 'changed');
    await good.finish('applied');
    const bad = await j.begin(oneStep());
    await bad.finish('applied');
    await writeFile(path.join(j.dir, bad.id, 'entry.json'), '{"version":1,"id":');
    // A folder with a valid JSON of the wrong shape, and one with no entry.json at all.
    await mkdir(path.join(j.dir, '20200101T000000Z-0000'));
    await mkdir(path.join(j.dir, '20200101T000001Z-0001'));
    await writeFile(path.join(j.dir, '20200101T000001Z-0001', 'entry.json'), '{"version":1}');

    const h = await j.history();
    expect(h.map((e) => e.id)).toEqual([bad.id, good.id, '20200101T000001Z-0001', '20200101T000000Z-0000']);
    expect(h[0]).toMatchObject({
      state: 'failed',
      note: 'entry.json is not valid JSON',
      steps: [],
      files: [],
    });
    expect(h[1]).toMatchObject({ state: 'applied', files: [f] });
    expect(h[2]?.note).toMatch(/^entry.json has an unexpected shape/);
    expect(h[3]?.note).toBe('entry.json cannot be read: the file or its folder does not exist');
    expect(h[3]?.createdAt).toBe('2020-01-01T00:00:00.000Z');

    // 'last' will not skip past an unknown newer change; an explicit id still works.
    await expect(j.undo('last')).rejects.toThrow(new RegExp(`Journal entry ${bad.id} is damaged`));
    expect((await j.undo(good.id)).restored).toEqual([f]);
    expect(await readFile(f, 'utf8')).toBe('a');
  });

  it('reads an entry whose finding code this version does not know as code "" — history and undo still work', async () => {
    const f = path.join(tmp, 'cfg');
    await writeFile(f, 'before');
    const j = journal();
    const tx = await j.begin(oneStep());
    await tx.backupFile(f);
    await writeFile(f, 'after');
    await tx.finish('applied');
    const entryFile = path.join(j.dir, tx.id, 'entry.json');
    const onDisk = JSON.parse(await readFile(entryFile, 'utf8')) as Record<string, unknown>;
    expect(onDisk.findingCode).toBe('helper-not-configured');
    await writeFile(entryFile, JSON.stringify({ ...onDisk, findingCode: 'retired-in-a-later-version' }));

    const [h] = await j.history();
    expect(h).toMatchObject({ id: tx.id, state: 'applied', findingCode: '', title: 'Use the AWS helper' });
    expect(h?.note).toBeUndefined();
    expect((await j.undo(tx.id)).restored).toEqual([f]);
    expect(await readFile(f, 'utf8')).toBe('before');
  });

  it('refuses to undo from a tampered backup, changing nothing', async () => {
    const a = path.join(tmp, 'a');
    const b = path.join(tmp, 'b');
    await writeFile(a, 'A0');
    await writeFile(b, 'B0');
    const j = journal();
    const tx = await j.begin(oneStep());
    await tx.backupFile(a);
    await tx.backupFile(b);
    await writeFile(a, 'A1');
    await writeFile(b, 'B1');
    await tx.finish('applied');
    await writeFile(path.join(j.dir, tx.id, 'files', '1'), 'B-corrupt');
    await expect(j.undo('last')).rejects.toThrow(`The backup of ${b} in journal entry ${tx.id} is damaged`);
    expect(await readFile(a, 'utf8')).toBe('A1');
    expect((await j.history())[0]?.state).toBe('applied');
  });

  it('a second writer waits, then fails with a clear message; the lock is released by finish', async () => {
    const j = journal();
    const tx = await j.begin(oneStep());
    const t0 = Date.now();
    await expect(j.begin(oneStep())).rejects.toThrow(BUSY_MESSAGE);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(250);
    await expect(j.undo('last')).rejects.toThrow(
      new RegExp(`^${BUSY_MESSAGE} \\(process ${process.pid}, since `),
    );

    const waiter = new Journal(j.dir, { lockTimeoutMs: 3000 }).begin(oneStep());
    await new Promise((r) => setTimeout(r, 150));
    await tx.finish('applied');
    const tx2 = await waiter;
    await tx2.finish('applied');
    expect((await j.history()).map((h) => h.state)).toEqual(['applied', 'applied']);
    expect((await readdir(j.dir)).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('the lock file is never seen empty: it appears with its owner in one step', async () => {
    // An empty lock (a writer killed between creating and filling it) blocks every other run
    // until its grace period is over; the journal-crash sweep found one.
    const j = journal();
    await mkdir(j.dir, { recursive: true });
    const lockFile = path.join(j.dir, '.lock');
    let seen = 0;
    let seenEmpty = 0;
    let stop = false;
    const poller = (async () => {
      while (!stop) {
        try {
          const raw = readFileSync(lockFile, 'utf8');
          seen++;
          if (raw === '') seenEmpty++;
        } catch {
          // not there right now
        }
        await new Promise((r) => setImmediate(r));
      }
    })();
    for (let i = 0; i < 30; i++) {
      const tx = await j.begin(oneStep());
      await tx.finish('applied');
    }
    stop = true;
    await poller;
    expect(seen).toBeGreaterThan(0);
    expect(seenEmpty).toBe(0);
    expect((await readdir(j.dir)).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('takes over a lock left by a dead process', async () => {
    const j = journal();
    await mkdir(j.dir, { recursive: true });
    const dead = spawnSync(process.execPath, ['-e', '0']).pid;
    await writeFile(
      path.join(j.dir, '.lock'),
      JSON.stringify({
        pid: dead,
        host: os.hostname(),
        createdAt: new Date().toISOString(),
        nonce: 'x',
        purpose: 'apply',
      }),
    );
    const tx = await j.begin(oneStep());
    const lock = JSON.parse(await readFile(path.join(j.dir, '.lock'), 'utf8')) as { pid: number };
    expect(lock.pid).toBe(process.pid);
    await tx.finish('applied');
    expect((await readdir(j.dir)).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('takes over a lock older than 10 minutes even if its pid is alive (pid reuse), but not a fresh one', async () => {
    const j = journal();
    await mkdir(j.dir, { recursive: true });
    const lockFile = path.join(j.dir, '.lock');
    const live = { pid: 1, host: os.hostname(), nonce: 'y', purpose: 'apply' };
    await writeFile(lockFile, JSON.stringify({ ...live, createdAt: new Date().toISOString() }));
    await expect(j.begin(oneStep())).rejects.toThrow(`${BUSY_MESSAGE} (process 1`);

    const old = new Date(Date.now() - 11 * 60_000);
    await writeFile(lockFile, JSON.stringify({ ...live, createdAt: old.toISOString() }));
    await utimes(lockFile, old, old);
    const tx = await j.begin(oneStep());
    await tx.finish('applied');
  });

  it('clears a begin() that died before its entry was renamed into place', async () => {
    const j = journal();
    await mkdir(path.join(j.dir, '.tmp-20261122T184501Z-0000', 'files'), { recursive: true });
    const tx = await j.begin(oneStep());
    await tx.finish('applied');
    expect((await readdir(j.dir)).sort()).toEqual([tx.id]);
  });

  it('undo works on an entry left "applying" (a crash between steps)', async () => {
    const f = path.join(tmp, 'cfg');
    await writeFile(f, 'before');
    const j = journal();
    const tx = await j.begin(oneStep());
    await tx.backupFile(f);
    await tx.stepStarted(0);
    await writeFile(f, 'after');
    // Simulate the process dying: the lock stays, owned by a pid that is gone.
    const dead = spawnSync(process.execPath, ['-e', '0']).pid;
    const lockFile = path.join(j.dir, '.lock');
    const lock = JSON.parse(await readFile(lockFile, 'utf8')) as Record<string, unknown>;
    await writeFile(lockFile, JSON.stringify({ ...lock, pid: dead }));

    expect((await j.history())[0]?.state).toBe('applying');
    const res = await j.undo('last');
    expect(res).toMatchObject({
      id: `run-${tx.id}`,
      runId: `run-${tx.id}`,
      restored: [f],
      removed: [],
      unchanged: [],
      notUndoable: [],
    });
    expect(res.entries.map((e) => e.id)).toEqual([tx.id]);
    expect(await readFile(f, 'utf8')).toBe('before');
  });
});

describe('Journal runs (one fix command, or one Apply in the app)', () => {
  const journal = () => new Journal(path.join(tmp, 'journal'), { lockTimeoutMs: 300 });
  const deletion = {
    title: 'Delete 1 saved password',
    findingCode: 'cached-codecommit-credentials' as const,
    fixId: 'delete-cached',
    steps: [{ description: 'Delete the saved password for git-codecommit…', reversible: false }],
  };
  async function irreversibleEntry(j: Journal): Promise<string> {
    const tx = await j.begin(deletion);
    await tx.stepStarted(0);
    await tx.stepDone(0);
    await tx.finish('applied');
    return tx.id;
  }
  async function rewrite(j: Journal, file: string, content: string): Promise<string> {
    const tx = await j.begin(oneStep());
    await tx.backupFile(file);
    await tx.stepStarted(0);
    await writeFile(file, content);
    await tx.stepDone(0);
    await tx.finish('applied');
    return tx.id;
  }

  it('undo("last") undoes every entry of the newest run, newest first, and only that run', async () => {
    const f = path.join(tmp, 'gitconfig');
    const created = path.join(tmp, 'ssh-config');
    await writeFile(f, 'v0');
    const j = journal();
    const older = await rewrite(j, f, 'v1');

    const run = j.startRun();
    expect(run.runId).toBeUndefined();
    const b = await rewrite(run, f, 'v2');
    const c = await run.begin(oneStep());
    await c.backupFile(created);
    await writeFile(created, 'Host x\n');
    await c.stepDone(0);
    await c.finish('applied');
    const d = await irreversibleEntry(run);
    expect(run.runId).toBe(`run-${b}`);

    const h = await j.history();
    expect(h.map((e) => [e.id, e.runId])).toEqual([
      [d, `run-${b}`],
      [c.id, `run-${b}`],
      [b, `run-${b}`],
      [older, `run-${older}`],
    ]);

    const res = await j.undo('last');
    expect(res).toMatchObject({
      id: `run-${b}`,
      runId: `run-${b}`,
      restored: [f],
      removed: [created],
      notUndoable: ['Delete the saved password for git-codecommit…'],
    });
    expect(res.entries.map((e) => e.id)).toEqual([d, c.id, b]);
    expect(await readFile(f, 'utf8')).toBe('v1');
    expect(await readFileIfExists(created)).toBeNull();
    expect((await j.history()).map((e) => e.state)).toEqual([
      'partially-undone',
      'undone',
      'undone',
      'applied',
    ]);

    const next = await j.undo('last');
    expect(next).toMatchObject({ id: `run-${older}`, restored: [f], notUndoable: [] });
    expect(await readFile(f, 'utf8')).toBe('v0');
    const nothing = j.undo('last');
    await expect(nothing).rejects.toThrow(/^Nothing to undo/);
    await expect(nothing).rejects.toBeInstanceOf(UndoRefused);
  });

  it('undo(RUN-ID) undoes a named run; an unknown run id is refused', async () => {
    const f = path.join(tmp, 'gitconfig');
    await writeFile(f, 'v0');
    const j = journal();
    const run = j.startRun();
    await rewrite(run, f, 'v1');
    await rewrite(run, f, 'v2');
    const newer = await rewrite(j, path.join(tmp, 'other'), 'x');
    const res = await j.undo(run.runId!);
    expect(res.entries).toHaveLength(2);
    expect(await readFile(f, 'utf8')).toBe('v0');
    expect((await j.history()).find((e) => e.id === newer)?.state).toBe('applied');
    await expect(j.undo('run-20200101T000000Z-0000')).rejects.toThrow(
      'There is no fix run run-20200101T000000Z-0000.',
    );
    await expect(j.undo(run.runId!)).rejects.toThrow(/already undone/);
  });

  it('a run with nothing that can be put back: refused as UndoRefused, nothing changed or marked', async () => {
    const j = journal();
    const older = await rewrite(j, path.join(tmp, 'cfg'), 'x');
    const run = j.startRun();
    const id = await irreversibleEntry(run);
    for (const target of ['last', id, run.runId!]) {
      const attempt = j.undo(target);
      await expect(attempt).rejects.toBeInstanceOf(UndoRefused);
      await expect(attempt).rejects.toThrow(
        /^Nothing was changed: .*cannot be put back: Delete the saved password for git-codecommit…/,
      );
    }
    expect((await j.history()).map((e) => [e.id, e.state])).toEqual([
      [id, 'applied'],
      [older, 'applied'],
    ]);
  });

  it('history marks the steps an undo reverted, and only those', async () => {
    const f = path.join(tmp, 'cfg');
    await writeFile(f, 'x');
    const j = journal();
    const run = j.startRun();
    await rewrite(run, f, 'y');
    await irreversibleEntry(run);
    expect((await j.history()).flatMap((e) => e.steps.map((s) => s.undone))).toEqual([false, false]);
    await j.undo('last');
    expect((await j.history()).flatMap((e) => e.steps.map((s) => s.undone))).toEqual([false, true]);
  });
});

describe('undo puts back its own change only (issue 10, item 4)', () => {
  const git = (args: readonly string[]) => realRunner('git', args, { timeoutMs: 10_000 });
  const journal = (withGit = true) =>
    new Journal(path.join(tmp, 'journal'), { lockTimeoutMs: 300, ...(withGit ? { git } : {}) });
  async function fix(j: Journal, file: string, change: (before: string) => string): Promise<string> {
    const tx = await j.begin(oneStep());
    await tx.backupFile(file);
    await tx.stepStarted(0);
    const before = (await readFileIfExists(file))?.data.toString() ?? '';
    await writeFile(file, change(before));
    await tx.stepDone(0);
    await tx.finish('applied');
    return tx.id;
  }

  it('a file that is not git settings, changed after the fix: refused, nothing changed, not marked', async () => {
    const f = path.join(tmp, 'ssh-config');
    await writeFile(f, 'Host a\n  User x\n');
    const j = journal();
    const id = await fix(j, f, (b) => `${b}Host git-codecommit.*.amazonaws.com\n  User APKAEXAMPLE\n`);
    await writeFile(f, `${await readFile(f, 'utf8')}Host mine\n  User me\n`);
    const edited = await readFile(f);
    const attempt = j.undo(id);
    await expect(attempt).rejects.toBeInstanceOf(UndoRefused);
    await expect(attempt).rejects.toThrow(
      new RegExp(`^Nothing was changed: ${f} was changed after fix ${id}`),
    );
    expect((await readFile(f)).equals(edited)).toBe(true);
    expect((await j.history())[0]?.state).toBe('applied');
  });

  it("git settings changed elsewhere after the fix: only the fix's own keys are reverted", async () => {
    const f = path.join(tmp, 'gitconfig');
    await writeFile(f, '[user]\n\tname = Ann\n');
    const j = journal();
    await fix(j, f, (b) => `${b}[credential "https://h.example"]\n\thelper = \n\thelper = !aws x\n`);
    await writeFile(f, `${await readFile(f, 'utf8')}[alias]\n\tst = status\n`);
    const res = await j.undo('last');
    expect(res).toMatchObject({ restored: [], reverted: [f] });
    expect(await readFile(f, 'utf8')).toBe('[user]\n\tname = Ann\n[alias]\n\tst = status\n');
    expect((await j.history())[0]?.state).toBe('undone');
  });

  it("a value the fix replaced goes back in its place; the user's later setting stays", async () => {
    const f = path.join(tmp, 'gitconfig');
    const before =
      '[credential]\n\thelper = manager-core\n[core]\n\teditor = vi\n[credential]\n\thelper = other\n';
    await writeFile(f, before);
    const j = journal();
    await fix(j, f, (b) => b.replace('manager-core', 'manager'));
    const r = await git(['config', '--file', f, 'core.pager', 'less']);
    expect(r.exitCode).toBe(0);
    expect((await j.undo('last')).reverted).toEqual([f]);
    expect(await readFile(f, 'utf8')).toBe(before.replace('vi\n', 'vi\n\tpager = less\n'));
  });

  it('without git to tell settings apart, a file changed after the fix is refused', async () => {
    const f = path.join(tmp, 'gitconfig');
    await writeFile(f, '[user]\n\tname = Ann\n');
    const j = journal(false);
    await fix(j, f, (b) => `${b}[x]\n\ty = 1\n`);
    await writeFile(f, `${await readFile(f, 'utf8')}[z]\n\tw = 2\n`);
    await expect(j.undo('last')).rejects.toBeInstanceOf(UndoRefused);
    expect(await readFile(f, 'utf8')).toBe('[user]\n\tname = Ann\n[x]\n\ty = 1\n[z]\n\tw = 2\n');
  });

  it('an unfinished older fix is not restored over a newer fix of the same file still applied', async () => {
    const f = path.join(tmp, 'gitconfig');
    await writeFile(f, 'v0');
    const j = journal();
    const crashed = await j.begin(oneStep());
    await crashed.backupFile(f);
    await writeFile(f, 'v1');
    // The process dies here (no finish); a later run takes the lock over and fixes again.
    const lockFile = path.join(j.dir, '.lock');
    const lock = JSON.parse(await readFile(lockFile, 'utf8')) as Record<string, unknown>;
    await writeFile(lockFile, JSON.stringify({ ...lock, pid: spawnSync(process.execPath, ['-e', '0']).pid }));
    await fix(j, f, () => 'v2');

    await expect(j.undo(crashed.id)).rejects.toThrow(/later fix .* still applied/);
    expect(await readFile(f, 'utf8')).toBe('v2');
    await j.undo('last');
    await j.undo('last');
    expect(await readFile(f, 'utf8')).toBe('v0');
  });
});
