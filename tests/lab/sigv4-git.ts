import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { CODECOMMIT_REGIONS } from '../../electron/engine/codecommit-host';
import { regionFromHost, stripPort } from './hosts';
import type { LabGitCredential, LabIdentity, LabState } from './state';
import { labNow, policyPrincipal } from './state';

// CodeCommit's git password: a SigV4 signature over a fake "GIT" request, computed by the
// client (awscli/customizations/codecommit.py, git-remote-codecommit). The server checks it
// as any SigV4 request: same canonical request, same scope, time window.

/**
 * How far ahead of the Lab's clock a signature may be dated. An ASSUMPTION: AWS does not
 * publish CodeCommit's tolerance for a future timestamp. The past side is CodeCommit's own
 * (`LabState.signatureWindowMs`, 15 minutes: the CodeCommit User Guide's troubleshooting page
 * says a stored signed password "stop[s] working after about 15 minutes"). For the future side
 * the only AWS-wide statement is the IAM User Guide's SigV4 page ("AWS Signature Version 4 for
 * API requests", Why requests are signed): "In most cases, a request must reach AWS within
 * five minutes of the time stamp in the request" — five minutes, which is also the clock-skew
 * check's threshold (MAX_CLOCK_SKEW_MS in electron/engine/checks/account-identity.ts). If real
 * CodeCommit turns out to allow 15 minutes ahead, a clock up to 15 minutes fast would still
 * clone there while the Lab answers 403 `signature-in-future`.
 */
export const FUTURE_TOLERANCE_MS = 5 * 60 * 1000;

function hmac(key: Buffer | string, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

/** `YYYYMMDDTHHMMSS` in UTC, as the helper formats it (no trailing Z: the Z is the separator). */
export function gitTimestamp(d: Date): string {
  return d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, '');
}

export interface SignInput {
  secretAccessKey: string;
  region: string;
  /** Host name; a `:port` is stripped as the helper does. */
  host: string;
  /** `/v1/repos/<name>` (a missing leading slash is added). */
  path: string;
  date: Date;
}

/** The 64-hex signature for a timestamp (exported so tests can forge stale passwords). */
export function gitSignature(input: Omit<SignInput, 'date'> & { timestamp: string }): string {
  const path = input.path.startsWith('/') ? input.path : `/${input.path}`;
  const hostname = stripPort(input.host);
  const canonical = `GIT\n${path}\n\nhost:${hostname}\n\nhost\n`;
  const day = input.timestamp.slice(0, 8);
  const scope = `${day}/${input.region}/codecommit/aws4_request`;
  const toSign = `AWS4-HMAC-SHA256\n${input.timestamp}\n${scope}\n${createHash('sha256').update(canonical).digest('hex')}`;
  const kDate = hmac(`AWS4${input.secretAccessKey}`, day);
  const kSigning = hmac(hmac(hmac(kDate, input.region), 'codecommit'), 'aws4_request');
  return hmac(kSigning, toSign).toString('hex');
}

/** What `aws codecommit credential-helper get` answers as password. */
export function signGitPassword(input: SignInput): string {
  const timestamp = gitTimestamp(input.date);
  return `${timestamp}Z${gitSignature({ ...input, timestamp })}`;
}

/** What the helper answers as username: the access key id, `%` and the session token if any. */
export function gitUsername(identity: Pick<LabIdentity, 'accessKeyId' | 'sessionToken'>): string {
  return identity.sessionToken ? `${identity.accessKeyId}%${identity.sessionToken}` : identity.accessKeyId;
}

export type GitAuthFailure =
  | 'empty-password'
  | 'malformed-password'
  | 'unknown-access-key'
  | 'session-token-mismatch'
  | 'expired-identity'
  | 'host-not-codecommit'
  | 'wrong-region'
  | 'bad-signature'
  | 'signature-expired'
  | 'signature-in-future'
  | 'git-credential-inactive'
  | 'git-credential-bad-password';

