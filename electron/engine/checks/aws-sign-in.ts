import { commandLine } from '../../shared/command-line';
import { advice, makeOffer } from '../fixes/offer';
import type { AwsProfile, AwsVersionInfo, Facts, Finding, FixOffer } from '../model';
import { profileNeedsMfa } from '../probes/aws-config';
import { signInCommand } from '../probes/aws-sign-in';
import { profileChain, profileOf, signersOf } from './aws-signers';
import type { CheckDefinition, FindingDraft } from './check';
import { dedupe, found, need, skipped } from './check';
import { aboutRemote } from './derive';
import { DOCS } from './docs';

type Code = 'aws-sign-in-expired' | 'aws-cli-too-old-for-sign-in' | 'aws-profile-mfa-prompt';

// The ways people sign in to AWS today (single sign-on, `aws login`, roles with MFA), judged from
// the files alone, so they count offline too: a cached sign-in that ran out, an AWS CLI too old to
// know the kind of sign-in the profile uses, and a role that asks for an MFA code nobody can type.

/** The first kind of sign-in an AWS CLI must know for this profile, with the versions that know it. */
interface Needs {
  what: string;
  v2: [number, number, number];
  /** AWS CLI v1 goes by its botocore. */
  botocore: [number, number, number];
}

/** Sources: botocore CHANGELOG 1.29.10 (sso-session) and 1.41.0 (login); AWS CLI v2 CHANGELOG 2.9.0 and 2.32.0. */
const NEEDS: Partial<Record<AwsProfile['credentialKind'], Needs>> = {
  'sso-session': { what: 'sso-session profiles', v2: [2, 9, 0], botocore: [1, 29, 10] },
  login: { what: 'aws login (login_session)', v2: [2, 32, 0], botocore: [1, 41, 0] },
};

function parts(v: string | undefined): number[] | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)/.exec(v ?? '');
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

export function olderThan(v: number[], min: readonly number[]): boolean {
  for (let i = 0; i < 3; i++) {
    const a = v[i] ?? 0;
    const b = min[i] ?? 0;
    if (a !== b) return a < b;
  }
  return false;
}

function tooOld(version: AwsVersionInfo, needs: Needs): boolean {
  if (version.major >= 2) {
    const v = parts(version.cliVersion);
    return v !== undefined && olderThan(v, needs.v2);
  }
  const botocore = parts(/botocore\/(\S+)/.exec(version.raw)?.[1]);
  return botocore !== undefined && olderThan(botocore, needs.botocore);
}

/** The sign-in command as an offer: shown for the person to run (it opens the browser), never run here. */
export function signInOffer(f: Finding, profile: string, argv: string[]): FixOffer {
  const cmd = commandLine(argv);
  return makeOffer(f, {
    id: `${f.code}:sign-in:${profile}`,
    kind: 'suggestion',
    title: `Sign in again: ${cmd}`,
    description: `Run ${cmd} in a terminal; it opens the browser to sign in. Then check again.`,
    steps: [{ type: 'command', argv, admin: false, note: 'opens your browser to sign in' }],
    plain: 'Sign in to AWS again (this opens your browser), then scan again.',
  });
}

function renewSignIn(f: Finding): FixOffer[] {
  const cmd = f.evidence.find((e) => e.kind === 'text' && e.label === 'Sign in again with');
  if (cmd?.kind !== 'text' || f.about?.kind !== 'profile') return [];
  return [signInOffer(f, f.about.profile, cmd.detail.split(' '))];
}

function expiredDraft(p: AwsProfile, envKeys: boolean): FindingDraft<Code> | undefined {
  const t = p.token;
  if (!t || envKeys || !['expired', 'missing', 'unreadable'].includes(t.state)) return undefined;
  const cmd = signInCommand(t.kind, p.name);
  const detail =
    t.state === 'expired'
      ? `The ${t.kind === 'sso' ? 'single sign-on' : 'aws login'} session of profile "${p.name}" ended at ${t.expiresAt ?? '?'}.`
      : t.state === 'missing'
        ? `Profile "${p.name}" uses ${t.kind === 'sso' ? 'single sign-on' : 'aws login'}, and nobody has signed in with it on this computer yet.`
        : `The saved sign-in of profile "${p.name}" cannot be used: ${t.reason ?? 'unreadable'}.`;
  return {
    code: 'aws-sign-in-expired',
    about: { kind: 'profile', profile: p.name },
    subject: `AWS profile "${p.name}"`,
    detail,
    evidence: [
      { kind: 'profile', name: p.name },
      {
        kind: 'file',
        path: t.file,
        exists: t.state !== 'missing',
        ...(t.expiresAt ? { note: `expires ${t.expiresAt}` } : {}),
      },
      { kind: 'text', label: 'Sign in again with', detail: commandLine(cmd) },
    ],
  };
}

