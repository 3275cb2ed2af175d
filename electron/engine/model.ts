import type { CheckDefinition } from './checks/check';
import type { ClientId, DetectedClient, GitKind, HelperHandling, InjectedSetting } from './clients/types';
import type { PathOrigin } from './login-shell-env';
import type { Verdict } from './fixes/verify';
import type { HelperActivity } from './fixes/verify-trace';

// The one data model every caller shares: the CLI, the Electron main process, the
// renderer (through the IPC contract) and the tests. Nothing here may hold a secret:
// store entries carry host/account/location, never a password; config values that
// could carry one are redacted by the probe that reads them.

export type Platform = 'darwin' | 'win32' | 'linux';
export type Severity = 'error' | 'warning' | 'info';
export type CheckStatus = 'pass' | 'warn' | 'fail' | 'error' | 'skipped';
export type ConfigScope = 'system' | 'global' | 'local' | 'worktree' | 'command' | 'submodule' | 'unknown';

/**
 * Stable finding codes: a public contract (scripts and the UI depend on them). Each code is
 * owned by the one check that emits it (electron/engine/checks/), with its catalog entry
 * and its planner; the list of codes is the union of what the registered checks own.
 */
export type FindingCode = CodesOf<(typeof import('./checks').CHECKS)[CheckId]>;
type CodesOf<T> = T extends CheckDefinition<infer C> ? C : never;
/** A check's id in reports: its key in the registry (electron/engine/checks/index.ts). */
export type CheckId = keyof typeof import('./checks').CHECKS;
/** In a report: a check, or `scan` for the scan itself when it could not run. */
export type CheckResultId = CheckId | 'scan';

/** What the user asked about. */
export type TargetInput =
  | { kind: 'url'; url: string }
  | { kind: 'dir'; path: string }
  /** `region`: the person's answer when nothing on the computer names a CodeCommit host or Region. */
  | { kind: 'machine'; region?: string };

export type Transport = 'https' | 'ssh' | 'codecommit';
export type HostKind = 'standard' | 'fips' | 'vpce' | 'vpce-fips';

/** A CodeCommit host as the AWS helper sees it (region from the host name). */
export interface CodeCommitHost {
  /** Lowercased host name without port. */
  hostname: string;
  region: string;
  kind: HostKind;
  /** `.amazonaws.com.cn` partition. */
  china: boolean;
}

/** Names one RemoteTarget of a scan, for code to join on (display text is for people). */
export type TargetKey = `target-${number}`;

/** One remote the scan reasons about. */
export interface RemoteTarget {
  key: TargetKey;
  /** As given (a password in the URL, if any, is replaced by `***`). */
  display: string;
  /** Where it came from: the --repo argument, `remote.origin.url` in a folder, a store entry… */
  source: string;
  /** The remote's name when it came from a repository folder (git can be pointed at it by name). */
  remote?: string;
  /**
   * The submodule's name when the address is one of the folder's submodules: a separate git
   * clones it, reading the user's and the system's settings but not the folder's own.
   */
  submodule?: string;
  transport: Transport | 'other';
  /** Lowercased host name (https/ssh), undefined for codecommit:// */
  hostname?: string;
  port?: number;
  /** Parsed only when the host is a CodeCommit host. */
  codecommit?: CodeCommitHost;
  /** Repository name from /v1/repos/<name> or codecommit://[profile@]repo. */
  repo?: string;
  /** User name in the URL, decoded. */
  user?: string;
  /** User name exactly as written in the URL (to tell whether it was percent-encoded). */
  rawUser?: string;
  /** codecommit:// only. */
  profile?: string;
  /** codecommit::region:// only. */
  region?: string;
  /** The URL git will match credential sections against (scheme://[user@]host[:port]/path). */
  matchUrl?: string;
}

export interface UrlProblem {
  code: 'url-malformed' | 'url-not-codecommit' | 'url-codecommit-host-as-repo';
  input: string;
  reason: string;
  /** The address meant, where it is clear (url-codecommit-host-as-repo). */
  corrected?: string;
  /** The remote whose address this is, when it came from a repository folder. */
  remote?: string;
}

// ── Facts ────────────────────────────────────────────────────────────────────

export interface ConfigEntry {
  scope: ConfigScope;
  /** `file`, `command line`, `blob`, `standard input`, `submodule-blob`. */
  originType: string;
  /** Path for files (as git printed it, unquoted), empty otherwise. */
  origin: string;
  /** Lowercased section and variable; the URL subsection keeps its case. */
  key: string;
  /** null for a valueless key (`[credential] useHttpPath` alone means true). */
  value: string | null;
  /** Position in git's reading order: the order that decides helper lists. */
  order: number;
}

