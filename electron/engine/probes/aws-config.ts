import { MAX_AWS_FILE_BYTES, parseSharedFiles } from '../account/sdk-files';
import type { EngineContext } from '../context';
import { pathFor } from '../context';
import type { AwsConfigFacts, AwsProfile, CredentialSourceKind } from '../model';
import {
  isMissing,
  readFailure,
  readRegularFile,
  readRegularText,
  UnsafeFileError,
  type FileReader,
} from '../safe-read';
import { environmentSources, signInTokenOf } from './aws-sign-in';

// Reads ~/.aws/config and ~/.aws/credentials with the AWS SDK's own ini loader, then
// keeps only what a diagnosis needs. Secret values (aws_secret_access_key,
// aws_session_token, aws_security_token) are never copied: only whether they are set.
//
// The SDK loader swallows every read and parse error (it returns `{}`), and it accepts
// files the AWS CLI rejects. botocore parses with Python's configparser (strict), and the
// CLI then stops with "Unable to parse config file" — checked with /usr/bin/aws 2.9.19 on
// this machine for: a UTF-8 BOM, a setting before any [section], a line that is not
// `key = value`, a repeated [section], and a key repeated in one section (case-insensitive).
// validateIni reports those, in plain words, without quoting any line (it could hold a key).
//
// Each file is read once, through the safe reader: a FIFO, a device or a giant in their place
// fails the probe with what it is (every check that needs the AWS files then says "could not
// check" and why), and the SDK parses the bytes read here, never the path.

type Section = Record<string, string | undefined>;

const SECRET_KEYS = new Set(['aws_secret_access_key', 'aws_session_token', 'aws_security_token']);

/** The SDK keys non-profile sections of the config file by `<type>.<name>`. */
const NON_PROFILE_PREFIXES = ['sso-session.', 'services.'];

export function validateIni(text: string): string | undefined {
  if (text.includes('\0')) return 'it is not a text file (it contains NUL bytes)';
  if (text.charCodeAt(0) === 0xfeff) {
    return 'it starts with a byte order mark (BOM), which the AWS CLI cannot parse; save it as UTF-8 without BOM';
  }
  const lines = text.split(/\r?\n|\r/);
  const sections = new Set<string>();
  let keys: Set<string> | undefined;
  let inSection = false;
  let lastKeyIndent = -1;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const stripped = line.trim();
    const n = i + 1;
    if (!stripped || stripped.startsWith('#') || stripped.startsWith(';')) continue;
    const indent = line.length - line.trimStart().length;
    // configparser: a line indented deeper than the option above it continues that option's value.
    if (inSection && lastKeyIndent >= 0 && indent > lastKeyIndent) continue;
    const header = /^\[(.+)\]/.exec(stripped);
    if (header?.[1] !== undefined) {
      if (sections.has(header[1])) return `line ${n}: the section [${header[1]}] appears twice`;
      sections.add(header[1]);
      keys = new Set();
      inSection = true;
      lastKeyIndent = -1;
      continue;
    }
    if (!inSection) return `line ${n}: a setting comes before any [section] header`;
    const opt = /^(.*?)\s*[=:]/.exec(stripped);
    if (!opt?.[1]) return `line ${n} is neither a [section] header nor a "key = value" setting`;
    const key = opt[1].toLowerCase();
    if (keys?.has(key)) return `line ${n}: the key "${key}" appears twice in the same section`;
    keys?.add(key);
    lastKeyIndent = indent;
  }
  return undefined;
}

function lowerKeys(section: Section | undefined): Section {
  const out: Section = {};
  if (!section) return out;
  for (const [k, v] of Object.entries(section)) out[k.toLowerCase()] = v;
  return out;
}

function credentialKindOf(s: Section): CredentialSourceKind {
  // The order of botocore's credential chain for one profile: assume-role, web identity,
  // SSO, static keys, credential_process.
  if (s.role_arn && (s.source_profile || s.credential_source)) return 'assume-role';
  if (s.web_identity_token_file) return 'web-identity';
  if (s.sso_session) return 'sso-session';
  if (s.sso_start_url || s.sso_account_id) return 'sso';
  if (s.aws_access_key_id || s.aws_secret_access_key) return 'static';
  // botocore ≥ 1.41: the login provider comes after the static keys, before credential_process.
  if (s.login_session) return 'login';
  if (s.credential_process) return 'credential-process';
  return 'none';
}

