import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import type { EngineContext } from '../context';
import { pathFor } from '../context';
import type { LocalSshKey } from '../model';
import { readRegularText } from '../safe-read';

// IAM identifies an uploaded SSH key by "the MD5 message digest of the SSH public key" (IAM
// API reference, SSHPublicKey.Fingerprint): MD5 over the OpenSSH key blob, colon hex — what
// `ssh-keygen -l -E md5` prints. IAM only takes ssh-rsa keys for CodeCommit, so only those
// can ever match. Public key files only; a private key is never opened.

const MAX_PUB_BYTES = 64 * 1024;

function md5FingerprintOfBlob(blob: Buffer): string {
  return (createHash('md5').update(blob).digest('hex').match(/../g) ?? []).join(':');
}

/** `ssh-rsa <base64> [comment]` → MD5 fingerprint, or null for anything else. */
export function rsaFingerprint(text: string): string | null {
  const first = text.split(/\r?\n/).find((l) => l.trim()) ?? '';
  const m = /^ssh-rsa\s+([A-Za-z0-9+/]+={0,2})(?:\s|$)/.exec(first.trim());
  if (!m?.[1]) return null;
  const blob = Buffer.from(m[1], 'base64');
  // The blob starts with the string "ssh-rsa": a file with a mislabelled blob is not that key.
  if (blob.length < 11 || blob.readUInt32BE(0) !== 7 || blob.subarray(4, 11).toString() !== 'ssh-rsa')
    return null;
  return md5FingerprintOfBlob(blob);
}

export async function localRsaKeys(ctx: EngineContext): Promise<LocalSshKey[]> {
  const p = pathFor(ctx.platform);
  const dir = p.join(ctx.home, '.ssh');
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.pub')).sort();
  } catch {
    return [];
  }
  const keys: LocalSshKey[] = [];
  for (const name of names) {
    const file = p.join(dir, name);
    try {
      // Not a regular file, or too large to be a key: not a key.
      const fp = rsaFingerprint(await readRegularText(file, { maxBytes: MAX_PUB_BYTES }));
      if (fp) keys.push({ path: file, fingerprint: fp });
    } catch {
      // unreadable: not listed
    }
  }
  return keys;
}
