import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// README's "Adding a check" walkthrough, followed literally on a copy of the tree: its check
// file and its registry line are taken from README itself. The new cause must then compile,
// appear in `diagnose --json` with its catalog words and its plan — and leaving out its
// planner, or emitting a code it does not own, must fail the build.

const ROOT = path.join(__dirname, '..', '..');
const README = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const work = mkdtempSync(path.join(os.tmpdir(), 'ccd-add-a-check-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function walkthrough(): { file: string; source: string; entry: string } {
  const section = README.slice(README.indexOf('### Adding a check'));
  const blocks = [...section.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] as string);
  const source = blocks[0] ?? '';
  const file = /^\/\/ (electron\/engine\/checks\/[a-z-]+\.ts)\n/.exec(source)?.[1] ?? '';
  return { file, source, entry: (blocks[1] ?? '').trim() };
}

function tree(name: string): string {
  const dir = path.join(work, name);
  mkdirSync(dir);
  cpSync(path.join(ROOT, 'electron'), path.join(dir, 'electron'), { recursive: true });
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  const tsconfig = JSON.parse(readFileSync(path.join(ROOT, 'tsconfig.json'), 'utf8'));
  writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ ...tsconfig, include: ['electron'] }));
  return dir;
}

/** The walkthrough's two edits: the check file, and its line (with its import) in the registry. */
function addCheck(dir: string, source: string): void {
  const { file, entry } = walkthrough();
  writeFileSync(path.join(dir, file), source);
  const registry = path.join(dir, 'electron/engine/checks/index.ts');
  const name = /export const (\w+)/.exec(source)?.[1] as string;
  const text = readFileSync(registry, 'utf8')
    .replace(/^/, `import { ${name} } from './${path.basename(file, '.ts')}';\n`)
    .replace(/\n};\n/, `\n  ${entry}\n};\n`);
  writeFileSync(registry, text);
}

function tsc(dir: string): { status: number | null; out: string } {
  const r = spawnSync(path.join(ROOT, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.json', '--noEmit'], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

describe('README: adding a check is one file and one registry entry', () => {
  const { file, source, entry } = walkthrough();
  let dir = '';
  beforeAll(() => {
    dir = tree('ok');
    addCheck(dir, source);
  }, 60_000);

  it('README holds the whole walkthrough', () => {
    expect(file).toBe('electron/engine/checks/ssl-verify-off.ts');
    expect(entry).toBe("'ssl-verify': sslVerifyOff,");
  });

  it('compiles, and the new cause is diagnosed with its catalog words and its plan', () => {
    const built = tsc(dir);
    expect(built.out).toBe('');
    expect(built.status).toBe(0);

    const home = path.join(work, 'home');
    mkdirSync(home, { recursive: true });
    writeFileSync(
      path.join(home, '.gitconfig'),
      '[http]\n\tsslVerify = false\n[credential]\n\thelper = !aws codecommit credential-helper $@\n\tUseHttpPath = true\n',
    );
    const r = spawnSync(
      path.join(ROOT, 'node_modules/.bin/tsx'),
      [
        path.join(dir, 'electron/cli/index.ts'),
        'diagnose',
        '--json',
        '--offline',
        '--repo',
        'https://git-codecommit.us-east-2.amazonaws.com/v1/repos/demo',
      ],
      {
        encoding: 'utf8',
        timeout: 60_000,
        env: { PATH: process.env.PATH, HOME: home, GIT_CONFIG_NOSYSTEM: '1', LANG: 'C' },
      },
    );
    const report = JSON.parse(r.stdout);
    const check = report.checks.find((c: { id: string }) => c.id === 'ssl-verify');
    expect(check).toMatchObject({ title: 'TLS certificate checks', status: 'warn' });
    const f = report.findings.find((x: { code: string }) => x.code === 'ssl-verify-off');
    expect(f).toMatchObject({ severity: 'warning', title: "Git does not check CodeCommit's certificate" });
    expect(f.fixes.map((o: { title: string }) => o.title)).toEqual(['Turn certificate checks back on']);
    expect(r.status).toBe(1);
  }, 120_000);

  it('fails the build when a code has no planner', () => {
    const broken = tree('no-plan');
    addCheck(broken, source.replace(/\n\s*plan: \(f\) => \[[\s\S]*?\],\n/, '\n'));
    const built = tsc(broken);
    expect(built.status).not.toBe(0);
    expect(built.out).toMatch(/ssl-verify-off\.ts.*Property 'plan' is missing/s);
  }, 120_000);

  it('fails the build when a check emits a code it does not own', () => {
    const broken = tree('foreign-code');
    addCheck(broken, source.replace("code: 'ssl-verify-off' as const", "code: 'helper-shadowed' as const"));
    const built = tsc(broken);
    expect(built.status).not.toBe(0);
    expect(built.out).toMatch(/ssl-verify-off\.ts/);
  }, 120_000);
});
