import { accountGitCredentials, accountSshKeys } from './account-credentials';
import { accountClock, accountIdentity } from './account-identity';
import { accountPermissions, accountRepository } from './account-repository';
import { awsCli } from './aws-cli';
import { awsProfile } from './aws-profile';
import { awsSignIn } from './aws-sign-in';
import type { CheckDefinition, CodeEntry } from './check';
import { accountProfile, codecommitProfile } from './codecommit-profile';
import { clientBundledConfig } from './client-bundled-config';
import { clientIgnoresHelpers } from './client-ignores-helpers';
import { clientLaunchEnvironment } from './client-launch-environment';
import { clientReplacesHelpers } from './client-replaces-helpers';
import { clientSavedPasswords } from './client-saved-passwords';
import { cloneAddress } from './clone-address';
import { codecommitAddress } from './codecommit-address';
import { credentialHelpers } from './credential-helpers';
import { gitInstalled } from './git-installed';
import { helperWrapper } from './helper-wrapper';
import { liveClone } from './live-clone';
import { remoteCodecommit } from './remote-codecommit';
import { repositoryFolder } from './repository-folder';
import { savedPasswords } from './saved-passwords';
import { sshAlgorithms } from './ssh-algorithms';
import { sshSetup } from './ssh-setup';
import { submodules } from './submodules';

/**
 * Every check, in the order a person reads them; the key is the check's id in reports.
 * Adding a cause = its check file + one line here: the finding codes, the catalog and the
 * planners all come from the checks listed here (model.ts derives `FindingCode` from it).
 */
export const CHECKS = {
  // The live check (issue 12): what git says right now; the report opens with it.
  'live-clone': liveClone,
  git: gitInstalled,
  repository: repositoryFolder,
  address: cloneAddress,
  'codecommit-address': codecommitAddress,
  helpers: credentialHelpers,
  'helper-wrapper': helperWrapper,
  // The user's own Git client (issue 13): each skipped unless --client names one.
  'client-helpers': clientReplacesHelpers,
  'client-engine': clientIgnoresHelpers,
  'client-git-config': clientBundledConfig,
  'client-environment': clientLaunchEnvironment,
  'client-passwords': clientSavedPasswords,
  'aws-cli': awsCli,
  'aws-profile': awsProfile,
  'aws-sign-in': awsSignIn,
  stores: savedPasswords,
  ssh: sshSetup,
  'ssh-algorithms': sshAlgorithms,
  'remote-codecommit': remoteCodecommit,
  submodules,
  'codecommit-profile': codecommitProfile,
  // The AWS account phase (issue 6): each needs the `account` probe; all skipped with --offline.
  'account-identity': accountIdentity,
  'account-clock': accountClock,
  'account-repository': accountRepository,
  'account-profile': accountProfile,
  'account-permissions': accountPermissions,
  'account-git-credentials': accountGitCredentials,
  'account-ssh-keys': accountSshKeys,
};

export type { CheckId, FindingCode } from '../model';
import type { CheckId, FindingCode } from '../model';

/** A check as the scan runs it: its registry id beside it. */
export interface RegisteredCheck {
  id: CheckId;
  check: CheckDefinition<FindingCode>;
}

export const REGISTERED: readonly RegisteredCheck[] = Object.entries(CHECKS).map(([id, check]) => ({
  id: id as CheckId,
  check: check as unknown as CheckDefinition<FindingCode>,
}));

/** Every finding code, in catalog order (the README table's order). */
export const FINDING_CODES: readonly FindingCode[] = REGISTERED.flatMap(
  (r) => Object.keys(r.check.codes) as FindingCode[],
);

/** A code's catalog entry and planner, from the check that owns it. */
export function catalogEntry(code: FindingCode): CodeEntry<FindingCode> {
  const owner = REGISTERED.find((r) => Object.hasOwn(r.check.codes, code));
  if (!owner) throw new Error(`finding code without an owning check: ${code}`);
  return owner.check.codes[code] as CodeEntry<FindingCode>;
}
