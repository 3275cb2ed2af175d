import { classifySshUser } from '../probes/ssh';
import type { CheckDefinition, FindingDraft } from './check';
import { AWS_NOT_ASKED, found, need, noAddress, notRun } from './check';
import { DOCS } from './docs';
import { repairGitCredentials, repairSshKey } from './account-plans';

type CredentialCode = 'git-credentials-missing' | 'git-credentials-inactive';
type KeyCode = 'ssh-key-not-uploaded' | 'ssh-key-inactive' | 'ssh-user-mismatch';

// What IAM holds for the IAM user: Git credentials (HTTPS without the AWS helper) and SSH
// public keys (ssh://). Both belong to IAM users only; a role session has neither.

export const accountGitCredentials: CheckDefinition<CredentialCode> = {
  title: 'Git credentials in IAM',
  needs: ['account'],
  codes: {
    'git-credentials-missing': {
      severity: 'error',
      title: 'Your IAM user has no Git credentials for CodeCommit',
      plain: 'Your AWS user has no Git password for CodeCommit yet.',
      explanation:
        'Without the AWS helper, git signs in to CodeCommit with Git credentials: a user name and password made for CodeCommit in IAM (not your console password). Your IAM user has none, so any password git sends is refused.',
      docsUrl: DOCS.gitCredentials,
      plan: repairGitCredentials,
    },
    'git-credentials-inactive': {
      severity: 'error',
      title: 'Your Git credentials for CodeCommit are turned off',
      plain: 'Your Git password for CodeCommit is turned off in AWS, so it is refused even when it is right.',
      explanation:
        'Git signs in to CodeCommit with Git credentials made in IAM, and every one your IAM user has is set to Inactive. CodeCommit refuses an inactive credential with 403 even when the password is right.',
      docsUrl: DOCS.gitCredentials,
      plan: repairGitCredentials,
    },
  },
  run(facts) {
    const account = need(facts, 'account');
    const targets = account.targets.filter((t) => t.auth === 'git-credentials');
    if (account.targets.length === 0 && account.profiles.length > 0)
      return notRun(facts.noAddress ?? AWS_NOT_ASKED);
    if (targets.length === 0)
      return noAddress(
        facts,
        'No HTTPS address signs in with Git credentials (the AWS helper signs instead).',
      );
    const findings: FindingDraft<CredentialCode>[] = [];
    const notes: string[] = [];
    for (const t of targets) {
      const p = account.profiles.find((x) => x.session === t.session);
      const userName = p?.identity?.userName;
      if (!p?.identity) continue;
      if (!userName) {
        notes.push(
          `${t.subject}: you sign in to AWS as ${p.identity.arn}, which is not an IAM user; Git credentials belong to IAM users.`,
        );
        continue;
      }
      const list = p.gitCredentials;
      if (!list || list.status !== 'ok') {
        notes.push(
          `${t.subject}: the Git credentials of ${userName} could not be listed (${list?.error ?? 'not asked'}).`,
        );
        continue;
      }
      const evidence = list.items.map((c) => ({
        kind: 'text' as const,
        label: `Git credential ${c.serviceUserName}`,
        detail: `${c.status}${c.createDate ? `, created ${c.createDate.slice(0, 10)}` : ''}`,
      }));
      if (list.items.length === 0) {
        findings.push({
          code: 'git-credentials-missing',
          about: { kind: 'remote', key: t.targetKey },
          subject: t.subject,
          evidence: [{ kind: 'text', label: 'IAM user', detail: userName }],
        });
      } else if (!list.items.some((c) => c.status === 'Active')) {
        findings.push({
          code: 'git-credentials-inactive',
          about: { kind: 'remote', key: t.targetKey },
          subject: t.subject,
          evidence: [{ kind: 'text', label: 'IAM user', detail: userName }, ...evidence],
        });
      }
    }
    return found(findings, notes.join(' ') || undefined);
  },
};