export type HelperKind =
  | 'aws'
  | 'osxkeychain'
  | 'manager'
  | 'manager-core'
  | 'wincred'
  | 'store'
  | 'cache'
  | 'libsecret'
  | 'gnome-keyring'
  | 'netrc'
  | 'other';

export interface HelperRef {
  /** The value exactly as configured (`!aws codecommit credential-helper $@`, `osxkeychain`…). */
  value: string;
  kind: HelperKind;
  /** Helpers that save what git hands them after a success: they are the ones that go stale. */
  storing: boolean;
  entry: ConfigEntry;
  /** AWS helper only: `--profile X` from the command. */
  awsProfile?: string;
  /** AWS helper only: the program the command starts (`aws`, or an absolute path). */
  awsProgram?: string;
  /** AWS helper only: the user's own command around it (aws-vault, assume-role, a shell function). */
  wrapper?: HelperWrapper;
}

/** A command the AWS helper runs inside: the user's choice, kept by every plan. */
export interface HelperWrapper {
  kind: 'aws-vault' | 'assume-role' | 'function' | 'other';
  /** The wrapper's program as written (`aws-vault`, `/usr/local/bin/assume-role`…). */
  program: string;
  /** The words ahead of the AWS command (`aws-vault exec dev --`). */
  command: string;
  /** The AWS profile the wrapper signs in with (aws-vault exec <profile>, assume-role <profile>). */
  profile?: string;
  /** aws-vault's --prompt driver, when named. */
  prompt?: string;
}

export interface HelperChain {
  /** The URL the chain was computed for. */
  url: string;
  /** In the order git calls them. */
  helpers: HelperRef[];
  useHttpPath: boolean;
  /** The entry that set useHttpPath last, if any. */
  useHttpPathEntry?: ConfigEntry;
  /** Empty `helper =` lines that applied, in order. */
  resets: ConfigEntry[];
  /** A matching credential key git refuses (a `credential.*` key with no value): git stops there. */
  fatal?: { entry: ConfigEntry; message: string };
}

export interface GitExecutable {
  path: string;
}

export interface GitFacts {
  /**
   * Every `git` on PATH, in PATH order; the first is the one that runs. Empty when the first
   * is Apple's /usr/bin/git stub without Command Line Tools (see commandLineToolsMissing).
   */
  executables: GitExecutable[];
  /**
   * macOS: the git on PATH is Apple's /usr/bin/git, a stub that runs the Command Line Tools'
   * git — and they are not installed (`xcode-select -p` fails, or names a folder without
   * usr/bin/git). It was not run: it would open the "install Command Line Tools" dialog.
   */
  commandLineToolsMissing?: { git: string; developerDir?: string; detail: string };
  version?: string;
  execPath?: string;
  config: ConfigEntry[];
  /** Non-fatal trouble reading config (a file git cannot parse). */
  configError?: string;
  /** `git-credential-<name>` programs found for named helpers (name → path or null). */
  helperPrograms: Record<string, string | null>;
  /**
   * Helpers git cannot start, by program (a name such as `manager`, or an absolute path) →
   * what git or sh says ("git: 'credential-manager' is not a git command. …"). Git prints it
   * and asks the next helper: such a helper never answers first.
   */
  helperStartErrors?: Record<string, string>;
  /**
   * Git Credential Manager under each of its names, as git itself answers
   * `git credential-manager[-core] --version`: true when it runs, false for "is not a git
   * command"; a name is absent when it was not asked (no `manager-core` helper) or git could
   * not tell. Git for Windows keeps GCM in mingw64\bin, outside the exec-path.
   */
  gcmCommands?: { 'manager-core'?: boolean; manager?: boolean };
  /** The folder of a `--dir` scan as git sees it (absent for other scans). */
  repository?: RepositoryFacts;
}

/** Whether git works in the folder under scan, and in its own words why not. */
export interface RepositoryFacts {
  /** The folder as given. */
  dir: string;
  state: 'repository' | 'not-a-repository' | 'dubious-ownership' | 'error';
  /** repository: `git rev-parse --absolute-git-dir`, and the top of its work tree (none when bare). */
  gitDir?: string;
  toplevel?: string;
  /** git's own line when it refused. */
  message?: string;
  /** dubious-ownership: the path git asks to list in safe.directory. */
  safeDirectory?: string;
  /** dubious-ownership: who owns that folder and who runs the scan (POSIX user ids). */
  ownerUid?: number;
  scanUid?: number;
  /** Root through sudo: git compares the owner with SUDO_UID, the person who ran sudo. */
  viaSudo?: boolean;
}

export type AwsInstallKind =
  | 'windows-msi-v1'
  | 'windows-msi-v2'
  | 'macos-pkg-v2'
  | 'homebrew'
  | 'linux-installer-v2'
  | 'pip'
  | 'os-package'
  | 'unknown';

