import type { Evidence } from '../model';
import { storeOf } from '../platform';
import type { CheckDefinition, FindingDraft } from './check';
import { found, need, skipped } from './check';
import { clientEvidence, NO_CLIENT, selectedClient } from './client-derive';
import { advice } from '../fixes/offer';
import { DOCS } from './docs';

type Code = 'client-password-file';

// A client's password store the doctor cannot list without reading secrets (a JetBrains
// IDE's KeePass file, Sourcetree's passwd file): a stale CodeCommit password there goes on
// being sent, so say that the file exists, where, and how to clear it in the client. Stores
// that can be listed (Keychain, Credential Manager items) need nothing here: their stale
// CodeCommit entries are found and deleted by `cached-codecommit-credentials`.

export const clientSavedPasswords: CheckDefinition<Code> = {
  title: "Your Git client's own saved passwords",
  needs: ['clients', 'stores'],
  codes: {
    'client-password-file': {
      severity: 'info',
      title: 'Your Git client keeps passwords in a file the doctor cannot read',
      explanation:
        'The client you clone with keeps the passwords you type into it in its own encrypted file. The doctor does not open it (that would mean reading your passwords), so it cannot tell whether an old CodeCommit password is saved there. If the client keeps failing with a password that used to work, clear the saved password in the client as described below; it then asks again.',
      plain:
        'Your Git client saves passwords in its own locked file. If it keeps using an old CodeCommit password, clear it in the client and type the new one.',
      docsUrl: DOCS.gitCredentials,
      plan: (f, facts) => {
        const c = selectedClient(facts);
        const how = c?.model.clearPasswords;
        if (!c || !how) return [];
        return [
          advice(
            f,
            `${c.model.id}:clear-passwords`,
            `Clear the saved password in ${c.model.name}`,
            how.assumed ? `${how.value} (Assumed: not confirmed in ${c.model.name}'s sources.)` : how.value,
          ),
        ];
      },
    },
  },
  run(facts) {
    need(facts, 'clients');
    const c = selectedClient(facts);
    if (!c) return skipped(NO_CLIENT);
    const kinds = c.model.stores[facts.platform] ?? [];
    const { stores } = need(facts, 'stores');
    const files = stores.filter(
      (s) =>
        kinds.includes(s.store) && s.available && s.entries.length === 0 && (s.locations ?? []).length > 0,
    );
    const findings: FindingDraft<Code>[] = files.map((s) => {
      const evidence: Evidence[] = [
        ...clientEvidence(facts, c.selected),
        ...(s.locations ?? []).map((p) => ({
          kind: 'file' as const,
          path: p,
          exists: true,
          note: `${storeOf(s.store).name}: present, not opened`,
        })),
      ];
      return {
        code: 'client-password-file',
        subject: storeOf(s.store).name,
        detail: `${c.selected.name} keeps passwords in ${(s.locations ?? []).join(', ')}.`,
        evidence,
      };
    });
    return found(findings);
  },
};
