import { useId, useRef, useState, type FormEvent } from 'react';
import type { DoctorApi } from '../../../electron/contract';
import type { TargetInput } from '../../../electron/engine/model';
import { checkAddress } from '../../../electron/shared/address-check';
import { regionName } from '../../../electron/shared/region';
import { errorText } from '../api';
import { ActionBar, HelpdeskPanel } from '../components/common';
import { diagnoseCommand } from '../wizard-model';
import { AddressHint, useSettled } from './AddressHint';
import { AddressField, FolderField, RegionField, TargetChoices, type TargetKind } from './TargetFields';

// Step 1. The address is checked as it is typed (address-check.ts: "Did you mean …?"), but
// only as a hint: whether an address is well-formed or a CodeCommit address at all is the
// engine's call (url-malformed / url-not-codecommit), so the app and the CLI never disagree.
// A hint is shown once before the scan starts; pressing Start again scans what was typed.

function targetOf(kind: TargetKind, url: string, dir: string, region = ''): TargetInput | null {
  switch (kind) {
    case 'url':
      return url.trim() ? { kind: 'url', url: url.trim() } : null;
    case 'dir':
      return dir ? { kind: 'dir', path: dir } : null;
    case 'machine': {
      const r = regionName(region);
      return r ? { kind: 'machine', region: r } : { kind: 'machine' };
    }
  }
}

/** What the helpdesk view shows before the field is filled in. */
function placeholderTarget(kind: TargetKind): TargetInput {
  return targetOf(kind, '<url>', '<folder>') ?? { kind: 'machine' };
}

/** The hint for the address once typing pauses, or at once when Start was pressed for it. */
function useAddressHint(url: string) {
  const [shownFor, setShownFor] = useState<string | null>(null);
  const settled = useSettled(url, 600);
  const text = shownFor === url ? url : settled === url ? settled : '';
  return {
    hint: checkAddress(text),
    /** The hint was shown when Start was pressed: pressing it again scans as typed. */
    asTyped: shownFor === url,
    /** True when Start should wait: a hint this address has not been shown with yet. */
    holdsStart: () => {
      if (shownFor === url || !checkAddress(url)) return false;
      setShownFor(url);
      return true;
    },
  };
}

export function TargetStep({
  api,
  initial,
  helpdesk,
  onStart,
}: {
  api: DoctorApi;
  initial: TargetInput | null;
  helpdesk: boolean;
  onStart: (t: TargetInput) => void;
}) {
  const [kind, setKind] = useState<TargetKind>(initial?.kind ?? 'url');
  const [url, setUrl] = useState(initial?.kind === 'url' ? initial.url : '');
  const [dir, setDir] = useState(initial?.kind === 'dir' ? initial.path : '');
  const [region, setRegion] = useState(initial?.kind === 'machine' ? (initial.region ?? '') : '');
  const [error, setError] = useState<string | null>(null);
  const ids = useId();
  const field = useRef<HTMLInputElement>(null);
  const target = targetOf(kind, url, dir, region);
  const address = useAddressHint(url);
  const hint = kind === 'url' ? address.hint : null;

  const pick = () => {
    api.pickFolder({}).then(
      (r) => {
        if (r.path) {
          setDir(r.path);
          setError(null);
        }
      },
      (e: unknown) => setError(`Could not open the folder picker: ${errorText(e)}`),
    );
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (kind === 'machine' && region.trim() && !regionName(region)) {
      setError(`“${region.trim()}” is not an AWS Region name (for example eu-west-1).`);
      return;
    }
    if (!target) {
      setError(kind === 'url' ? 'Paste the clone address first.' : 'Choose a repository folder first.');
      return;
    }
    if (kind === 'url' && address.holdsStart()) {
      field.current?.focus();
      return;
    }
    onStart(target);
  };

  return (
    <form className="step-body" onSubmit={submit} noValidate>
      <p className="lead">
        Tell the doctor what fails to clone. It only looks: nothing on this computer changes until you agree
        to a fix.
      </p>
      <TargetChoices kind={kind} onChange={(k) => (setKind(k), setError(null))} />
      {kind === 'url' && (
        <AddressField
          ids={ids}
          url={url}
          inputRef={field}
          invalid={error !== null}
          describedBy={hint ? `${ids}-address-hint` : undefined}
          onChange={(u) => (setUrl(u), setError(null))}
        />
      )}
      {hint && (
        <AddressHint
          id={`${ids}-address-hint`}
          hint={hint}
          asTyped={address.asTyped}
          onUse={(u) => (setUrl(u), field.current?.focus())}
        />
      )}
      {kind === 'dir' && <FolderField ids={ids} dir={dir} onPick={pick} />}
      {kind === 'machine' && (
        <>
          <p className="hint">Useful when several repositories fail, or when you do not know the address.</p>
          <RegionField
            ids={ids}
            region={region}
            invalid={error !== null}
            onChange={(r) => (setRegion(r), setError(null))}
          />
        </>
      )}
      {error && (
        <p id={`${ids}-error`} className="error-text" role="alert">
          <span aria-hidden="true">[✗] </span>
          {error}
        </p>
      )}
      <HelpdeskPanel
        api={api}
        show={helpdesk}
        lines={[
          { label: 'Same scan in a terminal', command: diagnoseCommand(target ?? placeholderTarget(kind)) },
        ]}
      />
      <ActionBar>
        <button type="submit" className="btn primary">
          Start the scan
        </button>
      </ActionBar>
    </form>
  );
}
