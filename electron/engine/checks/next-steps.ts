import { checkAddress } from '../../shared/address-check';
import { commandLine } from '../../shared/command-line';
import { advice } from '../fixes/offer';
import type { Facts, Finding, FixOffer } from '../model';
import type { PlanContext } from './check';

// Next steps for findings the doctor cannot repair on this computer: the address to use
// instead, what to ask an administrator, the command to run, the setting to change. Each is
// shown, never run (advice has no step the doctor runs), so nobody is left at a dead end.

/** A clone address git cannot read, or not a CodeCommit one: the likely intended address, or where to find it. */
export function addressNextSteps(f: Finding, _facts: Facts, pctx: PlanContext): FixOffer[] {
  const input =
    pctx.target.kind === 'url' ? pctx.target.url : f.about?.kind === 'address' ? f.about.input : '';
  const hint = checkAddress(input);
  const console = advice(
    f,
    'copy-from-console',
    'Copy the clone address from the CodeCommit console',
    'Open the repository in the AWS CodeCommit console, choose Clone URL › Clone HTTPS, and scan that address.',
    { plain: 'Copy the address from the repository’s page in the AWS console (Clone URL › Clone HTTPS).' },
  );
  if (!hint?.suggestion) return [console];
  return [
    advice(
      f,
      'did-you-mean',
      'Use the corrected address',
      `${hint.message} Did you mean ${hint.suggestion}?`,
      {
        plain: `${hint.message} This is probably the address you meant.`,
        address: hint.suggestion,
      },
    ),
    console,
  ];
}

function accountTarget(facts: Facts, f: Finding) {
  const about = f.about;
  if (about?.kind !== 'remote' || !facts.account.ok) return undefined;
  return facts.account.value.targets.find((t) => t.targetKey === about.key);
}

const profileArgs = (profile: string | undefined) =>
  profile && profile !== 'default' ? ['--profile', profile] : [];

/** No such repository anywhere the account could search: list what the account has. */
export function listRepositories(f: Finding, facts: Facts): FixOffer[] {
  const t = accountTarget(facts, f);
  const argv = [
    'aws',
    'codecommit',
    'list-repositories',
    ...(t ? ['--region', t.region] : []),
    ...profileArgs(t?.profile),
  ];
  return [
    advice(
      f,
      'list-repositories',
      'Check the repository name and the AWS account',
      `Repository names are case-sensitive. List the repositories your account has in this region with: ${commandLine(argv)}; if the one you want is not there, you may be signed in to a different AWS account than the repository's.`,
      {
        plain:
          'Check the repository’s name (capitals count) and that you are signed in to the right AWS account.',
        steps: [{ type: 'command', argv, admin: false, note: 'lists the repositories you can see' }],
      },
    ),
  ];
}

/** The exact request for an administrator: the app adds the policy and the ARNs from the evidence. */
export function askAdministrator(f: Finding): FixOffer[] {
  const action = f.code === 'iam-gitpush-denied' ? 'push to' : 'clone';
  return [
    advice(
      f,
      'ask-admin',
      `Ask an administrator to let you ${action} this repository`,
      'Send the policy shown with this finding to an administrator of the AWS account: it allows exactly what git needs on this one repository, and nothing else.',
      {
        plain: `Send your administrator the request below: it asks for exactly the access you need to ${action} this repository.`,
        notice: 'Nothing on this computer needs to change.',
      },
    ),
  ];
}

export function askAboutKey(f: Finding): FixOffer[] {
  return [
    advice(
      f,
      'ask-admin-kms',
      "Ask an administrator to check the repository's encryption key",
      "The repository's AWS KMS key must be enabled, and its key policy must let your identity use it (kms:Decrypt, kms:GenerateDataKey). Send this finding, or the report, to an administrator of the account.",
      { plain: "Ask your administrator to let your account use the repository's encryption key." },
    ),
  ];
}

export function askAboutEndpoint(f: Finding): FixOffer[] {
  return [
    advice(
      f,
      'ask-admin-endpoint',
      'If clones fail with 403, ask about the VPC endpoint policy',
      "An interface VPC endpoint has its own policy. If git is refused with 403 although your permissions allow it, ask an administrator to check this endpoint's policy (codecommit:GitPull, codecommit:GitPush) and its security group.",
      { plain: 'Nothing to do if cloning works. If it is refused, send the report to your administrator.' },
    ),
  ];
}

export function askToCheckPermissions(f: Finding): FixOffer[] {
  return [
    advice(
      f,
      'ask-admin-check',
      'If clones fail with 403, ask an administrator to check codecommit:GitPull',
      'The doctor may not use the policy simulator (iam:SimulatePrincipalPolicy). An administrator can check whether your identity is allowed codecommit:GitPull on this repository.',
      {
        plain: 'If cloning still fails, ask your administrator to check that you may clone this repository.',
      },
    ),
  ];
}

/** AWS does not know the keys this profile signs with: set the profile up, or sign in again. */
export function setUpSignIn(f: Finding, facts: Facts): FixOffer[] {
  const profile = f.about?.kind === 'profile' ? f.about.profile : undefined;
  const known = facts.awsConfig.ok
    ? facts.awsConfig.value.profiles.find((p) => p.name === profile)
    : undefined;
  const sso = known?.credentialKind === 'sso' || known?.credentialKind === 'sso-session';
  const argv = sso
    ? ['aws', 'sso', 'login', ...profileArgs(profile)]
    : ['aws', 'configure', ...profileArgs(profile)];
  return [
    advice(
      f,
      sso ? 'sso-login' : 'configure',
      sso ? 'Sign in to AWS again' : 'Set up the AWS keys this computer signs with',
      sso
        ? `Run ${commandLine(argv)} in a terminal; it opens your browser to sign in. Then scan again.`
        : `Run ${commandLine(argv)} in a terminal and enter an access key ID and secret access key from the IAM console (Security credentials), or ask your administrator how your company signs in to AWS. Then scan again.`,
      {
        plain: sso
          ? 'Sign in to AWS again (this opens your browser), then scan again.'
          : 'Enter your AWS access keys on this computer (your administrator can tell you how you sign in), then scan again.',
        steps: [
          {
            type: 'command',
            argv,
            admin: false,
            note: sso ? 'opens your browser to sign in' : 'asks for your AWS keys',
          },
        ],
      },
    ),
  ];
}

/** The clock, set the way this OS sets it. */
export function setClock(f: Finding, _facts: Facts, pctx: PlanContext): FixOffer[] {
  const { how, argv } = pctx.os.clockFix;
  return [
    advice(f, 'clock', 'Set the clock automatically', `${how} Then scan again.`, {
      plain: 'Let this computer set its clock automatically, then scan again.',
      ...(argv
        ? { steps: [{ type: 'command', argv, admin: true, note: 'needs administrator rights' }] }
        : {}),
    }),
  ];
}
