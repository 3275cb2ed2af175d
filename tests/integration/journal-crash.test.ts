import { spawn } from 'node:child_process';
import { chmod, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BUSY_MESSAGE, Journal } from '../../electron/engine/fixes/journal';
import type { ChildCommand } from '../support/journal-child';

// Real second processes (node + tsx loader) against one journal folder: a SIGKILL in the
// middle of a fix, and instances racing for the lock.

const ROOT = path.resolve(__dirname, '..', '..');
const CHILD = path.join(ROOT, 'tests', 'support', 'journal-child.ts');

interface Child {
  /** Resolves with the first JSON line the child prints. */
  firstLine: Promise<Record<string, unknown>>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
  kill: () => void;
}

function startChild(cmd: ChildCommand): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, JSON.stringify(cmd)], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let resolveLine: (v: Record<string, unknown>) => void = () => undefined;
  let rejectLine: (e: Error) => void = () => undefined;
  const firstLine = new Promise<Record<string, unknown>>((res, rej) => {
    resolveLine = res;
    rejectLine = rej;
  });
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
    const nl = stdout.indexOf('\n');
    if (nl >= 0) resolveLine(JSON.parse(stdout.slice(0, nl)) as Record<string, unknown>);
  });
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
  }>((res) =>
    child.on('close', (code, signal) => {
      rejectLine(new Error(`child exited (${code ?? signal}) before printing: ${stderr}`));
      res({ code, signal, stdout, stderr });
    }),
  );
  return { firstLine, exited, kill: () => child.kill('SIGKILL') };
}

