import {
  groupRuns,
  type JournalEntrySummary,
  type JournalRunSummary,
  type UndoRefused,
  type UndoResult,
} from '../engine/fixes/journal';

// What `history` and `undo` print. Times are this computer's local time (the journal keeps
// UTC); a step whose change was put back is shown as undone (↶), never ticked.

/**
 * `history --json`. Within schemaVersion 1 fields are only ever added: `runs`, and the
 * entries' `runId`, `outcome`, `finishedAt`, `undoneAt` and `steps[].undone` came with fix runs.
 */
export interface HistoryJson {
  schemaVersion: 1;
  /** Newest first (JournalEntrySummary in electron/engine/fixes/journal-entry.ts). */
  entries: JournalEntrySummary[];
  /** Newest first; each lists its entries oldest first (JournalRunSummary in electron/shared/journal-runs.ts). */
  runs: JournalRunSummary[];
}

export function historyJson(entries: JournalEntrySummary[]): HistoryJson {
  return { schemaVersion: 1, entries, runs: groupRuns(entries) };
}

const two = (n: number) => String(n).padStart(2, '0');

/** `2026-11-22 19:45:01` in this computer's time zone, or `?` for an unknown time. */
export function localTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '?';
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

/** `UTC+05:30` for the zone localTime() uses. */
function localZone(): string {
  const off = -new Date().getTimezoneOffset();
  const sign = off < 0 ? '-' : '+';
  return `UTC${sign}${two(Math.floor(Math.abs(off) / 60))}:${two(Math.abs(off) % 60)}`;
}

function stateWord(e: { state: JournalEntrySummary['state']; outcome?: 'applied' | 'failed' }): string {
  if (e.outcome === 'failed' && e.state === 'undone') return 'rolled back';
  switch (e.state) {
    case 'applying':
      return 'unfinished';
    case 'partially-undone':
      return 'partly undone';
    default:
      return e.state;
  }
}

function stepLine(s: JournalEntrySummary['steps'][number]): string {
  const final = s.reversible ? '' : ' (cannot be undone)';
  if (s.undone) return `↶ ${s.description} (undone)`;
  if (s.state === 'done') return `✓ ${s.description}${final}`;
  if (s.state === 'failed') return `✗ ${s.description}${final}${s.message ? ` — ${s.message}` : ''}`;
  return `· ${s.description} (not run)`;
}

const WIDTH = { when: 19, state: 13, id: 25 };

function row(when: string, state: string, id: string, what: string): string {
  return `${when.padEnd(WIDTH.when)}  ${state.padEnd(WIDTH.state)}  ${id.padEnd(WIDTH.id)}  ${what}`.trimEnd();
}

export function renderHistory(entries: JournalEntrySummary[]): string {
  if (entries.length === 0) return 'No fixes have been applied on this computer.\n';
  const byId = new Map(entries.map((e) => [e.id, e]));
  const lines = [
    `Fix runs on this computer, newest first (times are local, ${localZone()}).`,
    'Undo the newest run: codecommit-doctor undo --last · a run or one fix: codecommit-doctor undo ID',
    '',
    row('WHEN', 'STATE', 'ID', 'WHAT'),
  ];
  for (const run of groupRuns(entries)) {
    const n = run.entryIds.length;
    lines.push(
      row(localTime(run.startedAt), stateWord(run), run.id, `fix run: ${n} fix${n === 1 ? '' : 'es'}`),
    );
    for (const id of run.entryIds) {
      const e = byId.get(id) as JournalEntrySummary;
      const what = e.note !== undefined ? `${e.title}: ${e.note}` : e.title;
      lines.push(row(localTime(e.createdAt), stateWord(e), e.id, `  ${what}`));
      for (const s of e.steps) lines.push(`      ${stepLine(s)}`);
    }
  }
  return lines.join('\n') + '\n';
}

export function renderUndo(r: UndoResult): string {
  const changed = r.restored.length + r.removed.length + r.reverted.length > 0;
  const what = r.id.startsWith('run-') ? `fix run ${r.id}` : `fix ${r.id}`;
  const lines = [
    changed
      ? `Undid ${what}:`
      : `Nothing needed to change for ${what}: its files were already as before it; it is now marked undone.`,
  ];
  for (const e of r.entries) {
    lines.push(`  ${e.title} (${e.id})`);
    for (const f of e.restored) lines.push(`    restored ${f}`);
    for (const f of e.removed) lines.push(`    removed ${f} (it did not exist before)`);
    for (const f of e.reverted)
      lines.push(`    reverted its own settings in ${f} (changes made since are kept)`);
    for (const f of e.unchanged) lines.push(`    already as before: ${f}`);
    for (const s of e.notUndoable) lines.push(`    cannot be put back: ${s}`);
  }
  return lines.join('\n') + '\n';
}

export function renderUndoRefused(e: UndoRefused): string {
  const hint = e.notUndoable.length
    ? '\nTo undo an earlier fix or run, name it: codecommit-doctor undo ID (codecommit-doctor history lists them).'
    : '';
  return `${e.message}${hint}\n`;
}
