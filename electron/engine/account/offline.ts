import type { EngineContext } from '../context';
import type { AccountFacts, AccountProfileFacts } from '../model';
import { planCredentials } from './credentials';
import { profileKey } from './session';
import { planTargets, type AccountProbeInput } from './target-plans';

// The account phase with --offline: AWS is not contacted, but what needs no network is still
// read — the single sign-on token's expiry in ~/.aws/sso/cache, and the expiry of temporary
// keys in the environment (AWS_CREDENTIAL_EXPIRATION, which `aws configure export-credentials`
// and aws-vault set). Each profile the helper signs with is either `expired` (with the command
// that renews it) or `unchecked`: nothing here may read as "no credentials".

export const OFFLINE_UNCHECKED = '--offline: AWS was not contacted';

/** AWS_CREDENTIAL_EXPIRATION in the past, with environment keys that would be used: those have expired. */
function envKeysExpired(ctx: EngineContext): string | undefined {
  const at = Date.parse(ctx.env.AWS_CREDENTIAL_EXPIRATION ?? '');
  if (Number.isNaN(at) || at > ctx.now().getTime()) return undefined;
  return `The temporary AWS keys in the environment expired at ${new Date(at).toISOString()} (AWS_CREDENTIAL_EXPIRATION).`;
}

export async function probeAccountOffline(
  ctx: EngineContext,
  input: AccountProbeInput,
): Promise<AccountFacts> {
  const profiles = new Map<string, AccountProfileFacts>();
  for (const plan of planTargets(input)) {
    const key = profileKey(plan);
    if (profiles.has(key)) continue;
    const facts: AccountProfileFacts = {
      session: key,
      profile: plan.profile,
      source: plan.source,
      region: plan.region ?? 'us-east-1',
      credentials: 'unchecked',
      error: OFFLINE_UNCHECKED,
      endpoints: {},
    };
    profiles.set(key, facts);
    if (!input.awsConfig) continue;
    // Plans the credentials (files only, no provider is called): an SSO profile's token expiry is read here.
    const cred = await planCredentials(ctx, input.awsConfig, {
      profile: plan.profile,
      explicit: plan.explicit,
      region: facts.region,
    });
    if (cred.kind === 'expired-sso') {
      Object.assign(facts, {
        credentials: 'expired',
        expired: { kind: 'sso-token', loginCommand: cred.loginCommand },
        error: cred.reason,
      });
    } else if (cred.kind === 'env') {
      const expired = envKeysExpired(ctx);
      if (expired)
        Object.assign(facts, { credentials: 'expired', expired: { kind: 'temporary' }, error: expired });
    }
  }
  return { profiles: [...profiles.values()], targets: [], localSshKeys: [] };
}
