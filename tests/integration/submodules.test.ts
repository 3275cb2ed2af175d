import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createContext } from '../../electron/engine/context';
import { applyFix } from '../../electron/engine/fixes/apply';
import { Journal } from '../../electron/engine/fixes/journal';
import type { Finding, ScanReport } from '../../electron/engine/model';
import { runScan } from '../../electron/engine/scan';
import { resolveRelativeUrl } from '../../electron/engine/targets';
import { disposeLabCaches } from '../lab/git-server';
import { labGitEnv } from '../lab/repos';
import { AWS_HELPER, buildScenario, LAB_REGION, LAB_REPO } from '../lab/scenarios';
import { createFixSandbox, writeExecutable, type FixSandbox } from '../support/fix-sandbox';
import { execFileSync } from 'node:child_process';

// Issue 12 §2 cause 7, with real repositories that have submodule entries and real git 2.39:
// - a `codecommit::` submodule is refused by git's protocol policy under submodule commands
//   (git-remote-codecommit #18) until protocol.codecommit.allow = always in the user's own
//   settings — the repository's own settings do not reach the submodule's git;
// - an HTTPS CodeCommit submodule needs the helper set-up in the user's settings too: a
//   helper in the repository's own settings is not asked for it (with the Lab).

const boxes: FixSandbox[] = [];
afterEach(() => {
  for (const b of boxes.splice(0)) b.cleanup();
});
afterAll(() => disposeLabCaches());

const ORIGIN = 'https://git-codecommit.us-east-1.amazonaws.com/v1/repos/super';
const AWS_GUIDE = `[credential]\n\thelper = ${AWS_HELPER}\n\tUseHttpPath = true\n`;

/** A repository folder with origin and the given submodules (a gitlink each, so git tries to clone them). */
async function superproject(b: FixSandbox, subs: Record<string, string>, origin = ORIGIN): Promise<string> {
  const dir = path.join(b.home, 'super');
  mkdirSync(dir);
  const git = async (args: string[]) => {
    const r = await b.git(args, dir);
    expect(r.code, `git ${args.join(' ')}: ${r.stderr}`).toBe(0);
    return r.stdout.trim();
  };
  await git(['init', '-q']);
  await git(['remote', 'add', 'origin', origin]);
  await git(['-c', 'user.name=a', '-c', 'user.email=a@b', 'commit', '-q', '--allow-empty', '-m', 'i']);
  const head = await git(['rev-parse', 'HEAD']);
  for (const [name, url] of Object.entries(subs)) {
    await git(['config', '--file', '.gitmodules', `submodule.${name}.path`, name]);
    await git(['config', '--file', '.gitmodules', `submodule.${name}.url`, url]);
    await git(['update-index', '--add', '--cacheinfo', `160000,${head},${name}`]);
  }
  return dir;
}

const find = (r: ScanReport, code: string): Finding[] => r.findings.filter((f) => f.code === code);

