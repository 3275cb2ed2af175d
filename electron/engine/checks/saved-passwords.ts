import type { Finding, StoreEntry } from '../model';
import type { CheckDefinition } from './check';
import { CheckError, finding, need } from './check';

const STORE_NAME: Record<StoreEntry['store'], string> = {
  'macos-keychain-internet': 'macOS Keychain (internet password)',
  'macos-keychain-generic': 'macOS Keychain (Git Credential Manager)',
  'windows-credential-manager': 'Windows Credential Manager',
  libsecret: 'Secret Service keyring (libsecret)',
  'git-credential-store': 'git credential store file',
  'git-credential-cache': 'git credential cache',
};

export function storeName(store: StoreEntry['store']): string {
  return STORE_NAME[store];
}

/**
 * HTTPS Git credentials (IAM service-specific: `name-at-123456789012`) are meant to be
 * saved: they do not expire. Everything else saved for CodeCommit is either a signed
 * password the AWS helper made (user name = access key ID) that dies after ~15 minutes,
 * or something typed at a prompt that CodeCommit never accepts.
 */
export function isStaticGitCredential(e: StoreEntry): boolean {
  return /^.+-at-\d{12}$/.test(e.account ?? '');
}

export const savedPasswords: CheckDefinition = {
  id: 'stores',
  title: 'Saved CodeCommit passwords',
  needs: ['stores'],
  run(facts) {
    const { stores } = need(facts, 'stores');
    const available = stores.filter((s) => s.available);
    const failed = available.filter((s) => s.error);
    if (available.length > 0 && failed.length === available.length) {
      throw new CheckError(failed.map((s) => `${storeName(s.store)}: ${s.error}`).join('; '));
    }
    const byHost = new Map<string, StoreEntry[]>();
    for (const s of available) {
      for (const e of s.entries.filter((x) => !isStaticGitCredential(x)))
        byHost.set(e.hostname, [...(byHost.get(e.hostname) ?? []), e]);
    }
    const findings: Finding[] = [...byHost].map(([host, entries]) =>
      finding('cached-codecommit-credentials', {
        subject: host,
        detail: `${entries.length} saved for ${host}.`,
        evidence: entries.map((e) => ({
          kind: 'store-entry' as const,
          store: e.store,
          hostname: e.hostname,
          ...(e.account !== undefined ? { account: e.account } : {}),
          location: e.location,
        })),
      }),
    );
    const notes = [
      ...failed.map((s) => `${storeName(s.store)} could not be read: ${s.error}`),
      ...available.filter((s) => s.note).map((s) => `${storeName(s.store)}: ${s.note}`),
    ];
    return notes.length ? { findings, message: notes.join(' ') } : findings;
  },
};
