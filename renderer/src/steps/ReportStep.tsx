import { useCallback, useEffect, useState } from 'react';
import type { DoctorApi } from '../../../electron/contract';
import type { JournalEntrySummary, UndoResult } from '../../../electron/engine/fixes/journal';
import { groupRuns, type JournalRunSummary } from '../../../electron/shared/journal-runs';
import type { ClientChoice } from '../../../electron/engine/clients/types';
import type { ScanReport, TargetInput } from '../../../electron/engine/model';
import { errorText } from '../api';
import { ActionBar, Glyph, HelpdeskPanel, Words } from '../components/common';
import { diagnoseCommand } from '../wizard-model';
import { ClientLine, ReplayBanner } from './ScanAbout';
import { FormatOptions, RedactionOptions, ReportActions, type Format, type Redaction } from './ReportOptions';

// Step 6: exactly what would be shared, redacted the way the user chose, previewed before
// it is copied or saved; and the fix runs applied on this computer (one Apply click each),
// each with Undo — which undoes the whole run, like `codecommit-doctor undo --last`.

const STATE_TEXT: Record<JournalEntrySummary['state'], { glyph: string; tone: string; word: string }> = {
  applying: { glyph: '[…]', tone: 'running', word: 'unfinished' },
  applied: { glyph: '[✓]', tone: 'pass', word: 'applied' },
  failed: { glyph: '[✗]', tone: 'fail', word: 'failed' },
  undone: { glyph: '[-]', tone: 'skipped', word: 'undone' },
  'partially-undone': { glyph: '[!]', tone: 'warn', word: 'partly undone' },
};

function entryWord(e: JournalEntrySummary): string {
  return e.outcome === 'failed' && e.state === 'undone' ? 'failed (rolled back)' : STATE_TEXT[e.state].word;
}

/** A step whose change was put back is never shown as done. */
function StepLine({ step }: { step: JournalEntrySummary['steps'][number] }) {
  const [glyph, tone, word] = step.undone
    ? ['↶', 'skipped', ' (undone)']
    : step.state === 'done'
      ? ['✓', 'pass', '']
      : step.state === 'failed'
        ? ['✗', 'fail', ` (failed${step.message ? `: ${step.message}` : ''})`]
        : ['·', 'skipped', ' (not run)'];
  return (
    <li>
      <Glyph glyph={glyph} tone={tone} /> {step.description}
      {step.reversible ? '' : ' (cannot be undone)'}
      {word}
    </li>
  );
}

function runLabel(run: JournalRunSummary, byId: Map<string, JournalEntrySummary>): string {
  const titles = run.entryIds.map((id) => byId.get(id)?.title ?? id);
  return titles.length === 1 ? (titles[0] as string) : `${titles[0]} and ${titles.length - 1} more`;
}

function undoText(r: UndoResult): string {
  const parts: string[] = [];
  if (r.restored.length) parts.push(`Restored ${r.restored.join(', ')}.`);
  if (r.removed.length) parts.push(`Removed ${r.removed.join(', ')}.`);
  if (r.reverted.length)
    parts.push(`Put back the fix's own settings in ${r.reverted.join(', ')}; changes made since are kept.`);
  if (!r.restored.length && !r.removed.length && !r.reverted.length)
    parts.push('Nothing needed to change: the files were already as before.');
  if (r.notUndoable.length) parts.push(`Cannot be put back: ${r.notUndoable.join('; ')}.`);
  return parts.join(' ');
}

/** One fix run (one Apply click, or one `fix` command): its fixes, their steps, and Undo for all of it. */
function RunCard(props: {
  run: JournalRunSummary;
  entries: JournalEntrySummary[];
  label: string;
  result: UndoResult | string | undefined;
  disabled: boolean;
  onUndo: (run: JournalRunSummary, label: string) => void;
}) {
  const { run, entries, label, result: r } = props;
  const st = STATE_TEXT[run.state];
  return (
    <li className="card history-item">
      <div className="history-head">
        <span>
          <Glyph glyph={st.glyph} tone={st.tone} /> <strong>{label}</strong>{' '}
          <span className="meta">— {st.word}</span>
        </span>
        {run.canUndo && (
          <button
            type="button"
            className="btn small"
            disabled={props.disabled}
            onClick={() => props.onUndo(run, label)}
          >
            Undo<span className="sr-only"> {label}</span>
          </button>
        )}
      </div>
      <p className="meta">
        <time dateTime={run.startedAt}>{new Date(run.startedAt).toLocaleString()}</time> ·{' '}
        <code>{run.id}</code>
      </p>
      <ul className="history-entries">
        {entries.map((e) => (
          <li key={e.id}>
            {entries.length > 1 && (
              <>
                <strong>{e.title}</strong> <span className="meta">— {entryWord(e)}</span>
              </>
            )}
            <ul className="history-steps">
              {e.steps.map((step, i) => (
                <StepLine key={i} step={step} />
              ))}
            </ul>
            {e.files.length > 0 && <p className="meta">changed {e.files.join(', ')}</p>}
          </li>
        ))}
      </ul>
      {typeof r === 'string' && <p className="error-text">Could not undo: {r}</p>}
      {r && typeof r !== 'string' && (
        <p className="result-head">
          <Glyph glyph={r.notUndoable.length ? '[!]' : '[✓]'} tone={r.notUndoable.length ? 'warn' : 'pass'} />
          {undoText(r)}
        </p>
      )}
    </li>
  );
}

