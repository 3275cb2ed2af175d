import { commandLine } from '../../../electron/shared/command-line';
import { filesOfSteps } from '../../../electron/shared/files-involved';
import type { TargetInput } from '../../../electron/engine/model';
import type { HelpdeskLine } from '../components/common';
import { fixCommand, type PlannedOffer } from '../wizard-model';

// What the helpdesk view shows on the Fix step: the CLI's dry run for each finding, then
// every command the plans run and every file they change, each once.

function dedupe(lines: HelpdeskLine[]): HelpdeskLine[] {
  const seen = new Set<string>();
  return lines.filter((l) => {
    const key = `${l.label}\n${l.command ?? ''}\n${l.path ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function fixHelpdeskLines(offers: PlannedOffer[], target: TargetInput | null): HelpdeskLine[] {
  return dedupe(
    offers.flatMap((p) => [
      ...(target
        ? [{ label: `Plan for ${p.finding.code}`, command: fixCommand(target, p.finding.code) }]
        : []),
      ...p.offer.steps.flatMap((s, i) => {
        const argv = p.offer.preview[i]?.argv;
        return [
          ...(argv ? [{ label: `${p.offer.title}: step`, command: commandLine(argv) }] : []),
          ...filesOfSteps([s]).map((file) => ({ label: 'File it changes', path: file })),
        ];
      }),
    ]),
  );
}
