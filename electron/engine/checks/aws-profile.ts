import {
  describeSourceChain,
  helperProfile,
  profileCredentialsUsable,
  sourceChainOf,
} from '../probes/aws-config';
import { advice, makeOffer } from '../fixes/offer';
import { scopedSectionOffer } from '../fixes/scoped-section';
import type { AwsConfigFacts, Evidence, Facts, Finding, FixOffer, RemoteTarget } from '../model';
import type { CheckDefinition, FindingDraft, PlanContext } from './check';
import { dedupe, found, need, noAddress } from './check';
import { aboutRemote, awsHelper, httpsChains } from './derive';
import { DOCS } from './docs';

type Code = 'aws-profile-no-credentials' | 'aws-profile-no-region';

interface Signer {
  target: RemoteTarget;
  /** --profile in the helper, or the profile in a codecommit:// URL. */
  explicitProfile?: string;
  /** git-remote-codecommit uses only the URL's or the profile's region (no default-profile fallback). */
  needsProfileRegion: boolean;
}

function profileEvidence(config: AwsConfigFacts, name: string, source: string): Evidence[] {
  const profile = config.profiles.find((p) => p.name === name);
  const chain = profile && sourceChainOf(profile, config);
  return [
    { kind: 'profile', name, source },
    ...(chain
      ? [{ kind: 'text' as const, label: 'source_profile chain', detail: describeSourceChain(chain) }]
      : []),
    { kind: 'file', path: config.configFile, exists: config.configFileExists },
    { kind: 'file', path: config.credentialsFile, exists: config.credentialsFileExists },
  ];
}

/**
 * Sign with another profile that has credentials (a suggestion: it changes who you are to
 * AWS), or set this one up. Only profiles whose own credentials would work as `--profile X`
 * are suggested: never one whose source_profile chain loops or ends nowhere, and so never
 * the failing profile itself.
 */
function useProfileWithCredentials(f: Finding, facts: Facts, pctx: PlanContext): FixOffer[] {
  if (!facts.awsConfig.ok) return [];
  const config = facts.awsConfig.value;
  const others = config.profiles
    .filter((p) => profileCredentialsUsable(p, config, { explicitProfile: true }))
    .flatMap((p) =>
      scopedSectionOffer(
        f,
        facts,
        pctx,
        { profile: p.name },
        `Sign with the AWS profile "${p.name}"`,
        `Git will sign in to AWS with your sign-in "${p.name}", which works on this computer.`,
      ).map((o) => ({ ...o, id: `${o.id}:profile:${p.name}`, kind: 'suggestion' as const })),
    );
  return [
    ...others,
    makeOffer(f, {
      id: `${f.code}:configure`,
      kind: 'suggestion',
      title: 'Set up credentials for the profile',
      description:
        'Run one of these in a terminal, then check again: "aws configure" for access keys, or "aws configure sso" then "aws sso login" for IAM Identity Center.',
      plain:
        'Set up your AWS sign-in on this computer (your administrator can tell you which kind), then scan again.',
    }),
  ];
}

function noCredentialsDetail(config: AwsConfigFacts, name: string): string {
  const profile = config.profiles.find((p) => p.name === name);
  if (!profile) return `Profile "${name}" does not exist in your AWS files.`;
  const chain = sourceChainOf(profile, config);
  if (chain?.broken === 'loop')
    return `Profile "${name}" takes its credentials through source_profile in a loop (${chain.names.join(' → ')}), so the AWS CLI stops with "Infinite loop in credential configuration".`;
  if (chain?.broken === 'missing')
    return `Profile "${name}" takes its credentials from source_profile "${chain.names.at(-1) ?? ''}", which does not exist (${chain.names.join(' → ')}).`;
  return `Profile "${name}" has no usable credentials.`;
}

export const awsProfile: CheckDefinition<Code> = {
  title: 'AWS profile the helper signs with',
  needs: ['git', 'awsConfig'],
  codes: {
    'aws-profile-no-credentials': {
      severity: 'error',
      title: 'The AWS profile the helper uses has no credentials',
      plain:
        'The AWS sign-in git uses has no keys or sign-in session on this computer, so AWS cannot make a password for you.',
      explanation:
        'The AWS helper signs with the credentials of one AWS CLI profile. That profile has no access key, single sign-on, role or credential process, so the helper fails and git asks for a user name instead.',
      docsUrl: DOCS.cliConfigure,
      plan: useProfileWithCredentials,
    },
    'aws-profile-no-region': {
      severity: 'error',
      title: 'The AWS helper cannot tell which region to sign for',
      plain: 'AWS cannot tell which region your repository is in, so it cannot make a password for it.',
      explanation:
        'This address does not name an AWS Region in its host, and the profile the helper uses has no region either, so the helper cannot sign the request.',
      docsUrl: DOCS.regions,
      plan: (f) => [
        advice(
          f,
          'region',
          'Name the region',
          'Put the region in the address (codecommit::us-east-2://your-repo) or give the profile one: aws configure set region us-east-2 --profile <profile>.',
          { plain: 'Tell AWS which region your repository is in, then scan again.' },
        ),
      ],
    },
  },
  run(facts) {
    const config = need(facts, 'awsConfig');
    const signers: Signer[] = [];
    for (const { target, chain } of httpsChains(facts)) {
      const helper = awsHelper(chain);
      if (helper)
        signers.push({ target, explicitProfile: helper.awsProfile, needsProfileRegion: !target.codecommit });
    }
    for (const target of facts.targets.filter((t) => t.transport === 'codecommit')) {
      signers.push({ target, explicitProfile: target.profile, needsProfileRegion: !target.region });
    }
    if (signers.length === 0)
      return noAddress(facts, 'No AWS credential helper or codecommit:// address to check.');

    const findings: FindingDraft<Code>[] = [];
    for (const s of signers) {
      const { name, source } = helperProfile(s.explicitProfile, config);
      const profile = config.profiles.find((p) => p.name === name);
      const about = aboutRemote(s.target);
      if (!profileCredentialsUsable(profile, config, { explicitProfile: source === 'helper' })) {
        findings.push({
          code: 'aws-profile-no-credentials',
          about,
          subject: s.target.display,
          detail: noCredentialsDetail(config, name),
          evidence: profileEvidence(config, name, source),
        });
      }
      if (
        s.needsProfileRegion &&
        !profile?.region &&
        !(s.target.transport !== 'codecommit' && config.envRegion)
      ) {
        findings.push({
          code: 'aws-profile-no-region',
          about,
          subject: s.target.display,
          evidence: profileEvidence(config, name, source),
        });
      }
    }
    return found(dedupe(findings));
  },
};
