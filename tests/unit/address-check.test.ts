import { describe, expect, it } from 'vitest';
import { checkAddress, EXAMPLE_ADDRESS } from '../../electron/shared/address-check';

// The address as it is typed: the usual slips get one sentence and, when the intended address
// is clear, the address itself; a good address gets nothing.

const GOOD = 'https://git-codecommit.us-east-1.amazonaws.com/v1/repos/demo';

describe('checkAddress', () => {
  it.each([
    GOOD,
    `${GOOD}/`,
    'https://git-codecommit.us-east-1.amazonaws.com:4443/v1/repos/demo',
    'https://git-codecommit-fips.us-east-1.amazonaws.com/v1/repos/demo',
    'https://git-codecommit.cn-north-1.amazonaws.com.cn/v1/repos/demo',
    'https://vpce-0a1b2c3d4e5f60718-lab0a1b2.git-codecommit.us-east-1.vpce.amazonaws.com/v1/repos/demo',
    'ssh://APKAEIBAERJR2EXAMPLE@git-codecommit.us-east-1.amazonaws.com/v1/repos/demo',
    'codecommit::us-east-1://demo',
    'codecommit://work@demo',
    'git-codecommit.us-east-1.amazonaws.com:v1/repos/demo',
    '',
    '   ',
  ])('says nothing about %j', (a) => {
    expect(checkAddress(a)).toBeNull();
  });

  it.each([
    ['git-codecommit.us-east-1.amazonaws.com/v1/repos/demo', /start with https:\/\//, GOOD],
    ['git-codecommit.us-east-1.amazonaws.com/demo', /start with https:\/\//, GOOD],
    ['https://git-codecommit.us-east-1.amazonaws.com/demo', /\/v1\/repos\//, GOOD],
    ['https://git-codecommit.us-east-1.amazonaws.com/repos/demo', /\/v1\/repos\//, GOOD],
    ['http://git-codecommit.us-east-1.amazonaws.com/v1/repos/demo', /https:\/\/ only/, GOOD],
    [`git clone ${GOOD}`, /without “git clone”/, GOOD],
    ['git clone git-codecommit.us-east-1.amazonaws.com/v1/repos/demo my-folder', /without “git clone”/, GOOD],
    ['https://git-codecommit.us-east-1. amazonaws.com/v1/repos/demo', /no spaces/, GOOD],
    [
      'https://us-east-1.console.aws.amazon.com/codesuite/codecommit/repositories/demo/browse?region=us-east-1',
      /page in the AWS console/,
      GOOD,
    ],
    [
      'https://alice@example.com@git-codecommit.us-east-1.amazonaws.com/v1/repos/demo',
      /needs no user name/,
      GOOD,
    ],
  ])('%j: one sentence and "did you mean"', (typed, message, suggestion) => {
    const hint = checkAddress(typed);
    expect(hint?.message).toMatch(message);
    expect(hint?.suggestion).toBe(suggestion);
    // The suggestion itself is a good address.
    expect(checkAddress(suggestion)).toBeNull();
  });

  it.each([
    ['demo', /whole address/],
    ['https://github.com/octo/demo', /not a CodeCommit address/],
    ['https://git-codecommit.us-east-1.amazonaws.com/v1/repos/', /before the repository name/],
    [`${GOOD.replace('demo', 'my demo')}`, /repository name has no spaces/],
  ])('%j: one sentence and one example, no guess', (typed, message) => {
    const hint = checkAddress(typed);
    expect(hint?.message).toMatch(message);
    expect(hint?.suggestion).toBeUndefined();
    expect(hint?.example).toBe(EXAMPLE_ADDRESS);
    expect(hint?.message.match(/https:\/\/git-codecommit/g) ?? []).toHaveLength(0);
  });
});
