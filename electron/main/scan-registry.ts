import { randomUUID } from 'node:crypto';
import type { EventMap, EventName } from '../contract';
import type { ClientChoice } from '../engine/clients';
import type { EngineContext } from '../engine/context';
import type { ScanEvent, ScanReport, TargetInput } from '../engine/model';
import type { Recording } from '../engine/recording/format';
import type { replayScan } from '../engine/recording/replay';
import type { runScan } from '../engine/scan';
import { redactAddress } from '../shared/redact';

// The scans main keeps for the renderer to refer to by id: applyFix, verify and the report
// all name a scan, never a target or a plan of their own. Oldest finished scans are dropped
// first; a scan that crashes still ends with a report, so the renderer's wait always ends.

/** How a scan runs besides its target: the same for the scan and every re-scan after a fix. */
export interface ScanChoices {
  offline: boolean;
  /** What the person clones with: the scan runs that client's git with its settings. */
  client?: ClientChoice;
  /** The recording this scan replays (another computer's): never fixed, never verified from here. */
  replay?: Recording;
}

export interface ScanRecord extends ScanChoices {
  target: TargetInput;
  report?: ScanReport;
  running?: Promise<ScanReport>;
  /** Serialises fixes on one scan: two clicks must not race on the same files. */
  busy?: boolean;
}

/** A failure whose message is meant for the user as is. */
export class HandlerError extends Error {}

export interface ScanRegistry {
  /** Starts a scan in the background (of a recording, when given); progress and the report go out as events. */
  start(target: TargetInput, choices: ScanChoices): string;
  /** The scan's record and report, or a HandlerError the user can act on. */
  finished(scanId: string): { record: ScanRecord; report: ScanReport };
  /** A scan that never throws: a crash becomes a report with one `error` check. */
  scanSafely(
    target: TargetInput,
    choices: ScanChoices,
    onEvent?: (event: ScanEvent) => void,
  ): Promise<ScanReport>;
}

/** A report for a scan that crashed, so the renderer's wait always ends. */
function crashedReport(
  ctx: EngineContext,
  version: string,
  target: TargetInput,
  message: string,
): ScanReport {
  return {
    schemaVersion: 1,
    tool: { name: 'codecommit-doctor', version },
    platform: ctx.platform,
    startedAt: ctx.now().toISOString(),
    durationMs: 0,
    target: target.kind === 'url' ? { kind: 'url', url: redactAddress(target.url) } : target,
    targets: [],
    checks: [
      { id: 'scan', title: 'Running the checks', status: 'error', durationMs: 0, findings: [], message },
    ],
    findings: [],
    summary: { errors: 0, warnings: 0, infos: 0, checksErrored: 1 },
  };
}

export function createScanRegistry(deps: {
  ctx: EngineContext;
  version: string;
  runScan: typeof runScan;
  replayScan: typeof replayScan;
  emit: <E extends EventName>(event: E, payload: EventMap[E]) => void;
  maxScans: number;
  describeError: (e: unknown) => string;
}): ScanRegistry {
  const { ctx, version, emit, maxScans } = deps;
  const scans = new Map<string, ScanRecord>();

  function remember(id: string, record: ScanRecord): void {
    scans.set(id, record);
    while (scans.size > maxScans) {
      const oldest = [...scans.entries()].find(([, r]) => !r.running && !r.busy)?.[0];
      if (oldest === undefined) break;
      scans.delete(oldest);
    }
  }

  /** A window closed mid-scan: nothing to tell. */
  function emitQuietly<E extends EventName>(event: E, payload: EventMap[E]): void {
    try {
      emit(event, payload);
    } catch {
      // As above.
    }
  }

  const registry: ScanRegistry = {
    async scanSafely(target, { offline, client, replay }, onEvent) {
      try {
        if (replay) return await deps.replayScan(replay, onEvent ? { onEvent } : {});
        return await deps.runScan(ctx, {
          target,
          offline,
          ...(client ? { client } : {}),
          ...(onEvent ? { onEvent } : {}),
        });
      } catch (e) {
        return crashedReport(
          ctx,
          version,
          target,
          `The checks stopped unexpectedly: ${deps.describeError(e)}`,
        );
      }
    },

    start(target, choices) {
      const scanId = randomUUID();
      const record: ScanRecord = { target, ...choices };
      const onEvent = (event: ScanEvent) => emitQuietly('scanEvent', { scanId, event });
      record.running = registry.scanSafely(target, choices, onEvent).then((report) => {
        record.report = report;
        record.running = undefined;
        emitQuietly('scanDone', { scanId, report });
        return report;
      });
      remember(scanId, record);
      return scanId;
    },

    finished(scanId) {
      const record = scans.get(scanId);
      if (!record) throw new HandlerError('That scan is no longer available: run the checks again.');
      if (!record.report) throw new HandlerError('That scan is still running.');
      return { record, report: record.report };
    },
  };
  return registry;
}
