import {
  GetSSHPublicKeyCommand,
  ListServiceSpecificCredentialsCommand,
  ListSSHPublicKeysCommand,
  type IAMClient,
  type ServiceSpecificCredentialMetadata,
} from '@aws-sdk/client-iam';
import { CODECOMMIT_SERVICE } from '../fixes/account-steps';
import type {
  AccountGitCredential,
  AccountProfileFacts,
  AccountSshKey,
  AccountTargetFacts,
  AwsCallStatus,
} from '../model';
import { callFailure } from './aws-clients';
import type { AccountSession, ProfileSession } from './session';

// What an IAM user has for git without the AWS helper: Git credentials for CodeCommit (HTTPS)
// and uploaded SSH public keys with their fingerprints. Both belong to IAM users, so they are
// listed only for a user, and only when one of its targets signs in that way.

/** Lists what the profile's targets use; `auths` are the ways of signing in of those targets. */
export async function askUserKeys(
  session: AccountSession,
  p: ProfileSession,
  auths: AccountTargetFacts['auth'][],
): Promise<AccountProfileFacts> {
  const facts = await p.ready;
  const userName = facts.identity?.userName;
  if (!userName || !p.credentials) return facts;
  const iam = session.iam(p);
  const call: Call = (send) => session.call(p.credentials, send);
  await Promise.all([
    auths.includes('git-credentials')
      ? listGitCredentials(iam, userName, call).then((r) => void (facts.gitCredentials = r))
      : undefined,
    auths.includes('ssh')
      ? listSshKeys(iam, userName, call).then((r) => void (facts.sshKeys = r))
      : undefined,
  ]);
  return facts;
}

type Call = <T>(send: (abortSignal: AbortSignal) => Promise<T>) => Promise<T>;

type Listing<T> = { status: AwsCallStatus; items: T[]; error?: string };

function failedListing<T>(e: unknown): Listing<T> {
  const failure = callFailure(e);
  return { status: failure.status, items: [], error: failure.error };
}

async function listGitCredentials(
  iam: IAMClient,
  userName: string,
  call: Call,
): Promise<Listing<AccountGitCredential>> {
  try {
    const r = await call((abortSignal) =>
      iam.send(
        new ListServiceSpecificCredentialsCommand({ UserName: userName, ServiceName: CODECOMMIT_SERVICE }),
        { abortSignal },
      ),
    );
    return { status: 'ok', items: (r.ServiceSpecificCredentials ?? []).map(gitCredentialOf) };
  } catch (e) {
    return failedListing(e);
  }
}

function gitCredentialOf(c: ServiceSpecificCredentialMetadata): AccountGitCredential {
  return {
    id: c.ServiceSpecificCredentialId ?? '',
    serviceUserName: c.ServiceUserName ?? '',
    status: c.Status === 'Active' ? 'Active' : 'Inactive',
    ...(c.CreateDate ? { createDate: c.CreateDate.toISOString() } : {}),
  };
}

/** The user's SSH keys; each key's fingerprint needs its own GetSSHPublicKey (the list has none). */
async function listSshKeys(iam: IAMClient, userName: string, call: Call): Promise<Listing<AccountSshKey>> {
  try {
    const list = await call((abortSignal) =>
      iam.send(new ListSSHPublicKeysCommand({ UserName: userName }), { abortSignal }),
    );
    const items = await Promise.all(
      (list.SSHPublicKeys ?? []).map(async (k): Promise<AccountSshKey> => {
        const id = k.SSHPublicKeyId ?? '';
        const item = { id, status: k.Status === 'Active' ? 'Active' : 'Inactive' } as const;
        try {
          const full = await call((abortSignal) =>
            iam.send(
              new GetSSHPublicKeyCommand({ UserName: userName, SSHPublicKeyId: id, Encoding: 'SSH' }),
              { abortSignal },
            ),
          );
          const fp = full.SSHPublicKey?.Fingerprint;
          return fp ? { ...item, fingerprint: fp } : item;
        } catch {
          return item;
        }
      }),
    );
    return { status: 'ok', items };
  } catch (e) {
    return failedListing(e);
  }
}
