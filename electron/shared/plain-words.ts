import type { Evidence, Finding, HelperKind, StoreKind } from '../engine/model';

// Everyday names for the places git keeps passwords and the programs it asks, for people who
// do not live in a terminal ("your Mac's Keychain", not "osxkeychain"). The exact names stay
// in the evidence; these words go first.

export const STORE_PLAIN: Record<StoreKind, string> = {
  'macos-keychain-internet': "your Mac's Keychain",
  'macos-keychain-generic': "your Mac's Keychain",
  'windows-credential-manager': 'Windows Credential Manager',
  libsecret: "your desktop's password keyring",
  'git-credential-store': "git's password file",
  'git-credential-cache': "git's short-term password memory",
  'gcm-plaintext': "Git Credential Manager's password files",
  'gcm-dpapi': "Git Credential Manager's encrypted password files",
  'gcm-gpg': "Git Credential Manager's gpg password store",
  'github-desktop-keychain': "GitHub Desktop's passwords in your Mac's Keychain",
  'jetbrains-keychain': "your JetBrains IDE's passwords in your Mac's Keychain",
  'github-desktop-credential-manager': "GitHub Desktop's passwords in Windows Credential Manager",
  'jetbrains-keepass': "your JetBrains IDE's password file",
  'sourcetree-passwd': "Sourcetree's password file",
};

export const HELPER_PLAIN: Record<HelperKind, string> = {
  aws: 'AWS (a fresh password every time)',
  osxkeychain: "your Mac's Keychain",
  manager: 'Git Credential Manager',
  'manager-core': 'Git Credential Manager',
  wincred: 'Windows Credential Manager',
  store: "git's password file",
  cache: "git's short-term password memory",
  libsecret: "your desktop's password keyring",
  'gnome-keyring': "your desktop's password keyring",
  netrc: 'your .netrc file',
  other: 'another program',
};

/** "a, b and c" */
export function listWords(words: readonly string[]): string {
  if (words.length <= 1) return words[0] ?? '';
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

function unique(words: string[]): string[] {
  return [...new Set(words)];
}

/**
 * Where this finding happens, in everyday words, from its evidence: which places hold the
 * saved passwords, and in which order git asks for one. Null when the evidence says neither.
 */
export function plainWhere(finding: Pick<Finding, 'evidence'>): string | null {
  const stores = unique(
    finding.evidence.flatMap((e: Evidence) => (e.kind === 'store-entry' ? [STORE_PLAIN[e.entry.store]] : [])),
  );
  const helpers = finding.evidence
    .flatMap((e: Evidence) => (e.kind === 'helper' ? [e] : []))
    .sort((a, b) => a.position - b.position)
    .map((e) => HELPER_PLAIN[e.helperKind]);
  const lines: string[] = [];
  if (stores.length > 0) lines.push(`Saved in ${listWords(stores)}.`);
  if (helpers.length > 1) lines.push(`Git asks, in this order: ${unique(helpers).join(', then ')}.`);
  return lines.length > 0 ? lines.join(' ') : null;
}
