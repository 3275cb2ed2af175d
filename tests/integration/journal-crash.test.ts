import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BUSY_MESSAGE, Journal, UndoRefused } from '../../electron/engine/fixes/journal';
import type { ChildCommand } from '../support/journal-child';

// Real second processes (node + tsx loader) against one journal folder: a SIGKILL in the
// middle of a fix, and instances racing for the lock.

const ROOT = path.resolve(__dirname, '..', '..');
const CHILD = path.join(ROOT, 'tests', 'support', 'journal-child.ts');
/** Kill points in the sweep; each costs one child start (node + tsx), the bulk of the time. */
const KILLS = 32;
/** On a slow machine the sweep stops after this long, once it has made MIN_KILLS kills. */
const SWEEP_BUDGET_MS = 10_000;
const MIN_KILLS = 12;

/** A small seeded PRNG (mulberry32), so a failing sweep can be replayed with its seed. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Child {
  /** Resolves with the first JSON line the child prints. */
  firstLine: Promise<Record<string, unknown>>;
  /** Lets a waiting `fix-once` child go; resolves when it says it started the fix. */
  go: () => Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
  kill: () => void;
}

function startChild(cmd: ChildCommand): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, JSON.stringify(cmd)], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const lines: Record<string, unknown>[] = [];
  const waiters: { n: number; resolve: (v: Record<string, unknown>) => void; reject: (e: Error) => void }[] =
    [];
  /** Resolves with the child's n-th JSON line (0-based). */
  const line = (n: number) =>
    new Promise<Record<string, unknown>>((resolve, reject) =>
      lines[n] ? resolve(lines[n]) : waiters.push({ n, resolve, reject }),
    );
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
    const complete = stdout.split('\n').slice(0, -1);
    while (lines.length < complete.length)
      lines.push(JSON.parse(complete[lines.length]!) as Record<string, unknown>);
    for (const w of waiters.filter((w) => lines[w.n])) w.resolve(lines[w.n]!);
  });
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
  }>((res) =>
    child.on('close', (code, signal) => {
      for (const w of waiters)
        w.reject(new Error(`child exited (${code ?? signal}) before printing: ${stderr}`));
      res({ code, signal, stdout, stderr });
    }),
  );
  child.stdin.on('error', () => undefined);
  return {
    firstLine: line(0),
    exited,
    go: async () => {
      child.stdin.write('go\n');
      await line(1);
    },
    kill: () => child.kill('SIGKILL'),
  };
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

  it('survives a SIGKILL at any moment of a fix: after every kill the journal reads and undo restores the bytes', async () => {
    const f = path.join(tmp, 'gitconfig');
    const created = path.join(tmp, 'ssh-config');
    const original = Buffer.from('[user]\r\n\tname = Ann'); // CRLF, no trailing newline
    await writeFile(f, original);
    const dir = path.join(tmp, 'journal');
    const cmd: ChildCommand = { mode: 'fix-once', dir, file: f, created };
    const journal = new Journal(dir, { lockTimeoutMs: 2000 });

    /** After every kill: no damaged entry, and undoing everything gives the original bytes back. */
    const undoAllAndCheck = async (label: string) => {
      expect(
        (await journal.history()).filter((h) => h.note !== undefined),
        label,
      ).toEqual([]);
      for (;;) {
        try {
          await journal.undo('last');
        } catch (e) {
          if (e instanceof UndoRefused && /^Nothing to undo/.test(e.message)) break;
          throw new Error(`${label}: ${(e as Error).message}`);
        }
      }
      expect((await readFile(f)).equals(original), label).toBe(true);
      expect(existsSync(created), label).toBe(false);
    };

    // How long one whole fix takes here: the kill points are spread over all of it.
    const probe = startChild(cmd);
    await probe.firstLine;
    await probe.go();
    const probed = await probe.exited;
    const done = JSON.parse(probed.stdout.trim().split('\n').pop() ?? '{}') as { elapsedMs?: number };
    expect(done.elapsedMs, probed.stderr).toBeGreaterThan(0);
    await undoAllAndCheck('after an uninterrupted fix');

    // A seeded, stratified sweep: kill i lands at a random moment of the i-th slice of
    // [0, 1.25 × the fix's duration] (the tail kills a finished fix), measured from the go.
    const seed = Number(process.env.JOURNAL_KILL_SEED ?? 20261122);
    const random = mulberry32(seed);
    const fractions = Array.from({ length: KILLS }, (_, i) => ((i + random()) / KILLS) * 1.25);
    // Visited in a shuffled order, so that a sweep cut short by the time budget still
    // spreads over the whole fix.
    for (let i = fractions.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [fractions[i], fractions[j]] = [fractions[j] as number, fractions[i] as number];
    }
    const started = performance.now();
    let span = done.elapsedMs as number;
    const landed = new Map<string, number>();
    // One child starts while the previous one is being checked: node + tsx start-up dominates.
    let next = startChild(cmd);
    for (const [i, fraction] of fractions.entries()) {
      const at = fraction * span;
      const label = `kill ${i + 1}/${KILLS} at ${at.toFixed(2)} ms (seed ${seed})`;
      const child = next;
      await child.firstLine;
      await child.go();
      const t0 = performance.now();
      while (performance.now() - t0 < at) await new Promise((r) => setImmediate(r));
      child.kill();
      const exit = await child.exited;
      const more = i + 1 < KILLS && (i + 1 < MIN_KILLS || performance.now() - started < SWEEP_BUDGET_MS);
      if (more) next = startChild(cmd);
      const [entry] = await journal.history();
      const state =
        exit.signal === 'SIGKILL' ? (entry && !entry.undoneAt ? entry.state : 'not begun') : 'finished';
      landed.set(state, (landed.get(state) ?? 0) + 1);
      await undoAllAndCheck(label);
      // A loaded machine runs the fix slower than the probe did: while no kill has got past
      // the start of the fix, stretch the rest of the sweep (up to 8×) so it still covers it.
      if (i >= 3 && landed.get('not begun') === i + 1 && span < 8 * (done.elapsedMs as number)) span *= 2;
      if (!more) break;
    }
    // The sweep really spread over the fix: some kills landed inside it, after its start.
    expect(landed.get('applying') ?? 0, JSON.stringify([...landed])).toBeGreaterThan(0);
    // The next fix clears whatever the killed ones left half-made (temp folders, lock files).
    const after = await journal.begin({
      title: 'after',
      findingCode: 'helper-not-configured',
      fixId: 'x',
      steps: [],
    });
    await after.finish('applied');
    expect((await readdir(dir)).filter((n) => n.startsWith('.'))).toEqual([]);
  }, 60_000);

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
