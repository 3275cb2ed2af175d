import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { EngineContext } from '../context';
import type { FindingCode } from '../model';
import { appDataDir } from './app-data';
import { describeFsError, fsyncDir } from './atomic-file';
import {
  ID_PATTERN,
  loadEntry,
  nextId,
  sortNewestFirst,
  summarize,
  writeEntryFile,
  type Entry,
  type JournalEntrySummary,
  type Loaded,
} from './journal-entry';
import {
  acquireLock,
  DEFAULT_LOCK_TIMEOUT_MS,
  DEFAULT_STALE_LOCK_MS,
  isAbandonedLockFile,
} from './journal-lock';
import { Transaction, type JournalTransaction } from './journal-transaction';
import type { GitRun } from './journal-reverse';
import { selectUndoTarget, undoTarget, type UndoResult } from './journal-undo';

export type { JournalEntrySummary, JournalState, JournalStepState } from './journal-entry';
export { BUSY_MESSAGE } from './journal-lock';
export { groupRuns, type JournalRunSummary } from '../../shared/journal-runs';
export type { JournalTransaction } from './journal-transaction';
export { UndoRefused, type UndoEntryResult, type UndoResult } from './journal-undo';

// The undo journal. Every fix backs up each file before changing it, so undo can put the
// exact bytes and mode back, even after a crash between two steps. Layout:
//   <dir>/.lock                   one writer at a time (begin…finish, undo)
//   <dir>/<id>/entry.json         rewritten atomically on every state change
//   <dir>/<id>/files/<n>          the bytes of backed-up file n (path/mode/existed in entry.json)
// Backups can hold secrets (~/.git-credentials): everything is created 0700/0600.
// Entries begun through one `startRun()` journal share a run id: `undo --last` undoes the
// whole newest run (one `fix` command, one Apply in the app), undo of one id just that entry.

export interface JournalOptions {
  /** Clock for ids and timestamps (ctx.now). Lock staleness always uses the real clock. */
  now?: () => Date;
  /** How long a second writer waits for the lock before giving up. */
  lockTimeoutMs?: number;
  /** A lock older than this is taken over even if its process seems alive (pid reuse). */
  staleLockMs?: number;
  /**
   * Runs git (the engine's runner). Undo uses it to put back only a fix's own settings in a
   * file changed since the fix; without it, such an undo is refused.
   */
  git?: GitRun;
}

/** `begin` found, under the lock, that the fix is no longer needed. */
export class NotNeeded extends Error {}

export class Journal {
  private readonly now: () => Date;
  private readonly lockTimeoutMs: number;
  private readonly staleLockMs: number;
  /** Set on a journal made by startRun(): its entries join one run, named after the first. */
  private run?: { id?: string };

  constructor(
    readonly dir: string,
    private readonly options: JournalOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.lockTimeoutMs = options.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS;
    this.staleLockMs = options.staleLockMs ?? DEFAULT_STALE_LOCK_MS;
  }

  /** The same journal, for one fix run: every entry begun through it shares one run id. */
  startRun(): Journal {
    const j = new Journal(this.dir, this.options);
    j.run = {};
    return j;
  }

  /** The run's id once its first entry has begun (only for a journal from startRun()). */
  get runId(): string | undefined {
    return this.run?.id;
  }

  static forContext(ctx: EngineContext, options: Omit<JournalOptions, 'now' | 'git'> = {}): Journal {
    return new Journal(path.join(appDataDir(ctx), 'journal'), {
      ...options,
      now: ctx.now,
      git: (args) => ctx.runner('git', args, { env: ctx.env, timeoutMs: ctx.timeoutMs }),
    });
  }

