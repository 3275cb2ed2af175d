import { createHash, randomBytes } from 'node:crypto';
import { link, mkdir, open, readdir, readFile, rename, rm, stat, unlink, utimes } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import type { EngineContext } from '../context';
import { appDataDir } from './app-data';
import { describeFsError, fsyncDir, readFileIfExists, writeFileAtomic } from './atomic-file';

// The undo journal. Every fix backs up each file before changing it, so undo can put the
// exact bytes and mode back, even after a crash between two steps. Layout:
//   <dir>/.lock                   one writer at a time (begin…finish, undo)
//   <dir>/<id>/entry.json         rewritten atomically on every state change
//   <dir>/<id>/files/<n>          the bytes of backed-up file n (path/mode/existed in entry.json)
// Backups can hold secrets (~/.git-credentials): everything is created 0700/0600.

export type JournalState = 'applying' | 'applied' | 'failed' | 'undone' | 'partially-undone';
export type JournalStepState = 'pending' | 'done' | 'failed';

export interface JournalEntrySummary {
  id: string;
  createdAt: string;
  title: string;
  findingCode: string;
  fixId: string;
  state: JournalState;
  steps: { description: string; reversible: boolean; state: JournalStepState; message?: string }[];
  files: string[];
  /** Set when the entry could not be read (then state is 'failed'). */
  note?: string;
}

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

export const BUSY_MESSAGE = 'Another CodeCommit Doctor is applying a fix';
const DEFAULT_LOCK_TIMEOUT_MS = 5_000;
const DEFAULT_STALE_LOCK_MS = 10 * 60_000;
/** A lock file still empty after this long belongs to a writer that died between create and write. */
const EMPTY_LOCK_GRACE_MS = 10_000;
const ID_PATTERN = /^\d{8}T\d{6}Z-[0-9a-f]{4}$/;

const StepSchema = z.object({
  description: z.string(),
  reversible: z.boolean(),
  state: z.enum(['pending', 'done', 'failed']),
  started: z.boolean(),
  message: z.string().optional(),
});

const FileSchema = z.object({
  path: z.string().min(1),
  existed: z.boolean(),
  mode: z.number().int().min(0).max(0o7777).optional(),
  /** Relative to the entry folder; the pattern keeps a tampered entry from pointing elsewhere. */
  backup: z
    .string()
    .regex(/^files\/\d+$/)
    .optional(),
  size: z.number().int().min(0).optional(),
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
});

const EntrySchema = z.object({
  version: z.literal(1),
  id: z.string().regex(ID_PATTERN),
  createdAt: z.string(),
  finishedAt: z.string().optional(),
  undoneAt: z.string().optional(),
  title: z.string(),
  findingCode: z.string(),
  fixId: z.string(),
  state: z.enum(['applying', 'applied', 'failed', 'undone', 'partially-undone']),
  pid: z.number().int(),
  steps: z.array(StepSchema),
  files: z.array(FileSchema),
});

type Entry = z.infer<typeof EntrySchema>;
type FileRecord = z.infer<typeof FileSchema>;

type Loaded = { id: string; entry: Entry } | { id: string; error: string };

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

const stampOf = (d: Date) =>
  d
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/[-:]/g, '');
const hex4 = (n: number) => n.toString(16).padStart(4, '0');

/**
 * `<UTC second>-<4 hex>`: the suffix starts at the millisecond and is bumped past the newest
 * existing id (ids are made under the lock), so plain string order is creation order even
 * with a frozen or backwards-stepping clock, and even for an entry whose JSON is damaged.
 */
function nextId(now: Date, newest: string | undefined): string {
  const candidate = `${stampOf(now)}-${hex4(now.getUTCMilliseconds())}`;
  if (!newest || candidate > newest) return candidate;
  const suffix = parseInt(newest.slice(17), 16);
  if (suffix < 0xffff) return `${newest.slice(0, 16)}-${hex4(suffix + 1)}`;
  return `${stampOf(new Date(Date.parse(createdAtFromId(newest)) + 1000))}-0000`;
}

/** `20261122T184501Z-ab12` → `2026-11-22T18:45:01.000Z` (for entries whose JSON is gone). */
function createdAtFromId(id: string): string {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z/.exec(id);
  return m ? `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.000Z` : '';
}

function samePath(a: string, b: string): boolean {
  // NTFS and APFS (default) are case-insensitive: C:\Users\x\.gitconfig is c:\users\x\.gitconfig.
  return process.platform === 'win32' || process.platform === 'darwin'
    ? a.toLowerCase() === b.toLowerCase()
    : a === b;
}

function isUndone(state: JournalState): boolean {
  return state === 'undone' || state === 'partially-undone';
}

function summarize(l: Loaded): JournalEntrySummary {
  if ('error' in l) {
    return {
      id: l.id,
      createdAt: createdAtFromId(l.id),
      title: '(damaged journal entry)',
      findingCode: '',
      fixId: '',
      state: 'failed',
      steps: [],
      files: [],
      note: l.error,
    };
  }
  const e = l.entry;
  return {
    id: e.id,
    createdAt: e.createdAt,
    title: e.title,
    findingCode: e.findingCode,
    fixId: e.fixId,
    state: e.state,
    steps: e.steps.map((s) => ({
      description: s.description,
      reversible: s.reversible,
      state: s.state,
      ...(s.message !== undefined ? { message: s.message } : {}),
    })),
    files: e.files.map((f) => f.path),
  };
}

// ── Lock ─────────────────────────────────────────────────────────────────────

