import type { AccountProfileFacts, Facts, Finding, FixOffer } from '../model';
import { commandLine } from '../../shared/command-line';
import { advice, makeOffer } from '../fixes/offer';
import type { CheckDefinition, FindingDraft } from './check';
import { CheckError, found, need, noAddress, notRun, skipped } from './check';
import { setClock, setUpSignIn } from './next-steps';
import { awsHelper, httpsChains } from './derive';
import { DOCS } from './docs';

type Code = 'aws-credentials-expired' | 'aws-identity-unknown';

// Who AWS says you are, with the profile the AWS helper signs with for each repository.

/** Five minutes: the AWS SigV4 troubleshooting guide's tolerance for a client clock. */
export const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;

function profileLabel(p: AccountProfileFacts): string {
  const why =
    p.source === 'helper'
      ? 'named in the AWS helper'
      : p.source === 'env'
        ? 'from AWS_PROFILE'
        : p.source === 'url'
          ? 'named in the codecommit:// address'
          : 'the default profile';
  return `AWS profile "${p.profile}" (${why})`;
}

/** The sign-in command for an expired SSO session: the person runs it (it opens a browser). */
function signInAgain(f: Finding, facts: Facts): FixOffer[] {
  const about = f.about;
  if (about?.kind !== 'profile' || !facts.account.ok) return [];
  const profile = facts.account.value.profiles.find((x) => x.session === about.session);
  const argv = profile?.expired?.loginCommand;
  if (!argv)
    // Temporary keys from elsewhere (a company sign-in tool, assume-role): renewed where they came from.
    return [
      advice(
        f,
        'renew',
        'Get new temporary AWS credentials',
        `The temporary credentials of AWS profile "${about.profile}" have expired. Get new ones the way you got these (your company's AWS sign-in tool, or aws sts assume-role), then scan again.`,
        {
          plain:
            'Get a new AWS sign-in the way you usually do (your company’s sign-in tool), then scan again.',
        },
      ),
    ];
  return [
    makeOffer(f, {
      id: `${f.code}:sso-login:${about.profile}`,
      kind: 'suggestion',
      title: `Sign in again: ${commandLine(argv)}`,
      description: `Run ${commandLine(argv)} in a terminal; it opens the browser to sign in. Then check again.`,
      steps: [{ type: 'command', argv, admin: false, note: 'opens your browser to sign in' }],
      plain: 'Sign in to AWS again (this opens your browser), then scan again.',
    }),
  ];
}

