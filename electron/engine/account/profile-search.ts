import type { AccountTargetFacts, AwsConfigFacts, ProfileSearchFacts } from '../model';
import { sourceChainOf } from '../probes/aws-config';
import { lookupRepository, pool } from './repository';
import type { AccountSession } from './session';
import type { TargetPlan } from './target-plans';

// git-remote-codecommit signs with the default profile (or AWS_PROFILE) when the address names
// none (aws/git-remote-codecommit#24), and people with several profiles often keep the
// repository in another account. When the signer does not see the repository, every other
// profile that has a sign-in of its own is asked GetRepository (a read) in the address's region:
// all at once, each call on the scan's timeout and the whole under the phase's deadline.

/** Profiles asked at most (in the order the AWS files list them); the rest are named as left out. */
export const MAX_SEARCHED_PROFILES = 12;
const CONCURRENCY = 6;

/** Whether this target's profile was implied (no `profile@`) and its own lookup did not find the repository. */
export function wantsProfileSearch(
  plan: TargetPlan,
  target: AccountTargetFacts | undefined,
  aws: AwsConfigFacts | undefined,
): boolean {
  if (plan.auth !== 'remote-codecommit' || plan.source === 'url' || !plan.region || !aws) return false;
  if (target?.lookup.status === 'found' || target?.lookup.status === 'kms-denied') return false;
  return candidates(plan, aws).length > 0;
}

/** Other profiles with a sign-in of their own; the signer's own name too when environment keys sign instead of it. */
function candidates(plan: TargetPlan, aws: AwsConfigFacts): string[] {
  const names = aws.profiles.filter((p) => p.credentialKind !== 'none').map((p) => p.name);
  const envSigns = aws.envCredentials && !plan.explicit;
  return [...new Set(names)].filter((n) => n !== plan.profile || envSigns);
}

/**
 * A profile the user did not ask for is not made to run their own command (credential_process
 * may open a browser or a prompt) nor to want an MFA code, anywhere along its source_profile chain.
 */
function interactive(name: string, aws: AwsConfigFacts): boolean {
  const profile = aws.profiles.find((p) => p.name === name);
  if (!profile) return false;
  const chain = sourceChainOf(profile, aws)?.names ?? [name];
  return aws.profiles.some(
    (p) => chain.includes(p.name) && (p.mfa === true || p.credentialKind === 'credential-process'),
  );
}

function partition<T>(items: T[], keep: (item: T) => boolean): [T[], T[]] {
  return [items.filter(keep), items.filter((x) => !keep(x))];
}

type Answer = 'seen' | 'not-seen' | 'not-asked';

async function ask(session: AccountSession, name: string, region: string, repo: string): Promise<Answer> {
  const p = await session.searchProfile(name, region);
  if (!p.credentials) return 'not-asked';
  const r = await lookupRepository(session, p, region, repo);
  switch (r.status) {
    case 'found':
    case 'kms-denied':
      return 'seen';
    case 'not-found':
    case 'access-denied':
      return 'not-seen';
    case 'error':
      return 'not-asked';
  }
}

export async function searchProfiles(
  session: AccountSession,
  plan: TargetPlan,
  target: AccountTargetFacts | undefined,
  aws: AwsConfigFacts,
): Promise<ProfileSearchFacts> {
  const region = plan.region as string;
  const repo = plan.target.repo as string;
  const [all, prompting] = partition(candidates(plan, aws), (n) => !interactive(n, aws));
  const asked = all.slice(0, MAX_SEARCHED_PROFILES);
  const answers = await pool(asked, CONCURRENCY, (name) => ask(session, name, region, repo));
  const by = (a: Answer) => asked.filter((_, i) => answers[i] === a);
  return {
    targetKey: plan.target.key,
    subject: plan.target.display,
    region,
    repo,
    signer: plan.profile,
    ...(target ? { signerSession: target.session } : {}),
    signerLookup: target?.lookup.status ?? 'no-credentials',
    seenBy: by('seen'),
    notSeenBy: by('not-seen'),
    notAsked: by('not-asked'),
    leftOut: all.slice(MAX_SEARCHED_PROFILES),
    interactive: prompting,
  };
}
