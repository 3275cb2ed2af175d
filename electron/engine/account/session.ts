import type { CodeCommitClient } from '@aws-sdk/client-codecommit';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import type { EngineContext } from '../context';
import type { AccountProfileFacts, AwsConfigFacts } from '../model';
import {
  codecommitClient,
  endpointFor,
  iamClient,
  iamRegion,
  limitsFor,
  partitionOf,
  type CallLimits,
} from './aws-clients';
import { untilAborted } from './bounded';
import { planCredentials } from './credentials';
import { askIdentity } from './identity';
import type { TargetPlan } from './target-plans';

// The account phase's one session: the credentials of every profile in use (opened once each)
// and the SDK clients (one per profile, service and region for the whole phase), plus the
// deadline every call shares. The questions asked of AWS live in their own modules.

export interface AccountProbeOptions {
  /** Default: limitsFor(ctx.timeoutMs). */
  limits?: CallLimits;
  /** The whole phase stops after this long (each pending call is aborted); default twice ctx.timeoutMs. */
  deadlineMs?: number;
}

/** One profile as the helper would sign with it. */
export interface ProfileSession {
  /** `profileKey` of the plans that sign with it. */
  key: string;
  facts: AccountProfileFacts;
  /** Absent when there is nothing to sign with (`facts.error` says why). */
  credentials?: AwsCredentialIdentityProvider;
  /** Settles once GetCallerIdentity answered (or failed): then `facts` is complete. */
  ready: Promise<AccountProfileFacts>;
}

/** The SDK providers cache nothing across clients: shared, an assume-role or SSO exchange happens once. */
function memoize(provider: AwsCredentialIdentityProvider): AwsCredentialIdentityProvider {
  let pending: ReturnType<AwsCredentialIdentityProvider> | undefined;
  return () => {
    pending ??= provider();
    return pending;
  };
}

/** Which profile session a target signs with: the same name with and without `--profile` can differ (environment keys). */
export function profileKey(plan: Pick<TargetPlan, 'profile' | 'explicit'>): string {
  return `${plan.profile}\u0000${plan.explicit}`;
}

export class AccountSession {
  readonly limits: CallLimits;
  private readonly deadline: AbortSignal;
  private readonly profiles = new Map<string, Promise<ProfileSession>>();
  private readonly searched = new Map<string, Promise<ProfileSession>>();
  // Building an SDK client costs milliseconds of CPU, which the all-regions search would pay 28
  // times. Keyed by profile session, not name: one name can sign with two sets of keys.
  private readonly clients = new Map<string, { destroy(): void }>();
  private readonly memos = new Map<string, Promise<unknown>>();

  constructor(
    readonly ctx: EngineContext,
    private readonly aws: AwsConfigFacts | undefined,
    options: AccountProbeOptions = {},
  ) {
    this.limits = options.limits ?? limitsFor(ctx.timeoutMs);
    this.deadline = AbortSignal.timeout(options.deadlineMs ?? 2 * ctx.timeoutMs);
  }

  /** For one call: the phase deadline, or this call's own time (the timeout, all attempts together) running out. */
  signal(): AbortSignal {
    return AbortSignal.any([this.deadline, AbortSignal.timeout(this.ctx.timeoutMs)]);
  }

  /**
   * One AWS call (`send` passes the signal to the SDK), ended when its time is up whatever stage
   * it is in. The credentials come first, on their own limit (they are shared and opened once),
   * so a slow sign-in never eats the call's time nor passes for an AWS that did not answer.
   */
  async call<T>(
    credentials: AwsCredentialIdentityProvider | undefined,
    send: (abortSignal: AbortSignal) => Promise<T>,
  ): Promise<T> {
    await credentials?.();
    const signal = this.signal();
    return untilAborted(send(signal), signal);
  }

  /** The target's profile, opened on first use; the first target's region decides where STS is asked. */
  profileFor(plan: TargetPlan, region: string): Promise<ProfileSession> {
    const key = profileKey(plan);
    let s = this.profiles.get(key);
    if (!s) {
      s = this.open(plan, region);
      this.profiles.set(key, s);
    }
    return s;
  }

