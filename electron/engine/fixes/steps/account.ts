import { runAccountStep } from '../account-apply';
import { accountStepArgv, describeAccountStep } from '../account-steps';
import type { StepKind, StepOf } from './step-kind';

// Account repairs (issue 6). An IAM change cannot be undone from the journal; the ssh
// config file the key ID is written to is backed up like any other file.

export const awsCallStep: StepKind<StepOf<'aws-call'>> = {
  describe: describeAccountStep,
  argv: accountStepArgv,
  reversible: false,
  runsHere: true,
  apply: (ctx, step, run) => runAccountStep(ctx, step, run.journal, run.reveal),
};

export const sshConfigHostStep: StepKind<StepOf<'ssh-config-host'>> = {
  describe: describeAccountStep,
  argv: accountStepArgv,
  reversible: true,
  runsHere: true,
  apply: (ctx, step, run) => runAccountStep(ctx, step, run.journal),
};
