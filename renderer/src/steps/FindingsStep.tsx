import { useState } from 'react';
import type { DoctorApi } from '../../../electron/contract';
import { describeEvidence, SEVERITY_WORD } from '../../../electron/shared/present';
import type { Finding, ScanReport, TargetInput } from '../../../electron/engine/model';
import { errorText } from '../api';
import type { Verification } from '../wizard-state';
import { Glyph, HelpdeskPanel } from '../components/common';
import { diagnoseCommand, groupFindings, SEVERITY_GLYPH, summaryText, type StepId } from '../wizard-model';
import { VerdictLine } from './VerifyStep';

// Step 3: what is wrong, in plain words, with the evidence that shows it (which file and
// scope, which helper in which order, which saved entry).

const TONE = { error: 'fail', warning: 'warn', info: 'info' } as const;

function FindingCard({ api, finding }: { api: DoctorApi; finding: Finding }) {
  const [docsError, setDocsError] = useState<string | null>(null);
  const headingId = `finding-${finding.code}-${finding.subject ?? ''}`.replace(/[^A-Za-z0-9_-]/g, '_');
  return (
    <article className={`card finding sev-${finding.severity}`} aria-labelledby={headingId}>
      <h3 id={headingId} className="card-title">
        <Glyph glyph={SEVERITY_GLYPH[finding.severity]} tone={TONE[finding.severity]} />
        <span className="sev-word">{SEVERITY_WORD[finding.severity]}:</span> {finding.title}
      </h3>
      {finding.subject && <p className="subject mono">{finding.subject}</p>}
      <p className="explanation">{finding.explanation}</p>
      {finding.evidence.length > 0 && (
        <div className="evidence">
          <h4>What the doctor found</h4>
          <ul>
            {finding.evidence.map((e, i) => (
              <li key={i}>
                <code>{describeEvidence(e)}</code>
              </li>
            ))}
          </ul>
        </div>
      )}
      <div className="card-footer">
        <span className="meta">
          {finding.fixes.length === 0
            ? 'No automatic fix'
            : finding.fixes.length === 1
              ? '1 fix offered'
              : `${finding.fixes.length} fixes offered`}{' '}
          · <code>{finding.code}</code>
        </span>
        {finding.docsUrl && (
          <button
            type="button"
            className="btn link"
            onClick={() => {
              if (finding.docsUrl)
                api.openDocs({ url: finding.docsUrl }).then(
                  (r) =>
                    setDocsError(
                      r.opened ? null : 'This page is not on the list of documentation the app may open.',
                    ),
                  (e: unknown) => setDocsError(errorText(e)),
                );
            }}
          >
            Learn more<span className="sr-only"> about {finding.title}</span>{' '}
            <span aria-hidden="true">↗</span>
          </button>
        )}
      </div>
      {docsError && <p className="error-text">{docsError}</p>}
    </article>
  );
}

export function FindingsStep(props: {
  api: DoctorApi;
  report: ScanReport;
  target: TargetInput | null;
  before: Verification;
  helpdesk: boolean;
  onBack: () => void;
  onNext: (s: StepId) => void;
}) {
  const { report, before } = props;
  const groups = groupFindings(report.findings);
  const errored = report.checks.filter((c) => c.status === 'error');
  const files = [
    ...new Set(
      report.findings.flatMap((f) =>
        f.evidence.flatMap((e) =>
          e.kind === 'config' || e.kind === 'helper' ? [e.file] : e.kind === 'file' ? [e.path] : [],
        ),
      ),
    ),
  ];
  return (
    <div className="step-body">
      <p className="lead">{summaryText(report)}</p>
      {before.state !== 'idle' && (
        <div className="banner tone-neutral" aria-busy={before.state === 'running'}>
          <span className="banner-label">Right now, git says:</span>{' '}
          {before.state === 'running' && 'trying the address…'}
          {before.state === 'failed' && `could not try the address (${before.error})`}
          {before.state === 'done' &&
            (before.result.results.length === 0
              ? 'nothing to try for this scan.'
              : before.result.results.map((r) => (
                  <VerdictLine key={r.display} display={r.display} verdict={r.verdict} />
                )))}
        </div>
      )}
      {groups.length === 0 && (
        <div className="banner tone-pass">
          <Glyph glyph="[✓]" tone="pass" /> Nothing wrong was found on this computer.
        </div>
      )}
      {groups.map((g) => (
        <section key={g.severity} className="group" aria-labelledby={`group-${g.severity}`}>
          <h2 id={`group-${g.severity}`} className="group-title">
            {g.title} <span className="count">({g.findings.length})</span>
          </h2>
          {g.findings.map((f, i) => (
            <FindingCard key={`${f.code}-${i}`} api={props.api} finding={f} />
          ))}
        </section>
      ))}
      {errored.length > 0 && (
        <section className="group" aria-labelledby="group-errored">
          <h2 id="group-errored" className="group-title">
            Could not check ({errored.length})
          </h2>
          <ul className="checks">
            {errored.map((c) => (
              <li key={c.id} className="check status-error">
                <Glyph glyph="[?]" tone="error" />
                <span className="check-title">{c.title}</span>
                <span className="check-message">{c.message}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      <HelpdeskPanel
        api={props.api}
        show={props.helpdesk}
        lines={[
          ...(props.target
            ? [{ label: 'The same findings as JSON', command: diagnoseCommand(props.target) + ' --json' }]
            : []),
          ...files.map((f) => ({ label: 'File involved', path: f })),
        ]}
      />
      <div className="actions">
        <button type="button" className="btn" onClick={props.onBack}>
          Back
        </button>
        {report.findings.length > 0 ? (
          <button type="button" className="btn primary" onClick={() => props.onNext('fix')}>
            Review the fixes
          </button>
        ) : (
          <button type="button" className="btn primary" onClick={() => props.onNext('verify')}>
            Verify the clone
          </button>
        )}
      </div>
    </div>
  );
}
