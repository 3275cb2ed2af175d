import { awsHelperLine, type AwsHelperOptions } from '../../fixes/helper-command';
import type { OsPlatform } from '../os';
import { credentialCacheStore } from '../common/credential-cache';
import { credentialStoreFile } from '../common/credential-store';
import { gcmDpapiStore, gcmPlaintextStore } from '../common/gcm-files';
import { credentialManagerStore } from './credential-manager';
import { githubDesktopCredentialStore } from './github-desktop-credman';
import { jetbrainsKeePassStore, sourcetreePasswdStore } from '../common/client-password-files';

export const win32: OsPlatform = {
  // git's own store and cache helpers ship with Git for Windows too; GCM's file stores are
  // DPAPI (Windows only) and plaintext.
  stores: [
    credentialManagerStore,
    credentialStoreFile,
    credentialCacheStore,
    gcmDpapiStore,
    gcmPlaintextStore,
    // GUI clients' own (clients/*.ts `stores`): Desktop's targets, files only looked for.
    githubDesktopCredentialStore,
    jetbrainsKeePassStore,
    sourcetreePasswdStore,
  ],
  // AWS CLI v2's MSI, then the v1 MSIs (64- and 32-bit), which shipped only aws.cmd.
  awsCliLocations: [
    'C:\\Program Files\\Amazon\\AWSCLIV2\\aws.exe',
    'C:\\Program Files\\Amazon\\AWSCLI\\bin\\aws.cmd',
    'C:\\Program Files (x86)\\Amazon\\AWSCLI\\bin\\aws.cmd',
  ],
  // Forward slashes inside the double quotes: git's sh would eat backslashes (the AWS
  // guide's `\"C:\\Program Files\\…\"` form is the same thing escaped for cmd).
  awsHelperCommand: (opts: AwsHelperOptions = {}) =>
    awsHelperLine({ ...opts, ...(opts.program ? { program: opts.program.replace(/\\/g, '/') } : {}) }),
  adminCommand: (argv) => ({ argv, how: 'Run as administrator' }),
  clockFix: {
    how: 'Open Settings › Time & language › Date & time, turn on “Set time automatically”, then press “Sync now”.',
  },
};
