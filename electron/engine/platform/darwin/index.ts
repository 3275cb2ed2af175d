import { awsHelperLine } from '../../fixes/helper-command';
import { sudo, type OsPlatform } from '../os';
import { credentialCacheStore } from '../common/credential-cache';
import { credentialStoreFile } from '../common/credential-store';
import { gcmGpgStore, gcmPlaintextStore } from '../common/gcm-files';
import { keychainGenericStore, keychainInternetStore } from './keychain';

export const darwin: OsPlatform = {
  // git's own store and cache helpers exist here too (git-credential-store(1),
  // git-credential-cache(1)); GCM's file stores are plaintext and gpg/pass (POSIX only).
  stores: [
    keychainInternetStore,
    keychainGenericStore,
    credentialStoreFile,
    credentialCacheStore,
    gcmPlaintextStore,
    gcmGpgStore,
  ],
  // The AWS CLI v2 .pkg links /usr/local/bin/aws; Homebrew uses /opt/homebrew (Apple
  // silicon) or /usr/local (Intel).
  awsCliLocations: ['/usr/local/bin/aws', '/opt/homebrew/bin/aws', '/usr/local/aws-cli/aws'],
  awsHelperCommand: awsHelperLine,
  adminCommand: sudo,
  clockFix: {
    how: 'Open System Settings › General › Date & Time and turn on “Set time and date automatically”.',
  },
};
