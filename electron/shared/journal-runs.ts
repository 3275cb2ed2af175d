import type { JournalEntrySummary, JournalState } from '../engine/fixes/journal-entry';

// Fix runs from the history's entries: pure (engine types only), so the CLI, main and the
// renderer group and judge runs the same way. A run is one `fix` command or one Apply in the app.

export interface JournalRunSummary {
  /** `run-<id of its first entry>`; `undo <run id>` undoes the whole run. */
  id: string;
  /** When its first entry began (ISO, UTC). */
  startedAt: string;
  /**
   * 'applying' while an entry is unfinished (or its process died); 'undone' / 'partially-undone'
   * once undone (partially: some steps could not be put back, or only part of the run was
   * undone); 'failed' when every fix failed; else 'applied'. A fix that failed and was rolled
   * back does not make the run "undone".
   */
  state: JournalState;
  /** Oldest first: the order the fixes were applied in. */
  entryIds: string[];
  /** Undo would put something back: an entry not yet undone that changed a file. */
  canUndo: boolean;
}

export function isUndoneState(state: JournalState): boolean {
  return state === 'undone' || state === 'partially-undone';
}

const rolledBack = (e: JournalEntrySummary) => e.outcome === 'failed' && isUndoneState(e.state);

function runState(entries: JournalEntrySummary[]): JournalState {
  if (entries.some((e) => e.state === 'applying')) return 'applying';
  const counted = entries.filter((e) => !rolledBack(e));
  if (counted.length === 0 || counted.every((e) => e.state === 'failed')) return 'failed';
  const undone = counted.filter((e) => isUndoneState(e.state));
  if (undone.length === 0) return 'applied';
  return undone.length === counted.length && undone.every((e) => e.state === 'undone')
    ? 'undone'
    : 'partially-undone';
}

/** Runs newest first, whatever order the entries come in. */
export function groupRuns(entries: readonly JournalEntrySummary[]): JournalRunSummary[] {
  const byRun = new Map<string, JournalEntrySummary[]>();
  for (const e of [...entries].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    const list = byRun.get(e.runId) ?? [];
    list.push(e);
    byRun.set(e.runId, list);
  }
  const runs = [...byRun.entries()].map(([id, list]) => ({
    id,
    startedAt: (list[0] as JournalEntrySummary).createdAt,
    state: runState(list),
    entryIds: list.map((e) => e.id),
    canUndo: list.some((e) => e.note === undefined && !isUndoneState(e.state) && e.files.length > 0),
    newest: (list[list.length - 1] as JournalEntrySummary).id,
  }));
  return runs
    .sort((a, b) => (a.newest < b.newest ? 1 : a.newest > b.newest ? -1 : 0))
    .map(({ newest: _newest, ...run }) => run);
}
