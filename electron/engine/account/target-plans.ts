import { computeHelperChain } from '../helper-chain';
import type {
  AccountProfileFacts,
  AccountTargetFacts,
  AwsConfigFacts,
  ConfigEntry,
  GitFacts,
  RemoteTarget,
  SelectedClientFacts,
} from '../model';
import { wrapperSuppliesCredentials } from '../helper-wrapper';
import { helperProfile } from '../probes/aws-config';

// Which AWS profile, region and way of signing in each CodeCommit target uses: decided from the
// local facts alone, before anything asks AWS.

export interface AccountProbeInput {
  awsConfig: AwsConfigFacts | undefined;
  git: GitFacts | undefined;
  targets: RemoteTarget[];
  /** The Git client the user clones with (--client): one that replaces or ignores helpers signs with Git credentials. */
  client?: Pick<SelectedClientFacts, 'helpers'>;
}

export interface TargetPlan {
  target: RemoteTarget;
  profile: string;
  source: AccountProfileFacts['source'];
  /** The profile was named (helper `--profile`, `codecommit://profile@`): environment keys do not count. */
  explicit: boolean;
  region: string | undefined;
  auth: AccountTargetFacts['auth'];
}

type ProfileChoice = { name: string; source: AccountProfileFacts['source']; explicit: boolean };

function signing(
  t: RemoteTarget,
  config: ConfigEntry[],
  aws: Pick<AwsConfigFacts, 'envProfile'>,
  client: AccountProbeInput['client'],
): { auth: AccountTargetFacts['auth']; profile: ProfileChoice } {
  const fallback = helperProfile(undefined, aws);
  let profile: ProfileChoice = { ...fallback, explicit: false };
  if (t.transport === 'https' && t.matchUrl) {
    const chain = computeHelperChain(config, t.matchUrl);
    const helper = chain.helpers.find((h) => h.kind === 'aws');
    // The profile for a client that drops your helpers: the one your own AWS helper names.
    const yours = helper
      ? undefined
      : client &&
        computeHelperChain(
          config.filter((e) => e.scope !== 'command'),
          t.matchUrl,
        ).helpers.find((h) => h.kind === 'aws');
    const named = helper ?? yours;
    if (named?.wrapper?.profile && wrapperSuppliesCredentials(named.wrapper)) {
      // aws-vault exec <profile> / assume-role <profile>: the wrapper signs in with that profile.
      profile = { name: named.wrapper.profile, source: 'helper', explicit: true };
    } else if (named) {
      const p = helperProfile(named.awsProfile, aws);
      profile = { ...p, explicit: p.source === 'helper' };
    }
    // Static Git credentials only when a storing helper is what would answer; with no
    // helper at all (or the AWS helper in a section that misses this host) the user meant
    // the AWS helper, and "no Git credentials in IAM" would be a false lead.
    const auth = helper || !chain.helpers.some((h) => h.storing) ? 'aws-helper' : 'git-credentials';
    // A client that empties the helper list or is not git at all can only send Git
    // credentials (or SSH): the AWS helper never runs there, whatever the settings say.
    const clientSigns = client?.helpers === 'replaces' || client?.helpers === 'ignores';
    return { auth: clientSigns ? 'git-credentials' : auth, profile };
  }
  if (t.transport === 'ssh') return { auth: 'ssh', profile };
  if (t.profile) profile = { name: t.profile, source: 'url', explicit: true };
  return { auth: 'remote-codecommit', profile };
}

/** One plan per CodeCommit target with a repository name, in the order of `input.targets`. */
export function planTargets(input: AccountProbeInput): TargetPlan[] {
  const aws = input.awsConfig ?? { envProfile: undefined, envRegion: undefined, profiles: [] };
  const config = input.git?.config ?? [];
  const plans: TargetPlan[] = [];
  for (const t of input.targets) {
    if (!t.repo) continue;
    if (t.transport !== 'codecommit' && !t.codecommit) continue;
    const { auth, profile } = signing(t, config, aws, input.client);
    const profileRegion = aws.profiles.find((p) => p.name === profile.name)?.region;
    const region = t.codecommit?.region ?? t.region ?? profileRegion ?? aws.envRegion;
    plans.push({
      target: t,
      profile: profile.name,
      source: profile.source,
      explicit: profile.explicit,
      region,
      auth,
    });
  }
  return plans;
}
