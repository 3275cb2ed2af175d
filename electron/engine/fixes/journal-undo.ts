import { readFile, unlink } from 'node:fs/promises';
import path from 'node:path';
import { describeFsError, fsyncDir, readFileIfExists, writeFileAtomic } from './atomic-file';
import {
  ID_PATTERN,
  isUndone,
  RUN_ID_PATTERN,
  runIdOf,
  sha256,
  writeEntryFile,
  type Entry,
  type FileRecord,
  type Loaded,
} from './journal-entry';

// Undo of one entry or of a whole fix run. Everything is checked and planned first (newest
// entry first, each seeing the files as the newer ones will have left them), so a refusal
// changes nothing; then each entry's files are put back and the entry marked, one entry at a
// time, so an undo that stops half-way can simply be run again.

/** Undo changed nothing, on purpose: there was nothing it could or should do. The message says why. */
export class UndoRefused extends Error {
  constructor(
    message: string,
    /** Steps that ran and cannot be reverted (a deleted password), when that is the reason. */
    readonly notUndoable: string[] = [],
  ) {
    super(message);
  }
}

export interface UndoEntryResult {
  id: string;
  title: string;
  /** Files put back byte for byte. */
  restored: string[];
  /** Files the fix created, removed again. */
  removed: string[];
  /** Files already exactly as before the fix: nothing to put back. */
  unchanged: string[];
  /** Steps that ran but cannot be reverted (a deleted credential). */
  notUndoable: string[];
}

export interface UndoResult {
  /** What was undone: the entry (`undo ID`) or the run (`undo --last`, `undo RUN-ID`). */
  id: string;
  /** The run the entries belong to. */
  runId: string;
  restored: string[];
  removed: string[];
  /** Descriptions of steps that ran but cannot be reverted (a deleted credential). */
  notUndoable: string[];
  unchanged: string[];
  /** Newest first: the order they were undone in. */
  entries: UndoEntryResult[];
}

export interface UndoTarget {
  id: string;
  runId: string;
  /** Newest first. */
  entries: Entry[];
}

/**
 * What `undo <target>` works on: 'last' is the newest run with an entry not yet undone; a run
 * id is that run; an entry id is that entry alone. `loaded` is newest first.
 */
export function selectUndoTarget(loaded: Loaded[], target: string, dir: string): UndoTarget {
  let selected: Loaded[];
  let id = target;
  if (target === 'last') {
    const open = loaded.find((l) => !('entry' in l) || !isUndone(l.entry.state));
    if (!open) throw new UndoRefused('Nothing to undo: every fix in the journal has already been undone.');
    id = runIdOf(open);
    selected = loaded.filter((l) => runIdOf(l) === id);
  } else if (RUN_ID_PATTERN.test(target)) {
    selected = loaded.filter((l) => runIdOf(l) === target);
    if (selected.length === 0) throw new Error(`There is no fix run ${target}.`);
  } else if (ID_PATTERN.test(target)) {
    selected = loaded.filter((l) => l.id === target);
    if (selected.length === 0) throw new Error(`There is no journal entry ${target}.`);
  } else {
    throw new Error(`"${target}" is not a journal entry id (like 20261122T184501Z-ab12).`);
  }
  const entries: Entry[] = [];
  for (const l of selected) {
    if ('error' in l) {
      // Undoing an older fix while a newer, unknown change stays in place would be a guess;
      // say so and let the user pick an older entry by id.
      throw new Error(
        `Journal entry ${l.id} is damaged and cannot be undone (${l.error}). Undo an older entry by its id, or remove ${path.join(dir, l.id)}.`,
      );
    }
    entries.push(l.entry);
  }
  const open = entries.filter((e) => !isUndone(e.state));
  if (open.length === 0) {
    const only = entries.length === 1 ? entries[0] : undefined;
    throw new UndoRefused(
      only
        ? `Journal entry ${only.id} ("${only.title}") was already undone${only.undoneAt ? ` at ${only.undoneAt}` : ''}.`
        : `Fix run ${id} was already undone.`,
    );
  }
  return { id, runId: runIdOf({ id: open[0]!.id, entry: open[0]! }), entries: open };
}

interface FileState {
  data: Buffer;
  mode: number;
}

interface FilePlan {
  record: FileRecord;
  action: 'restore' | 'remove' | 'unchanged';
  data?: Buffer;
}

interface EntryPlan {
  entry: Entry;
  files: FilePlan[];
  notUndoable: string[];
}

/** The files as they are on disk, or as the entries planned so far will leave them. */
class PlannedFiles {
  private readonly planned = new Map<string, FileState | null>();

