import { useState } from 'react';
import type { DoctorApi } from '../../../electron/contract';
import type { Evidence, Finding } from '../../../electron/engine/model';
import { plainWhere } from '../../../electron/shared/plain-words';
import { describeEvidence, SEVERITY_WORD } from '../../../electron/shared/present';
import { errorText } from '../api';
import { Addr, Glyph, Words } from '../components/common';
import { SEVERITY_GLYPH } from '../wizard-model';
import { FindingNextSteps } from './NextSteps';

// One finding: what is wrong in everyday words, where (which saved password, which order),
// what the person can do about it; then, behind "Technical details" (open in the helpdesk
// view), the exact explanation and the evidence — each line with one marker: the helpers
// numbered in the order git asks them, everything else a bullet.

const TONE = { error: 'fail', warning: 'warn', info: 'info' } as const;

type Helper = Extract<Evidence, { kind: 'helper' }>;

function EvidenceLists({ evidence }: { evidence: Evidence[] }) {
  const helpers = evidence.filter((e): e is Helper => e.kind === 'helper');
  const other = evidence.filter((e) => e.kind !== 'helper' && e.kind !== 'policy');
  return (
    <>
      {helpers.length > 0 && (
        <ol className="evidence-order" aria-label="What git asks for a password, in order">
          {helpers.map((e) => (
            <li key={e.position} value={e.position}>
              <code>{describeEvidence(e).replace(/^\d+\.\s*/, '')}</code>
            </li>
          ))}
        </ol>
      )}
      {other.length > 0 && (
        <ul className="evidence-list">
          {other.map((e, i) => (
            <li key={i}>
              <code>{describeEvidence(e)}</code>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function DocsLink({ api, finding }: { api: DoctorApi; finding: Finding }) {
  const [docsError, setDocsError] = useState<string | null>(null);
  const url = finding.docsUrl;
  if (!url) return null;
  return (
    <>
      <button
        type="button"
        className="btn link"
        onClick={() =>
          api.openDocs({ url }).then(
            (r) =>
              setDocsError(
                r.opened ? null : 'This page is not on the list of documentation the app may open.',
              ),
            (e: unknown) => setDocsError(errorText(e)),
          )
        }
      >
        Learn more<span className="sr-only"> about {finding.title}</span> <span aria-hidden="true">↗</span>
      </button>
      {docsError && <p className="error-text">{docsError}</p>}
    </>
  );
}

export function FindingCard(props: {
  api: DoctorApi;
  finding: Finding;
  helpdesk: boolean;
  /** The title of the finding above whose request for an administrator covers this one too. */
  coveredBy?: string;
  /** A replayed recording: the fixes are that computer's, never applied from here. */
  replay?: boolean;
  onUseAddress?: (address: string) => void;
}) {
  const { api, finding } = props;
  const headingId = `finding-${finding.code}-${finding.subject ?? ''}`.replace(/[^A-Za-z0-9_-]/g, '_');
  const where = plainWhere(finding);
  return (
    <article className={`card finding sev-${finding.severity}`} aria-labelledby={headingId}>
      <h3 id={headingId} className="card-title">
        <Glyph glyph={SEVERITY_GLYPH[finding.severity]} tone={TONE[finding.severity]} />
        <span className="sev-word">{SEVERITY_WORD[finding.severity]}:</span> {finding.title}
      </h3>
      {finding.subject && <Addr text={finding.subject} className="subject mono" />}
      <p className="explanation">
        <Words text={finding.plain ?? finding.explanation} />
      </p>
      {where && <p className="where">{where}</p>}
      {props.coveredBy ? (
        <div className="next-steps">
          <h4>What you can do</h4>
          <p>The request for your administrator under “{props.coveredBy}” asks for this too.</p>
        </div>
      ) : (
        <FindingNextSteps
          api={api}
          finding={finding}
          {...(props.replay ? { replay: true } : {})}
          {...(props.onUseAddress ? { onUseAddress: props.onUseAddress } : {})}
        />
      )}
      <details className="evidence" open={props.helpdesk || undefined}>
        <summary>
          Technical details<span className="sr-only"> of {finding.title}</span>
        </summary>
        <p className="technical">
          <Words text={finding.explanation} />
        </p>
        <EvidenceLists evidence={finding.evidence} />
        <div className="card-footer">
          <span className="meta">
            Code <code>{finding.code}</code>
          </span>
          <DocsLink api={api} finding={finding} />
        </div>
      </details>
    </article>
  );
}
