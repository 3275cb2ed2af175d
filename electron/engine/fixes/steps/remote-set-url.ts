import type { EngineContext } from '../../context';
import { pathFor } from '../../context';
import { unmaskAddress } from '../../../shared/redact';
import { inspectWriteTarget, keepOwner } from '../write-target';
import type { StepKind, StepOf } from './step-kind';
import { StepError } from './step-kind';

type RemoteStep = StepOf<'remote-set-url'>;

function argv(step: RemoteStep): string[] {
  return ['git', '-C', step.dir, 'remote', 'set-url', step.remote, step.to];
}

/**
 * The plan holds addresses as they may be shown (a password masked); the address given to
 * git gets the real password back from the remote's current address, in-process. A remote
 * that changed since the plan was made is left alone, and the mask is never written.
 */
async function realAddress(ctx: EngineContext, step: RemoteStep): Promise<string> {
  const r = await ctx.runner('git', ['-C', step.dir, 'config', '--get-all', `remote.${step.remote}.url`], {
    env: ctx.env,
    timeoutMs: ctx.timeoutMs,
  });
  const current = r.exitCode === 0 ? r.stdout.split('\n').filter(Boolean) : [];
  for (const real of current) {
    const to = unmaskAddress(step.to, step.from, real);
    if (to !== null) return to;
  }
  throw new StepError(`the address of remote "${step.remote}" changed since this plan was made`);
}

export const remoteSetUrlStep: StepKind<RemoteStep> = {
  describe: (step) => `Change remote "${step.remote}" from ${step.from} to ${step.to}`,
  argv,
  reversible: true,
  runsHere: true,
  async apply(ctx, step, run) {
    if (step.remote.startsWith('-')) throw new StepError(`odd remote name "${step.remote}"`);
    const gitDir = await ctx.runner('git', ['-C', step.dir, 'rev-parse', '--absolute-git-dir'], {
      env: ctx.env,
      timeoutMs: ctx.timeoutMs,
    });
    if (gitDir.exitCode !== 0) throw new StepError(`${step.dir} is not a git repository`);
    const to = await realAddress(ctx, step);
    const config = pathFor(ctx.platform).join(gitDir.stdout.trim(), 'config');
    // git rewrites the repository's config the way `git config --file` does (write-target.ts).
    const target = await inspectWriteTarget(config);
    if (!target.ok) throw new StepError(`Not changed: ${target.reason}.`);
    await run.journal.backupFile(config);
    const r = await ctx.runner('git', [...argv(step).slice(1, -1), to], {
      env: ctx.env,
      timeoutMs: ctx.timeoutMs,
    });
    if (r.exitCode !== 0)
      throw new StepError(`git remote set-url failed: ${r.stderr.trim().split('\n').pop() ?? ''}`);
    await keepOwner(target);
    return 'done';
  },
};
