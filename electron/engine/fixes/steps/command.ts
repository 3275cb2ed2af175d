import { commandLine } from '../../../shared/command-line';
import type { StepKind, StepOf } from './step-kind';
import { StepError } from './step-kind';

type CommandStep = StepOf<'command'>;

/** A command shown for a person to run (an administrator's, or a sign-in): never run here. */
export const commandStep: StepKind<CommandStep> = {
  describe: (step) => `${step.note}: ${commandLine(step.argv)}`,
  argv: (step) => step.argv,
  reversible: false,
  runsHere: false,
  apply() {
    return Promise.reject(new StepError('this command needs administrator rights: run it yourself'));
  },
};
