// The Lab's world: one AWS "account" (or more) with identities, repositories and
// permissions. The git endpoint and the AWS API endpoint both read and change this one
// object, so a repair made through the API (activate Git credentials, grant GitPull,
// upload an SSH key) is seen by the next `git clone` at once.

export type Effect = 'Allow' | 'Deny';

export interface LabIdentity {
  /** e.g. arn:aws:iam::111122223333:user/alice or arn:aws:sts::111122223333:assumed-role/Dev/alice */
  arn: string;
  account: string;
  /** AIDA… for users, AROA…:session for roles. */
  userId: string;
  /** IAM user name (users only). */
  userName?: string;
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  /** Temporary credentials that have run out. */
  expired?: boolean;
}

export interface LabPolicyStatement {
  /** Principal this statement is attached to (user or role ARN, not an assumed-role session ARN). */
  principalArn: string;
  effect: Effect;
  /** e.g. codecommit:GitPull, codecommit:*, iam:SimulatePrincipalPolicy */
  actions: string[];
  /** ARN patterns, `*` wildcards allowed. */
  resources: string[];
}

export interface LabGitCredential {
  serviceSpecificCredentialId: string;
  userName: string;
  /** `<user>-at-<account>` */
  serviceUserName: string;
  password: string;
  status: 'Active' | 'Inactive';
  createDate: string;
}

export interface LabSshKey {
  userName: string;
  /** APKA… */
  sshPublicKeyId: string;
  body: string;
  /** MD5 fingerprint as IAM shows it (aa:bb:…). */
  fingerprint: string;
  status: 'Active' | 'Inactive';
  uploadDate: string;
}

export interface LabRepo {
  name: string;
  region: string;
  account: string;
  /** Bare repository on disk served by git http-backend. */
  gitDir: string;
  kmsKeyId?: string;
  /** GetRepository answers EncryptionKeyAccessDeniedException and git gets 403. */
  kmsAccessDenied?: boolean;
}

export interface LabState {
  identities: LabIdentity[];
  policies: LabPolicyStatement[];
  gitCredentials: LabGitCredential[];
  sshKeys: LabSshKey[];
  repos: LabRepo[];
  /** Shifts the Lab's notion of "now" (positive = Lab is ahead), to reproduce client clock skew. */
  clockOffsetMs: number;
  /**
   * Actions a VPC endpoint policy in front of the Lab denies (git gets 403). IAM's policy
   * simulation never evaluates endpoint policies, so nothing the doctor asks can show it.
   */
  endpointPolicyDeny?: string[];
  /**
   * How long a signed git password stays valid: CodeCommit's User Guide (troubleshooting, macOS
   * Keychain) says stored signed passwords "stop working after about 15 minutes".
   */
  signatureWindowMs: number;
}

export function emptyState(): LabState {
  return {
    identities: [],
    policies: [],
    gitCredentials: [],
    sshKeys: [],
    repos: [],
    clockOffsetMs: 0,
    signatureWindowMs: 15 * 60 * 1000,
  };
}

export function labNow(state: LabState): Date {
  return new Date(Date.now() + state.clockOffsetMs);
}

/** The ARN permissions are evaluated against: an assumed-role session maps to its role. */
export function policyPrincipal(identity: LabIdentity): string {
  const m = /^arn:([^:]+):sts::(\d+):assumed-role\/([^/]+)\//.exec(identity.arn);
  return m ? `arn:${m[1]}:iam::${m[2]}:role/${m[3]}` : identity.arn;
}

function arnMatches(pattern: string, arn: string): boolean {
  const re = new RegExp(
    '^' +
      pattern
        .split('*')
        .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*') +
      '$',
  );
  return re.test(arn);
}

function actionMatches(pattern: string, action: string): boolean {
  return arnMatches(pattern.toLowerCase(), action.toLowerCase());
}

/** IAM's evaluation in small: an explicit deny wins, else an allow, else implicit deny. */
export function evaluate(
  state: LabState,
  principalArn: string,
  action: string,
  resource: string,
): 'allowed' | 'explicitDeny' | 'implicitDeny' {
  let allowed = false;
  for (const s of state.policies) {
    if (s.principalArn !== principalArn) continue;
    if (!s.actions.some((a) => actionMatches(a, action))) continue;
    if (!s.resources.some((r) => arnMatches(r, resource))) continue;
    if (s.effect === 'Deny') return 'explicitDeny';
    allowed = true;
  }
  return allowed ? 'allowed' : 'implicitDeny';
}

export function repoArn(repo: LabRepo): string {
  const partition = repo.region.startsWith('cn-')
    ? 'aws-cn'
    : repo.region.startsWith('us-gov-')
      ? 'aws-us-gov'
      : 'aws';
  return `arn:${partition}:codecommit:${repo.region}:${repo.account}:${repo.name}`;
}
