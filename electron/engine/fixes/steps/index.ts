import type { ConfigEntry, FixStep, StepPreview } from '../../model';
import { awsCallStep, sshConfigHostStep } from './account';
import { commandStep } from './command';
import { deleteCredentialStep } from './delete-credential';
import { gitConfigStep } from './git-config';
import { remoteSetUrlStep } from './remote-set-url';
import type { StepKind } from './step-kind';

const KINDS: { [T in FixStep['type']]: StepKind<Extract<FixStep, { type: T }>> } = {
  'git-config': gitConfigStep,
  'remote-set-url': remoteSetUrlStep,
  'delete-credential': deleteCredentialStep,
  command: commandStep,
  'aws-call': awsCallStep,
  'ssh-config-host': sshConfigHostStep,
};

export function stepKind<S extends FixStep>(step: S): StepKind<S> {
  return KINDS[step.type] as unknown as StepKind<S>;
}

export function previewOf(step: FixStep): StepPreview {
  const kind = stepKind(step);
  return { description: kind.describe(step), argv: kind.argv(step) };
}

/** Replays steps onto the entry list the way git would read the edited files. */
export function simulateConfig(config: ConfigEntry[], steps: FixStep[]): ConfigEntry[] {
  const after = steps.reduce((entries, s) => stepKind(s).simulate?.(entries, s) ?? entries, config);
  return after.map((e, i) => ({ ...e, order: i }));
}
