import { resolveHosts } from './host-addresses';
import { CODECOMMIT_SERVICE } from '../fixes/account-steps';
import { GetRepositoryCommand } from '@aws-sdk/client-codecommit';
import {
  GetRoleCommand,
  GetSSHPublicKeyCommand,
  ListServiceSpecificCredentialsCommand,
  ListSSHPublicKeysCommand,
  SimulatePrincipalPolicyCommand,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { CODECOMMIT_REGIONS } from '../codecommit-host';
import type { EngineContext } from '../context';
import { computeHelperChain } from '../helper-chain';
import type {
  AccountFacts,
  AccountProfileFacts,
  AccountTargetFacts,
  AwsConfigFacts,
  GitFacts,
  PolicyDecision,
  RemoteTarget,
} from '../model';
import { helperProfile } from '../probes/aws-config';
import {
  awsErrorOf,
  codecommitClient,
  DEFAULT_LIMITS,
  endpointFor,
  iamClient,
  iamRegion,
  isAccessDenied,
  partitionOf,
  stsClient,
  type CallLimits,
  type DateWitness,
} from './aws-clients';
import { planCredentials } from './credentials';
import { principalOf, repositoryArn, userNameOf } from './policy';
import { localRsaKeys } from './ssh-keys';

// The AWS account phase: what AWS itself says about the identity git signs with and the
// repository it asks for. Calls are ordered for speed: the caller identity and the lookup in
// the URL's region go out together; the policy simulation and (only when the repository is
// not there) the all-regions search follow at once, the search with bounded concurrency.
// Only reads happen here; every call has a timeout and the phase has a deadline.

export { CODECOMMIT_SERVICE };
const KMS_ERRORS = /^EncryptionKey/;
/**
 * Regions asked at once in the all-regions search. Each region is its own endpoint, so
 * asking all 28 others in one round puts one request on each; the bound only guards the
 * local side (sockets, CPU) should the region list grow.
 */
export const SEARCH_CONCURRENCY = 32;

export interface AccountProbeInput {
  awsConfig: AwsConfigFacts | undefined;
  git: GitFacts | undefined;
  targets: RemoteTarget[];
}

export interface AccountProbeOptions {
  limits?: CallLimits;
  /** The whole phase stops after this long (each pending call is aborted). */
  deadlineMs?: number;
}

interface TargetPlan {
  target: RemoteTarget;
  profile: string;
  source: AccountProfileFacts['source'];
  explicit: boolean;
  region: string | undefined;
  auth: AccountTargetFacts['auth'];
}

function planTargets(input: AccountProbeInput): TargetPlan[] {
  const aws = input.awsConfig ?? { envProfile: undefined, profiles: [] as AwsConfigFacts['profiles'] };
  const config = input.git?.config ?? [];
  const plans: TargetPlan[] = [];
  for (const t of input.targets) {
    if (!t.repo) continue;
    if (t.transport !== 'codecommit' && !t.codecommit) continue;
    let prof = helperProfile(undefined, aws);
    let source: AccountProfileFacts['source'] = prof.source;
    let auth: AccountTargetFacts['auth'];
    if (t.transport === 'https' && t.matchUrl) {
      const chain = computeHelperChain(config, t.matchUrl);
      const aws = chain.helpers.find((h) => h.kind === 'aws');
      // Static Git credentials only when a storing helper is what would answer; with no
      // helper at all (or the AWS helper in a section that misses this host) the user meant
      // the AWS helper, and "no Git credentials in IAM" would be a false lead.
      auth = aws || !chain.helpers.some((h) => h.storing) ? 'aws-helper' : 'git-credentials';
      if (aws) {
        prof = helperProfile(aws.awsProfile, input.awsConfig ?? { envProfile: undefined });
        source = prof.source;
      }
    } else if (t.transport === 'ssh') {
      auth = 'ssh';
    } else {
      auth = 'remote-codecommit';
      if (t.profile) {
        prof = { name: t.profile, source: 'helper' };
        source = 'url';
      }
    }
    const profileRegion = aws.profiles.find((p) => p.name === prof.name)?.region;
    const region = t.codecommit?.region ?? t.region ?? profileRegion ?? input.awsConfig?.envRegion;
    plans.push({ target: t, profile: prof.name, source, explicit: prof.source === 'helper', region, auth });
  }
  return plans;
}

/** Runs `fn` over `items` with at most `limit` in flight. */
async function pool<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

interface Session {
  facts: AccountProfileFacts;
  credentials?: AwsCredentialIdentityProvider;
  profileEndpoint?: string;
  /** Settles once GetCallerIdentity answered (or failed): then `facts` is complete. */
  ready: Promise<AccountProfileFacts>;
}

function memoize(provider: AwsCredentialIdentityProvider): AwsCredentialIdentityProvider {
  let pending: ReturnType<AwsCredentialIdentityProvider> | undefined;
  return () => {
    pending ??= provider();
    return pending;
  };
}

export async function probeAccount(
  ctx: EngineContext,
  input: AccountProbeInput,
  options: AccountProbeOptions = {},
): Promise<AccountFacts> {
  const limits = options.limits ?? DEFAULT_LIMITS;
  const deadline = AbortSignal.timeout(options.deadlineMs ?? 30_000);
  const signal = () =>
    AbortSignal.any([
      deadline,
      AbortSignal.timeout(limits.requestMs * limits.readAttempts + limits.connectMs),
    ]);
  const plans = planTargets(input);
  // Independent of every AWS call: started first, awaited last.
  const hostAddressesP = resolveHosts(ctx, input.git?.config ?? [], input.targets);
  const aws = input.awsConfig;
  const localKeysP = plans.some((p) => p.auth === 'ssh') ? localRsaKeys(ctx) : Promise.resolve([]);

  // One session per profile; the first target's region decides where STS is asked.
  const sessions = new Map<string, Promise<Session>>();
  const sessionFor = (plan: TargetPlan): Promise<Session> => {
    const key = `${plan.profile}\u0000${plan.explicit}`;
    let s = sessions.get(key);
    if (!s) {
      s = openSession(plan);
      sessions.set(key, s);
    }
    return s;
  };

  const openSession = async (plan: TargetPlan): Promise<Session> => {
    const profile = aws?.profiles.find((p) => p.name === plan.profile);
    const region = plan.region ?? 'us-east-1';
    const profileEndpoint = profile?.endpointUrl;
    const endpoints: AccountProfileFacts['endpoints'] = {};
    for (const svc of ['sts', 'iam', 'codecommit'] as const) {
      const e = endpointFor(ctx.env, svc, profileEndpoint);
      if (e) endpoints[svc] = e;
    }
    const facts: AccountProfileFacts = {
      profile: plan.profile,
      source: plan.source,
      region,
      credentials: 'none',
      endpoints,
    };
    const done = (): Session => ({ facts, ready: Promise.resolve(facts) });
    if (!aws) {
      facts.error = 'The AWS configuration files could not be read.';
      return done();
    }
    const cred = await planCredentials(ctx, aws, {
      profile: plan.profile,
      explicit: plan.explicit,
      region,
      ...(endpoints.sts ? { stsEndpoint: endpoints.sts } : {}),
    });
    if (cred.kind === 'none') {
      facts.error = cred.reason;
      return done();
    }
    if (cred.kind === 'expired-sso') {
      facts.credentials = 'expired';
      facts.expired = { kind: 'sso-token', loginCommand: cred.loginCommand };
      facts.error = cred.reason;
      return done();
    }
    // The SDK providers cache nothing across clients: one memoized provider per profile, so
    // an assume-role or SSO exchange happens once for the whole phase.
    const provider = memoize(cred.provider);
    const credentialKind = cred.kind === 'profile' ? cred.profile.credentialKind : 'static';
    const ready = (async () => {
      const witness: DateWitness = {};
      const sts = stsClient({ ctx, region, credentials: provider, endpoint: endpoints.sts, limits, witness });
      try {
        const id = await sts.send(new GetCallerIdentityCommand({}), { abortSignal: signal() });
        const arn = id.Arn ?? '';
        facts.credentials = 'ok';
        facts.identity = {
          account: id.Account ?? '',
          arn,
          userId: id.UserId ?? '',
          principalArn: principalOf(arn),
        };
        const userName = userNameOf(arn);
        if (userName) facts.identity.userName = userName;
      } catch (e) {
        classifyCredentialError(facts, e, plan.profile, credentialKind);
      } finally {
        sts.destroy();
      }
      if (witness.date) {
        const server = Date.parse(witness.date);
        if (!Number.isNaN(server)) {
          facts.serverDate = new Date(server).toISOString();
          facts.clockSkewMs = ctx.now().getTime() - server;
        }
      }
      return facts;
    })();
    return { facts, credentials: provider, profileEndpoint, ready };
  };

  // One client per profile, service, region and endpoint for the whole phase: building an
  // SDK client costs milliseconds of CPU, which the all-regions search would pay 28 times.
  const clients = new Map<string, { destroy(): void }>();
  const pooled = <T extends { destroy(): void }>(key: string, make: () => T): T => {
    let c = clients.get(key) as T | undefined;
    if (!c) {
      c = make();
      clients.set(key, c);
    }
    return c;
  };

  const iamFor = (s: Session, write = false) =>
    pooled(`iam\u0000${s.facts.profile}\u0000${write}`, () =>
      iamClient({
        ctx,
        region: iamRegion(partitionOf(s.facts.region)),
        credentials: s.credentials as AwsCredentialIdentityProvider,
        endpoint: s.facts.endpoints.iam,
        limits,
        write,
      }),
    );

  // Assumed roles: the exact role ARN (with its path) needs iam:GetRole; without it the
  // path-less ARN is right for every role created without a path (the default).
  const rolePaths = new Map<string, Promise<void>>();
  const resolveRole = (s: Session): Promise<void> => {
    const id = s.facts.identity;
    if (!id || id.principalArn === id.arn || !id.principalArn.includes(':role/')) return Promise.resolve();
    let p = rolePaths.get(id.principalArn);
    if (!p) {
      p = (async () => {
        const iam = iamFor(s);
        try {
          const roleName = id.principalArn.split(':role/')[1] ?? '';
          const r = await iam.send(new GetRoleCommand({ RoleName: roleName }), { abortSignal: signal() });
          if (r.Role?.Arn) id.principalArn = r.Role.Arn;
        } catch {
          // keep the path-less ARN
        }
      })();
      rolePaths.set(id.principalArn, p);
    }
    return p;
  };

  const getRepo = async (s: Session, region: string, repo: string) => {
    const cc = pooled(`codecommit\u0000${s.facts.profile}\u0000${region}`, () =>
      codecommitClient({
        ctx,
        region,
        credentials: s.credentials as AwsCredentialIdentityProvider,
        endpoint: endpointFor(ctx.env, 'codecommit', s.profileEndpoint),
        limits,
      }),
    );
    try {
      const r = await cc.send(new GetRepositoryCommand({ repositoryName: repo }), { abortSignal: signal() });
      return { status: 'found' as const, arn: r.repositoryMetadata?.Arn };
    } catch (e) {
      const err = awsErrorOf(e);
      if (err.code === 'RepositoryDoesNotExistException') return { status: 'not-found' as const };
      if (KMS_ERRORS.test(err.code))
        return { status: 'kms-denied' as const, errorCode: err.code, message: err.message };
      if (isAccessDenied(err.code)) return { status: 'access-denied' as const, message: err.message };
      return { status: 'error' as const, message: describeCallError(err) };
    }
  };

  const simulate = async (s: Session, resourceArn: string): Promise<AccountTargetFacts['simulation']> => {
    await resolveRole(s);
    const id = s.facts.identity;
    if (!id) return { status: 'error', resourceArn, error: 'no identity' };
    const iam = iamFor(s);
    try {
      const r = await iam.send(
        new SimulatePrincipalPolicyCommand({
          PolicySourceArn: id.principalArn,
          ActionNames: ['codecommit:GitPull', 'codecommit:GitPush'],
          ResourceArns: [resourceArn],
        }),
        { abortSignal: signal() },
      );
      const decision = (action: string): PolicyDecision | undefined => {
        const d = r.EvaluationResults?.find((x) => x.EvalActionName?.toLowerCase() === action)?.EvalDecision;
        return d === 'allowed' || d === 'explicitDeny' || d === 'implicitDeny' ? d : undefined;
      };
      const sim: NonNullable<AccountTargetFacts['simulation']> = {
        status: 'ok',
        resourceArn,
        policySourceArn: id.principalArn,
      };
      const pull = decision('codecommit:gitpull');
      const push = decision('codecommit:gitpush');
      if (pull) sim.pull = pull;
      if (push) sim.push = push;
      return sim;
    } catch (e) {
      const err = awsErrorOf(e);
      return {
        status: isAccessDenied(err.code) ? 'access-denied' : 'error',
        resourceArn,
        policySourceArn: id.principalArn,
        error: isAccessDenied(err.code) ? err.message : describeCallError(err),
      };
    }
  };

  const targetFacts = await Promise.all(
    plans.map(async (plan): Promise<AccountTargetFacts | undefined> => {
      if (!plan.region) return undefined;
      const region = plan.region;
      const repo = plan.target.repo as string;
      const session = await sessionFor(plan);
      if (!session.credentials) return undefined;
      // GetRepository does not need the identity: it goes out beside GetCallerIdentity.
      const [lookup] = await Promise.all([getRepo(session, region, repo), session.ready]);
      const id = session.facts.identity;
      if (!id) return undefined;
      const facts: AccountTargetFacts = {
        subject: plan.target.display,
        targetKey: plan.target.key,
        profile: plan.profile,
        region,
        repo,
        auth: plan.auth,
        lookup,
      };
      const arn = lookup.arn ?? repositoryArn(partitionOf(region), region, id.account, repo);
      const [simulation] = await Promise.all([
        simulate(session, arn),
        (async () => {
          if (lookup.status !== 'not-found') return;
          const others = CODECOMMIT_REGIONS.filter((r) => r !== region);
          const results = await pool([...others], SEARCH_CONCURRENCY, async (r) => ({
            region: r,
            result: await getRepo(session, r, repo),
          }));
          facts.foundInRegions = results.filter((x) => x.result.status === 'found').map((x) => x.region);
          facts.searchFailed = results
            .filter((x) => x.result.status === 'error' || x.result.status === 'access-denied')
            .map((x) => x.region);
        })(),
      ]);
      if (simulation) facts.simulation = simulation;
      return facts;
    }),
  );

  // Git credentials and SSH keys belong to IAM users: listed only when a target uses them.
  const profileFacts = await Promise.all(
    [...sessions.values()].map(async (sp) => {
      const s = await sp;
      await s.ready;
      const userName = s.facts.identity?.userName;
      const mine = plans.filter((p) => p.profile === s.facts.profile);
      if (!userName || !s.credentials) return s.facts;
      const iam = iamFor(s);
      await Promise.all([
        (async () => {
          if (!mine.some((p) => p.auth === 'git-credentials')) return;
          try {
            const r = await iam.send(
              new ListServiceSpecificCredentialsCommand({
                UserName: userName,
                ServiceName: CODECOMMIT_SERVICE,
              }),
              { abortSignal: signal() },
            );
            s.facts.gitCredentials = {
              status: 'ok',
              items: (r.ServiceSpecificCredentials ?? []).map((c) => ({
                id: c.ServiceSpecificCredentialId ?? '',
                serviceUserName: c.ServiceUserName ?? '',
                status: c.Status === 'Active' ? 'Active' : 'Inactive',
                ...(c.CreateDate ? { createDate: c.CreateDate.toISOString() } : {}),
              })),
            };
          } catch (e) {
            const err = awsErrorOf(e);
            s.facts.gitCredentials = {
              status: isAccessDenied(err.code) ? 'access-denied' : 'error',
              items: [],
              error: isAccessDenied(err.code) ? err.message : describeCallError(err),
            };
          }
        })(),
        (async () => {
          if (!mine.some((p) => p.auth === 'ssh')) return;
          try {
            const list = await iam.send(new ListSSHPublicKeysCommand({ UserName: userName }), {
              abortSignal: signal(),
            });
            const items = await Promise.all(
              (list.SSHPublicKeys ?? []).map(async (k) => {
                const id = k.SSHPublicKeyId ?? '';
                const item = { id, status: k.Status === 'Active' ? 'Active' : 'Inactive' } as const;
                try {
                  const full = await iam.send(
                    new GetSSHPublicKeyCommand({ UserName: userName, SSHPublicKeyId: id, Encoding: 'SSH' }),
                    { abortSignal: signal() },
                  );
                  const fp = full.SSHPublicKey?.Fingerprint;
                  return fp ? { ...item, fingerprint: fp } : item;
                } catch {
                  return item;
                }
              }),
            );
            s.facts.sshKeys = { status: 'ok', items };
          } catch (e) {
            const err = awsErrorOf(e);
            s.facts.sshKeys = {
              status: isAccessDenied(err.code) ? 'access-denied' : 'error',
              items: [],
              error: isAccessDenied(err.code) ? err.message : describeCallError(err),
            };
          }
        })(),
      ]);
      return s.facts;
    }),
  );

  const localSshKeys = await localKeysP;
  for (const c of clients.values()) c.destroy();
  const hostAddresses = await hostAddressesP;
  return {
    profiles: profileFacts,
    targets: targetFacts.filter((t): t is AccountTargetFacts => t !== undefined),
    localSshKeys,
    ...(hostAddresses.length ? { hostAddresses } : {}),
  };
}

export function describeCallError(err: ReturnType<typeof awsErrorOf>): string {
  if (err.timedOut) return 'AWS did not answer in time (the request timed out).';
  if (err.network) return `AWS could not be reached (${err.message}).`;
  if (/^(Throttling|ThrottlingException|TooManyRequestsException|RequestLimitExceeded)$/.test(err.code))
    return `AWS is limiting how fast requests may be made (${err.code}); try again in a minute.`;
  return `${err.code}: ${err.message}`;
}

function classifyCredentialError(
  facts: AccountProfileFacts,
  e: unknown,
  profile: string,
  kind: string,
): void {
  const err = awsErrorOf(e);
  if (/^(ExpiredToken|ExpiredTokenException|RequestExpired|TokenRefreshRequired)$/.test(err.code)) {
    facts.credentials = 'expired';
    facts.expired =
      kind === 'sso' || kind === 'sso-session'
        ? {
            kind: 'sso-token',
            loginCommand:
              profile === 'default' ? ['aws', 'sso', 'login'] : ['aws', 'sso', 'login', '--profile', profile],
          }
        : { kind: 'temporary' };
    facts.error = 'The temporary AWS credentials have expired.';
    return;
  }
  if (
    err.code === 'CredentialsProviderError' ||
    /could not load credentials|token.*expired/i.test(err.message)
  ) {
    if (/expired|refresh/i.test(err.message) && (kind === 'sso' || kind === 'sso-session')) {
      facts.credentials = 'expired';
      facts.expired = {
        kind: 'sso-token',
        loginCommand:
          profile === 'default' ? ['aws', 'sso', 'login'] : ['aws', 'sso', 'login', '--profile', profile],
      };
      facts.error = 'The single sign-on session has expired.';
      return;
    }
    facts.credentials = 'none';
    facts.error = `The AWS SDK found no usable credentials for profile "${profile}": ${err.message}`;
    return;
  }
  if (
    /^(InvalidClientTokenId|UnrecognizedClientException|SignatureDoesNotMatch|InvalidAccessKeyId|AuthFailure)$/.test(
      err.code,
    )
  ) {
    facts.credentials = 'invalid';
    facts.error = `AWS does not accept these credentials (${err.code}): the access key is unknown, deleted, or its secret is wrong.`;
    return;
  }
  facts.credentials = 'error';
  facts.error = describeCallError(err);
}
