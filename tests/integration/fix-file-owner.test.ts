import { execFile } from 'node:child_process';
import { chmodSync, chownSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyFix } from '../../electron/engine/fixes/apply';
import { Journal } from '../../electron/engine/fixes/journal';
import { inspectWriteTarget } from '../../electron/engine/fixes/write-target';
import type { Finding, FixOffer, ScanReport } from '../../electron/engine/model';
import { CLI, runCli } from '../support/cli-run';
import { sandboxPool } from '../support/sandbox-pool';
import { offerOf, sectionSteps } from '../support/section-offer';

// A read-only settings file, or another user's, is not replaced without a word (issue 10,
// item 6): `git config --file` writes a new file and renames it over the old one, so a
// read-only mode is ignored and the file ends up owned by whoever ran it. Real git, real
// modes and owners (the tests run as root: chown, and a real run as another user id).

const HOST = 'git-codecommit.us-east-2.amazonaws.com';
const URL = `https://${HOST}/v1/repos/demo`;
const STORE = '[credential]\n\thelper = store\n';
const asRoot = process.getuid?.() === 0;
const pool = sandboxPool({ global: STORE }, { cli: true });
const sandbox = pool.sandbox;

function sectionOffer(report: ScanReport): FixOffer {
  const f = report.findings.find((x) => x.code === 'helper-not-configured') as Finding;
  expect(f, 'helper-not-configured').toBeDefined();
  const o = f.fixes.find((x) => x.id.includes(':scoped-section:'));
  expect(o, 'the section plan').toBeDefined();
  return o as FixOffer;
}

const ownerOf = (file: string) => {
  const st = statSync(file);
  return { uid: st.uid, gid: st.gid, mode: st.mode & 0o777 };
};

describe('a read-only settings file', () => {
  it('is left as it is: the plan says so and shows the exact commands for after making it writable', async () => {
    const b = sandbox();
    chmodSync(b.globalFile, 0o444);
    const before = readFileSync(b.globalFile);
    const o = sectionOffer(await b.scan({ kind: 'url', url: URL }));
    expect(o.applicable).toBe(false);
    expect(o.kind).toBe('suggestion');
    expect(o.description).toContain(`${b.globalFile} is read-only (mode 0444)`);
    expect(o.description).toContain(`chmod u+w ${b.globalFile}`);
    expect(o.preview.map((p) => p.argv?.slice(0, 5))).toEqual([
      ['git', 'config', '--file', b.globalFile, '--add'],
      ['git', 'config', '--file', b.globalFile, '--add'],
      ['git', 'config', '--file', b.globalFile, '--replace-all'],
    ]);
    const fix = await runCli(['fix', '--repo', URL, '--yes', '--no-verify', '--offline'], b.env);
    expect(fix.stderr).not.toMatch(/\n {4}at /);
    expect(readFileSync(b.globalFile)).toEqual(before);
    expect(ownerOf(b.globalFile).mode).toBe(0o444);
  });

  it("with --dir: the repository's own settings are used instead", async () => {
    const b = sandbox();
    chmodSync(b.globalFile, 0o444);
    const repo = path.join(b.root, 'clone');
    await b.git(['init', '-q', repo]);
    await b.git(['-C', repo, 'remote', 'add', 'origin', URL]);
    const o = sectionOffer(await b.scan({ kind: 'dir', path: repo }));
    expect(o.applicable).toBe(true);
    expect(
      o.steps.every((s) => s.type === 'git-config' && s.file === path.join(repo, '.git', 'config')),
    ).toBe(true);
    expect(o.description).toContain('read-only');
  });

  it('apply time: a step on a read-only file refuses and changes nothing', async () => {
    const b = sandbox();
    chmodSync(b.globalFile, 0o444);
    const before = readFileSync(b.globalFile);
    const out = await applyFix(b.ctx, offerOf(sectionSteps(b.globalFile, HOST)), {
      journal: Journal.forContext(b.ctx),
    });
    expect(out.ok).toBe(false);
    expect(out.error).toBe(`Not changed: ${b.globalFile} is read-only (mode 0444).`);
    expect(readFileSync(b.globalFile)).toEqual(before);
    expect(ownerOf(b.globalFile).mode).toBe(0o444);
  });
});

