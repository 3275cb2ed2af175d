// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { createContext } from '../../electron/engine/context';
import * as engine from '../../electron/engine/fixes/describe-step';
import type { FixStep } from '../../electron/engine/model';
import { commandLine, describeStep, stepArgv } from '../../renderer/src/step-text';

// The renderer's copy of describe-step must say exactly what the CLI says for every step
// kind (the helpdesk reads the customer's screen against the CLI's --dry-run).

const STEPS: FixStep[] = [
  {
    type: 'git-config',
    op: 'add',
    file: '/h/.gitconfig',
    scope: 'global',
    key: 'credential.https://git-codecommit.us-east-1.amazonaws.com.helper',
    value: '',
  },
  {
    type: 'git-config',
    op: 'add',
    file: '/h/.gitconfig',
    scope: 'global',
    key: 'credential.helper',
    value: '!aws codecommit credential-helper $@',
  },
  {
    type: 'git-config',
    op: 'set',
    file: '/h/.gitconfig',
    scope: 'global',
    key: 'credential.usehttppath',
    value: 'true',
  },
  {
    type: 'git-config',
    op: 'replace-all',
    file: '/h/.gitconfig',
    scope: 'global',
    key: 'credential.helper',
    value: 'x',
    valuePattern: '^store$',
  },
  {
    type: 'git-config',
    op: 'unset-all',
    file: '/etc/gitconfig',
    scope: 'system',
    key: 'credential.helper',
    valuePattern: 'osxkeychain',
  },
  {
    type: 'remote-set-url',
    dir: '/h/src/demo',
    remote: 'origin',
    from: 'https://a@h/v1/repos/x',
    to: 'https://a%40b@h/v1/repos/x',
  },
  {
    type: 'delete-credential',
    entry: {
      store: 'macos-keychain-internet',
      hostname: 'git-codecommit.us-east-1.amazonaws.com',
      account: 'AKIAX',
      location: 'login.keychain',
    },
  },
  {
    type: 'delete-credential',
    entry: { store: 'macos-keychain-generic', hostname: 'h', location: 'git:https://h', account: 'u' },
  },
  {
    type: 'delete-credential',
    entry: { store: 'windows-credential-manager', hostname: 'h', location: 'git:https://h' },
  },
  {
    type: 'delete-credential',
    entry: { store: 'libsecret', hostname: 'h', location: '/org/freedesktop/secrets/collection/login/7' },
  },
  { type: 'delete-credential', entry: { store: 'git-credential-cache', hostname: 'h', location: 'socket' } },
  {
    type: 'delete-credential',
    entry: { store: 'git-credential-store', hostname: 'h', location: '/h/.git-credentials' },
  },
  {
    type: 'file-edit',
    path: '/h/.aws/config',
    before: ['a'],
    after: ['b'],
    description: 'In /h/.aws/config: set b',
  },
  {
    type: 'command',
    argv: ['sudo', 'git', 'config', '--system', '--unset-all', 'credential.helper'],
    admin: true,
    note: 'As an administrator',
  },
  {
    type: 'aws-call',
    profile: 'default',
    explicit: false,
    region: 'us-east-1',
    userName: 'alice',
    call: { action: 'create-git-credential' },
  },
  {
    type: 'aws-call',
    profile: 'dev',
    explicit: true,
    region: 'us-east-1',
    userName: 'alice',
    call: { action: 'activate-git-credential', credentialId: 'ACCA1' },
  },
  {
    type: 'aws-call',
    profile: 'dev',
    explicit: true,
    region: 'us-east-1',
    userName: 'alice',
    call: { action: 'reset-git-credential', credentialId: 'ACCA1' },
  },
  {
    type: 'aws-call',
    profile: 'default',
    explicit: false,
    region: 'us-east-1',
    userName: 'alice',
    call: { action: 'upload-ssh-key', publicKeyFile: '/h/.ssh/id_rsa.pub' },
  },
  {
    type: 'aws-call',
    profile: 'default',
    explicit: false,
    region: 'us-east-1',
    userName: 'alice',
    call: { action: 'activate-ssh-key', keyId: 'APKA1' },
  },
  {
    type: 'ssh-config-host',
    file: '/h/.ssh/config',
    hostPattern: 'git-codecommit.*.amazonaws.com',
    identityFile: '~/.ssh/id_rsa',
    keyId: 'APKA1',
  },
] as FixStep[];

describe('renderer step text', () => {
  const ctx = createContext();
  for (const step of STEPS) {
    it(`matches describe-step for ${step.type}${'op' in step ? ` ${step.op}` : ''}${'entry' in step ? ` ${step.entry.store}` : ''}${'call' in step ? ` ${step.call.action}` : ''}`, () => {
      expect(describeStep(step)).toBe(engine.describeStep(ctx, step));
      expect(stepArgv(step)).toEqual(engine.stepArgv(step));
    });
  }

  it('quotes like the engine', () => {
    const argv = [
      'git',
      'config',
      '--add',
      'credential.helper',
      '!aws codecommit credential-helper $@',
      '',
      "it's",
    ];
    expect(commandLine(argv)).toBe(engine.commandLine(argv));
    expect(commandLine(argv)).toBe(
      "git config --add credential.helper '!aws codecommit credential-helper $@' '' 'it'\\''s'",
    );
  });
});
