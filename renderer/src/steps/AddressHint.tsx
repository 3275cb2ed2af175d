import { useEffect, useRef, useState } from 'react';
import type { AddressHint as Hint } from '../../../electron/shared/address-check';
import { Addr, Glyph } from '../components/common';

// "Did you mean …?" under the address field: one sentence, the address the person most
// likely meant (one click puts it in the field) or one example of a good address.

/** `value` once it has stopped changing for `ms` (a hint is not shown at every key press). */
export function useSettled(value: string, ms: number): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return settled;
}

export function AddressHint(props: {
  id: string;
  hint: Hint;
  asTyped: boolean;
  onUse: (address: string) => void;
}) {
  const { hint, asTyped } = props;
  const box = useRef<HTMLDivElement>(null);
  // Start was pressed with this hint showing: it is what the person must see now (below the
  // fold on a small window).
  useEffect(() => {
    if (asTyped) box.current?.scrollIntoView?.({ block: 'nearest' });
  }, [asTyped]);
  return (
    <div ref={box} id={props.id} className="hint-box" role="status">
      <p>
        <Glyph glyph="[!]" tone="warn" />
        {hint.message}
        {hint.suggestion && (
          <>
            {' '}
            Did you mean <Addr text={hint.suggestion} className="mono" />?
          </>
        )}
        {hint.example && (
          <>
            {' '}
            For example: <Addr text={hint.example} className="mono" />
          </>
        )}
      </p>
      {(hint.suggestion || props.asTyped) && (
        <p className="row">
          {hint.suggestion && (
            <button
              type="button"
              className="btn small"
              onClick={() => props.onUse(hint.suggestion as string)}
            >
              Use this address
            </button>
          )}
          {props.asTyped && (
            <span className="meta">
              Or press “Start the scan” again to check the address as you typed it.
            </span>
          )}
        </p>
      )}
    </div>
  );
}
