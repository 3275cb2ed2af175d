import { useState } from 'react';
import type { DoctorApi, RequestOf } from '../../../electron/contract';
import { errorText } from '../api';

// The Report step's controls: what to hide, which format, and copy or save (each saying
// whether it worked, on screen and aloud).

export type Redaction = RequestOf<'renderReport'>['redaction'];
export type Format = RequestOf<'renderReport'>['format'];

export function RedactionOptions({
  redaction,
  onChange,
}: {
  redaction: Redaction;
  onChange: (r: Redaction) => void;
}) {
  const toggle = (key: keyof Redaction, label: string, hides: string) => (
    <div className="option">
      <label className="check-label">
        <input
          type="checkbox"
          checked={redaction[key]}
          aria-describedby={`hides-${key}`}
          onChange={(e) => onChange({ ...redaction, [key]: e.target.checked })}
        />
        {label}
      </label>
      <span id={`hides-${key}`} className="option-hint">
        {hides}
      </span>
    </div>
  );
  // Each option says exactly what it replaces; passwords, keys and tokens are always removed.
  return (
    <fieldset className="options">
      <legend>Hide</legend>
      {toggle(
        'hideAccounts',
        'Account names',
        'AWS account IDs, IAM user names, access key and SSH key IDs, Git credential user names and user names in addresses.',
      )}
      {toggle('hideHome', 'My home folder', 'Your home folder in paths, shown as ~.')}
      {toggle('hideRepoNames', 'Repository names', 'Repository names and VPC endpoint IDs.')}
      <p className="option-hint">Passwords, secret keys and tokens are always removed.</p>
    </fieldset>
  );
}

export function FormatOptions({ format, onChange }: { format: Format; onChange: (f: Format) => void }) {
  return (
    <fieldset className="options">
      <legend>Format</legend>
      {(['markdown', 'json'] as const).map((f) => (
        <label key={f} className="check-label">
          <input
            type="radio"
            name="report-format"
            value={f}
            checked={format === f}
            onChange={() => onChange(f)}
          />
          {f === 'markdown' ? 'Text (Markdown)' : 'JSON'}
        </label>
      ))}
    </fieldset>
  );
}

export function ReportActions(props: {
  api: DoctorApi;
  scanId: string;
  format: Format;
  redaction: Redaction;
  text: string | null;
  announce: (t: string) => void;
}) {
  const { api, text, announce } = props;
  const [status, setStatus] = useState('');
  const copy = () =>
    text !== null &&
    api.copyText({ text }).then(
      () => (setStatus('[✓] Copied the report'), announce('Copied the report.')),
      (e: unknown) => setStatus(`[✗] Could not copy: ${errorText(e)}`),
    );
  const save = () =>
    api.saveReport({ scanId: props.scanId, format: props.format, redaction: props.redaction }).then(
      (r) => {
        const msg = r.saved ? `[✓] Saved to ${r.path ?? 'the chosen file'}` : '[-] Not saved';
        setStatus(msg);
        announce(msg.slice(4));
      },
      (e: unknown) => setStatus(`[✗] Could not save: ${errorText(e)}`),
    );
  // Placed in the step's action bar: the report's own actions are the step's next action.
  return (
    <>
      <p role="status" className="status-text">
        {status}
      </p>
      <button type="button" className="btn" onClick={save}>
        Save report…
      </button>
      <button type="button" className="btn primary" disabled={text === null} onClick={copy}>
        Copy report
      </button>
    </>
  );
}