export interface AwsVersionInfo {
  raw: string;
  cliVersion: string;
  major: number;
  pythonVersion?: string;
  platform?: string;
  installKind: AwsInstallKind;
  /** ` prompt/on|off` suffix where the CLI prints it. */
  autoPrompt?: 'on' | 'off' | 'on-partial';
}

export interface AwsProgram {
  /** As written in the helper (`aws`, an absolute path…). */
  program: string;
  /** The file git's helper shell (`sh -c`) finds for it, or null when it finds none. */
  resolvedPath: string | null;
  version?: AwsVersionInfo;
  versionError?: string;
  /** Why a program that is there cannot start (for git's shell just as for this tool). */
  startProblem?: ProgramStartProblem;
  /**
   * Windows: the `.cmd`/`.bat` a terminal would start for it where git's sh finds nothing
   * (sh never tries PATHEXT), with that file's version.
   */
  cmdOnly?: { path: string; version?: AwsVersionInfo; versionError?: string };
}

/**
 * A program file that exists but cannot be started: a script whose `#!` interpreter is gone
 * (pip's `aws` after a Python upgrade: "bad interpreter"), a file without the execute bit, or a
 * link whose target was removed (the AWS CLI v2 installer's /usr/local/bin/aws).
 */
export type ProgramStartProblem =
  | { kind: 'bad-interpreter'; path: string; interpreter: string }
  | { kind: 'not-executable'; path: string }
  | { kind: 'dangling-link'; path: string; target: string };

export interface AwsCliFacts {
  programs: AwsProgram[];
  /** `AWS_CLI_AUTO_PROMPT` from the environment. */
  envAutoPrompt?: string;
}

export type CredentialSourceKind =
  | 'static'
  | 'sso'
  | 'sso-session'
  | 'assume-role'
  | 'web-identity'
  | 'credential-process'
  /** `login_session`: signed in with `aws login` (AWS CLI ≥ 2.32). */
  | 'login'
  | 'none';

/** A cached sign-in (SSO token, `aws login` session) as it is on disk: its expiry, never the token. */
export interface SignInToken {
  kind: 'sso' | 'login';
  /** The cache file (~/.aws/sso/cache/<sha1>.json, ~/.aws/login/cache/<sha256>.json). */
  file: string;
  /** `refreshable`: past its expiry, but the AWS CLI renews it by itself while its refresh token lasts. */
  state: 'valid' | 'expired' | 'refreshable' | 'missing' | 'unreadable';
  expiresAt?: string;
  reason?: string;
}

/** Credentials the AWS SDK's chain finds outside the AWS files (names and places, never a key). */
export interface AwsEnvironmentSources {
  /** AWS_ROLE_ARN + AWS_WEB_IDENTITY_TOKEN_FILE. */
  webIdentity?: { roleArn: string; tokenFile: string };
  /** A container role: the variable that names its endpoint, and which service sets it. */
  container?: { kind: 'ecs' | 'codebuild' | 'eks-pod-identity' | 'container'; variable: string };
  /** An EC2 instance role, taken on trust from the machine's own files (not asked over the network). */
  instance?: { assumed: true; why: string };
}

export interface AwsProfile {
  name: string;
  inConfig: boolean;
  inCredentials: boolean;
  region?: string;
  credentialKind: CredentialSourceKind;
  /** Key IDs are not secrets; kept so the UI can say which key is configured. */
  accessKeyId?: string;
  hasSecretKey: boolean;
  hasSessionToken: boolean;
  sourceProfile?: string;
  ssoSession?: string;
  cliAutoPrompt?: string;
  endpointUrl?: string;
  /** `mfa_serial` is set: assuming its role (or aws-vault's session) asks for a one-time code. */
  mfa?: boolean;
  /** login_session (an ARN, not a secret): names the `aws login` cache file. */
  loginSession?: string;
  /** sso_start_url of a legacy SSO profile (names its token cache file). */
  ssoStartUrl?: string;
  /** credential_source of a role profile (Environment, Ec2InstanceMetadata, EcsContainer). */
  credentialSource?: string;
  /** The cached sign-in of an SSO or `aws login` profile, read offline. */
  token?: SignInToken;
}

export interface AwsConfigFacts {
  configFile: string;
  credentialsFile: string;
  configFileExists: boolean;
  credentialsFileExists: boolean;
  profiles: AwsProfile[];
  envProfile?: string;
  envRegion?: string;
  /** AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are both set (values never read further). */
  envCredentials: boolean;
  parseError?: string;
  /** Web identity, container and instance roles, found without a network call. */
  environment?: AwsEnvironmentSources;
}

