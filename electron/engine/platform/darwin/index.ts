import { awsHelperLine } from '../../fixes/helper-command';
import { sudo, type OsPlatform } from '../os';
import { keychainGenericStore, keychainInternetStore } from './keychain';

export const darwin: OsPlatform = {
  stores: [keychainInternetStore, keychainGenericStore],
  // The AWS CLI v2 .pkg links /usr/local/bin/aws; Homebrew uses /opt/homebrew (Apple
  // silicon) or /usr/local (Intel).
  awsCliLocations: ['/usr/local/bin/aws', '/opt/homebrew/bin/aws', '/usr/local/aws-cli/aws'],
  awsHelperCommand: awsHelperLine,
  adminCommand: sudo,
  clockFix: {
    how: 'Open System Settings › General › Date & Time and turn on “Set time and date automatically”.',
  },
};
