import { isPrivateAddress } from '../account/host-addresses';
import { minimalGitPolicy } from '../account/policy';
import type { AccountTargetFacts } from '../model';
import type { CheckDefinition, FindingDraft } from './check';
import { AWS_NOT_ASKED, CheckError, found, need, noAddress, notRun } from './check';
import { aboutRemote } from './derive';
import { DOCS } from './docs';
import { useRegionWhereItIs } from './account-plans';
import {
  askAboutEndpoint,
  askAboutKey,
  askAdministrator,
  askToCheckPermissions,
  listRepositories,
} from './next-steps';

// The repository as AWS sees it: does it exist where the address says, may you use it.

type RepoCode =
  'vpce-endpoint' | 'repo-not-found-in-region' | 'repo-found-in-other-region' | 'kms-access-denied';
type PermissionCode = 'iam-gitpull-denied' | 'iam-gitpush-denied' | 'iam-check-not-permitted';

export const accountRepository: CheckDefinition<RepoCode> = {
  title: 'The repository in AWS',
  needs: ['account'],
  codes: {
    'vpce-endpoint': {
      severity: 'info',
      title: 'Git reaches CodeCommit through a VPC endpoint',
      plain:
        'Your network reaches CodeCommit through a private connection (a VPC endpoint) that has access rules of its own.',
      explanation:
        'This address (or an endpoint setting) goes through an interface VPC endpoint. Such an endpoint has its own policy, which can deny codecommit:GitPull or GitPush even when your IAM permissions allow them. If clones fail with 403, an administrator should look at the endpoint policy of this VPC endpoint and its security group.',
      docsUrl: DOCS.vpcEndpoints,
      plan: askAboutEndpoint,
    },
    'repo-not-found-in-region': {
      severity: 'error',
      title: 'No repository of this name exists in this region',
      plain:
        'AWS has no repository of this name where the address says, nor anywhere else your account can see.',
      explanation:
        'CodeCommit keeps each repository in one AWS Region, and the region is part of the address. Your account has no repository of this name in the region the address names, nor in any other region that could be searched. Check the name (it is case-sensitive) and the account you sign in with.',
      docsUrl: DOCS.regions,
      plan: listRepositories,
    },
    'repo-found-in-other-region': {
      severity: 'error',
      title: 'The repository is in a different region than the address says',
      plain:
        'The repository exists, but in a different AWS region than the address says: the address needs the right region.',
      explanation:
        'CodeCommit keeps each repository in one AWS Region, and the region is part of the address. The address names a region where this repository does not exist, but your account has it in another region, so git says "repository not found". The address must name the region the repository is in.',
      docsUrl: DOCS.regions,
      plan: useRegionWhereItIs,
    },
    'kms-access-denied': {
      severity: 'error',
      title: "The repository's encryption key cannot be used",
      plain:
        'The repository is locked with an encryption key your account may not use. Only an administrator can change that.',
      explanation:
        'CodeCommit encrypts every repository with an AWS KMS key, and reading it needs that key. AWS refused the key (access denied, disabled, deleted or unavailable), so CodeCommit answers 403 for this repository whatever your git permissions are. An administrator must fix the key or its policy.',
      docsUrl: DOCS.encryption,
      plan: askAboutKey,
    },
  },
  run(facts) {
    const account = need(facts, 'account');
    const findings: FindingDraft<RepoCode>[] = [];
    const notes: string[] = [];
    const errors: string[] = [];
    for (const t of facts.targets) {
      const kind = t.codecommit?.kind;
      if (kind === 'vpce' || kind === 'vpce-fips') {
        findings.push({
          code: 'vpce-endpoint',
          about: aboutRemote(t),
          subject: t.display,
          evidence: [{ kind: 'text', label: 'VPC endpoint host', detail: t.hostname ?? '' }],
        });
      }
    }
    for (const h of account.hostAddresses ?? []) {
      const inside = h.addresses.filter(isPrivateAddress);
      if (inside.length === 0) continue;
      findings.push({
        code: 'vpce-endpoint',
        about: { kind: 'host', hostname: h.hostname },
        subject: h.hostname,
        detail: `${h.hostname} leads to ${inside.join(', ')}: private addresses, so a VPC endpoint with private DNS answers for it.`,
        evidence: [{ kind: 'text', label: `Addresses (${h.source})`, detail: h.addresses.join(', ') }],
      });
    }
    for (const p of account.profiles) {
      const e = p.endpoints.codecommit;
      if (e && /\.vpce\./i.test(e)) {
        findings.push({
          code: 'vpce-endpoint',
          about: { kind: 'profile', profile: p.profile },
          subject: `AWS profile "${p.profile}"`,
          evidence: [{ kind: 'text', label: 'CodeCommit endpoint setting', detail: e }],
        });
      }
    }
    if (account.targets.length === 0 && findings.length === 0) {
      return account.profiles.length > 0
        ? notRun(facts.noAddress ?? AWS_NOT_ASKED)
        : noAddress(facts, 'No CodeCommit address to ask AWS about.');
    }
    for (const t of account.targets) {
      const where = `${t.repo} in ${t.region}`;
      const about = { kind: 'remote' as const, key: t.targetKey };
      switch (t.lookup.status) {
        case 'found':
          break;
        case 'not-found':
          if (t.foundInRegions && t.foundInRegions.length > 0) {
            findings.push({
              code: 'repo-found-in-other-region',
              about,
              subject: t.subject,
              detail: `"${t.repo}" is not in ${t.region}; it is in ${t.foundInRegions.join(', ')}.`,
              evidence: [
                { kind: 'text', label: 'Region in the address', detail: t.region },
                { kind: 'text', label: 'Found in', detail: t.foundInRegions.join(', ') },
              ],
            });
          } else {
            const failed = t.searchFailed?.length ?? 0;
            findings.push({
              code: 'repo-not-found-in-region',
              about,
              subject: t.subject,
              ...(failed > 0
                ? { detail: `${failed} regions could not be searched (${t.searchFailed?.join(', ')}).` }
                : {}),
              evidence: [{ kind: 'text', label: 'Looked for', detail: where }],
            });
          }
          break;
        case 'kms-denied':
          findings.push({
            code: 'kms-access-denied',
            about,
            subject: t.subject,
            evidence: [
              {
                kind: 'text',
                label: 'AWS answered',
                detail: `${t.lookup.errorCode}: ${t.lookup.message ?? ''}`,
              },
            ],
          });
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
    return found(findings, [...notes, ...errors].join(' ') || undefined);
  },
};

function simulationFindings(t: AccountTargetFacts): FindingDraft<PermissionCode>[] {
  const sim = t.simulation;
  if (!sim || sim.status !== 'ok') return [];
  const denied = (['pull', 'push'] as const).filter((a) => sim[a] && sim[a] !== 'allowed');
  if (denied.length === 0) return [];
  const actions = denied.map((a) => (a === 'pull' ? 'codecommit:GitPull' : 'codecommit:GitPush'));
  const policy = minimalGitPolicy(sim.resourceArn, actions);
  return denied.map((a) => ({
    code: a === 'pull' ? 'iam-gitpull-denied' : 'iam-gitpush-denied',
    about: { kind: 'remote', key: t.targetKey },
    subject: t.subject,
    detail:
      sim[a] === 'explicitDeny'
        ? 'A policy explicitly denies it: an administrator must change that deny, adding an allow is not enough.'
        : 'No policy allows it.',
    evidence: [
      { kind: 'text', label: 'Checked for', detail: sim.policySourceArn ?? '' },
      { kind: 'text', label: 'Repository', detail: sim.resourceArn },
      { kind: 'text', label: 'Decision', detail: sim[a] ?? '' },
      {
        kind: 'policy',
        label: 'Policy for your administrator',
        document: policy,
        ...(sim.policySourceArn ? { principal: sim.policySourceArn } : {}),
        resource: sim.resourceArn,
      },
    ],
  }));
}

export const accountPermissions: CheckDefinition<PermissionCode> = {
  title: 'Permission to pull and push',
  needs: ['account'],
  codes: {
    'iam-gitpull-denied': {
      severity: 'error',
      title: 'Your AWS identity may not clone or pull this repository',
      plain:
        'Your AWS account is not allowed to clone this repository. Only an administrator can allow it; the doctor has written the request for them.',
      explanation:
        "IAM's policy simulator says your identity is not allowed codecommit:GitPull on this repository, so CodeCommit answers 403 however well git is set up. Only an administrator of the AWS account can grant it; the policy below is the smallest one that does.",
      docsUrl: DOCS.permissions,
      plan: askAdministrator,
    },
    'iam-gitpush-denied': {
      severity: 'warning',
      title: 'Your AWS identity may not push to this repository',
      plain:
        'You may be able to clone, but your AWS account is not allowed to push changes to this repository.',
      explanation:
        "IAM's policy simulator says your identity is not allowed codecommit:GitPush on this repository: cloning may work, but every push will be refused with 403. An administrator of the AWS account can grant it with the policy below.",
      docsUrl: DOCS.permissions,
      plan: askAdministrator,
    },
    'iam-check-not-permitted': {
      severity: 'info',
      title: 'Your permissions could not be checked',
      plain:
        'The doctor was not allowed to look at your permissions, so it cannot say whether you may clone.',
      explanation:
        "Checking whether you may pull and push needs IAM's policy simulator (iam:SimulatePrincipalPolicy), and your identity is not allowed to use it. Nothing is assumed either way: if clones still fail with 403, ask an administrator to check codecommit:GitPull for you.",
      docsUrl: DOCS.simulatePolicy,
      plan: askToCheckPermissions,
    },
  },
  run(facts) {
    const account = need(facts, 'account');
    const relevant = account.targets.filter((t) => t.lookup.status !== 'not-found' && t.simulation);
    if (account.targets.length === 0 && account.profiles.length > 0)
      return notRun(facts.noAddress ?? AWS_NOT_ASKED);
    if (relevant.length === 0) return noAddress(facts, 'No repository AWS could be asked about.');
    const findings: FindingDraft<PermissionCode>[] = [];
    const errors: string[] = [];
    for (const t of relevant) {
      const sim = t.simulation;
      if (!sim) continue;
      if (sim.status === 'access-denied') {
        findings.push({
          code: 'iam-check-not-permitted',
          about: { kind: 'remote', key: t.targetKey },
          subject: t.subject,
          evidence: [{ kind: 'text', label: 'AWS answered', detail: sim.error ?? 'AccessDenied' }],
        });
      } else if (sim.status === 'error') {
        errors.push(`${t.subject}: ${sim.error ?? 'unknown error'}`);
      } else {
        findings.push(...simulationFindings(t));
      }
    }
    if (errors.length > 0 && findings.length === 0) throw new CheckError(errors.join(' '));
    return found(findings, errors.join(' ') || undefined);
  },
};