export type StoreKind =
  | 'macos-keychain-internet'
  | 'macos-keychain-generic'
  | 'windows-credential-manager'
  | 'libsecret'
  | 'git-credential-store'
  | 'git-credential-cache'
  | 'gcm-plaintext'
  | 'gcm-dpapi'
  | 'gcm-gpg'
  // GUI clients' own stores (issue 13): GitHub Desktop's and JetBrains IDEs' keychain items,
  // Desktop's Credential Manager targets, and files that cannot be listed without a key.
  | 'github-desktop-keychain'
  | 'jetbrains-keychain'
  | 'github-desktop-credential-manager'
  | 'jetbrains-keepass'
  | 'sourcetree-passwd';

/** A stored credential for a CodeCommit host: where it is and whose, never its secret. */
export interface StoreEntry {
  store: StoreKind;
  hostname: string;
  port?: number;
  /**
   * The account as it may be shown: the access key id alone when the saved user name was
   * the AWS helper's `<key id>%<session token>` (temporary and SSO credentials).
   */
  account?: string;
  /**
   * Set when the saved user name carried a session token that is never shown or stored: a
   * fingerprint of the full name (sha-256, 16 hex), so two items of one key id stay two
   * items. A store's delete looks the full name up again, in-process, when its tool needs it.
   */
  tokenFingerprint?: string;
  path?: string;
  protocol?: string;
  /** Keychain file, Credential Manager target name, libsecret item path, credential file path… (a session token masked) */
  location: string;
  /** Which program wrote it, where that can be told (osxkeychain, GCM, wincred, libsecret…). */
  writer?: string;
  /** Git Credential Manager's namespace when it is not `git` (`credential.namespace`; '' = none). */
  namespace?: string;
}

export interface StoreProbeResult {
  store: StoreKind;
  /** false when the store does not exist on this machine (no keychain, no daemon…). */
  available: boolean;
  entries: StoreEntry[];
  /** Why it could not be read, when it exists but reading failed. */
  error?: string;
  /** Entries for other hosts seen and left alone (a count only). */
  ignored: number;
  /**
   * Read only in part, in plain words (which keychains were not read, and why): the entries
   * are what was read. Never "nothing stale" for what was not read.
   */
  incomplete?: string;
  /** Where the part not read lives (keychain files), when the store can name it. */
  unreadLocations?: string[];
  /**
   * Fingerprints (never the names) of the credentials git's own helpers keep here for other
   * hosts (`git:https://github.com`…): a deletion proves none of them went. Other programs'
   * credentials (Office, OneDrive) change at any moment and are only counted in `ignored`.
   */
  otherGitKeys?: string[];
  /** e.g. a credential-cache daemon socket that exists but cannot be listed. */
  note?: string;
  /** Where a store that cannot be listed lives (credential-cache sockets), so it can be told to forget a host. */
  locations?: string[];
}

export interface StoreFacts {
  stores: StoreProbeResult[];
}

/** A public key as its `.pub` file says: `ssh-rsa`, `ssh-ed25519`…, and an RSA key's modulus size. */
export interface SshPublicKeyInfo {
  type: string;
  bits?: number;
}

export interface SshHostFacts {
  hostname: string;
  /** The config blocks that matched, as `Host` patterns, in order. */
  matchedHosts: string[];
  user?: string;
  /** `publicKey`: what `<path>.pub` says, when it exists (the private key is never opened). */
  identityFiles: { path: string; exists: boolean; publicKey?: SshPublicKeyInfo }[];
  /**
   * The algorithm lists ssh will offer this host, as `ssh -G <host>` prints them (no
   * connection is made). Absent when ssh was not asked or could not tell (`effectiveError`).
   */
  effective?: { hostKeyAlgorithms: string[]; pubkeyAcceptedAlgorithms: string[] };
  effectiveError?: string;
}

/** The OpenSSH client git starts, and how the doctor asked it (`ssh -V`, `ssh -G`). */
export interface OpenSshFacts {
  /** The program, as git would start it (`ssh`, or the one GIT_SSH_COMMAND / GIT_SSH names). */
  program: string;
  /** `ssh -V`'s line (`OpenSSH_9.2p1 Debian-2+deb12u6, OpenSSL 3.0.19 …`). */
  version?: string;
  /** Major.minor from the version line (9.2). */
  release?: { major: number; minor: number };
  /** The settings file ssh was pointed at with -F (absent: ssh read its own files, as for a clone). */
  configFlag?: string;
  /** Why ssh could not be asked at all. */
  error?: string;
}

export interface SshFacts {
  configFile: string;
  configExists: boolean;
  parseError?: string;
  hosts: SshHostFacts[];
  publicKeys: { path: string; type: string; comment?: string }[];
  /** The OpenSSH client, asked only when a CodeCommit address uses SSH. */
  openssh?: OpenSshFacts;
}

