import { randomBytes } from 'node:crypto';
import type { FindingCode } from '../../electron/engine/model';
import { startAwsApi } from './aws-api/server';
import { startLab, type Lab, type LabRequest } from './git-server';
import { createSandbox, type AwsProfile, type RunResult, type Sandbox, type SandboxOptions } from './sandbox';
import { signGitPassword } from './sigv4-git';
import type { LabIdentity } from './state';

// Each scenario reproduces one real way `git clone` against CodeCommit fails, with real
// git, the real AWS CLI helper and a Lab that authenticates like CodeCommit. `expectedCodes`
// is what a correct codecommit-doctor diagnosis reports; account-side causes have no
// local finding code (the API side of the Lab covers them).

export interface ExpectedGit {
  exitCode: number;
  /** Matched against git's stderr + stdout. */
  output: RegExp;
}

/** One request the Lab refused during the clone (`LabRequest.reason`), in the order seen. */
export interface LabRefusal {
  status: number;
  reason: NonNullable<LabRequest['reason']>;
  /** Matched against `LabRequest.detail`. */
  detail?: RegExp;
}

export interface BuiltScenario {
  name: string;
  description: string;
  url: string;
  expectedGit: ExpectedGit;
  /**
   * Every refusal the Lab records for one clone, so a scenario cannot pass for the wrong
   * reason (a 403 for a bad signature where the scenario means a denied GitPull). git's first
   * request carries no credentials and gets 401 `no-authorization`; a scenario that stops
   * there is one where no helper gave git a password.
   */
  expectedLab: LabRefusal[];
  expectedCodes: FindingCode[];
  /** What an online diagnosis adds (the Lab's AWS API answers for the account side). */
  accountCodes: FindingCode[];
  note?: string;
  lab: Lab;
  sandbox: Sandbox;
  identity: LabIdentity;
  /** Real `git clone <url> <dir>` in the sandbox. */
  clone(dir?: string): Promise<RunResult>;
  dispose(): Promise<void>;
}

export interface ScenarioDef {
  name: string;
  description: string;
  expectedCodes: FindingCode[];
  accountCodes?: FindingCode[];
  note?: string;
  expectedGit: ExpectedGit;
  expectedLab: LabRefusal[];
  setup(world: World): Promise<{ sandbox: Sandbox; url: string }>;
}

export const LAB_ACCOUNT = '111122223333';
export const LAB_REPO = 'demo';
export const LAB_REGION = 'us-east-1';
export const AWS_HELPER = '!aws codecommit credential-helper $@';
const STALE_MS = 20 * 60 * 1000;

/** git 2.39 texts (http.c, remote-curl.c, credential.c). */
const GIT_403 = /fatal: unable to access 'https:\/\/[^']+': The requested URL returned error: 403/;
const GIT_NO_USERNAME = /fatal: could not read Username for 'https:\/\/[^']+': terminal prompts disabled/;
const GIT_NOT_FOUND = /fatal: repository 'https:\/\/[^']+' not found/;

/** git's first request, always without credentials: only the 401 makes it ask its helpers. */
const CHALLENGE: LabRefusal = { status: 401, reason: 'no-authorization' };
/** A signature about STALE_MS old (the clone runs seconds after the scenario is built). */
const SIGNED_20_MIN_AGO = /^signed 1[23]\d\d s ago$/;

export interface World {
  lab: Lab;
  identity: LabIdentity;
  /** Sandbox whose default AWS profile holds the identity's keys (unless overridden). */
  sandbox(opts?: SandboxOptions & { profile?: AwsProfile | null }): Sandbox;
  /** The AWS guide's setup: `credential.helper` = the AWS helper, `credential.UseHttpPath` = true. */
  useAwsHelper(sb: Sandbox, opts?: { useHttpPath?: boolean; scope?: string }): Promise<void>;
}

function randomKeyId(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  return 'AKIA' + [...randomBytes(16)].map((b) => alphabet[b % 32]).join('');
}

