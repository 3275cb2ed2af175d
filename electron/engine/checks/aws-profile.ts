import { helperProfile, profileCredentialsUsable } from '../probes/aws-config';
import type { AwsConfigFacts, Finding, RemoteTarget } from '../model';
import type { CheckDefinition } from './check';
import { finding, need, dedupe } from './check';
import { awsHelper, httpsChains } from './derive';

interface Signer {
  target: RemoteTarget;
  /** --profile in the helper, or the profile in a codecommit:// URL. */
  explicitProfile?: string;
  /** git-remote-codecommit uses only the URL's or the profile's region (no default-profile fallback). */
  needsProfileRegion: boolean;
}

function profileEvidence(config: AwsConfigFacts, name: string, source: string) {
  return [
    { kind: 'text' as const, label: 'Profile used', detail: `${name} (${source})` },
    { kind: 'file' as const, path: config.configFile, exists: config.configFileExists },
    { kind: 'file' as const, path: config.credentialsFile, exists: config.credentialsFileExists },
  ];
}

export const awsProfile: CheckDefinition = {
  id: 'aws-profile',
  title: 'AWS profile the helper signs with',
  needs: ['git', 'awsConfig'],
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
      return { skipped: 'No AWS credential helper or codecommit:// address to check.' };

    const findings: Finding[] = [];
    for (const s of signers) {
      const { name, source } = helperProfile(s.explicitProfile, config);
      const profile = config.profiles.find((p) => p.name === name);
      if (!profileCredentialsUsable(profile, config, { explicitProfile: source === 'helper' })) {
        findings.push(
          finding('aws-profile-no-credentials', {
            subject: s.target.display,
            detail: profile
              ? `Profile "${name}" has no usable credentials.`
              : `Profile "${name}" does not exist in your AWS files.`,
            evidence: profileEvidence(config, name, source),
          }),
        );
      }
      if (
        s.needsProfileRegion &&
        !profile?.region &&
        !(s.target.transport !== 'codecommit' && config.envRegion)
      ) {
        findings.push(
          finding('aws-profile-no-region', {
            subject: s.target.display,
            evidence: profileEvidence(config, name, source),
          }),
        );
      }
    }
    return dedupe(findings);
  },
};
