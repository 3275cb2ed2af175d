import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { applyFix } from '../../electron/engine/fixes/apply';
import { Journal } from '../../electron/engine/fixes/journal';
import type { Finding, ScanReport } from '../../electron/engine/model';
import { createFixSandbox, type FixSandbox } from '../support/fix-sandbox';

// Issue 12 §2 cause 6 with the real OpenSSH client here (Debian 12: OpenSSH 9.2, which — like
// every OpenSSH since 8.8 — leaves ssh-rsa out of both lists) and a sandboxed ~/.ssh/config,
// asked with `ssh -F <file> -G <host>`: nothing connects anywhere.

const HOST = 'git-codecommit.us-east-1.amazonaws.com';
const SSH_URL = `ssh://APKAEIBAERJR2EXAMPLE@${HOST}/v1/repos/r1`;
const GUIDE_BLOCK = `Host git-codecommit.*.amazonaws.com\n  User APKAEIBAERJR2EXAMPLE\n  IdentityFile ~/.ssh/codecommit_rsa\n`;

const boxes: FixSandbox[] = [];
afterEach(() => {
  for (const b of boxes.splice(0)) b.cleanup();
});

function box(sshConfig: string | null): FixSandbox {
  const b = createFixSandbox({ global: '' });
  boxes.push(b);
  mkdirSync(path.join(b.home, '.ssh'), { mode: 0o700 });
  if (sshConfig !== null) writeFileSync(path.join(b.home, '.ssh', 'config'), sshConfig, { mode: 0o600 });
  return b;
}

const configOf = (b: FixSandbox) => path.join(b.home, '.ssh', 'config');

/** What the real ssh would use for the host with this file (`ssh -G`, no connection). */
function sshG(b: FixSandbox, key: string): string[] {
  const out = execFileSync('ssh', ['-F', configOf(b), '-G', HOST], { env: b.env }).toString();
  const line = out.split('\n').find((l) => l.startsWith(`${key} `)) ?? '';
  return line.slice(key.length + 1).split(',');
}

function keygen(b: FixSandbox, name: string, args: string[]): string {
  const file = path.join(b.home, '.ssh', name);
  execFileSync('ssh-keygen', ['-q', '-N', '', '-C', 'x', '-f', file, ...args]);
  return file;
}

const find = (r: ScanReport, code: string): Finding | undefined => r.findings.find((f) => f.code === code);

