import path from 'node:path';
import { readFileIfExists, writeFileAtomic } from './atomic-file';
import { samePath, sha256, writeEntryFile, type Entry, type FileRecord } from './journal-entry';
import type { HeldLock } from './journal-lock';

// One fix being applied: every change to the entry is saved (atomically) before the caller
// goes on, so a crash at any moment leaves an entry that undo can work from.

export interface JournalTransaction {
  id: string;
  /** Call BEFORE changing the file: copies its bytes and mode (or records that it did not exist) — durably (fsync) before returning. Idempotent per path. */
  backupFile(path: string): Promise<void>;
  stepStarted(index: number): Promise<void>;
  stepDone(index: number): Promise<void>;
  /** `message` is stored as given: the caller must not pass a secret. */
  stepFailed(index: number, message: string): Promise<void>;
  /** Records the outcome and releases the journal lock. */
  finish(state: 'applied' | 'failed'): Promise<void>;
}

export class Transaction implements JournalTransaction {
  readonly id: string;
  private queue: Promise<unknown> = Promise.resolve();
  private finished = false;

  constructor(
    private readonly entryDir: string,
    private readonly entry: Entry,
    private readonly lock: HeldLock,
    private readonly now: () => Date,
  ) {
    this.id = entry.id;
  }

  /** One change at a time, even if the caller fires several without awaiting. */
  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(() => {
      if (this.finished) throw new Error(`Journal entry ${this.id} is already finished.`);
      return fn();
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async save(): Promise<void> {
    await writeEntryFile(this.entryDir, this.entry);
    await this.lock.touch();
  }

  private step(index: number) {
    const s = this.entry.steps[index];
    if (!s) throw new Error(`Journal entry ${this.id} has no step ${index}.`);
    return s;
  }

  backupFile(file: string): Promise<void> {
    return this.serial(async () => {
      const abs = path.resolve(file);
      if (this.entry.files.some((f) => samePath(f.path, abs))) return;
      const current = await readFileIfExists(abs);
      const n = this.entry.files.length;
      if (current) {
        const backup = `files/${n}`;
        await writeFileAtomic(path.join(this.entryDir, backup), current.data, { mode: 0o600 });
        this.entry.files.push({
          path: abs,
          existed: true,
          mode: current.mode,
          backup,
          size: current.data.length,
          sha256: sha256(current.data),
        });
      } else {
        this.entry.files.push({ path: abs, existed: false });
      }
      await this.save();
    });
  }

  stepStarted(index: number): Promise<void> {
    return this.serial(async () => {
      this.step(index).started = true;
      await this.save();
    });
  }

  stepDone(index: number): Promise<void> {
    return this.serial(async () => {
      const s = this.step(index);
      s.started = true;
      s.state = 'done';
      delete s.message;
      await this.save();
    });
  }

  stepFailed(index: number, message: string): Promise<void> {
    return this.serial(async () => {
      const s = this.step(index);
      s.started = true;
      s.state = 'failed';
      s.message = message;
      await this.save();
    });
  }

  /** Keeps each file as the fix leaves it, so undo can tell later changes from the fix's own. */
  private async recordAfter(): Promise<void> {
    for (const [n, record] of this.entry.files.entries()) {
      // Unreadable now: undo then treats the entry like one from before this record existed.
      const now = await readFileIfExists(record.path).catch(() => undefined);
      if (now === undefined) continue;
      if (!now) {
        record.after = { existed: false };
        continue;
      }
      const after: NonNullable<FileRecord['after']> = { existed: true, sha256: sha256(now.data) };
      const backup = `files/${n}.after`;
      try {
        await writeFileAtomic(path.join(this.entryDir, backup), now.data, { mode: 0o600 });
        after.backup = backup;
      } catch {
        // Without the copy (a full disk) undo still knows whether the file changed since the
        // fix, and then refuses instead of guessing.
      }
      record.after = after;
    }
  }

  finish(state: 'applied' | 'failed'): Promise<void> {
    return this.serial(async () => {
      this.finished = true;
      try {
        await this.recordAfter();
        this.entry.state = state;
        this.entry.outcome = state;
        this.entry.finishedAt = this.now().toISOString();
        await writeEntryFile(this.entryDir, this.entry);
      } finally {
        await this.lock.release();
      }
    });
  }
}