export function makeIdentity(account = LAB_ACCOUNT, userName = 'alice'): LabIdentity {
  return {
    arn: `arn:aws:iam::${account}:user/${userName}`,
    account,
    userId: 'AIDA' + randomKeyId().slice(4),
    userName,
    accessKeyId: randomKeyId(),
    secretAccessKey: randomBytes(30).toString('base64'),
  };
}

/** What a developer can usually see and manage about themselves (IAM self-service), not Git access. */
const allowSelfInspection = (identity: LabIdentity) => ({
  principalArn: identity.arn,
  effect: 'Allow' as const,
  actions: [
    'codecommit:GetRepository',
    'iam:GetUser',
    'iam:SimulatePrincipalPolicy',
    'iam:ListServiceSpecificCredentials',
    'iam:ListSSHPublicKeys',
    'iam:GetSSHPublicKey',
    'iam:CreateServiceSpecificCredential',
    'iam:UpdateServiceSpecificCredential',
    'iam:ResetServiceSpecificCredential',
    'iam:UploadSSHPublicKey',
    'iam:UpdateSSHPublicKey',
  ],
  resources: ['*'],
});

const allowGit = (identity: LabIdentity) => ({
  principalArn: identity.arn,
  effect: 'Allow' as const,
  actions: ['codecommit:GitPull', 'codecommit:GitPush'],
  resources: [`arn:*:codecommit:*:${identity.account}:*`],
});

function scopedSectionScenario(kind: 'fips' | 'vpce' | 'cn'): ScenarioDef {
  const region = kind === 'cn' ? 'cn-north-1' : LAB_REGION;
  const label = { fips: 'FIPS', vpce: 'VPC endpoint', cn: 'China (.cn)' }[kind];
  return {
    name: `scoped-section-misses-${kind}`,
    accountCodes: kind === 'vpce' ? ['vpce-endpoint'] : [],
    description:
      `The AWS helper sits in a [credential "https://git-codecommit.*.amazonaws.com:PORT"] section; the ${label} ` +
      'host does not match that pattern (git host globs match one label, no -fips, no vpce, no .cn), so no ' +
      'helper runs and git asks for a user name.',
    expectedCodes: ['scoped-section-misses-host'],
    expectedGit: { exitCode: 128, output: GIT_NO_USERNAME },
    expectedLab: [CHALLENGE],
    async setup(w) {
      if (kind === 'cn') await w.lab.addRepo({ name: LAB_REPO, region, account: LAB_ACCOUNT });
      const sb = w.sandbox();
      await w.useAwsHelper(sb, { scope: `https://git-codecommit.*.amazonaws.com:${w.lab.port}` });
      return { sandbox: sb, url: w.lab.url(region, LAB_REPO, { kind: kind === 'cn' ? 'standard' : kind }) };
    },
  };
}

