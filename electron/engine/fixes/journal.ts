import { mkdir, readdir, readFile, rename, rm, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { EngineContext } from '../context';
import type { FindingCode } from '../model';
import { appDataDir } from './app-data';
import { describeFsError, fsyncDir, readFileIfExists, writeFileAtomic } from './atomic-file';
import {
  exists,
  ID_PATTERN,
  isUndone,
  loadEntry,
  nextId,
  sha256,
  sortNewestFirst,
  summarize,
  writeEntryFile,
  type Entry,
  type FileRecord,
  type JournalEntrySummary,
  type Loaded,
} from './journal-entry';
import { acquireLock, DEFAULT_LOCK_TIMEOUT_MS, DEFAULT_STALE_LOCK_MS } from './journal-lock';
import { Transaction, type JournalTransaction } from './journal-transaction';

export type { JournalEntrySummary, JournalState, JournalStepState } from './journal-entry';
export { BUSY_MESSAGE } from './journal-lock';
export type { JournalTransaction } from './journal-transaction';

// The undo journal. Every fix backs up each file before changing it, so undo can put the
// exact bytes and mode back, even after a crash between two steps. Layout:
//   <dir>/.lock                   one writer at a time (begin…finish, undo)
//   <dir>/<id>/entry.json         rewritten atomically on every state change
//   <dir>/<id>/files/<n>          the bytes of backed-up file n (path/mode/existed in entry.json)
// Backups can hold secrets (~/.git-credentials): everything is created 0700/0600.

export interface UndoResult {
  id: string;
  restored: string[];
  removed: string[];
  /** Descriptions of steps that ran but cannot be reverted (a deleted credential). */
  notUndoable: string[];
}

export interface JournalOptions {
  /** Clock for ids and timestamps (ctx.now). Lock staleness always uses the real clock. */
  now?: () => Date;
  /** How long a second writer waits for the lock before giving up. */
  lockTimeoutMs?: number;
  /** A lock older than this is taken over even if its process seems alive (pid reuse). */
  staleLockMs?: number;
}

export class Journal {
  private readonly now: () => Date;
  private readonly lockTimeoutMs: number;
  private readonly staleLockMs: number;

  constructor(
    readonly dir: string,
    options: JournalOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.lockTimeoutMs = options.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS;
    this.staleLockMs = options.staleLockMs ?? DEFAULT_STALE_LOCK_MS;
  }

  static forContext(ctx: EngineContext, options: Omit<JournalOptions, 'now'> = {}): Journal {
    return new Journal(path.join(appDataDir(ctx), 'journal'), { ...options, now: ctx.now });
  }

  async begin(meta: {
    title: string;
    findingCode: FindingCode;
    fixId: string;
    steps: { description: string; reversible: boolean }[];
  }): Promise<JournalTransaction> {
    await this.ensureDir();
    const lock = await acquireLock(this.dir, `apply ${meta.fixId}`, this.lockTimeoutMs, this.staleLockMs);
    try {
      await this.removeAbandoned();
      const newest = (await this.entryIds()).sort().pop();
      const now = this.now();
      const id = nextId(now, newest);

      const entry: Entry = {
        version: 1,
        id,
        createdAt: now.toISOString(),
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
      throw e instanceof Error && e.message.startsWith('Could not')
        ? e
        : new Error(`Could not start a journal entry in ${this.dir}: ${describeFsError(e)}`);
    }
  }

  /** Newest first. A damaged entry is listed as 'failed' with a note instead of failing the whole list. */
  async history(): Promise<JournalEntrySummary[]> {
    const loaded = await this.loadAll();
    return sortNewestFirst(loaded).map(summarize);
  }

  async undo(idOrLast: string | 'last'): Promise<UndoResult> {
    await this.ensureDir();
    const lock = await acquireLock(this.dir, `undo ${idOrLast}`, this.lockTimeoutMs, this.staleLockMs);
    try {
      return await this.undoLocked(idOrLast);
    } finally {
      await lock.release();
    }
  }

  private async undoLocked(idOrLast: string): Promise<UndoResult> {
    let target: Loaded;
    if (idOrLast === 'last') {
      const candidate = sortNewestFirst(await this.loadAll()).find(
        (l) => !('entry' in l) || !isUndone(l.entry.state),
      );
      if (!candidate) throw new Error('Nothing to undo: every fix in the journal has already been undone.');
      target = candidate;
    } else {
      if (!ID_PATTERN.test(idOrLast))
        throw new Error(`"${idOrLast}" is not a journal entry id (like 20261122T184501Z-ab12).`);
      if (!(await exists(path.join(this.dir, idOrLast))))
        throw new Error(`There is no journal entry ${idOrLast}.`);
      target = await this.load(idOrLast);
    }
    if ('error' in target) {
      // Undoing an older fix while a newer, unknown change stays in place would be a guess;
      // say so and let the user pick an older entry by id.
      throw new Error(
        `Journal entry ${target.id} is damaged and cannot be undone (${target.error}). Undo an older entry by its id, or remove ${path.join(this.dir, target.id)}.`,
      );
    }
    const entry = target.entry;
    const entryDir = path.join(this.dir, entry.id);
    if (isUndone(entry.state)) {
      throw new Error(
        `Journal entry ${entry.id} ("${entry.title}") was already undone${entry.undoneAt ? ` at ${entry.undoneAt}` : ''}.`,
      );
    }

    // Check every backup before touching anything: a half-applied undo is worse than none.
    const plan: { record: FileRecord; data?: Buffer }[] = [];
    for (const record of entry.files) {
      if (!record.existed) {
        plan.push({ record });
        continue;
      }
      if (!record.backup || record.sha256 === undefined) {
        throw new Error(
          `Journal entry ${entry.id} has no backup recorded for ${record.path}; nothing was changed.`,
        );
      }
      let data: Buffer;
      try {
        data = await readFile(path.join(entryDir, record.backup));
      } catch (e) {
        throw new Error(
          `The backup of ${record.path} in journal entry ${entry.id} cannot be read (${describeFsError(e)}); nothing was changed.`,
        );
      }
      if (sha256(data) !== record.sha256) {
        throw new Error(
          `The backup of ${record.path} in journal entry ${entry.id} is damaged (its checksum does not match); nothing was changed.`,
        );
      }
      plan.push({ record, data });
    }

    const restored: string[] = [];
    const removed: string[] = [];
    for (const { record, data } of plan) {
      try {
        if (data) {
          await writeFileAtomic(record.path, data, record.mode !== undefined ? { mode: record.mode } : {});
          restored.push(record.path);
        } else if ((await readFileIfExists(record.path)) !== null) {
          await unlink(record.path);
          await fsyncDir(path.dirname(record.path));
          removed.push(record.path);
        }
      } catch (e) {
        // The entry keeps its state, so running undo again retries (restoring is idempotent).
        const reason =
          e instanceof Error && e.message.startsWith('Could not') ? e.message : describeFsError(e);
        const done = [...restored, ...removed];
        throw new Error(
          `Undo of ${entry.id} stopped at ${record.path}: ${reason}.${done.length ? ` Already put back: ${done.join(', ')}.` : ''} Fix the cause and run undo again.`,
        );
      }
    }

    const notUndoable = entry.steps
      .filter((s) => !s.reversible && (s.started || s.state !== 'pending'))
      .map((s) => s.description);
    entry.state = notUndoable.length ? 'partially-undone' : 'undone';
    entry.undoneAt = this.now().toISOString();
    await writeEntryFile(entryDir, entry);
    return { id: entry.id, restored, removed, notUndoable };
  }

  private async ensureDir(): Promise<void> {
    try {
      await mkdir(this.dir, { recursive: true, mode: 0o700 });
    } catch (e) {
      throw new Error(`Could not create the fix journal folder ${this.dir}: ${describeFsError(e)}`);
    }
  }

  /** A `.tmp-<id>` folder is a begin() that died before its rename; only a lock holder makes one. */
  private async removeAbandoned(): Promise<void> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    for (const n of names) {
      if (n.startsWith('.tmp-'))
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