describe.runIf(asRoot)("root writing a user's settings", () => {
  it("keeps the user's file theirs (owner, group, mode), says so in the plan, and undo keeps it too", async () => {
    const b = sandbox();
    chmodSync(b.globalFile, 0o640);
    chownSync(b.globalFile, 1000, 1000);
    const o = sectionOffer(await b.scan({ kind: 'url', url: URL }));
    expect(o.applicable).toBe(true);
    expect(o.description).toContain(`${b.globalFile} stays owned by user id 1000`);
    const journal = Journal.forContext(b.ctx);
    const out = await applyFix(b.ctx, o, { journal });
    expect(out.ok, out.error).toBe(true);
    expect(readFileSync(b.globalFile, 'utf8')).toContain(`[credential "https://${HOST}"]`);
    expect(ownerOf(b.globalFile)).toEqual({ uid: 1000, gid: 1000, mode: 0o640 });
    await journal.undo(out.journalId as string);
    expect(readFileSync(b.globalFile, 'utf8')).toBe(STORE);
    expect(ownerOf(b.globalFile)).toEqual({ uid: 1000, gid: 1000, mode: 0o640 });
  });

  it("a remote rewritten in the user's clone leaves its config theirs", async () => {
    const b = sandbox();
    const repo = path.join(b.root, 'users-clone');
    await b.git(['init', '-q', repo]);
    await b.git(['-C', repo, 'remote', 'add', 'origin', URL]);
    await b.git(['config', '--file', b.globalFile, '--add', 'safe.directory', repo]);
    const config = path.join(repo, '.git', 'config');
    for (const p of [repo, path.join(repo, '.git'), config]) chownSync(p, 1000, 1000);
    const to = `https://${HOST}/v1/repos/other`;
    const step = { type: 'remote-set-url' as const, dir: repo, remote: 'origin', from: URL, to };
    const out = await applyFix(b.ctx, offerOf([step]), { journal: Journal.forContext(b.ctx) });
    expect(out.ok, out.error).toBe(true);
    expect(readFileSync(config, 'utf8')).toContain(to);
    expect(ownerOf(config)).toMatchObject({ uid: 1000, gid: 1000 });
  });

  it("a new settings file in the user's folder is created theirs", async () => {
    const folder = pool.tempDir('ccd-users-config-');
    const b = sandbox({ env: { GIT_CONFIG_GLOBAL: path.join(folder, 'gitconfig') } });
    chownSync(folder, 1000, 1000);
    const file = path.join(folder, 'gitconfig');
    const out = await applyFix(b.ctx, offerOf(sectionSteps(file, HOST)), {
      journal: Journal.forContext(b.ctx),
    });
    expect(out.ok, out.error).toBe(true);
    expect(ownerOf(file).uid).toBe(1000);
    expect(ownerOf(file).gid).toBe(1000);
  });
});

describe("another user's settings file, for a user who is not root", () => {
  it('is refused: the file belongs to someone else', async () => {
    const b = sandbox();
    const theirs = path.join(b.root, 'theirs');
    writeFileSync(theirs, STORE);
    chownSync(theirs, 1001, 1001);
    expect(await inspectWriteTarget(theirs, { uid: 1000 })).toMatchObject({
      ok: false,
      problem: 'other-owner',
      reason: `${theirs} belongs to user id 1001, not to you (user id 1000)`,
    });
    expect(await inspectWriteTarget(path.join(b.root, 'new'), { uid: 1000 })).toMatchObject({
      ok: false,
      problem: 'other-owner',
    });
    expect(await inspectWriteTarget(theirs, { uid: 1001 })).toMatchObject({ ok: true, owner: { uid: 1001 } });
  });

  it.runIf(asRoot)(
    'a real run as user id 1000: the plan is shown for that user to run, the file stays theirs',
    async () => {
      const b = sandbox();
      // A folder anyone may write (no sticky bit): git, run as 1000, could rename over 1001's file.
      for (const d of [b.root, b.home]) chmodSync(d, 0o777);
      chmodSync(path.join(b.home, '.aws'), 0o755);
      chmodSync(path.join(b.home, '.aws', 'credentials'), 0o644);
      chownSync(b.globalFile, 1001, 1001);
      const before = readFileSync(b.globalFile);
      const r = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
        const child = execFile(
          process.execPath,
          [CLI, 'fix', '--repo', URL, '--yes', '--no-verify', '--offline'],
          { env: b.env, uid: 1000, gid: 1000, cwd: b.root },
          (_e, stdout) => resolve({ code: child.exitCode, stdout }),
        );
      });
      expect(r.stdout).toContain(`belongs to user id 1001, not to you (user id 1000)`);
      expect(readFileSync(b.globalFile)).toEqual(before);
      expect(ownerOf(b.globalFile).uid).toBe(1001);
    },
  );
});
