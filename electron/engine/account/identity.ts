import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import type { AccountIdentity, AccountProfileFacts } from '../model';
import { awsErrorOf, describeCallError, stsClient, type DateWitness } from './aws-clients';
import { ssoLoginCommand } from './credentials';
import { principalOf, userNameOf } from './policy';
import type { AccountSession } from './session';

// Who AWS says the profile is (STS GetCallerIdentity, which needs no permission), how far this
// computer's clock is from AWS's (the reply's Date), and, when AWS refuses, why in plain words:
// expired SSO or temporary credentials come with the command that renews them.

type CredentialProblem = Pick<AccountProfileFacts, 'credentials' | 'expired' | 'error'>;

/** Asks STS once; fills `facts` (identity, or the reason there is none; the clock) and returns it. */
export async function askIdentity(
  session: AccountSession,
  facts: AccountProfileFacts,
  credentials: AwsCredentialIdentityProvider,
  credentialKind: string,
): Promise<AccountProfileFacts> {
  const witness: DateWitness = {};
  const sts = stsClient({
    ctx: session.ctx,
    region: facts.region,
    credentials,
    endpoint: facts.endpoints.sts,
    limits: session.limits,
    witness,
  });
  try {
    const reply = await session.call(credentials, (abortSignal) =>
      sts.send(new GetCallerIdentityCommand({}), { abortSignal }),
    );
    facts.credentials = 'ok';
    facts.identity = identityOf(reply);
  } catch (e) {
    Object.assign(facts, credentialProblem(e, facts.profile, credentialKind));
  } finally {
    sts.destroy();
  }
  Object.assign(
    facts,
    clockOf(witness.date, () => session.ctx.now()),
  );
  return facts;
}

/** GetCallerIdentity's reply as facts: the principal to simulate, and the IAM user name when it is a user. */
export function identityOf(reply: { Account?: string; Arn?: string; UserId?: string }): AccountIdentity {
  const arn = reply.Arn ?? '';
  const identity: AccountIdentity = {
    account: reply.Account ?? '',
    arn,
    userId: reply.UserId ?? '',
    principalArn: principalOf(arn),
  };
  const userName = userNameOf(arn);
  if (userName) identity.userName = userName;
  return identity;
}

/** The server's time from a reply's `Date` header and this computer's offset from it (positive: ahead). */
export function clockOf(
  date: string | undefined,
  now: () => Date,
): Pick<AccountProfileFacts, 'serverDate' | 'clockSkewMs'> {
  if (!date) return {};
  const server = Date.parse(date);
  if (Number.isNaN(server)) return {};
  return { serverDate: new Date(server).toISOString(), clockSkewMs: now().getTime() - server };
}

/** Why GetCallerIdentity failed, for a profile whose credentials are of `kind` (`sso`, `static`…). */
export function credentialProblem(e: unknown, profile: string, kind: string): CredentialProblem {
  const err = awsErrorOf(e);
  // Waiting for a person (MFA, a sign-in) or a tool that hangs: could not check, not "no credentials".
  if (err.code === 'CredentialTimeoutError') {
    return {
      credentials: 'error',
      error: `The credentials of profile "${profile}" could not be obtained: ${err.message}.`,
    };
  }
  // A role with mfa_serial: the SDK has no one to ask for the code ("…requires multi-factor
  // authentication, but no MFA code callback was provided"). Could not check, not "no credentials".
  if (/multi-factor|mfa code/i.test(err.message)) {
    return {
      credentials: 'error',
      error: `Profile "${profile}" needs an MFA code to sign in, which a scan cannot type: sign in once in a terminal, then scan again.`,
    };
  }
  const sso = kind === 'sso' || kind === 'sso-session';
  if (/^(ExpiredToken|ExpiredTokenException|RequestExpired|TokenRefreshRequired)$/.test(err.code)) {
    return {
      credentials: 'expired',
      expired: sso ? { kind: 'sso-token', loginCommand: ssoLoginCommand(profile) } : { kind: 'temporary' },
      error: 'The temporary AWS credentials have expired.',
    };
  }
  if (
    err.code === 'CredentialsProviderError' ||
    /could not load credentials|token.*expired/i.test(err.message)
  ) {
    if (sso && /expired|refresh/i.test(err.message)) {
      return {
        credentials: 'expired',
        expired: { kind: 'sso-token', loginCommand: ssoLoginCommand(profile) },
        error: 'The single sign-on session has expired.',
      };
    }
    return {
      credentials: 'none',
      error: `The AWS SDK found no usable credentials for profile "${profile}": ${err.message}`,
    };
  }
  if (
    /^(InvalidClientTokenId|UnrecognizedClientException|SignatureDoesNotMatch|InvalidAccessKeyId|AuthFailure)$/.test(
      err.code,
    )
  ) {
    return {
      credentials: 'invalid',
      error: `AWS does not accept these credentials (${err.code}): the access key is unknown, deleted, or its secret is wrong.`,
    };
  }
  return { credentials: 'error', error: describeCallError(err) };
}