export const accountIdentity: CheckDefinition<Code> = {
  title: 'Your AWS sign-in',
  needs: ['account', 'git'],
  // With --offline the account probe reads what needs no network: an expired SSO token is found.
  runsOffline: true,
  codes: {
    'aws-credentials-expired': {
      severity: 'error',
      title: 'Your AWS sign-in has expired',
      plain: 'Your AWS sign-in has run out. Once you sign in again, cloning works again.',
      explanation:
        'The AWS helper signs git passwords with the credentials of your AWS profile, and those have run out: the single sign-on session or the temporary keys are past their expiry. Every clone gets 403 until you sign in again.',
      docsUrl: DOCS.ssoLogin,
      plan: signInAgain,
    },
    'aws-identity-unknown': {
      severity: 'error',
      title: 'AWS does not recognise any credentials for this repository',
      plain:
        'AWS does not recognise the sign-in this computer uses for CodeCommit: it is missing, deleted or mistyped.',
      explanation:
        'Asked who you are with the same profile the AWS helper uses, AWS either found no credentials at all or refused them (an access key that was deleted, deactivated or mistyped). The helper cannot sign a valid password with them.',
      docsUrl: DOCS.cliConfigure,
      plan: setUpSignIn,
    },
  },
  run(facts) {
    const account = need(facts, 'account');
    if (account.profiles.length === 0) return noAddress(facts, 'No CodeCommit address to ask AWS about.');
    const chains = httpsChains(facts);
    // Every address signs in with saved Git credentials (a storing helper, no AWS helper).
    const gitCredentialsOnly =
      chains.length > 0 &&
      chains.length === facts.targets.length &&
      chains.every(({ chain }) => !awsHelper(chain) && chain.helpers.some((h) => h.storing));
    const findings: FindingDraft<Code>[] = [];
    const failures: string[] = [];
    const who: string[] = [];
    const notNeeded: string[] = [];
    const unchecked: string[] = [];
    for (const p of account.profiles) {
      const subject = profileLabel(p);
      const about = { kind: 'profile' as const, profile: p.profile, session: p.session };
      switch (p.credentials) {
        case 'ok':
          if (p.identity) who.push(`${p.profile}: ${p.identity.arn}`);
          break;
        case 'expired': {
          const cmd = p.expired?.loginCommand;
          findings.push({
            code: 'aws-credentials-expired',
            about,
            subject,
            ...(p.error ? { detail: p.error } : {}),
            evidence: [
              { kind: 'profile', name: p.profile },
              ...(cmd
                ? [{ kind: 'text' as const, label: 'Sign in again with', detail: commandLine(cmd) }]
                : []),
            ],
          });
          break;
        }
        case 'none':
        case 'invalid': {
          // Git credentials (service-specific) need no AWS keys to clone: missing keys then
          // only mean the account side cannot be checked, which is not a problem to fix.
          if (p.credentials === 'none' && gitCredentialsOnly) {
            notNeeded.push(
              `${subject}: no AWS credentials here, so IAM could not be asked (cloning with Git credentials does not need them).`,
            );
            break;
          }
          findings.push({
            code: 'aws-identity-unknown',
            about,
            subject,
            ...(p.error ? { detail: p.error } : {}),
            evidence: [{ kind: 'profile', name: p.profile }],
          });
          break;
        }
        case 'error':
          failures.push(`${subject}: ${p.error ?? 'unknown error'}`);
          break;
        case 'unchecked':
          unchecked.push(p.error ?? 'AWS was not asked');
          break;
      }
    }
    // --offline and nothing local showed an expired sign-in: not run, and it says why.
    if (unchecked.length > 0 && findings.length === 0 && failures.length === 0 && who.length === 0)
      return notRun(`${unchecked[0]} (no expired sign-in found in the files)`);
    if (notNeeded.length > 0 && findings.length === 0 && failures.length === 0 && who.length === 0)
      return skipped(notNeeded.join(' '));
    // AWS unreachable is "could not check", not a diagnosis: the check errors with the reason.
    if (failures.length > 0 && findings.length === 0 && who.length === 0)
      throw new CheckError(failures.join(' '));
    const message = [
      ...(who.length ? [`Signed in as ${who.join('; ')}.`] : []),
      ...failures,
      ...notNeeded,
    ].join(' ');
    return found(findings, message || undefined);
  },
};

export const accountClock: CheckDefinition<'clock-skew'> = {
  title: "This computer's clock",
  needs: ['account'],
  codes: {
    'clock-skew': {
      severity: 'error',
      title: "This computer's clock is wrong",
      plain:
        "This computer's clock is off by more than a few minutes, and AWS refuses passwords that carry the wrong time.",
      explanation:
        "Every password the AWS helper makes carries the time it was signed, and AWS refuses signatures more than a few minutes off its own clock. This computer's clock differs from AWS's by more than 5 minutes. Turn on automatic time: Windows — Settings › Time & language › Date & time › Set time automatically, then Sync now; macOS — System Settings › General › Date & Time › Set time and date automatically; Linux — sudo timedatectl set-ntp true.",
      docsUrl: DOCS.sigv4Troubleshooting,
      plan: setClock,
    },
  },
  run(facts) {
    const account = need(facts, 'account');
    const withDate = account.profiles.find((p) => p.clockSkewMs !== undefined && p.serverDate);
    if (account.profiles.length === 0) return noAddress(facts, 'No CodeCommit address to ask AWS about.');
    if (!withDate || withDate.clockSkewMs === undefined)
      return notRun('AWS gave no reply to compare the clock with (see "Your AWS sign-in").');
    const skew = withDate.clockSkewMs;
    if (Math.abs(skew) <= MAX_CLOCK_SKEW_MS) return found([]);
    const minutes = Math.round(Math.abs(skew) / 60_000);
    return found([
      {
        code: 'clock-skew',
        detail: `This computer is ${minutes} minutes ${skew > 0 ? 'ahead of' : 'behind'} AWS.`,
        evidence: [
          { kind: 'text', label: 'AWS time (Date of its reply)', detail: withDate.serverDate ?? '' },
          {
            kind: 'text',
            label: 'This computer',
            detail: new Date(Date.parse(withDate.serverDate ?? '') + skew).toISOString(),
          },
        ],
      },
    ]);
  },
};