describe('ssh-rsa refused by OpenSSH ≥ 8.8 (cause 6)', () => {
  it('the AWS guide block alone: ssh leaves ssh-rsa out, and the doctor says so with ssh’s own lists', async () => {
    const b = box(GUIDE_BLOCK);
    expect(sshG(b, 'hostkeyalgorithms')).not.toContain('ssh-rsa');
    const r = await b.scan({ kind: 'url', url: SSH_URL });
    const f = find(r, 'ssh-rsa-refused');
    expect(f?.severity).toBe('error');
    expect(f?.explanation).toMatch(/OpenSSH_\d+\.\d+/);
    expect(f?.evidence).toContainEqual(
      expect.objectContaining({ kind: 'text', detail: sshG(b, 'hostkeyalgorithms').join(',') }),
    );
  });

  it('the fix adds both lines to the CodeCommit block (journaled): ssh then allows ssh-rsa there only; undo puts the bytes back', async () => {
    const b = box(`# mine\n${GUIDE_BLOCK}\nHost github.com\n  User git\n`);
    const before = readFileSync(configOf(b));
    const r = await b.scan({ kind: 'url', url: SSH_URL });
    const offer = find(r, 'ssh-rsa-refused')?.fixes.find((o) => o.kind === 'fix');
    expect(offer?.reversible).toBe(true);
    expect(offer?.preview[0]?.description).toContain(
      'HostKeyAlgorithms +ssh-rsa and PubkeyAcceptedAlgorithms +ssh-rsa',
    );
    const journal = Journal.forContext(b.ctx);
    const out = await applyFix(b.ctx, offer!, { journal });
    expect(out.ok, out.error).toBe(true);
    expect(sshG(b, 'hostkeyalgorithms')).toContain('ssh-rsa');
    expect(sshG(b, 'pubkeyacceptedalgorithms')).toContain('ssh-rsa');
    // github.com keeps OpenSSH's defaults.
    const gh = execFileSync('ssh', ['-F', configOf(b), '-G', 'github.com'], { env: b.env }).toString();
    expect(/^hostkeyalgorithms (.*)$/m.exec(gh)?.[1]?.split(',')).not.toContain('ssh-rsa');
    expect(readFileSync(configOf(b), 'utf8')).toContain('# mine');
    expect(find(await b.scan({ kind: 'url', url: SSH_URL }), 'ssh-rsa-refused')).toBeUndefined();
    await journal.undo(out.journalId as string);
    expect(readFileSync(configOf(b)).equals(before)).toBe(true);
  });

  it('no ~/.ssh/config at all: the fix creates it with the CodeCommit block, and undo removes it', async () => {
    const b = box(null);
    const r = await b.scan({ kind: 'url', url: SSH_URL });
    const offer = find(r, 'ssh-rsa-refused')?.fixes.find((o) => o.kind === 'fix');
    const journal = Journal.forContext(b.ctx);
    const out = await applyFix(b.ctx, offer!, { journal });
    expect(out.ok, out.error).toBe(true);
    expect(readFileSync(configOf(b), 'utf8')).toMatch(/^Host git-codecommit\.\*\.amazonaws\.com\n/);
    await journal.undo(out.journalId as string);
    expect(existsSync(configOf(b))).toBe(false);
  });

  it('an earlier line that wins over the block: ssh -G proves the edit useless, and the file is put back', async () => {
    const b = box(`HostKeyAlgorithms ssh-ed25519\n${GUIDE_BLOCK}`);
    const before = readFileSync(configOf(b));
    const r = await b.scan({ kind: 'url', url: SSH_URL });
    const offer = find(r, 'ssh-rsa-refused')?.fixes.find((o) => o.kind === 'fix');
    const out = await applyFix(b.ctx, offer!, { journal: Journal.forContext(b.ctx) });
    expect(out.ok).toBe(false);
    expect(out.error).toMatch(/still does not allow ssh-rsa \(HostKeyAlgorithms\)/);
    expect(out.rolledBack).toBe(true);
    expect(readFileSync(configOf(b)).equals(before)).toBe(true);
  });

  it('control: a block that already allows ssh-rsa has no finding', async () => {
    const b = box(`${GUIDE_BLOCK}  HostKeyAlgorithms +ssh-rsa\n  PubkeyAcceptedAlgorithms +ssh-rsa\n`);
    const r = await b.scan({ kind: 'url', url: SSH_URL });
    expect(find(r, 'ssh-rsa-refused')).toBeUndefined();
    expect(r.checks.find((c) => c.id === 'ssh-algorithms')?.status).toBe('pass');
  });

  it('settings that start a program to decide (Match exec): ssh is not asked, the program does not run', async () => {
    const b = box(`Match exec "touch ${'$'}HOME/ran"\n  User x\n${GUIDE_BLOCK}`);
    const r = await b.scan({ kind: 'url', url: SSH_URL });
    const check = r.checks.find((c) => c.id === 'ssh-algorithms');
    expect(check?.status).toBe('error');
    expect(check?.message).toContain('Match exec');
    expect(existsSync(path.join(b.home, 'ran'))).toBe(false);
  });
});

describe('an IdentityFile IAM can never accept (cause 6)', () => {
  it.each([
    ['ed25519', ['-t', 'ed25519'], /ssh-ed25519 key/],
    ['ecdsa', ['-t', 'ecdsa'], /ecdsa-sha2-nistp256 key/],
    ['rsa 1024', ['-t', 'rsa', '-b', '1024'], /1024-bit RSA key/],
  ])('%s → ssh-key-type-not-accepted, before anyone uploads it', async (_name, args, why) => {
    const b = box(GUIDE_BLOCK);
    keygen(b, 'codecommit_rsa', args);
    const r = await b.scan({ kind: 'url', url: SSH_URL });
    const f = find(r, 'ssh-key-type-not-accepted');
    expect(f?.explanation).toMatch(why);
    expect(f?.fixes[0]?.description).toContain('ssh-keygen -t rsa -b 4096');
  });

  it('control: an RSA key of 2048 bits is fine', async () => {
    const b = box(GUIDE_BLOCK);
    keygen(b, 'codecommit_rsa', ['-t', 'rsa', '-b', '2048']);
    const r = await b.scan({ kind: 'url', url: SSH_URL });
    expect(find(r, 'ssh-key-type-not-accepted')).toBeUndefined();
  });

  it('the real ssh-keygen and the probe agree on a key’s size', async () => {
    const b = box(GUIDE_BLOCK);
    const file = keygen(b, 'codecommit_rsa', ['-t', 'rsa', '-b', '3072']);
    const bits = Number(
      /^(\d+)/.exec(execFileSync('ssh-keygen', ['-l', '-f', `${file}.pub`]).toString())?.[1],
    );
    const { publicKeyInfo } = await import('../../electron/engine/probes/ssh-client');
    expect(publicKeyInfo(readFileSync(`${file}.pub`, 'utf8'))).toEqual({ type: 'ssh-rsa', bits });
  });
});