export const accountSshKeys: CheckDefinition<KeyCode> = {
  title: 'SSH key in IAM',
  needs: ['account', 'ssh'],
  codes: {
    'ssh-key-not-uploaded': {
      severity: 'error',
      title: 'Your SSH key is not uploaded to your IAM user',
      plain: 'Your SSH key is not registered with your AWS user, so CodeCommit does not recognise it.',
      explanation:
        'CodeCommit accepts an SSH key only if its public half is uploaded to your IAM user. None of the SSH public keys on this computer matches a key in IAM, so CodeCommit answers "Permission denied (publickey)".',
      docsUrl: DOCS.sshUnix,
      plan: repairSshKey,
    },
    'ssh-key-inactive': {
      severity: 'error',
      title: 'Your SSH key is turned off in IAM',
      plain: 'Your SSH key is registered with your AWS user but turned off.',
      explanation:
        'The SSH key on this computer is uploaded to your IAM user but set to Inactive there, so CodeCommit refuses it with "Permission denied (publickey)".',
      docsUrl: DOCS.troubleshootSsh,
      plan: repairSshKey,
    },
    'ssh-user-mismatch': {
      severity: 'error',
      title: 'The SSH user is the ID of a different key',
      plain: 'Your SSH settings name a different key than the one this computer offers.',
      explanation:
        'For CodeCommit the SSH user name must be the SSH key ID IAM gave the key ssh offers. The user name used here is the ID of another key (or of no key of yours), so CodeCommit answers "Permission denied (publickey)".',
      docsUrl: DOCS.troubleshootSsh,
      plan: repairSshKey,
    },
  },
  run(facts) {
    const account = need(facts, 'account');
    const targets = account.targets.filter((t) => t.auth === 'ssh');
    if (account.targets.length === 0 && account.profiles.length > 0)
      return notRun(facts.noAddress ?? AWS_NOT_ASKED);
    if (targets.length === 0) return noAddress(facts, 'No ssh:// CodeCommit address to check.');
    const ssh = facts.ssh.ok ? facts.ssh.value : undefined;
    const findings: FindingDraft<KeyCode>[] = [];
    const notes: string[] = [];
    for (const t of targets) {
      const target = facts.targets.find((x) => x.key === t.targetKey);
      const about = { kind: 'remote' as const, key: t.targetKey };
      const p = account.profiles.find((x) => x.session === t.session);
      const userName = p?.identity?.userName;
      if (!p?.identity) continue;
      if (!userName) {
        notes.push(
          `${t.subject}: ${p.identity.arn} is not an IAM user; SSH keys for CodeCommit belong to IAM users.`,
        );
        continue;
      }
      const keys = p.sshKeys;
      if (!keys || keys.status !== 'ok') {
        notes.push(
          `${t.subject}: the SSH keys of ${userName} could not be listed (${keys?.error ?? 'not asked'}).`,
        );
        continue;
      }
      const host = ssh?.hosts.find((h) => h.hostname === target?.hostname);
      // The keys ssh will offer: the IdentityFile ones when set, else any key in ~/.ssh.
      const wanted = new Set((host?.identityFiles ?? []).map((f) => `${f.path}.pub`));
      const local = wanted.size
        ? account.localSshKeys.filter((k) => wanted.has(k.path))
        : account.localSshKeys;
      const matched = keys.items.filter(
        (k) => k.fingerprint && local.some((l) => l.fingerprint === k.fingerprint),
      );
      const base = [
        { kind: 'text' as const, label: 'IAM user', detail: userName },
        ...local.map((l) => ({
          kind: 'text' as const,
          label: `Local key ${l.path}`,
          detail: `MD5 ${l.fingerprint}`,
        })),
        ...keys.items.map((k) => ({
          kind: 'text' as const,
          label: `IAM key ${k.id}`,
          detail: `${k.status}${k.fingerprint ? `, MD5 ${k.fingerprint}` : ''}`,
        })),
      ];
      if (matched.length === 0) {
        findings.push({
          code: 'ssh-key-not-uploaded',
          about,
          subject: t.subject,
          ...(local.length === 0
            ? {
                detail:
                  'No RSA public key (.pub) was found in ~/.ssh on this computer: create one with ssh-keygen -t rsa -b 4096 first.',
              }
            : {}),
          evidence: base,
        });
        continue;
      }
      const active = matched.filter((k) => k.status === 'Active');
      if (active.length === 0) {
        findings.push({ code: 'ssh-key-inactive', about, subject: t.subject, evidence: base });
        continue;
      }
      const user = target?.user ?? host?.user;
      if (user && classifySshUser(user) === 'ssh-key-id' && !active.some((k) => k.id === user)) {
        findings.push({
          code: 'ssh-user-mismatch',
          about,
          subject: t.subject,
          detail: `The user name is ${user}${target?.user ? ' (from the address)' : ' (from ~/.ssh/config)'}; the key on this computer has the ID ${active[0]?.id}.`,
          evidence: [{ kind: 'text', label: 'User', detail: user }, ...base],
        });
      }
    }
    return found(findings, notes.join(' ') || undefined);
  },
};
