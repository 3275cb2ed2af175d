import type { EngineContext } from '../context';
import { pathFor } from '../context';
import type { RemoteCodecommitFacts } from '../model';
import { resolveProgram } from '../resolve-program';
import { interpreterOf } from './program-start';

// git runs `git-remote-codecommit` for codecommit:// URLs by looking it up on PATH
// (`git: 'remote-codecommit' is not a git command` otherwise, aws/git-remote-codecommit#23);
// pip puts it in a Scripts/bin folder that is often missing from PATH. On Windows pip
// writes `git-remote-codecommit.exe`, which PATHEXT resolution finds.
//
// It signs with botocore in its own Python, not the AWS CLI's: an old botocore does not know
// sso-session profiles (< 1.29.10, aws/git-remote-codecommit#36), `aws login` (< 1.41.0, and
// only with awscrt installed: botocore credentials.LoginProvider; #61), nor newer regions (#33:
// it checks the region against botocore's own data/endpoints.json). That Python is the script's
// `#!` line; which botocore it loads is asked of that Python through the runner.

/** The interpreter of the program pip wrote: its `#!` line, or (Windows) the python.exe beside Scripts\. */
async function pythonOf(ctx: EngineContext, program: string): Promise<string | undefined> {
  const p = pathFor(ctx.platform);
  if (ctx.platform === 'win32') {
    const dir = p.dirname(program);
    return p.basename(dir).toLowerCase() === 'scripts' ? p.join(p.dirname(dir), 'python.exe') : undefined;
  }
  return interpreterOf(ctx, program);
}

/**
 * Asked of that Python itself, bounded by the timeout: which botocore it loads (its own sys.path,
 * PYTHONPATH and .pth files decide, not a guess at folders), whether awscrt is importable, and
 * the CodeCommit regions in that botocore's data/endpoints.json (what git-remote-codecommit
 * checks a region against). Only imports and one read: nothing is signed. One short line each,
 * so a recording keeps the answer, not a megabyte of endpoints.
 */
const ASK_BOTOCORE = [
  'import json, os, importlib.util as u, botocore',
  'd = os.path.dirname(botocore.__file__)',
  'print(botocore.__version__); print(d); print("crt" if u.find_spec("awscrt") else "-")',
  'try:',
  '  e = json.load(open(os.path.join(d, "data", "endpoints.json")))',
  '  print(" ".join(sorted({r for p in e.get("partitions", []) for r in p.get("services", {}).get("codecommit", {}).get("endpoints", {})})))',
  'except Exception:',
  '  print("?")',
].join('\n');

const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

async function botocoreOf(
  ctx: EngineContext,
  python: string,
): Promise<NonNullable<RemoteCodecommitFacts['botocore']> | string> {
  const r = await ctx.runner(python, ['-c', ASK_BOTOCORE], {
    env: ctx.env,
    cwd: ctx.cwd,
    timeoutMs: ctx.timeoutMs,
  });
  const [version, dir, crt, regions] = r.stdout.trim().split(/\r?\n/);
  if (r.exitCode !== 0 || !version || !dir) {
    if (r.timedOut) return 'its Python did not answer in time';
    const last = r.stderr.trim().split(/\r?\n/).pop();
    return `its Python could not load botocore (${last || `exit ${r.exitCode ?? 'unknown'}`})`;
  }
  const codecommitRegions =
    regions && regions !== '?' ? regions.split(' ').filter((x) => REGION.test(x)) : undefined;
  return { version, path: dir, ...(codecommitRegions ? { codecommitRegions } : {}), crt: crt === 'crt' };
}

/** A Python by its name (python, python3, python3.11, python.exe): a shell wrapper is not asked to import botocore. */
const PYTHON_NAME = /^python(\d+(\.\d+)*)?(\.exe)?$/i;

export async function probeRemoteCodecommit(ctx: EngineContext): Promise<RemoteCodecommitFacts> {
  const path = await resolveProgram(ctx, 'git-remote-codecommit');
  if (!path) return { path };
  const python = await pythonOf(ctx, path);
  if (!python || !PYTHON_NAME.test(pathFor(ctx.platform).basename(python))) return { path };
  if (!(await ctx.isFile(python))) {
    // A `#!` interpreter that is gone stops the script (the kernel refuses it). On Windows the
    // python.exe beside Scripts\ is only the usual place (a user-site Scripts\ has none): no claim.
    return ctx.platform === 'win32'
      ? { path }
      : { path, python, botocoreError: `its Python (${python}) is not there` };
  }
  const botocore = await botocoreOf(ctx, python);
  return typeof botocore === 'string'
    ? { path, python, botocoreError: botocore }
    : { path, python, botocore };
}