function History({ api, announce }: { api: DoctorApi; announce: (t: string) => void }) {
  const [entries, setEntries] = useState<JournalEntrySummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [undone, setUndone] = useState<Record<string, UndoResult | string>>({});

  const load = useCallback(() => {
    api.history({}).then(
      (h) => (setEntries(h), setError(null)),
      (e: unknown) => setError(errorText(e)),
    );
  }, [api]);
  useEffect(load, [load]);

  const undo = (run: JournalRunSummary, label: string) => {
    setBusy(run.id);
    api.undo({ id: run.id }).then(
      (r) => {
        setUndone((u) => ({ ...u, [run.id]: r }));
        announce(`Undone: ${label}. ${undoText(r)}`);
        setBusy(null);
        load();
      },
      (err: unknown) => {
        setUndone((u) => ({ ...u, [run.id]: errorText(err) }));
        announce(`Could not undo ${label}: ${errorText(err)}`);
        setBusy(null);
      },
    );
  };

  const byId = new Map((entries ?? []).map((e) => [e.id, e]));
  return (
    <section className="group" aria-labelledby="history-title">
      <h2 id="history-title" className="group-title">
        Fixes applied on this computer
      </h2>
      {error && <p className="error-text">Could not read the history: {error}</p>}
      {entries && entries.length === 0 && <p className="hint">No fix has been applied yet.</p>}
      {entries && entries.length > 0 && (
        <ul className="history">
          {groupRuns(entries).map((run) => (
            <RunCard
              key={run.id}
              run={run}
              entries={run.entryIds.flatMap((id) => byId.get(id) ?? [])}
              label={runLabel(run, byId)}
              result={undone[run.id]}
              disabled={busy !== null}
              onUndo={undo}
            />
          ))}
        </ul>
      )}
    </section>
  );
}

/** The report as it would be shared, rendered again by main whenever the options change. */
function useRenderedReport(api: DoctorApi, scanId: string, format: Format, redaction: Redaction) {
  const [text, setText] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    api.renderReport({ scanId, format, redaction }).then(
      (r) => live && (setText(r.text), setError(null)),
      (e: unknown) => live && setError(errorText(e)),
    );
    return () => {
      live = false;
    };
  }, [api, scanId, format, redaction]);
  return { text, error };
}

export function ReportStep(props: {
  api: DoctorApi;
  scanId: string;
  target: TargetInput | null;
  /** The scan's latest report: what it replayed, and the client it was checked for. */
  report?: ScanReport | null;
  client?: ClientChoice | null;
  helpdesk: boolean;
  announce: (t: string) => void;
  onBack: () => void;
  onRestart: () => void;
}) {
  const { api, scanId, announce } = props;
  const [format, setFormat] = useState<Format>('markdown');
  const [redaction, setRedaction] = useState<Redaction>({
    hideAccounts: true,
    hideHome: true,
    hideRepoNames: false,
  });
  const { text, error } = useRenderedReport(api, scanId, format, redaction);

  return (
    <div className="step-body">
      <p className="lead">
        This is exactly what will be shared. Nothing leaves this computer unless you copy or save it.
      </p>
      {props.report?.replay && <ReplayBanner replay={props.report.replay} />}
      {props.report && <ClientLine report={props.report} client={props.client ?? null} />}
      <div className="report-grid">
        <div className="report-options">
          <RedactionOptions redaction={redaction} onChange={setRedaction} />
          <FormatOptions format={format} onChange={setFormat} />
        </div>
        <div className="report-preview">
          {error && <p className="error-text">Could not render the report: {error}</p>}
          <pre className="output" tabIndex={0} aria-label="Report preview" data-testid="report-preview">
            {text === null ? 'Preparing…' : <Words text={text} />}
          </pre>
        </div>
      </div>
      <History api={api} announce={announce} />
      <HelpdeskPanel
        api={api}
        show={props.helpdesk}
        lines={[
          ...(props.target
            ? [
                {
                  label: 'The same report',
                  command: diagnoseCommand(props.target) + (format === 'json' ? ' --json' : ''),
                },
              ]
            : []),
          { label: 'Fixes applied', command: 'codecommit-doctor history' },
          { label: 'Undo the last fix run', command: 'codecommit-doctor undo --last' },
        ]}
      />
      <ActionBar>
        <button type="button" className="btn" onClick={props.onBack}>
          Back
        </button>
        <button type="button" className="btn" onClick={props.onRestart}>
          Check something else
        </button>
        <ReportActions
          api={api}
          scanId={scanId}
          format={format}
          redaction={redaction}
          text={text}
          announce={announce}
        />
      </ActionBar>
    </div>
  );
}
