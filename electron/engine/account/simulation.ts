import { GetRoleCommand, SimulatePrincipalPolicyCommand } from '@aws-sdk/client-iam';
import type { AccountIdentity, AccountTargetFacts, PolicyDecision } from '../model';
import { callFailure } from './aws-clients';
import { principalOf } from './policy';
import type { AccountSession, ProfileSession } from './session';

// Whether IAM lets the identity GitPull/GitPush one repository, asked the way IAM itself would
// decide (SimulatePrincipalPolicy). When the identity may not simulate, the answer is
// "could not check", never a guess.

export type Simulation = NonNullable<AccountTargetFacts['simulation']>;

type SimulationSession = Pick<AccountSession, 'iam' | 'once' | 'call'>;

const GIT_ACTIONS = ['codecommit:GitPull', 'codecommit:GitPush'];

export async function simulateGit(
  session: SimulationSession,
  p: ProfileSession,
  id: AccountIdentity,
  resourceArn: string,
): Promise<Simulation> {
  await resolveRole(session, p, id);
  try {
    const r = await session.call(p.credentials, (abortSignal) =>
      session.iam(p).send(
        new SimulatePrincipalPolicyCommand({
          PolicySourceArn: id.principalArn,
          ActionNames: GIT_ACTIONS,
          ResourceArns: [resourceArn],
        }),
        { abortSignal },
      ),
    );
    return {
      status: 'ok',
      resourceArn,
      policySourceArn: id.principalArn,
      ...decisionsOf(r.EvaluationResults),
    };
  } catch (e) {
    const failure = callFailure(e);
    return { status: failure.status, resourceArn, policySourceArn: id.principalArn, error: failure.error };
  }
}

/** GitPull's and GitPush's decisions from SimulatePrincipalPolicy's results (action names in any case). */
export function decisionsOf(
  results: { EvalActionName?: string; EvalDecision?: string }[] | undefined,
): Pick<Simulation, 'pull' | 'push'> {
  const decision = (action: string): PolicyDecision | undefined => {
    const d = results?.find((x) => x.EvalActionName?.toLowerCase() === action)?.EvalDecision;
    return d === 'allowed' || d === 'explicitDeny' || d === 'implicitDeny' ? d : undefined;
  };
  const out: Pick<Simulation, 'pull' | 'push'> = {};
  const pull = decision('codecommit:gitpull');
  const push = decision('codecommit:gitpush');
  if (pull) out.pull = pull;
  if (push) out.push = push;
  return out;
}

/**
 * Assumed roles: the exact role ARN (with its path) needs iam:GetRole, asked once per role for
 * the whole phase; without it the path-less ARN is right for every role created without a
 * path (the default).
 */
async function resolveRole(
  session: SimulationSession,
  p: ProfileSession,
  id: AccountIdentity,
): Promise<void> {
  const role = principalOf(id.arn);
  if (role === id.arn) return;
  id.principalArn = await session.once(`role\u0000${role}`, async () => {
    try {
      const roleName = role.split(':role/')[1] ?? '';
      const r = await session.call(p.credentials, (abortSignal) =>
        session.iam(p).send(new GetRoleCommand({ RoleName: roleName }), { abortSignal }),
      );
      return principalOf(id.arn, r.Role?.Arn);
    } catch {
      return role;
    }
  });
}
