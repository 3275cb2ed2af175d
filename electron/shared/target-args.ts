import type { TargetInput } from '../engine/model';
import { redactAddress } from './redact';

/**
 * The doctor's arguments that check the same target again, for a command people copy (the
 * CLI's "Next:" line, the app's helpdesk commands): a password in the address is masked, and a
 * whole-computer scan keeps the Region it was given.
 */
export function targetArgs(t: TargetInput): string[] {
  switch (t.kind) {
    case 'url':
      return ['--repo', redactAddress(t.url)];
    case 'dir':
      return ['--dir', t.path];
    case 'machine':
      return t.region ? ['--region', t.region] : [];
  }
}
