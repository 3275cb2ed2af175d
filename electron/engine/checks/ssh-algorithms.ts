import { glob } from 'ssh-config';
import { makeOffer } from '../fixes/offer';
import { canAllow } from '../fixes/ssh-config-edit';
import type { Facts, Finding, FixOffer, RemoteTarget, SshAllow, SshHostFacts } from '../model';
import { readRegularText } from '../safe-read';
import { SSH_HOST_PATTERN } from './account-plans';
import type { CheckDefinition, FindingDraft, PlanContext } from './check';
import { CheckError, dedupe, found, need, noAddress, skipped } from './check';
import { aboutRemote, targetOf } from './derive';
import { DOCS } from './docs';
import { shellWords } from '../helper-chain';

// OpenSSH 8.8 (2021) turned off ssh-rsa — RSA signatures with SHA-1 — in both the host key
// and the sign-in key lists, and CodeCommit's SSH endpoints offer only an ssh-rsa host key:
// ssh stops with "no matching host key type found. Their offer: ssh-rsa" (CodeCommit user
// guide, troubleshooting-ssh). The lists come from `ssh -G <host>` (probes/ssh-client.ts),
// so whatever the version, Include or system-wide file, the answer is ssh's own.

type Code = 'ssh-rsa-refused';

const RSA = 'ssh-rsa';

/** What ssh still refuses for this host, as the lines that would allow it. */
function refused(host: SshHostFacts): SshAllow[] {
  const e = host.effective;
  if (!e) return [];
  return [
    ...(e.hostKeyAlgorithms.includes(RSA) ? [] : [{ keyword: 'HostKeyAlgorithms' as const, algorithm: RSA }]),
    ...(e.pubkeyAcceptedAlgorithms.includes(RSA)
      ? []
      : [{ keyword: 'PubkeyAcceptedAlgorithms' as const, algorithm: RSA }]),
  ];
}

/** The Host block to change: the CodeCommit block that already applies, else a new one. */
function blockFor(host: SshHostFacts): string {
  const existing = host.matchedHosts.find((p) => /codecommit/i.test(p));
  if (existing) return existing;
  return glob([SSH_HOST_PATTERN], host.hostname.toLowerCase()) ? SSH_HOST_PATTERN : host.hostname;
}

/** git's core.sshCommand, when it starts something other than OpenSSH's ssh. */
function otherSshCommand(facts: Facts): string | undefined {
  if (!facts.git.ok) return undefined;
  const e = facts.git.value.config.findLast((x) => x.key === 'core.sshcommand' && x.value);
  const program = e?.value ? shellWords(e.value)[0] : undefined;
  if (!program) return undefined;
  const base = (program.split(/[\\/]/).pop() ?? program).toLowerCase();
  return base === 'ssh' || base === 'ssh.exe' ? undefined : program;
}

async function allowRsa(f: Finding, facts: Facts, pctx: PlanContext): Promise<FixOffer[]> {
  const t = targetOf(facts, f.about);
  if (!t?.hostname || !facts.ssh.ok) return [];
  const ssh = facts.ssh.value;
  const host = ssh.hosts.find((h) => h.hostname === t.hostname);
  const allow = host ? refused(host) : [];
  if (!host || allow.length === 0) return [];
  const hostPattern = blockFor(host);
  const file = ssh.configFile;
  const verdict = await pctx.inspectWrite(file);
  if (!verdict.ok) return [];
  let text = '';
  try {
    text = ssh.configExists ? await readRegularText(file, { maxBytes: 1024 * 1024 }, pctx.ctx.readFile) : '';
  } catch {
    return [];
  }
  if (!canAllow(text, hostPattern, allow)) return [];
  const lines = allow.map((a) => `${a.keyword} +${a.algorithm}`);
  return [
    makeOffer(f, {
      id: `${f.code}:allow:${hostPattern}`,
      kind: 'fix',
      title: `Let ssh use ssh-rsa for ${hostPattern}`,
      description: `Adds ${lines.join(' and ')} to the "Host ${hostPattern}" block of ${file} (backed up first; other hosts keep OpenSSH's stricter defaults). Afterwards ssh -G ${t.hostname} must list ssh-rsa, or the file is put back.`,
      steps: [{ type: 'ssh-config-host', file, hostPattern, allow, proveHost: t.hostname }],
      plain: 'SSH will accept the older kind of key CodeCommit uses, for CodeCommit only.',
      notice: 'Other servers keep the stricter settings.',
    }),
  ];
}

