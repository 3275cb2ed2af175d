import type { ReactNode } from 'react';
import type { DoctorApi } from '../../../electron/contract';
import type { FixOffer, StepPreview as Preview } from '../../../electron/engine/model';
import { commandLine } from '../../../electron/shared/command-line';
import { CopyButton, Glyph, Words } from '../components/common';
import { isIrreversible, isRunnable, type PlannedOffer } from '../wizard-model';
import type { AppliedOutcome } from '../wizard-state';

// One offer on the Fix step: first what it does in one everyday sentence and what the person
// will notice; the exact changes (every step, the command that does it) behind "Show exact
// changes", always open in the helpdesk view; whether it can be undone; the consent box —
// which gives way to what happened once it ran.

function StepPreview({ api, preview, copyable }: { api: DoctorApi; preview: Preview; copyable: boolean }) {
  const cmd = preview.argv ? commandLine(preview.argv) : null;
  return (
    <li className="plan-step">
      <span className="plan-what">
        <Words text={preview.description} />
      </span>
      {cmd && (
        <span className="plan-cmd">
          <code className="cmd">
            $ <Words text={cmd} />
          </code>
          {copyable && <CopyButton api={api} text={cmd} label={`Copy command: ${cmd}`} />}
        </span>
      )}
    </li>
  );
}

/** Plans that make IAM issue a new Git password (create or reset). */
function makesPassword(o: FixOffer): boolean {
  return o.steps.some(
    (s) =>
      s.type === 'aws-call' &&
      (s.call.action === 'create-git-credential' || s.call.action === 'reset-git-credential'),
  );
}

function OfferFacts({ offer }: { offer: FixOffer }) {
  const irreversible = isIrreversible(offer);
  return (
    <>
      <ul className="facts">
        <li>
          <Glyph glyph={irreversible ? '[!]' : '[✓]'} tone={irreversible ? 'warn' : 'pass'} />
          {irreversible ? 'Cannot be undone' : 'Can be undone from the Report step'}
        </li>
        {offer.needsAdmin && (
          <li>
            <Glyph glyph="[!]" tone="warn" />
            Needs administrator rights
          </li>
        )}
      </ul>
      {offer.warning && (
        <p className="warning-box">
          <Glyph glyph="[!]" tone="warn" /> {offer.warning}
        </p>
      )}
    </>
  );
}

function OfferResult({ result }: { result: AppliedOutcome }) {
  const outcome = result.outcome;
  return (
    <div className={`result ${outcome?.ok ? 'tone-pass' : 'tone-fail'}`}>
      <p className="result-head">
        <Glyph glyph={outcome?.ok ? '[✓]' : '[✗]'} tone={outcome?.ok ? 'pass' : 'fail'} />
        {outcome?.ok ? 'Applied' : `Not applied: ${result.error ?? outcome?.error ?? 'failed'}`}
        {outcome?.rolledBack ? ' — the changes it made were rolled back' : ''}
      </p>
      {outcome && (
        <ol className="step-results">
          {outcome.steps.map((s) => (
            <li key={s.index}>
              <Glyph glyph={s.ok ? '[✓]' : '[✗]'} tone={s.ok ? 'pass' : 'fail'} />
              {s.description}
              {s.message ? <span className="meta"> — {s.message}</span> : null}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

function ConsentBox(props: {
  checked: boolean;
  locked: boolean;
  onChange: (v: boolean) => void;
  children: ReactNode;
}) {
  return (
    <label className="consent">
      <input
        type="checkbox"
        checked={props.checked}
        disabled={props.locked}
        onChange={(e) => props.onChange(e.target.checked)}
      />
      {props.children}
    </label>
  );
}

/** The consent box and, for a plan that makes a Git password, the box to see it once. */
function OfferConsent(props: {
  offer: FixOffer;
  checked: boolean;
  locked: boolean;
  onToggle: (v: boolean) => void;
  showSecret: boolean;
  onShowSecret: (v: boolean) => void;
}) {
  const { offer } = props;
  if (!isRunnable(offer)) {
    const copyable = offer.preview.some((s) => s.argv);
    return (
      <p className="hint">
        <Glyph glyph="[-]" tone="skipped" /> The doctor does not run this itself
        {copyable ? ': copy the command under “Show exact changes”.' : '.'}
      </p>
    );
  }
  return (
    <>
      <ConsentBox checked={props.checked} locked={props.locked} onChange={props.onToggle}>
        {offer.kind === 'suggestion' ? 'Apply this suggestion' : 'Apply this fix'}
        {isIrreversible(offer) ? ' (asks you to confirm)' : ''}
      </ConsentBox>
      {makesPassword(offer) && (
        <ConsentBox checked={props.showSecret} locked={props.locked} onChange={props.onShowSecret}>
          Show me the new password once, in a separate window (it is saved for git either way)
        </ConsentBox>
      )}
    </>
  );
}

function ExactChanges(props: { api: DoctorApi; planned: PlannedOffer; open: boolean }) {
  const { offer, finding } = props.planned;
  const runnable = isRunnable(offer);
  return (
    <details className="exact" open={props.open || undefined}>
      <summary>
        Show exact changes<span className="sr-only"> of {offer.title}</span>
      </summary>
      <p className="meta">For: {finding.title}</p>
      <p>
        <Words text={offer.description} />
      </p>
      {offer.preview.length > 0 && (
        <>
          <h4 className="plan-title">
            {runnable ? 'What will change' : 'What to do (by you, or an administrator)'}
          </h4>
          <ol className="plan">
            {offer.preview.map((s, i) => (
              <StepPreview key={i} api={props.api} preview={s} copyable={!runnable} />
            ))}
          </ol>
        </>
      )}
    </details>
  );
}

export function OfferCard(props: {
  api: DoctorApi;
  planned: PlannedOffer;
  checked: boolean;
  disabled: boolean;
  helpdesk: boolean;
  result?: AppliedOutcome;
  onToggle: (v: boolean) => void;
  showSecret: boolean;
  onShowSecret: (v: boolean) => void;
}) {
  const { offer } = props.planned;
  const suggestion = offer.kind === 'suggestion';
  const titleId = `offer-${offer.id}`.replace(/[^A-Za-z0-9_-]/g, '_');
  const runnable = isRunnable(offer);
  const spent = props.result?.outcome?.ok === true;
  return (
    <article
      className={`card offer kind-${offer.kind}${runnable ? '' : ' not-applicable'}`}
      aria-labelledby={titleId}
    >
      <div className="offer-head">
        <span className={`badge badge-${offer.kind}`}>{suggestion ? 'Suggestion' : 'Fix'}</span>
        <h3 id={titleId} className="card-title">
          <Words text={offer.title} />
        </h3>
      </div>
      <p className="plain">
        <Words text={offer.plain ?? offer.description} />
      </p>
      {offer.notice && (
        <p className="notice-line">
          <Words text={offer.notice} />
        </p>
      )}
      {suggestion && runnable && !spent && (
        <p className="hint">
          A suggestion changes how things work for you: it is applied only if you pick it.
        </p>
      )}
      <OfferFacts offer={offer} />
      <ExactChanges api={props.api} planned={props.planned} open={props.helpdesk} />
      {!spent && (
        <OfferConsent
          offer={offer}
          checked={props.checked}
          locked={props.disabled}
          onToggle={props.onToggle}
          showSecret={props.showSecret}
          onShowSecret={props.onShowSecret}
        />
      )}
      {props.result && <OfferResult result={props.result} />}
    </article>
  );
}
