import type { RevealSecret } from './account-apply';
import type { EngineContext } from '../context';
import type { FixOffer } from '../model';
import { NotNeeded, type Journal } from './journal';
import { stepKind } from './steps';
import { stillNeeded } from './recheck';
import { scrubSecrets } from '../../shared/redact';

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

export async function applyFix(
  ctx: EngineContext,
  offer: FixOffer,
  options: ApplyOptions,
): Promise<ApplyOutcome> {
  const base = { fixId: offer.id, steps: [] as StepOutcome[], rolledBack: false };
  if (!offer.applicable || offer.needsAdmin) {
    return { ...base, ok: false, error: 'This is shown for you to do yourself; the doctor does not run it.' };
  }
  const descriptions = offer.steps.map((s) => stepKind(s).describe(s));
  const recheck = offer.recheck;
  let tx: Awaited<ReturnType<Journal['begin']>>;
  try {
    tx = await options.journal.begin({
      title: offer.title,
      findingCode: offer.findingCode,
      fixId: offer.id,
      steps: offer.steps.map((s, i) => ({
        description: descriptions[i] as string,
        reversible: stepKind(s).reversible,
      })),
      // Under the journal's lock: a cure already in place is not written twice.
      ...(recheck ? { stillNeeded: () => stillNeeded(ctx, recheck) } : {}),
    });
  } catch (e) {
    if (e instanceof NotNeeded) return { ...base, ok: false, error: `Not applied: ${e.message}.` };
    throw e;
  }
  const run = { journal: tx, ...(options.revealSecret ? { reveal: options.revealSecret } : {}) };
  const steps: StepOutcome[] = [];
  let failure: string | undefined;
  for (const [index, step] of offer.steps.entries()) {
    await tx.stepStarted(index);
    try {
      // Step messages quote git and the stores: scrubbed before they are shown or journaled.
      const message = scrubSecrets(await stepKind(step).apply(ctx, step, run));
      await tx.stepDone(index);
      steps.push({ index, description: descriptions[index] as string, ok: true, message });
    } catch (e) {
      failure = scrubSecrets(e instanceof Error ? e.message : String(e));
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
  if (steps.some((s) => s.ok) || offer.steps.some((s) => stepKind(s).reversible)) {
    try {
      await options.journal.undo(tx.id);
      rolledBack = true;
    } catch {
      rolledBack = false;
    }
  }
  return { ...base, ok: false, journalId: tx.id, steps, rolledBack, error: failure };
}
