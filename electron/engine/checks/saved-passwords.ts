import { deleteEntriesOffer } from '../fixes/delete-offer';
import type { Finding, FixOffer, StoreEntry, StoreProbeResult } from '../model';
import { storeOf } from '../platform';
import type { CheckDefinition } from './check';
import { CheckError, found, need } from './check';
import { DOCS } from './docs';

/**
 * HTTPS Git credentials (IAM service-specific: `name-at-123456789012`) are meant to be
 * saved: they do not expire. Everything else saved for CodeCommit is either a signed
 * password the AWS helper made (user name = access key ID) that dies after ~15 minutes,
 * or something typed at a prompt that CodeCommit never accepts.
 */
export function isStaticGitCredential(e: StoreEntry): boolean {
  return /^.+-at-\d{12}$/.test(e.account ?? '');
}

/** One step per saved item, each under its store's full key (one Keychain item per repository). */
function deleteSaved(f: Finding): FixOffer[] {
  const entries: StoreEntry[] = [];
  for (const e of f.evidence) {
    if (e.kind !== 'store-entry') continue;
    if (!entries.some((x) => x.store === e.entry.store && storeOf(x.store).sameEntry(x, e.entry)))
      entries.push(e.entry);
  }
  if (entries.length === 0) return [];
  return [
    deleteEntriesOffer(f, {
      id: `${f.code}:delete:${f.subject ?? ''}`,
      title: `Delete ${entries.length} saved password${entries.length === 1 ? '' : 's'} for ${f.subject}`,
      description:
        'Removes only these CodeCommit entries; every other saved password (GitHub and the rest) stays.',
      entries,
    }),
  ];
}

/** Stores that say the same thing (both Keychain kinds come from one listing) are named together. */
function byMessage(
  stores: StoreProbeResult[],
  message: (s: StoreProbeResult) => string | undefined,
): [string, string][] {
  const names = new Map<string, string[]>();
  for (const s of stores) {
    const m = message(s);
    if (m !== undefined) names.set(m, [...(names.get(m) ?? []), storeOf(s.store).name]);
  }
  return [...names].map(([m, n]) => [m, n.join(' and ')]);
}

export const savedPasswords: CheckDefinition<'cached-codecommit-credentials'> = {
  title: 'Saved CodeCommit passwords',
  needs: ['stores'],
  codes: {
    'cached-codecommit-credentials': {
      severity: 'warning',
      title: 'Old CodeCommit passwords are saved on this computer',
      plain:
        'An old CodeCommit password is saved on this computer. These passwords stop working after about 15 minutes. Deleting the saved copy is safe: AWS makes a fresh one each time.',
      explanation:
        'A password store holds passwords for CodeCommit. Passwords signed by the AWS helper stop working after about 15 minutes; a saved copy makes git send an expired password and CodeCommit answers 403. Deleting them is safe: the AWS helper makes a fresh one every time.',
      docsUrl: DOCS.troubleshootHelper,
      plan: deleteSaved,
    },
  },
  run(facts) {
    const { stores } = need(facts, 'stores');
    const available = stores.filter((s) => s.available);
    const failed = available.filter((s) => s.error);
    const name = (s: { store: StoreEntry['store'] }) => storeOf(s.store).name;
    if (available.length > 0 && failed.length === available.length) {
      throw new CheckError(
        byMessage(failed, (s) => s.error)
          .map(([m, names]) => `${names}: ${m}`)
          .join('; '),
      );
    }
    const byHost = new Map<string, StoreEntry[]>();
    for (const s of available) {
      for (const e of s.entries.filter((x) => !isStaticGitCredential(x)))
        byHost.set(e.hostname, [...(byHost.get(e.hostname) ?? []), e]);
    }
    const findings = [...byHost].map(([host, entries]) => ({
      code: 'cached-codecommit-credentials' as const,
      about: { kind: 'host' as const, hostname: host },
      subject: host,
      detail: `${entries.length} saved for ${host}.`,
      evidence: entries.map((entry) => ({ kind: 'store-entry' as const, entry })),
    }));
    const partial = available.filter((s) => !s.error && s.incomplete);
    const notes = [
      ...byMessage(failed, (s) => s.error).map(([m, names]) => `${names} could not be read: ${m}`),
      ...byMessage(partial, (s) => s.incomplete).map(([m, names]) => `${names}: ${m}`),
      ...available.filter((s) => s.note).map((s) => `${name(s)}: ${s.note}`),
    ];
    // What was not read may hold stale passwords: never "none found" for it.
    if (findings.length === 0 && partial.length > 0) throw new CheckError(notes.join(' '));
    return found(findings, notes.join(' ') || undefined);
  },
};
