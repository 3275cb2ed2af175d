import type { Finding, FixOffer, StoreEntry } from '../model';
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
    steps: o.entries.map((entry) => ({ type: 'delete-credential', entry })),
    warning: IRREVERSIBLE,
  });
}
