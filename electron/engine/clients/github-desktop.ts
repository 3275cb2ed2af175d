import type { GitClient } from './types';

// GitHub Desktop runs dugite's bundled git with its own credential helper put first, so
// no helper from the user's settings ever runs there (desktop/desktop #10486, #13787).

const DESKTOP = 'desktop/desktop';

export const githubDesktop: GitClient = {
  id: 'github-desktop',
  name: 'GitHub Desktop',
  installs: {
    darwin: [
      {
        marker: { root: 'applications', segments: ['GitHub Desktop.app', 'Contents', 'Info.plist'] },
        git: {
          root: 'applications',
          segments: ['GitHub Desktop.app', 'Contents', 'Resources', 'app', 'git', 'bin', 'git'],
        },
        execPath: ['libexec', 'git-core'],
      },
    ],
    win32: [
      {
        // docs/installation.md (%LOCALAPPDATA%\GitHubDesktop\), docs/technical/proxies.md (app-2.3.1\resources\app\git\cmd).
        marker: {
          root: 'localAppData',
          segments: ['GitHubDesktop', 'app-*', 'resources', 'app', 'git', 'cmd', 'git.exe'],
        },
        git: {
          root: 'localAppData',
          segments: ['GitHubDesktop', 'app-*', 'resources', 'app', 'git', 'cmd', 'git.exe'],
        },
        execPath: ['mingw64', 'libexec', 'git-core'],
      },
    ],
  },
  git: {
    value: 'bundled',
    source: `${DESKTOP} app/src/ui/index.tsx (LOCAL_GIT_DIRECTORY = <app>/git), desktop/dugite lib/git-environment.ts (bin/git, cmd\\git.exe)`,
  },
  useSystemGit: {
    value: 'GitHub Desktop has no setting to use another git: it always sets LOCAL_GIT_DIRECTORY to its own.',
    source: `${DESKTOP} app/src/ui/index.tsx`,
  },
  helpers: {
    value: 'replaces',
    source: `${DESKTOP} app/src/lib/trampoline/trampoline-environment.ts (GIT_CONFIG_PARAMETERS 'credential.helper=' 'credential.helper=desktop')`,
  },
  injected: {
    value: [
      { key: 'credential.helper', value: '' },
      { key: 'credential.helper', value: 'desktop' },
    ],
    source: `${DESKTOP} app/src/lib/trampoline/trampoline-environment.ts`,
  },
  injectedEnv: {
    value: ['GIT_ASKPASS', 'DESKTOP_PORT', 'DESKTOP_TRAMPOLINE_TOKEN'],
    source: `${DESKTOP} app/src/lib/trampoline/trampoline-environment.ts`,
  },
  conditional: {
    value:
      'With "Use Git Credential Manager" (Settings → Advanced) its own helper hands passwords for hosts other than GitHub to Git Credential Manager; the AWS helper still never runs.',
    source: `${DESKTOP} app/src/lib/trampoline/trampoline-credential-helper.ts, app/src/lib/git/credential.ts`,
  },
  launch: {
    value: 'launchd',
    source: 'electron/electron #9047 (a Finder-started Electron app gets /usr/bin:/bin:/usr/sbin:/sbin)',
  },
  passwords: {
    value:
      'In the system keychain under "GitHub - <address>" with your user name (or in Git Credential Manager when that setting is on).',
    source: `${DESKTOP} app/src/lib/auth.ts (getKeyForEndpoint), app/src/lib/generic-git-auth.ts`,
  },
  stores: {
    darwin: ['github-desktop-keychain', 'macos-keychain-generic'],
    win32: ['github-desktop-credential-manager', 'windows-credential-manager'],
  },
  remedies: [
    {
      key: 'git-credentials',
      title: 'Sign in with HTTPS Git credentials',
      description:
        'Create HTTPS Git credentials for your IAM user (IAM console → Users → Security credentials → "HTTPS Git credentials for AWS CodeCommit"). When GitHub Desktop asks for a user name and password for this address, enter those; it keeps them in the keychain for you.',
    },
    {
      key: 'ssh',
      title: 'Clone with SSH',
      description:
        'Upload an SSH public key to your IAM user and clone the ssh:// address; GitHub Desktop uses your ~/.ssh/config and keys.',
    },
  ],
};
