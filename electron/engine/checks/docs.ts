// Where the AWS guides explain each cause: the catalog links to them.

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
