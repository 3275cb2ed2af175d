import type { Ref } from 'react';
import type { TargetInput } from '../../../electron/engine/model';

// The inputs of the first step: what kind of thing to check, and the address or folder.

export type TargetKind = TargetInput['kind'];

const CHOICES: { kind: TargetKind; title: string; hint: string }[] = [
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

export function TargetChoices({ kind, onChange }: { kind: TargetKind; onChange: (k: TargetKind) => void }) {
  return (
    <fieldset className="choices">
      <legend className="sr-only">What to check</legend>
      {CHOICES.map((c) => (
        <label key={c.kind} className={`choice${kind === c.kind ? ' selected' : ''}`}>
          <input
            type="radio"
            name="target-kind"
            value={c.kind}
            checked={kind === c.kind}
            onChange={() => onChange(c.kind)}
          />
          <span className="choice-text">
            <span className="choice-title">{c.title}</span>
            <span className="choice-hint">{c.hint}</span>
          </span>
        </label>
      ))}
    </fieldset>
  );
}

/** A one-line field for an address or a name: typed exactly, no spelling check, no autofill. */
function CodeInput(props: {
  id: string;
  value: string;
  placeholder: string;
  invalid: boolean;
  describedBy: string;
  inputRef?: Ref<HTMLInputElement> | undefined;
  onChange: (value: string) => void;
}) {
  return (
    <input
      id={props.id}
      ref={props.inputRef}
      type="text"
      className="input mono"
      value={props.value}
      spellCheck={false}
      autoComplete="off"
      placeholder={props.placeholder}
      aria-invalid={props.invalid ? true : undefined}
      aria-describedby={props.describedBy}
      onChange={(e) => props.onChange(e.target.value)}
    />
  );
}

/** `ids` prefixes the element ids, so the error message can describe the field. */
export function AddressField(props: {
  ids: string;
  url: string;
  invalid: boolean;
  inputRef?: Ref<HTMLInputElement>;
  /** The hint under the field, when one is shown. */
  describedBy?: string;
  onChange: (url: string) => void;
}) {
  const { ids } = props;
  return (
    <div className="field">
      <label htmlFor={`${ids}-url`}>Clone address</label>
      <CodeInput
        id={`${ids}-url`}
        inputRef={props.inputRef}
        value={props.url}
        placeholder="https://git-codecommit.us-east-1.amazonaws.com/v1/repos/my-repo"
        invalid={props.invalid}
        describedBy={[props.invalid ? `${ids}-error` : `${ids}-hint`, props.describedBy]
          .filter(Boolean)
          .join(' ')}
        onChange={props.onChange}
      />
      <p id={`${ids}-hint`} className="hint">
        https://, ssh:// and codecommit:// addresses all work.
      </p>
    </div>
  );
}

/** The whole computer's one question: where the repositories are when nothing is cloned yet. */
export function RegionField(props: {
  ids: string;
  region: string;
  invalid: boolean;
  onChange: (region: string) => void;
}) {
  const { ids } = props;
  return (
    <div className="field">
      <label htmlFor={`${ids}-region`}>AWS Region of your repositories (if nothing is cloned yet)</label>
      <CodeInput
        id={`${ids}-region`}
        value={props.region}
        placeholder="eu-west-1"
        invalid={props.invalid}
        describedBy={props.invalid ? `${ids}-error` : `${ids}-region-hint`}
        onChange={props.onChange}
      />
      <p id={`${ids}-region-hint`} className="hint">
        The doctor checks what this computer already knows about CodeCommit. If you have not cloned anything
        yet, it cannot tell which Region you use and assumes none: type it here.
      </p>
    </div>
  );
}

export function FolderField({ ids, dir, onPick }: { ids: string; dir: string; onPick: () => void }) {
  return (
    <div className="field">
      <span className="field-label" id={`${ids}-dir-label`}>
        Repository folder
      </span>
      <div className="row">
        <button
          type="button"
          className="btn"
          onClick={onPick}
          aria-describedby={`${ids}-dir-label ${ids}-dir`}
        >
          Choose folder…
        </button>
        <code id={`${ids}-dir`} className="path">
          {dir || 'No folder chosen'}
        </code>
      </div>
    </div>
  );
}
