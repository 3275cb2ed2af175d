import { awsHelperLine } from '../../fixes/helper-command';
import { sudo, type OsPlatform } from '../os';
import { credentialCacheStore } from '../common/credential-cache';
import { credentialStoreFile } from '../common/credential-store';
import { gcmGpgStore, gcmPlaintextStore } from '../common/gcm-files';
import { libsecretStore } from './libsecret';

export const linux: OsPlatform = {
  stores: [libsecretStore, credentialStoreFile, credentialCacheStore, gcmPlaintextStore, gcmGpgStore],
  awsCliLocations: ['/usr/local/bin/aws', '/usr/bin/aws', '/usr/local/aws-cli/v2/current/bin/aws'],
  awsHelperCommand: awsHelperLine,
  adminCommand: sudo,
  clockFix: {
    how: 'Turn on automatic time in your desktop’s Date & Time settings, or run this command.',
    argv: ['sudo', 'timedatectl', 'set-ntp', 'true'],
  },
};
