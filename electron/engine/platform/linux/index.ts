import { awsHelperLine } from '../../fixes/helper-command';
import { sudo, type OsPlatform } from '../os';
import { credentialCacheStore } from '../common/credential-cache';
import { credentialStoreFile } from '../common/credential-store';
import { gcmGpgStore, gcmPlaintextStore } from '../common/gcm-files';
import { libsecretStore } from './libsecret';
import { jetbrainsKeePassStore } from '../common/client-password-files';

export const linux: OsPlatform = {
  // A JetBrains IDE's KeePass file is only looked for (its Secret Service items are not read: ⚠).
  stores: [
    libsecretStore,
    credentialStoreFile,
    credentialCacheStore,
    gcmPlaintextStore,
    gcmGpgStore,
    jetbrainsKeePassStore,
  ],
  awsCliLocations: ['/usr/local/bin/aws', '/usr/bin/aws', '/usr/local/aws-cli/v2/current/bin/aws'],
  awsHelperCommand: awsHelperLine,
  adminCommand: sudo,
  clockFix: {
    how: 'Turn on automatic time in your desktop’s Date & Time settings, or run this command.',
    argv: ['sudo', 'timedatectl', 'set-ntp', 'true'],
  },
};