function toProfile(name: string, config: Section | undefined, credentials: Section | undefined): AwsProfile {
  // botocore: values in the credentials file win over the config file for the same profile.
  const s: Section = { ...lowerKeys(config), ...lowerKeys(credentials) };
  const profile: AwsProfile = {
    name,
    inConfig: config !== undefined,
    inCredentials: credentials !== undefined,
    credentialKind: credentialKindOf(s),
    hasSecretKey: Boolean(s.aws_secret_access_key),
    hasSessionToken: Boolean(s.aws_session_token || s.aws_security_token),
  };
  const copy = (key: string, set: (v: string) => void) => {
    if (SECRET_KEYS.has(key)) return;
    const v = s[key];
    if (v !== undefined && v !== '') set(v);
  };
  copy('region', (v) => (profile.region = v));
  copy('aws_access_key_id', (v) => (profile.accessKeyId = v));
  copy('source_profile', (v) => (profile.sourceProfile = v));
  copy('sso_session', (v) => (profile.ssoSession = v));
  copy('cli_auto_prompt', (v) => (profile.cliAutoPrompt = v));
  copy('endpoint_url', (v) => (profile.endpointUrl = v));
  if (s.mfa_serial) profile.mfa = true;
  copy('login_session', (v) => (profile.loginSession = v));
  copy('sso_start_url', (v) => (profile.ssoStartUrl = v));
  copy('credential_source', (v) => (profile.credentialSource = v));
  return profile;
}

function resolveFile(ctx: EngineContext, fromEnv: string | undefined, fallback: string[]): string {
  const p = pathFor(ctx.platform);
  if (fromEnv) {
    // botocore expands `~` (os.path.expanduser) before opening.
    const expanded =
      fromEnv === '~' || /^~[\\/]/.test(fromEnv) ? p.join(ctx.home, fromEnv.slice(1)) : fromEnv;
    return p.isAbsolute(expanded) ? expanded : p.resolve(ctx.cwd, expanded);
  }
  return p.join(ctx.home, ...fallback);
}

interface AwsFile {
  exists: boolean;
  /** What the SDK is given: '' when missing or unreadable. */
  text: string;
  error?: string;
}

/** One AWS file: its text, or why not. Throws UnsafeFileError for what must never be read. */
export async function readAwsFile(file: string, read: FileReader = readRegularFile): Promise<AwsFile> {
  let text: string;
  try {
    text = await readRegularText(file, { maxBytes: MAX_AWS_FILE_BYTES }, read);
  } catch (e) {
    if (isMissing(e)) return { exists: false, text: '' };
    if (e instanceof UnsafeFileError) throw e;
    return { exists: true, text: '', error: `it could not be read (${readFailure(e)})` };
  }
  const error = validateIni(text);
  return error ? { exists: true, text, error } : { exists: true, text };
}

