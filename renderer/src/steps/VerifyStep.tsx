import { useEffect } from 'react';
import type { DoctorApi } from '../../../electron/contract';
import type { Verdict } from '../../../electron/engine/fixes/verify';
import type { ReplayInfo, TargetInput } from '../../../electron/engine/model';
import type { Verification } from '../wizard-state';
import { ActionBar, Addr, CommandBox, Glyph, HelpdeskPanel, Words } from '../components/common';
import { lsRemoteCommand, nextGitCommand } from '../wizard-model';
import { ReplayBanner } from './ScanAbout';
import { verifyRows, VerifySummary } from './VerifySummary';
import { VERIFY_RUNS } from '../../../electron/shared/verify-note';

// Step 5: the proof. A live `git ls-remote` (prompts off) before and after, put side by
// side as "403 → works (3 refs)"; then what now: the command to clone with when it works,
// and what to do next when it does not.

export function VerdictLine({ display, verdict }: { display: string; verdict: Verdict }) {
  return (
    <span className="verdict">
      <Glyph glyph={verdict.ok ? '[✓]' : '[✗]'} tone={verdict.ok ? 'pass' : 'fail'} />{' '}
      <Words text={verdict.headline} />{' '}
      <span className="meta mono">
        (<Addr text={display} />)
      </span>
    </span>
  );
}

/**
 * After a green try: git works, and this is what to type. `client` is the app the person
 * clones with when it is not a terminal (the first step's choice): the card then says to try
 * again there.
 */
export function FinishCard(props: { api: DoctorApi; target: TargetInput; client?: string }) {
  const command = nextGitCommand(props.target);
  return (
    <section className="finish tone-pass" aria-labelledby="finish-title" data-testid="finish">
      <h2 id="finish-title" className="finish-title">
        <Glyph glyph="[✓]" tone="pass" />
        {props.target.kind === 'dir' ? 'Your repository works again' : 'You can clone now'}
      </h2>
      {command && (
        <>
          <p>{props.target.kind === 'dir' ? 'Fetch or pull as usual, for example:' : 'Clone it with:'}</p>
          <CommandBox api={props.api} command={command} label="Copy the clone command" />
        </>
      )}
      {props.client && <TryInClient name={props.client} />}
    </section>
  );
}

/** Where the person clones when it is not a terminal: the proof is git's; the app is where it matters. */
function TryInClient({ name }: { name: string }) {
  return (
    <p className="try-in-client" data-testid="try-in-client">
      <strong>Try again in {name}</strong>: clone or fetch there as you usually do. It runs the git the doctor
      checked, with the same settings.
    </p>
  );
}

/** After a try that still fails: never a dead end. */
function StuckCard(props: { onRescan?: () => void; onReport: () => void }) {
  return (
    <section className="stuck" aria-labelledby="stuck-title" data-testid="stuck">
      <h2 id="stuck-title" className="finish-title">
        What to do next
      </h2>
      <ol className="stuck-list">
        {props.onRescan && (
          <li>
            Scan again: the doctor looks at what is still in the way.{' '}
            <button type="button" className="btn small" onClick={props.onRescan}>
              Scan again
            </button>
          </li>
        )}
        <li>
          Open the report: it says what was found, what was changed and what git answers now.{' '}
          <button type="button" className="btn small" onClick={props.onReport}>
            Open the report
          </button>
        </li>
        <li>Still stuck? Send the report to your helpdesk: it holds everything they need.</li>
      </ol>
    </section>
  );
}

export function VerifyStep(props: {
  api: DoctorApi;
  target: TargetInput | null;
  /** A replay: nothing is tried from here (another computer's address). */
  replay?: ReplayInfo;
  /** The app the person clones with, by name (null: the terminal or the git on PATH). */
  client: string | null;
  before: Verification;
  after: Verification;
  appliedCount: number;
  helpdesk: boolean;
  onRun: () => void;
  onBack: () => void;
  onNext: () => void;
  onRescan?: () => void;
}) {
  const { before, after, onRun, target } = props;
  const machine = target?.kind === 'machine';
  const tries = !machine && !props.replay;
  useEffect(() => {
    if (tries && after.state === 'idle') onRun();
  }, [tries, after.state, onRun]);

  const rows = verifyRows(before, after);
  const works = rows.length > 0 && rows.every((r) => r.after.ok);
  const stuck = after.state === 'failed' || (rows.length > 0 && !works);

  return (
    <div className="step-body">
      <p className="lead">
        The doctor asks git to list the repository's branches, exactly as a clone would start, with password
        prompts turned off.
      </p>
      {props.replay && <ReplayBanner replay={props.replay} what="verify" />}
      {tries && <p className="hint">{VERIFY_RUNS}</p>}
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
      {works && target && (
        <FinishCard api={props.api} target={target} {...(props.client ? { client: props.client } : {})} />
      )}
      {rows.length > 0 && <VerifySummary rows={rows} appliedCount={props.appliedCount} />}
      {stuck && <StuckCard onRescan={props.onRescan} onReport={props.onNext} />}
      <HelpdeskPanel
        api={props.api}
        show={props.helpdesk}
        lines={[
          ...rows.map((r) => ({ label: 'Try it by hand', command: lsRemoteCommand(r.display) })),
          ...(target?.kind === 'url'
            ? [{ label: 'Or with the doctor', command: `codecommit-doctor verify --repo ${target.url}` }]
            : []),
        ]}
      />
      <ActionBar>
        <button type="button" className="btn" onClick={props.onBack}>
          Back
        </button>
        {tries && (
          <button type="button" className="btn" disabled={after.state === 'running'} onClick={onRun}>
            Try again
          </button>
        )}
        <button type="button" className="btn primary" onClick={props.onNext}>
          Make a report
        </button>
      </ActionBar>
    </div>
  );
}
