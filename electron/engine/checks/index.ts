import type { CheckDefinition } from './check';
import { awsCli } from './aws-cli';
import { awsProfile } from './aws-profile';
import { cloneAddress } from './clone-address';
import { credentialHelpers } from './credential-helpers';
import { gitInstalled } from './git-installed';
import { remoteCodecommit } from './remote-codecommit';
import { savedPasswords } from './saved-passwords';
import { sshSetup } from './ssh-setup';

/** The local checks, in the order a person reads them. Adding a check = one file + one line here. */
export const LOCAL_CHECKS: readonly CheckDefinition[] = [
  gitInstalled,
  cloneAddress,
  credentialHelpers,
  awsCli,
  awsProfile,
  savedPasswords,
  sshSetup,
  remoteCodecommit,
];
