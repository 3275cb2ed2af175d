import { useCallback, useEffect, useState } from 'react';
import type { DoctorApi } from '../../../electron/contract';
import type { JournalEntrySummary, UndoResult } from '../../../electron/engine/fixes/journal';
import type { TargetInput } from '../../../electron/engine/model';
import { errorText } from '../api';
import { ActionBar, Glyph, HelpdeskPanel, Words } from '../components/common';
import { diagnoseCommand } from '../wizard-model';
import { FormatOptions, RedactionOptions, ReportActions, type Format, type Redaction } from './ReportOptions';

// Step 6: exactly what would be shared, redacted the way the user chose, previewed before
// it is copied or saved; and the fixes applied on this computer, each with Undo.

const STATE_TEXT: Record<JournalEntrySummary['state'], { glyph: string; tone: string; word: string }> = {
  applying: { glyph: '[…]', tone: 'running', word: 'being applied' },
  applied: { glyph: '[✓]', tone: 'pass', word: 'applied' },
  failed: { glyph: '[✗]', tone: 'fail', word: 'failed (rolled back)' },
  undone: { glyph: '[-]', tone: 'skipped', word: 'undone' },
  'partially-undone': { glyph: '[!]', tone: 'warn', word: 'partly undone' },
};

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

  const undo = (e: JournalEntrySummary) => {
    setBusy(e.id);
    api.undo({ id: e.id }).then(
      (r) => {
        setUndone((u) => ({ ...u, [e.id]: r }));
        announce(
          `Undone: ${e.title}.${r.notUndoable.length ? ` ${r.notUndoable.length} step(s) could not be undone.` : ''}`,
        );
        setBusy(null);
        load();
      },
      (err: unknown) => {
        setUndone((u) => ({ ...u, [e.id]: errorText(err) }));
        announce(`Could not undo ${e.title}: ${errorText(err)}`);
        setBusy(null);
      },
    );
  };

  return (
    <section className="group" aria-labelledby="history-title">
      <h2 id="history-title" className="group-title">
        Fixes applied on this computer
      </h2>
      {error && <p className="error-text">Could not read the history: {error}</p>}
      {entries && entries.length === 0 && <p className="hint">No fix has been applied yet.</p>}
      {entries && entries.length > 0 && (
        <ul className="history">
          {entries.map((e) => {
            const st = STATE_TEXT[e.state];
            const r = undone[e.id];
            return (
              <li key={e.id} className="card history-item">
                <div className="history-head">
                  <span>
                    <Glyph glyph={st.glyph} tone={st.tone} /> <strong>{e.title}</strong>{' '}
                    <span className="meta">— {st.word}</span>
                  </span>
                  {(e.state === 'applied' || e.state === 'partially-undone') &&
                    e.steps.some((st) => st.reversible) && (
                      <button
                        type="button"
                        className="btn small"
                        disabled={busy !== null}
                        onClick={() => undo(e)}
                      >
                        Undo<span className="sr-only"> {e.title}</span>
                      </button>
                    )}
                </div>
                <p className="meta">
                  <time dateTime={e.createdAt}>{new Date(e.createdAt).toLocaleString()}</time> ·{' '}
                  <code>{e.id}</code>
                  {e.files.length > 0 && <> · changed {e.files.join(', ')}</>}
                </p>
                {typeof r === 'string' && <p className="error-text">Could not undo: {r}</p>}
                {r && typeof r !== 'string' && (
                  <p className="result-head">
                    <Glyph
                      glyph={r.notUndoable.length ? '[!]' : '[✓]'}
                      tone={r.notUndoable.length ? 'warn' : 'pass'}
                    />
                    {r.restored.length ? `Restored ${r.restored.join(', ')}. ` : ''}
                    {r.removed.length ? `Removed ${r.removed.join(', ')}. ` : ''}
                    {r.notUndoable.length ? `Could not be undone: ${r.notUndoable.join('; ')}.` : ''}
                  </p>
                )}
              </li>
            );
          })}
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
          { label: 'Undo the last fix', command: 'codecommit-doctor undo --last' },
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