interface LockInfo {
  pid: number;
  host: string;
  createdAt: string;
  nonce: string;
  purpose: string;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to someone else (alive).
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function parseLock(raw: string): LockInfo | null {
  try {
    const v = JSON.parse(raw) as Partial<LockInfo>;
    if (typeof v.pid === 'number' && typeof v.nonce === 'string' && typeof v.createdAt === 'string') {
      return {
        pid: v.pid,
        nonce: v.nonce,
        createdAt: v.createdAt,
        host: String(v.host ?? ''),
        purpose: String(v.purpose ?? ''),
      };
    }
  } catch {
    // fall through
  }
  return null;
}

class HeldLock {
  constructor(
    readonly file: string,
    readonly nonce: string,
  ) {}

  private async ours(): Promise<boolean> {
    const raw = await readFile(this.file, 'utf8').catch(() => '');
    return parseLock(raw)?.nonce === this.nonce;
  }

  /** Keeps a long transaction (a user thinking between steps) from looking stale by age. */
  async touch(): Promise<void> {
    if (await this.ours()) {
      const t = new Date();
      await utimes(this.file, t, t).catch(() => undefined);
    }
  }

  async release(): Promise<void> {
    // Only remove the lock if it is still ours: if it was judged stale and taken over,
    // the file now belongs to the other instance.
    if (await this.ours()) await unlink(this.file).catch(() => undefined);
  }
}

async function acquireLock(
  dir: string,
  purpose: string,
  timeoutMs: number,
  staleMs: number,
): Promise<HeldLock> {
  const file = path.join(dir, '.lock');
  const nonce = randomBytes(8).toString('hex');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const fh = await open(file, 'wx', 0o600);
      try {
        const info: LockInfo = {
          pid: process.pid,
          host: os.hostname(),
          createdAt: new Date().toISOString(),
          nonce,
          purpose,
        };
        await fh.writeFile(JSON.stringify(info));
        await fh.sync();
      } finally {
        await fh.close();
      }
      return new HeldLock(file, nonce);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new Error(`Could not lock the fix journal ${file}: ${describeFsError(e)}`);
      }
    }

    let raw: string;
    let mtimeMs: number;
    try {
      raw = await readFile(file, 'utf8');
      mtimeMs = (await stat(file)).mtimeMs;
    } catch {
      continue; // released between our open and our read: try again at once
    }
    const info = parseLock(raw);
    const now = Date.now();
    let stale: boolean;
    if (!info) {
      stale = now - mtimeMs > EMPTY_LOCK_GRACE_MS;
    } else {
      const age = now - Math.max(Date.parse(info.createdAt) || 0, mtimeMs);
      const deadOwner = info.host === os.hostname() && info.pid !== process.pid && !pidAlive(info.pid);
      stale = age > staleMs || deadOwner;
    }
    if (stale) {
      await breakStaleLock(file, raw);
      continue;
    }
    if (now >= deadline) {
      const who = info ? ` (process ${info.pid}, since ${info.createdAt})` : '';
      throw new Error(
        `${BUSY_MESSAGE}${who}. Wait for it to finish and try again; if no other copy is running, delete ${file}.`,
      );
    }
    await new Promise((r) => setTimeout(r, 40 + Math.floor(Math.random() * 40)));
  }
}

/**
 * Two instances can judge the same lock stale at once; deleting it outright would let the
 * slower one delete the lock the faster one just created. So the stale file is renamed aside
 * (only one rename of it can succeed) and checked: if what was moved is not the file judged
 * stale, it is a live lock and is put back with link(), which never overwrites.
 */
async function breakStaleLock(file: string, observed: string): Promise<void> {
  const aside = `${file}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await rename(file, aside);
  } catch {
    return;
  }
  const moved = await readFile(aside, 'utf8').catch(() => observed);
  if (moved !== observed) await link(aside, file).catch(() => undefined);
  await unlink(aside).catch(() => undefined);
}

// ── Journal ──────────────────────────────────────────────────────────────────

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
    findingCode: string;
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

  private async load(id: string): Promise<Loaded> {
    let raw: string;
    try {
      raw = await readFile(path.join(this.dir, id, 'entry.json'), 'utf8');
    } catch (e) {
      return { id, error: `entry.json cannot be read: ${describeFsError(e)}` };
    }
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      return { id, error: 'entry.json is not valid JSON' };
    }
    const parsed = EntrySchema.safeParse(json);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      return {
        id,
        error: `entry.json has an unexpected shape${first ? ` (${first.path.join('.') || 'root'}: ${first.message})` : ''}`,
      };
    }
    if (parsed.data.id !== id)
      return { id, error: `entry.json belongs to ${parsed.data.id}, not to this folder` };
    return { id, entry: parsed.data };
  }
}

function sortNewestFirst(loaded: Loaded[]): Loaded[] {
  return [...loaded].sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
}

async function exists(p: string): Promise<boolean> {
  try {
    await stat(p);
    return true;
  } catch {
    return false;
  }
}

async function writeEntryFile(entryDir: string, entry: Entry): Promise<void> {
  await writeFileAtomic(path.join(entryDir, 'entry.json'), `${JSON.stringify(entry, null, 2)}\n`, {
    mode: 0o600,
  });
}

class Transaction implements JournalTransaction {
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

  finish(state: 'applied' | 'failed'): Promise<void> {
    return this.serial(async () => {
      this.finished = true;
      try {
        this.entry.state = state;
        this.entry.finishedAt = this.now().toISOString();
        await writeEntryFile(this.entryDir, this.entry);
      } finally {
        await this.lock.release();
      }
    });
  }
}
