import type { VerifyResult } from '../contract';
import type { ApplyOutcome } from '../engine/fixes/apply';
import type { FixOffer, ScanReport } from '../engine/model';
import { storyFindings, storyFix, type ReportStory, type StoryTry } from '../engine/report-story';

// What happened to each scan of this window, for the report's story: the findings as the
// scan first saw them (a fix replaces the scan's report with a re-scan), the fixes applied,
// and the live tries before and after. Kept for as many scans as main keeps reports.

interface Log {
  found?: ReportStory['found'];
  fixes: ReportStory['fixes'];
  tries: { afterFixes: boolean; results: StoryTry[] }[];
}

const tries = (r: VerifyResult): StoryTry[] =>
  r.results.map(({ display, verdict }) => ({
    display,
    verdict: { ok: verdict.ok, headline: verdict.headline, short: verdict.short },
  }));

export class ScanStories {
  private readonly logs = new Map<string, Log>();

  constructor(private readonly max = 20) {}

  private log(scanId: string): Log {
    let log = this.logs.get(scanId);
    if (!log) {
      log = { fixes: [], tries: [] };
      this.logs.set(scanId, log);
      while (this.logs.size > this.max) this.logs.delete(this.logs.keys().next().value as string);
    }
    return log;
  }

  /** `planned`: the scan's report the offer came from (the first one is what was wrong). */
  applied(scanId: string, planned: ScanReport, offer: FixOffer, outcome: ApplyOutcome): void {
    const log = this.log(scanId);
    log.found ??= storyFindings(planned);
    log.fixes.push(storyFix(offer, outcome));
  }

  verified(scanId: string, result: VerifyResult): void {
    const log = this.log(scanId);
    log.tries.push({ afterFixes: log.fixes.length > 0, results: tries(result) });
  }

  /** The story for the report, with `now` (the scan's latest report) when nothing was applied. */
  of(scanId: string, now: ScanReport): ReportStory {
    const log = this.logs.get(scanId) ?? { fixes: [], tries: [] };
    const first = log.tries[0];
    const last = log.tries.length > 1 ? log.tries[log.tries.length - 1] : undefined;
    return {
      found: log.found ?? storyFindings(now),
      fixes: log.fixes,
      ...(first ? { before: first.results } : {}),
      ...(last ? { after: last.results } : {}),
    };
  }
}
