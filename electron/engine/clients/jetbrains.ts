import type { GitClient } from './types';

// JetBrains IDEs run the system git. Unless "Use credential helper" is ticked (it is not
// by default) they empty the helper list on every command and ask through their own
// askpass, keeping what you type in the IDE's password safe.

const IJ = 'JetBrains/intellij-community plugins/git4idea/src/git4idea';
const CONFIG_DIRS =
  'https://www.jetbrains.com/help/idea/directories-used-by-the-ide-to-store-settings-caches-plugins-and-logs.html';
/** `IntelliJIdea2024.1`, `PyCharm2023.3`, `WebStorm2025.2`… (a configuration folder per product and version). */
const PRODUCT_DIR = /^[A-Za-z]+\d{4}\.\d+$/;

export const jetbrains: GitClient = {
  id: 'jetbrains',
  name: 'a JetBrains IDE',
  installs: {
    darwin: [
      {
        marker: { root: 'macAppSupport', segments: ['JetBrains', '*', 'options'] },
        entryPattern: PRODUCT_DIR,
        markerIsFolder: true,
      },
    ],
    win32: [
      {
        marker: { root: 'appData', segments: ['JetBrains', '*', 'options'] },
        entryPattern: PRODUCT_DIR,
        markerIsFolder: true,
      },
    ],
    linux: [
      {
        marker: { root: 'xdgConfig', segments: ['JetBrains', '*', 'options'] },
        entryPattern: PRODUCT_DIR,
        markerIsFolder: true,
      },
    ],
  },
  git: { value: 'system', source: `${IJ}/config/GitVcsApplicationSettings.java (myPathToGit, detected)` },
  useSystemGit: {
    value: 'Settings | Version Control | Git → "Path to Git executable".',
    source: `${IJ}/config/GitVcsApplicationSettings.java`,
  },
  helpers: {
    value: 'replaces',
    source: `${IJ}/commands/GitHandlerAuthenticationManager.java (overwriteConfig("credential.helper=") unless isUseCredentialHelper()); USE_CREDENTIAL_HELPER = false by default in GitVcsApplicationSettings.State`,
  },
  injected: {
    value: [{ key: 'credential.helper', value: '' }],
    source: `${IJ}/commands/GitHandlerAuthenticationManager.java`,
  },
  injectedEnv: { value: ['GIT_ASKPASS'], source: `${IJ}/commands/GitHandlerAuthenticationManager.java` },
  conditional: {
    value:
      'With "Use credential helper" ticked (Settings | Version Control | Git), the IDE leaves your helpers alone; the doctor cannot see that setting without reading the IDE\'s files, so it assumes the default.',
    source: `${IJ}/config/GitVcsApplicationSettings.java (stored in options/git.xml); ${CONFIG_DIRS}`,
  },
  launch: { value: 'launchd', source: 'macOS launchd PATH for Finder-started apps', assumed: true },
  passwords: {
    value: "The IDE's password safe (the macOS Keychain, Windows Credential Manager or a KeePass file).",
    source: 'notes: git-clients-and-sign-in.md',
    assumed: true,
  },
  stores: {
    darwin: ['jetbrains-keychain', 'jetbrains-keepass'],
    win32: ['jetbrains-keepass'],
    linux: ['jetbrains-keepass'],
  },
  clearPasswords: {
    value:
      'Settings | Appearance & Behavior | System Settings | Passwords: with "In KeePass" chosen, open the gear menu next to the database and choose "Clear", or pick "Do not save, forget passwords after restart" and restart the IDE; it asks for the password again.',
    source:
      'JetBrains/intellij-community platform/credential-store (KeePass: c.kdbx in the configuration folder; PasswordSafeConfigurable "Clear"); jetbrains.com/help "Passwords" settings page',
    assumed: true,
  },
  remedies: [
    {
      key: 'use-credential-helper',
      title: 'Tick "Use credential helper" in the IDE',
      description:
        'Settings | Version Control | Git → "Use credential helper". Then the IDE stops emptying the helper list and your AWS helper signs every clone.',
    },
    {
      key: 'git-credentials',
      title: 'Or sign in with HTTPS Git credentials',
      description:
        'Create HTTPS Git credentials for your IAM user and enter them when the IDE asks; it keeps them in its password safe. (codecommit:// addresses work poorly in JetBrains IDEs: aws/aws-toolkit-jetbrains #202.)',
    },
  ],
};
