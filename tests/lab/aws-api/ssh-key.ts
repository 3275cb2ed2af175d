import { createHash, createPublicKey } from 'node:crypto';

// IAM accepts SSH public keys for CodeCommit in OpenSSH `ssh-rsa` form or as PEM, RSA only,
// 2048–16384 bits (IAM user guide, "Use SSH keys and SSH with CodeCommit"). Its Fingerprint
// is "the MD5 message digest of the SSH public key" (IAM API reference, SSHPublicKey): the
// MD5 of the OpenSSH key blob, what `ssh-keygen -l -E md5` prints, lower-case colon hex.

export interface ParsedSshKey {
  /** The OpenSSH wire blob (string "ssh-rsa", mpint e, mpint n). */
  blob: Buffer;
  bits: number;
  /** `ssh-rsa <base64>` without comment. */
  openssh: string;
  pem: string;
}

function readString(buf: Buffer, off: number): { value: Buffer; next: number } | null {
  if (off + 4 > buf.length) return null;
  const len = buf.readUInt32BE(off);
  if (off + 4 + len > buf.length) return null;
  return { value: buf.subarray(off + 4, off + 4 + len), next: off + 4 + len };
}

function mpint(b: Buffer): Buffer {
  return b[0] !== undefined && b[0] & 0x80 ? Buffer.concat([Buffer.from([0]), b]) : b;
}

function sshString(b: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(b.length);
  return Buffer.concat([len, b]);
}

function stripZeros(b: Buffer): Buffer {
  let i = 0;
  while (i < b.length - 1 && b[i] === 0) i++;
  return b.subarray(i);
}

function fromRsa(e: Buffer, n: Buffer): ParsedSshKey | null {
  const eN = stripZeros(e);
  const nN = stripZeros(n);
  const bits = nN.length * 8 - Math.clz32(nN[0] ?? 0) + 24;
  try {
    const key = createPublicKey({
      key: { kty: 'RSA', n: nN.toString('base64url'), e: eN.toString('base64url') },
      format: 'jwk',
    });
    const blob = Buffer.concat([
      sshString(Buffer.from('ssh-rsa')),
      sshString(mpint(eN)),
      sshString(mpint(nN)),
    ]);
    return {
      blob,
      bits,
      openssh: `ssh-rsa ${blob.toString('base64')}`,
      pem: key.export({ type: 'spki', format: 'pem' }).toString(),
    };
  } catch {
    return null;
  }
}

export function parseSshPublicKey(body: string): ParsedSshKey | null {
  const text = body.trim();
  if (text.startsWith('-----BEGIN')) {
    try {
      const jwk = createPublicKey(text).export({ format: 'jwk' });
      if (jwk.kty !== 'RSA' || !jwk.n || !jwk.e) return null;
      return fromRsa(Buffer.from(jwk.e, 'base64url'), Buffer.from(jwk.n, 'base64url'));
    } catch {
      return null;
    }
  }
  const m = /^ssh-rsa\s+([A-Za-z0-9+/]+={0,2})(\s.*)?$/s.exec(text);
  if (!m) return null;
  const blob = Buffer.from(m[1]!, 'base64');
  const type = readString(blob, 0);
  if (!type || type.value.toString() !== 'ssh-rsa') return null;
  const e = readString(blob, type.next);
  const n = e && readString(blob, e.next);
  if (!e || !n || n.next !== blob.length) return null;
  return fromRsa(e.value, n.value);
}

export function md5Fingerprint(blob: Buffer): string {
  return (createHash('md5').update(blob).digest('hex').match(/../g) ?? []).join(':');
}

export const MIN_RSA_BITS = 2048;
export const MAX_RSA_BITS = 16384;