describe('a codecommit:: submodule (cause 7)', () => {
  function box(): FixSandbox {
    const b = createFixSandbox({ global: AWS_GUIDE });
    boxes.push(b);
    // git-remote-codecommit stands in: it says it was started, then fails (no network here).
    writeExecutable(
      path.join(b.bin, 'git-remote-codecommit'),
      '#!/bin/sh\necho "remote-codecommit started: $2" >&2\nexit 1\n',
    );
    return b;
  }

  it('git refuses it under submodule commands; the doctor names it, with where it came from', async () => {
    const b = box();
    const dir = await superproject(b, {
      lib: 'codecommit::us-east-1://lib',
      docs: 'https://github.com/x/docs',
    });
    const r = await b.scan({ kind: 'dir', path: dir });
    const update = await b.git(['submodule', 'update', '--init', 'lib'], dir);
    expect(update.stderr).toContain("fatal: transport 'codecommit' not allowed");
    const sub = r.targets.find((t) => t.submodule === 'lib');
    expect(sub).toMatchObject({
      display: 'codecommit::us-east-1://lib',
      source: 'submodule "lib" (.gitmodules)',
    });
    // The GitHub submodule is not ours: no target, no problem.
    expect(r.targets.map((t) => t.submodule)).not.toContain('docs');
    expect(r.findings.filter((f) => f.code === 'url-not-codecommit')).toEqual([]);
    const f = find(r, 'submodule-protocol-blocked');
    expect(f.map((x) => x.subject)).toEqual(['codecommit::us-east-1://lib']);
  });

  it('the fix in the user’s settings lets git start git-remote-codecommit for it; undo puts it back', async () => {
    const b = box();
    const dir = await superproject(b, { lib: 'codecommit::us-east-1://lib' });
    const before = readFileSync(b.globalFile);
    const r = await b.scan({ kind: 'dir', path: dir });
    const offer = find(r, 'submodule-protocol-blocked')[0]?.fixes.find((o) => o.kind === 'fix');
    expect(offer?.preview[0]?.argv).toEqual([
      'git',
      'config',
      '--file',
      b.globalFile,
      '--replace-all',
      'protocol.codecommit.allow',
      'always',
    ]);
    const journal = Journal.forContext(b.ctx);
    const out = await applyFix(b.ctx, offer!, { journal });
    expect(out.ok, out.error).toBe(true);
    const update = await b.git(['submodule', 'update', '--init', 'lib'], dir);
    expect(update.stderr).toContain('remote-codecommit started: us-east-1://lib');
    expect(update.stderr).not.toContain('not allowed');
    expect(find(await b.scan({ kind: 'dir', path: dir }), 'submodule-protocol-blocked')).toEqual([]);
    await journal.undo(out.journalId as string);
    expect(readFileSync(b.globalFile).equals(before)).toBe(true);
  });

  it('the repository’s own settings do not count: real git still refuses, and so does the doctor', async () => {
    const b = box();
    const dir = await superproject(b, { lib: 'codecommit::us-east-1://lib' });
    expect((await b.git(['config', 'protocol.codecommit.allow', 'always'], dir)).code).toBe(0);
    expect((await b.git(['submodule', 'update', '--init', 'lib'], dir)).stderr).toContain('not allowed');
    expect(find(await b.scan({ kind: 'dir', path: dir }), 'submodule-protocol-blocked')).toHaveLength(1);
  });

  it('relative submodule URLs resolve as real git resolves them (git submodule init)', async () => {
    const b = box();
    const bases = [
      'codecommit::us-east-1://super',
      'codecommit://prof@super',
      ORIGIN,
      `${ORIGIN}/`,
      'ssh://APKAEIBAERJR2EXAMPLE@git-codecommit.us-east-1.amazonaws.com/v1/repos/super',
      'git-codecommit.us-east-1.amazonaws.com:v1/repos/super',
    ];
    const dir = await superproject(b, { s: './s' });
    for (const base of bases) {
      for (const rel of ['../lib', './lib', '../../x/lib', '../lib/']) {
        await b.git(['config', 'remote.origin.url', base], dir);
        await b.git(['config', '--file', '.gitmodules', 'submodule.s.url', rel], dir);
        await b.git(['config', '--remove-section', 'submodule.s'], dir);
        expect((await b.git(['submodule', 'init', '-q'], dir)).code).toBe(0);
        const byGit = (await b.git(['config', 'submodule.s.url'], dir)).stdout.trim();
        expect(resolveRelativeUrl(base, rel), `${base} + ${rel}`).toBe(byGit);
      }
    }
  });
});