  /**
   * Another profile, opened only to ask whether it can see a repository (the profile search):
   * not one the scan signs with, so it is kept out of `opened()` (no identity, no IAM keys,
   * no findings about it) and its identity is not asked.
   */
  searchProfile(name: string, region: string): Promise<ProfileSession> {
    let s = this.searched.get(name);
    if (!s) {
      s = this.open({ profile: name, source: 'url', explicit: true }, region, `search\u0000${name}`);
      this.searched.set(name, s);
    }
    return s;
  }

  /** Every profile opened so far, in the order they were first asked for. */
  opened(): Promise<ProfileSession>[] {
    return [...this.profiles.values()];
  }

  iam(p: ProfileSession): IAMClient {
    return this.pooled(`iam\u0000${p.key}`, () =>
      iamClient({
        ctx: this.ctx,
        region: iamRegion(partitionOf(p.facts.region)),
        credentials: p.credentials as AwsCredentialIdentityProvider,
        endpoint: p.facts.endpoints.iam,
        limits: this.limits,
      }),
    );
  }

  codecommit(p: ProfileSession, region: string): CodeCommitClient {
    return this.pooled(`codecommit\u0000${p.key}\u0000${region}`, () =>
      codecommitClient({
        ctx: this.ctx,
        region,
        credentials: p.credentials as AwsCredentialIdentityProvider,
        endpoint: p.facts.endpoints.codecommit,
        limits: this.limits,
      }),
    );
  }

  /** `make()` once per key for the whole phase (e.g. one iam:GetRole per role). */
  once<T>(key: string, make: () => Promise<T>): Promise<T> {
    let p = this.memos.get(key) as Promise<T> | undefined;
    if (!p) {
      p = make();
      this.memos.set(key, p);
    }
    return p;
  }

  /** Ends the phase: every pooled client lets go of its sockets. */
  close(): void {
    for (const c of this.clients.values()) c.destroy();
    this.clients.clear();
  }

  private pooled<T extends { destroy(): void }>(key: string, make: () => T): T {
    let c = this.clients.get(key) as T | undefined;
    if (!c) {
      c = make();
      this.clients.set(key, c);
    }
    return c;
  }

  /** `searchKey` set: opened for the profile search only, its identity not asked. */
  private async open(
    plan: Pick<TargetPlan, 'profile' | 'source' | 'explicit'>,
    region: string,
    searchKey?: string,
  ): Promise<ProfileSession> {
    const key = searchKey ?? profileKey(plan);
    const profileEndpoint = this.aws?.profiles.find((p) => p.name === plan.profile)?.endpointUrl;
    const endpoints: AccountProfileFacts['endpoints'] = {};
    for (const svc of ['sts', 'iam', 'codecommit'] as const) {
      const e = endpointFor(this.ctx.env, svc, profileEndpoint);
      if (e) endpoints[svc] = e;
    }
    const facts: AccountProfileFacts = {
      session: key,
      profile: plan.profile,
      source: plan.source,
      region,
      credentials: 'none',
      endpoints,
    };
    const done = (): ProfileSession => ({ key, facts, ready: Promise.resolve(facts) });
    if (!this.aws) {
      // Could not check, not "no credentials": the AWS profile check says what is wrong with them.
      facts.credentials = 'error';
      facts.error = 'The AWS configuration files could not be read (the AWS profile check says why).';
      return done();
    }
    const cred = await planCredentials(this.ctx, this.aws, {
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
    const credentials = memoize(cred.provider);
    const credentialKind = cred.kind === 'profile' ? cred.profile.credentialKind : 'static';
    if (searchKey) {
      facts.credentials = 'ok';
      return { key, facts, credentials, ready: Promise.resolve(facts) };
    }
    return { key, facts, credentials, ready: askIdentity(this, facts, credentials, credentialKind) };
  }
}
