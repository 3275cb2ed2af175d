import type { GitClient } from './types';

// VS Code runs the system git with the user's helpers; it adds only its own askpass, used
// when no helper answered. It reads the login shell's environment when started from the
// Dock or Finder, and lacks it only when that fails.

const VSCODE = 'microsoft/vscode';

export const vscode: GitClient = {
  id: 'vscode',
  name: 'VS Code',
  installs: {
    darwin: [
      { marker: { root: 'applications', segments: ['Visual Studio Code.app', 'Contents', 'Info.plist'] } },
    ],
    win32: [
      { marker: { root: 'localAppData', segments: ['Programs', 'Microsoft VS Code', 'Code.exe'] } },
      { marker: { root: 'programFiles', segments: ['Microsoft VS Code', 'Code.exe'] } },
    ],
  },
  git: {
    value: 'system',
    source: `${VSCODE} extensions/git/src/git.ts (findGit: the git.path setting, then "which git" on macOS, Program Files\\Git\\cmd\\git.exe then PATH on Windows)`,
  },
  useSystemGit: {
    value: 'VS Code already uses the system git; the "git.path" setting picks another one.',
    source: `${VSCODE} extensions/git/src/git.ts`,
  },
  helpers: {
    value: 'honours',
    source: `${VSCODE} #25952; extensions/git/src/askpass.ts (only GIT_ASKPASS and VSCODE_GIT_ASKPASS_* are set)`,
  },
  injected: { value: [], source: `${VSCODE} extensions/git/src/askpass.ts` },
  injectedEnv: {
    value: ['GIT_ASKPASS', 'VSCODE_GIT_ASKPASS_NODE', 'VSCODE_GIT_ASKPASS_MAIN', 'VSCODE_GIT_ASKPASS_HANDLE'],
    source: `${VSCODE} extensions/git/src/askpass.ts`,
  },
  launch: {
    value: 'login-shell',
    source: `${VSCODE} src/vs/platform/shell/node/shellEnv.ts (runs $SHELL -ilc when not started from a terminal; gives up after 10 s: "Unable to resolve your shell environment")`,
  },
  passwords: {
    value: 'Whatever credential helper your settings name; what you type into its prompt is not kept.',
    source: `${VSCODE} extensions/git/src/askpass.ts`,
  },
  // The stores of the helpers your settings name (VS Code keeps no git password of its own).
  stores: {
    darwin: ['macos-keychain-internet', 'macos-keychain-generic'],
    win32: ['windows-credential-manager'],
    linux: ['libsecret', 'git-credential-store'],
  },
  remedies: [
    {
      key: 'shell-environment',
      title: 'Start VS Code where it can read your shell settings',
      description:
        'If VS Code says "Unable to resolve your shell environment", it runs git without the PATH and AWS_PROFILE your terminal has: fix the shell start-up files, or start VS Code from a terminal with "code".',
    },
  ],
};
