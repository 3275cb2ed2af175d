import type { GitClient } from './types';

// Fork brings its own git ("git instance") with its own system settings, which set
// Git Credential Manager as the helper; the helpers in that file come before yours.

const TRACKER = 'fork-dev/TrackerWin';

export const fork: GitClient = {
  id: 'fork',
  name: 'Fork',
  installs: {
    win32: [
      {
        marker: { root: 'localAppData', segments: ['Fork', 'Fork.exe'] },
        git: { root: 'localAppData', segments: ['Fork', 'gitInstance', '*', 'bin', 'git.exe'] },
      },
    ],
    darwin: [
      {
        marker: { root: 'applications', segments: ['Fork.app', 'Contents', 'Info.plist'] },
        git: {
          root: 'applications',
          segments: ['Fork.app', 'Contents', 'Resources', 'git-instance', 'bin', 'git'],
        },
      },
    ],
  },
  git: {
    value: 'bundled',
    source: `${TRACKER} #964, #2730 (%LOCALAPPDATA%\\Fork\\gitInstance\\<version>\\bin\\git.exe); #601 (%localappdata%\\fork\\fork.exe); fork-dev/Tracker #67 (Fork.app/Contents/Resources/git-instance, macOS, 2017)`,
  },
  useSystemGit: {
    value: 'Fork → Preferences → Git → Git Instance: pick the git you installed (Fork 1.40 and later).',
    source: `${TRACKER} #485, #923 ("File -> Preferences -> Git")`,
  },
  helpers: {
    value: 'honours',
    source: `${TRACKER} #350 ("Fork doesn't override credential.helper"); its instance's etc/gitconfig sets helper = manager (#923, #1388, #1776)`,
  },
  injected: { value: [], source: `${TRACKER} #1915 (none while no account is set up in File → Accounts)` },
  injectedEnv: { value: ['GIT_ASKPASS'], source: `${TRACKER} #1998 (Fork.AskPass.exe)` },
  conditional: {
    value:
      'When an account is set up in Fork (File → Accounts), Fork adds credential.helper=manager-core to every git command; whether it empties the list first is not known.',
    source: `${TRACKER} #1915, #1776`,
    assumed: true,
  },
  launch: {
    value: 'launchd',
    source: 'macOS launchd PATH for Finder-started apps (electron/electron #9047)',
    assumed: true,
  },
  passwords: {
    value: 'Git Credential Manager (Windows Credential Manager), or the macOS Keychain.',
    source: `${TRACKER} #923; fork-dev/Tracker #1397`,
  },
  stores: {
    win32: ['windows-credential-manager', 'gcm-dpapi', 'gcm-plaintext'],
    darwin: ['macos-keychain-generic', 'macos-keychain-internet'],
  },
  remedies: [
    {
      key: 'own-settings',
      title: "Keep the AWS helper in your own settings, not in Fork's",
      description:
        'Fork\'s updates rewrite its instance\'s settings file (fork-dev/TrackerWin #530): put the AWS helper for CodeCommit in your own settings (git config --global), behind an empty "helper =" line for the CodeCommit host.',
    },
    {
      key: 'no-accounts',
      title: 'Do not add an account for this host in Fork',
      description:
        'An account in File → Accounts makes Fork add Git Credential Manager to every command, after your settings.',
      assumed: true,
    },
    {
      key: 'system-git',
      title: 'Or let Fork use the git you installed',
      description:
        'Fork → Preferences → Git → Git Instance: pick the git you installed. Fork then reads the same settings as your terminal.',
    },
  ],
};
