import type { AccountProfileFacts, Finding } from '../model';
import { commandLine } from '../fixes/describe-step';
import type { CheckDefinition } from './check';
import { CheckError, finding, need } from './check';
import { awsHelper, httpsChains } from './derive';

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

export const accountIdentity: CheckDefinition = {
  id: 'account-identity',
  title: 'Your AWS sign-in',
  needs: ['account', 'git'],
  run(facts) {
    const account = need(facts, 'account');
    if (account.profiles.length === 0) return { skipped: 'No CodeCommit address to ask AWS about.' };
    const chains = httpsChains(facts);
    // Every address signs in with saved Git credentials (a storing helper, no AWS helper).
    const gitCredentialsOnly =
      chains.length > 0 &&
      chains.length === facts.targets.length &&
      chains.every(({ chain }) => !awsHelper(chain) && chain.helpers.some((h) => h.storing));
    const findings: Finding[] = [];
    const failures: string[] = [];
    const who: string[] = [];
    const notNeeded: string[] = [];
    for (const p of account.profiles) {
      const subject = profileLabel(p);
      switch (p.credentials) {
        case 'ok':
          if (p.identity) who.push(`${p.profile}: ${p.identity.arn}`);
          break;
        case 'expired': {
          const cmd = p.expired?.loginCommand;
          findings.push(
            finding('aws-credentials-expired', {
              subject,
              ...(p.error ? { detail: p.error } : {}),
              evidence: [
                { kind: 'text', label: 'Profile', detail: p.profile },
                ...(cmd
                  ? [{ kind: 'text' as const, label: 'Sign in again with', detail: commandLine(cmd) }]
                  : []),
              ],
            }),
          );
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
          findings.push(
            finding('aws-identity-unknown', {
              subject,
              ...(p.error ? { detail: p.error } : {}),
              evidence: [{ kind: 'text', label: 'Profile', detail: p.profile }],
            }),
          );
          break;
        }
        case 'error':
          failures.push(`${subject}: ${p.error ?? 'unknown error'}`);
          break;
      }
    }
    if (notNeeded.length > 0 && findings.length === 0 && failures.length === 0 && who.length === 0)
      return { skipped: notNeeded.join(' ') };
    // AWS unreachable is "could not check", not a diagnosis: the check errors with the reason.
    if (failures.length > 0 && findings.length === 0 && who.length === 0)
      throw new CheckError(failures.join(' '));
    const message = [
      ...(who.length ? [`Signed in as ${who.join('; ')}.`] : []),
      ...failures,
      ...notNeeded,
    ].join(' ');
    return message ? { findings, message } : findings;
  },
};

export const accountClock: CheckDefinition = {
  id: 'account-clock',
  title: "This computer's clock",
  needs: ['account'],
  run(facts) {
    const account = need(facts, 'account');
    const withDate = account.profiles.find((p) => p.clockSkewMs !== undefined && p.serverDate);
    if (!withDate || withDate.clockSkewMs === undefined)
      return { skipped: 'AWS gave no reply to compare the clock with.' };
    const skew = withDate.clockSkewMs;
    if (Math.abs(skew) <= MAX_CLOCK_SKEW_MS) return [];
    const minutes = Math.round(Math.abs(skew) / 60_000);
    return [
      finding('clock-skew', {
        detail: `This computer is ${minutes} minutes ${skew > 0 ? 'ahead of' : 'behind'} AWS.`,
        evidence: [
          { kind: 'text', label: 'AWS time (Date of its reply)', detail: withDate.serverDate ?? '' },
          {
            kind: 'text',
            label: 'This computer',
            detail: new Date(Date.parse(withDate.serverDate ?? '') + skew).toISOString(),
          },
        ],
      }),
    ];
  },
};
