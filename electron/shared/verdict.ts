import type { ScanReport } from '../engine/model';

// The one sentence that sums a scan up, for the CLI's last line, the report and the app.
// "No problems found" only when nothing failed and the clone was tried and worked; a clone
// that was not tried never reads as health; when it works, findings are what will break it.

/** Whether the live check ran and git listed the repository. */
export function cloneWorks(report: Pick<ScanReport, 'live'>): boolean {
  return report.live?.tried === true && report.live.verdict?.ok === true;
}

/** "2 problems, 1 warning, 1 check could not run", or '' when there is nothing to count. */
export function countsText(report: Pick<ScanReport, 'summary'>): string {
  const { errors, warnings, infos, checksErrored } = report.summary;
  const parts: string[] = [];
  if (errors) parts.push(`${errors} problem${errors === 1 ? '' : 's'}`);
  if (warnings) parts.push(`${warnings} warning${warnings === 1 ? '' : 's'}`);
  if (infos) parts.push(`${infos} note${infos === 1 ? '' : 's'}`);
  if (checksErrored) parts.push(`${checksErrored} check${checksErrored === 1 ? '' : 's'} could not run`);
  return parts.join(', ');
}

function aside(...parts: (string | undefined)[]): string {
  const kept = parts.filter((p): p is string => !!p);
  return kept.length ? ` (${kept.join('; ')})` : '';
}

/** The scan in one sentence; `timing` ("20 checks in 1.2 s") goes in the parentheses at the end. */
export function verdictLine(
  report: Pick<ScanReport, 'live' | 'summary' | 'findings'>,
  timing?: string,
): string {
  const found = countsText(report);
  const live = report.live;
  if (!live?.tried) {
    if (found) return `${found}; the clone itself was not tried${aside(timing)}.`;
    return `Nothing wrong found in this computer's settings — the clone itself was not tried${aside(live?.reason)}${aside(timing)}.`;
  }
  if (!cloneWorks(report)) return `${found ? `${found}; the` : 'The'} clone fails right now${aside(timing)}.`;
  const later = [...new Set(report.findings.filter((f) => f.severity !== 'info').map((f) => f.code))];
  if (later.length > 0)
    return `Cloning works right now; these will break it later: ${later.join(', ')}${aside(found, timing)}.`;
  if (report.summary.checksErrored > 0) return `Cloning works right now; ${found}${aside(timing)}.`;
  return `No problems found: cloning works${aside(found)}${aside(timing)}.`;
}
