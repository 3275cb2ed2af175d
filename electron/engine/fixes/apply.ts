import { runAccountStep, type RevealSecret } from './account-apply';
import type { EngineContext } from '../context';
import { pathFor } from '../context';
import type { FixOffer, FixStep, StoreEntry, StoreProbeResult } from '../model';
import { deleteStoreEntry, listStore } from '../platform';
import { isCodeCommitHost } from '../codecommit-host';
import type { Journal } from './journal';
import { describeStep, gitConfigArgv } from './describe-step';

// Applies one plan: journal first (a backup of every file before it changes), then each
// step, then a proof that it did what it said. A step that fails rolls the fix's file
// changes back, so nothing is left half-done.

export interface StepOutcome {
  index: number;
  description: string;
  ok: boolean;
  message: string;
}

export interface ApplyOutcome {
  fixId: string;
  ok: boolean;
  journalId?: string;
  steps: StepOutcome[];
  rolledBack: boolean;
  error?: string;
}

export interface ApplyOptions {
  journal: Journal;
  onStep?: (outcome: StepOutcome) => void;
  /** Only when the person asked to see a new Git password once (see RevealSecret). */
  revealSecret?: RevealSecret;
}

class StepError extends Error {}

function sameEntry(a: StoreEntry, b: StoreEntry): boolean {
  return (
    a.store === b.store &&
    a.location === b.location &&
    a.hostname === b.hostname &&
    (a.account ?? '') === (b.account ?? '') &&
    (a.path ?? '') === (b.path ?? '') &&
    (a.port ?? 0) === (b.port ?? 0)
  );
}

async function gitConfigStep(
  ctx: EngineContext,
  step: Extract<FixStep, { type: 'git-config' }>,
): Promise<string> {
  // The very command the plan showed (--dry-run, the app's preview), minus the program name.
  const args = gitConfigArgv(step).slice(1);
  const r = await ctx.runner('git', args, { env: ctx.env, timeoutMs: ctx.timeoutMs });
  // --unset-all exits 5 when nothing matched: the wanted state already holds.
  if (r.exitCode === 0 || (step.op === 'unset-all' && r.exitCode === 5)) return 'done';
  if (r.notFound) throw new StepError('git is not installed');
  if (r.timedOut) throw new StepError('git config timed out');
  throw new StepError(
    `git config failed: ${(r.stderr || r.stdout).trim().split('\n').pop() ?? `exit ${r.exitCode}`}`,
  );
}

async function repoConfigFile(ctx: EngineContext, dir: string): Promise<string> {
  const r = await ctx.runner('git', ['-C', dir, 'rev-parse', '--absolute-git-dir'], {
    env: ctx.env,
    timeoutMs: ctx.timeoutMs,
  });
  if (r.exitCode !== 0) throw new StepError(`${dir} is not a git repository`);
  return pathFor(ctx.platform).join(r.stdout.trim(), 'config');
}

async function deleteStep(ctx: EngineContext, entry: StoreEntry): Promise<string> {
  if (!isCodeCommitHost(entry.hostname))
    throw new StepError(`refusing to touch ${entry.hostname}: not a CodeCommit host`);
  const before = await listStore(ctx, entry);
  if (before.error) throw new StepError(before.error);
  const present = before.entries.filter((e) => sameEntry(e, entry));
  if (present.length === 0) return 'already gone';
  const result = await deleteStoreEntry(ctx, entry);
  if (result.error) throw new StepError(result.error);
  const after: StoreProbeResult = await listStore(ctx, entry);
  if (after.error) throw new StepError(`deleted, but the store could not be listed again: ${after.error}`);
  if (after.entries.some((e) => sameEntry(e, entry)))
    throw new StepError('the store still lists this entry after deleting it');
  // Proof that nothing else went: every other entry is still there, and the count of
  // non-CodeCommit entries did not move.
  const othersBefore = before.entries.filter((e) => !sameEntry(e, entry));
  const missing = othersBefore.filter((o) => !after.entries.some((e) => sameEntry(e, o)));
  if (missing.length > 0 || after.ignored !== before.ignored) {
    throw new StepError(
      `the store changed more than asked (${missing.length} other CodeCommit entries and ${before.ignored - after.ignored} other entries gone) — please report this`,
    );
  }
  return `deleted ${result.deleted}`;
}

async function runStep(
  ctx: EngineContext,
  step: FixStep,
  journal: Awaited<ReturnType<Journal['begin']>>,
  reveal?: RevealSecret,
): Promise<string> {
  switch (step.type) {
    case 'git-config':
      await journal.backupFile(step.file);
      return gitConfigStep(ctx, step);
    case 'remote-set-url': {
      if (step.remote.startsWith('-')) throw new StepError(`odd remote name "${step.remote}"`);
      await journal.backupFile(await repoConfigFile(ctx, step.dir));
      const r = await ctx.runner('git', ['-C', step.dir, 'remote', 'set-url', step.remote, step.to], {
        env: ctx.env,
        timeoutMs: ctx.timeoutMs,
      });
      if (r.exitCode !== 0)
        throw new StepError(`git remote set-url failed: ${r.stderr.trim().split('\n').pop() ?? ''}`);
      return 'done';
    }
    case 'delete-credential':
      return deleteStep(ctx, step.entry);
    case 'file-edit':
      throw new StepError('file edits are shown as suggestions only');
    case 'command':
      throw new StepError('this command needs administrator rights: run it yourself');
    case 'aws-call':
    case 'ssh-config-host':
      return runAccountStep(ctx, step, journal, reveal);
  }
}

export async function applyFix(
  ctx: EngineContext,
  offer: FixOffer,
  options: ApplyOptions,
): Promise<ApplyOutcome> {
  const base = { fixId: offer.id, steps: [] as StepOutcome[], rolledBack: false };
  if (!offer.applicable || offer.needsAdmin) {
    return { ...base, ok: false, error: 'This is shown for you to do yourself; the doctor does not run it.' };
  }
  const descriptions = offer.steps.map((s) => describeStep(s));
  const tx = await options.journal.begin({
    title: offer.title,
    findingCode: offer.findingCode,
    fixId: offer.id,
    steps: offer.steps.map((s, i) => ({
      description: descriptions[i] as string,
      reversible: s.type !== 'delete-credential' && s.type !== 'aws-call',
    })),
  });
  const steps: StepOutcome[] = [];
  let failure: string | undefined;
  for (const [index, step] of offer.steps.entries()) {
    await tx.stepStarted(index);
    try {
      const message = await runStep(ctx, step, tx, options.revealSecret);
      await tx.stepDone(index);
      steps.push({ index, description: descriptions[index] as string, ok: true, message });
    } catch (e) {
      failure = e instanceof Error ? e.message : String(e);
      await tx.stepFailed(index, failure);
      steps.push({ index, description: descriptions[index] as string, ok: false, message: failure });
    }
    options.onStep?.(steps[steps.length - 1] as StepOutcome);
    if (failure) break;
  }
  if (!failure) {
    await tx.finish('applied');
    return { ...base, ok: true, journalId: tx.id, steps };
  }
  await tx.finish('failed');
  let rolledBack = false;
  if (steps.some((s) => s.ok) || offer.steps.some((s) => s.type !== 'delete-credential')) {
    try {
      await options.journal.undo(tx.id);
      rolledBack = true;
    } catch {
      rolledBack = false;
    }
  }
  return { ...base, ok: false, journalId: tx.id, steps, rolledBack, error: failure };
}
