import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { applyFix } from '../../electron/engine/fixes/apply';
import { Journal } from '../../electron/engine/fixes/journal';
import type { Finding, ScanReport } from '../../electron/engine/model';
import { realRunner } from '../../electron/engine/runner';
import { createFixSandbox, writeExecutable, type FixSandbox } from '../support/fix-sandbox';

// Issue 12 §2 cause 2: a helper git cannot start is not "answering first". With real git
// 2.39: `helper = manager` and no Git Credential Manager installed makes git print "git:
// 'credential-manager' is not a git command" and ask the next helper — the AWS helper
// answers. The doctor says that (helper-cannot-start), not helper-shadowed.

const CC = 'https://git-codecommit.us-east-1.amazonaws.com/v1/repos/r1';
const GH = 'https://github.com/x/y';
const AWS = '!aws codecommit credential-helper $@';

const boxes: FixSandbox[] = [];
afterEach(() => {
  for (const b of boxes.splice(0)) b.cleanup();
});

/** A sandbox whose `aws` signs like the real helper does (a fixed, fake password). */
function box(global: string, system = ''): FixSandbox {
  const b = createFixSandbox({ global, system });
  writeExecutable(
    path.join(b.bin, 'aws'),
    `#!/bin/sh
if [ "$1" = "--version" ]; then echo 'aws-cli/2.15.30 Python/3.11.8 Linux/6.1.0 exe/x86_64.debian.12 prompt/off'; exit 0; fi
if [ "$3" = "get" ]; then cat >/dev/null; echo username=AKIAIOSFODNN7EXAMPLE; echo password=20260101T000000Zfake; fi
exit 0
`,
  );
  boxes.push(b);
  return b;
}

/** What real git does when asked for the CodeCommit password: who answered, what it printed. */
async function fill(b: FixSandbox, url = CC): Promise<{ username?: string; stderr: string }> {
  const u = new URL(url);
  const input = `protocol=https\nhost=${u.host}\npath=${u.pathname.slice(1)}\n\n`;
  const r = await realRunner('git', ['credential', 'fill'], {
    env: b.env,
    cwd: b.home,
    input,
    timeoutMs: 10_000,
  });
  return { username: /^username=(.*)$/m.exec(r.stdout)?.[1], stderr: r.stderr.trim() };
}

const find = (r: ScanReport, code: string): Finding | undefined => r.findings.find((f) => f.code === code);

describe('a helper git cannot start (cause 2)', () => {
  it('manager without Git Credential Manager: broken, not shadowing — git skips it and the AWS helper answers', async () => {
    const b = box(`[credential]\n\thelper = manager\n\thelper = ${AWS}\n\tUseHttpPath = true\n`);
    const git = await fill(b);
    // What real git does: it prints why and the AWS helper answers.
    expect(git.username).toBe('AKIAIOSFODNN7EXAMPLE');
    expect(git.stderr).toBe("git: 'credential-manager' is not a git command. See 'git --help'.");

    const r = await b.scan({ kind: 'url', url: CC });
    const codes = r.findings.map((f) => f.code);
    expect(codes).not.toContain('helper-shadowed');
    const f = find(r, 'helper-cannot-start');
    expect(f?.severity).toBe('warning');
    // The finding quotes exactly what git prints.
    expect(f?.evidence).toContainEqual(expect.objectContaining({ kind: 'text', detail: git.stderr }));
    expect(f?.explanation).toContain(git.stderr);
  });

  it('control: with a Git Credential Manager on PATH the same settings are helper-shadowed', async () => {
    const b = box(`[credential]\n\thelper = manager\n\thelper = ${AWS}\n\tUseHttpPath = true\n`);
    writeExecutable(path.join(b.bin, 'git-credential-manager'), '#!/bin/sh\ncat >/dev/null\nexit 0\n');
    const r = await b.scan({ kind: 'url', url: CC });
    expect(find(r, 'helper-shadowed')).toBeDefined();
    expect(find(r, 'helper-cannot-start')).toBeUndefined();
  });

  it('a missing program named by its absolute path (GCM uninstalled on a Mac) is broken too, in sh’s words', async () => {
    const gone = path.join('/nonexistent', 'gcm-core', 'git-credential-manager');
    const b = box(`[credential]\n\thelper = ${gone}\n\thelper = ${AWS}\n\tUseHttpPath = true\n`);
    const git = await fill(b);
    expect(git.username).toBe('AKIAIOSFODNN7EXAMPLE');
    expect(git.stderr).toContain('not found');
    const r = await b.scan({ kind: 'url', url: CC });
    expect(find(r, 'helper-shadowed')).toBeUndefined();
    expect(find(r, 'helper-cannot-start')?.explanation).toContain(gone);
  });

  it('the exact-host section silences it for CodeCommit; removing the line is a suggestion; both undo', async () => {
    const b = box(`[credential]\n\thelper = manager\n\thelper = ${AWS}\n\tUseHttpPath = true\n`);
    const r = await b.scan({ kind: 'url', url: CC });
    const f = find(r, 'helper-cannot-start')!;
    const section = f.fixes.find((o) => o.kind === 'fix' && o.applicable);
    const remove = f.fixes.find((o) => o.id.includes(':remove:'));
    expect(section).toBeDefined();
    expect(remove?.kind).toBe('suggestion');
    expect(remove?.preview[0]?.argv).toEqual([
      'git',
      'config',
      '--file',
      b.globalFile,
      '--unset-all',
      'credential.helper',
      '^manager$',
    ]);
    const before = readFileSync(b.globalFile, 'utf8');
    const ghBefore = (await b.chain(GH)).helpers.map((h) => h.value);
    const journal = Journal.forContext(b.ctx);

    const applied = await applyFix(b.ctx, section!, { journal });
    expect(applied.ok, applied.error).toBe(true);
    expect(await fill(b)).toEqual({ username: 'AKIAIOSFODNN7EXAMPLE', stderr: '' });
    expect((await b.chain(GH)).helpers.map((h) => h.value)).toEqual(ghBefore);
    await journal.undo(applied.journalId as string);
    expect(readFileSync(b.globalFile, 'utf8')).toBe(before);

    const removed = await applyFix(b.ctx, remove!, { journal });
    expect(removed.ok, removed.error).toBe(true);
    expect((await fill(b, GH)).stderr).toBe('');
    expect((await b.chain(GH)).helpers.map((h) => h.value)).toEqual([AWS]);
    await journal.undo(removed.journalId as string);
    expect(readFileSync(b.globalFile, 'utf8')).toBe(before);
  });

  it('in the settings for every user: the removal is an administrator’s command, shown, and no system-scope-helper', async () => {
    const b = box(
      `[credential]\n\thelper = ${AWS}\n\tUseHttpPath = true\n`,
      '[credential]\n\thelper = osxkeychain\n',
    );
    const r = await b.scan({ kind: 'url', url: CC });
    expect(r.findings.map((f) => f.code)).toEqual(['helper-cannot-start']);
    const remove = find(r, 'helper-cannot-start')!.fixes.find((o) => o.id.includes(':remove:'));
    expect(remove).toMatchObject({ needsAdmin: true, applicable: false });
  });
});
