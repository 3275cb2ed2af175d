import { isPrivateAddress } from '../account/host-addresses';
import { minimalGitPolicy } from '../account/policy';
import type { AccountTargetFacts, Finding } from '../model';
import type { CheckDefinition } from './check';
import { CheckError, finding, need } from './check';

// The repository as AWS sees it: does it exist where the address says, may you use it.

/** Evidence label of the minimal IAM policy: the app shows it copyable, --json carries it as is. */
export const POLICY_EVIDENCE_LABEL = 'Policy for your administrator';

export const accountRepository: CheckDefinition = {
  id: 'account-repository',
  title: 'The repository in AWS',
  needs: ['account'],
  run(facts) {
    const account = need(facts, 'account');
    const findings: Finding[] = [];
    const notes: string[] = [];
    const errors: string[] = [];
    for (const t of facts.targets) {
      const kind = t.codecommit?.kind;
      if (kind === 'vpce' || kind === 'vpce-fips') {
        findings.push(
          finding('vpce-endpoint', {
            subject: t.display,
            evidence: [{ kind: 'text', label: 'VPC endpoint host', detail: t.hostname ?? '' }],
          }),
        );
      }
    }
    for (const h of account.hostAddresses ?? []) {
      const inside = h.addresses.filter(isPrivateAddress);
      if (inside.length === 0) continue;
      findings.push(
        finding('vpce-endpoint', {
          subject: h.hostname,
          detail: `${h.hostname} leads to ${inside.join(', ')}: private addresses, so a VPC endpoint with private DNS answers for it.`,
          evidence: [{ kind: 'text', label: `Addresses (${h.source})`, detail: h.addresses.join(', ') }],
        }),
      );
    }
    for (const p of account.profiles) {
      const e = p.endpoints.codecommit;
      if (e && /\.vpce\./i.test(e)) {
        findings.push(
          finding('vpce-endpoint', {
            subject: `AWS profile "${p.profile}"`,
            evidence: [{ kind: 'text', label: 'CodeCommit endpoint setting', detail: e }],
          }),
        );
      }
    }
    if (account.targets.length === 0 && findings.length === 0) {
      return { skipped: 'AWS could not be asked about any repository (see "Your AWS sign-in").' };
    }
    for (const t of account.targets) {
      const where = `${t.repo} in ${t.region}`;
      switch (t.lookup.status) {
        case 'found':
          break;
        case 'not-found':
          if (t.foundInRegions && t.foundInRegions.length > 0) {
            findings.push(
              finding('repo-found-in-other-region', {
                subject: t.subject,
                detail: `"${t.repo}" is not in ${t.region}; it is in ${t.foundInRegions.join(', ')}.`,
                evidence: [
                  { kind: 'text', label: 'Region in the address', detail: t.region },
                  { kind: 'text', label: 'Found in', detail: t.foundInRegions.join(', ') },
                ],
              }),
            );
          } else {
            const failed = t.searchFailed?.length ?? 0;
            findings.push(
              finding('repo-not-found-in-region', {
                subject: t.subject,
                ...(failed > 0
                  ? { detail: `${failed} regions could not be searched (${t.searchFailed?.join(', ')}).` }
                  : {}),
                evidence: [{ kind: 'text', label: 'Looked for', detail: where }],
              }),
            );
          }
          break;
        case 'kms-denied':
          findings.push(
            finding('kms-access-denied', {
              subject: t.subject,
              evidence: [
                {
                  kind: 'text',
                  label: 'AWS answered',
                  detail: `${t.lookup.errorCode}: ${t.lookup.message ?? ''}`,
                },
              ],
            }),
          );
          break;
        case 'access-denied':
          notes.push(
            `${where}: not allowed to read the repository's details (codecommit:GetRepository), so its region was not checked.`,
          );
          break;
        case 'error':
          errors.push(`${where}: ${t.lookup.message ?? 'unknown error'}`);
          break;
      }
    }
    if (errors.length > 0 && findings.length === 0) throw new CheckError(errors.join(' '));
    const message = [...notes, ...errors].join(' ');
    return message ? { findings, message } : findings;
  },
};

function simulationFindings(t: AccountTargetFacts): Finding[] {
  const sim = t.simulation;
  if (!sim || sim.status !== 'ok') return [];
  const denied = (['pull', 'push'] as const).filter((a) => sim[a] && sim[a] !== 'allowed');
  if (denied.length === 0) return [];
  const actions = denied.map((a) => (a === 'pull' ? 'codecommit:GitPull' : 'codecommit:GitPush'));
  const policy = minimalGitPolicy(sim.resourceArn, actions);
  return denied.map((a) =>
    finding(a === 'pull' ? 'iam-gitpull-denied' : 'iam-gitpush-denied', {
      subject: t.subject,
      detail:
        sim[a] === 'explicitDeny'
          ? 'A policy explicitly denies it: an administrator must change that deny, adding an allow is not enough.'
          : 'No policy allows it.',
      evidence: [
        { kind: 'text', label: 'Checked for', detail: sim.policySourceArn ?? '' },
        { kind: 'text', label: 'Repository', detail: sim.resourceArn },
        { kind: 'text', label: 'Decision', detail: sim[a] ?? '' },
        { kind: 'text', label: POLICY_EVIDENCE_LABEL, detail: policy },
      ],
    }),
  );
}

export const accountPermissions: CheckDefinition = {
  id: 'account-permissions',
  title: 'Permission to pull and push',
  needs: ['account'],
  run(facts) {
    const account = need(facts, 'account');
    const relevant = account.targets.filter((t) => t.lookup.status !== 'not-found' && t.simulation);
    if (relevant.length === 0) return { skipped: 'No repository AWS could be asked about.' };
    const findings: Finding[] = [];
    const errors: string[] = [];
    for (const t of relevant) {
      const sim = t.simulation;
      if (!sim) continue;
      if (sim.status === 'access-denied') {
        findings.push(
          finding('iam-check-not-permitted', {
            subject: t.subject,
            evidence: [{ kind: 'text', label: 'AWS answered', detail: sim.error ?? 'AccessDenied' }],
          }),
        );
      } else if (sim.status === 'error') {
        errors.push(`${t.subject}: ${sim.error ?? 'unknown error'}`);
      } else {
        findings.push(...simulationFindings(t));
      }
    }
    if (errors.length > 0 && findings.length === 0) throw new CheckError(errors.join(' '));
    return errors.length ? { findings, message: errors.join(' ') } : findings;
  },
};
