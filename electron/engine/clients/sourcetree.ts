import type { GitClient } from './types';

// Sourcetree brings an embedded git ("git_local") with its own system settings, or uses
// the system git by option. Started from Finder on macOS it has launchd's PATH plus its own.

const UE_PLUGIN = 'SRombauts/UEGitPlugin Source/GitSourceControl/Private/GitSourceControlUtils.cpp';

export const sourcetree: GitClient = {
  id: 'sourcetree',
  name: 'Sourcetree',
  installs: {
    win32: [
      {
        marker: {
          root: 'localAppData',
          segments: ['Atlassian', 'SourceTree', 'git_local', 'cmd', 'git.exe'],
        },
        git: { root: 'localAppData', segments: ['Atlassian', 'SourceTree', 'git_local', 'cmd', 'git.exe'] },
      },
      {
        marker: {
          root: 'localAppData',
          segments: ['Atlassian', 'SourceTree', 'git_local', 'bin', 'git.exe'],
        },
        git: { root: 'localAppData', segments: ['Atlassian', 'SourceTree', 'git_local', 'bin', 'git.exe'] },
      },
    ],
    darwin: ['Sourcetree.app', 'SourceTree.app'].map((app) => ({
      marker: { root: 'applications' as const, segments: [app, 'Contents', 'Info.plist'] },
      git: {
        root: 'applications' as const,
        segments: [app, 'Contents', 'Resources', 'git_local', 'bin', 'git'],
      },
    })),
  },
  git: { value: 'bundled', source: `${UE_PLUGIN} (git_local/bin/git.exe, <Resources>/git_local/bin/git)` },
  useSystemGit: {
    value: 'Sourcetree → Settings (Tools → Options on Windows) → Git → "Use System Git".',
    source: 'notes: git-clients-and-sign-in.md ("or the system git by option")',
    assumed: true,
  },
  helpers: { value: 'honours', source: 'notes: git-clients-and-sign-in.md', assumed: true },
  injected: { value: [], source: 'none known', assumed: true },
  injectedEnv: { value: [], source: 'none known', assumed: true },
  launch: {
    value: 'launchd',
    source:
      'hook PATH printed under Sourcetree: .../Sourcetree.app/Contents/Resources/bin:/usr/bin:...:/usr/bin:/bin:/usr/sbin:/sbin (blog, see SOURCES.md)',
  },
  extraPath: ['Sourcetree.app', 'SourceTree.app'].flatMap((app) => [
    { root: 'applications' as const, segments: [app, 'Contents', 'Resources', 'bin'] },
    { root: 'applications' as const, segments: [app, 'Contents', 'Resources', 'git_local', 'bin'] },
  ]),
  passwords: {
    value: 'Windows: its bundled Git Credential Manager and its own passwd file; macOS: the Keychain.',
    source: 'notes: git-clients-and-sign-in.md',
    assumed: true,
  },
  stores: {
    win32: ['sourcetree-passwd', 'windows-credential-manager'],
    darwin: ['macos-keychain-internet', 'macos-keychain-generic'],
  },
  clearPasswords: {
    value:
      'Close Sourcetree, then delete the passwd file named below (Sourcetree asks for the password again), or remove the account in Tools → Options → Authentication.',
    source:
      'community answers (Atlassian Community, Stack Overflow) naming %LOCALAPPDATA%\\Atlassian\\SourceTree\\passwd',
    assumed: true,
  },
  remedies: [
    {
      key: 'system-git',
      title: 'Let Sourcetree use the system git',
      description:
        'In Sourcetree\'s Git settings choose "Use System Git", so it reads the same settings as your terminal.',
      assumed: true,
    },
    {
      key: 'absolute-aws',
      title: 'Name the AWS CLI by its full path in the helper',
      description:
        'Started from Finder, Sourcetree does not see /usr/local/bin or /opt/homebrew/bin, so "aws" alone may not start.',
    },
  ],
};
