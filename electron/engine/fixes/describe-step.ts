import type { FixStep, StoreEntry } from '../model';
import { accountStepArgv, describeAccountStep } from './account-steps';
import { commandLine } from './command-line';

export { commandLine };

// The exact command (or file change) each step stands for, shown before anything runs —
// in the CLI's --dry-run, the app's plan preview and the helpdesk view.

/** What a person would type to delete one stored entry by hand. */
export function deleteCommand(entry: StoreEntry): string[] | null {
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
      // Fed `protocol=https` and `host=<host>` on standard input.
      return [
        'git',
        '-c',
        'credential.helper=',
        '-c',
        `credential.helper=cache --socket ${entry.location}`,
        'credential',
        'reject',
      ];
    case 'git-credential-store':
      return null;
  }
}

export function gitConfigArgv(step: Extract<FixStep, { type: 'git-config' }>): string[] {
  const argv = ['git', 'config', '--file', step.file];
  switch (step.op) {
    case 'add':
      return [...argv, '--add', step.key, step.value ?? ''];
    case 'set':
      // What apply runs: --replace-all also settles a key that was set more than once.
      return [...argv, '--replace-all', step.key, step.value ?? ''];
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

/** The command a step runs, for people who want to see or type it. */
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
