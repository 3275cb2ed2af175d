import type { GitClient } from './types';

// Tower brings its own git and says a remote command that works from the command line
// without interaction works in Tower; started from Finder it has launchd's PATH.

const UE_PLUGIN = 'SRombauts/UEGitPlugin Source/GitSourceControl/Private/GitSourceControlUtils.cpp';

export const tower: GitClient = {
  id: 'tower',
  name: 'Tower',
  installs: {
    darwin: [
      {
        marker: { root: 'applications', segments: ['Tower.app', 'Contents', 'Info.plist'] },
        git: { root: 'applications', segments: ['Tower.app', 'Contents', 'Resources', 'git', 'bin', 'git'] },
      },
    ],
    win32: [
      {
        marker: {
          root: 'programFilesX86',
          segments: ['fournova', 'Tower', 'vendor', 'Git', 'bin', 'git.exe'],
        },
        git: { root: 'programFilesX86', segments: ['fournova', 'Tower', 'vendor', 'Git', 'bin', 'git.exe'] },
      },
    ],
  },
  git: {
    value: 'bundled',
    source: `${UE_PLUGIN} (com.fournova.Tower2: <Resources>/git/bin/git; Windows: Program Files (x86)\\fournova\\Tower\\vendor\\Git\\bin\\git.exe)`,
    assumed: true,
  },
  useSystemGit: {
    value: 'Tower → Settings → Git Config → Git Binary: pick the system git.',
    source: 'not confirmed',
    assumed: true,
  },
  helpers: {
    value: 'honours',
    source:
      'notes: git-clients-and-sign-in.md ("if a remote Git command works from the command line without user interaction, it will work in Tower")',
    assumed: true,
  },
  injected: { value: [], source: 'none known', assumed: true },
  injectedEnv: { value: [], source: 'none known', assumed: true },
  launch: { value: 'launchd', source: 'macOS launchd PATH for Finder-started apps', assumed: true },
  passwords: { value: 'The macOS Keychain.', source: 'notes', assumed: true },
  stores: { darwin: ['macos-keychain-internet', 'macos-keychain-generic'] },
  remedies: [
    {
      key: 'git-credentials',
      title: 'Sign in with HTTPS Git credentials or SSH',
      description:
        'Put the user name in the address (https://<user>@git-codecommit.…) and use HTTPS Git credentials, or clone the ssh:// address.',
    },
    {
      key: 'system-git',
      title: 'Or let Tower use the git you installed',
      description:
        'Tower → Settings → Git Config → Git Binary: pick the system git, so Tower reads the same settings as your terminal.',
      assumed: true,
    },
  ],
};
