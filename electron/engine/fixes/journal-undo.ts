import { unlink } from 'node:fs/promises';
import path from 'node:path';
import { describeFsError, fsyncDir, readFileIfExists, writeFileAtomic } from './atomic-file';
import {
  ID_PATTERN,
  isUndone,
  pathKey,
  RUN_ID_PATTERN,
  runIdOf,
  samePath,
  sha256,
  writeEntryFile,
  type Entry,
  type FileRecord,
  type Loaded,
} from './journal-entry';
import { readRegularFile } from '../safe-read';
import { reverseOwnChanges, type GitRun } from './journal-reverse';

// Undo of one entry or of a whole fix run. Everything is checked and planned first (newest
// entry first, each seeing the files as the newer ones will have left them), so a refusal
// changes nothing; then each entry's files are put back and the entry marked, one entry at a
// time, so an undo that stops half-way can simply be run again.
//
// Undo reverts the fix's own change only. A file exactly as the fix left it gets its bytes
// back; a file changed since (by the user, or a later fix) keeps those changes and only the
// fix's own settings are put back (journal-reverse.ts) — or, when that cannot be done
// safely, nothing changes and the refusal says why. Never silent loss.

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
  /** Files changed again after the fix: only the fix's own settings were put back, later changes kept. */
  reverted: string[];
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
  /** Files changed again after the fix: only its own settings were put back, later changes kept. */
  reverted: string[];
  unchanged: string[];
  /** Newest first: the order they were undone in. */
  entries: UndoEntryResult[];
}

export interface UndoTarget {
  id: string;
  runId: string;
  /** Newest first. */
  entries: Entry[];
  /** The other entries not yet undone: a newer one may have changed the same files. */
  others: Entry[];
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
  const others = loaded.flatMap((l) =>
    'entry' in l && !isUndone(l.entry.state) && !open.includes(l.entry) ? [l.entry] : [],
  );
  return { id, runId: runIdOf({ id: open[0]!.id, entry: open[0]! }), entries: open, others };
}

interface FileState {
  data: Buffer;
  mode: number;
}

interface FilePlan {
  record: FileRecord;
  action: 'restore' | 'revert' | 'remove' | 'unchanged';
  data?: Buffer;
  mode?: number;
}

interface PlanContext {
  dir: string;
  git: GitRun | undefined;
  files: PlannedFiles;
  /** Entries not being undone and not undone yet. */
  others: Entry[];
}

interface EntryPlan {
  entry: Entry;
  files: FilePlan[];
  notUndoable: string[];
}

/** The files as they are on disk, or as the entries planned so far will leave them. */
class PlannedFiles {
  private readonly planned = new Map<string, FileState | null>();

  async current(p: string): Promise<FileState | null> {
    const k = pathKey(p);
    if (this.planned.has(k)) return this.planned.get(k) ?? null;
    return readFileIfExists(p);
  }

