import { createHash } from 'node:crypto';
import type { EngineContext } from '../context';
import { pathFor } from '../context';
import type { AwsEnvironmentSources, AwsProfile, SignInToken } from '../model';
import { isMissing, readFailure, readRegularText } from '../safe-read';

// How the sign-ins AWS has today are kept on disk, read without any network call, so an
// expired one is found offline with the exact command that renews it. Only expiry times
// and whether a refresh is possible are kept: never a token or a key.
//
// - IAM Identity Center (SSO): ~/.aws/sso/cache/<sha1>.json, keyed by the sso-session name, or
//   for a legacy profile by its sso_start_url (botocore utils.SSOTokenLoader._generate_cache_key),
//   `expiresAt`. An sso-session token with a refresh token and a live client registration is
//   renewed by botocore itself (botocore tokens.SSOTokenProvider._refresh_access_token); a legacy
//   one never is.
// - `aws login` (login_session, AWS CLI ≥ 2.32 / botocore ≥ 1.41.0): AWS_LOGIN_CACHE_DIRECTORY or
//   ~/.aws/login/cache, <sha256(login_session)>.json (botocore utils.generate_login_cache_key),
//   `accessToken.expiresAt`; a `refreshToken` renews it (botocore credentials.LoginCredentialFetcher).

const MAX_TOKEN_FILE_BYTES = 1024 * 1024;

/** The command that renews a profile's sign-in (a person runs it: it opens the browser). */
export function signInCommand(kind: 'sso' | 'login', profile: string): string[] {
  const named = profile === 'default' ? [] : ['--profile', profile];
  return kind === 'sso' ? ['aws', 'sso', 'login', ...named] : ['aws', 'login', ...named];
}

interface CachedToken {
  expiresAt?: unknown;
  refreshToken?: unknown;
  registrationExpiresAt?: unknown;
  accessToken?: { expiresAt?: unknown } | unknown;
}

async function readToken(
  ctx: EngineContext,
  file: string,
): Promise<{ token?: CachedToken; missing?: true; error?: string }> {
  try {
    return {
      token: JSON.parse(
        await readRegularText(file, { maxBytes: MAX_TOKEN_FILE_BYTES }, ctx.readFile),
      ) as CachedToken,
    };
  } catch (e) {
    if (isMissing(e)) return { missing: true };
    return { error: e instanceof SyntaxError ? 'it is not valid JSON' : readFailure(e) };
  }
}

const timeOf = (v: unknown): number => (typeof v === 'string' ? Date.parse(v) : NaN);

function stateOf(
  file: string,
  kind: SignInToken['kind'],
  read: Awaited<ReturnType<typeof readToken>>,
  expiresAt: unknown,
  refreshable: boolean,
  now: number,
): SignInToken {
  if (read.missing) return { kind, file, state: 'missing' };
  if (read.error) return { kind, file, state: 'unreadable', reason: read.error };
  const at = timeOf(expiresAt);
  if (Number.isNaN(at)) return { kind, file, state: 'unreadable', reason: 'it holds no expiry time' };
  const shown = new Date(at).toISOString();
  if (at > now) return { kind, file, state: 'valid', expiresAt: shown };
  return { kind, file, state: refreshable ? 'refreshable' : 'expired', expiresAt: shown };
}

export function ssoCacheFile(ctx: EngineContext, key: string): string {
  const name = `${createHash('sha1').update(key).digest('hex')}.json`;
  return pathFor(ctx.platform).join(ctx.home, '.aws', 'sso', 'cache', name);
}

export function loginCacheFile(ctx: EngineContext, session: string): string {
  const p = pathFor(ctx.platform);
  const fromEnv = ctx.env.AWS_LOGIN_CACHE_DIRECTORY;
  const dir = fromEnv
    ? fromEnv.replace(/^~(?=$|[\\/])/, ctx.home)
    : p.join(ctx.home, '.aws', 'login', 'cache');
  return p.join(dir, `${createHash('sha256').update(session).digest('hex')}.json`);
}

