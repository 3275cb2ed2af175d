import { execFileSync } from 'node:child_process';
import { appendFileSync, chownSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ScanReport } from '../../electron/engine/model';
import { runCli } from '../support/cli-run';
import type { FixSandbox } from '../support/fix-sandbox';
import { sandboxPool } from '../support/sandbox-pool';

// --dir on a folder git does not see as a repository (issue 10, item 16): a folder that is
// not one, and a repository git refuses because another user owns it ("dubious ownership",
// which is what root — a fleet script — meets in a user's clone). Both used to end "No
// problems found", exit 0, <result>OK</result>. Real git, the built CLI, real ownership.

const URL = 'https://git-codecommit.us-east-2.amazonaws.com/v1/repos/demo';
const GUIDE = '[credential]\n\thelper = !aws codecommit credential-helper $@\n\tUseHttpPath = true\n';
const asRoot = process.getuid?.() === 0;
const { sandbox } = sandboxPool({ global: GUIDE }, { cli: true });

function repo(b: FixSandbox, name: string): string {
  const dir = path.join(b.root, name);
  execFileSync('git', ['init', '-q', dir], { env: b.env });
  execFileSync('git', ['-C', dir, 'remote', 'add', 'origin', URL], { env: b.env });
  return dir;
}

function chownTree(p: string, uid: number, gid: number): void {
  chownSync(p, uid, gid);
  if (!statSync(p).isDirectory()) return;
  for (const e of readdirSync(p)) chownTree(path.join(p, e), uid, gid);
}

const codesOf = (r: ScanReport) => r.findings.map((f) => f.code);

describe('--dir on a folder git does not treat as a repository', () => {
  it('a folder that is not a repository: a problem, exit 1, not OK for Jamf', async () => {
    const b = sandbox();
    const dir = path.join(b.root, 'plain-folder');
    mkdirSync(dir);
    const jamf = await runCli(['diagnose', '--dir', dir, '--offline', '--jamf'], b.env);
    expect(jamf.stdout).toBe('<result>PROBLEMS: dir-not-a-repository</result>\n');
    expect(jamf.code).toBe(1);
    const human = await runCli(['diagnose', '--dir', dir, '--offline'], b.env);
    expect(human.code).toBe(1);
    expect(human.stdout).not.toContain('No problems found');
    expect(human.stdout).toContain('dir-not-a-repository');
    const report = JSON.parse(
      (await runCli(['diagnose', '--dir', dir, '--offline', '--json'], b.env)).stdout,
    ) as ScanReport;
    expect(codesOf(report)).toEqual(['dir-not-a-repository']);
    expect(report.findings[0]?.evidence).toContainEqual(expect.objectContaining({ kind: 'file', path: dir }));
  });

  it("a folder whose .git git cannot read: the check could not run (exit 1), with git's own words", async () => {
    const b = sandbox();
    const dir = path.join(b.root, 'broken');
    mkdirSync(dir);
    writeFileSync(path.join(dir, '.git'), 'garbage\n');
    const jamf = await runCli(['diagnose', '--dir', dir, '--offline', '--jamf'], b.env);
    // git itself cannot read its settings there either, so the git check says so too.
    expect(jamf.stdout).toMatch(/^<result>PROBLEMS: .*check-error:repository.*<\/result>\n$/);
    expect(jamf.code).toBe(1);
    const report = JSON.parse(
      (await runCli(['diagnose', '--dir', dir, '--offline', '--json'], b.env)).stdout,
    ) as ScanReport;
    expect(report.checks.find((c) => c.id === 'repository')?.message).toContain('invalid gitfile format');
  });

  it('a subfolder of a repository is that repository: no finding', async () => {
    const b = sandbox();
    const dir = repo(b, 'clone');
    const sub = path.join(dir, 'src');
    mkdirSync(sub);
    const r = await runCli(['diagnose', '--dir', sub, '--offline', '--jamf'], b.env);
    // Offline: nothing wrong, and the clone not tried (exit 3, never plain OK).
    expect(r.stdout).toBe('<result>OK (not tried)</result>\n');
    expect(r.code).toBe(3);
  });

  it.runIf(asRoot)(
    'root on a clone another user owns: dubious ownership, with the exact safe.directory command',
    async () => {
      const b = sandbox();
      const dir = repo(b, 'users-clone');
      chownTree(dir, 1000, 1000);
      const jamf = await runCli(['diagnose', '--dir', dir, '--offline', '--jamf'], b.env);
      expect(jamf.stdout).toBe('<result>PROBLEMS: repo-dubious-ownership</result>\n');
      expect(jamf.code).toBe(1);
      const report = JSON.parse(
        (await runCli(['diagnose', '--dir', dir, '--offline', '--json'], b.env)).stdout,
      ) as ScanReport;
      expect(codesOf(report)).toEqual(['repo-dubious-ownership']);
      const f = report.findings[0];
      expect(f?.explanation).toMatch(/user id 1000/);
      expect(f?.explanation).toMatch(/user id 0/);
      const add = f?.fixes.find((o) =>
        o.steps.some((s) => s.type === 'git-config' && s.key === 'safe.directory'),
      );
      expect(add?.kind).toBe('suggestion');
      expect(add?.preview.map((p) => p.argv)).toEqual([
        ['git', 'config', '--file', b.globalFile, '--add', 'safe.directory', dir],
      ]);
      // The suggestion really is what git asks for: after it, git reads the clone and the scan is clean.
      appendFileSync(b.globalFile, `[safe]\n\tdirectory = ${dir}\n`);
      const after = await runCli(['diagnose', '--dir', dir, '--offline', '--jamf'], b.env);
      expect(after.stdout).toBe('<result>OK (not tried)</result>\n');
    },
  );

  it.runIf(asRoot)('root through sudo: git compares with SUDO_UID, and so does the verdict', async () => {
    const b = sandbox();
    const dir = repo(b, 'users-clone');
    chownTree(dir, 1000, 1000);
    const own = await runCli(['diagnose', '--dir', dir, '--offline', '--jamf'], {
      ...b.env,
      SUDO_UID: '1000',
    });
    expect(own.stdout).toBe('<result>OK (not tried)</result>\n');
    const other = await runCli(['diagnose', '--dir', dir, '--offline', '--json'], {
      ...b.env,
      SUDO_UID: '1001',
    });
    const f = (JSON.parse(other.stdout) as ScanReport).findings[0];
    expect(f?.code).toBe('repo-dubious-ownership');
    expect(f?.explanation).toContain('this check runs as user id 1001 through sudo');
  });
});