  private key(p: string): string {
    // NTFS and APFS (default) are case-insensitive: C:\Users\x\.gitconfig is c:\users\x\.gitconfig.
    return process.platform === 'win32' || process.platform === 'darwin' ? p.toLowerCase() : p;
  }

  async current(p: string): Promise<FileState | null> {
    const k = this.key(p);
    if (this.planned.has(k)) return this.planned.get(k) ?? null;
    return readFileIfExists(p);
  }

  set(p: string, state: FileState | null): void {
    this.planned.set(this.key(p), state);
  }
}

async function readBackup(entryDir: string, entry: Entry, record: FileRecord): Promise<Buffer> {
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
  return data;
}

async function planFile(
  entryDir: string,
  entry: Entry,
  record: FileRecord,
  files: PlannedFiles,
): Promise<FilePlan> {
  const current = await files.current(record.path);
  if (!record.existed) {
    files.set(record.path, null);
    return { record, action: current === null ? 'unchanged' : 'remove' };
  }
  const data = await readBackup(entryDir, entry, record);
  const mode = record.mode ?? current?.mode ?? 0o644;
  files.set(record.path, { data, mode });
  const same = current !== null && current.data.equals(data) && current.mode === mode;
  return same ? { record, action: 'unchanged' } : { record, action: 'restore', data };
}

function notUndoableSteps(entry: Entry): string[] {
  return entry.steps
    .filter((s) => !s.reversible && (s.started || s.state !== 'pending'))
    .map((s) => s.description);
}

async function planUndo(dir: string, target: UndoTarget): Promise<EntryPlan[]> {
  const files = new PlannedFiles();
  const plans: EntryPlan[] = [];
  for (const entry of target.entries) {
    const planned: FilePlan[] = [];
    for (const record of entry.files)
      planned.push(await planFile(path.join(dir, entry.id), entry, record, files));
    plans.push({ entry, files: planned, notUndoable: notUndoableSteps(entry) });
  }
  if (plans.every((p) => p.files.length === 0)) {
    const notUndoable = plans.flatMap((p) => p.notUndoable);
    if (notUndoable.length > 0) {
      const what = target.entries.length === 1 ? `fix ${target.id}` : `fix run ${target.id}`;
      throw new UndoRefused(
        `Nothing was changed: ${what} made no change that can be put back (cannot be put back: ${notUndoable.join('; ')}).`,
        notUndoable,
      );
    }
  }
  return plans;
}

async function commitEntry(dir: string, plan: EntryPlan, now: () => Date): Promise<UndoEntryResult> {
  const { entry } = plan;
  const result: UndoEntryResult = {
    id: entry.id,
    title: entry.title,
    restored: [],
    removed: [],
    unchanged: [],
    notUndoable: plan.notUndoable,
  };
  for (const { record, action, data } of plan.files) {
    try {
      if (action === 'restore' && data) {
        await writeFileAtomic(record.path, data, record.mode !== undefined ? { mode: record.mode } : {});
        result.restored.push(record.path);
      } else if (action === 'remove' && (await readFileIfExists(record.path)) !== null) {
        await unlink(record.path);
        await fsyncDir(path.dirname(record.path));
        result.removed.push(record.path);
      } else {
        result.unchanged.push(record.path);
      }
    } catch (e) {
      // The entry keeps its state, so running undo again retries (restoring is idempotent).
      const reason = e instanceof Error && e.message.startsWith('Could not') ? e.message : describeFsError(e);
      const done = [...result.restored, ...result.removed];
      throw new Error(
        `Undo of ${entry.id} stopped at ${record.path}: ${reason}.${done.length ? ` Already put back: ${done.join(', ')}.` : ''} Fix the cause and run undo again.`,
      );
    }
  }
  entry.state = plan.notUndoable.length ? 'partially-undone' : 'undone';
  entry.undoneAt = now().toISOString();
  await writeEntryFile(path.join(dir, entry.id), entry);
  return result;
}

/** Call with the journal lock held. */
export async function undoTarget(dir: string, target: UndoTarget, now: () => Date): Promise<UndoResult> {
  const plans = await planUndo(dir, target);
  const entries: UndoEntryResult[] = [];
  for (const plan of plans) entries.push(await commitEntry(dir, plan, now));
  const all = (k: 'restored' | 'removed' | 'unchanged' | 'notUndoable') => entries.flatMap((e) => e[k]);
  return {
    id: target.id,
    runId: target.runId,
    restored: [...new Set(all('restored'))],
    removed: [...new Set(all('removed'))],
    notUndoable: all('notUndoable'),
    unchanged: [...new Set(all('unchanged'))].filter(
      (f) => !all('restored').includes(f) && !all('removed').includes(f),
    ),
    entries,
  };
}