  set(p: string, state: FileState | null): void {
    this.planned.set(pathKey(p), state);
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
    data = await readRegularFile(path.join(entryDir, record.backup));
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

async function readAfter(entryDir: string, entry: Entry, record: FileRecord): Promise<Buffer | null> {
  const after = record.after;
  if (!after?.existed) return null;
  const data = after.backup
    ? await readRegularFile(path.join(entryDir, after.backup)).catch(() => null)
    : null;
  if (!data || sha256(data) !== after.sha256)
    throw refusal(record.path, entry, 'the copy of the file as the fix left it is missing or damaged');
  return data;
}

function refusal(file: string, entry: Entry, reason: string, backup?: string): UndoRefused {
  return new UndoRefused(
    `Nothing was changed: ${file} was changed after fix ${entry.id} ("${entry.title}") and ${reason}; putting the whole file back would lose those changes.${backup ? ` The file as it was before the fix is ${backup}.` : ''}`,
  );
}

async function planFile(c: PlanContext, entry: Entry, record: FileRecord): Promise<FilePlan> {
  const entryDir = path.join(c.dir, entry.id);
  const current = await c.files.current(record.path);
  const before = record.existed ? await readBackup(entryDir, entry, record) : null;
  const mode = before ? (record.mode ?? current?.mode ?? 0o644) : 0;
  const put = (action: FilePlan['action'], data?: Buffer, m = mode): FilePlan => {
    c.files.set(record.path, data ? { data, mode: m } : null);
    return { record, action, ...(data ? { data, mode: m } : {}) };
  };
  const asBefore = before === null ? current === null : current?.data.equals(before) && current.mode === mode;
  if (asBefore) return put('unchanged', before ?? undefined);

  const after = record.after;
  if (!after) {
    // It never finished (or an older version wrote it): what the fix left is unknown, so the
    // bytes go back — unless a later fix, still applied, changed the same file since.
    const later = c.others.filter(
      (o) => o.id > entry.id && o.files.some((f) => samePath(f.path, record.path)),
    );
    if (later.length > 0)
      throw new UndoRefused(
        `Nothing was changed: ${record.path} was changed again by a later fix that is still applied (${later.map((o) => o.id).join(', ')}); undo that one first.`,
      );
    return before ? put('restore', before) : put('remove');
  }
  const asLeft = after.existed ? current !== null && sha256(current.data) === after.sha256 : current === null;
  if (asLeft) return before ? put('restore', before) : put('remove');

  const backup = record.backup ? path.join(entryDir, record.backup) : undefined;
  if (current === null) throw refusal(record.path, entry, 'has been deleted since', backup);
  const reversal = await reverseOwnChanges({
    git: c.git,
    scratchDir: entryDir,
    file: record.path,
    before,
    after: await readAfter(entryDir, entry, record),
    current: current.data,
  });
  if (!reversal.ok) throw refusal(record.path, entry, reversal.reason, backup);
  // A file the fix created and nothing else has written to since goes away again.
  if (!before && reversal.data.toString('utf8').trim() === '') return put('remove');
  return put('revert', reversal.data, current.mode);
}

function notUndoableSteps(entry: Entry): string[] {
  return entry.steps
    .filter((s) => !s.reversible && (s.started || s.state !== 'pending'))
    .map((s) => s.description);
}

async function planUndo(dir: string, target: UndoTarget, git: GitRun | undefined): Promise<EntryPlan[]> {
  const c: PlanContext = { dir, git, files: new PlannedFiles(), others: target.others };
  const plans: EntryPlan[] = [];
  for (const entry of target.entries) {
    const planned: FilePlan[] = [];
    for (const record of entry.files) planned.push(await planFile(c, entry, record));
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
    reverted: [],
    unchanged: [],
    notUndoable: plan.notUndoable,
  };
  for (const { record, action, data, mode } of plan.files) {
    try {
      if ((action === 'restore' || action === 'revert') && data) {
        await writeFileAtomic(record.path, data, mode !== undefined ? { mode } : {});
        result[action === 'restore' ? 'restored' : 'reverted'].push(record.path);
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
      const done = [...result.restored, ...result.reverted, ...result.removed];
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
export async function undoTarget(
  dir: string,
  target: UndoTarget,
  options: { now: () => Date; git: GitRun | undefined },
): Promise<UndoResult> {
  const plans = await planUndo(dir, target, options.git);
  const entries: UndoEntryResult[] = [];
  for (const plan of plans) entries.push(await commitEntry(dir, plan, options.now));
  const all = (k: 'restored' | 'removed' | 'reverted' | 'unchanged' | 'notUndoable') =>
    entries.flatMap((e) => e[k]);
  const changed = new Set([...all('restored'), ...all('removed'), ...all('reverted')]);
  return {
    id: target.id,
    runId: target.runId,
    restored: [...new Set(all('restored'))],
    removed: [...new Set(all('removed'))],
    reverted: [...new Set(all('reverted'))],
    notUndoable: all('notUndoable'),
    unchanged: [...new Set(all('unchanged'))].filter((f) => !changed.has(f)),
    entries,
  };
}
