import { createHash } from 'node:crypto';
import type { LabIdentity, LabRepo, LabState } from '../state';
import { evaluate, policyPrincipal, repoArn } from '../state';
import { apiError, type ApiError } from './wire';

// CodeCommit's control plane (JSON 1.1, target prefix CodeCommit_20150413). A repository
// exists per account and region: the region is the one the request was signed for, so a
// CLI/profile region other than the repository's gets RepositoryDoesNotExistException.

/** The Lab's repositories have no real creation time; a fixed one keeps replies stable. */
const LAB_CREATION_EPOCH_S = 1705311000;

function cloneHost(region: string): string {
  return `git-codecommit.${region}.amazonaws.com${region.startsWith('cn-') ? '.cn' : ''}`;
}

/** Stable UUID-shaped id per repository ARN (CodeCommit ids are UUIDs). */
function repositoryId(arn: string): string {
  const h = createHash('sha256').update(arn).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function repositoryMetadata(repo: LabRepo): Record<string, unknown> {
  const arn = repoArn(repo);
  return {
    accountId: repo.account,
    repositoryId: repositoryId(arn),
    repositoryName: repo.name,
    defaultBranch: 'main',
    lastModifiedDate: LAB_CREATION_EPOCH_S,
    creationDate: LAB_CREATION_EPOCH_S,
    cloneUrlHttp: `https://${cloneHost(repo.region)}/v1/repos/${repo.name}`,
    cloneUrlSsh: `ssh://${cloneHost(repo.region)}/v1/repos/${repo.name}`,
    Arn: arn,
    // Newer API versions (KMS support, 2024) return it; the CLI 2.9.19 model drops it.
    kmsKeyId: repo.kmsKeyId ?? 'alias/aws/codecommit',
  };
}

export function getRepository(
  state: LabState,
  identity: LabIdentity,
  region: string,
  input: unknown,
): Record<string, unknown> | ApiError {
  const name =
    typeof input === 'object' &&
    input !== null &&
    typeof (input as { repositoryName?: unknown }).repositoryName === 'string'
      ? (input as { repositoryName: string }).repositoryName
      : '';
  if (!name) return apiError('RepositoryNameRequiredException', 400, 'A repository name is required.');
  if (!/^[\w.-]{1,100}$/.test(name) || name.endsWith('.git')) {
    return apiError('InvalidRepositoryNameException', 400, `${name} is not a valid repository name.`);
  }
  const arn = repoArn({ name, region, account: identity.account, gitDir: '' });
  const decision = evaluate(state, policyPrincipal(identity), 'codecommit:GetRepository', arn);
  if (decision !== 'allowed') {
    const why =
      decision === 'explicitDeny'
        ? 'with an explicit deny in an identity-based policy'
        : 'because no identity-based policy allows the codecommit:GetRepository action';
    return apiError(
      'AccessDeniedException',
      400,
      `User: ${identity.arn} is not authorized to perform: codecommit:GetRepository on resource: ${arn} ${why}`,
    );
  }
  const repo = state.repos.find(
    (r) => r.name === name && r.region === region && r.account === identity.account,
  );
  // Message as CodeCommit words it is not verified here; the code and status are the model's.
  if (!repo) return apiError('RepositoryDoesNotExistException', 400, `${name} does not exist`);
  if (repo.kmsAccessDenied) {
    return apiError('EncryptionKeyAccessDeniedException', 400, 'An encryption key could not be accessed.');
  }
  return { repositoryMetadata: repositoryMetadata(repo) };
}
