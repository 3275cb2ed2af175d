import type { FindingCode, Severity } from './model';

// The finding catalog: the public contract behind every code. Titles and explanations
// are written for someone who does not live in a terminal; README's catalog table is
// generated from this list (tests/unit/catalog.test.ts keeps them in step).

const GUIDE = 'https://docs.aws.amazon.com/codecommit/latest/userguide';
export const DOCS = {
  troubleshootHelper: `${GUIDE}/troubleshooting-ch.html`,
  troubleshootGitCredentials: `${GUIDE}/troubleshooting-gc.html`,
  troubleshootSsh: `${GUIDE}/troubleshooting-ssh.html`,
  httpsUnix: `${GUIDE}/setting-up-https-unixes.html`,
  httpsWindows: `${GUIDE}/setting-up-https-windows.html`,
  sshUnix: `${GUIDE}/setting-up-ssh-unixes.html`,
  remoteCodecommit: `${GUIDE}/setting-up-git-remote-codecommit.html`,
  regions: `${GUIDE}/regions.html`,
  cliAutoPrompt: 'https://docs.aws.amazon.com/cli/latest/userguide/cli-usage-parameters-prompting.html',
  cliInstall: 'https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html',
  cliConfigure: 'https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-files.html',
  gitInstall: 'https://git-scm.com/downloads',
} as const;

export interface CatalogEntry {
  code: FindingCode;
  severity: Severity;
  title: string;
  explanation: string;
  docsUrl?: string;
}

