import { classifySshUser } from '../probes/ssh';
import type { Finding } from '../model';
import type { CheckDefinition } from './check';
import { finding, need } from './check';

// What IAM holds for the IAM user: Git credentials (HTTPS without the AWS helper) and SSH
// public keys (ssh://). Both belong to IAM users only; a role session has neither.

export const accountGitCredentials: CheckDefinition = {
  id: 'account-git-credentials',
  title: 'Git credentials in IAM',
  needs: ['account'],
  run(facts) {
    const account = need(facts, 'account');
    const targets = account.targets.filter((t) => t.auth === 'git-credentials');
    if (targets.length === 0)
      return { skipped: 'No HTTPS address signs in with Git credentials (the AWS helper signs instead).' };
    const findings: Finding[] = [];
    const notes: string[] = [];
    for (const t of targets) {
      const p = account.profiles.find((x) => x.profile === t.profile);
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
        findings.push(
          finding('git-credentials-missing', {
            subject: t.subject,
            evidence: [{ kind: 'text', label: 'IAM user', detail: userName }],
          }),
        );
      } else if (!list.items.some((c) => c.status === 'Active')) {
        findings.push(
          finding('git-credentials-inactive', {
            subject: t.subject,
            evidence: [{ kind: 'text', label: 'IAM user', detail: userName }, ...evidence],
          }),
        );
      }
    }
    return notes.length ? { findings, message: notes.join(' ') } : findings;
  },
};

export const accountSshKeys: CheckDefinition = {
  id: 'account-ssh-keys',
  title: 'SSH key in IAM',
  needs: ['account', 'ssh'],
  run(facts) {
    const account = need(facts, 'account');
    const targets = account.targets.filter((t) => t.auth === 'ssh');
    if (targets.length === 0) return { skipped: 'No ssh:// CodeCommit address to check.' };
    const ssh = facts.ssh.ok ? facts.ssh.value : undefined;
    const findings: Finding[] = [];
    const notes: string[] = [];
    for (const t of targets) {
      const target = facts.targets.find((x) => x.display === t.subject);
      const p = account.profiles.find((x) => x.profile === t.profile);
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
        findings.push(
          finding('ssh-key-not-uploaded', {
            subject: t.subject,
            ...(local.length === 0
              ? {
                  detail:
                    'No RSA public key (.pub) was found in ~/.ssh on this computer: create one with ssh-keygen -t rsa -b 4096 first.',
                }
              : {}),
            evidence: base,
          }),
        );
        continue;
      }
      const active = matched.filter((k) => k.status === 'Active');
      if (active.length === 0) {
        findings.push(finding('ssh-key-inactive', { subject: t.subject, evidence: base }));
        continue;
      }
      const user = target?.user ?? host?.user;
      if (user && classifySshUser(user) === 'ssh-key-id' && !active.some((k) => k.id === user)) {
        findings.push(
          finding('ssh-user-mismatch', {
            subject: t.subject,
            detail: `The user name is ${user}${target?.user ? ' (from the address)' : ' (from ~/.ssh/config)'}; the key on this computer has the ID ${active[0]?.id}.`,
            evidence: [{ kind: 'text', label: 'User', detail: user }, ...base],
          }),
        );
      }
    }
    return notes.length ? { findings, message: notes.join(' ') } : findings;
  },
};
