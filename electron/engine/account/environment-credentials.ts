import { fromHttp, fromInstanceMetadata, fromTokenFile } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import type { EngineContext } from '../context';
import type { AwsConfigFacts, AwsProfile } from '../model';
import { loginCacheFile } from '../probes/aws-sign-in';
import { readRegularText } from '../safe-read';

// The SDK's own providers for what signs outside the AWS files (container and instance roles,
// web identity from the environment) and for a valid `aws login` session, each given the scan's
// environment and HOME explicitly: the SDK's defaults would read this process's variables and
// home folder instead of the ones under diagnosis.

/** Where the SDK chain goes after a profile without credentials of its own (or none at all). */
export function environmentProvider(
  ctx: EngineContext,
  aws: AwsConfigFacts,
  opts: { explicit: boolean; region: string; clientConfig: Record<string, unknown> },
): { provider: AwsCredentialIdentityProvider; source: string } | undefined {
  const env = ctx.env;
  const found = aws.environment;
  if (!opts.explicit && found?.webIdentity) {
    return {
      source: 'web identity (AWS_ROLE_ARN)',
      provider: fromTokenFile({
        roleArn: found.webIdentity.roleArn,
        webIdentityTokenFile: found.webIdentity.tokenFile,
        roleSessionName: env.AWS_ROLE_SESSION_NAME || 'codecommit-doctor',
        clientConfig: { ...opts.clientConfig, region: opts.region },
      }),
    };
  }
  if (found?.container) {
    return {
      source: `the container role (${found.container.variable})`,
      provider: fromHttp({
        awsContainerCredentialsRelativeUri: env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI ?? '',
        awsContainerCredentialsFullUri: env.AWS_CONTAINER_CREDENTIALS_FULL_URI ?? '',
        awsContainerAuthorizationToken: env.AWS_CONTAINER_AUTHORIZATION_TOKEN ?? '',
        awsContainerAuthorizationTokenFile: env.AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE ?? '',
        timeout: Math.min(ctx.timeoutMs, 5_000),
        maxRetries: 1,
      }),
    };
  }
  if (found?.instance) {
    return {
      source: 'the EC2 instance role',
      provider: fromInstanceMetadata({ timeout: Math.min(ctx.timeoutMs, 2_000), maxRetries: 1 }),
    };
  }
  return undefined;
}

/** A valid `aws login` session's keys, read from the scan's own cache file (they stay in this process). */
export async function loginSessionProvider(
  ctx: EngineContext,
  profile: AwsProfile,
): Promise<AwsCredentialIdentityProvider | undefined> {
  if (profile.token?.state !== 'valid' || !profile.loginSession) return undefined;
  try {
    const text = await readRegularText(loginCacheFile(ctx, profile.loginSession), { maxBytes: 1024 * 1024 });
    const t = (JSON.parse(text) as { accessToken?: Record<string, unknown> }).accessToken ?? {};
    const { accessKeyId, secretAccessKey, sessionToken, expiresAt } = t;
    if (typeof accessKeyId !== 'string' || typeof secretAccessKey !== 'string') return undefined;
    const identity = {
      accessKeyId,
      secretAccessKey,
      ...(typeof sessionToken === 'string' ? { sessionToken } : {}),
      ...(typeof expiresAt === 'string' ? { expiration: new Date(expiresAt) } : {}),
    };
    return () => Promise.resolve(identity);
  } catch {
    return undefined;
  }
}