export interface RemoteCodecommitFacts {
  /** Path of `git-remote-codecommit` on PATH, or null. */
  path: string | null;
  /** The Python it runs on (its `#!` line; on Windows the python.exe beside Scripts\\). */
  python?: string;
  /** The botocore that Python loads: it decides which sign-ins and regions git-remote-codecommit knows. */
  botocore?: {
    version: string;
    /** Its package folder. */
    path: string;
    /** The regions its data/endpoints.json lists for CodeCommit (git-remote-codecommit refuses others). */
    codecommitRegions?: string[];
    /** awscrt is installed beside it (botocore's `aws login` provider needs it). */
    crt: boolean;
  };
  /** Why its botocore could not be read. */
  botocoreError?: string;
}

// ── AWS account facts (issue 6) ──────────────────────────────────────────────
// What AWS itself said about the identity git signs with. Never a secret: no key, no token,
// no Git credential password — IDs, ARNs, statuses and fingerprints only.

/** Outcome of one AWS call: done, refused by IAM, or failed (network, throttling, timeout…). */
export type AwsCallStatus = 'ok' | 'access-denied' | 'error';

export interface AccountIdentity {
  account: string;
  arn: string;
  userId: string;
  /** The ARN IAM evaluates: a user, or the role behind an assumed-role session. */
  principalArn: string;
  /** IAM user name when the identity is an IAM user (Git credentials and SSH keys belong to users). */
  userName?: string;
}

export interface AccountGitCredential {
  id: string;
  serviceUserName: string;
  status: 'Active' | 'Inactive';
  createDate?: string;
}

export interface AccountSshKey {
  id: string;
  status: 'Active' | 'Inactive';
  /** MD5, colon hex, as IAM shows it. */
  fingerprint?: string;
}

export interface LocalSshKey {
  path: string;
  /** MD5 of the key blob, colon hex (`ssh-keygen -l -E md5`); RSA keys only (IAM takes nothing else). */
  fingerprint: string;
}

/** One AWS profile as the SDK resolved it, and what AWS answered for it. */
export interface AccountProfileFacts {
  /**
   * Which sign-in this is: one profile name can sign with two sets of keys (`--profile
   * default` ignores environment keys, plain `default` does not). Targets join on this.
   */
  session: string;
  profile: string;
  source: 'helper' | 'env' | 'default' | 'url';
  /** Region used for STS/IAM calls (the repository's, else the profile's, else us-east-1). */
  region: string;
  /** `unchecked`: --offline, nothing local showed it expired (AWS was not asked). */
  credentials: 'ok' | 'expired' | 'none' | 'invalid' | 'error' | 'unchecked';
  /** For `expired`: which kind ran out, and the command that renews it (SSO). */
  expired?: { kind: 'sso-token' | 'temporary'; loginCommand?: string[] };
  identity?: AccountIdentity;
  /** Plain-words reason when credentials are not `ok`. */
  error?: string;
  /** Endpoint overrides in force (AWS_ENDPOINT_URL…, endpoint_url), by service. */
  endpoints: Partial<Record<'sts' | 'iam' | 'codecommit', string>>;
  /** Local clock minus the `Date` of an AWS reply, in ms (positive: this computer is ahead). */
  clockSkewMs?: number;
  serverDate?: string;
  gitCredentials?: { status: AwsCallStatus; items: AccountGitCredential[]; error?: string };
  sshKeys?: { status: AwsCallStatus; items: AccountSshKey[]; error?: string };
}

export type PolicyDecision = 'allowed' | 'explicitDeny' | 'implicitDeny';

/** What AWS said about one CodeCommit target. */
export interface AccountTargetFacts {
  /** RemoteTarget.display of the target (for people). */
  subject: string;
  /** The target, for code. */
  targetKey: TargetKey;
  profile: string;
  /** AccountProfileFacts.session of the sign-in it was asked with. */
  session: string;
  region: string;
  repo: string;
  /** How git authenticates for it: the AWS helper signs, stored static Git credentials, SSH, git-remote-codecommit. */
  auth: 'aws-helper' | 'git-credentials' | 'ssh' | 'remote-codecommit';
  lookup: {
    status: 'found' | 'not-found' | 'kms-denied' | 'access-denied' | 'error';
    arn?: string;
    /** The EncryptionKey* error code for `kms-denied`. */
    errorCode?: string;
    message?: string;
  };
  /** Regions other than `region` where a repository of this name exists (all-regions search). */
  foundInRegions?: string[];
  /** Regions the search could not ask (errors, timeouts). */
  searchFailed?: string[];
  simulation?: {
    status: AwsCallStatus;
    resourceArn: string;
    policySourceArn?: string;
    pull?: PolicyDecision;
    push?: PolicyDecision;
    error?: string;
  };
}

export interface HostAddresses {
  hostname: string;
  addresses: string[];
  /** Where git's connection goes: an `http.curloptResolve` entry wins over DNS, as in curl. */
  source: 'http.curloptResolve' | 'DNS';
}

