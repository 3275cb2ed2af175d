import { useId, useState, type FormEvent } from 'react';
import type { DoctorApi } from '../../../electron/contract';
import type { TargetInput } from '../../../electron/engine/model';
import { errorText } from '../api';
import { HelpdeskPanel } from '../components/common';
import { diagnoseCommand } from '../wizard-model';

// Step 1. Only emptiness is checked here: whether an address is well-formed or a CodeCommit
// address at all is the engine's call (url-malformed / url-not-codecommit), so the app and
// the CLI never disagree.

type Kind = TargetInput['kind'];

const CHOICES: { kind: Kind; title: string; hint: string }[] = [
  {
    kind: 'url',
    title: 'A clone address',
    hint: 'The URL you give to git clone, e.g. from the CodeCommit console.',
  },
  {
    kind: 'dir',
    title: 'A repository on this computer',
    hint: 'A folder you already cloned: its remotes are checked.',
  },
  {
    kind: 'machine',
    title: 'This whole computer',
    hint: 'Every CodeCommit setting and saved password git and the AWS CLI know about.',
  },
];

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
  const [kind, setKind] = useState<Kind>(initial?.kind ?? 'url');
  const [url, setUrl] = useState(initial?.kind === 'url' ? initial.url : '');
  const [dir, setDir] = useState(initial?.kind === 'dir' ? initial.path : '');
  const [error, setError] = useState<string | null>(null);
  const ids = useId();

  const target: TargetInput | null =
    kind === 'url'
      ? url.trim()
        ? { kind: 'url', url: url.trim() }
        : null
      : kind === 'dir'
        ? dir
          ? { kind: 'dir', path: dir }
          : null
        : { kind: 'machine' };

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
    if (!target) {
      setError(kind === 'url' ? 'Paste the clone address first.' : 'Choose a repository folder first.');
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
      <fieldset className="choices">
        <legend className="sr-only">What to check</legend>
        {CHOICES.map((c) => (
          <label key={c.kind} className={`choice${kind === c.kind ? ' selected' : ''}`}>
            <input
              type="radio"
              name="target-kind"
              value={c.kind}
              checked={kind === c.kind}
              onChange={() => (setKind(c.kind), setError(null))}
            />
            <span className="choice-text">
              <span className="choice-title">{c.title}</span>
              <span className="choice-hint">{c.hint}</span>
            </span>
          </label>
        ))}
      </fieldset>

      {kind === 'url' && (
        <div className="field">
          <label htmlFor={`${ids}-url`}>Clone address</label>
          <input
            id={`${ids}-url`}
            type="text"
            className="input mono"
            value={url}
            spellCheck={false}
            autoComplete="off"
            placeholder="https://git-codecommit.us-east-1.amazonaws.com/v1/repos/my-repo"
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${ids}-error` : `${ids}-hint`}
            onChange={(e) => (setUrl(e.target.value), setError(null))}
          />
          <p id={`${ids}-hint`} className="hint">
            https://, ssh:// and codecommit:// addresses all work.
          </p>
        </div>
      )}
      {kind === 'dir' && (
        <div className="field">
          <span className="field-label" id={`${ids}-dir-label`}>
            Repository folder
          </span>
          <div className="row">
            <button
              type="button"
              className="btn"
              onClick={pick}
              aria-describedby={`${ids}-dir-label ${ids}-dir`}
            >
              Choose folder…
            </button>
            <code id={`${ids}-dir`} className="path">
              {dir || 'No folder chosen'}
            </code>
          </div>
        </div>
      )}
      {kind === 'machine' && (
        <p className="hint">Useful when several repositories fail, or when you do not know the address.</p>
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
          {
            label: 'Same scan in a terminal',
            command: diagnoseCommand(
              target ??
                (kind === 'url'
                  ? { kind: 'url', url: '<url>' }
                  : kind === 'dir'
                    ? { kind: 'dir', path: '<folder>' }
                    : { kind: 'machine' }),
            ),
          },
        ]}
      />

      <div className="actions">
        <button type="submit" className="btn primary">
          Start the scan
        </button>
      </div>
    </form>
  );
}
