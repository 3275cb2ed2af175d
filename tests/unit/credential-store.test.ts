import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCredentialStoreLine } from '../../electron/engine/platform/common/credential-store';

// git's strbuf_addstr_urlencode for user and password: everything but RFC 3986 unreserved
// characters as %xx with lowercase hex (credential-store.c, git 2.39).
function gitEncode(s: string): string {
  return [...Buffer.from(s, 'utf8')]
    .map((b) =>
      /[A-Za-z0-9\-._~]/.test(String.fromCharCode(b))
        ? String.fromCharCode(b)
        : `%${b.toString(16).padStart(2, '0')}`,
    )
    .join('');
}

describe('parseCredentialStoreLine', () => {
  it('reads a line git wrote, dropping the password', () => {
    const r = parseCredentialStoreLine(
      'https://alice%2bci%40111122223333:p%2f1%3ax@git-codecommit.us-east-1.amazonaws.com',
    );
    expect(r).toEqual({
      protocol: 'https',
      host: 'git-codecommit.us-east-1.amazonaws.com',
      hostname: 'git-codecommit.us-east-1.amazonaws.com',
      user: 'alice+ci@111122223333',
      hasPassword: true,
    });
  });

  it('port, path with trimmed slashes, uppercase hex, CRLF', () => {
    expect(
      parseCredentialStoreLine(
        'https://bob:x@git-codecommit.eu-west-1.amazonaws.com:8443//v1/repos/my%20repo//\r',
      ),
    ).toEqual({
      protocol: 'https',
      host: 'git-codecommit.eu-west-1.amazonaws.com:8443',
      hostname: 'git-codecommit.eu-west-1.amazonaws.com',
      port: 8443,
      user: 'bob',
      path: 'v1/repos/my repo',
      hasPassword: true,
    });
    expect(parseCredentialStoreLine('https://%C3%A9t%C3%A9@h.example')?.user).toBe('été');
  });

  it('user without password, no user, and git-ignored garbage', () => {
    expect(parseCredentialStoreLine('https://carol@github.com')).toMatchObject({
      user: 'carol',
      hasPassword: false,
    });
    expect(parseCredentialStoreLine('https://github.com/x')).toMatchObject({
      hostname: 'github.com',
      path: 'x',
    });
    expect(parseCredentialStoreLine('https://github.com/x')?.user).toBeUndefined();
    expect(parseCredentialStoreLine('')).toBeNull();
    expect(parseCredentialStoreLine('not a url')).toBeNull();
    expect(parseCredentialStoreLine('://x@y')).toBeNull();
    expect(parseCredentialStoreLine('https://u:p@')).toBeNull();
    // An @ after the first slash belongs to the path, not to user info (git's case 1).
    expect(parseCredentialStoreLine('https://host.example/a@b')).toMatchObject({
      hostname: 'host.example',
      path: 'a@b',
    });
  });

  it('round-trips any user name git encodes, and never returns the password', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 30 }),
        fc.string({ minLength: 1, maxLength: 30 }),
        (user, pass) => {
          const marker = `PW${pass}`;
          const line = `https://${gitEncode(user)}:${gitEncode(marker)}@git-codecommit.us-west-2.amazonaws.com`;
          const r = parseCredentialStoreLine(line);
          expect(r?.user).toBe(user);
          expect(r?.hasPassword).toBe(true);
          expect(r?.hostname).toBe('git-codecommit.us-west-2.amazonaws.com');
          expect(JSON.stringify(r)).not.toContain(gitEncode(marker));
          expect(Object.values(r ?? {})).not.toContain(marker);
        },
      ),
      { numRuns: 300 },
    );
  });
});
