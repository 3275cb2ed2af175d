import type { EngineContext } from '../../context';
import type { ConfigEntry, FixStep } from '../../model';
import type { RevealSecret } from '../account-apply';
import type { JournalTransaction } from '../journal';

// One descriptor per kind of fix step: how it reads in a plan, the command a person could
// type instead (the helpdesk view), what it does to git's settings (the planner replays it
// before offering a plan), how it runs, and whether the journal can put it back.

export type StepOf<T extends FixStep['type']> = Extract<FixStep, { type: T }>;

export interface StepRun {
  journal: JournalTransaction;
  /** Only when the person asked to see a new Git password once. */
  reveal?: RevealSecret;
}

/** A step that fails throws this: its message is shown as the step's outcome. */
export class StepError extends Error {}

export interface StepKind<S extends FixStep> {
  describe(step: S): string;
  argv(step: S): string[] | null;
  /** The journal can restore what it changed (a deleted password or an IAM change cannot be). */
  reversible: boolean;
  /** false: shown for a person to run (an administrator's command, a sign-in), never run here. */
  runsHere: boolean;
  /** git's settings after the step, in git's reading order (steps that do not touch them: unchanged). */
  simulate?(config: ConfigEntry[], step: S): ConfigEntry[];
  apply(ctx: EngineContext, step: S, run: StepRun): Promise<string>;
}
