// The environment variables a recording keeps: those the engine reads (where programs,
// settings, stores and AWS files are; which profile and region), never the rest of the
// environment (a GITHUB_TOKEN, a proxy password). tests/unit/recording-env.test.ts reads the
// engine's sources and fails when the engine reads a variable this list does not cover.

const NAMES = [
  'HOME',
  'USERPROFILE',
  'HOMEDRIVE',
  'HOMEPATH',
  'PATH',
  'PATHEXT',
  'USER',
  'USERNAME',
  'LOGNAME',
  'SUDO_UID',
  'SUDO_USER',
  'SHELL',
  'APPDATA',
  'LOCALAPPDATA',
  'PROGRAMDATA',
  'PROGRAMFILES',
  'PROGRAMFILES(X86)',
  'PROGRAMW6432',
  'SYSTEMROOT',
  'WINDIR',
  'COMSPEC',
  'DBUS_SESSION_BUS_ADDRESS',
  'TERM_PROGRAM',
  'WT_SESSION',
  // Container roles the AWS SDK's chain would use (issue 12 §2 cause 3): set, not secret.
  'CODEBUILD_BUILD_ID',
  'ECS_CONTAINER_METADATA_URI',
  'ECS_CONTAINER_METADATA_URI_V4',
];

const PREFIXES = ['AWS_', 'GIT_', 'GCM_', 'XDG_', 'SSH_', 'CODECOMMIT_DOCTOR_'];

// Values that are secrets: kept as `***` so the engine still sees that they are set.
const SECRET =
  /(?:^|_)(?:SECRET_ACCESS_KEY|SESSION_TOKEN|SECURITY_TOKEN|AUTHORIZATION_TOKEN|TOKEN|SECRET|PASSWORD|PASSWD|PASSPHRASE)$/i;

/** Whether a recording keeps this variable (Windows names in any case). */
export function isRecordedVariable(name: string): boolean {
  const upper = name.toUpperCase();
  return NAMES.includes(upper) || PREFIXES.some((p) => upper.startsWith(p));
}

/** Whether the variable's value is a secret (only its presence is kept). */
export function isSecretVariable(name: string): boolean {
  return SECRET.test(name);
}

/** Variables holding git settings (`GIT_CONFIG_PARAMETERS`, `GIT_CONFIG_VALUE_<n>`): a helper command may be in them. */
export function holdsGitSettings(name: string): boolean {
  return /^GIT_CONFIG_(PARAMETERS|VALUE_\d+)$/i.test(name);
}

/** The variables a recording keeps, as they are (redaction comes after). */
export function recordedEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && isRecordedVariable(k)) out[k] = v;
  return out;
}
