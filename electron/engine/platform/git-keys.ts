import { createHmac, randomBytes } from 'node:crypto';

// A deletion proves that nothing else went: every other CodeCommit entry is still listed,
// and so is every credential git's own helpers keep for other hosts (GitHub's
// `git:https://github.com`). Those are compared by a fingerprint keyed with a secret made
// once per process, so a listing can carry them without naming a single one, and a
// fingerprint means nothing outside the process that made it.

const KEY = randomBytes(32);

/** A per-process fingerprint of a store's full key for one credential. */
export function localFingerprint(key: string): string {
  return createHmac('sha256', KEY).update(key, 'utf8').digest('hex').slice(0, 16);
}

/** `<namespace>:<scheme>://…`: the name GCM and wincred give a credential (target or service). */
export function isGitCredentialName(name: string, namespaces: readonly string[] = ['git']): boolean {
  const colon = name.indexOf(':');
  if (colon < 0) return false;
  const ns = name.slice(0, colon).toLowerCase();
  return (
    namespaces.some((n) => n.toLowerCase() === ns) && /^[a-z][a-z0-9+.-]*:\/\//i.test(name.slice(colon + 1))
  );
}

/** What a deletion's proof found gone: the other git credentials listed before and not after. */
export function goneKeys(before: readonly string[] = [], after: readonly string[] = []): string[] {
  const now = new Set(after);
  return before.filter((k) => !now.has(k));
}
