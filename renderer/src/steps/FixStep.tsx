import type { ReactNode } from 'react';
import type { DoctorApi } from '../../../electron/contract';
import type { ScanReport, TargetInput } from '../../../electron/engine/model';
import { Glyph, HelpdeskPanel } from '../components/common';
import { collectOffers, isRunnable, type PlannedOffer } from '../wizard-model';
import type { AppliedOutcome, Verification } from '../wizard-state';
import { fixHelpdeskLines } from './fix-helpdesk';
import { IrreversibleDialog } from './IrreversibleDialog';
import { OfferCard } from './OfferCard';
import { VERIFY_RUNS } from '../../../electron/shared/verify-note';
import { useApplyFixes, type ApplyProgress } from './use-apply-fixes';

// Step 4, the commit page: every plan shown exactly (what changes, the command that does it)
// before anything runs; consent per fix; suggestions only when picked; anything that cannot
// be undone confirmed in a dialog first.

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

function applyLabel(waitingForBefore: boolean, count: number): string {
  if (waitingForBefore) return 'Trying the address first…';
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
  const offers = collectOffers(props.plan);
  const fixes = useApplyFixes({ ...props, offers });
  const { chosen, progress } = fixes;
  const waitingForBefore = props.before.state === 'running';
  const anyApplied = Object.values(applied).some((a) => a.outcome?.ok);
  const anyRunnable = offers.some((p) => isRunnable(p.offer));

  const card = (p: PlannedOffer) => (
    <OfferCard
      key={p.offer.id}
      api={api}
      planned={p}
      checked={fixes.isSelected(p.offer.id)}
      disabled={progress !== null}
      result={applied[p.offer.id]}
      showSecret={fixes.showsSecret(p.offer.id)}
      onShowSecret={(v) => fixes.showSecret(p.offer.id, v)}
      onToggle={(v) => fixes.select(p.offer.id, v)}
    />
  );

  return (
    <div className="step-body">
      <p className="lead">
        Each change is listed exactly as it will be made. Nothing happens until you press Apply; fixes that
        can be undone are ticked for you.
      </p>
      {props.target?.kind !== 'machine' && <p className="hint">Before and after: {VERIFY_RUNS}</p>}
      {offers.length === 0 && (
        <div className="banner tone-neutral">
          <Glyph glyph="[-]" tone="skipped" /> The doctor has no fix to offer for these findings; the Report
          step lists what to tell your administrator.
        </div>
      )}
      <OfferGroup
        id="fixes"
        title="Fixes"
        offers={offers.filter((p) => p.offer.kind === 'fix' || !isRunnable(p.offer))}
        card={card}
      />
      <OfferGroup
        id="suggestions"
        title="Suggestions"
        offers={offers.filter((p) => p.offer.kind === 'suggestion' && isRunnable(p.offer))}
        card={card}
      />
      {progress && <ProgressRow progress={progress} />}
      <HelpdeskPanel api={api} show={props.helpdesk} lines={fixHelpdeskLines(offers, props.target)} />
      <div className="actions">
        <button type="button" className="btn" onClick={props.onBack}>
          Back
        </button>
        {anyRunnable && (
          <button
            type="button"
            className="btn primary"
            disabled={chosen.length === 0 || progress !== null || waitingForBefore}
            onClick={fixes.apply}
          >
            {applyLabel(waitingForBefore, chosen.length)}
          </button>
        )}
        <button
          type="button"
          className={`btn${anyApplied || !anyRunnable ? ' primary' : ''}`}
          disabled={progress !== null}
          onClick={props.onNext}
        >
          Continue to verify
        </button>
      </div>
      {fixes.confirming && (
        <IrreversibleDialog offers={fixes.confirming} onCancel={fixes.cancel} onConfirm={fixes.confirm} />
      )}
    </div>
  );
}
