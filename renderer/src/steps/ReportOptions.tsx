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
  const toggle = (key: keyof Redaction, label: string) => (
    <label className="check-label">
      <input
        type="checkbox"
        checked={redaction[key]}
        onChange={(e) => onChange({ ...redaction, [key]: e.target.checked })}
      />
      {label}
    </label>
  );
  return (
    <fieldset className="options">
      <legend>Hide</legend>
      {toggle('hideAccounts', 'Account names and key IDs')}
      {toggle('hideHome', 'My home folder')}
      {toggle('hideRepoNames', 'Repository names')}
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
  return (
    <div className="actions vertical">
      <button type="button" className="btn primary" disabled={text === null} onClick={copy}>
        Copy report
      </button>
      <button type="button" className="btn" onClick={save}>
        Save report…
      </button>
      <p role="status" className="status-text">
        {status}
      </p>
    </div>
  );
}
