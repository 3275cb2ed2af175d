import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allowedValue, canAllow, editSshBlock } from '../../electron/engine/fixes/ssh-config-edit';
import {
  opensshRelease,
  parseSshG,
  publicKeyInfo,
  runsProgramsToMatch,
  sshProgram,
} from '../../electron/engine/probes/ssh-client';

// The pure parts of asking OpenSSH (the real ssh runs in tests/integration/ssh-algorithms.test.ts).

const fixtures = path.join(__dirname, '..', 'fixtures', 'ssh');
const RSA = { keyword: 'HostKeyAlgorithms' as const, algorithm: 'ssh-rsa' };
const PUB = { keyword: 'PubkeyAcceptedAlgorithms' as const, algorithm: 'ssh-rsa' };

describe('reading OpenSSH', () => {
  it('versions as ssh -V prints them (Linux, macOS, Windows)', () => {
    expect(opensshRelease('OpenSSH_9.2p1 Debian-2+deb12u6, OpenSSL 3.0.19 27 Jan 2026')).toEqual({
      major: 9,
      minor: 2,
    });
    expect(opensshRelease('OpenSSH_for_Windows_8.6p1, LibreSSL 3.4.3')).toEqual({ major: 8, minor: 6 });
    expect(opensshRelease('plink: Release 0.81')).toBeUndefined();
  });

  it('ssh -G: the first value of each list; the pre-8.5 name of the sign-in list', () => {
    expect(parseSshG('user x\nhostkeyalgorithms a,b\npubkeyacceptedalgorithms c\n')).toEqual({
      hostKeyAlgorithms: ['a', 'b'],
      pubkeyAcceptedAlgorithms: ['c'],
    });
    expect(
      parseSshG('hostkeyalgorithms a\npubkeyacceptedkeytypes ssh-rsa,d\n')?.pubkeyAcceptedAlgorithms,
    ).toEqual(['ssh-rsa', 'd']);
    expect(parseSshG('garbage')).toBeNull();
  });

  it('public keys captured from ssh-keygen: type and RSA size; a mislabelled blob is no key', () => {
    expect(publicKeyInfo(readFileSync(path.join(fixtures, 'codecommit_rsa.pub.txt'), 'utf8'))).toEqual({
      type: 'ssh-rsa',
      bits: 2048,
    });
    const ed = readFileSync(path.join(fixtures, 'id_ed25519.pub.txt'), 'utf8');
    expect(publicKeyInfo(ed)).toEqual({ type: 'ssh-ed25519' });
    expect(publicKeyInfo(ed.replace('ssh-ed25519', 'ssh-rsa'))).toBeNull();
    expect(publicKeyInfo('---- BEGIN SSH2 PUBLIC KEY ----')).toBeNull();
  });

  it('which ssh git starts: GIT_SSH_COMMAND, GIT_SSH, else ssh; PuTTY is not OpenSSH', () => {
    expect(sshProgram({})).toEqual({ program: 'ssh' });
    expect(sshProgram({ GIT_SSH_COMMAND: '"/usr/bin/ssh" -i ~/.ssh/k' })).toEqual({
      program: '/usr/bin/ssh',
    });
    expect(sshProgram({ GIT_SSH: 'C:\\Program Files\\PuTTY\\plink.exe' })).toEqual({
      other: 'C:\\Program Files\\PuTTY\\plink.exe',
    });
  });

  it('Match exec is seen wherever it is written', () => {
    expect(runsProgramsToMatch('Host x\n  User y\n\tmatch host x EXEC "true"\n')).toBe(true);
    expect(runsProgramsToMatch('Host exec\n  User y\n')).toBe(false);
    expect(runsProgramsToMatch(undefined)).toBe(false);
  });
});

describe('editing the CodeCommit Host block', () => {
  it('a list the block sets is extended, a missing one becomes +ssh-rsa, a removal list is left to the person', () => {
    expect(allowedValue(undefined, 'ssh-rsa')).toBe('+ssh-rsa');
    expect(allowedValue('+ssh-dss', 'ssh-rsa')).toBe('+ssh-dss,ssh-rsa');
    expect(allowedValue('ssh-ed25519', 'ssh-rsa')).toBe('ssh-ed25519,ssh-rsa');
    expect(allowedValue('^ssh-rsa', 'ssh-rsa')).toBe('^ssh-rsa');
    expect(allowedValue('-ssh-rsa', 'ssh-rsa')).toBeNull();
    expect(canAllow('Host h\n  HostKeyAlgorithms -ssh-rsa\n', 'h', [RSA])).toBe(false);
    expect(canAllow('Host h\n  HostKeyAlgorithms -ssh-rsa\n', 'other', [RSA])).toBe(true);
  });

  it('edits the block in place and keeps everything else byte for byte', () => {
    const text =
      '# top\nHost git-codecommit.*.amazonaws.com\n  User APKA\n  HostKeyAlgorithms ssh-ed25519\n\nHost *\n  User me\n';
    const out = editSshBlock(text, 'git-codecommit.*.amazonaws.com', [], [RSA, PUB]);
    expect(out).toBe(
      '# top\nHost git-codecommit.*.amazonaws.com\n  User APKA\n  HostKeyAlgorithms ssh-ed25519,ssh-rsa\n  PubkeyAcceptedAlgorithms +ssh-rsa\n\nHost *\n  User me\n',
    );
  });

  it('a new block goes before the first Host', () => {
    const out = editSshBlock('Host *\n  User me\n', 'git-codecommit.*.amazonaws.com', [], [RSA, PUB]);
    expect(out.indexOf('HostKeyAlgorithms +ssh-rsa')).toBeLessThan(out.indexOf('Host *'));
    expect(out).toContain('PubkeyAcceptedAlgorithms +ssh-rsa');
  });
});
