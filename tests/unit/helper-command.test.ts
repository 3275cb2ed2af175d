import { describe, expect, it } from 'vitest';
import { classifyHelper } from '../../electron/engine/helper-chain';
import { platformOf } from '../../electron/engine/platform';
import type { Platform } from '../../electron/engine/model';
import type { AwsHelperOptions } from '../../electron/engine/fixes/helper-command';

const awsHelperCommand = (p: Platform, o?: AwsHelperOptions) => platformOf(p).awsHelperCommand(o);

describe('awsHelperCommand', () => {
  it('writes the AWS guide form by default', () => {
    expect(awsHelperCommand('linux')).toBe('!aws codecommit credential-helper $@');
  });

  it('quotes absolute paths, with forward slashes on Windows', () => {
    expect(awsHelperCommand('win32', { program: 'C:\\Program Files\\Amazon\\AWSCLI\\bin\\aws.cmd' })).toBe(
      '!"C:/Program Files/Amazon/AWSCLI/bin/aws.cmd" codecommit credential-helper $@',
    );
    expect(
      awsHelperCommand('darwin', {
        program: '/opt/homebrew/bin/aws',
        profile: 'dev team',
        noAutoPrompt: true,
      }),
    ).toBe(
      '!"/opt/homebrew/bin/aws" --profile "dev team" --no-cli-auto-prompt codecommit credential-helper $@',
    );
  });

  it('is recognised by the helper classifier with its program and profile', () => {
    for (const [platform, opts] of [
      ['linux', {}],
      ['win32', { program: 'C:\\Program Files\\Amazon\\AWSCLIV2\\aws.exe', profile: 'dev' }],
      ['darwin', { program: '/usr/local/bin/aws', noAutoPrompt: true }],
    ] as const) {
      const line = awsHelperCommand(platform, opts);
      const c = classifyHelper(line);
      expect(c.kind).toBe('aws');
      expect(c.awsProfile).toBe('profile' in opts ? opts.profile : undefined);
      if ('program' in opts) expect(c.awsProgram?.replace(/\\/g, '/')).toBe(opts.program.replace(/\\/g, '/'));
    }
  });
});
