import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { externalDataInterceptor, getHomeDir, loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';
import { readRegularText } from '../safe-read';

// The AWS SDK reads ~/.aws/config and ~/.aws/credentials itself, with a plain readFile: for
// fromIni's profile, and for every client's own settings (retry mode, FIPS, app id…) at the
// process's AWS_CONFIG_FILE or HOME. A FIFO there hangs it, /dev/zero fills the memory. The
// SDK's loader first looks a path up in its external-data interceptor, so the engine puts there
// the bytes its safe reader read: the SDK parses exactly those and never opens the files.

type Section = Record<string, string | undefined>;
export interface SharedFiles {
  configFile: Record<string, Section>;
  credentialsFile: Record<string, Section>;
}

/** Far above any real AWS settings file (an organisation's hundreds of profiles are a few hundred KiB). */
export const MAX_AWS_FILE_BYTES = 4 * 1024 * 1024;

function files(): Record<string, Promise<string> | undefined> {
  return externalDataInterceptor.getFileRecord() as Record<string, Promise<string> | undefined>;
}

/** The SDK's own parse of two texts (profiles, sso-session and services sections), without a file. */
export async function parseSharedFiles(text: { config: string; credentials: string }): Promise<SharedFiles> {
  // Paths nobody else uses, removed at once: concurrent scans never see each other's text.
  const key = `codecommit-doctor-parse:${randomUUID()}`;
  const configFilepath = `${key}/config`;
  const filepath = `${key}/credentials`;
  const record = files();
  externalDataInterceptor.interceptFile(configFilepath, text.config);
  externalDataInterceptor.interceptFile(filepath, text.credentials);
  try {
    return (await loadSharedConfigFiles({ configFilepath, filepath, ignoreCache: true })) as SharedFiles;
  } finally {
    delete record[configFilepath];
    delete record[filepath];
  }
}

/** Where the SDK's clients look on their own: the process's AWS_CONFIG_FILE / HOME, as the SDK resolves them. */
function processDefaults(): string[] {
  const home = getHomeDir();
  const expand = (p: string) => (p.startsWith('~/') ? path.join(home, p.slice(2)) : p);
  return [
    expand(process.env.AWS_CONFIG_FILE || path.join(home, '.aws', 'config')),
    expand(process.env.AWS_SHARED_CREDENTIALS_FILE || path.join(home, '.aws', 'credentials')),
  ];
}

/**
 * Before any SDK credential provider or client runs: the AWS files of the scan and of the
 * process, read now through the safe reader, become what the SDK reads for those paths ('' for
 * one that is missing, refused or unreadable — the AWS profile check already says which).
 * Refreshed on every call, so a later scan sees the files as they are then.
 */
export async function shieldSdkFiles(paths: { configFile: string; credentialsFile: string }): Promise<void> {
  const all = [...new Set([paths.configFile, paths.credentialsFile, ...processDefaults()])];
  const texts = await Promise.all(
    all.map((p) => readRegularText(p, { maxBytes: MAX_AWS_FILE_BYTES }).catch(() => '')),
  );
  all.forEach((p, i) => externalDataInterceptor.interceptFile(p, texts[i] ?? ''));
}
