import type { EngineContext } from '../context';
import type { RemoteCodecommitFacts } from '../model';
import { resolveProgram } from '../resolve-program';

// git runs `git-remote-codecommit` for codecommit:// URLs by looking it up on PATH
// (`git: 'remote-codecommit' is not a git command` otherwise, aws/git-remote-codecommit#23);
// pip puts it in a Scripts/bin folder that is often missing from PATH. On Windows pip
// writes `git-remote-codecommit.exe`, which PATHEXT resolution finds.
export async function probeRemoteCodecommit(ctx: EngineContext): Promise<RemoteCodecommitFacts> {
  return { path: await resolveProgram(ctx, 'git-remote-codecommit') };
}
