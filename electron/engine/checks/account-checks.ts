import type { CheckDefinition } from './check';
import { accountGitCredentials, accountSshKeys } from './account-credentials';
import { accountClock, accountIdentity } from './account-identity';
import { accountPermissions, accountRepository } from './account-repository';

/** The AWS account phase (issue 6): each needs the `account` probe; all skipped with --offline. */
export const ACCOUNT_CHECKS: readonly CheckDefinition[] = [
  accountIdentity,
  accountClock,
  accountRepository,
  accountPermissions,
  accountGitCredentials,
  accountSshKeys,
];
