import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

// Small real bare repositories for the Lab: one template per process (one commit on
// `main` with fixed dates, so its commit id is stable), copied for every Lab repo.

const GIT = '/usr/bin/git';

export const TEMPLATE_FILE = 'README.md';
export const TEMPLATE_CONTENT = '# lab repo\n\nServed by the CodeCommit Lab.\n';

/** A clean environment for the Lab's own git calls: no user or system config. */
export function labGitEnv(home: string): NodeJS.ProcessEnv {
  return {
    PATH: '/usr/bin:/bin',
    HOME: home,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    LANG: 'C',
    LC_ALL: 'C',
  };
}

function git(args: string[], env: NodeJS.ProcessEnv, input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(GIT, args, { env, timeout: 20_000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`git ${args.join(' ')} failed: ${stderr || err.message}`));
      else resolve(stdout.trim());
    });
    if (input !== undefined) child.stdin?.end(input);
  });
}

let template: Promise<string> | undefined;
let templateRoot: string | undefined;

/** Removes the template repository (see disposeLabTls for why this is explicit). */
export function disposeRepoTemplate(): void {
  if (templateRoot) rmSync(templateRoot, { recursive: true, force: true });
  templateRoot = undefined;
  template = undefined;
}

function buildTemplate(): Promise<string> {
  template ??= (async () => {
    const root = mkdtempSync(join(tmpdir(), 'cc-lab-template-'));
    templateRoot = root;
    process.once('exit', () => rmSync(root, { recursive: true, force: true }));
    const gitDir = join(root, 'template.git');
    const env = {
      ...labGitEnv(root),
      GIT_DIR: gitDir,
      GIT_AUTHOR_NAME: 'Lab',
      GIT_AUTHOR_EMAIL: 'lab@example.invalid',
      GIT_AUTHOR_DATE: '2025-01-01T00:00:00Z',
      GIT_COMMITTER_NAME: 'Lab',
      GIT_COMMITTER_EMAIL: 'lab@example.invalid',
      GIT_COMMITTER_DATE: '2025-01-01T00:00:00Z',
    };
    await git(['init', '--quiet', '--bare', '-b', 'main', gitDir], env);
    const blob = await git(['hash-object', '-w', '--stdin'], env, TEMPLATE_CONTENT);
    const tree = await git(['mktree'], env, `100644 blob ${blob}\t${TEMPLATE_FILE}\n`);
    const commit = await git(['commit-tree', tree, '-m', 'Initial commit'], env);
    await git(['update-ref', 'refs/heads/main', commit], env);
    return gitDir;
  })();
  return template;
}

/** Creates `<root>/<account>/<region>/<name>.git` with the template's one commit. */
export async function createBareRepo(
  root: string,
  account: string,
  region: string,
  name: string,
): Promise<string> {
  const src = await buildTemplate();
  const gitDir = join(root, account, region, `${name}.git`);
  mkdirSync(dirname(gitDir), { recursive: true });
  cpSync(src, gitDir, { recursive: true });
  return gitDir;
}
