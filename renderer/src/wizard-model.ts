import { collectOffers, isRunnable, type PlannedOffer } from '../../electron/shared/offers';
import type {
  CheckResult,
  CheckStatus,
  Finding,
  FixOffer,
  ScanEvent,
  ScanReport,
  Severity,
  TargetInput,
} from '../../electron/engine/model';
import { commandLine } from '../../electron/shared/command-line';
import { targetArgs } from '../../electron/shared/target-args';

// Pure pieces of the wizard (no React): which steps exist, how scan events fold into the
// check list, how findings group, and the commands the helpdesk view shows.

export const STEPS = [
  { id: 'target', title: 'What do you want to clone?', short: 'Choose' },
  { id: 'scan', title: 'Scan', short: 'Scan' },
  { id: 'findings', title: 'Findings', short: 'Findings' },
  { id: 'fix', title: 'Fix', short: 'Fix' },
  { id: 'verify', title: 'Verify', short: 'Verify' },
  { id: 'report', title: 'Report', short: 'Report' },
] as const;
export type StepId = (typeof STEPS)[number]['id'];

export function stepIndex(id: StepId): number {
  return STEPS.findIndex((s) => s.id === id);
}

export function stepLabel(id: StepId): string {
  const i = stepIndex(id);
  return `Step ${i + 1} of ${STEPS.length}`;
}

export type RowStatus = CheckStatus | 'waiting' | 'running';

export const ROW_GLYPH: Record<RowStatus, string> = {
  pass: '[✓]',
  warn: '[!]',
  fail: '[✗]',
  error: '[?]',
  skipped: '[-]',
  waiting: '[ ]',
  running: '[…]',
};

export const ROW_WORD: Record<RowStatus, string> = {
  pass: 'passed',
  warn: 'warning',
  fail: 'problem found',
  error: 'could not check',
  skipped: 'not checked',
  waiting: 'waiting',
  running: 'checking…',
};

export const SEVERITY_GLYPH: Record<Severity, string> = { error: '[✗]', warning: '[!]', info: '[i]' };
export const SEVERITY_GROUP: Record<Severity, string> = {
  error: 'Problems',
  warning: 'Warnings',
  info: 'Notes',
};

export interface CheckRow {
  id: string;
  title: string;
  status: RowStatus;
  durationMs?: number;
  slowMs?: number;
  message?: string;
  result?: CheckResult;
}

export interface ScanView {
  rows: CheckRow[];
  probesDone: number;
  finished: boolean;
}

/** Folds a scan's events, in arrival order, into the check list the Scan step shows. */
export function foldScan(events: readonly ScanEvent[]): ScanView {
  const rows = new Map<string, CheckRow>();
  let probesDone = 0;
  let finished = false;
  const row = (id: string, title: string): CheckRow => {
    let r = rows.get(id);
    if (!r) {
      r = { id, title, status: 'waiting' };
      rows.set(id, r);
    }
    return r;
  };
  for (const e of events) {
    switch (e.type) {
      case 'scan-started':
        for (const c of e.checks) row(c.id, c.title);
        break;
      case 'probe-finished':
        probesDone++;
        break;
      case 'check-started': {
        const r = row(e.id, e.title);
        if (r.status === 'waiting') r.status = 'running';
        break;
      }
      case 'check-slow': {
        const r = row(e.id, e.title);
        r.slowMs = e.elapsedMs;
        break;
      }
      case 'check-finished': {
        const r = row(e.result.id, e.result.title);
        r.status = e.result.status;
        r.durationMs = e.result.durationMs;
        r.message = e.result.message;
        r.result = e.result;
        r.slowMs = undefined;
        break;
      }
      case 'scan-finished':
        finished = true;
        for (const c of e.report.checks) {
          const r = row(c.id, c.title);
          r.status = c.status;
          r.durationMs = c.durationMs;
          r.message = c.message;
          r.result = c;
        }
        break;
    }
  }
  return { rows: [...rows.values()], probesDone, finished };
}

