import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { UrlProblem } from '../../electron/engine/model';
import {
  encodeUserForUrl,
  parseRemoteUrl,
  userNeedsEncoding,
  type ParsedRemote,
} from '../../electron/engine/target';

function ok(input: string): ParsedRemote {
  const r = parseRemoteUrl(input, 'test');
  if ('code' in r) throw new Error(`expected a target for ${input}, got ${r.code}: ${r.reason}`);
  return r;
}
function bad(input: string): UrlProblem {
  const r = parseRemoteUrl(input, 'test');
  if (!('code' in r)) throw new Error(`expected a problem for ${input}`);
  return r;
}

describe('parseRemoteUrl: HTTPS', () => {
  it('parses the standard address', () => {
    expect(ok('https://git-codecommit.us-east-1.amazonaws.com/v1/repos/MyDemoRepo')).toEqual({
      display: 'https://git-codecommit.us-east-1.amazonaws.com/v1/repos/MyDemoRepo',
      source: 'test',
      transport: 'https',
      hostname: 'git-codecommit.us-east-1.amazonaws.com',
      codecommit: {
        hostname: 'git-codecommit.us-east-1.amazonaws.com',
        region: 'us-east-1',
        kind: 'standard',
        china: false,
      },
      repo: 'MyDemoRepo',
      matchUrl: 'https://git-codecommit.us-east-1.amazonaws.com/v1/repos/MyDemoRepo',
    });
  });

  it('accepts a trailing slash, .git, a port and upper case host', () => {
    expect(ok('https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/x/').repo).toBe('x');
    expect(ok('https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/x.git').repo).toBe('x');
    const t = ok('https://Git-CodeCommit.EU-WEST-1.amazonaws.com:443/v1/repos/x');
    expect(t.hostname).toBe('git-codecommit.eu-west-1.amazonaws.com');
    expect(t.port).toBe(443);
    expect(t.matchUrl).toBe('https://Git-CodeCommit.EU-WEST-1.amazonaws.com:443/v1/repos/x');
  });

  it('keeps the user, never the password', () => {
    const t = ok(
      'https://alice-at-123456789012:wJalrXUtnFEMI@git-codecommit.us-east-2.amazonaws.com/v1/repos/r',
    );
    expect(t.user).toBe('alice-at-123456789012');
    expect(t.rawUser).toBe('alice-at-123456789012');
    expect(t.display).toBe(
      'https://alice-at-123456789012:***@git-codecommit.us-east-2.amazonaws.com/v1/repos/r',
    );
    expect(JSON.stringify(t)).not.toContain('wJalrXUtnFEMI');
    expect(t.matchUrl).toBe(
      'https://alice-at-123456789012@git-codecommit.us-east-2.amazonaws.com/v1/repos/r',
    );
  });

  it('reads an unencoded @ in the user name the way the person meant it', () => {
    const t = ok('https://alice@example.com@git-codecommit.us-east-1.amazonaws.com/v1/repos/x');
    expect(t.hostname).toBe('git-codecommit.us-east-1.amazonaws.com');
    expect(t.user).toBe('alice@example.com');
    expect(t.rawUser).toBe('alice@example.com');
    expect(t.matchUrl).toBe('https://alice%40example.com@git-codecommit.us-east-1.amazonaws.com/v1/repos/x');
    const enc = ok('https://alice%40example.com@git-codecommit.us-east-1.amazonaws.com/v1/repos/x');
    expect(enc.user).toBe('alice@example.com');
    expect(enc.rawUser).toBe('alice%40example.com');
  });

  it('handles FIPS, VPC endpoint and China hosts', () => {
    expect(ok('https://git-codecommit-fips.us-east-1.amazonaws.com/v1/repos/r').codecommit?.kind).toBe(
      'fips',
    );
    expect(
      ok('https://vpce-0123456789abcdef0-abcdefgh.git-codecommit.us-east-1.vpce.amazonaws.com/v1/repos/r')
        .codecommit?.kind,
    ).toBe('vpce');
    const cn = ok('https://git-codecommit.cn-north-1.amazonaws.com.cn/v1/repos/r');
    expect(cn.codecommit).toMatchObject({ region: 'cn-north-1', china: true });
  });

  it('accepts /v1/repos/ with no name (host only)', () => {
    const t = ok('https://git-codecommit.us-east-1.amazonaws.com/v1/repos/');
    expect(t.repo).toBeUndefined();
  });
});