/** The cached sign-in of an SSO or `aws login` profile: its state on disk, right now. */
export async function signInTokenOf(
  ctx: EngineContext,
  profile: AwsProfile,
): Promise<SignInToken | undefined> {
  const now = ctx.now().getTime();
  if (profile.credentialKind === 'login' && profile.loginSession) {
    const file = loginCacheFile(ctx, profile.loginSession);
    const read = await readToken(ctx, file);
    const access = read.token?.accessToken as { expiresAt?: unknown } | undefined;
    return stateOf(file, 'login', read, access?.expiresAt, Boolean(read.token?.refreshToken), now);
  }
  const sso = profile.credentialKind === 'sso-session' || profile.credentialKind === 'sso';
  const key = profile.ssoSession ?? profile.ssoStartUrl;
  if (!sso || !key) return undefined;
  const file = ssoCacheFile(ctx, key);
  const read = await readToken(ctx, file);
  const registration = timeOf(read.token?.registrationExpiresAt);
  const refreshable =
    profile.ssoSession !== undefined &&
    Boolean(read.token?.refreshToken) &&
    (Number.isNaN(registration) || registration > now);
  return stateOf(file, 'sso', read, read.token?.expiresAt, refreshable, now);
}

/** The AWS files that tell an EC2 instance on Linux, without asking its metadata service. */
const EC2_MARKERS: readonly { file: string; test: RegExp }[] = [
  { file: 'class/dmi/id/sys_vendor', test: /^Amazon EC2/ },
  { file: 'class/dmi/id/board_asset_tag', test: /^i-[0-9a-f]{8,}/ },
  { file: 'hypervisor/uuid', test: /^ec2/i },
];

async function looksLikeEc2(ctx: EngineContext, sysRoot: string): Promise<string | undefined> {
  if (ctx.platform !== 'linux') return undefined;
  for (const m of EC2_MARKERS) {
    const file = pathFor('linux').join(sysRoot, m.file);
    const text = await readRegularText(file, { maxBytes: 4096 }, ctx.readFile).catch(() => '');
    if (m.test.test(text.trim())) return `${file} says ${text.trim().split('\n')[0] ?? ''}`;
  }
  return undefined;
}

/**
 * Credentials the AWS SDK's chain finds outside the AWS files: environment keys, web identity
 * (AWS_ROLE_ARN + AWS_WEB_IDENTITY_TOKEN_FILE), a container role (ECS, CodeBuild, EKS Pod
 * Identity) and an instance role (EC2, taken on trust from the machine's own files: assumed).
 */
export async function environmentSources(
  ctx: EngineContext,
  sysRoot = '/sys',
): Promise<AwsEnvironmentSources> {
  const env = ctx.env;
  const out: AwsEnvironmentSources = {};
  if (env.AWS_ROLE_ARN && env.AWS_WEB_IDENTITY_TOKEN_FILE) {
    out.webIdentity = { roleArn: env.AWS_ROLE_ARN, tokenFile: env.AWS_WEB_IDENTITY_TOKEN_FILE };
  }
  const relative = env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI;
  const full = env.AWS_CONTAINER_CREDENTIALS_FULL_URI;
  if (relative || full) {
    const kind = env.CODEBUILD_BUILD_ID
      ? 'codebuild'
      : env.ECS_CONTAINER_METADATA_URI_V4 ||
          env.ECS_CONTAINER_METADATA_URI ||
          /^AWS_ECS/.test(env.AWS_EXECUTION_ENV ?? '')
        ? 'ecs'
        : full && /169\.254\.170\.23|\[fd00:ec2::23\]/.test(full)
          ? 'eks-pod-identity'
          : 'container';
    out.container = {
      kind,
      variable: relative ? 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI' : 'AWS_CONTAINER_CREDENTIALS_FULL_URI',
    };
  }
  if ((env.AWS_EC2_METADATA_DISABLED ?? '').toLowerCase() !== 'true') {
    const why = await looksLikeEc2(ctx, sysRoot);
    if (why) out.instance = { assumed: true, why };
  }
  return out;
}
