import { advice, makeOffer } from '../fixes/offer';
import { remoteUrlOffer } from '../fixes/remote-url-offer';
import type { AwsConfigFacts, Facts, Finding, FixOffer, RemoteCodecommitFacts, RemoteTarget } from '../model';
import { helperProfile } from '../probes/aws-config';
import { profileChain } from './aws-signers';
import { olderThan } from './aws-sign-in';
import type { CheckDefinition, FindingDraft, PlanContext } from './check';
import { found, need, noAddress } from './check';
import { aboutRemote, targetOf } from './derive';
import { DOCS } from './docs';

type Code = 'remote-codecommit-not-on-path' | 'remote-codecommit-botocore-too-old';

// git-remote-codecommit signs with the botocore of its own Python (aws/git-remote-codecommit
// setup.py: botocore >= 1.17.0, nothing newer required), whatever the AWS CLI is.

/** Sources: botocore CHANGELOG 1.29.10 ("Add support for loading sso-session profiles") and 1.41.0 (login provider). */
const SSO_SESSION_BOTOCORE = [1, 29, 10];
const LOGIN_BOTOCORE = [1, 41, 0];

function versionParts(v: string): number[] {
  return v.split('.').map((x) => Number.parseInt(x, 10) || 0);
}

/** The region git-remote-codecommit signs for: the address's, else botocore's config (AWS_DEFAULT_REGION, then the profile's). */
function regionOf(t: RemoteTarget, config: AwsConfigFacts): string | undefined {
  const name = helperProfile(t.profile, config).name;
  return t.region ?? config.envRegion ?? config.profiles.find((p) => p.name === name)?.region;
}

/** What this botocore cannot do for this address, in words; undefined when it can. */
function cannot(t: RemoteTarget, grc: RemoteCodecommitFacts, config: AwsConfigFacts): string | undefined {
  if (grc.botocoreError) return `git-remote-codecommit cannot run: ${grc.botocoreError}.`;
  const b = grc.botocore;
  if (!b) return undefined;
  const name = helperProfile(t.profile, config).name;
  const profile = config.profiles.find((p) => p.name === name);
  const kinds = new Set((profile ? profileChain(profile, config) : []).map((p) => p.credentialKind));
  const v = versionParts(b.version);
  if (kinds.has('sso-session') && olderThan(v, SSO_SESSION_BOTOCORE))
    return `Profile "${name}" is an sso-session profile; botocore ${b.version} (git-remote-codecommit's) knows those from 1.29.10 on, so it finds no credentials.`;
  if (kinds.has('login') && (olderThan(v, LOGIN_BOTOCORE) || !b.crt))
    return `Profile "${name}" signs in with aws login; git-remote-codecommit's botocore ${b.version} ${olderThan(v, LOGIN_BOTOCORE) ? 'is older than 1.41.0, which first knows it' : 'needs the awscrt package for it, which is not installed'}.`;
  const region = regionOf(t, config);
  if (
    region &&
    b.codecommitRegions &&
    b.codecommitRegions.length > 0 &&
    !b.codecommitRegions.includes(region)
  )
    return `botocore ${b.version} (git-remote-codecommit's) does not list CodeCommit in ${region}, so git-remote-codecommit stops with "RegionNotAvailable".`;
  return undefined;
}

/** The upgrade, for that very Python (never another pip), and the https:// form that needs no git-remote-codecommit. */
function upgradeOrHttps(f: Finding, facts: Facts, pctx: PlanContext): FixOffer[] {
  const grc = facts.remoteCodecommit.ok ? facts.remoteCodecommit.value : undefined;
  const python = grc?.python && !grc.botocoreError?.includes('is not there') ? grc.python : 'python3';
  const login = /signs in with aws login/.test(f.explanation);
  const argv = [
    python,
    '-m',
    'pip',
    'install',
    '--upgrade',
    'git-remote-codecommit',
    login ? 'botocore[crt]' : 'botocore',
  ];
  const offers: FixOffer[] = [
    makeOffer(f, {
      id: `${f.code}:upgrade`,
      kind: 'suggestion',
      title: `Upgrade git-remote-codecommit and botocore for ${python}`,
      description: `Run ${argv.join(' ')} in a terminal (the Python git-remote-codecommit runs on), then scan again.`,
      steps: [
        { type: 'command', argv, admin: false, note: 'upgrades the AWS library git-remote-codecommit uses' },
      ],
      plain: 'Update the add-on that handles codecommit:// addresses, then scan again.',
    }),
  ];
  const t = targetOf(facts, f.about);
  const region = t && facts.awsConfig.ok ? regionOf(t, facts.awsConfig.value) : t?.region;
  if (!t?.repo || !region) return offers;
  const https = `https://git-codecommit.${region}.amazonaws.com${region.startsWith('cn-') ? '.cn' : ''}/v1/repos/${t.repo}`;
  const plain =
    'Use the https:// address instead, with AWS signing in for git (it does not need this add-on).';
  if (pctx.target.kind === 'dir' && t.remote) {
    offers.push(
      remoteUrlOffer(f, {
        id: `${f.code}:https:${t.remote}`,
        kind: 'suggestion',
        title: `Use ${https} for remote "${t.remote}"`,
        dir: pctx.target.path,
        remote: t.remote,
        from: t.display,
        to: https,
        plain,
      }),
    );
  } else {
    offers.push(
      advice(
        f,
        'https',
        `Clone ${https} instead`,
        `The HTTPS address with the AWS helper signs with the AWS CLI, not git-remote-codecommit: ${https}.`,
        {
          plain,
          address: https,
        },
      ),
    );
  }
  return offers;
}