/** One sentence per event worth hearing; null for the ones that would only be noise. */
export function announceScanEvent(e: ScanEvent): string | null {
  switch (e.type) {
    case 'scan-started':
      return `Scan started: ${e.checks.length} checks.`;
    case 'check-finished':
      return `${e.result.title}: ${ROW_WORD[e.result.status]}.`;
    case 'check-slow':
      return `${e.title} is taking longer than usual (${Math.round(e.elapsedMs / 1000)} seconds).`;
    case 'scan-finished':
      return `Scan finished. ${summaryText(e.report)}`;
    default:
      return null;
  }
}

/** Why a check did not run, in the app's words (the engine's reason names the CLI's flag). */
export function skipReason(message: string | undefined): string | undefined {
  return message?.replace(/^--offline: /, 'offline: ');
}

export type SummaryTone = 'fail' | 'error' | 'warn' | 'info' | 'pass';
export const SUMMARY_GLYPH: Record<SummaryTone, string> = {
  fail: '[✗]',
  error: '[?]',
  warn: '[!]',
  info: '[i]',
  pass: '[✓]',
};

/** The scan's worst outcome: the colour and glyph of its summary. */
export function worstTone(report: ScanReport): SummaryTone {
  const { errors, warnings, infos, checksErrored } = report.summary;
  if (errors > 0) return 'fail';
  if (checksErrored > 0) return 'error';
  if (warnings > 0) return 'warn';
  return infos > 0 ? 'info' : 'pass';
}

export function summaryText(report: ScanReport): string {
  const { errors, warnings, infos, checksErrored } = report.summary;
  if (errors + warnings + infos + checksErrored === 0) return 'No problems found.';
  const parts: string[] = [];
  if (errors) parts.push(plural(errors, 'problem'));
  if (warnings) parts.push(plural(warnings, 'warning'));
  if (infos) parts.push(plural(infos, 'note'));
  if (checksErrored) parts.push(`${plural(checksErrored, 'check')} could not run`);
  return parts.join(', ') + '.';
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function groupFindings(
  findings: readonly Finding[],
): { severity: Severity; title: string; findings: Finding[] }[] {
  const order: Severity[] = ['error', 'warning', 'info'];
  return order
    .map((severity) => ({
      severity,
      title: SEVERITY_GROUP[severity],
      findings: findings.filter((f) => f.severity === severity),
    }))
    .filter((g) => g.findings.length > 0);
}

export { collectOffers, isRunnable, type PlannedOffer };

export function isIrreversible(o: FixOffer): boolean {
  return !o.reversible || o.warning !== undefined;
}

/** Consent defaults: a reversible fix is pre-ticked; suggestions and anything that cannot
 * be undone only when the user picks them. */
export function preselected(o: FixOffer): boolean {
  return o.kind === 'fix' && isRunnable(o) && !isIrreversible(o);
}

export function diagnoseCommand(target: TargetInput): string {
  return commandLine(['codecommit-doctor', 'diagnose', ...targetArgs(target)]);
}

export function fixCommand(target: TargetInput, code: string): string {
  return commandLine(['codecommit-doctor', 'fix', ...targetArgs(target), '--only', code, '--dry-run']);
}

/** What the person types once git works again: a clone of the address, or a fetch in the folder. */
export function nextGitCommand(target: TargetInput): string | null {
  switch (target.kind) {
    case 'url':
      return commandLine(['git', 'clone', target.url]);
    case 'dir':
      return commandLine(['git', '-C', target.path, 'fetch']);
    case 'machine':
      return null;
  }
}

export function lsRemoteCommand(display: string): string {
  return commandLine(['git', 'ls-remote', display]);
}

export function describeTarget(target: TargetInput): string {
  switch (target.kind) {
    case 'url':
      return target.url;
    case 'dir':
      return `the repository in ${target.path}`;
    case 'machine':
      return target.region ? `this whole computer (Region ${target.region})` : 'this whole computer';
  }
}
