import { chown, mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import {
  CreateServiceSpecificCredentialCommand,
  ListSSHPublicKeysCommand,
  GetSSHPublicKeyCommand,
  ResetServiceSpecificCredentialCommand,
  UpdateServiceSpecificCredentialCommand,
  UpdateSSHPublicKeyCommand,
  UploadSSHPublicKeyCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import {
  awsErrorOf,
  describeCallError,
  endpointFor,
  iamClient,
  iamRegion,
  partitionOf,
} from '../account/aws-clients';
import { planCredentials } from '../account/credentials';
import { CODECOMMIT_SERVICE } from './account-steps';
import { rsaFingerprint } from '../account/ssh-keys';
import type { EngineContext } from '../context';
import { pathFor } from '../context';
import type { AccountFixStep } from '../model';
import { probeAwsConfig } from '../probes/aws-config';
import { readFileIfExists, writeFileAtomic } from './atomic-file';
import { editSshBlock, proveAllowed } from './ssh-config-edit';
import { readFailure, readRegularText } from '../safe-read';
import { inspectWriteTarget, keepOwner } from './write-target';
import type { JournalTransaction } from './journal';

// Runs the account repairs. A Git credential password exists in this process only between
// IAM's reply and `git credential approve`'s stdin: it is never returned, logged, put in an
// error or a journal entry. Every message here is built from IDs and statuses only.

export class AccountStepError extends Error {}

/** A public key file is a few hundred bytes; anything far larger is not one. */
const MAX_PUBLIC_KEY_BYTES = 64 * 1024;

type AwsCall = Extract<AccountFixStep, { type: 'aws-call' }>;

async function iamFor(
  ctx: EngineContext,
  who: { profile: string; explicit: boolean; region: string },
): Promise<IAMClient> {
  const aws = await probeAwsConfig(ctx);
  const profile = aws.profiles.find((p) => p.name === who.profile);
  const plan = await planCredentials(ctx, aws, {
    profile: who.profile,
    explicit: who.explicit,
    region: who.region,
  });
  if (plan.kind === 'none' || plan.kind === 'expired-sso') throw new AccountStepError(plan.reason);
  return iamClient({
    ctx,
    region: iamRegion(partitionOf(who.region)),
    credentials: plan.provider,
    endpoint: endpointFor(ctx.env, 'iam', profile?.endpointUrl),
    // Creating, resetting and uploading are not idempotent: exactly one attempt.
    write: true,
  });
}

function fail(what: string, e: unknown): AccountStepError {
  return new AccountStepError(`${what}: ${describeCallError(awsErrorOf(e))}`);
}

/** `git credential approve`: git hands the credential to every storing helper it has configured. */
async function approve(
  ctx: EngineContext,
  store: { protocol: string; host: string; path?: string },
  username: string,
  password: string,
): Promise<void> {
  if (/[\n\0]/.test(username + password + store.host + (store.path ?? ''))) {
    throw new AccountStepError('the credential contains a line break and cannot be handed to git');
  }
  const lines = [`protocol=${store.protocol}`, `host=${store.host}`];
  if (store.path) lines.push(`path=${store.path}`);
  lines.push(`username=${username}`, `password=${password}`, '', '');
  const r = await ctx.runner('git', ['credential', 'approve'], {
    env: ctx.env,
    cwd: ctx.cwd,
    timeoutMs: ctx.timeoutMs,
    input: lines.join('\n'),
  });
  if (r.exitCode !== 0) {
    // git's stderr never echoes the password it was given on stdin; still, keep only its last line's words.
    const last = (r.stderr.trim().split('\n').pop() ?? '').replace(password, '***');
    throw new AccountStepError(
      `git could not save the new password (${r.timedOut ? 'timed out' : last || `exit ${r.exitCode}`}); the credential exists in IAM: reset it to get a new password`,
    );
  }
}

/**
 * Shows a new Git password to the person once, when they asked for it: the CLI writes it to
 * their terminal, the app shows a native dialog from the main process. It never travels in a
 * return value, a log, a report, the journal or an IPC payload.
 */
export type RevealSecret = (what: string, secret: string) => Promise<void>;

async function awsCall(ctx: EngineContext, step: AwsCall, reveal?: RevealSecret): Promise<string> {
  const iam = await iamFor(ctx, step);
  const UserName = step.userName;
  try {
    const call = step.call;
    switch (call.action) {
      case 'activate-git-credential':
        try {
          await iam.send(
            new UpdateServiceSpecificCredentialCommand({
              UserName,
              ServiceSpecificCredentialId: call.credentialId,
              Status: 'Active',
            }),
          );
        } catch (e) {
          throw fail('IAM did not activate the Git credential', e);
        }
        return `Git credential ${call.credentialId} is active`;
      case 'create-git-credential':
      case 'reset-git-credential': {
        let username: string | undefined;
        let password: string | undefined;
        try {
          if (call.action === 'create-git-credential') {
            const r = await iam.send(
              new CreateServiceSpecificCredentialCommand({ UserName, ServiceName: CODECOMMIT_SERVICE }),
            );
            username = r.ServiceSpecificCredential?.ServiceUserName;
            password = r.ServiceSpecificCredential?.ServicePassword;
          } else {
            const r = await iam.send(
              new ResetServiceSpecificCredentialCommand({
                UserName,
                ServiceSpecificCredentialId: call.credentialId,
              }),
            );
            username = r.ServiceSpecificCredential?.ServiceUserName;
            password = r.ServiceSpecificCredential?.ServicePassword;
          }
        } catch (e) {
          const err = awsErrorOf(e);
          if (/^LimitExceeded/.test(err.code)) {
            throw new AccountStepError(
              'IAM allows at most 2 Git credentials per user, and this user has 2: reset or delete one in the IAM console first',
            );
          }
          throw fail('IAM did not create the Git credential', e);
        }
        if (!username || !password) throw new AccountStepError('IAM answered without a Git credential');
        await approve(ctx, call.store, username, password);
        if (reveal) {
          try {
            await reveal(
              `New Git password for ${username} (also saved in git's credential helper)`,
              password,
            );
          } catch {
            // Showing it is a courtesy: the password is saved for git either way.
          }
        }
        password = undefined;
        return `Git credential ${username} ${call.action === 'create-git-credential' ? 'created' : 'reset'} and handed to git's credential helper`;
      }
      case 'upload-ssh-key': {
        let body: string;
        try {
          body = (await readRegularText(call.publicKeyFile, { maxBytes: MAX_PUBLIC_KEY_BYTES })).trim();
        } catch (e) {
          throw new AccountStepError(`${call.publicKeyFile} could not be read (${readFailure(e)})`);
        }
        try {
          const r = await iam.send(new UploadSSHPublicKeyCommand({ UserName, SSHPublicKeyBody: body }));
          return `SSH key uploaded as ${r.SSHPublicKey?.SSHPublicKeyId ?? '(no ID returned)'}`;
        } catch (e) {
          const err = awsErrorOf(e);
          if (/^DuplicateSSHPublicKey/.test(err.code)) return 'this SSH key was already uploaded';
          throw fail('IAM did not take the SSH key', e);
        }
      }
      case 'activate-ssh-key':
        try {
          await iam.send(
            new UpdateSSHPublicKeyCommand({ UserName, SSHPublicKeyId: call.keyId, Status: 'Active' }),
          );
        } catch (e) {
          throw fail('IAM did not activate the SSH key', e);
        }
        return `SSH key ${call.keyId} is active`;
    }
  } finally {
    iam.destroy();
  }
}

/** The IAM key ID of a local public key, found by its MD5 fingerprint. */
async function keyIdOf(
  ctx: EngineContext,
  lookup: NonNullable<Extract<AccountFixStep, { type: 'ssh-config-host' }>['lookup']>,
): Promise<string> {
  let fp: string | null = null;
  try {
    fp = rsaFingerprint(await readRegularText(lookup.publicKeyFile, { maxBytes: MAX_PUBLIC_KEY_BYTES }));
  } catch {
    fp = null;
  }
  if (!fp) throw new AccountStepError(`${lookup.publicKeyFile} is not an RSA public key`);
  const iam = await iamFor(ctx, lookup);
  try {
    const list = await iam.send(new ListSSHPublicKeysCommand({ UserName: lookup.userName }));
    for (const k of list.SSHPublicKeys ?? []) {
      const full = await iam.send(
        new GetSSHPublicKeyCommand({
          UserName: lookup.userName,
          SSHPublicKeyId: k.SSHPublicKeyId,
          Encoding: 'SSH',
        }),
      );
      if (full.SSHPublicKey?.Fingerprint === fp && k.SSHPublicKeyId) return k.SSHPublicKeyId;
    }
  } catch (e) {
    throw fail('the SSH keys in IAM could not be listed', e);
  } finally {
    iam.destroy();
  }
  throw new AccountStepError('IAM has no uploaded key with this fingerprint');
}

/** Sets User and IdentityFile in the `Host <pattern>` block (ssh-config-edit.ts). */
export function editSshConfig(text: string, hostPattern: string, user: string, identityFile: string): string {
  return editSshBlock(text, hostPattern, [
    ['User', user],
    ['IdentityFile', identityFile],
  ]);
}

/**
 * ~/.ssh, made when missing (0700), and owned like the home folder it is in: root writing a
 * user's file (a fleet script, sudo) must not leave a folder ssh then refuses.
 */
async function ensureSshFolder(dir: string): Promise<void> {
  const made = await mkdir(dir, { recursive: true, mode: 0o700 });
  if (made === undefined || process.getuid?.() !== 0) return;
  const home = await stat(path.dirname(dir));
  if (home.uid !== 0) await chown(dir, home.uid, home.gid);
}

async function sshConfigStep(
  ctx: EngineContext,
  step: Extract<AccountFixStep, { type: 'ssh-config-host' }>,
  tx: JournalTransaction,
): Promise<string> {
  const set: [string, string][] = [];
  // A key ID only where the step writes one (a step may only allow algorithms).
  if (step.keyId !== undefined || step.lookup) {
    const keyId = step.keyId ?? (step.lookup ? await keyIdOf(ctx, step.lookup) : undefined);
    if (!keyId || !/^APKA[A-Z0-9]{16,32}$/.test(keyId)) throw new AccountStepError('no SSH key ID to write');
    set.push(['User', keyId]);
  }
  if (step.identityFile) set.push(['IdentityFile', step.identityFile]);
  const allow = step.allow ?? [];
  if (set.length === 0 && allow.length === 0) throw new AccountStepError('nothing to write');
  const existing = await readFileIfExists(step.file);
  const text = existing?.data.toString('utf8') ?? '';
  let next: string;
  try {
    next = editSshBlock(text, step.hostPattern, set, allow);
  } catch (e) {
    throw new AccountStepError((e as Error).message);
  }
  await ensureSshFolder(pathFor(ctx.platform).dirname(step.file));
  const target = await inspectWriteTarget(step.file);
  if (!target.ok) throw new AccountStepError(`Not changed: ${target.reason}.`);
  await tx.backupFile(step.file);
  // ssh refuses a config file others can write (bad owner or permissions): keep or use 0600.
  await writeFileAtomic(step.file, next, { mode: existing ? existing.mode : 0o600 });
  // Root writing a user's file gives it back to them.
  await keepOwner(target);
  try {
    await proveAllowed(ctx, step);
  } catch (e) {
    throw new AccountStepError((e as Error).message);
  }
  const said = [
    ...set.map(([k, v]) => `${k} ${v}`),
    ...allow.map((a) => `${a.keyword} allows ${a.algorithm}`),
  ];
  return `${said.join(', ')} written for ${step.hostPattern}`;
}

export async function runAccountStep(
  ctx: EngineContext,
  step: AccountFixStep,
  tx: JournalTransaction,
  reveal?: RevealSecret,
): Promise<string> {
  switch (step.type) {
    case 'aws-call':
      return awsCall(ctx, step, reveal);
    case 'ssh-config-host':
      return sshConfigStep(ctx, step, tx);
  }
}