export const SCENARIOS: ScenarioDef[] = [
  {
    name: 'stale-cached-password',
    description:
      'credential.helper = store is listed before the AWS helper and holds a password the AWS helper signed ' +
      '20 minutes ago; git uses it first, CodeCommit answers 403, and git does not erase it after a 403.',
    expectedCodes: ['helper-shadowed', 'cached-codecommit-credentials'],
    expectedGit: { exitCode: 128, output: GIT_403 },
    expectedLab: [CHALLENGE, { status: 403, reason: 'signature-expired', detail: SIGNED_20_MIN_AGO }],
    async setup(w) {
      const sb = w.sandbox();
      await sb.configAdd('credential.helper', 'store');
      await w.useAwsHelper(sb);
      const host = w.lab.hostFor(LAB_REGION);
      const path = `v1/repos/${LAB_REPO}`;
      await sb.credentialApprove({
        protocol: 'https',
        host,
        path,
        username: w.identity.accessKeyId,
        password: signGitPassword({
          secretAccessKey: w.identity.secretAccessKey,
          region: LAB_REGION,
          host,
          path,
          date: new Date(Date.now() - STALE_MS),
        }),
      });
      return { sandbox: sb, url: w.lab.url(LAB_REGION, LAB_REPO) };
    },
  },
  {
    name: 'repo-in-other-region',
    accountCodes: ['repo-found-in-other-region'],
    description:
      'The repository lives in eu-west-1 but the URL names us-east-1; the signature is valid for us-east-1, ' +
      'where no such repository exists, so git says the repository was not found.',
    expectedCodes: [],
    note: 'Account-side: no local finding; the doctor needs GetRepository in each region to say where it is.',
    expectedGit: { exitCode: 128, output: GIT_NOT_FOUND },
    expectedLab: [CHALLENGE, { status: 404, reason: 'repo-not-found' }],
    async setup(w) {
      w.lab.state.repos = w.lab.state.repos.filter((r) => r.name !== LAB_REPO);
      await w.lab.addRepo({ name: LAB_REPO, region: 'eu-west-1', account: LAB_ACCOUNT });
      const sb = w.sandbox();
      await w.useAwsHelper(sb);
      return { sandbox: sb, url: w.lab.url(LAB_REGION, LAB_REPO) };
    },
  },
  {
    name: 'gitpull-denied',
    accountCodes: ['iam-gitpull-denied', 'iam-gitpush-denied'],
    description: 'The identity may read repository metadata but has no codecommit:GitPull: 403.',
    expectedCodes: [],
    note: 'Account-side (IAM): no local finding; SimulatePrincipalPolicy shows implicitDeny for codecommit:GitPull.',
    expectedGit: { exitCode: 128, output: GIT_403 },
    expectedLab: [CHALLENGE, { status: 403, reason: 'implicitDeny' }],
    async setup(w) {
      w.lab.state.policies = [
        allowSelfInspection(w.identity),
        {
          principalArn: w.identity.arn,
          effect: 'Allow',
          actions: ['codecommit:Get*', 'codecommit:List*'],
          resources: ['*'],
        },
      ];
      const sb = w.sandbox();
      await w.useAwsHelper(sb);
      return { sandbox: sb, url: w.lab.url(LAB_REGION, LAB_REPO) };
    },
  },
  {
    name: 'usehttppath-missing',
    description:
      "The AWS helper is configured without credential.UseHttpPath: it gets no path, fails with 'path', " +
      'and git falls back to asking for a user name.',
    expectedCodes: ['helper-usehttppath-missing'],
    // The helper ran and failed on the missing path (its KeyError prints 'path'): not "no helper".
    expectedGit: { exitCode: 128, output: /\n'path'\n[\s\S]*could not read Username/ },
    expectedLab: [CHALLENGE],
    async setup(w) {
      const sb = w.sandbox();
      await w.useAwsHelper(sb, { useHttpPath: false });
      return { sandbox: sb, url: w.lab.url(LAB_REGION, LAB_REPO) };
    },
  },
  {
    name: 'aws-not-on-path',
    description:
      'The helper runs `aws`, which is not on the PATH git passes to the helper shell: the shell reports ' +
      '"aws: not found" (dash; bash and Git for Windows say "command not found") and git asks for a user name.',
    expectedCodes: ['aws-cli-not-found'],
    expectedGit: { exitCode: 128, output: /aws: (command )?not found[\s\S]*could not read Username/ },
    expectedLab: [CHALLENGE],
    async setup(w) {
      // git execs its helpers from its exec path and runs `!` helpers with /bin/sh, so a
      // PATH without /usr/bin and /bin is enough to lose `aws` and nothing else.
      const sb = w.sandbox({ path: ['/usr/lib/git-core'] });
      await w.useAwsHelper(sb);
      return { sandbox: sb, url: w.lab.url(LAB_REGION, LAB_REPO) };
    },
  },
  {
    name: 'profile-no-credentials',
    accountCodes: ['aws-identity-unknown'],
    description:
      "The AWS profile the helper uses has a region but no credentials: the helper fails ('NoneType' object " +
      "has no attribute 'secret_key') and git asks for a user name.",
    expectedCodes: ['aws-profile-no-credentials'],
    expectedGit: { exitCode: 128, output: /secret_key[\s\S]*could not read Username/ },
    expectedLab: [CHALLENGE],
    async setup(w) {
      const sb = w.sandbox({ profile: { region: LAB_REGION } });
      await w.useAwsHelper(sb);
      return { sandbox: sb, url: w.lab.url(LAB_REGION, LAB_REPO) };
    },
  },
  scopedSectionScenario('fips'),
  scopedSectionScenario('vpce'),
  scopedSectionScenario('cn'),
  {
    name: 'url-username-with-at',
    description:
      'The URL carries a user name with an unencoded @ (alice@example.com@host): git takes the first @, curl ' +
      'refuses the URL before anything is sent.',
    expectedCodes: ['url-username-needs-encoding'],
    expectedGit: { exitCode: 128, output: /URL using bad\/illegal format or missing URL/ },
    // curl refuses the URL itself: the Lab never sees a request.
    expectedLab: [],
    async setup(w) {
      const sb = w.sandbox();
      await w.useAwsHelper(sb);
      return { sandbox: sb, url: w.lab.url(LAB_REGION, LAB_REPO, { user: 'alice@example.com' }) };
    },
  },
  {
    name: 'git-credentials-inactive',
    accountCodes: ['git-credentials-inactive'],
    description:
      'HTTPS Git credentials (service-specific) stored by credential.helper = store, but the credential has ' +
      'been made Inactive in IAM: 403.',
    expectedCodes: [],
    note: 'Account-side (IAM ListServiceSpecificCredentials shows Inactive): no local finding.',
    expectedGit: { exitCode: 128, output: GIT_403 },
    expectedLab: [CHALLENGE, { status: 403, reason: 'git-credential-inactive' }],
    async setup(w) {
      const password = randomBytes(33).toString('base64');
      const serviceUserName = `${w.identity.userName}-at-${w.identity.account}`;
      w.lab.state.gitCredentials.push({
        serviceSpecificCredentialId: 'ACCA' + randomKeyId().slice(4),
        userName: w.identity.userName ?? 'alice',
        serviceUserName,
        password,
        status: 'Inactive',
        createDate: new Date(Date.now() - 86_400_000).toISOString(),
      });
      // A developer with AWS CLI keys who clones with Git credentials (so IAM can be asked).
      const sb = w.sandbox();
      await sb.configAdd('credential.helper', 'store');
      await sb.credentialApprove({
        protocol: 'https',
        host: w.lab.hostFor(LAB_REGION),
        username: serviceUserName,
        password,
      });
      return { sandbox: sb, url: w.lab.url(LAB_REGION, LAB_REPO) };
    },
  },
  {
    name: 'client-clock-skew',
    accountCodes: ['clock-skew'],
    description:
      "The client's clock is 20 minutes behind: every password the helper signs is already outside " +
      "CodeCommit's 15-minute window: 403.",
    expectedCodes: [],
    note: 'Machine-side but no finding code yet: compare the local clock with the Date header of an AWS reply.',
    expectedGit: { exitCode: 128, output: GIT_403 },
    expectedLab: [CHALLENGE, { status: 403, reason: 'signature-expired', detail: SIGNED_20_MIN_AGO }],
    async setup(w) {
      w.lab.state.clockOffsetMs = STALE_MS;
      const sb = w.sandbox();
      await w.useAwsHelper(sb);
      return { sandbox: sb, url: w.lab.url(LAB_REGION, LAB_REPO) };
    },
  },
  {
    name: 'endpoint-policy-denies',
    accountCodes: ['unexplained-failure'],
    description:
      'A VPC endpoint policy in front of CodeCommit denies codecommit:GitPull: 403, while IAM allows it ' +
      '(SimulatePrincipalPolicy does not evaluate endpoint policies). Nothing the doctor reads shows the cause.',
    expectedCodes: [],
    note:
      'No check can see an endpoint policy: online, the live check fails and the doctor says it cannot explain ' +
      'why (unexplained-failure), with a redacted trace for the helpdesk.',
    expectedGit: { exitCode: 128, output: GIT_403 },
    expectedLab: [CHALLENGE, { status: 403, reason: 'endpoint-policy-deny' }],
    async setup(w) {
      w.lab.state.endpointPolicyDeny = ['codecommit:GitPull'];
      const sb = w.sandbox();
      await w.useAwsHelper(sb);
      return { sandbox: sb, url: w.lab.url(LAB_REGION, LAB_REPO) };
    },
  },
  {
    name: 'healthy',
    description:
      'Control: the AWS guide setup (helper + UseHttpPath), valid keys, GitPull allowed: clone works.',
    expectedCodes: [],
    expectedGit: { exitCode: 0, output: /Cloning into/ },
    expectedLab: [CHALLENGE],
    async setup(w) {
      const sb = w.sandbox();
      await w.useAwsHelper(sb);
      return { sandbox: sb, url: w.lab.url(LAB_REGION, LAB_REPO) };
    },
  },
];

