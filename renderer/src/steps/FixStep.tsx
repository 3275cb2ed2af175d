import { useEffect, useRef, type ReactNode } from 'react';
import type { DoctorApi } from '../../../electron/contract';
import type { ScanReport, TargetInput } from '../../../electron/engine/model';
import { ReplayBanner } from './ScanAbout';
import { ActionBar, Glyph, HelpdeskPanel } from '../components/common';
import { collectOffers, isRunnable, plural, type PlannedOffer } from '../wizard-model';
import type { AppliedOutcome, Verification } from '../wizard-state';
import { fixHelpdeskLines } from './fix-helpdesk';
import { IrreversibleDialog } from './IrreversibleDialog';
import { OfferCard } from './OfferCard';
import { VERIFY_RUNS } from '../../../electron/shared/verify-note';
import { useApplyFixes, type ApplyProgress, type ApplyRun } from './use-apply-fixes';

// Step 4, the commit page: what the doctor would change on this computer, each in one plain
// sentence with the exact changes one click away; consent per fix; suggestions only when
// picked; anything that cannot be undone confirmed in a dialog first. What only the person
// or an administrator can do is on the Findings step, with the finding it belongs to. After
// Apply, focus moves to what happened and the next action is to check the clone.

function OfferGroup({
  id,
  title,
  offers,
  card,
}: {
  id: string;
  title: string;
  offers: PlannedOffer[];
  card: (p: PlannedOffer) => ReactNode;
}) {
  if (offers.length === 0) return null;
  return (
    <section aria-labelledby={`${id}-title`} className="group">
      <h2 id={`${id}-title`} className="group-title">
        {title} ({offers.length})
      </h2>
      {offers.map(card)}
    </section>
  );
}

function ProgressRow({ progress }: { progress: ApplyProgress }) {
  return (
    <div className="progress-row" role="status">
      <progress max={progress.total} value={progress.n - 1} aria-label="Applying fixes" />
      <span className="progress-text">
        Applying {progress.n} of {progress.total}: {progress.title}…
      </span>
    </div>
  );
}

/** What the last Apply did; it takes the focus (and the screen) when it appears. */
function RunSummary({ run }: { run: ApplyRun }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    box.current?.focus();
    box.current?.scrollIntoView?.({ block: 'center' });
  }, [run.id]);
  const ok = run.failed === 0;
  return (
    <div
      ref={box}
      tabIndex={-1}
      className={`banner run-summary tone-${ok ? 'pass' : 'fail'}`}
      data-testid="run-summary"
    >
      <Glyph glyph={ok ? '[✓]' : '[✗]'} tone={ok ? 'pass' : 'fail'} />
      {ok
        ? `${plural(run.applied, 'change')} applied. Next: check that git can clone now.`
        : `${run.failed} of ${run.applied + run.failed} changes could not be applied (see below). Check the clone to see where things stand, or go back to the findings.`}
    </div>
  );
}

function applyLabel(waitingForBefore: boolean, count: number): string {
  if (waitingForBefore) return 'Trying the address first…';
  if (count === 0) return 'Apply';
  return count === 1 ? 'Apply 1 change' : `Apply ${count} changes`;
}

export function FixStep(props: {
  api: DoctorApi;
  scanId: string;
  plan: ScanReport;
  target: TargetInput | null;
  before: Verification;
  applied: Record<string, AppliedOutcome>;
  helpdesk: boolean;
  announce: (text: string) => void;
  onApplied: (fixId: string, r: AppliedOutcome) => void;
  onBack: () => void;
  onNext: () => void;
}) {
  const { api, applied } = props;
  const offers = collectOffers(props.plan).filter((p) => isRunnable(p.offer));
  const fixes = useApplyFixes({ ...props, offers });
  const { chosen, progress, lastRun } = fixes;
  const waitingForBefore = props.before.state === 'running';
  // A replay's plan is another computer's: shown in full, never applied (main refuses it too).
  const replay = props.plan.replay;
  const next = replay ? 'Make a report' : 'Check the clone';

  const card = (p: PlannedOffer) => (
    <OfferCard
      key={p.offer.id}
      api={api}
      planned={p}
      checked={!replay && fixes.isSelected(p.offer.id)}
      disabled={progress !== null || replay !== undefined}
      helpdesk={props.helpdesk}
      result={applied[p.offer.id]}
      showSecret={fixes.showsSecret(p.offer.id)}
      onShowSecret={(v) => fixes.showSecret(p.offer.id, v)}
      onToggle={(v) => fixes.select(p.offer.id, v)}
    />
  );

  return (
    <div className="step-body">
      <p className="lead">
        {replay
          ? 'What the doctor would change on the computer the recording was made on, shown as it was planned there.'
          : 'What the doctor would change on this computer. Nothing happens until you press Apply; changes that can be undone are ticked for you.'}
      </p>
      {replay && <ReplayBanner replay={replay} what="fix" />}
      {props.target?.kind !== 'machine' && !replay && <p className="hint">Before and after: {VERIFY_RUNS}</p>}
      {offers.length === 0 && (
        <div className="banner tone-neutral">
          <Glyph glyph="[-]" tone="skipped" /> There is nothing the doctor can change on this computer for
          these findings. What you can do is listed with each finding on the Findings step.
        </div>
      )}
      {lastRun && progress === null && <RunSummary run={lastRun} />}
      <OfferGroup
        id="fixes"
        title="Fixes"
        offers={offers.filter((p) => p.offer.kind === 'fix')}
        card={card}
      />
      <OfferGroup
        id="suggestions"
        title="Suggestions"
        offers={offers.filter((p) => p.offer.kind === 'suggestion')}
        card={card}
      />
      {progress && <ProgressRow progress={progress} />}
      <HelpdeskPanel api={api} show={props.helpdesk} lines={fixHelpdeskLines(offers, props.target)} />
      <ActionBar>
        <button type="button" className="btn" onClick={props.onBack}>
          Back
        </button>
        {replay && offers.length > 0 && (
          <button type="button" className="btn" disabled aria-describedby="replay-no-fix">
            {applyLabel(false, 0)}
          </button>
        )}
        {chosen.length > 0 && !replay && (
          <button
            type="button"
            className="btn primary"
            disabled={progress !== null || waitingForBefore}
            onClick={fixes.apply}
          >
            {applyLabel(waitingForBefore, chosen.length)}
          </button>
        )}
        <button
          type="button"
          className={`btn${chosen.length === 0 || replay ? ' primary' : ''}`}
          disabled={progress !== null}
          onClick={props.onNext}
        >
          {next}
        </button>
      </ActionBar>
      {fixes.confirming && (
        <IrreversibleDialog offers={fixes.confirming} onCancel={fixes.cancel} onConfirm={fixes.confirm} />
      )}
    </div>
  );
}
