import type { Evidence } from '../engine/model';

// The message a person sends an administrator when IAM denies them git access: who they
// are, which repository, what is missing, and the policy that grants exactly that. It carries
// the real account ID and ARNs — it goes to the person's own administrator; redaction is
// for the report they share more widely.

type Policy = Extract<Evidence, { kind: 'policy' }>;

function actionsOf(document: string): string[] {
  try {
    const parsed = JSON.parse(document) as { Statement?: { Action?: string | string[] }[] };
    return (parsed.Statement ?? []).flatMap((s) =>
      Array.isArray(s.Action) ? s.Action : s.Action ? [s.Action] : [],
    );
  } catch {
    return [];
  }
}

/** The 12-digit account in an ARN (`arn:aws:iam::123456789012:user/x`). */
export function accountOf(arn: string | undefined): string | undefined {
  return arn ? /^arn:[^:]+:[^:]*:[^:]*:(\d{12}):/.exec(arn)?.[1] : undefined;
}

export function adminMessage(policy: Policy): string {
  const actions = actionsOf(policy.document);
  const who = policy.principal ?? 'my AWS identity';
  const repo = policy.resource ?? 'the repository';
  const account = accountOf(policy.resource) ?? accountOf(policy.principal);
  return [
    'Hello,',
    '',
    `Git cannot use the CodeCommit repository ${repo} for me: CodeCommit answers 403 because my AWS identity ${who} is not allowed ${actions.length ? actions.join(' and ') : 'to use it'} (IAM's policy simulator says so; checked with CodeCommit Doctor).`,
    '',
    `Could you attach this policy to ${who}${account ? ` in account ${account}` : ''}, or give the same access another way? It allows only ${actions.length ? actions.join(' and ') : 'git access'} on this one repository.`,
    '',
    policy.document,
    '',
    'Thank you.',
  ].join('\n');
}
