import type { AccountFixStep, FixStep, StoreEntry } from '../../electron/engine/model';

// The words and exact command lines for each fix step, as electron/engine/fixes/describe-step.ts
// writes them. A copy, because describe-step.ts now imports account-apply.ts (AWS SDK,
// node:fs, ssh-config) for the account steps, and the sandboxed renderer cannot load those.
// tests/renderer/step-text.test.tsx checks that both give the same text for every step kind.

function quoteArg(a: string): string {
  if (a === '') return "''";
  return /^[A-Za-z0-9_./:@%+=,-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`;
}

export function commandLine(argv: string[]): string {
  return argv.map(quoteArg).join(' ');
}

function deleteCommand(entry: StoreEntry): string[] | null {
  switch (entry.store) {
    case 'macos-keychain-internet':
      return [
        'security',
        'delete-internet-password',
        '-s',
        entry.hostname,
        ...(entry.account ? ['-a', entry.account] : []),
      ];
    case 'macos-keychain-generic':
      return [
        'security',
        'delete-generic-password',
        '-s',
        entry.location,
        ...(entry.account ? ['-a', entry.account] : []),
      ];
    case 'windows-credential-manager':
      return ['cmdkey', `/delete:${entry.location}`];
    case 'libsecret':
      return [
        'gdbus',
        'call',
        '--session',
        '--dest',
        'org.freedesktop.secrets',
        '--object-path',
        entry.location,
        '--method',
        'org.freedesktop.Secret.Item.Delete',
      ];
    case 'git-credential-cache':
      return ['git', 'credential-cache', 'exit'];
    case 'git-credential-store':
      return null;
  }
}

function gitConfigArgv(step: Extract<FixStep, { type: 'git-config' }>): string[] {
  const argv = ['git', 'config', '--file', step.file];
  switch (step.op) {
    case 'add':
      return [...argv, '--add', step.key, step.value ?? ''];
    case 'set':
      return [...argv, step.key, step.value ?? ''];
    case 'replace-all':
      return [
        ...argv,
        '--replace-all',
        step.key,
        step.value ?? '',
        ...(step.valuePattern ? [step.valuePattern] : []),
      ];
    case 'unset-all':
      return [...argv, '--unset-all', step.key, ...(step.valuePattern ? [step.valuePattern] : [])];
  }
}

const CODECOMMIT_SERVICE = 'codecommit.amazonaws.com';

function accountStepArgv(step: AccountFixStep): string[] | null {
  if (step.type === 'ssh-config-host') return null;
  const base = ['aws', 'iam'];
  const tail = step.explicit || step.profile !== 'default' ? ['--profile', step.profile] : [];
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

function describeAccountStep(step: AccountFixStep): string {
  if (step.type === 'ssh-config-host') {
    return `In ${step.file}: set User ${step.keyId ?? "(the key's ID in IAM)"} and IdentityFile ${step.identityFile} for Host ${step.hostPattern}`;
  }
  const argv = accountStepArgv(step);
  const what: Record<typeof step.call.action, string> = {
    'activate-git-credential': `Turn on a Git credential of IAM user ${step.userName}`,
    'create-git-credential': `Create Git credentials for IAM user ${step.userName} and hand the password to git's credential helper (it is not shown or kept)`,
    'reset-git-credential': `Reset a Git credential of IAM user ${step.userName} (the old password stops working at once) and hand the new one to git's credential helper`,
    'upload-ssh-key': `Upload an SSH public key to IAM user ${step.userName}`,
    'activate-ssh-key': `Turn on an SSH key of IAM user ${step.userName}`,
  };
  return `${what[step.call.action]}${argv ? `: ${commandLine(argv)}` : ''}`;
}

export function stepArgv(step: FixStep): string[] | null {
  switch (step.type) {
    case 'git-config':
      return gitConfigArgv(step);
    case 'remote-set-url':
      return ['git', '-C', step.dir, 'remote', 'set-url', step.remote, step.to];
    case 'delete-credential':
      return deleteCommand(step.entry);
    case 'command':
      return step.argv;
    case 'file-edit':
      return null;
    case 'aws-call':
    case 'ssh-config-host':
      return accountStepArgv(step);
  }
}

export function describeStep(step: FixStep): string {
  switch (step.type) {
    case 'git-config': {
      const what =
        step.op === 'unset-all'
          ? `remove ${step.key}`
          : step.value === ''
            ? `add an empty ${step.key.split('.').pop()} line (resets the helper list) under ${step.key.slice(0, step.key.lastIndexOf('.'))}`
            : `${step.op === 'add' ? 'add' : 'set'} ${step.key} = ${step.value}`;
      return `In ${step.file}: ${what}`;
    }
    case 'remote-set-url':
      return `Change remote "${step.remote}" from ${step.from} to ${step.to}`;
    case 'delete-credential': {
      const e = step.entry;
      return `Delete the saved password for ${e.hostname}${e.account ? ` (account ${e.account})` : ''} from ${e.store} (${e.location})`;
    }
    case 'file-edit':
      return step.description;
    case 'command':
      return `${step.note}: ${commandLine(step.argv)}`;
    case 'aws-call':
    case 'ssh-config-host':
      return describeAccountStep(step);
  }
}