export const awsSignIn: CheckDefinition<Code> = {
  title: 'Your AWS sign-in on this computer',
  needs: ['git', 'awsConfig', 'awsCli'],
  codes: {
    'aws-sign-in-expired': {
      severity: 'error',
      title: 'Your AWS single sign-on or console sign-in has run out',
      plain:
        'Your AWS sign-in on this computer has run out (or never happened). Sign in again and cloning works.',
      explanation:
        'The profile that signs git passwords takes its keys from a sign-in kept on this computer (IAM Identity Center single sign-on, or aws login). That saved sign-in is past its expiry, or missing, so the AWS CLI has no keys and every clone fails until you sign in again. Found from the file alone, without contacting AWS.',
      docsUrl: DOCS.ssoLogin,
      plan: renewSignIn,
    },
    'aws-cli-too-old-for-sign-in': {
      severity: 'error',
      title: 'This AWS CLI is too old for the way your profile signs in',
      plain:
        'The AWS command-line tool on this computer is too old to understand the way you sign in to AWS, so it finds no keys. Updating it fixes that.',
      explanation:
        'Your profile signs in a way older AWS CLI versions do not know (sso-session profiles need AWS CLI 2.9 or later; aws login needs 2.32 or later). The AWS CLI that git starts ignores those settings, finds no credentials, and the helper fails.',
      docsUrl: DOCS.cliInstall,
      plan: (f) => [
        advice(
          f,
          'update',
          'Update the AWS CLI',
          'Install the current AWS CLI version 2 from the AWS documentation (it replaces the old one), then scan again.',
          { plain: 'Update the AWS command-line tool from the AWS website, then scan again.' },
        ),
      ],
    },
    'aws-profile-mfa-prompt': {
      severity: 'warning',
      title: 'Your AWS profile asks for an MFA code when its session runs out',
      plain:
        'Your AWS sign-in asks for a one-time code (MFA) about once an hour. A Git app has no window to ask in, so cloning from it fails when the code is due.',
      explanation:
        'The profile the AWS helper signs with assumes a role that needs an MFA code (mfa_serial). The AWS CLI asks for it in the terminal when its cached role session has run out. Git run from a Git client app, or with prompts off, has no terminal: the helper cannot ask, and git gets no password.',
      docsUrl: DOCS.cliConfigure,
      plan: (f) => {
        const profile = f.evidence.find((e) => e.kind === 'profile');
        const name = profile?.kind === 'profile' ? profile.name : 'default';
        const argv = [
          'aws',
          'sts',
          'get-caller-identity',
          ...(name === 'default' ? [] : ['--profile', name]),
        ];
        return [
          advice(
            f,
            'sign-in-first',
            'Sign in in a terminal before you clone',
            `Run ${commandLine(argv)} in a terminal and type the MFA code: the AWS CLI keeps the role's session (about an hour) and the helper uses it without asking. For a sign-in that never needs the terminal, use single sign-on or a credential_process that asks in a window.`,
            {
              plain:
                'Sign in once in a terminal window (it asks for your one-time code); for the next hour your Git app can clone.',
              steps: [{ type: 'command', argv, admin: false, note: 'asks for your MFA code once' }],
            },
          ),
        ];
      },
    },
  },
  run(facts) {
    const config = need(facts, 'awsConfig');
    const cli = need(facts, 'awsCli');
    const { signers } = signersOf(facts);
    if (signers.length === 0)
      return skipped('No AWS credential helper or codecommit:// address signs with a profile.');
    const findings: FindingDraft<Code>[] = [];
    for (const s of signers) {
      const who = profileOf(s, config);
      if (!who.profile) continue;
      const chain = profileChain(who.profile, config);
      const envKeys = !who.explicit && config.envCredentials;
      for (const p of chain) {
        const expired = expiredDraft(p, envKeys);
        if (expired) findings.push(expired);
      }
      const program = s.helper && cli.programs.find((p) => p.program === (s.helper?.awsProgram ?? 'aws'));
      const version = program?.version;
      const needed = chain.map((p) => NEEDS[p.credentialKind]).find((n) => n !== undefined);
      if (version && needed && !envKeys && tooOld(version, needed)) {
        findings.push({
          code: 'aws-cli-too-old-for-sign-in',
          about: aboutRemote(s.target),
          subject: s.target.display,
          detail: `Profile "${who.name}" uses ${needed.what}; the AWS CLI git starts is ${version.cliVersion}.`,
          evidence: [
            {
              kind: 'program',
              name: program?.program ?? 'aws',
              path: program?.resolvedPath ?? null,
              version: version.raw,
            },
            { kind: 'profile', name: who.name },
          ],
        });
      }
      if (!envKeys && who.profile.credentialKind === 'assume-role' && profileNeedsMfa(who.name, config)) {
        findings.push({
          code: 'aws-profile-mfa-prompt',
          about: aboutRemote(s.target),
          subject: s.target.display,
          evidence: [{ kind: 'profile', name: who.name }],
        });
      }
    }
    return found(dedupe(findings));
  },
};

/** For the account phase: the profiles whose expiry this check already reported from the files. */
export function expiredOffline(facts: Facts): Set<string> {
  if (!facts.awsConfig.ok) return new Set();
  return new Set(
    facts.awsConfig.value.profiles
      .filter((p) => p.token && ['expired', 'missing'].includes(p.token.state))
      .map((p) => p.name),
  );
}
