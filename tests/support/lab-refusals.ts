import { expect } from 'vitest';
import type { LabRequest } from '../lab/git-server';
import type { LabRefusal } from '../lab/scenarios';

/**
 * The Lab's own account of one git run: exactly the `expected` refusals, in order (with their
 * detail where given), and served requests — all 200 — only when the run should work. So a
 * scenario that ends in git's 403 cannot pass on a 403 given for another reason.
 */
export function expectLabRefusals(requests: LabRequest[], expected: LabRefusal[], served: boolean): void {
  const refused = requests.filter((r) => r.reason !== undefined);
  expect(
    refused.map((r) => ({ status: r.status, reason: r.reason })),
    'what the Lab refused',
  ).toEqual(expected.map((e) => ({ status: e.status, reason: e.reason })));
  expected.forEach((e, i) => {
    if (e.detail) expect(refused[i]?.detail, `detail of ${e.reason}`).toMatch(e.detail);
  });
  const answered = requests.filter((r) => r.reason === undefined).map((r) => r.status);
  if (served) {
    expect(answered.length, 'requests the Lab served').toBeGreaterThan(0);
    expect(new Set(answered)).toEqual(new Set([200]));
  } else {
    expect(answered, 'requests the Lab served').toEqual([]);
  }
}
