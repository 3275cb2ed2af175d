import { Fragment, useState, type ReactNode } from 'react';
import type { DoctorApi } from '../../../electron/contract';
import { errorText } from '../api';

// Small shared pieces: the glyph that carries status in text (never colour alone), the
// helpdesk panel, and a copy button that says whether the copy worked.

export function Glyph({ glyph, tone }: { glyph: string; tone: string }) {
  return (
    <span className={`glyph tone-${tone}`} aria-hidden="true">
      {glyph}
    </span>
  );
}

export interface HelpdeskLine {
  label: string;
  command?: string;
  path?: string;
  /** Plain words (the Git client's name, why it fails). */
  text?: string;
}

export function HelpdeskPanel({
  api,
  lines,
  show,
}: {
  api: DoctorApi;
  lines: HelpdeskLine[];
  show: boolean;
}) {
  if (!show || lines.length === 0) return null;
  return (
    <aside className="helpdesk" aria-label="Helpdesk view: the same step on the command line">
      <h2 className="helpdesk-title">
        <span aria-hidden="true">⌨ </span>On the command line
      </h2>
      <dl>
        {lines.map((l, i) => (
          <div className="helpdesk-line" key={i}>
            <dt>{l.label}</dt>
            <dd>
              {l.command !== undefined && (
                <>
                  <code className="cmd">
                    $ <Words text={l.command} />
                  </code>
                  <CopyButton api={api} text={l.command} label={`Copy: ${l.label}`} />
                </>
              )}
              {l.path !== undefined && <code className="path">{l.path}</code>}
              {l.text !== undefined && <span>{l.text}</span>}
            </dd>
          </div>
        ))}
      </dl>
    </aside>
  );
}

export function CopyButton({
  api,
  text,
  label,
  children,
}: {
  api: DoctorApi;
  text: string;
  label: string;
  children?: ReactNode;
}) {
  const [state, setState] = useState<'idle' | 'copied' | string>('idle');
  return (
    <span className="copy">
      <button
        type="button"
        className="btn small"
        aria-label={label}
        onClick={() => {
          api.copyText({ text }).then(
            () => setState('copied'),
            (e: unknown) => setState(`Could not copy: ${errorText(e)}`),
          );
        }}
      >
        {children ?? 'Copy'}
      </button>
      <span role="status" className="copy-status">
        {state === 'copied' ? '[✓] Copied' : state === 'idle' ? '' : state}
      </span>
    </span>
  );
}

/**
 * An address or host name that wraps only after "/", ".", ":" or "@" — never at a hyphen, so
 * "us-east-1" never reads as "us-east-" on one line and "1" on the next. The text copies as is.
 */
export function Addr({ text, className }: { text: string; className?: string }) {
  const parts = text.match(/[^/.:@?&=]*[/.:@?&=]*/g)?.filter(Boolean) ?? [text];
  return (
    <span className={`addr${className ? ` ${className}` : ''}`}>
      {parts.map((p, i) => (
        <Fragment key={i}>
          <span className="nobr">{p}</span>
          {i < parts.length - 1 && <wbr />}
        </Fragment>
      ))}
    </span>
  );
}

/** A command to copy: shown exactly, with a Copy button named after it. */
export function CommandBox({ api, command, label }: { api: DoctorApi; command: string; label?: string }) {
  return (
    <span className="plan-cmd">
      <code className="cmd">
        $ <Words text={command} />
      </code>
      <CopyButton api={api} text={command} label={label ?? `Copy command: ${command}`} />
    </span>
  );
}

/** The step's Back and next actions, pinned to the bottom of the window. */
export function ActionBar({ children }: { children: ReactNode }) {
  return (
    <div className="actions step-actions" data-testid="step-actions">
      {children}
    </div>
  );
}

/** Sentences from the engine: host names, addresses and paths in them never break at a hyphen. */
export function Words({ text }: { text: string }) {
  const tokens = text.split(/(\s+)/);
  return (
    <>
      {tokens.map((t, i) =>
        /-/.test(t) && /[./:]\w/.test(t) ? <Addr key={i} text={t} /> : <Fragment key={i}>{t}</Fragment>,
      )}
    </>
  );
}