/**
 * A codecommit:// address without `profile@` signs with the default profile (or AWS_PROFILE);
 * when that one does not see the repository, every other profile was asked (GetRepository).
 */
export interface ProfileSearchFacts {
  targetKey: TargetKey;
  subject: string;
  region: string;
  repo: string;
  /** The profile git-remote-codecommit signs with for this address. */
  signer: string;
  /** AccountProfileFacts.session of the signer, when it could be opened. */
  signerSession?: string;
  /** What the signer's own GetRepository said. */
  signerLookup: AccountTargetFacts['lookup']['status'] | 'no-credentials';
  /** Other profiles that see the repository in `region`. */
  seenBy: string[];
  /** Other profiles that were asked and do not see it (not there, or not allowed to look). */
  notSeenBy: string[];
  /** Other profiles that could not be asked (no usable credentials, an error, no answer in time). */
  notAsked: string[];
  /** Profiles past the search's limit, not asked. */
  leftOut: string[];
  /** Profiles not opened because signing in would run the user's own command or ask for an MFA code. */
  interactive: string[];
}

export interface AccountFacts {
  profiles: AccountProfileFacts[];
  targets: AccountTargetFacts[];
  /** The profile search for codecommit:// addresses without `profile@` (only when it ran). */
  profileSearch?: ProfileSearchFacts[];
  localSshKeys: LocalSshKey[];
  /** Addresses the CodeCommit hosts in use resolve to (private ones mean a VPC endpoint). */
  hostAddresses?: HostAddresses[];
}

// ── The user's Git client (issue 13) ─────────────────────────────────────────

/** The client the user clones with (--client), as the scan modelled it. */
export interface SelectedClientFacts {
  id: ClientId;
  name: string;
  /** Found on this computer by its files. */
  installed: boolean;
  /** Which git the scan ran for it: its own (bundled), the system one, --git, or none (not git at all). */
  git: { kind: GitKind; program?: string; from: 'bundled' | 'system' | '--git' | 'none'; execPath?: string };
  /** Its install folder when its own git was used (settings files inside it are the client's). */
  installRoot?: string;
  /** What it puts on every git command (`-c` settings, scope `command` for git). */
  injected: InjectedSetting[];
  /** Names of the environment variables it sets (values are the client's own). */
  injectedEnv: string[];
  helpers: HelperHandling;
  /** Plain-words lines for what the model takes on trust ("assumed from …"). */
  assumptions: string[];
}

/** macOS: what an app started from Finder or the Dock sees, against the terminal. */
export interface LaunchEnvironmentFacts {
  /** The PATH git gets when the client starts it. */
  appPath: string[];
  /** Where `aws` resolves for the client, and for the terminal (null: not found). */
  awsForApp: string | null;
  awsForTerminal: string | null;
  /** AWS_PROFILE in the terminal (a profile name, not a secret); the app does not have it. */
  terminalAwsProfile?: string;
}

export interface ClientFacts {
  /** Installed clients, found by their files only. */
  detected: DetectedClient[];
  selected?: SelectedClientFacts;
  /** --git without --client: the git program to diagnose with. */
  gitProgram?: string;
  launch?: LaunchEnvironmentFacts;
}

export type ProbeName =
  'git' | 'awsCli' | 'awsConfig' | 'stores' | 'ssh' | 'remoteCodecommit' | 'account' | 'clients' | 'live';

/**
 * The live check the scan ran (`git ls-remote` as a clone runs it, the code `verify` runs),
 * or why it did not: --offline, a whole-computer check, no CodeCommit address.
 */
export type LiveFacts =
  | { tried: false; reason: string }
  | {
      tried: true;
      /** The remote tried (RemoteTarget.key), and as people read it (a password masked). */
      target: TargetKey;
      display: string;
      verdict: Verdict;
      /** The helper chain git asked, in order, as the doctor shows helper commands. */
      helpers: string[];
      /** Which of `helpers` ran, and which one answered. */
      activity: HelperActivity;
      /** git's trace (GIT_TRACE, GIT_TRACE_CURL without data), secrets scrubbed, bounded. */
      trace: string[];
    };

export type Probed<T> =
  | { ok: true; value: T; durationMs: number }
  | { ok: false; error: string; timedOut: boolean; durationMs: number };

export interface Facts {
  platform: Platform;
  targets: RemoteTarget[];
  urlProblems: UrlProblem[];
  /**
   * Why no address could be checked, when nothing on the computer names a CodeCommit host
   * or Region and none was given: the reason every check that needs an address skips with.
   */
  noAddress?: string;
  git: Probed<GitFacts>;
  awsCli: Probed<AwsCliFacts>;
  awsConfig: Probed<AwsConfigFacts>;
  stores: Probed<StoreFacts>;
  ssh: Probed<SshFacts>;
  remoteCodecommit: Probed<RemoteCodecommitFacts>;
  account: Probed<AccountFacts>;
  clients: Probed<ClientFacts>;
  live: Probed<LiveFacts>;
}

