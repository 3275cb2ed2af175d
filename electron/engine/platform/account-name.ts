import { createHash } from 'node:crypto';
import type { StoreEntry } from '../model';
import { sessionAccount } from '../../shared/redact';

// Every adapter names a saved account through here: a user name that carries a session
// token (`<key id>%<token>`, the AWS helper's) becomes the key id plus a fingerprint, so
// the token never leaves the adapter that read it.

/** A fingerprint of a full user name: tells two tokens of one key id apart, reveals nothing. */
export function fingerprint(full: string): string {
  return createHash('sha256').update(full, 'utf8').digest('hex').slice(0, 16);
}

/**
 * What a recording writes in place of a session token (recording/redact.ts): the token's
 * fingerprint, so a replay tells the same entries apart as the recorded machine did.
 */
export function recordedToken(fp: string): string {
  return `~fingerprint~${fp}`;
}
const RECORDED_TOKEN = /^~fingerprint~([0-9a-f]{16})$/;

/** The account fields of a StoreEntry for a saved user name (absent → none). */
export function shownAccount(full: string | undefined): Pick<StoreEntry, 'account' | 'tokenFingerprint'> {
  if (full === undefined) return {};
  const s = sessionAccount(full);
  if (!s) return { account: full };
  const recorded = RECORDED_TOKEN.exec(full.slice(s.keyId.length + 1));
  return { account: s.keyId, tokenFingerprint: recorded?.[1] ?? fingerprint(full) };
}
