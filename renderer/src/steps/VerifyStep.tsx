import { useEffect } from 'react';
import type { DoctorApi } from '../../../electron/contract';
import type { Verdict } from '../../../electron/engine/fixes/verify';
import type { TargetInput } from '../../../electron/engine/model';
import type { Verification } from '../wizard-state';
import { Glyph, HelpdeskPanel } from '../components/common';
import { lsRemoteCommand } from '../wizard-model';

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

  const rows =
    after.state === 'done'
      ? after.result.results.map((r) => {
          const b =
            before.state === 'done'
              ? before.result.results.find((x) => x.display === r.display)?.verdict
              : undefined;
          return { display: r.display, before: b, after: r.verdict };
        })
      : [];
  const allOk = rows.length > 0 && rows.every((r) => r.after.ok);

  return (
    <div className="step-body">
      <p className="lead">
        The doctor asks git to list the repository's branches, exactly as a clone would start, with password
        prompts turned off.
      </p>
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
      {rows.length > 0 && (
        <div className={`verify-summary ${allOk ? 'tone-pass' : 'tone-fail'}`}>
          <p className="verify-big">
            <Glyph glyph={allOk ? '[✓]' : '[✗]'} tone={allOk ? 'pass' : 'fail'} />
            {allOk ? 'git can reach the repository' : 'git still cannot reach the repository'}
          </p>
          <table className="verify-table">
            <caption className="sr-only">Before and after</caption>
            <thead>
              <tr>
                <th scope="col">Address</th>
                <th scope="col">Before</th>
                <th scope="col">Now</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.display}>
                  <th scope="row" className="mono">
                    {r.display}
                  </th>
                  <td>{r.before ? r.before.short : '—'}</td>
                  <td>
                    <strong className="change">
                      {r.before ? `${r.before.short} → ${r.after.short}` : r.after.short}
                    </strong>
                    <div className="meta">{r.after.headline}</div>
                    {r.after.detail && (
                      <details>
                        <summary>What git printed</summary>
                        <pre className="output" tabIndex={0}>
                          {r.after.detail}
                        </pre>
                      </details>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="meta">
            {props.appliedCount === 1
              ? '1 fix applied in this session.'
              : `${props.appliedCount} fixes applied in this session.`}
          </p>
        </div>
      )}
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