function evidenceFor(facts: Facts, t: RemoteTarget, host: SshHostFacts) {
  const ssh = need(facts, 'ssh');
  const e = host.effective as NonNullable<SshHostFacts['effective']>;
  return [
    {
      kind: 'program' as const,
      name: 'ssh',
      path: ssh.openssh?.program ?? 'ssh',
      ...(ssh.openssh?.version ? { version: ssh.openssh.version } : {}),
    },
    { kind: 'file' as const, path: ssh.configFile, exists: ssh.configExists },
    {
      kind: 'text' as const,
      label: `Host key types ssh accepts from ${t.hostname}`,
      detail: e.hostKeyAlgorithms.join(','),
    },
    {
      kind: 'text' as const,
      label: 'Key types ssh signs in with',
      detail: e.pubkeyAcceptedAlgorithms.join(','),
    },
  ];
}

export const sshAlgorithms: CheckDefinition<Code> = {
  title: 'SSH key types for CodeCommit',
  needs: ['ssh', 'git'],
  codes: {
    'ssh-rsa-refused': {
      severity: 'error',
      title: "This computer's SSH refuses CodeCommit's ssh-rsa key",
      plain:
        'This computer’s SSH program refuses the older kind of key CodeCommit still uses, so every SSH clone stops with “no matching host key type found”.',
      explanation:
        'OpenSSH 8.8 and later turn off ssh-rsa (RSA with SHA-1) unless it is allowed. CodeCommit offers only an ssh-rsa host key, so ssh stops with "no matching host key type found. Their offer: ssh-rsa", and an RSA key is not used to sign in unless PubkeyAcceptedAlgorithms allows ssh-rsa. HostKeyAlgorithms +ssh-rsa and PubkeyAcceptedAlgorithms +ssh-rsa in the CodeCommit Host block allow it there only.',
      docsUrl: DOCS.troubleshootSsh,
      plan: allowRsa,
    },
  },
  run(facts) {
    const targets = facts.targets.filter((t) => t.transport === 'ssh' && t.codecommit && t.hostname);
    if (targets.length === 0) return noAddress(facts, 'No ssh:// CodeCommit address to check.');
    const other = otherSshCommand(facts);
    if (other) return skipped(`git uses ${other} for SSH (core.sshCommand), not OpenSSH's ssh.`);
    const ssh = need(facts, 'ssh');
    if (ssh.openssh?.error && /not OpenSSH/.test(ssh.openssh.error)) return skipped(`${ssh.openssh.error}.`);
    if (ssh.openssh?.error) throw new CheckError(ssh.openssh.error);
    const findings: FindingDraft<Code>[] = [];
    const unknown: string[] = [];
    for (const t of targets) {
      const host = ssh.hosts.find((h) => h.hostname === t.hostname);
      if (!host?.effective) {
        unknown.push(`${t.hostname}: ${host?.effectiveError ?? 'ssh was not asked'}`);
        continue;
      }
      const missing = refused(host);
      if (missing.length === 0) continue;
      findings.push({
        code: 'ssh-rsa-refused',
        about: aboutRemote(t),
        subject: t.display,
        detail: `ssh ${ssh.openssh?.version ? `(${ssh.openssh.version}) ` : ''}leaves ssh-rsa out of ${missing.map((m) => m.keyword).join(' and ')} for ${t.hostname}.`,
        evidence: evidenceFor(facts, t, host),
      });
    }
    if (findings.length === 0 && unknown.length > 0)
      throw new CheckError(`ssh could not tell: ${unknown.join('; ')}`);
    return found(dedupe(findings));
  },
};
