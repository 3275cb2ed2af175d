import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CODECOMMIT_REGIONS } from '../../electron/engine/codecommit-host';
import { labHostFor, regionFromHost } from '../lab/hosts';
import {
  FUTURE_TOLERANCE_MS,
  gitSignature,
  gitTimestamp,
  signGitPassword,
  verifyGitPassword,
} from '../lab/sigv4-git';
import { emptyState, type LabIdentity, type LabState } from '../lab/state';

// The Lab's verifier on its own (the cross-check against the real AWS helper is in
// lab-scenarios.test.ts). Known answer computed by /usr/bin/aws 2.9.19 on this machine.

const KEY = { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'secret' };

function world(extra: Partial<LabIdentity> = {}): { state: LabState; id: LabIdentity } {
  const state = emptyState();
  const id: LabIdentity = {
    arn: 'arn:aws:iam::111122223333:user/alice',
    account: '111122223333',
    userId: 'AIDAEXAMPLE',
    userName: 'alice',
    ...KEY,
    ...extra,
  };
  state.identities.push(id);
  return { state, id };
}

const HOST = 'git-codecommit.us-east-1.amazonaws.com:4443';
const PATH = '/v1/repos/x';

describe('gitSignature', () => {
  it('matches a password the real AWS CLI helper produced', () => {
    // printf 'protocol=https\nhost=git-codecommit.us-east-1.amazonaws.com:4443\npath=v1/repos/x\n\n' |
    //   AWS_ACCESS_KEY_ID=AKIAEXAMPLE AWS_SECRET_ACCESS_KEY=secret aws codecommit credential-helper get
    expect(
      gitSignature({
        secretAccessKey: 'secret',
        region: 'us-east-1',
        host: HOST,
        path: 'v1/repos/x',
        timestamp: '20261122T185238',
      }),
    ).toBe('2d640566719be570e54d50f86f74acbfc7b50504c86b53a5ce1270a1505cc57f');
  });

  it('formats the timestamp as the helper does', () => {
    expect(gitTimestamp(new Date('2026-11-22T18:52:38.123Z'))).toBe('20261122T185238');
  });

  it('takes the region from the host like the helper regex (re.match, port and .cn allowed)', () => {
    expect(regionFromHost('git-codecommit.eu-west-1.amazonaws.com:443')).toBe('eu-west-1');
    expect(regionFromHost(labHostFor('cn-north-1'))).toBe('cn-north-1');
    expect(regionFromHost(labHostFor('us-west-2', 'vpce-fips'))).toBe('us-west-2');
    expect(regionFromHost('github.com')).toBeNull();
  });
});

describe('verifyGitPassword', () => {
  it('accepts a fresh signature for the host region and rejects any changed character', () => {
    const { state } = world();
    fc.assert(
      fc.property(
        fc.constantFrom(...CODECOMMIT_REGIONS),
        fc.constantFrom('standard', 'fips', 'vpce') as fc.Arbitrary<'standard' | 'fips' | 'vpce'>,
        fc.stringMatching(/^[A-Za-z0-9._-]{1,30}$/),
        fc.nat(79),
        (region, kind, repo, pos) => {
          const host = `${labHostFor(region, kind)}:8443`;
          const path = `/v1/repos/${repo}`;
          const password = signGitPassword({ ...KEY, region, host, path, date: new Date() });
          const input = { username: KEY.accessKeyId, password, host, repoPath: path };
          expect(verifyGitPassword(state, input)).toMatchObject({
            ok: true,
            principalArn: state.identities[0]!.arn,
          });
          const c = password[pos]!;
          const changed = password.slice(0, pos) + (c === '1' ? '2' : '1') + password.slice(pos + 1);
          expect(verifyGitPassword(state, { ...input, password: changed }).ok).toBe(false);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('rejects unknown keys, other regions, stale, future, expired and token mismatches', () => {
    const { state, id } = world({ sessionToken: 'TOKEN' });
    const sign = (date: Date, region = 'us-east-1') =>
      signGitPassword({ ...KEY, region, host: HOST, path: PATH, date });
    const base = { username: `${id.accessKeyId}%TOKEN`, host: HOST, repoPath: PATH };
    const now = Date.now();
    const check = (over: Partial<typeof base & { password: string }>) =>
      verifyGitPassword(state, { ...base, password: sign(new Date(now)), ...over });

    expect(check({})).toMatchObject({ ok: true });
    expect(check({ password: '' })).toMatchObject({ reason: 'empty-password' });
    expect(check({ password: 'hunter2' })).toMatchObject({ reason: 'malformed-password' });
    expect(check({ username: 'AKIAOTHER%TOKEN' })).toMatchObject({ reason: 'unknown-access-key' });
    expect(check({ username: id.accessKeyId })).toMatchObject({ reason: 'session-token-mismatch' });
    expect(check({ password: sign(new Date(now), 'eu-west-1') })).toMatchObject({ reason: 'wrong-region' });
    expect(check({ password: sign(new Date(now - 16 * 60_000)) })).toMatchObject({
      reason: 'signature-expired',
    });
    expect(check({ password: sign(new Date(now - 14 * 60_000)) })).toMatchObject({ ok: true });
    // The future side is an assumption (see FUTURE_TOLERANCE_MS): five minutes.
    expect(FUTURE_TOLERANCE_MS).toBe(5 * 60_000);
    expect(check({ password: sign(new Date(now + 4 * 60_000)) })).toMatchObject({ ok: true });
    expect(check({ password: sign(new Date(now + 6 * 60_000)) })).toMatchObject({
      reason: 'signature-in-future',
      detail: expect.stringMatching(/^signed 3[56]\d s ahead$/),
    });
    expect(check({ host: 'example.com' })).toMatchObject({ ok: false });

    state.clockOffsetMs = 20 * 60_000;
    expect(check({})).toMatchObject({ reason: 'signature-expired' });
    state.clockOffsetMs = 0;
    id.expired = true;
    expect(check({})).toMatchObject({ reason: 'expired-identity' });
  });

  it('maps an assumed-role session to its role and accepts only active static Git credentials', () => {
    const { state } = world({ arn: 'arn:aws:sts::111122223333:assumed-role/Dev/alice' });
    const pw = signGitPassword({ ...KEY, region: 'us-east-1', host: HOST, path: PATH, date: new Date() });
    expect(
      verifyGitPassword(state, { username: KEY.accessKeyId, password: pw, host: HOST, repoPath: PATH }),
    ).toMatchObject({
      ok: true,
      principalArn: 'arn:aws:iam::111122223333:role/Dev',
    });

    state.gitCredentials.push({
      serviceSpecificCredentialId: 'ACCAEXAMPLE',
      userName: 'alice',
      serviceUserName: 'alice-at-111122223333',
      password: 'static-pass',
      status: 'Active',
      createDate: '2025-01-01T00:00:00Z',
    });
    const input = { username: 'alice-at-111122223333', password: 'static-pass', host: HOST, repoPath: PATH };
    expect(verifyGitPassword(state, input)).toMatchObject({
      ok: true,
      via: 'git-credentials',
      account: '111122223333',
    });
    expect(verifyGitPassword(state, { ...input, password: 'static-pasz' })).toMatchObject({
      reason: 'git-credential-bad-password',
    });
    state.gitCredentials[0]!.status = 'Inactive';
    expect(verifyGitPassword(state, input)).toMatchObject({ reason: 'git-credential-inactive' });
  });
});