  async begin(meta: {
    title: string;
    findingCode: FindingCode;
    fixId: string;
    steps: { description: string; reversible: boolean }[];
    /**
     * Asked under the lock before the entry exists: a reason means the fix is no longer
     * needed, and `begin` throws NotNeeded with it (nothing journaled, nothing changed).
     */
    stillNeeded?: () => Promise<string | null>;
  }): Promise<JournalTransaction> {
    await this.ensureDir();
    const lock = await acquireLock(this.dir, `apply ${meta.fixId}`, this.lockTimeoutMs, this.staleLockMs);
    try {
      const notNeeded = meta.stillNeeded ? await meta.stillNeeded() : null;
      if (notNeeded !== null) throw new NotNeeded(notNeeded);
      await this.removeAbandoned();
      const newest = (await this.entryIds()).sort().pop();
      const now = this.now();
      const id = nextId(now, newest);

      const entry: Entry = {
        version: 1,
        id,
        createdAt: now.toISOString(),
        runId: this.run ? (this.run.id ??= `run-${id}`) : `run-${id}`,
        title: meta.title,
        findingCode: meta.findingCode,
        fixId: meta.fixId,
        state: 'applying',
        pid: process.pid,
        steps: meta.steps.map((s) => ({
          description: s.description,
          reversible: s.reversible,
          state: 'pending',
          started: false,
        })),
        files: [],
      };
      // Built under a dot-name and renamed into place, so an <id> folder always has a
      // complete entry.json and a crash here leaves only an ignored `.tmp-*` folder.
      const tmp = path.join(this.dir, `.tmp-${id}`);
      await mkdir(path.join(tmp, 'files'), { recursive: true, mode: 0o700 });
      await writeEntryFile(tmp, entry);
      await rename(tmp, path.join(this.dir, id));
      await fsyncDir(this.dir);
      return new Transaction(path.join(this.dir, id), entry, lock, this.now);
    } catch (e) {
      await lock.release();
      throw e instanceof NotNeeded || (e instanceof Error && e.message.startsWith('Could not'))
        ? e
        : new Error(`Could not start a journal entry in ${this.dir}: ${describeFsError(e)}`);
    }
  }

  /** Newest first. A damaged entry is listed as 'failed' with a note instead of failing the whole list. */
  async history(): Promise<JournalEntrySummary[]> {
    const loaded = await this.loadAll();
    return sortNewestFirst(loaded).map(summarize);
  }

  /**
   * `'last'`: every entry of the newest fix run not yet undone, newest first; a run id
   * (`run-…`): that run; an entry id: that entry alone. Throws UndoRefused when it changed
   * nothing on purpose (nothing left, or only changes that cannot be put back).
   */
  async undo(target: string | 'last'): Promise<UndoResult> {
    await this.ensureDir();
    const lock = await acquireLock(this.dir, `undo ${target}`, this.lockTimeoutMs, this.staleLockMs);
    try {
      const loaded = sortNewestFirst(await this.loadAll());
      return await undoTarget(this.dir, selectUndoTarget(loaded, target, this.dir), {
        now: this.now,
        git: this.options.git,
      });
    } finally {
      await lock.release();
    }
  }

  private async ensureDir(): Promise<void> {
    try {
      await mkdir(this.dir, { recursive: true, mode: 0o700 });
    } catch (e) {
      throw new Error(`Could not create the fix journal folder ${this.dir}: ${describeFsError(e)}`);
    }
  }

  /**
   * A `.tmp-<id>` folder is a begin() that died before its rename (only a lock holder makes
   * one); `.lock.new-<pid>-*` / `.lock.stale-<pid>-*` are lock files of a process that died
   * while taking or breaking the lock.
   */
  private async removeAbandoned(): Promise<void> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    for (const n of names) {
      if (n.startsWith('.tmp-') || isAbandonedLockFile(n))
        await rm(path.join(this.dir, n), { recursive: true, force: true }).catch(() => undefined);
    }
  }

  private async entryIds(): Promise<string[]> {
    try {
      return (await readdir(this.dir)).filter((n) => ID_PATTERN.test(n));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw new Error(`Could not read the fix journal folder ${this.dir}: ${describeFsError(e)}`);
    }
  }

  private async loadAll(): Promise<Loaded[]> {
    return Promise.all((await this.entryIds()).map((n) => this.load(n)));
  }

  private load(id: string): Promise<Loaded> {
    return loadEntry(this.dir, id);
  }
}
