import type { Finding, FixOffer, FindingCode, ScanReport } from '../engine/model';

// How the CLI's fix flow and the app's Fix step list what can be done: one entry per
// distinct plan (several findings often share the same cure), settings before deletions
// (the helper section that stops stale passwords coming back goes first), then
// suggestions, then what only the user can do.

export interface PlannedOffer {
  finding: Finding;
  offer: FixOffer;
}

/** Main and the CLI refuse to run admin steps or plans that are only shown: those get a Copy button. */
export function isRunnable(o: FixOffer): boolean {
  return o.applicable && !o.needsAdmin;
}

function rank(o: FixOffer): number {
  if (!isRunnable(o)) return 3;
  if (o.steps.some((s) => s.type === 'delete-credential')) return 1;
  return o.kind === 'fix' ? 0 : 2;
}

export function collectOffers(report: ScanReport, only?: readonly FindingCode[]): PlannedOffer[] {
  const seen = new Set<string>();
  const planned: PlannedOffer[] = [];
  for (const finding of report.findings) {
    if (only && only.length > 0 && !only.includes(finding.code)) continue;
    for (const offer of finding.fixes) {
      const key = JSON.stringify(offer.steps);
      if (offer.steps.length > 0 && seen.has(key)) continue;
      seen.add(key);
      planned.push({ finding, offer });
    }
  }
  return planned.sort((a, b) => rank(a.offer) - rank(b.offer));
}