export const remoteCodecommit: CheckDefinition<Code> = {
  title: 'git-remote-codecommit',
  needs: ['remoteCodecommit', 'awsConfig'],
  codes: {
    'remote-codecommit-not-on-path': {
      severity: 'error',
      title: 'git-remote-codecommit is not installed or not on PATH',
      plain:
        'Addresses that start with codecommit:// need a small add-on, git-remote-codecommit, which is not installed or cannot be found.',
      explanation:
        "Addresses that start with codecommit:// need the git-remote-codecommit program. Git cannot find it, so it says \"'remote-codecommit' is not a git command\". Install it with pip and make sure pip's scripts folder is on PATH.",
      docsUrl: DOCS.remoteCodecommit,
      plan: (f) => [
        advice(
          f,
          'install',
          'Install git-remote-codecommit',
          'Run "pip install git-remote-codecommit" (or "python3 -m pip install --user git-remote-codecommit") and make sure pip\'s scripts folder is on PATH; or clone with the HTTPS address and the AWS helper instead.',
          { plain: 'Install git-remote-codecommit, or clone with the https:// address instead.' },
        ),
      ],
    },
    'remote-codecommit-botocore-too-old': {
      severity: 'error',
      title: "git-remote-codecommit's AWS library is too old for this address",
      plain:
        'The add-on that handles codecommit:// addresses uses an old copy of the AWS library, which does not understand how you sign in or where your repository is. Updating it fixes that.',
      explanation:
        'git-remote-codecommit does not use the AWS CLI: it signs with botocore in its own Python, and that botocore is too old for this address (sso-session profiles need 1.29.10, aws login 1.41.0 with awscrt, and it only accepts regions its own region list names). It fails with a Python error instead of a password.',
      docsUrl: DOCS.remoteCodecommit,
      plan: upgradeOrHttps,
    },
  },
  run(facts) {
    const targets = facts.targets.filter((t) => t.transport === 'codecommit');
    if (targets.length === 0) return noAddress(facts, 'No codecommit:// address to check.');
    const grc = need(facts, 'remoteCodecommit');
    if (!grc.path) {
      return found(
        targets.map((t) => ({
          code: 'remote-codecommit-not-on-path' as const,
          about: aboutRemote(t),
          subject: t.display,
          evidence: [{ kind: 'program' as const, name: 'git-remote-codecommit', path: null }],
        })),
      );
    }
    const config = need(facts, 'awsConfig');
    const findings: FindingDraft<Code>[] = [];
    for (const t of targets) {
      const why = cannot(t, grc, config);
      if (!why) continue;
      findings.push({
        code: 'remote-codecommit-botocore-too-old',
        about: aboutRemote(t),
        subject: t.display,
        detail: why,
        evidence: [
          { kind: 'program', name: 'git-remote-codecommit', path: grc.path },
          ...(grc.python ? [{ kind: 'program' as const, name: 'its Python', path: grc.python }] : []),
          ...(grc.botocore
            ? [
                {
                  kind: 'program' as const,
                  name: 'its botocore',
                  path: grc.botocore.path,
                  version: grc.botocore.version,
                },
              ]
            : []),
        ],
      });
    }
    const where = grc.botocore
      ? ` on ${grc.python ?? 'its Python'} with botocore ${grc.botocore.version}`
      : '';
    return found(findings, `git-remote-codecommit: ${grc.path}${where}.`);
  },
};
