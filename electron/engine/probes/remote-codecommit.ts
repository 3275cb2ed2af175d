import type { EngineContext } from '../context';
import { pathFor } from '../context';
import type { RemoteCodecommitFacts } from '../model';
import { resolveProgram } from '../resolve-program';
import { readRegularText } from '../safe-read';
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

const MAX_ENDPOINTS_BYTES = 16 * 1024 * 1024;

/** The interpreter of the program pip wrote: its `#!` line, or (Windows) the python.exe beside Scripts\. */
async function pythonOf(ctx: EngineContext, program: string): Promise<string | undefined> {
  const p = pathFor(ctx.platform);
  if (ctx.platform === 'win32') {
    const dir = p.dirname(program);
    return p.basename(dir).toLowerCase() === 'scripts' ? p.join(p.dirname(dir), 'python.exe') : undefined;
  }
  return interpreterOf(ctx, program);
}

/** The codecommit regions a botocore knows (its data/endpoints.json), or undefined when unreadable. */
async function regionsOf(ctx: EngineContext, botocoreDir: string): Promise<string[] | undefined> {
  try {
    const file = pathFor(ctx.platform).join(botocoreDir, 'data', 'endpoints.json');
    const data = JSON.parse(await readRegularText(file, { maxBytes: MAX_ENDPOINTS_BYTES })) as {
      partitions?: { services?: { codecommit?: { endpoints?: Record<string, unknown> } } }[];
    };
    return (data.partitions ?? []).flatMap((part) =>
      Object.keys(part.services?.codecommit?.endpoints ?? {}).filter((r) =>
        /^[a-z]{2}(-[a-z]+)+-\d$/.test(r),
      ),
    );
  } catch {
    return undefined;
  }
}

/**
 * Asks that Python itself which botocore it loads (its own sys.path, PYTHONPATH and .pth files
 * decide, not a guess at folders) and whether awscrt is importable, bounded by the timeout.
 * Only imports: nothing is signed, no file is read beyond what `import botocore` reads.
 */
async function botocoreOf(
  ctx: EngineContext,
  python: string,
): Promise<NonNullable<RemoteCodecommitFacts['botocore']> | string> {
  const script =
    'import os,importlib.util as u,botocore;print(botocore.__version__);' +
    "print(os.path.dirname(botocore.__file__));print('crt' if u.find_spec('awscrt') else '-')";
  const r = await ctx.runner(python, ['-c', script], {
    env: ctx.env,
    cwd: ctx.cwd,
    timeoutMs: ctx.timeoutMs,
  });
  const [version, dir, crt] = r.stdout.trim().split(/\r?\n/);
  if (r.exitCode !== 0 || !version || !dir) {
    if (r.timedOut) return 'its Python did not answer in time';
    const last = r.stderr.trim().split(/\r?\n/).pop();
    return `its Python could not load botocore (${last || `exit ${r.exitCode ?? 'unknown'}`})`;
  }
  const regions = await regionsOf(ctx, dir);
  return { version, path: dir, ...(regions ? { codecommitRegions: regions } : {}), crt: crt === 'crt' };
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