const entries: CatalogEntry[] = [
  {
    code: 'git-not-found',
    severity: 'error',
    title: 'Git is not installed or not on PATH',
    explanation:
      'No program called git could be found in the folders this computer searches for programs. Nothing can be cloned until Git is installed.',
    docsUrl: DOCS.gitInstall,
  },
  {
    code: 'url-malformed',
    severity: 'error',
    title: 'The clone address cannot be read',
    explanation:
      'The address given is not a URL git can use. A CodeCommit HTTPS address looks like https://git-codecommit.us-east-2.amazonaws.com/v1/repos/my-repo.',
    docsUrl: DOCS.regions,
  },
  {
    code: 'url-not-codecommit',
    severity: 'error',
    title: 'This address is not a CodeCommit repository',
    explanation:
      'The host in this address is not an AWS CodeCommit host, so the AWS credential helper will not sign in for it and this tool has nothing to check. Copy the clone URL from the CodeCommit console.',
    docsUrl: DOCS.regions,
  },
  {
    code: 'helper-not-configured',
    severity: 'error',
    title: 'Nothing gives git a password for CodeCommit',
    explanation:
      'Git asks its credential helpers for a user name and password. No AWS credential helper, no git-remote-codecommit and no saved Git credentials apply to this address, so git asks you to type a user name — and CodeCommit does not accept your AWS console password.',
    docsUrl: DOCS.httpsUnix,
  },
  {
    code: 'helper-usehttppath-missing',
    severity: 'error',
    title: 'The AWS helper is not told which repository you clone',
    explanation:
      "The AWS credential helper signs a password for one repository path. Unless credential.UseHttpPath is true for this address, git leaves the path out, the helper fails with the message 'path', and git falls back to asking for a user name.",
    docsUrl: DOCS.troubleshootHelper,
  },
  {
    code: 'aws-cli-not-found',
    severity: 'error',
    title: 'The AWS helper cannot start the AWS CLI',
    explanation:
      'Your git configuration runs the AWS CLI to sign in, but that program cannot be found where git looks for it. Git then shows "aws: command not found" and CodeCommit answers 403.',
    docsUrl: DOCS.troubleshootHelper,
  },
  {
    code: 'aws-cli-python3-msi',
    severity: 'warning',
    title: 'This AWS CLI build is known to break the git helper',
    explanation:
      "The AWS CLI version 1 Windows installer built with Python 3 installs aws.cmd in a way git's helper shell could not start. The AWS guide's fix is to point the helper at the full path of aws.cmd, or to install AWS CLI version 2.",
    docsUrl: DOCS.troubleshootHelper,
  },
  {
    code: 'aws-cli-autoprompt-on',
    severity: 'error',
    title: 'AWS CLI auto-prompt breaks the credential helper',
    explanation:
      'With auto-prompt on, AWS CLI version 2 tries to open its interactive prompt when git calls the helper, and the helper fails with "Unknown options: protocol=https". Turn auto-prompt off for the profile the helper uses.',
    docsUrl: DOCS.cliAutoPrompt,
  },
  {
    code: 'aws-profile-no-credentials',
    severity: 'error',
    title: 'The AWS profile the helper uses has no credentials',
    explanation:
      'The AWS helper signs with the credentials of one AWS CLI profile. That profile has no access key, single sign-on, role or credential process, so the helper fails and git asks for a user name instead.',
    docsUrl: DOCS.cliConfigure,
  },
  {
    code: 'aws-profile-no-region',
    severity: 'error',
    title: 'The AWS helper cannot tell which region to sign for',
    explanation:
      'This address does not name an AWS Region in its host, and the profile the helper uses has no region either, so the helper cannot sign the request.',
    docsUrl: DOCS.regions,
  },
  {
    code: 'helper-shadowed',
    severity: 'error',
    title: 'Another credential helper answers before the AWS helper',
    explanation:
      'Git asks its credential helpers in order and uses the first answer. A helper that saves passwords (Keychain, Credential Manager, a store file) comes before the AWS helper, so git keeps sending a saved CodeCommit password. Those passwords expire after about 15 minutes, and CodeCommit then answers 403. Git does not forget a password after a 403, so it keeps failing.',
    docsUrl: DOCS.troubleshootHelper,
  },
  {
    code: 'cached-codecommit-credentials',
    severity: 'warning',
    title: 'Old CodeCommit passwords are saved on this computer',
    explanation:
      'A password store holds passwords for CodeCommit. Passwords signed by the AWS helper stop working after about 15 minutes; a saved copy makes git send an expired password and CodeCommit answers 403. Deleting them is safe: the AWS helper makes a fresh one every time.',
    docsUrl: DOCS.troubleshootHelper,
  },
  {
    code: 'system-scope-helper',
    severity: 'warning',
    title: 'The interfering helper is set for every user of this computer',
    explanation:
      "The helper that gets in the way is configured in git's system-wide settings (for example by the Git installer or Homebrew). Changing that file needs administrator rights; a section in your own settings can keep it away from CodeCommit without touching it.",
    docsUrl: DOCS.troubleshootHelper,
  },
  {
    code: 'scoped-section-misses-host',
    severity: 'error',
    title: 'A CodeCommit-only setting does not cover this host',
    explanation:
      'Your git settings have a section for "https://git-codecommit.*.amazonaws.com". In git, * stands for exactly one part of a host name, so that section does not apply to FIPS (git-codecommit-fips…), China (….amazonaws.com.cn) or VPC endpoint hosts — or to an address with a port — and none of its settings are used here.',
    docsUrl: DOCS.troubleshootHelper,
  },
  {
    code: 'url-username-needs-encoding',
    severity: 'error',
    title: 'The user name in the address is not encoded',
    explanation:
      'The address contains a user name with an "@" (or another reserved character) written as is. Git splits the address at the first "@", so it talks to the wrong host or sends the wrong user name. The "@" must be written as %40.',
    docsUrl: DOCS.troubleshootGitCredentials,
  },
  {
    code: 'remote-codecommit-not-on-path',
    severity: 'error',
    title: 'git-remote-codecommit is not installed or not on PATH',
    explanation:
      "Addresses that start with codecommit:// need the git-remote-codecommit program. Git cannot find it, so it says \"'remote-codecommit' is not a git command\". Install it with pip and make sure pip's scripts folder is on PATH.",
    docsUrl: DOCS.remoteCodecommit,
  },
  {
    code: 'gcm-old-name',
    severity: 'warning',
    title: 'Git Credential Manager is configured under its old name',
    explanation:
      'Your settings call the helper "manager-core". Git Credential Manager dropped that name in version 2.3, so git prints "\'credential-manager-core\' is not a git command" and that helper does nothing. Use "manager" instead.',
    docsUrl: DOCS.troubleshootHelper,
  },
  {
    code: 'ssh-config-missing',
    severity: 'error',
    title: 'SSH is not set up for CodeCommit',
    explanation:
      'CodeCommit identifies you over SSH by your SSH key ID as the user name. Neither the address nor ~/.ssh/config gives one for this host, so CodeCommit answers "Permission denied (publickey)".',
    docsUrl: DOCS.sshUnix,
  },
  {
    code: 'ssh-user-is-not-key-id',
    severity: 'error',
    title: 'The SSH user is not an SSH key ID',
    explanation:
      'For CodeCommit the SSH user name must be the SSH key ID (it starts with APKA) shown in IAM next to your uploaded key — not your IAM user name or user ID and not an access key.',
    docsUrl: DOCS.troubleshootSsh,
  },
  {
    code: 'ssh-identity-file-missing',
    severity: 'error',
    title: 'The SSH key file named in the config does not exist',
    explanation:
      'The IdentityFile setting for this host points to a file that is not there, so ssh has no key to offer and CodeCommit answers "Permission denied (publickey)".',
    docsUrl: DOCS.sshUnix,
  },
];

export const CATALOG: ReadonlyMap<FindingCode, CatalogEntry> = new Map(entries.map((e) => [e.code, e]));

export function catalogEntry(code: FindingCode): CatalogEntry {
  const entry = CATALOG.get(code);
  if (!entry) throw new Error(`finding code without catalog entry: ${code}`);
  return entry;
}
