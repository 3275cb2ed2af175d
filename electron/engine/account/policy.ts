// The smallest IAM policy that lets an identity use one repository with git, for a person to
// hand to an administrator. Only codecommit:GitPull/GitPush on the one repository ARN: the
// CodeCommit user guide's "auth-and-access-control-permissions-reference" lists these two as
// the actions git over HTTPS and SSH needs.

export function minimalGitPolicy(
  repoArn: string,
  actions: ('codecommit:GitPull' | 'codecommit:GitPush')[],
): string {
  return JSON.stringify(
    {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: actions.length === 1 ? actions[0] : actions, Resource: repoArn },
      ],
    },
    null,
    2,
  );
}

export function repositoryArn(partition: string, region: string, account: string, repo: string): string {
  return `arn:${partition}:codecommit:${region}:${account}:${repo}`;
}

/**
 * SimulatePrincipalPolicy takes a user, group or role ARN: an assumed-role session
 * `arn:aws:sts::A:assumed-role/R/S` maps to its role. The role's path is not in the session
 * ARN; `withPath` (from iam:GetRole) gives the exact ARN when it could be read.
 */
export function principalOf(arn: string, withPath?: string): string {
  const m = /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\/.+$/.exec(arn);
  if (!m) return arn;
  return withPath ?? `arn:${m[1]}:iam::${m[2]}:role/${m[3]}`;
}

/** IAM user name from a user ARN (`…:user/path/name` → name). */
export function userNameOf(arn: string): string | undefined {
  const m = /^arn:[^:]+:iam::\d{12}:user\/(?:.*\/)?([^/]+)$/.exec(arn);
  return m?.[1];
}