describe('an HTTPS CodeCommit submodule, against the Lab (cause 7)', () => {
  it('a helper in the repository’s own settings is not asked for the submodule: found, fixed in the user’s settings, undone', async () => {
    const s = await buildScenario('healthy');
    try {
      const sb = s.sandbox;
      // The user's own settings: no helper at all (the scenario's AWS set-up is removed).
      await sb.git(['config', '--global', '--unset-all', 'credential.helper']);
      await sb.git(['config', '--global', '--unset-all', 'credential.usehttppath']);
      // The Lab's `demo` gets a submodule `lib`, a second Lab repository, by a relative URL.
      const lib = await s.lab.addRepo({ name: 'lib', region: LAB_REGION, account: s.identity.account });
      const demo = s.lab.state.repos.find((r) => r.name === LAB_REPO)!;
      addSubmoduleCommit(
        demo.gitDir,
        execFileSync('/usr/bin/git', ['--git-dir', lib.gitDir, 'rev-parse', 'main']).toString().trim(),
      );

      // Cloned with the AWS helper in the new repository's own settings (`git clone -c`).
      const dir = path.join(sb.home, 'super');
      const clone = await sb.git([
        'clone',
        '-c',
        `credential.helper=${AWS_HELPER}`,
        '-c',
        'credential.UseHttpPath=true',
        s.url,
        dir,
      ]);
      expect(clone.code, clone.stderr).toBe(0);
      const failing = await sb.git(['submodule', 'update', '--init'], { cwd: dir, timeoutMs: 30_000 });
      expect(failing.code).not.toBe(0);
      expect(failing.stderr).toMatch(/could not read Username/);

      const ctx = createContext({
        platform: 'linux',
        env: { ...sb.env, CODECOMMIT_DOCTOR_STATE_DIR: path.join(sb.home, 'state') },
        home: sb.home,
        cwd: sb.home,
        timeoutMs: 15_000,
      });
      const r = await runScan(ctx, { target: { kind: 'dir', path: dir }, offline: true });
      const sub = r.targets.find((t) => t.submodule === 'lib');
      expect(sub?.display).toBe(s.lab.url(LAB_REGION, 'lib'));
      const missing = find(r, 'helper-not-configured');
      // The submodule only: origin has its helper in the repository's settings.
      expect(missing.map((f) => f.subject)).toEqual([sub?.display]);
      const offer = missing[0]!.fixes.find((o) => o.kind === 'fix');
      expect(offer?.steps.every((st) => st.type === 'git-config' && st.file === sb.gitConfigPath)).toBe(true);

      const journal = Journal.forContext(ctx);
      const before = readFileSync(sb.gitConfigPath);
      const out = await applyFix(ctx, offer!, { journal });
      expect(out.ok, out.error).toBe(true);
      const works = await sb.git(['submodule', 'update', '--init'], { cwd: dir, timeoutMs: 30_000 });
      expect(works.code, works.stderr).toBe(0);
      await journal.undo(out.journalId as string);
      expect(readFileSync(sb.gitConfigPath).equals(before)).toBe(true);
    } finally {
      await s.dispose();
    }
  }, 90_000);
});

/** A second commit on the bare repository's main: a .gitmodules and a gitlink `lib` at `commit`. */
function addSubmoduleCommit(gitDir: string, commit: string): void {
  const env = {
    ...labGitEnv(path.dirname(gitDir)),
    GIT_DIR: gitDir,
    GIT_AUTHOR_NAME: 'Lab',
    GIT_AUTHOR_EMAIL: 'lab@example.invalid',
    GIT_COMMITTER_NAME: 'Lab',
    GIT_COMMITTER_EMAIL: 'lab@example.invalid',
  };
  const git = (args: string[], input?: string) =>
    execFileSync('/usr/bin/git', args, { env, ...(input !== undefined ? { input } : {}) })
      .toString()
      .trim();
  const modules = git(['hash-object', '-w', '--stdin'], '[submodule "lib"]\n\tpath = lib\n\turl = ../lib\n');
  const base = git(['rev-parse', 'main^{tree}']);
  const entries = git(['ls-tree', base]);
  const tree = git(
    ['mktree'],
    `${entries}\n100644 blob ${modules}\t.gitmodules\n160000 commit ${commit}\tlib\n`,
  );
  const next = git(['commit-tree', tree, '-p', 'main', '-m', 'Add lib']);
  git(['update-ref', 'refs/heads/main', next]);
}
