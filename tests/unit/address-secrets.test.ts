import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyLsRemote } from '../../electron/engine/fixes/verify';
import { redactUrlSecrets } from '../../electron/engine/probes/git';
import { redactSecrets } from '../../electron/engine/report';
import type { RunResult } from '../../electron/engine/runner';
import { parseRemoteUrl, redactPassword } from '../../electron/engine/target';
import { redactAddress, scrubSecrets, unmaskAddress } from '../../electron/shared/redact';

// Issue 10 item 1: a password with `/` (or any other character) in a clone address was
// printed in full — the old scrubbers ended the user info at the first `/`, as an RFC
// parser does, so `https://bob:se/cr$et@host` kept its password. One function masks an
// address, one scrubs text, and every place an address is shown uses them.

const HOST = 'git-codecommit.us-east-1.amazonaws.com';
const PASSWORD = 'se3d/Pa$s#w0rd?x';
const URL = `https://bob:${PASSWORD}@${HOST}/v1/repos/demo`;
/** The parts of a password a leak would show (the mask keeps `/?#@` where they were). */
const FRAGMENTS = ['se3d', 'Pa$s', 'w0rd', PASSWORD];

function leaks(text: string): string[] {
  return FRAGMENTS.filter((f) => text.includes(f));
}

// Any password of printable ASCII but the mask's own `*`, long enough not to occur by chance.
const passwordArb = fc.stringMatching(/^[\x21-\x29\x2b-\x7e]{6,24}$/);

describe('an address with a password', () => {
  it('parseRemoteUrl never keeps a password with a slash (problem and display)', () => {
    const r = parseRemoteUrl(URL, 'test');
    expect(leaks(JSON.stringify(r))).toEqual([]);
    const scp = parseRemoteUrl(`bob:${PASSWORD.replace(/[/?#]/g, '')}@${HOST}:v1/repos/demo`, 'test');
    expect(JSON.stringify(scp)).not.toContain('Pa$sw0rdx');
  });

  it('redactPassword masks the password whatever it holds, keeping git’s reading of the address', () => {
    expect(redactPassword(URL)).toBe(`https://bob:***/***#***?***@${HOST}/v1/repos/demo`);
    expect(redactPassword(`https://bob:pw@${HOST}/v1/repos/demo`)).toBe(
      `https://bob:***@${HOST}/v1/repos/demo`,
    );
    expect(redactPassword(`https://bob@${HOST}/v1/repos/demo`)).toBe(`https://bob@${HOST}/v1/repos/demo`);
    expect(redactPassword(`ssh://APKAEXAMPLE@${HOST}:22/v1/repos/demo`)).toBe(
      `ssh://APKAEXAMPLE@${HOST}:22/v1/repos/demo`,
    );
    // git reads `bob:***` as the host either way: the diagnosis of the masked address is git's.
    const masked = parseRemoteUrl(redactPassword(URL), 'test');
    expect('code' in masked && masked.code).toBe('url-malformed');
  });

  it('property: no password survives, in an address or in text git printed', () => {
    fc.assert(
      fc.property(passwordArb, (pw) => {
        const url = `https://alice:${pw}@${HOST}/v1/repos/r`;
        fc.pre(!`https://alice:@${HOST}/v1/repos/r`.includes(pw));
        const shown = [
          redactAddress(url),
          redactPassword(url),
          JSON.stringify(parseRemoteUrl(url, 'test')),
          redactUrlSecrets(`remote.origin.url=${url}`),
          redactSecrets(`fatal: unable to access '${url}/': 403`),
          scrubSecrets(`fatal: unable to access '${url}/': 403`, [pw]),
        ];
        return shown.every((s) => !s.includes(pw));
      }),
      { numRuns: 500 },
    );
  });

  it('the probe, the report and verify scrub git’s "unable to access" line', () => {
    const line = `fatal: unable to access '${URL}/': URL using bad/illegal format or missing URL`;
    expect(leaks(redactUrlSecrets(`remote.origin.url=${URL}`))).toEqual([]);
    expect(leaks(redactSecrets(line))).toEqual([]);
    const result: RunResult = {
      command: 'git',
      args: ['ls-remote', '--', URL],
      exitCode: 128,
      signal: null,
      stdout: '',
      stderr: `${line}\n`,
      timedOut: false,
      notFound: false,
      durationMs: 12,
    };
    const v = classifyLsRemote(result);
    expect(leaks(JSON.stringify(v))).toEqual([]);
    expect(v.detail).toContain('https://bob:***');
  });

  it('scrubs a password git printed with a space or a quote in it when the address is known', () => {
    const pw = "it's a secret";
    const url = `https://bob:${pw}@${HOST}/v1/repos/demo`;
    expect(scrubSecrets(`fatal: unable to access '${url}/': bad`, [pw])).not.toContain('secret');
  });

  it('a masked address gets its real password back only in-process, only for the same address', () => {
    const masked = redactAddress(URL);
    const moved = masked.replace('us-east-1', 'eu-west-1');
    expect(unmaskAddress(moved, masked, URL)).toBe(URL.replace('us-east-1', 'eu-west-1'));
    expect(unmaskAddress(moved, masked, URL.replace('bob', 'eve'))).toBeNull();
    // Encoding the user name keeps the password; another transport drops it.
    const encoded = masked.replace('bob', 'b%40b');
    expect(unmaskAddress(encoded, masked, URL)).toBe(URL.replace('bob', 'b%40b'));
    expect(unmaskAddress('codecommit::us-east-1://demo', masked, URL)).toBe('codecommit::us-east-1://demo');
    expect(unmaskAddress(`${masked} ${masked}`, masked, URL)).toBeNull();
    expect(unmaskAddress(`https://bob@${HOST}/x`, `https://bob@${HOST}/x`, `https://bob@${HOST}/x`)).toBe(
      `https://bob@${HOST}/x`,
    );
  });
});
