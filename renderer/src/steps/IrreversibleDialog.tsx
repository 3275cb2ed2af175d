import { ConfirmDialog } from '../components/ConfirmDialog';
import type { PlannedOffer } from '../wizard-model';

// The confirmation before anything that cannot be undone: each such offer, its warning and
// the steps it takes.

export function IrreversibleDialog(props: {
  offers: PlannedOffer[];
  onCancel: () => void;
  onConfirm: () => void;
}) {
  // Say what the button does: deleting saved passwords, or a change in AWS that stays.
  const deletes = props.offers.some((p) => p.offer.steps.some((s) => s.type === 'delete-credential'));
  return (
    <ConfirmDialog
      title="This cannot be undone"
      confirmLabel={deletes ? 'Delete and apply' : 'Apply anyway'}
      acknowledge="I understand that this cannot be undone"
      onCancel={props.onCancel}
      onConfirm={props.onConfirm}
    >
      {props.offers.map((p) => (
        <div key={p.offer.id} className="confirm-item">
          <p>
            <strong>{p.offer.title}</strong>
          </p>
          <p>{p.offer.warning ?? 'The doctor cannot put this back afterwards.'}</p>
          <ul>
            {p.offer.preview.map((s, i) => (
              <li key={i}>{s.description}</li>
            ))}
          </ul>
        </div>
      ))}
    </ConfirmDialog>
  );
}