// ── Findings and fixes ───────────────────────────────────────────────────────

export type Evidence =
  | { kind: 'config'; scope: ConfigScope; file: string; key: string; value: string | null; order: number }
  | {
      kind: 'helper';
      position: number;
      value: string;
      helperKind: HelperKind;
      scope: ConfigScope;
      file: string;
    }
  | { kind: 'store-entry'; entry: StoreEntry }
  | { kind: 'profile'; name: string; source?: string }
  /**
   * An IAM policy (JSON) an administrator can attach: shown copyable. `principal` (who it is
   * for) and `resource` (what it allows) let the app write the message for the administrator.
   */
  | { kind: 'policy'; label: string; document: string; principal?: string; resource?: string }
  | { kind: 'file'; path: string; exists: boolean; note?: string }
  | { kind: 'program'; name: string; path: string | null; version?: string }
  | { kind: 'text'; label: string; detail: string };

/** A concrete change a fix makes; shown before anything happens. Filled in by the fixes planner. */
export type FixStep =
  | {
      type: 'git-config';
      /** `git config --file <file> --add|--replace-all|--unset-all …`: never a hand edit of git's files. */
      op: 'add' | 'set' | 'replace-all' | 'unset-all';
      file: string;
      scope: ConfigScope;
      key: string;
      value?: string;
      /** Regex limiting which existing values replace-all/unset-all touch. */
      valuePattern?: string;
    }
  | { type: 'delete-credential'; entry: StoreEntry }
  | { type: 'remote-set-url'; dir: string; remote: string; from: string; to: string }
  | { type: 'command'; argv: string[]; admin: boolean; note: string }
  | AccountFixStep;

/**
 * Account repairs (issue 6), run through the AWS SDK with the profile the diagnosis used.
 * A new Git credential password goes from IAM's reply straight into `git credential approve`:
 * it is never part of a step, an outcome, a journal entry or a report.
 */
export type AccountFixStep =
  | {
      type: 'aws-call';
      profile: string;
      /** The profile was named with --profile (environment credentials then do not count). */
      explicit: boolean;
      region: string;
      userName: string;
      call:
        | { action: 'activate-git-credential'; credentialId: string }
        | {
            action: 'create-git-credential' | 'reset-git-credential';
            credentialId?: string;
            /** Where git will use it: handed to git's own helper with `git credential approve`. */
            store: {
              protocol: 'https';
              host: string;
              path?: string;
              /**
               * The Git client the password is for (--client): `git` hands it to the helpers
               * that client's git asks (its program, exec-path and `-c` settings, e.g. GitHub
               * Desktop's own helper); `shown` — a client that asks for the password itself
               * and keeps it — shows it once to type in, and refuses to run where it cannot.
               */
              client?: {
                name: string;
                handover: 'git' | 'shown';
                program?: string;
                execPath?: string;
                injected: InjectedSetting[];
              };
            };
          }
        | { action: 'upload-ssh-key'; publicKeyFile: string }
        | { action: 'activate-ssh-key'; keyId: string };
    }
  | {
      type: 'ssh-config-host';
      file: string;
      hostPattern: string;
      /** Written as IdentityFile, with the key ID as User (account repairs). */
      identityFile?: string;
      /** The SSH key ID to write as User; when absent it is looked up in IAM by the key's fingerprint at apply time (after an upload). */
      keyId?: string;
      lookup?: {
        profile: string;
        explicit: boolean;
        region: string;
        userName: string;
        publicKeyFile: string;
      };
      /**
       * Algorithms the block must let ssh use (`HostKeyAlgorithms +ssh-rsa`): added to the list
       * the block sets, else set as `+<algorithm>`. After writing, `ssh -G <proveHost>` must
       * list each of them, or the step fails and the file is put back.
       */
      allow?: SshAllow[];
      proveHost?: string;
    };

export interface SshAllow {
  keyword: 'HostKeyAlgorithms' | 'PubkeyAcceptedAlgorithms';
  algorithm: string;
}

/** How a step reads in a plan, and the command a person could type instead (the helpdesk view). */
export interface StepPreview {
  description: string;
  argv: string[] | null;
}