export function scenarioNames(): string[] {
  return SCENARIOS.map((s) => s.name);
}

/** Starts a Lab of its own, fills its state and a sandbox for the scenario. */
export async function buildScenario(name: string): Promise<BuiltScenario> {
  const def = SCENARIOS.find((s) => s.name === name);
  if (!def) throw new Error(`unknown scenario ${name}; known: ${scenarioNames().join(', ')}`);
  const lab = await startLab();
  // The same Lab state answers the AWS APIs, so an online diagnosis never leaves the machine.
  const api = await startAwsApi(lab.state);
  const sandboxes: Sandbox[] = [];
  const dispose = async () => {
    await Promise.all(sandboxes.map((s) => s.cleanup()));
    await Promise.all([lab.stop(), api.stop()]);
  };
  try {
    const identity = makeIdentity();
    lab.state.identities.push(identity);
    lab.state.policies.push(allowGit(identity), allowSelfInspection(identity));
    await lab.addRepo({ name: LAB_REPO, region: LAB_REGION, account: LAB_ACCOUNT });
    const world: World = {
      lab,
      identity,
      sandbox: (opts = {}) => {
        const { profile, ...rest } = opts;
        const p =
          profile === undefined
            ? {
                accessKeyId: identity.accessKeyId,
                secretAccessKey: identity.secretAccessKey,
                region: LAB_REGION,
              }
            : profile;
        const sb = createSandbox(lab, {
          awsProfiles: p ? { default: p } : {},
          ...rest,
          env: { AWS_ENDPOINT_URL: api.url, ...rest.env },
        });
        sandboxes.push(sb);
        return sb;
      },
      useAwsHelper: async (sb, o = {}) => {
        const prefix = o.scope ? `credential.${o.scope}` : 'credential';
        await sb.configAdd(`${prefix}.helper`, AWS_HELPER);
        if (o.useHttpPath !== false) await sb.configAdd(`${prefix}.UseHttpPath`, 'true');
      },
    };
    const { sandbox, url } = await def.setup(world);
    return {
      name: def.name,
      description: def.description,
      url,
      expectedGit: def.expectedGit,
      expectedLab: def.expectedLab,
      expectedCodes: def.expectedCodes,
      accountCodes: def.accountCodes ?? [],
      note: def.note,
      lab,
      sandbox,
      identity,
      clone: (dir = 'clone') => sandbox.git(['clone', url, dir], { timeoutMs: 30_000 }),
      dispose,
    };
  } catch (e) {
    await dispose();
    throw e;
  }
}
