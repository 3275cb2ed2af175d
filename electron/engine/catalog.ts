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
  ssoLogin: 'https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-sso.html',
  permissions: `${GUIDE}/auth-and-access-control-permissions-reference.html`,
  simulatePolicy: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_testing-policies.html',
  encryption: `${GUIDE}/encryption.html`,
  gitCredentials: `${GUIDE}/setting-up-gc.html`,
  sigv4Troubleshooting:
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-troubleshooting.html',
  vpcEndpoints: `${GUIDE}/codecommit-and-interface-VPC.html`,
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
  {
    code: 'aws-credentials-expired',
    severity: 'error',
    title: 'Your AWS sign-in has expired',
    explanation:
      'The AWS helper signs git passwords with the credentials of your AWS profile, and those have run out: the single sign-on session or the temporary keys are past their expiry. Every clone gets 403 until you sign in again.',
    docsUrl: DOCS.ssoLogin,
  },
  {
    code: 'aws-identity-unknown',
    severity: 'error',
    title: 'AWS does not recognise any credentials for this repository',
    explanation:
      'Asked who you are with the same profile the AWS helper uses, AWS either found no credentials at all or refused them (an access key that was deleted, deactivated or mistyped). The helper cannot sign a valid password with them.',
    docsUrl: DOCS.cliConfigure,
  },
  {
    code: 'iam-gitpull-denied',
    severity: 'error',
    title: 'Your AWS identity may not clone or pull this repository',
    explanation:
      "IAM's policy simulator says your identity is not allowed codecommit:GitPull on this repository, so CodeCommit answers 403 however well git is set up. Only an administrator of the AWS account can grant it; the policy below is the smallest one that does.",
    docsUrl: DOCS.permissions,
  },
  {
    code: 'iam-gitpush-denied',
    severity: 'warning',
    title: 'Your AWS identity may not push to this repository',
    explanation:
      "IAM's policy simulator says your identity is not allowed codecommit:GitPush on this repository: cloning may work, but every push will be refused with 403. An administrator of the AWS account can grant it with the policy below.",
    docsUrl: DOCS.permissions,
  },
  {
    code: 'iam-check-not-permitted',
    severity: 'info',
    title: 'Your permissions could not be checked',
    explanation:
      "Checking whether you may pull and push needs IAM's policy simulator (iam:SimulatePrincipalPolicy), and your identity is not allowed to use it. Nothing is assumed either way: if clones still fail with 403, ask an administrator to check codecommit:GitPull for you.",
    docsUrl: DOCS.simulatePolicy,
  },
  {
    code: 'repo-not-found-in-region',
    severity: 'error',
    title: 'No repository of this name exists in this region',
    explanation:
      'CodeCommit keeps each repository in one AWS Region, and the region is part of the address. Your account has no repository of this name in the region the address names, nor in any other region that could be searched. Check the name (it is case-sensitive) and the account you sign in with.',
    docsUrl: DOCS.regions,
  },
  {
    code: 'repo-found-in-other-region',
    severity: 'error',
    title: 'The repository is in a different region than the address says',
    explanation:
      'CodeCommit keeps each repository in one AWS Region, and the region is part of the address. The address names a region where this repository does not exist, but your account has it in another region, so git says "repository not found". The address must name the region the repository is in.',
    docsUrl: DOCS.regions,
  },
  {
    code: 'kms-access-denied',
    severity: 'error',
    title: "The repository's encryption key cannot be used",
    explanation:
      'CodeCommit encrypts every repository with an AWS KMS key, and reading it needs that key. AWS refused the key (access denied, disabled, deleted or unavailable), so CodeCommit answers 403 for this repository whatever your git permissions are. An administrator must fix the key or its policy.',
    docsUrl: DOCS.encryption,
  },
  {
    code: 'git-credentials-missing',
    severity: 'error',
    title: 'Your IAM user has no Git credentials for CodeCommit',
    explanation:
      'Without the AWS helper, git signs in to CodeCommit with Git credentials: a user name and password made for CodeCommit in IAM (not your console password). Your IAM user has none, so any password git sends is refused.',
    docsUrl: DOCS.gitCredentials,
  },
  {
    code: 'git-credentials-inactive',
    severity: 'error',
    title: 'Your Git credentials for CodeCommit are turned off',
    explanation:
      'Git signs in to CodeCommit with Git credentials made in IAM, and every one your IAM user has is set to Inactive. CodeCommit refuses an inactive credential with 403 even when the password is right.',
    docsUrl: DOCS.gitCredentials,
  },
  {
    code: 'ssh-key-not-uploaded',
    severity: 'error',
    title: 'Your SSH key is not uploaded to your IAM user',
    explanation:
      'CodeCommit accepts an SSH key only if its public half is uploaded to your IAM user. None of the SSH public keys on this computer matches a key in IAM, so CodeCommit answers "Permission denied (publickey)".',
    docsUrl: DOCS.sshUnix,
  },
  {
    code: 'ssh-key-inactive',
    severity: 'error',
    title: 'Your SSH key is turned off in IAM',
    explanation:
      'The SSH key on this computer is uploaded to your IAM user but set to Inactive there, so CodeCommit refuses it with "Permission denied (publickey)".',
    docsUrl: DOCS.troubleshootSsh,
  },
  {
    code: 'ssh-user-mismatch',
    severity: 'error',
    title: 'The SSH user is the ID of a different key',
    explanation:
      'For CodeCommit the SSH user name must be the SSH key ID IAM gave the key ssh offers. The user name used here is the ID of another key (or of no key of yours), so CodeCommit answers "Permission denied (publickey)".',
    docsUrl: DOCS.troubleshootSsh,
  },
  {
    code: 'clock-skew',
    severity: 'error',
    title: "This computer's clock is wrong",
    explanation:
      "Every password the AWS helper makes carries the time it was signed, and AWS refuses signatures more than a few minutes off its own clock. This computer's clock differs from AWS's by more than 5 minutes. Turn on automatic time: Windows — Settings › Time & language › Date & time › Set time automatically, then Sync now; macOS — System Settings › General › Date & Time › Set time and date automatically; Linux — sudo timedatectl set-ntp true.",
    docsUrl: DOCS.sigv4Troubleshooting,
  },
  {
    code: 'vpce-endpoint',
    severity: 'info',
    title: 'Git reaches CodeCommit through a VPC endpoint',
    explanation:
      'This address (or an endpoint setting) goes through an interface VPC endpoint. Such an endpoint has its own policy, which can deny codecommit:GitPull or GitPush even when your IAM permissions allow them. If clones fail with 403, an administrator should look at the endpoint policy of this VPC endpoint and its security group.',
    docsUrl: DOCS.vpcEndpoints,
  },
];

export const CATALOG: ReadonlyMap<FindingCode, CatalogEntry> = new Map(entries.map((e) => [e.code, e]));

export function catalogEntry(code: FindingCode): CatalogEntry {
  const entry = CATALOG.get(code);
  if (!entry) throw new Error(`finding code without catalog entry: ${code}`);
  return entry;
}
