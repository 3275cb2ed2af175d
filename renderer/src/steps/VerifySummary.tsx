import type { Verdict } from '../../../electron/engine/fixes/verify';
import { Addr, Glyph, Words } from '../components/common';
import type { Verification } from '../wizard-state';

// The Verify step's proof: for each address, what git said before the fixes and what it
// says now ("403 → works (3 refs)"), with git's own words one click away.

export interface VerifyRow {
  display: string;
  before?: Verdict;
  after: Verdict;
}

/** One row per address of the latest try, next to the "before" try of the same address. */
export function verifyRows(before: Verification, after: Verification): VerifyRow[] {
  if (after.state !== 'done') return [];
  return after.result.results.map((r) => ({
    display: r.display,
    before:
      before.state === 'done'
        ? before.result.results.find((x) => x.display === r.display)?.verdict
        : undefined,
    after: r.verdict,
  }));
}

function VerifyRowView({ row }: { row: VerifyRow }) {
  return (
    <tr>
      <th scope="row" className="mono">
        <Addr text={row.display} />
      </th>
      <td>{row.before ? row.before.short : '—'}</td>
      <td>
        <strong className="change">
          {row.before ? `${row.before.short} → ${row.after.short}` : row.after.short}
        </strong>
        <div className="meta">
          <Words text={row.after.headline} />
        </div>
        {row.after.detail && (
          <details>
            <summary>What git printed</summary>
            <pre className="output" tabIndex={0}>
              {row.after.detail}
            </pre>
          </details>
        )}
      </td>
    </tr>
  );
}

export function VerifySummary({ rows, appliedCount }: { rows: VerifyRow[]; appliedCount: number }) {
  const allOk = rows.every((r) => r.after.ok);
  return (
    <div className={`verify-summary ${allOk ? 'tone-pass' : 'tone-fail'}`}>
      <p className="verify-big">
        <Glyph glyph={allOk ? '[✓]' : '[✗]'} tone={allOk ? 'pass' : 'fail'} />
        {allOk ? 'git can reach the repository' : 'git still cannot reach the repository'}
      </p>
      <table className="verify-table">
        <caption className="sr-only">Before and after</caption>
        <thead>
          <tr>
            <th scope="col">Address</th>
            <th scope="col">Before</th>
            <th scope="col">Now</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <VerifyRowView key={r.display} row={r} />
          ))}
        </tbody>
      </table>
      <p className="meta">
        {appliedCount === 1
          ? '1 fix applied in this session.'
          : `${appliedCount} fixes applied in this session.`}
      </p>
    </div>
  );
}
