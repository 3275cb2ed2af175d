import type { GitClient, Remedy } from './types';

// Clients that are not git at all: Eclipse's EGit uses JGit, GitKraken its own libgit2-based
// engine. `credential.helper` means nothing to them (aws/aws-toolkit-eclipse #23); they ask
// for a user name and password themselves.

const IGNORES =
  'aws/aws-toolkit-eclipse #23 (JGit); notes: git-clients-and-sign-in.md (libgit2/go-git tools, eks-anywhere PR #472)';

const REMEDIES: readonly Remedy[] = [
  {
    key: 'git-credentials',
    title: 'Sign in with HTTPS Git credentials',
    description:
      'Create HTTPS Git credentials for your IAM user (IAM console → Users → Security credentials → "HTTPS Git credentials for AWS CodeCommit") and enter them when the client asks for a user name and password.',
  },
  {
    key: 'ssh',
    title: 'Clone with SSH',
    description: 'Upload an SSH public key to your IAM user and clone the ssh:// address.',
  },
];

const common = {
  git: { value: 'in-process' as const, source: IGNORES },
  helpers: { value: 'ignores' as const, source: IGNORES },
  injected: { value: [], source: IGNORES },
  injectedEnv: { value: [], source: IGNORES },
  launch: { value: 'launchd' as const, source: 'not relevant: no helper runs', assumed: true },
  remedies: REMEDIES,
};

export const eclipse: GitClient = {
  id: 'eclipse',
  name: 'Eclipse (EGit)',
  installs: {
    darwin: [{ marker: { root: 'applications', segments: ['Eclipse.app', 'Contents', 'Info.plist'] } }],
    win32: [{ marker: { root: 'home', segments: ['eclipse', '*', 'eclipse', 'eclipse.exe'] } }],
  },
  passwords: { value: "Eclipse's secure storage.", source: 'not confirmed', assumed: true },
  // Its secure storage is not read: no store the doctor can list.
  stores: {},
  clearPasswords: {
    value:
      'Preferences → General → Security → Secure Storage → Contents: delete the entry for the CodeCommit address.',
    source: 'not confirmed',
    assumed: true,
  },
  ...common,
};

export const gitkraken: GitClient = {
  id: 'gitkraken',
  name: 'GitKraken',
  installs: {
    darwin: [{ marker: { root: 'applications', segments: ['GitKraken.app', 'Contents', 'Info.plist'] } }],
    win32: [{ marker: { root: 'localAppData', segments: ['gitkraken', 'app-*', 'gitkraken.exe'] } }],
  },
  passwords: { value: "GitKraken's own profile.", source: 'not confirmed', assumed: true },
  stores: {},
  ...common,
};
