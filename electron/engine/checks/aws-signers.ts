import { wrapperSuppliesCredentials } from '../helper-wrapper';
import type { AwsConfigFacts, AwsProfile, Facts, HelperRef, RemoteTarget } from '../model';
import { helperProfile, sourceChainOf } from '../probes/aws-config';
import { awsHelper, httpsChains } from './derive';

// Who signs for each CodeCommit address: the AWS helper with its profile, or git-remote-codecommit
// with the address's profile (or AWS_PROFILE, else default). Several checks reason about the same.

export interface Signer {
  target: RemoteTarget;
  /** --profile in the helper, or the profile in a codecommit:// URL. */
  explicitProfile?: string;
  /** git-remote-codecommit uses only the URL's or the profile's region (no default-profile fallback). */
  needsProfileRegion: boolean;
  /** The AWS helper that signs (absent for codecommit:// addresses). */
  helper?: HelperRef;
}

export interface Signers {
  signers: Signer[];
  /** Addresses whose helper runs inside the user's own command: that command brings the credentials. */
  wrapped: string[];
}

export function signersOf(facts: Facts): Signers {
  const signers: Signer[] = [];
  const wrapped: string[] = [];
  for (const { target, chain } of httpsChains(facts)) {
    const helper = awsHelper(chain);
    if (!helper) continue;
    // aws-vault, assume-role…: the credentials come from the user's own command, not this profile.
    if (wrapperSuppliesCredentials(helper.wrapper)) {
      wrapped.push(
        `${target.display}: signs in through "${helper.wrapper?.command ?? ''}" (not judged here).`,
      );
      continue;
    }
    signers.push({
      target,
      explicitProfile: helper.awsProfile,
      needsProfileRegion: !target.codecommit,
      helper,
    });
  }
  for (const target of facts.targets.filter((t) => t.transport === 'codecommit')) {
    signers.push({ target, explicitProfile: target.profile, needsProfileRegion: !target.region });
  }
  return { signers, wrapped };
}

/** The profile a signer uses, and whether it was named (then environment keys do not count). */
export function profileOf(
  s: Signer,
  config: AwsConfigFacts,
): { name: string; source: 'helper' | 'env' | 'default'; explicit: boolean; profile?: AwsProfile } {
  const { name, source } = helperProfile(s.explicitProfile, config);
  const profile = config.profiles.find((p) => p.name === name);
  return { name, source, explicit: source === 'helper', ...(profile ? { profile } : {}) };
}

/** The profile and every source_profile behind it, in order (assume-role chains). */
export function profileChain(profile: AwsProfile, config: AwsConfigFacts): AwsProfile[] {
  const names = sourceChainOf(profile, config)?.names ?? [profile.name];
  return [...new Set(names)].flatMap((n) => config.profiles.filter((p) => p.name === n));
}

function kindWords(p: AwsProfile): string {
  switch (p.credentialKind) {
    case 'static':
      return 'access keys';
    case 'sso-session':
      return `single sign-on (sso-session "${p.ssoSession ?? ''}")`;
    case 'sso':
      return 'single sign-on';
    case 'login':
      return 'your AWS console sign-in (aws login)';
    case 'assume-role':
      return p.sourceProfile
        ? `a role, from profile "${p.sourceProfile}"`
        : `a role, from ${p.credentialSource ?? 'its credential source'}`;
    case 'web-identity':
      return 'a web identity token';
    case 'credential-process':
      return 'its credential_process';
    case 'none':
      return 'nothing of its own';
  }
}

/** Which sign-in signs, in words (botocore's chain order), or undefined when none would. */
export function signInWords(who: ReturnType<typeof profileOf>, config: AwsConfigFacts): string | undefined {
  if (!who.explicit && config.envCredentials) return 'the keys in AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY';
  if (who.profile && who.profile.credentialKind !== 'none')
    return `profile "${who.name}": ${kindWords(who.profile)}`;
  if (who.explicit && !who.profile) return undefined;
  const env = config.environment;
  if (!who.explicit && env?.webIdentity)
    return `the web identity role ${env.webIdentity.roleArn} (AWS_ROLE_ARN)`;
  if (env?.container)
    return `the ${env.container.kind === 'codebuild' ? 'CodeBuild' : env.container.kind === 'ecs' ? 'ECS task' : env.container.kind === 'eks-pod-identity' ? 'EKS Pod Identity' : 'container'} role (${env.container.variable})`;
  if (env?.instance) return `the EC2 instance role (assumed: ${env.instance.why})`;
  return undefined;
}