let tmp: string;
beforeEach(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'ccd-journal-crash-'));
});
afterEach(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('journal across processes', () => {
  it('undoes a fix whose process was SIGKILLed between steps, byte-identical', async () => {
    const a = path.join(tmp, 'gitconfig');
    const b = path.join(tmp, 'credentials');
    const created = path.join(tmp, 'ssh-config');
    const aBytes = Buffer.concat([
      Buffer.from('[credential]\r\n\thelper = manager\r\n'),
      Buffer.from([0, 0xff, 0xfe]),
    ]);
    const bBytes = Buffer.from('https://u:p@git-codecommit.us-east-1.amazonaws.com'); // no trailing newline
    await writeFile(a, aBytes);
    await writeFile(b, bBytes);
    await chmod(b, 0o600);
    const dir = path.join(tmp, 'journal');

    const child = startChild({
      mode: 'crash',
      dir,
      files: [a, b],
      newContent: 'overwritten by the fix\n',
      created,
    });
    const ready = await child.firstLine;
    expect(ready.ready).toBe(true);
    child.kill();
    expect((await child.exited).signal).toBe('SIGKILL');
    expect(await readFile(a, 'utf8')).toBe('overwritten by the fix\n');

    const journal = new Journal(dir, { lockTimeoutMs: 2000 });
    const [entry] = await journal.history();
    expect(entry).toMatchObject({
      id: ready.id,
      state: 'applying',
      files: [a, b, created],
      steps: [
        { description: 'edit first file', state: 'done' },
        { description: 'edit second file', state: 'pending' },
      ],
    });

    // The dead process's lock is still there; undo must take it over, not wait it out.
    const t0 = Date.now();
    const res = await journal.undo('last');
    expect(Date.now() - t0).toBeLessThan(1500);
    // b was backed up but the fix died before changing it: it is reported as already as before.
    expect(res).toMatchObject({ restored: [a], removed: [created], unchanged: [b], notUndoable: [] });
    expect(res.entries.map((e) => e.id)).toEqual([ready.id]);
    expect((await readFile(a)).equals(aBytes)).toBe(true);
    expect((await readFile(b)).equals(bBytes)).toBe(true);
    expect((await stat(b)).mode & 0o777).toBe(0o600);
    await expect(stat(created)).rejects.toThrow();
    expect((await journal.history())[0]?.state).toBe('undone');
    expect((await readdir(dir)).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('survives being killed at arbitrary moments: every entry stays readable and undoing all restores the original', async () => {
    const f = path.join(tmp, 'gitconfig');
    const original = Buffer.from('[user]\r\n\tname = Ann');
    await writeFile(f, original);
    const dir = path.join(tmp, 'journal');

    for (const delayMs of [0, 41, 173]) {
      const child = startChild({ mode: 'churn', dir, file: f });
      await child.firstLine;
      await new Promise((r) => setTimeout(r, delayMs));
      child.kill();
      await child.exited;
    }

    const journal = new Journal(dir, { lockTimeoutMs: 2000 });
    const history = await journal.history();
    expect(history.length).toBeGreaterThanOrEqual(3);
    expect(history.filter((h) => h.note !== undefined)).toEqual([]);
    expect(history.every((h) => h.state === 'applied' || h.state === 'applying')).toBe(true);
    for (let i = 0; i < history.length; i++) await journal.undo('last');
    await expect(journal.undo('last')).rejects.toThrow(/^Nothing to undo/);
    expect((await readFile(f)).equals(original)).toBe(true);
  });

  it('a second instance that cannot get the lock in time fails cleanly; the journal stays valid', async () => {
    const dir = path.join(tmp, 'journal');
    const releaseFile = path.join(tmp, 'release');
    // The winner holds until released, so the outcome does not depend on how fast each
    // process starts on a loaded machine: the loser gives up first, then the winner finishes.
    const cmd = (label: string): ChildCommand => ({
      mode: 'hold',
      dir,
      holdMs: 10_000,
      releaseFile,
      lockTimeoutMs: 300,
      label,
    });
    const children = [startChild(cmd('one')), startChild(cmd('two'))];
    const first = await Promise.race(children.map((c) => c.exited));
    expect(first.code).toBe(3);
    await writeFile(releaseFile, '');
    const results = await Promise.all(children.map((c) => c.exited));
    const outcomes = results.map(
      (r) => JSON.parse(r.stdout.trim()) as { ok: boolean; error?: string; label: string },
    );

    expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
    const loser = outcomes.find((o) => !o.ok);
    expect(loser?.error).toMatch(new RegExp(`^${BUSY_MESSAGE} \\(process \\d+, since `));
    expect(results.map((r) => r.code).sort()).toEqual([0, 3]);

    const history = await new Journal(dir).history();
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({
      state: 'applied',
      fixId: `hold-${outcomes.find((o) => o.ok)?.label}`,
    });
    const raw = await readFile(path.join(dir, history[0]!.id, 'entry.json'), 'utf8');
    expect(() => JSON.parse(raw)).not.toThrow();
    expect((await readdir(dir)).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('instances that wait long enough take turns: no two hold the journal at once', async () => {
    const dir = path.join(tmp, 'journal');
    const shared = path.join(tmp, 'gitconfig');
    await writeFile(shared, 'x');
    const labels = ['a', 'b', 'c', 'd'];
    const children = labels.map((label) =>
      startChild({ mode: 'hold', dir, holdMs: 150, lockTimeoutMs: 20_000, label, file: shared }),
    );
    const results = await Promise.all(children.map((c) => c.exited));
    const outcomes = results.map(
      (r) => JSON.parse(r.stdout.trim()) as { ok: boolean; id: string; lockedAt: number; releasedAt: number },
    );
    expect(outcomes.every((o) => o.ok)).toBe(true);

    const spans = outcomes.map((o) => [o.lockedAt, o.releasedAt] as const).sort((x, y) => x[0] - y[0]);
    for (let i = 1; i < spans.length; i++) expect(spans[i]![0]).toBeGreaterThanOrEqual(spans[i - 1]![1]);

    const history = await new Journal(dir).history();
    expect(history.map((h) => h.state)).toEqual(['applied', 'applied', 'applied', 'applied']);
    expect(new Set(history.map((h) => h.id)).size).toBe(4);
    // Newest first matches the order the lock was granted.
    const byLock = [...outcomes].sort((x, y) => y.lockedAt - x.lockedAt).map((o) => o.id);
    expect(history.map((h) => h.id)).toEqual(byLock);
  });
});
