import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';

// The commit point for anything that cannot be undone (WCAG 3.3.4). A modal that starts on
// Cancel, so Enter alone never confirms; confirming takes ticking "I understand" and then
// pressing the confirm button: a deliberate action, not a reflex.

export function ConfirmDialog(props: {
  title: string;
  confirmLabel: string;
  acknowledge: string;
  children: ReactNode;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const [understood, setUnderstood] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  const ids = useId();
  const previous = useRef<Element | null>(null);

  useEffect(() => {
    previous.current = document.activeElement;
    cancel.current?.focus();
    return () => {
      if (previous.current instanceof HTMLElement) previous.current.focus();
    };
  }, []);

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      props.onCancel();
      return;
    }
    if (e.key !== 'Tab' || !box.current) return;
    const focusable = [
      ...box.current.querySelectorAll<HTMLElement>('button:not([disabled]), input:not([disabled])'),
    ];
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (!first || !last) return;
    if (e.shiftKey && document.activeElement === first) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first.focus();
    }
  };

  return (
    <div className="modal-backdrop">
      <div
        ref={box}
        className="modal"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby={`${ids}-title`}
        aria-describedby={`${ids}-body`}
        onKeyDown={onKeyDown}
      >
        <h2 id={`${ids}-title`} className="modal-title">
          <span aria-hidden="true">[!] </span>
          {props.title}
        </h2>
        <div id={`${ids}-body`} className="modal-body">
          {props.children}
        </div>
        <label className="check-label">
          <input type="checkbox" checked={understood} onChange={(e) => setUnderstood(e.target.checked)} />
          {props.acknowledge}
        </label>
        <div className="actions">
          <button ref={cancel} type="button" className="btn" onClick={props.onCancel}>
            Cancel
          </button>
          <button type="button" className="btn danger" disabled={!understood} onClick={props.onConfirm}>
            {props.confirmLabel}
          </button>
        </div>
      </div>
    </div>
  );
}
