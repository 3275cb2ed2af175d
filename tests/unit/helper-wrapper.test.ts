import { describe, expect, it } from 'vitest';
import { classifyHelper } from '../../electron/engine/helper-chain';

// The AWS helper inside a command of the user's own (issue 12 §2 cause 10).

describe('classifyHelper: the AWS helper inside a wrapper', () => {
  it.each([
    [
      '!aws-vault exec dev -- aws codecommit credential-helper $@',
      { kind: 'aws-vault', program: 'aws-vault', command: 'aws-vault exec dev --', profile: 'dev' },
    ],
    [
      '!aws-vault exec --prompt=osascript --duration 1h dev -- aws codecommit credential-helper $@',
      { kind: 'aws-vault', profile: 'dev', prompt: 'osascript' },
    ],
    [
      '!/usr/local/bin/assume-role prod aws --profile x codecommit credential-helper $@',
      { kind: 'assume-role', program: '/usr/local/bin/assume-role', profile: 'prod' },
    ],
    ['!f() { aws codecommit credential-helper "$@"; }; f', { kind: 'function' }],
    ['!sudo -u build aws codecommit credential-helper $@', { kind: 'other', program: 'sudo' }],
  ])('%s', (line, wrapper) => {
    const c = classifyHelper(line);
    expect(c.kind).toBe('aws');
    expect(c.storing).toBe(false);
    expect(c.awsProgram).toMatch(/aws$/);
    expect(c.wrapper).toMatchObject(wrapper);
  });

  it('keeps the profile given to aws inside the wrapper, and the plain helper has no wrapper', () => {
    expect(
      classifyHelper('!/usr/local/bin/assume-role prod aws --profile x codecommit credential-helper $@')
        .awsProfile,
    ).toBe('x');
    const plain = classifyHelper('!aws --profile p codecommit credential-helper $@');
    expect(plain).toEqual({ kind: 'aws', storing: false, awsProgram: 'aws', awsProfile: 'p' });
  });

  it('a command that merely mentions aws is not the AWS helper', () => {
    expect(classifyHelper('!echo aws codecommit').kind).toBe('other');
    expect(classifyHelper('!aws-vault exec dev -- git credential-store get').kind).not.toBe('aws');
  });
});