function readRefusal(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export async function probeAwsConfig(ctx: EngineContext): Promise<AwsConfigFacts> {
  const configFile = resolveFile(ctx, ctx.env.AWS_CONFIG_FILE, ['.aws', 'config']);
  const credentialsFile = resolveFile(ctx, ctx.env.AWS_SHARED_CREDENTIALS_FILE, ['.aws', 'credentials']);
  const read = await Promise.allSettled([
    readAwsFile(configFile, ctx.readFile),
    readAwsFile(credentialsFile, ctx.readFile),
  ]);
  const refused = read.flatMap((r) => (r.status === 'rejected' ? [readRefusal(r.reason)] : []));
  if (refused.length > 0) throw new Error(refused.join('; '));
  const [configInfo, credentialsInfo] = read.map((r) => (r as PromiseFulfilledResult<AwsFile>).value) as [
    AwsFile,
    AwsFile,
  ];

  const facts: AwsConfigFacts = {
    configFile,
    credentialsFile,
    configFileExists: configInfo.exists,
    credentialsFileExists: credentialsInfo.exists,
    profiles: [],
    envCredentials: Boolean(ctx.env.AWS_ACCESS_KEY_ID && ctx.env.AWS_SECRET_ACCESS_KEY),
  };
  // The AWS CLI v2 reads AWS_PROFILE before AWS_DEFAULT_PROFILE and AWS_REGION before
  // AWS_DEFAULT_REGION (`aws configure list` on 2.9.19 shows ['AWS_PROFILE', 'AWS_DEFAULT_PROFILE']).
  const envProfile = ctx.env.AWS_PROFILE || ctx.env.AWS_DEFAULT_PROFILE;
  if (envProfile) facts.envProfile = envProfile;
  const envRegion = ctx.env.AWS_REGION || ctx.env.AWS_DEFAULT_REGION;
  if (envRegion) facts.envRegion = envRegion;

  const errors: string[] = [];
  if (configInfo.error) errors.push(`${configFile}: ${configInfo.error}`);
  if (credentialsInfo.error) errors.push(`${credentialsFile}: ${credentialsInfo.error}`);

  let parsed: { configFile: Record<string, Section>; credentialsFile: Record<string, Section> } = {
    configFile: {},
    credentialsFile: {},
  };
  try {
    parsed = await parseSharedFiles({ config: configInfo.text, credentials: credentialsInfo.text });
  } catch (e) {
    errors.push(`the AWS files could not be parsed (${(e as Error).message})`);
  }

  const names: string[] = [];
  const configProfiles = new Map<string, Section>();
  const credentialProfiles = new Map<string, Section>();
  for (const [name, section] of Object.entries(parsed.configFile ?? {})) {
    if (NON_PROFILE_PREFIXES.some((prefix) => name.startsWith(prefix))) continue;
    configProfiles.set(name, section);
    names.push(name);
  }
  for (const [name, section] of Object.entries(parsed.credentialsFile ?? {})) {
    credentialProfiles.set(name, section);
    if (!configProfiles.has(name)) names.push(name);
  }
  facts.profiles = names.map((name) =>
    toProfile(name, configProfiles.get(name), credentialProfiles.get(name)),
  );
  // Each SSO and `aws login` profile's cached sign-in, and the roles outside the files: no network.
  const [tokens, environment] = await Promise.all([
    Promise.all(facts.profiles.map((p) => signInTokenOf(ctx, p))),
    environmentSources(ctx),
  ]);
  facts.profiles.forEach((p, i) => {
    const token = tokens[i];
    if (token) p.token = token;
  });
  if (Object.keys(environment).length > 0) facts.environment = environment;
  if (errors.length > 0) facts.parseError = errors.join('; ');
  return facts;
}

/**
 * Which profile the helper signs with: `--profile` in the helper command wins, then
 * AWS_PROFILE / AWS_DEFAULT_PROFILE, then `default`.
 */
export function helperProfile(
  awsProfileFromHelper: string | undefined,
  facts: Pick<AwsConfigFacts, 'envProfile'>,
): { name: string; source: 'helper' | 'env' | 'default' } {
  if (awsProfileFromHelper) return { name: awsProfileFromHelper, source: 'helper' };
  if (facts.envProfile) return { name: facts.envProfile, source: 'env' };
  return { name: 'default', source: 'default' };
}

/** Where an assume-role profile's source credentials come from, following source_profile. */
export interface SourceChain {
  /** The profile itself first, then each source_profile in turn (a loop ends with the repeated name). */
  names: string[];
  broken?: 'loop' | 'missing';
}

const hasStaticKeys = (p: AwsProfile) => Boolean(p.accessKeyId) || p.hasSecretKey;

/**
 * The source_profile chain of a profile, as botocore's AssumeRoleProvider walks it: a
 * source profile with static keys ends the chain (its keys win over its own role), a
 * profile may name itself only when it has static keys, and any other repeat is
 * botocore's InfiniteLoopConfigError; a name with no profile is InvalidConfigError.
 * undefined for a profile that does not assume a role from another profile.
 */
export function sourceChainOf(
  profile: AwsProfile,
  facts: Pick<AwsConfigFacts, 'profiles'>,
): SourceChain | undefined {
  if (profile.credentialKind !== 'assume-role' || !profile.sourceProfile) return undefined;
  const names = [profile.name];
  let current = profile;
  for (;;) {
    const next = current.sourceProfile as string;
    const seenBefore = names.includes(next);
    names.push(next);
    if (next === current.name) return hasStaticKeys(current) ? { names } : { names, broken: 'loop' };
    if (seenBefore) return { names, broken: 'loop' };
    const source = facts.profiles.find((p) => p.name === next);
    if (!source) return { names, broken: 'missing' };
    if (hasStaticKeys(source) || source.credentialKind !== 'assume-role' || !source.sourceProfile)
      return { names };
    current = source;
  }
}

/** Whether signing in with this profile asks for an MFA code (its own mfa_serial, or one on its source_profile chain). */
export function profileNeedsMfa(name: string, facts: Pick<AwsConfigFacts, 'profiles'>): boolean {
  const profile = facts.profiles.find((p) => p.name === name);
  if (!profile) return false;
  const names = sourceChainOf(profile, facts)?.names ?? [name];
  return names.some((n) => facts.profiles.find((p) => p.name === n)?.mfa);
}

/** `a → b → a (a loop)`, for people. */
export function describeSourceChain(chain: SourceChain): string {
  const names = chain.names.join(' → ');
  if (chain.broken === 'loop') return `${names} (a loop)`;
  if (chain.broken === 'missing')
    return `${names} (no profile "${chain.names.at(-1) ?? ''}" in your AWS files)`;
  return names;
}

/** Whether the profile's own settings give credentials (not the environment, not a role outside the files). */
function ownCredentials(profile: AwsProfile, facts: AwsConfigFacts): boolean {
  switch (profile.credentialKind) {
    case 'static':
      return Boolean(profile.accessKeyId) && profile.hasSecretKey;
    case 'assume-role': {
      const chain = sourceChainOf(profile, facts);
      // credential_source (Ec2InstanceMetadata, EcsContainer…) cannot be judged here.
      if (!chain) return true;
      if (chain.broken) return false;
      const last = chain.names.at(-1);
      const source = last === profile.name ? profile : facts.profiles.find((p) => p.name === last);
      if (!source) return false;
      // The chain ends at static keys or at a profile with another kind of credentials;
      // source credentials come from the source profile only, never from the environment.
      return hasStaticKeys(source)
        ? Boolean(source.accessKeyId) && source.hasSecretKey
        : ownCredentials(source, facts);
    }
    case 'sso':
    case 'sso-session':
    case 'login':
    case 'web-identity':
    case 'credential-process':
      // Configured; whether the sign-in is still valid or the process works is told elsewhere.
      return true;
    case 'none':
      return false;
  }
}

/**
 * botocore's chain (credentials.create_credential_resolver): environment keys (not for a named
 * profile), the profile's own sources, then a container role and an instance role — those two
 * even for a named profile. A named profile that does not exist stops everything (ProfileNotFound);
 * web identity from AWS_ROLE_ARN/AWS_WEB_IDENTITY_TOKEN_FILE counts only for an unnamed one.
 */
function usable(profile: AwsProfile | undefined, facts: AwsConfigFacts, explicit: boolean): boolean {
  if (!explicit && facts.envCredentials) return true;
  if (explicit && !profile) return false;
  if (profile && ownCredentials(profile, facts)) return true;
  const env = facts.environment;
  return Boolean(env?.container || env?.instance || (!explicit && env?.webIdentity));
}

/**
 * Whether the AWS CLI would find credentials for this profile. Environment credentials
 * count, except when the profile is named with `--profile` on the command line
 * (`explicitProfile`): botocore then drops the environment provider
 * (botocore/credentials.py create_credential_resolver: "An explicitly provided profile
 * will negate an EnvProvider").
 */
export function profileCredentialsUsable(
  profile: AwsProfile | undefined,
  facts: AwsConfigFacts,
  options: { explicitProfile?: boolean } = {},
): boolean {
  return usable(profile, facts, options.explicitProfile ?? false);
}