export type GitAuthResult =
  | {
      ok: true;
      /** The principal permissions are evaluated for (role ARN for an assumed-role session). */
      principalArn: string;
      account: string;
      via: 'sigv4' | 'git-credentials';
      identity?: LabIdentity;
      gitCredential?: LabGitCredential;
    }
  | { ok: false; reason: GitAuthFailure; detail?: string };

export interface VerifyInput {
  username: string;
  password: string;
  /** `Host` header (port allowed). */
  host: string;
  /** `/v1/repos/<name>` the request is for. */
  repoPath: string;
}

const SIGNED_PASSWORD_RE = /^(\d{8}T\d{6})Z([0-9a-f]{64})$/;

function parseTimestamp(ts: string): Date | null {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})$/.exec(ts);
  if (!m) return null;
  const d = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
  return Number.isNaN(d.getTime()) ? null : d;
}

function sameHex(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Checks a git Basic-auth username/password the way CodeCommit does. */
export function verifyGitPassword(state: LabState, input: VerifyInput): GitAuthResult {
  if (input.password === '') return { ok: false, reason: 'empty-password' };

  // Static Git credentials (IAM service-specific credentials) are plain user/password pairs.
  const cred = state.gitCredentials.find((c) => c.serviceUserName === input.username);
  if (cred) {
    if (!sameHex(cred.password, input.password)) return { ok: false, reason: 'git-credential-bad-password' };
    if (cred.status !== 'Active') return { ok: false, reason: 'git-credential-inactive' };
    const account = /-at-(\d{12})$/.exec(cred.serviceUserName)?.[1] ?? '';
    const identity = state.identities.find((i) => i.userName === cred.userName && i.account === account);
    return {
      ok: true,
      principalArn: identity?.arn ?? `arn:aws:iam::${account}:user/${cred.userName}`,
      account,
      via: 'git-credentials',
      identity,
      gitCredential: cred,
    };
  }

  const m = SIGNED_PASSWORD_RE.exec(input.password);
  if (!m) return { ok: false, reason: 'malformed-password' };
  const timestamp = m[1]!;
  const signature = m[2]!;
  const signedAt = parseTimestamp(timestamp);
  if (!signedAt) return { ok: false, reason: 'malformed-password' };

  const pct = input.username.indexOf('%');
  const accessKeyId = pct >= 0 ? input.username.slice(0, pct) : input.username;
  const token = pct >= 0 ? input.username.slice(pct + 1) : undefined;
  const identity = state.identities.find((i) => i.accessKeyId === accessKeyId);
  if (!identity) return { ok: false, reason: 'unknown-access-key' };
  if ((identity.sessionToken ?? undefined) !== token) return { ok: false, reason: 'session-token-mismatch' };
  if (identity.expired) return { ok: false, reason: 'expired-identity' };

  const region = regionFromHost(stripPort(input.host));
  if (!region) return { ok: false, reason: 'host-not-codecommit' };
  const sign = (r: string) =>
    gitSignature({
      secretAccessKey: identity.secretAccessKey,
      region: r,
      host: input.host,
      path: input.repoPath,
      timestamp,
    });
  if (!sameHex(sign(region), signature)) {
    // Name the region it was signed for when it is another one: the classic cause.
    const other = CODECOMMIT_REGIONS.find((r) => r !== region && sameHex(sign(r), signature));
    return other
      ? { ok: false, reason: 'wrong-region', detail: `signed for ${other}, host is in ${region}` }
      : { ok: false, reason: 'bad-signature' };
  }

  const now = labNow(state).getTime();
  const age = now - signedAt.getTime();
  if (age > state.signatureWindowMs) {
    return { ok: false, reason: 'signature-expired', detail: `signed ${Math.round(age / 1000)} s ago` };
  }
  if (-age > FUTURE_TOLERANCE_MS) {
    return { ok: false, reason: 'signature-in-future', detail: `signed ${Math.round(-age / 1000)} s ahead` };
  }
  return {
    ok: true,
    principalArn: policyPrincipal(identity),
    account: identity.account,
    via: 'sigv4',
    identity,
  };
}
