import type { DoctorApi } from '../../../electron/contract';
import type { Evidence, Finding, FixOffer } from '../../../electron/engine/model';
import { adminMessage } from '../../../electron/shared/admin-message';
import { commandLine } from '../../../electron/shared/command-line';
import { Addr, CommandBox, CopyButton, Glyph, Words } from '../components/common';
import { isRunnable } from '../wizard-model';

// "What you can do" under each finding: what the doctor will fix on the next step, and for
// everything it cannot fix itself something to act on right here — the corrected address
// (copy it, or scan with it), the request for an administrator with the exact policy, the
// command to run. Nothing here runs anything.

type Policy = Extract<Evidence, { kind: 'policy' }>;

/** onUseAddress absent: a replay (another computer's address is never scanned from here). */
function AddressActions(props: { api: DoctorApi; address: string; onUseAddress?: (a: string) => void }) {
  const use = props.onUseAddress;
  return (
    <div className="address-actions">
      <Addr text={props.address} className="mono address" />
      <span className="row">
        <CopyButton api={props.api} text={props.address} label={`Copy address: ${props.address}`} />
        {use && (
          <button type="button" className="btn small" onClick={() => use(props.address)}>
            Use this address
          </button>
        )}
      </span>
    </div>
  );
}

/** One thing the person (or an administrator) does: the sentence, then what to copy. */
function NextStep(props: { api: DoctorApi; offer: FixOffer; onUseAddress?: (a: string) => void }) {
  const { offer, api } = props;
  const commands = offer.steps.flatMap((s) => (s.type === 'command' ? [s] : []));
  const admin = offer.needsAdmin || commands.some((c) => c.admin);
  return (
    <li className="next-step">
      <p>
        <span className="next-title">
          <Words text={offer.plain ?? offer.title} />
        </span>
        {admin && <span className="meta"> (needs administrator rights)</span>}
      </p>
      {!offer.address && (
        <p className="meta">
          <Words text={offer.description} />
        </p>
      )}
      {offer.address && (
        <AddressActions api={api} address={offer.address} onUseAddress={props.onUseAddress} />
      )}
      {commands.map((c, i) => (
        <CommandBox key={i} api={api} command={commandLine(c.argv)} />
      ))}
    </li>
  );
}

/** The policy an administrator attaches, pretty-printed, and the message that asks for it. */
export function AdminRequest({ api, policy }: { api: DoctorApi; policy: Policy }) {
  return (
    <div className="admin-request">
      <p className="next-title">{policy.label}</p>
      <pre className="output policy" tabIndex={0} aria-label={policy.label}>
        {policy.document}
      </pre>
      <span className="row">
        <CopyButton api={api} text={policy.document} label="Copy policy">
          Copy policy
        </CopyButton>
        <CopyButton api={api} text={adminMessage(policy)} label="Copy message for your administrator">
          Copy message for your administrator
        </CopyButton>
      </span>
    </div>
  );
}

export function FindingNextSteps(props: {
  api: DoctorApi;
  finding: Finding;
  replay?: boolean;
  onUseAddress?: (address: string) => void;
}) {
  const { finding, api } = props;
  const fixable = props.replay
    ? 'On that computer, "codecommit-doctor fix" can fix this once its user agrees'
    : 'The doctor can fix this for you on the next step, once you agree';
  const runnable = finding.fixes.filter(isRunnable);
  const yours = finding.fixes.filter((o) => !isRunnable(o));
  const policies = finding.evidence.filter((e): e is Policy => e.kind === 'policy');
  if (runnable.length === 0 && yours.length === 0 && policies.length === 0)
    // Never a dead end: nothing planned for this one (yet), so the people who can help.
    return (
      <div className="next-steps">
        <h4>What you can do</h4>
        <p>
          The AWS guide explains this problem (Technical details › Learn more). If it does not help, make a
          report and send it to your helpdesk: it names this problem and what the doctor saw.
        </p>
      </div>
    );
  return (
    <div className="next-steps">
      <h4>What you can do</h4>
      {runnable.length > 0 && (
        <p className="fixable">
          <Glyph glyph="[✓]" tone="pass" />
          <Words text={`${fixable}${runnable[0]?.plain ? `: ${runnable[0].plain}` : '.'}`} />
        </p>
      )}
      {yours.length > 0 && (
        <ul className="next-list">
          {yours.map((o) => (
            <NextStep key={o.id} api={api} offer={o} onUseAddress={props.onUseAddress} />
          ))}
        </ul>
      )}
      {policies.map((p, i) => (
        <AdminRequest key={i} api={api} policy={p} />
      ))}
    </div>
  );
}
