import { CodeCommitClient } from '@aws-sdk/client-codecommit';
import { IAMClient } from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import type { EngineContext } from '../context';

// SDK clients built from the EngineContext only. Every setting the SDK would otherwise read
// from process.env or ~/.aws at the process's HOME (region, endpoint, FIPS, dual-stack,
// max attempts, retry mode) is given explicitly, so a scan of a sandboxed HOME or another
// user's environment cannot pick up this process's AWS settings.

export type AwsService = 'sts' | 'iam' | 'codecommit';

export interface CallLimits {
  /** TCP connect timeout. */
  connectMs: number;
  /** Whole request (send to last byte). */
  requestMs: number;
  /** Attempts for reads (idempotent); writes always get exactly one. */
  readAttempts: number;
}

/**
 * Per-attempt limits within the one timeout: a connection that takes 3 s will not come, and an
 * attempt never outlasts the timeout (the call as a whole is bounded by it too, AccountSession).
 */
export function limitsFor(timeoutMs: number): CallLimits {
  return { connectMs: Math.min(3_000, timeoutMs), requestMs: Math.min(8_000, timeoutMs), readAttempts: 3 };
}

export type Partition = 'aws' | 'aws-cn' | 'aws-us-gov';

export function partitionOf(region: string): Partition {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** IAM is global per partition; its requests are signed for the partition's home region. */
export function iamRegion(partition: Partition): string {
  switch (partition) {
    case 'aws-cn':
      return 'cn-north-1';
    case 'aws-us-gov':
      return 'us-gov-west-1';
    case 'aws':
      return 'us-east-1';
  }
}

const ENV_SUFFIX: Record<AwsService, string> = { sts: 'STS', iam: 'IAM', codecommit: 'CODECOMMIT' };

/**
 * The endpoint override the SDK and CLI would use ("Service-specific endpoints" in the
 * AWS SDKs and Tools reference): AWS_ENDPOINT_URL_<SERVICE>, then AWS_ENDPOINT_URL, then the
 * profile's endpoint_url; AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true turns them all off.
 */
export function endpointFor(
  env: NodeJS.ProcessEnv,
  service: AwsService,
  profileEndpoint?: string,
): string | undefined {
  if (/^true$/i.test(env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS ?? '')) return undefined;
  return (
    env[`AWS_ENDPOINT_URL_${ENV_SUFFIX[service]}`] || env.AWS_ENDPOINT_URL || profileEndpoint || undefined
  );
}

/** Observes every reply's Date header (clock-skew check) without touching the exchange. */
export interface DateWitness {
  date?: string;
}

class WitnessHandler extends NodeHttpHandler {
  constructor(
    options: ConstructorParameters<typeof NodeHttpHandler>[0],
    private readonly witness?: DateWitness,
  ) {
    super(options);
  }
  override async handle(
    request: Parameters<NodeHttpHandler['handle']>[0],
    options?: Parameters<NodeHttpHandler['handle']>[1],
  ): ReturnType<NodeHttpHandler['handle']> {
    const out = await super.handle(request, options);
    const date = out.response.headers.date ?? out.response.headers.Date;
    if (this.witness && date) this.witness.date = date;
    return out;
  }
}

export interface ClientSpec {
  ctx: EngineContext;
  region: string;
  credentials: AwsCredentialIdentityProvider;
  endpoint?: string;
  limits?: CallLimits;
  /** Writes (create, reset, upload…) are never retried. */
  write?: boolean;
  witness?: DateWitness;
}

function common(spec: ClientSpec) {
  const limits = spec.limits ?? limitsFor(spec.ctx.timeoutMs);
  return {
    region: spec.region,
    credentials: spec.credentials,
    ...(spec.endpoint ? { endpoint: spec.endpoint } : {}),
    useFipsEndpoint: false,
    useDualstackEndpoint: false,
    maxAttempts: spec.write ? 1 : limits.readAttempts,
    retryMode: 'standard',
    requestHandler: new WitnessHandler(
      {
        connectionTimeout: limits.connectMs,
        requestTimeout: limits.requestMs,
        throwOnRequestTimeout: true,
      },
      spec.witness,
    ),
  };
}

/**
 * For the clients the SDK's credential providers build themselves (STS for a role, SSO): the
 * same per-attempt limits, and one attempt — the provider as a whole has the timeout, and a
 * request still running in the background would keep the process alive after it.
 */
export function providerClientConfig(ctx: EngineContext) {
  const limits = limitsFor(ctx.timeoutMs);
  return {
    maxAttempts: 1,
    requestHandler: new NodeHttpHandler({
      connectionTimeout: limits.connectMs,
      requestTimeout: limits.requestMs,
      throwOnRequestTimeout: true,
    }),
  };
}

export function stsClient(spec: ClientSpec): STSClient {
  return new STSClient(common(spec));
}

export function iamClient(spec: ClientSpec): IAMClient {
  return new IAMClient(common(spec));
}

export function codecommitClient(spec: ClientSpec): CodeCommitClient {
  return new CodeCommitClient(common(spec));
}

/** The error's AWS code (`name`) and a message fit for a report (no request IDs, no secrets). */
export function awsErrorOf(e: unknown): {
  code: string;
  message: string;
  timedOut: boolean;
  network: boolean;
} {
  const err = e as { name?: string; message?: string; code?: string; $metadata?: unknown };
  const code = err?.name ?? 'Error';
  const raw = typeof err?.message === 'string' ? err.message : String(e);
  const timedOut = /TimeoutError|AbortError/.test(code) || /timed? ?out|aborted/i.test(raw);
  const network = /ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|socket hang up/i.test(
    `${raw} ${err?.code ?? ''}`,
  );
  // Access key IDs are not secrets, but session tokens and signatures are: cut anything long and opaque.
  const message = raw.replace(/[A-Za-z0-9+/=]{60,}/g, '…').slice(0, 400);
  return { code, message, timedOut, network };
}

function isAccessDenied(code: string): boolean {
  return /^(AccessDenied|AccessDeniedException|UnauthorizedOperation)$/.test(code);
}

/** One plain line for a failed call: timeouts, unreachable endpoints and throttling in words. */
export function describeCallError(err: ReturnType<typeof awsErrorOf>): string {
  if (err.timedOut) return 'AWS did not answer in time (the request timed out).';
  if (err.network) return `AWS could not be reached (${err.message}).`;
  if (/^(Throttling|ThrottlingException|TooManyRequestsException|RequestLimitExceeded)$/.test(err.code))
    return `AWS is limiting how fast requests may be made (${err.code}); try again in a minute.`;
  return `${err.code}: ${err.message}`;
}

/**
 * A failed read as the facts record it: a denial keeps AWS's own message (it names the missing
 * permission), anything else gets the plain line.
 */
export function callFailure(e: unknown): { status: 'access-denied' | 'error'; error: string } {
  const err = awsErrorOf(e);
  return isAccessDenied(err.code)
    ? { status: 'access-denied', error: err.message }
    : { status: 'error', error: describeCallError(err) };
}
