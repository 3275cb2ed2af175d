import type { DoctorApi } from '../../../electron/contract';
import type { ClientChoice } from '../../../electron/engine/clients/types';
import type { Finding, ScanReport, TargetInput } from '../../../electron/engine/model';
import { filesOfEvidence, filesOfSteps } from '../../../electron/shared/files-involved';
import type { Verification } from '../wizard-state';
import { ActionBar, Glyph, HelpdeskPanel } from '../components/common';
import { clientSummary } from '../../../electron/shared/client-summary';
import {
  diagnoseCommand,
  groupFindings,
  isRunnable,
  SUMMARY_GLYPH,
  summaryText,
  worstTone,
  type StepId,
} from '../wizard-model';
import { FindingCard } from './FindingCard';
import { ClientLine, ReplayBanner } from './ScanAbout';
import { VerdictLine } from './VerifyStep';

// Step 3: what is wrong, in plain words, and for each finding what can be done: the fix the
// doctor will make on the next step, or what the person (or an administrator) does. The
// next action always exists: review the fixes when there are some, else the report for
// the helpdesk, else the proof that git works.

function BeforeBanner({ before }: { before: Verification }) {
  if (before.state === 'idle') return null;
  return (
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
  );
}

/** Every file the findings point at and the fixes would change, once each. */
function filesInvolved(report: ScanReport): string[] {
  return [
    ...new Set(
      report.findings.flatMap((f) => [
        ...filesOfEvidence(f.evidence),
        ...f.fixes.flatMap((o) => filesOfSteps(o.steps)),
      ]),
    ),
  ];
}

/**
 * Findings whose request for an administrator (the same policy) is already shown with a
 * finding above: they point there instead of showing it twice (GitPull and GitPush denied
 * together get one policy allowing both).
 */
function requestsShownAbove(inOrder: Finding[]): Map<Finding, string> {
  const shown = new Map<string, string>();
  const covered = new Map<Finding, string>();
  for (const f of inOrder) {
    const docs = f.evidence.flatMap((e) => (e.kind === 'policy' ? [e.document] : []));
    if (docs.length === 0) continue;
    const first = docs.map((d) => shown.get(d)).find((t) => t !== undefined);
    if (first !== undefined && docs.every((d) => shown.has(d))) covered.set(f, first);
    else for (const d of docs) shown.set(d, f.title);
  }
  return covered;
}

function NextAction(props: {
  report: ScanReport;
  onNext: (s: StepId) => void;
  onUseAddress?: (address: string) => void;
}) {
  const { report } = props;
  const fixable = report.findings.some((f) => f.fixes.some(isRunnable));
  if (fixable)
    return (
      <button type="button" className="btn primary" onClick={() => props.onNext('fix')}>
        Review the fixes
      </button>
    );
  // One corrected address is the way forward: scanning it is the next action (it only reads).
  const addresses = [
    ...new Set(report.findings.flatMap((f) => f.fixes.flatMap((o) => (o.address ? [o.address] : [])))),
  ];
  const [address] = addresses;
  const use = props.onUseAddress;
  if (addresses.length === 1 && address && use)
    return (
      <button type="button" className="btn primary" onClick={() => use(address)}>
        Scan the corrected address
      </button>
    );
  if (report.findings.length > 0 || report.target.kind === 'machine')
    return (
      <button type="button" className="btn primary" onClick={() => props.onNext('report')}>
        Make a report
      </button>
    );
  return (
    <button type="button" className="btn primary" onClick={() => props.onNext('verify')}>
      Verify the clone
    </button>
  );
}

export function FindingsStep(props: {
  api: DoctorApi;
  report: ScanReport;
  target: TargetInput | null;
  before: Verification;
  client: ClientChoice | null;
  helpdesk: boolean;
  onBack: () => void;
  onNext: (s: StepId) => void;
  /** Both absent for a replay: another computer's scan is never run again from here. */
  onRescan?: () => void;
  onUseAddress?: (address: string) => void;
}) {
  const { report } = props;
  const groups = groupFindings(report.findings);
  const errored = report.checks.filter((c) => c.status === 'error');
  const tone = worstTone(report);
  const fixable = report.findings.some((f) => f.fixes.some(isRunnable));
  const coveredBy = requestsShownAbove(groups.flatMap((g) => g.findings));
  return (
    <div className="step-body">
      <p className={`lead summary tone-${tone}`}>
        <Glyph glyph={SUMMARY_GLYPH[tone]} tone={tone} />
        {summaryText(report)}
        {report.findings.length > 0 &&
          (fixable && report.replay
            ? ' The fixes are shown as planned for that computer; none is applied from here.'
            : fixable
              ? ' The doctor can fix some of it: review the fixes next.'
              : ' The doctor cannot change this on your computer: each problem says what to do.')}
      </p>
      {report.replay && <ReplayBanner replay={report.replay} />}
      <ClientLine report={report} client={props.client} />
      <BeforeBanner before={props.before} />
      {groups.length === 0 && (
        <div className="banner tone-pass">
          <Glyph glyph="[✓]" tone="pass" /> Nothing wrong was found{' '}
          {report.replay ? 'in the recording' : 'on this computer'}.
        </div>
      )}
      {groups.map((g) => (
        <section key={g.severity} className="group" aria-labelledby={`group-${g.severity}`}>
          <h2 id={`group-${g.severity}`} className="group-title">
            {g.title} <span className="count">({g.findings.length})</span>
          </h2>
          {g.findings.map((f, i) => (
            <FindingCard
              key={`${f.code}-${i}`}
              api={props.api}
              finding={f}
              helpdesk={props.helpdesk}
              coveredBy={coveredBy.get(f)}
              replay={report.replay !== undefined}
              onUseAddress={props.onUseAddress}
            />
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
          <p className="hint">Scan again once the cause is gone (for example, once you are back online).</p>
        </section>
      )}
      <HelpdeskPanel
        api={props.api}
        show={props.helpdesk}
        lines={[
          ...(props.target
            ? [{ label: 'The same findings as JSON', command: diagnoseCommand(props.target) + ' --json' }]
            : []),
          ...filesInvolved(report).map((f) => ({ label: 'File involved', path: f })),
          // The Git client diagnosed for: its git, the settings files it read, why it fails.
          ...clientSummary(report),
        ]}
      />
      <ActionBar>
        <button type="button" className="btn" onClick={props.onBack}>
          Back
        </button>
        {props.onRescan && (
          <button type="button" className="btn" onClick={props.onRescan}>
            Scan again
          </button>
        )}
        <NextAction report={report} onNext={props.onNext} onUseAddress={props.onUseAddress} />
      </ActionBar>
    </div>
  );
}
