import { createHash } from 'node:crypto';
import { fromIni } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import type { EngineContext } from '../context';
import { pathFor } from '../context';
import type { AwsConfigFacts, AwsProfile } from '../model';
import { providerClientConfig } from './aws-clients';
import { loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';
import { isMissing, readRegularFile, readRegularText, UnsafeFileError } from '../safe-read';
import { boundedProvider } from './credential-process';
import { environmentProvider, loginSessionProvider } from './environment-credentials';
import { signInCommand } from '../probes/aws-sign-in';
import { shieldSdkFiles, type SharedFiles } from './sdk-files';

// Credentials the way the AWS helper would get them for one repository: the same profile
// (helper --profile, else AWS_PROFILE, else default), through the SDK's own providers, with
// every file path taken from the EngineContext — never from process.env or this process's
// HOME (the SDK's defaults), so a sandboxed scan reads the sandbox's files.

export type CredentialPlan =
  | { kind: 'env'; provider: AwsCredentialIdentityProvider }
  | { kind: 'profile'; provider: AwsCredentialIdentityProvider; profile: AwsProfile }
  | { kind: 'none'; reason: string }
  | { kind: 'expired-sso'; reason: string; loginCommand: string[] };

export interface PlanOptions {
  profile: string;
  /** `--profile` in the helper: botocore then ignores environment credentials. */
  explicit: boolean;
  /** For providers that call STS themselves (assume-role): same endpoint override. */
  stsEndpoint?: string;
  region: string;
}

/** `aws sso login --profile X`, or without --profile for the default profile (what a person types). */
export function ssoLoginCommand(profile: string): string[] {
  return profile === 'default' ? ['aws', 'sso', 'login'] : ['aws', 'sso', 'login', '--profile', profile];
}

/**
 * The AWS CLI and SDKs cache the SSO access token in ~/.aws/sso/cache/<sha1>.json, keyed by the
 * sso-session name (sso-session profiles) or the start URL (legacy SSO profiles), with an
 * ISO `expiresAt`. Reading only the expiry tells "log in again" apart from other failures
 * before any network call; the token itself is never kept. A cache file that is not a regular
 * file (or is absurdly large) throws UnsafeFileError: the SDK would hang or fill the memory on it.
 */
/** A cached SSO token is a few KiB of JSON, a web identity token (a JWT) a few KiB too. */
const MAX_SSO_CACHE_BYTES = 1024 * 1024;
const MAX_TOKEN_BYTES = 1024 * 1024;

export async function ssoTokenExpired(
  ctx: EngineContext,
  cacheKey: string,
): Promise<'expired' | 'valid' | 'missing'> {
  const p = pathFor(ctx.platform);
  const file = p.join(
    ctx.home,
    '.aws',
    'sso',
    'cache',
    `${createHash('sha1').update(cacheKey).digest('hex')}.json`,
  );
  let text: string;
  try {
    text = await readRegularText(file, { maxBytes: MAX_SSO_CACHE_BYTES });
  } catch (e) {
    if (!isMissing(e)) throw e;
    return 'missing';
  }
  try {
    const parsed = JSON.parse(text) as { expiresAt?: unknown };
    const at = typeof parsed.expiresAt === 'string' ? Date.parse(parsed.expiresAt) : NaN;
    if (Number.isNaN(at)) return 'missing';
    return at <= ctx.now().getTime() ? 'expired' : 'valid';
  } catch {
    return 'missing';
  }
}

/** The profiles' sections as the SDK reads them (the bytes shieldSdkFiles handed it). */
async function sdkSections(aws: AwsConfigFacts): Promise<SharedFiles | undefined> {
  try {
    return (await loadSharedConfigFiles({
      filepath: aws.credentialsFile,
      configFilepath: aws.configFile,
      ignoreCache: true,
    })) as SharedFiles;
  } catch {
    return undefined;
  }
}

async function ssoCacheKey(aws: AwsConfigFacts, profile: AwsProfile): Promise<string | undefined> {
  if (profile.ssoSession) return profile.ssoSession;
  // Legacy SSO profiles key the cache by sso_start_url, which the config probe does not keep.
  return (await sdkSections(aws))?.configFile?.[profile.name]?.sso_start_url;
}

/**
 * The SDK reads a web_identity_token_file with readFileSync: a FIFO there would freeze the whole
 * process, beyond any timeout. So each one on the profile's chain (role → source_profile…) is
 * checked with the safe reader first; the reason it must not be read, if any.
 */
async function refusedTokenFile(aws: AwsConfigFacts, profile: string): Promise<string | undefined> {
  const files = await sdkSections(aws);
  const seen = new Set<string>();
  for (let name: string | undefined = profile; name && !seen.has(name);) {
    seen.add(name);
    const section: Record<string, string | undefined> = {
      ...files?.configFile?.[name],
      ...files?.credentialsFile?.[name],
    };
    const token = section.web_identity_token_file;
    const refused = token ? await tokenFileRefusal(token) : undefined;
    if (refused) return refused;
    name = section.source_profile;
  }
  return undefined;
}

/** Why a web identity token file must not reach the SDK (it reads it with readFileSync), if so. */
async function tokenFileRefusal(file: string): Promise<string | undefined> {
  try {
    await readRegularFile(file, { maxBytes: MAX_TOKEN_BYTES });
  } catch (e) {
    if (e instanceof UnsafeFileError) return e.message;
  }
  return undefined;
}

/**
 * A single sign-on or `aws login` profile whose saved sign-in ran out (or never happened): the
 * command that renews it, before any network call. One the AWS CLI refreshes by itself is left to
 * the SDK. The state comes from the AWS files probe (read once); without it, the cache is read here.
 */
async function signInRenewal(
  ctx: EngineContext,
  aws: AwsConfigFacts,
  profile: AwsProfile,
  name: string,
): Promise<CredentialPlan | undefined> {
  const kind = profile.credentialKind;
  if (kind !== 'sso' && kind !== 'sso-session' && kind !== 'login') return undefined;
  // A cache file the files probe could not read (a FIFO, a device, too large) must not reach the
  // SDK either: it reads the SSO cache itself and would block on a pipe beyond any timeout.
  if (profile.token?.state === 'unreadable')
    return {
      kind: 'none',
      reason: `The ${kind === 'login' ? 'aws login' : 'single sign-on token'} cache cannot be used: ${profile.token.file}: ${profile.token.reason ?? 'it could not be read'}.`,
    };
  let state = profile.token?.state;
  if (!state && kind !== 'login') {
    const key = await ssoCacheKey(aws, profile);
    try {
      state = key ? await ssoTokenExpired(ctx, key) : 'missing';
    } catch (e) {
      return {
        kind: 'none',
        reason: `The single sign-on token cache cannot be used: ${(e as Error).message}.`,
      };
    }
  }
  if (state !== 'expired' && state !== 'missing') return undefined;
  const what = kind === 'login' ? 'aws login' : 'single sign-on';
  return {
    kind: 'expired-sso',
    reason:
      state === 'expired'
        ? `The ${what} session of profile "${name}" has expired.`
        : `Profile "${name}" uses ${what}, and nobody has signed in on this computer yet (no saved sign-in).`,
    loginCommand: kind === 'login' ? signInCommand('login', name) : ssoLoginCommand(name),
  };
}

export async function planCredentials(
  ctx: EngineContext,
  aws: AwsConfigFacts,
  opts: PlanOptions,
): Promise<CredentialPlan> {
  // Whatever the SDK reads of the AWS files from here on is what the safe reader read now.
  await shieldSdkFiles(aws);
  const env = ctx.env;
  if (!opts.explicit && env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) {
    const identity = {
      accessKeyId: env.AWS_ACCESS_KEY_ID,
      secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
      ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
    };
    return { kind: 'env', provider: () => Promise.resolve(identity) };
  }
  const profile = aws.profiles.find((p) => p.name === opts.profile);
  const clientConfig = {
    ...providerClientConfig(ctx),
    region: opts.region,
    ...(opts.stsEndpoint ? { endpoint: opts.stsEndpoint } : {}),
  };
  // botocore's chain goes on past a profile with nothing of its own (or no profile, unless it was
  // named): web identity from the environment, a container role, an instance role.
  if ((!profile && !opts.explicit) || profile?.credentialKind === 'none') {
    // AWS_WEB_IDENTITY_TOKEN_FILE goes to the same synchronous read as a profile's token file.
    const token = opts.explicit ? undefined : aws.environment?.webIdentity?.tokenFile;
    const refused = token ? await tokenFileRefusal(token) : undefined;
    if (refused) return { kind: 'none', reason: `AWS_WEB_IDENTITY_TOKEN_FILE cannot be used: ${refused}.` };
    const outside = environmentProvider(ctx, aws, {
      explicit: opts.explicit,
      region: opts.region,
      clientConfig,
    });
    if (outside) return { kind: 'env', provider: boundedProvider(ctx, outside.provider) };
  }
  if (!profile) {
    return {
      kind: 'none',
      reason: `There is no AWS profile named "${opts.profile}" in ${aws.configFile} or ${aws.credentialsFile}, and no AWS_ACCESS_KEY_ID in the environment.`,
    };
  }
  if (profile.credentialKind === 'none') {
    return { kind: 'none', reason: `The AWS profile "${opts.profile}" has no credentials configured.` };
  }
  const renewal = await signInRenewal(ctx, aws, profile, opts.profile);
  if (renewal) return renewal;
  if (profile.credentialKind === 'login') {
    // The SDK would read this process's ~/.aws/login, not the scanned HOME's: a valid session is read here.
    const login = await loginSessionProvider(ctx, profile);
    if (login) return { kind: 'profile', provider: login, profile };
  }
  if (profile.credentialKind === 'web-identity' || profile.credentialKind === 'assume-role') {
    const refused = await refusedTokenFile(aws, opts.profile);
    if (refused) return { kind: 'none', reason: `The web identity token file cannot be used: ${refused}.` };
  }
  const provider = fromIni({
    profile: opts.profile,
    filepath: aws.credentialsFile,
    configFilepath: aws.configFile,
    ignoreCache: true,
    clientConfig,
  });
  return { kind: 'profile', provider: boundedProvider(ctx, provider, profile.credentialKind), profile };
}
