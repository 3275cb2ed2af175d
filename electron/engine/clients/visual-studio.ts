import type { GitClient, InstallLayout } from './types';

// Visual Studio 2019 and later run the Git for Windows they bring (Team Explorer\Git),
// with that copy's own system settings; Visual Studio 2017 and older used libgit2, which
// ignores credential helpers.

const TEAM_EXPLORER_GIT = [
  'Common7',
  'IDE',
  'CommonExtensions',
  'Microsoft',
  'TeamFoundation',
  'Team Explorer',
  'Git',
  'cmd',
  'git.exe',
];

/** `<Program Files>\Microsoft Visual Studio\<2022|18|…>\<Community|Professional|Enterprise>\…`. */
function under(root: 'programFiles' | 'programFilesX86'): InstallLayout {
  const git = { root, segments: ['Microsoft Visual Studio', '*', '*', ...TEAM_EXPLORER_GIT] };
  return { marker: git, git };
}

export const visualStudio: GitClient = {
  id: 'visual-studio',
  name: 'Visual Studio',
  installs: { win32: [under('programFiles'), under('programFilesX86')] },
  git: {
    value: 'bundled',
    source:
      'notes: git-clients-and-sign-in.md (…\\Common7\\IDE\\CommonExtensions\\Microsoft\\TeamFoundation\\Team Explorer\\Git\\cmd\\git.exe); scripts in public repositories name it under Program Files\\Microsoft Visual Studio\\2022|18\\<edition> and Program Files (x86)\\…\\2017|2019 (SOURCES.md)',
  },
  useSystemGit: {
    value: 'Visual Studio uses the Git for Windows on PATH when one is installed, else its own.',
    source: 'not confirmed',
    assumed: true,
  },
  helpers: {
    value: 'honours',
    source:
      'notes: git-clients-and-sign-in.md (its bundled Git for Windows settings name Git Credential Manager)',
    assumed: true,
  },
  injected: { value: [], source: 'none known', assumed: true },
  injectedEnv: { value: [], source: 'none known', assumed: true },
  launch: {
    value: 'launchd',
    source: 'Windows only: programs started from the Start menu get the PATH saved for your account',
  },
  passwords: {
    value: 'Windows Credential Manager, through Git Credential Manager.',
    source: 'notes',
    assumed: true,
  },
  stores: { win32: ['windows-credential-manager', 'gcm-dpapi', 'gcm-plaintext'] },
  remedies: [
    {
      key: 'git-credentials',
      title: 'Sign in with HTTPS Git credentials',
      description:
        'Create HTTPS Git credentials for your IAM user (the AWS Toolkit for Visual Studio can create them) and enter them when Visual Studio asks.',
    },
    {
      key: 'system-git',
      title: 'Or install Git for Windows',
      description:
        'With Git for Windows installed, Visual Studio uses it instead of its own copy, and reads the same settings as your terminal.',
      assumed: true,
    },
  ],
};
