import type { EngineContext } from '../context';
import type { AccountFacts, AccountTargetFacts } from '../model';
import { partitionOf } from './aws-clients';
import { resolveHosts } from './host-addresses';
import { askUserKeys } from './iam-keys';
import { repositoryArn } from './policy';
import { searchProfiles, wantsProfileSearch } from './profile-search';
import { lookupRepository, searchOtherRegions } from './repository';
import { AccountSession, profileKey, type AccountProbeOptions } from './session';
import { simulateGit } from './simulation';
import { localRsaKeys } from './ssh-keys';
import { planTargets, type AccountProbeInput, type TargetPlan } from './target-plans';

// The AWS account phase: what AWS itself says about the identity git signs with and the
// repository it asks for. Calls are ordered for speed: the caller identity and the lookup in
// the URL's region go out together; the policy simulation and (only when the repository is
// not there) the all-regions search follow at once, the search with bounded concurrency.
// Only reads happen here; every call has a timeout and the phase has a deadline.

export type { AccountProbeInput, AccountProbeOptions };

export async function probeAccount(
  ctx: EngineContext,
  input: AccountProbeInput,
  options: AccountProbeOptions = {},
): Promise<AccountFacts> {
  const session = new AccountSession(ctx, input.awsConfig, options);
  const plans = planTargets(input);
  // Independent of every AWS call: started first, awaited last.
  const hostAddressesP = resolveHosts(ctx, input.git?.config ?? [], input.targets);
  const localKeysP = plans.some((p) => p.auth === 'ssh') ? localRsaKeys(ctx) : Promise.resolve([]);

  try {
    const probed = await Promise.all(
      plans.map(async (plan) => {
        const target = await probeTarget(session, plan);
        const search =
          input.awsConfig && wantsProfileSearch(plan, target, input.awsConfig)
            ? await searchProfiles(session, plan, target, input.awsConfig)
            : undefined;
        return { target, search };
      }),
    );
    const targets = probed.map((x) => x.target);
    const profileSearch = probed.flatMap((x) => (x.search ? [x.search] : []));
    // Git credentials and SSH keys belong to IAM users: listed only when a target uses them.
    const profiles = await Promise.all(
      session.opened().map(async (opening) => {
        const p = await opening;
        const auths = plans.filter((plan) => profileKey(plan) === p.key).map((plan) => plan.auth);
        return askUserKeys(session, p, auths);
      }),
    );
    const localSshKeys = await localKeysP;
    const hostAddresses = await hostAddressesP;
    return {
      profiles,
      targets: targets.filter((t): t is AccountTargetFacts => t !== undefined),
      localSshKeys,
      ...(hostAddresses.length ? { hostAddresses } : {}),
      ...(profileSearch.length ? { profileSearch } : {}),
    };
  } finally {
    session.close();
  }
}

/** Where the target's repository is and what IAM lets its identity do there; undefined when AWS cannot be asked. */
async function probeTarget(
  session: AccountSession,
  plan: TargetPlan,
): Promise<AccountTargetFacts | undefined> {
  const region = plan.region;
  if (!region) return undefined;
  const repo = plan.target.repo as string;
  const p = await session.profileFor(plan, region);
  if (!p.credentials) return undefined;
  // GetRepository does not need the identity: it goes out beside GetCallerIdentity.
  const [lookup] = await Promise.all([lookupRepository(session, p, region, repo), p.ready]);
  const id = p.facts.identity;
  if (!id) return undefined;
  const facts: AccountTargetFacts = {
    subject: plan.target.display,
    targetKey: plan.target.key,
    profile: plan.profile,
    session: p.key,
    region,
    repo,
    auth: plan.auth,
    lookup,
  };
  const arn = lookup.arn ?? repositoryArn(partitionOf(region), region, id.account, repo);
  const [simulation, search] = await Promise.all([
    simulateGit(session, p, id, arn),
    lookup.status === 'not-found' ? searchOtherRegions(session, p, region, repo) : undefined,
  ]);
  if (search) Object.assign(facts, search);
  facts.simulation = simulation;
  return facts;
}
