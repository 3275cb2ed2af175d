import { previewOf } from '../../electron/engine/fixes/steps';
import type { FixOffer, FixStep } from '../../electron/engine/model';

// The exact-host credential section as raw steps, and an applicable offer around any steps:
// for tests that drive applyFix directly (what the planner would offer, without a scan).

export const AWS_HELPER = '!aws codecommit credential-helper $@';

export function sectionSteps(file: string, host: string): FixStep[] {
  const key = `credential.https://${host}`;
  return [
    { type: 'git-config', op: 'add', file, scope: 'global', key: `${key}.helper`, value: '' },
    { type: 'git-config', op: 'add', file, scope: 'global', key: `${key}.helper`, value: AWS_HELPER },
    { type: 'git-config', op: 'set', file, scope: 'global', key: `${key}.UseHttpPath`, value: 'true' },
  ];
}

export function offerOf(steps: FixStep[]): FixOffer {
  return {
    id: 'test',
    findingCode: 'helper-not-configured',
    kind: 'fix',
    title: 'test',
    description: '',
    steps,
    preview: steps.map(previewOf),
    reversible: true,
    needsAdmin: false,
    applicable: true,
  };
}
