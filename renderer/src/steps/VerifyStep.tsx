import { useEffect } from 'react';
import type { DoctorApi } from '../../../electron/contract';
import type { Verdict } from '../../../electron/engine/fixes/verify';
import type { TargetInput } from '../../../electron/engine/model';
import type { Verification } from '../wizard-state';
import { Glyph, HelpdeskPanel } from '../components/common';
import { lsRemoteCommand } from '../wizard-model';
import { verifyRows, VerifySummary } from './VerifySummary';
import { VERIFY_RUNS } from '../../../electron/shared/verify-note';

// Step 5: the proof. A live `git ls-remote` (prompts off) before and after, put side by
// side as "403 → works (3 refs)".

export function VerdictLine({ display, verdict }: { display: string; verdict: Verdict }) {
  return (
    <span className="verdict">
      <Glyph glyph={verdict.ok ? '[✓]' : '[✗]'} tone={verdict.ok ? 'pass' : 'fail'} /> {verdict.headline}{' '}
      <span className="meta mono">({display})</span>
    </span>
  );
}

export function VerifyStep(props: {
  api: DoctorApi;
  target: TargetInput | null;
  before: Verification;
  after: Verification;
  appliedCount: number;
  helpdesk: boolean;
  onRun: () => void;
  onBack: () => void;
  onNext: () => void;
}) {
  const { before, after, onRun } = props;
  const machine = props.target?.kind === 'machine';
  useEffect(() => {
    if (!machine && after.state === 'idle') onRun();
  }, [machine, after.state, onRun]);

  const rows = verifyRows(before, after);

  return (
    <div className="step-body">
      <p className="lead">
        The doctor asks git to list the repository's branches, exactly as a clone would start, with password
        prompts turned off.
      </p>
      {!machine && <p className="hint">{VERIFY_RUNS}</p>}
      {machine && (
        <div className="banner tone-neutral">
          <Glyph glyph="[-]" tone="skipped" /> A whole-computer check has no single address to try. Run the
          wizard again with a clone address to verify it.
        </div>
      )}
      {after.state === 'running' && (
        <p className="banner tone-neutral" role="status">
          <Glyph glyph="[…]" tone="running" /> Trying the clone address…
        </p>
      )}
      {after.state === 'failed' && (
        <p className="banner tone-fail" role="alert">
          <Glyph glyph="[?]" tone="error" /> Could not try the address: {after.error}
        </p>
      )}
      {rows.length > 0 && <VerifySummary rows={rows} appliedCount={props.appliedCount} />}
      <HelpdeskPanel
        api={props.api}
        show={props.helpdesk}
        lines={[
          ...rows.map((r) => ({ label: 'Try it by hand', command: lsRemoteCommand(r.display) })),
          ...(props.target?.kind === 'url'
            ? [
                {
                  label: 'Or with the doctor',
                  command: `codecommit-doctor verify --repo ${props.target.url}`,
                },
              ]
            : []),
        ]}
      />
      <div className="actions">
        <button type="button" className="btn" onClick={props.onBack}>
          Back
        </button>
        {!machine && (
          <button type="button" className="btn" disabled={after.state === 'running'} onClick={onRun}>
            Try again
          </button>
        )}
        <button type="button" className="btn primary" onClick={props.onNext}>
          Make a report
        </button>
      </div>
    </div>
  );
}