export interface FixOffer {
  id: string;
  findingCode: FindingCode;
  /** ESLint's distinction: a fix is safe to apply automatically, a suggestion needs the user's pick. */
  kind: 'fix' | 'suggestion';
  title: string;
  description: string;
  steps: FixStep[];
  /** One per step, in order: filled in by the engine, so every caller shows the same words. */
  preview: StepPreview[];
  reversible: boolean;
  needsAdmin: boolean;
  /** Said before anything irreversible happens (deleting saved passwords). */
  warning?: string;
  /** A suggestion with steps that cannot be applied here (an admin command) is shown, not run. */
  applicable: boolean;
  /**
   * Asked again under the journal's lock, just before anything runs: git's helper chain for
   * this address (read in `cwd`) must not already start with `helper` and send the path.
   * Another fix, a second copy of the doctor or the user may have done it since the scan;
   * then nothing is written twice.
   */
  recheck?: { url: string; cwd?: string; helper: string };
  /** The offer in one everyday sentence (no "helper", no "store"): what the app shows first. */
  plain?: string;
  /** What the person will notice afterwards ("GitHub and other sites are not affected."). */
  notice?: string;
  /** A corrected clone address the person can copy, or scan again with (the offer runs nothing). */
  address?: string;
}

/** What a finding is about, for code: planners join on this, never on the display `subject`. */
export type About =
  | { kind: 'remote'; key: TargetKey }
  | { kind: 'host'; hostname: string; port?: number }
  /** An AWS profile (`session`: which of its sign-ins, see AccountProfileFacts). */
  | { kind: 'profile'; profile: string; session?: string }
  | { kind: 'address'; input: string };

export interface Finding<C extends FindingCode = FindingCode> {
  code: C;
  severity: Severity;
  title: string;
  explanation: string;
  /** The explanation in everyday words, for someone who does not live in a terminal (the app shows it first, the explanation beside the evidence). */
  plain?: string;
  evidence: Evidence[];
  docsUrl?: string;
  /** The remote or host this finding is about, when it is about one (for people). */
  subject?: string;
  /** The same, for code. */
  about?: About;
  fixes: FixOffer[];
}

export interface CheckResult {
  id: CheckResultId;
  title: string;
  status: CheckStatus;
  durationMs: number;
  findings: Finding[];
  /** Why it errored or was skipped, in plain words. */
  message?: string;
  /**
   * skipped only: the check had something to check but could not run (--offline, AWS could
   * not be reached); its message says why. Without it, a skipped check was not needed.
   */
  needed?: true;
}

export type ScanEvent =
  | { type: 'scan-started'; checks: { id: CheckId; title: string }[] }
  | { type: 'probe-finished'; probe: ProbeName; ok: boolean; durationMs: number }
  | { type: 'check-started'; id: CheckId; title: string }
  | { type: 'check-slow'; id: CheckId; title: string; elapsedMs: number }
  | { type: 'check-finished'; result: CheckResult }
  | { type: 'scan-finished'; report: ScanReport };

export interface ScanReport {
  schemaVersion: 1;
  tool: { name: 'codecommit-doctor'; version: string };
  platform: Platform;
  startedAt: string;
  durationMs: number;
  target: TargetInput;
  targets: RemoteTarget[];
  checks: CheckResult[];
  findings: Finding[];
  summary: { errors: number; warnings: number; infos: number; checksErrored: number };
  /** The client the scan diagnosed for (--client), and the git it ran. */
  client?: { id: ClientId; name: string; git?: string; settingsFiles: string[] };
  /** The git the scan ran (the first on PATH, a client's own, or --git) and its version. */
  gitUsed?: { path: string; version?: string; from: 'PATH' | '--git' | 'client' };
  /**
   * Present when the scan replayed a recording (`diagnose --replay`, "Open a recording…"):
   * nothing was read from this computer, and no fix is ever applied from it.
   */
  replay?: ReplayInfo;
  /**
   * The PATH the diagnosis looked for programs in (git, aws…), and where it came from: a
   * Finder-started app on macOS reads the login shell's at start-up (login-shell-env.ts).
   */
  environment?: { path: string; source: PathOrigin['source']; shell?: string; note?: string };
  /** The live check: what git says right now (every scan by runScan has it; the report opens with it). */
  live?: LiveResult;
}

export interface ReplayInfo {
  /** When the recorded scan ran (ISO 8601). */
  recordedAt: string;
  /** The codecommit-doctor version that recorded it. */
  recordedWith: string;
  /** What the engine asked that the recording does not hold (empty: it held everything). */
  notRecorded: string[];
}

/** What git says right now, for the first line of every report. */
export interface LiveResult {
  /** Whether git was run against the repository. */
  tried: boolean;
  /** "Right now, git says: 403 — …", "Right now, cloning works: …", "The clone itself was not tried: …". */
  headline: string;
  /** Not tried: why. */
  reason?: string;
  /** The address tried, as people read it. */
  target?: string;
  verdict?: Verdict;
  /** Which credential helper gave git its password ("2. !aws codecommit credential-helper $@"), or why none. */
  answeredBy?: string;
  /** A failure only: the findings (codes) that explain it; [] means `unexplained-failure` was reported. */
  explainedBy?: FindingCode[];
}
