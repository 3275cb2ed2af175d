import type { Finding, FixOffer, StoreEntry } from '../model';
import { storeOf } from '../platform';
import { listWords, STORE_PLAIN } from '../../shared/plain-words';
import { IRREVERSIBLE, makeOffer } from './offer';

/** Deleting saved CodeCommit passwords: said to be irreversible before it happens. */
export function deleteEntriesOffer(
  finding: Pick<Finding, 'code'>,
  o: { id: string; title: string; description: string; entries: StoreEntry[]; plain?: string },
): FixOffer {
  return makeOffer(finding, {
    id: o.id,
    kind: 'fix',
    title: o.title,
    description: o.description,
    plain:
      o.plain ??
      `The old CodeCommit passwords saved in ${listWords([...new Set(o.entries.map((e) => STORE_PLAIN[e.store]))])} will be deleted.`,
    notice:
      'Other saved passwords (GitHub and the rest) stay. Git gets a fresh CodeCommit password from AWS each time.',
    steps: [...o.entries]
      .sort((a, b) => (a.store === b.store ? (storeOf(a.store).deletionOrder?.(a, b) ?? 0) : 0))
      .map((entry) => ({ type: 'delete-credential', entry })),
    warning: IRREVERSIBLE,
  });
}
