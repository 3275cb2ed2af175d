import type { DoctorApi } from '../../../electron/contract';
import type { ScanReport, TargetInput } from '../../../electron/engine/model';
import { ActionBar, Addr, Glyph, HelpdeskPanel } from '../components/common';
import {
  describeTarget,
  diagnoseCommand,
  ROW_GLYPH,
  ROW_WORD,
  skipReason,
  SUMMARY_GLYPH,
  summaryText,
  worstTone,
  type ScanView,
} from '../wizard-model';

// Step 2: every check with its live status. The same events are announced through the
// shell's polite live region; this list is what sighted users read.

function seconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

export function ScanStep(props: {
  api: DoctorApi;
  target: TargetInput | null;
  view: ScanView;
  report: ScanReport | null;
  error: string | null;
  helpdesk: boolean;
  onBack: () => void;
  /** Absent for a replay: there is nothing of this computer to scan again. */
  onRetry?: () => void;
  onNext: () => void;
}) {
  const { view, report, error, target } = props;
  const total = view.rows.length;
  const done = view.rows.filter((r) => r.status !== 'waiting' && r.status !== 'running').length;
  const slow = view.rows.filter(
    (r) => r.slowMs !== undefined && (r.status === 'running' || r.status === 'waiting'),
  );
  return (
    <div className="step-body">
      <p className="lead">
        Checking <strong>{target ? <Addr text={describeTarget(target)} /> : '…'}</strong>. The doctor reads
        settings and asks programs for their versions; it changes nothing.
      </p>
      {error ? (
        <div className="banner tone-fail" role="alert">
          <Glyph glyph="[✗]" tone="fail" /> The scan could not run: {error}
        </div>
      ) : (
        <div className="progress-row">
          <progress
            max={Math.max(total, 1)}
            value={report ? Math.max(total, 1) : done}
            aria-label="Scan progress"
          />
          <span className="progress-text">
            {report
              ? `Done in ${seconds(report.durationMs)}`
              : total
                ? `${done} of ${total} checks`
                : 'Starting…'}
          </span>
        </div>
      )}
      {slow.map((r) => (
        <p className="notice" key={r.id}>
          <Glyph glyph="[!]" tone="warn" /> “{r.title}” is taking longer than usual (
          {Math.round((r.slowMs ?? 0) / 1000)} s). A program may be waiting for the network; the doctor gives
          up on it after its time limit.
        </p>
      ))}
      <ul className="checks" aria-label="Checks">
        {view.rows.map((r) => (
          <li key={r.id} className={`check status-${r.status}`}>
            <Glyph glyph={ROW_GLYPH[r.status]} tone={r.status} />
            <span className="check-title">{r.title}</span>
            <span className="check-status">
              {ROW_WORD[r.status]}
              {r.durationMs !== undefined && r.status !== 'skipped' ? ` · ${seconds(r.durationMs)}` : ''}
            </span>
            {r.message && (
              <span className="check-message">
                {r.status === 'skipped' ? `Why: ${skipReason(r.message)}` : r.message}
              </span>
            )}
          </li>
        ))}
      </ul>
      {report && (
        <div className={`banner tone-${worstTone(report)}`}>
          <Glyph glyph={SUMMARY_GLYPH[worstTone(report)]} tone={worstTone(report)} /> Scan finished.{' '}
          {summaryText(report)}
        </div>
      )}
      <HelpdeskPanel
        api={props.api}
        show={props.helpdesk}
        lines={
          target
            ? [
                { label: 'This scan', command: diagnoseCommand(target) + ' --verbose' },
                {
                  label: 'Settings git reads, in order',
                  command: 'git config --list --show-origin --show-scope',
                },
                { label: 'AWS CLI the helper runs', command: 'aws --version' },
              ]
            : []
        }
      />
      <ActionBar>
        <button type="button" className="btn" onClick={props.onBack}>
          Back
        </button>
        {error && props.onRetry && (
          <button type="button" className="btn primary" onClick={props.onRetry}>
            Try again
          </button>
        )}
        {!error && (
          <button type="button" className="btn primary" disabled={!report} onClick={props.onNext}>
            {report ? 'See the findings' : 'Scanning…'}
          </button>
        )}
      </ActionBar>
    </div>
  );
}
