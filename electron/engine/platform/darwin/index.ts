import { awsHelperLine } from '../../fixes/helper-command';
import { sudo, type OsPlatform } from '../os';
import { credentialCacheStore } from '../common/credential-cache';
import { credentialStoreFile } from '../common/credential-store';
import { gcmGpgStore, gcmPlaintextStore } from '../common/gcm-files';
import { keychainGenericStore, keychainInternetStore } from './keychain';
import { githubDesktopKeychainStore, jetbrainsKeychainStore } from './client-keychain';
import { jetbrainsKeePassStore } from '../common/client-password-files';

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
    // GUI clients' own (clients/*.ts `stores`): read from the same Keychain, or only looked for.
    githubDesktopKeychainStore,
    jetbrainsKeychainStore,
    jetbrainsKeePassStore,
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
