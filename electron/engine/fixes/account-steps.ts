import type { AccountFixStep } from '../model';
import { commandLine } from '../../shared/command-line';

// How account repairs read in a plan: pure, so the CLI's --dry-run, the app's preview
// (renderer bundle) and the helpdesk view can import it without the AWS SDK.

export const CODECOMMIT_SERVICE = 'codecommit.amazonaws.com';

type AwsCall = Extract<AccountFixStep, { type: 'aws-call' }>;

/** The AWS CLI command a step stands for (what a person could type instead). */
export function accountStepArgv(step: AccountFixStep): string[] | null {
  if (step.type === 'ssh-config-host') return null;
  const base = ['aws', 'iam'];
  const tail = [...(step.explicit || step.profile !== 'default' ? ['--profile', step.profile] : [])];
  const u = ['--user-name', step.userName];
  switch (step.call.action) {
    case 'activate-git-credential':
      return [
        ...base,
        'update-service-specific-credential',
        ...u,
        '--service-specific-credential-id',
        step.call.credentialId,
        '--status',
        'Active',
        ...tail,
      ];
    case 'create-git-credential':
      return [
        ...base,
        'create-service-specific-credential',
        ...u,
        '--service-name',
        CODECOMMIT_SERVICE,
        ...tail,
      ];
    case 'reset-git-credential':
      return [
        ...base,
        'reset-service-specific-credential',
        ...u,
        '--service-specific-credential-id',
        step.call.credentialId ?? '',
        ...tail,
      ];
    case 'upload-ssh-key':
      return [
        ...base,
        'upload-ssh-public-key',
        ...u,
        '--ssh-public-key-body',
        `file://${step.call.publicKeyFile}`,
        ...tail,
      ];
    case 'activate-ssh-key':
      return [
        ...base,
        'update-ssh-public-key',
        ...u,
        '--ssh-public-key-id',
        step.call.keyId,
        '--status',
        'Active',
        ...tail,
      ];
  }
}

export function describeAccountStep(step: AccountFixStep): string {
  if (step.type === 'ssh-config-host') {
    const parts = [
      ...(step.keyId !== undefined || step.lookup ? [`User ${step.keyId ?? "(the key's ID in IAM)"}`] : []),
      ...(step.identityFile ? [`IdentityFile ${step.identityFile}`] : []),
      ...(step.allow ?? []).map((a) => `${a.keyword} +${a.algorithm}`),
    ];
    return `In ${step.file}: set ${parts.join(' and ')} for Host ${step.hostPattern}`;
  }
  const argv = accountStepArgv(step);
  const what: Record<AwsCall['call']['action'], string> = {
    'activate-git-credential': `Turn on a Git credential of IAM user ${step.userName}`,
    'create-git-credential': `Create Git credentials for IAM user ${step.userName} and hand the password to git's credential helper (it is not shown or kept)`,
    'reset-git-credential': `Reset a Git credential of IAM user ${step.userName} (the old password stops working at once) and hand the new one to git's credential helper`,
    'upload-ssh-key': `Upload an SSH public key to IAM user ${step.userName}`,
    'activate-ssh-key': `Turn on an SSH key of IAM user ${step.userName}`,
  };
  return `${what[step.call.action]}${argv ? `: ${commandLine(argv)}` : ''}`;
}