describe('parseRemoteUrl: SSH and codecommit://', () => {
  it('parses ssh:// with a key ID user and a port', () => {
    const t = ok('ssh://APKAEIBAERJR2EXAMPLE@git-codecommit.us-east-2.amazonaws.com:22/v1/repos/MyDemoRepo');
    expect(t).toMatchObject({ transport: 'ssh', user: 'APKAEIBAERJR2EXAMPLE', port: 22, repo: 'MyDemoRepo' });
    expect(t.matchUrl).toBeUndefined();
  });

  it('parses scp-like addresses', () => {
    expect(ok('git-codecommit.us-east-2.amazonaws.com:v1/repos/r')).toMatchObject({
      transport: 'ssh',
      repo: 'r',
    });
    expect(ok('APKAX@git-codecommit.us-east-2.amazonaws.com:v1/repos/r.git')).toMatchObject({
      user: 'APKAX',
      repo: 'r',
    });
  });

  it('parses git-remote-codecommit addresses', () => {
    expect(ok('codecommit://MyRepo')).toMatchObject({ transport: 'codecommit', repo: 'MyRepo' });
    expect(ok('codecommit://dev@MyRepo')).toMatchObject({ profile: 'dev', repo: 'MyRepo' });
    const t = ok('codecommit::eu-central-1://dev@MyRepo');
    expect(t).toMatchObject({ region: 'eu-central-1', profile: 'dev', repo: 'MyRepo' });
    expect(t.hostname).toBeUndefined();
  });

  it('rejects broken codecommit:// addresses in plain words', () => {
    expect(bad('codecommit::nowhere://MyRepo')).toMatchObject({ code: 'url-malformed' });
    expect(bad('codecommit://').reason).toMatch(/repository name/);
  });
});

describe('parseRemoteUrl: other hosts and garbage', () => {
  it('reports valid addresses of other hosts as not CodeCommit', () => {
    for (const u of [
      'https://github.com/org/repo.git',
      'git@github.com:org/repo.git',
      'ssh://git@gitlab.com/x/y',
      'https://git-codecommit.us-east-1.amazonaws.com.evil.com/v1/repos/x',
    ]) {
      expect(bad(u).code).toBe('url-not-codecommit');
    }
  });

  it('reports garbage as malformed with a reason', () => {
    for (const u of [
      '',
      '   ',
      'not a url',
      'C:\\repos\\x',
      'https://git-codecommit.us-east-1.amazonaws.com:99999/v1/repos/x',
      'https:///v1/repos/x',
    ]) {
      const p = bad(u);
      expect(p.code).toBe('url-malformed');
      expect(p.reason.length).toBeGreaterThan(5);
    }
    expect(bad('https://git-codecommit.us-east-1.amazonaws.com/repos/x').reason).toMatch(/v1\/repos/);
  });

  it('never echoes a password in a problem', () => {
    const p = bad('https://u:hunter2@github.com/x');
    expect(p.input).toBe('https://u:***@github.com/x');
  });
});

describe('user name encoding', () => {
  it('tells when the user part needs encoding', () => {
    expect(userNeedsEncoding('alice@example.com@git-codecommit.us-east-1.amazonaws.com')).toBe(true);
    expect(userNeedsEncoding('alice%40example.com@host')).toBe(false);
    expect(userNeedsEncoding('alice-at-1234:pw@host')).toBe(false);
    expect(userNeedsEncoding('host')).toBe(false);
    expect(userNeedsEncoding('50%off@host')).toBe(true);
  });

  it('percent-encodes reserved characters', () => {
    expect(encodeUserForUrl('alice@example.com')).toBe('alice%40example.com');
    expect(encodeUserForUrl('a:b/c%d e+f')).toBe('a%3Ab%2Fc%25d%20e%2Bf');
    expect(encodeUserForUrl('AKIA-x_y.z~')).toBe('AKIA-x_y.z~');
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        const e = encodeUserForUrl(s);
        expect(e).toMatch(/^[A-Za-z0-9._~%-]*$/);
        expect(decodeURIComponent(e)).toBe(s);
      }),
      { numRuns: 200 },
    );
  });
});

describe('parseRemoteUrl properties', () => {
  const nonCodeCommitHost = fc.domain().filter((d) => !/git-codecommit/.test(d));

  it('never throws and always answers target-or-problem', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.webUrl(), fc.string({ unit: 'binary' })), (s) => {
        const r = parseRemoteUrl(s, 'p');
        expect('code' in r || 'transport' in r).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('never yields a CodeCommit target for another host', () => {
    fc.assert(
      fc.property(
        nonCodeCommitHost,
        fc.constantFrom('https://', 'ssh://', 'http://', ''),
        fc.constantFrom('', 'user@', 'a@b@', 'u:p@'),
        fc.constantFrom('/v1/repos/x', ':v1/repos/x', '/x.git', ''),
        (host, scheme, user, path) => {
          const r = parseRemoteUrl(`${scheme}${user}${host}${path}`, 'p');
          expect('code' in r).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('round-trips generated CodeCommit addresses', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('us-east-1', 'eu-west-3', 'ap-southeast-2', 'us-gov-west-1'),
        fc
          .stringMatching(/^[A-Za-z0-9._-]{1,20}$/)
          .filter((s) => !s.endsWith('.git') && s !== '.' && s !== '..'),
        (region, repo) => {
          const t = ok(`https://git-codecommit.${region}.amazonaws.com/v1/repos/${repo}`);
          expect(t.repo).toBe(repo);
          expect(t.codecommit?.region).toBe(region);
        },
      ),
      { numRuns: 200 },
    );
  });
});
