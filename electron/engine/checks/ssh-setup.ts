import { classifySshUser } from '../probes/ssh';
import type { Finding } from '../model';
import type { CheckDefinition } from './check';
import { finding, need, dedupe } from './check';

export const sshSetup: CheckDefinition = {
  id: 'ssh',
  title: 'SSH set-up for CodeCommit',
  needs: ['ssh'],
  run(facts) {
    const targets = facts.targets.filter((t) => t.transport === 'ssh' && t.codecommit);
    if (targets.length === 0) return { skipped: 'No ssh:// CodeCommit address to check.' };
    const ssh = need(facts, 'ssh');
    const findings: Finding[] = [];
    for (const t of targets) {
      const host = ssh.hosts.find((h) => h.hostname === t.hostname);
      const user = t.user ?? host?.user;
      const configEvidence = { kind: 'file' as const, path: ssh.configFile, exists: ssh.configExists };
      if (!user) {
        findings.push(finding('ssh-config-missing', { subject: t.display, evidence: [configEvidence] }));
        continue;
      }
      const kind = classifySshUser(user);
      if (kind !== 'ssh-key-id') {
        findings.push(
          finding('ssh-user-is-not-key-id', {
            subject: t.display,
            detail: `The user name used is "${user}"${t.user ? ' (from the address)' : ' (from ~/.ssh/config)'}.`,
            evidence: [configEvidence, { kind: 'text', label: 'User', detail: user }],
          }),
        );
      }
      for (const id of host?.identityFiles ?? []) {
        if (!id.exists) {
          findings.push(
            finding('ssh-identity-file-missing', {
              subject: t.display,
              evidence: [configEvidence, { kind: 'file', path: id.path, exists: false }],
            }),
          );
        }
      }
    }
    return dedupe(findings);
  },
};
