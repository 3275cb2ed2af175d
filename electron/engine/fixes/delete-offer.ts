import type { Finding, FixOffer, StoreEntry } from '../model';
import { storeOf } from '../platform';
import { IRREVERSIBLE, makeOffer } from './offer';

/** Deleting saved CodeCommit passwords: said to be irreversible before it happens. */
export function deleteEntriesOffer(
  finding: Pick<Finding, 'code'>,
  o: { id: string; title: string; description: string; entries: StoreEntry[] },
): FixOffer {
  return makeOffer(finding, {
    id: o.id,
    kind: 'fix',
    title: o.title,
    description: o.description,
    steps: [...o.entries]
      .sort((a, b) => (a.store === b.store ? (storeOf(a.store).deletionOrder?.(a, b) ?? 0) : 0))
      .map((entry) => ({ type: 'delete-credential', entry })),
    warning: IRREVERSIBLE,
  });
}
