import type { ScanReport } from '../engine/model';
import { commandLine } from '../shared/command-line';
import { collectOffers, isRunnable } from '../shared/offers';
import { cloneWorks } from '../shared/verdict';
import { redactUrlSecrets } from '../engine/probes/git';
import { targetArgs } from '../shared/target-args';
import { kept, tone, type Span } from './layout';

// The report's closing line: what to do next, as a command to copy. The doctor can fix
// something → `fix` (it shows each change and asks); the clone works → the clone command;
// something is wrong that nothing here can fix → a recording for the helpdesk; nothing
// found but the clone not tried → the command that tries it.

/** The file name suggested for a recording; the helpdesk replays it (README "Recordings"). */
export const HELPDESK_FILE = 'codecommit-doctor-report.json';

/** `--repo URL` (its password, if any, masked) / `--dir PATH` / nothing, for a command to copy. */

function wrong(report: ScanReport): boolean {
  const { errors, warnings, checksErrored } = report.summary;
  return errors + warnings + checksErrored > 0 || (report.live?.tried === true && !cloneWorks(report));
}

function line(label: string, argv: string[], after = ''): (string | Span)[] {
  return [tone('strong', label), ' ', kept(commandLine(argv), 'note'), after];
}

/** The closing line, or null (a replay: the helpdesk is reading, nothing runs here). */
export function closingLine(report: ScanReport): (string | Span)[] | null {
  if (report.replay) return null;
  const target = targetArgs(report.target);
  if (collectOffers(report).some((p) => isRunnable(p.offer)))
    return line('Next:', ['codecommit-doctor', 'fix', ...target], ' (shows each change and asks first)');
  if (cloneWorks(report)) {
    const url = report.target.kind === 'url' ? redactUrlSecrets(report.target.url) : report.live?.target;
    if (!url) return null;
    return report.target.kind === 'dir'
      ? [tone('strong', 'Git works with this folder’s remote now:'), ' ', kept(url, 'note')]
      : line('You can clone now:', ['git', 'clone', url]);
  }
  if (wrong(report))
    return line('Send this report to your helpdesk:', [
      'codecommit-doctor',
      'diagnose',
      ...target,
      '--record',
      HELPDESK_FILE,
    ]);
  if (report.target.kind === 'machine')
    return line('To try a clone too:', ['codecommit-doctor', 'diagnose', '--repo', 'CLONE-URL']);
  return line('To try the clone itself:', ['codecommit-doctor', 'verify', ...target]);
}
