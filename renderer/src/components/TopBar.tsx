// The bar above every step: the product's name and the helpdesk toggle (a pressed button,
// so a screen reader says whether it is on).

export function TopBar({ helpdesk, onToggleHelpdesk }: { helpdesk: boolean; onToggleHelpdesk: () => void }) {
  return (
    <header className="topbar">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">
          ✚
        </span>
        <span className="brand-name">CodeCommit Doctor</span>
      </div>
      <button type="button" className="toggle" aria-pressed={helpdesk} onClick={onToggleHelpdesk}>
        <span className="toggle-track" aria-hidden="true">
          <span className="toggle-thumb" />
        </span>
        Helpdesk view
      </button>
    </header>
  );
}
