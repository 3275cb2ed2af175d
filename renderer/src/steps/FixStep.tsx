import { useState } from 'react';
import type { DoctorApi } from '../../../electron/contract';
import { commandLine, describeStep, stepArgv } from '../../../electron/engine/fixes/describe-step';
import type { FixOffer, FixStep as PlanStep, ScanReport, TargetInput } from '../../../electron/engine/model';
import { errorText } from '../api';
import type { AppliedOutcome, Verification } from '../App';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { CopyButton, Glyph, HelpdeskPanel, type HelpdeskLine } from '../components/common';
import {
  collectOffers,
  fixCommand,
  isIrreversible,
  isRunnable,
  preselected,
  type PlannedOffer,
} from '../wizard-model';

// Step 4, the commit page: every plan shown exactly (what changes, the command that does it)
// before anything runs; consent per fix; suggestions only when picked; anything that cannot
// be undone confirmed in a dialog first.

function StepPreview({ api, step, copyable }: { api: DoctorApi; step: PlanStep; copyable: boolean }) {
  const argv = stepArgv(step);
  const cmd = argv ? commandLine(argv) : null;
  return (
    <li className="plan-step">
      <span className="plan-what">{describeStep(step)}</span>
      {cmd && (
        <span className="plan-cmd">
          <code className="cmd">$ {cmd}</code>
          {copyable && <CopyButton api={api} text={cmd} label={`Copy command: ${cmd}`} />}
        </span>
      )}
      {step.type === 'file-edit' && (
        <pre className="diff" tabIndex={0} aria-label={`Change to ${step.path}`}>
          {step.before.map((l) => `- ${l}`).join('\n')}
          {step.before.length && step.after.length ? '\n' : ''}
          {step.after.map((l) => `+ ${l}`).join('\n')}
        </pre>
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

function OfferCard(props: {
  api: DoctorApi;
  planned: PlannedOffer;
  checked: boolean;
  disabled: boolean;
  result?: AppliedOutcome;
  onToggle: (v: boolean) => void;
  showSecret: boolean;
  onShowSecret: (v: boolean) => void;
}) {
  const { offer, finding } = props.planned;
  const suggestion = offer.kind === 'suggestion';
  const irreversible = isIrreversible(offer);
  const titleId = `offer-${offer.id}`.replace(/[^A-Za-z0-9_-]/g, '_');
  const outcome = props.result?.outcome;
  const runnable = isRunnable(offer);
  return (
    <article
      className={`card offer kind-${offer.kind}${runnable ? '' : ' not-applicable'}`}
      aria-labelledby={titleId}
    >
      <div className="offer-head">
        <span className={`badge badge-${offer.kind}`}>{suggestion ? 'Suggestion' : 'Fix'}</span>
        <h3 id={titleId} className="card-title">
          {offer.title}
        </h3>
      </div>
      <p className="meta">For: {finding.title}</p>
      <p>{offer.description}</p>
      {suggestion && runnable && (
        <p className="hint">
          A suggestion changes how things work for you: it is applied only if you pick it.
        </p>
      )}
      <h4 className="plan-title">
        {runnable ? 'What will change' : 'What to do (by you, or an administrator)'}
      </h4>
      <ol className="plan">
        {offer.steps.map((s, i) => (
          <StepPreview key={i} api={props.api} step={s} copyable={!runnable} />
        ))}
      </ol>
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
      {runnable ? (
        <label className="consent">
          <input
            type="checkbox"
            checked={props.checked}
            disabled={props.disabled || outcome?.ok === true}
            onChange={(e) => props.onToggle(e.target.checked)}
          />
          {suggestion ? 'Apply this suggestion' : 'Apply this fix'}
          {irreversible ? ' (asks you to confirm)' : ''}
        </label>
      ) : (
        <p className="hint">
          <Glyph glyph="[-]" tone="skipped" /> The doctor does not run this itself. Copy the command above.
        </p>
      )}
      {runnable && makesPassword(offer) && (
        <label className="consent">
          <input
            type="checkbox"
            checked={props.showSecret}
            disabled={props.disabled || outcome?.ok === true}
            onChange={(e) => props.onShowSecret(e.target.checked)}
          />
          Show me the new password once, in a separate window (it is saved for git either way)
        </label>
      )}
      {props.result && (
        <div className={`result ${outcome?.ok ? 'tone-pass' : 'tone-fail'}`}>
          <p className="result-head">
            <Glyph glyph={outcome?.ok ? '[✓]' : '[✗]'} tone={outcome?.ok ? 'pass' : 'fail'} />
            {outcome?.ok ? 'Applied' : `Not applied: ${props.result.error ?? outcome?.error ?? 'failed'}`}
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
      )}
    </article>
  );
}

function dedupe(lines: HelpdeskLine[]): HelpdeskLine[] {
  const seen = new Set<string>();
  return lines.filter((l) => {
    const key = `${l.label}\n${l.command ?? ''}\n${l.path ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
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
  const [selected, setSelected] = useState<Set<string>>(
    () =>
      new Set(
        offers
          .filter((p) => preselected(p.offer) && !applied[p.offer.id]?.outcome?.ok)
          .map((p) => p.offer.id),
      ),
  );
  const [confirming, setConfirming] = useState<PlannedOffer[] | null>(null);
  const [showSecret, setShowSecret] = useState<Set<string>>(() => new Set());
  const [progress, setProgress] = useState<{ n: number; total: number; title: string } | null>(null);

  const chosen = offers.filter(
    (p) => isRunnable(p.offer) && selected.has(p.offer.id) && !applied[p.offer.id]?.outcome?.ok,
  );
  const waitingForBefore = props.before.state === 'running';

  const run = async (list: PlannedOffer[]) => {
    // One Apply click is one fix run: undone together from the Report step.
    const runLabel = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
    for (const [i, p] of list.entries()) {
      setProgress({ n: i + 1, total: list.length, title: p.offer.title });
      props.announce(`Applying ${i + 1} of ${list.length}: ${p.offer.title}`);
      try {
        const outcome = await api.applyFix({
          scanId: props.scanId,
          fixId: p.offer.id,
          run: runLabel,
          ...(showSecret.has(p.offer.id) ? { showNewPassword: true } : {}),
        });
        props.onApplied(p.offer.id, { title: p.offer.title, outcome });
        props.announce(
          outcome.ok ? `Applied: ${p.offer.title}` : `Failed: ${p.offer.title}. ${outcome.error ?? ''}`,
        );
      } catch (e) {
        props.onApplied(p.offer.id, { title: p.offer.title, error: errorText(e) });
        props.announce(`Failed: ${p.offer.title}. ${errorText(e)}`);
      }
    }
    setSelected((s) => new Set([...s].filter((id) => !list.some((p) => p.offer.id === id))));
    setProgress(null);
  };

  const apply = () => {
    const risky = chosen.filter((p) => isIrreversible(p.offer));
    if (risky.length) setConfirming(risky);
    else void run(chosen);
  };

  const anyApplied = Object.values(applied).some((a) => a.outcome?.ok);
  const fixes = offers.filter((p) => p.offer.kind === 'fix' || !isRunnable(p.offer));
  const suggestions = offers.filter((p) => p.offer.kind === 'suggestion' && isRunnable(p.offer));

  const card = (p: PlannedOffer) => (
    <OfferCard
      key={p.offer.id}
      api={api}
      planned={p}
      checked={selected.has(p.offer.id)}
      disabled={progress !== null}
      result={applied[p.offer.id]}
      showSecret={showSecret.has(p.offer.id)}
      onShowSecret={(v) =>
        setShowSecret((s) => {
          const next = new Set(s);
          if (v) next.add(p.offer.id);
          else next.delete(p.offer.id);
          return next;
        })
      }
      onToggle={(v) =>
        setSelected((s) => {
          const next = new Set(s);
          if (v) next.add(p.offer.id);
          else next.delete(p.offer.id);
          return next;
        })
      }
    />
  );

  return (
    <div className="step-body">
      <p className="lead">
        Each change is listed exactly as it will be made. Nothing happens until you press Apply; fixes that
        can be undone are ticked for you.
      </p>
      {offers.length === 0 && (
        <div className="banner tone-neutral">
          <Glyph glyph="[-]" tone="skipped" /> The doctor has no fix to offer for these findings; the Report
          step lists what to tell your administrator.
        </div>
      )}
      {fixes.length > 0 && (
        <section aria-labelledby="fixes-title" className="group">
          <h2 id="fixes-title" className="group-title">
            Fixes ({fixes.length})
          </h2>
          {fixes.map(card)}
        </section>
      )}
      {suggestions.length > 0 && (
        <section aria-labelledby="suggestions-title" className="group">
          <h2 id="suggestions-title" className="group-title">
            Suggestions ({suggestions.length})
          </h2>
          {suggestions.map(card)}
        </section>
      )}
      {progress && (
        <div className="progress-row" role="status">
          <progress max={progress.total} value={progress.n - 1} aria-label="Applying fixes" />
          <span className="progress-text">
            Applying {progress.n} of {progress.total}: {progress.title}…
          </span>
        </div>
      )}
      <HelpdeskPanel
        api={api}
        show={props.helpdesk}
        lines={dedupe(
          offers.flatMap((p) => [
            ...(props.target
              ? [{ label: `Plan for ${p.finding.code}`, command: fixCommand(props.target, p.finding.code) }]
              : []),
            ...p.offer.steps.flatMap((s) => {
              const argv = stepArgv(s);
              const file = s.type === 'git-config' ? s.file : s.type === 'file-edit' ? s.path : null;
              return [
                ...(argv ? [{ label: `${p.offer.title}: step`, command: commandLine(argv) }] : []),
                ...(file ? [{ label: 'File it changes', path: file }] : []),
              ];
            }),
          ]),
        )}
      />
      <div className="actions">
        <button type="button" className="btn" onClick={props.onBack}>
          Back
        </button>
        {offers.some((p) => isRunnable(p.offer)) && (
          <button
            type="button"
            className="btn primary"
            disabled={chosen.length === 0 || progress !== null || waitingForBefore}
            onClick={apply}
          >
            {waitingForBefore
              ? 'Trying the address first…'
              : chosen.length === 1
                ? 'Apply 1 change'
                : `Apply ${chosen.length} changes`}
          </button>
        )}
        <button
          type="button"
          className={`btn${anyApplied || !offers.some((p) => isRunnable(p.offer)) ? ' primary' : ''}`}
          disabled={progress !== null}
          onClick={props.onNext}
        >
          Continue to verify
        </button>
      </div>
      {confirming && (
        <ConfirmDialog
          title="This cannot be undone"
          confirmLabel="Delete and apply"
          acknowledge="I understand that this cannot be undone"
          onCancel={() => setConfirming(null)}
          onConfirm={() => {
            const list = chosen;
            setConfirming(null);
            void run(list);
          }}
        >
          {confirming.map((p) => (
            <div key={p.offer.id} className="confirm-item">
              <p>
                <strong>{p.offer.title}</strong>
              </p>
              <p>{p.offer.warning ?? 'The doctor cannot put this back afterwards.'}</p>
              <ul>
                {p.offer.steps.map((s, i) => (
                  <li key={i}>{describeStep(s)}</li>
                ))}
              </ul>
            </div>
          ))}
        </ConfirmDialog>
      )}
    </div>
  );
}
