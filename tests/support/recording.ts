import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import type { EngineContext } from '../../electron/engine/context';
import type { ScanReport, TargetInput } from '../../electron/engine/model';
import { parseRecording, type Recording } from '../../electron/engine/recording/format';
import { startRecording } from '../../electron/engine/recording/record';
import type { RecordingRedactor } from '../../electron/engine/recording/redact';
import { replayContext, replayScan, type ReplayContext } from '../../electron/engine/recording/replay';
import type { Redaction } from '../../electron/engine/report';
import { runScan } from '../../electron/engine/scan';

// Recordings in tests: a macOS or Windows computer is a recording file (the same format a user
// sends with `diagnose --record`), so a user's recording becomes a test by copying the file
// into tests/fixtures/recordings/. Test recordings may point at captured samples next to
// them (`stdoutFile`, `stderrFile`, `textFile`, relative to the recording) instead of copying
// them, and may say `"unlisted": "absent"` so only what exists needs listing.

export const RECORDINGS = path.resolve(__dirname, '..', 'fixtures', 'recordings');

export const SHOW_EVERYTHING: Redaction = { hideAccounts: false, hideHome: false, hideRepoNames: false };

/** A recording file, with the samples it names read from beside it. */
export function readRecording(file: string): Recording {
  const dir = path.dirname(file);
  return parseRecording(readFileSync(file, 'utf8'), {
    resolveFile: (name) => readFileSync(path.resolve(dir, name), 'utf8'),
  });
}

/**
 * The context a recording answers: pass it to a probe, a store adapter, the planner or
 * runScan. `strict`: a recorded program run answers once (count calls, as fix replays do).
 */
export function loadRecording(file: string, options: { strict?: boolean } = {}): ReplayContext {
  return replayContext(readRecording(path.isAbsolute(file) ? file : path.join(RECORDINGS, file)), options);
}

/** The recorded scan, replayed (its own target and --offline). */
export function replayRecording(file: string): Promise<ScanReport> {
  return replayScan(readRecording(path.isAbsolute(file) ? file : path.join(RECORDINGS, file)));
}

/** Fails unless the replay asked for nothing the recording lacks and used every program run it holds. */
export function expectFullyReplayed(ctx: ReplayContext): void {
  expect(ctx.replay.notRecorded, 'asked for but not in the recording').toEqual([]);
  expect(
    ctx.replay.unused().map((c) => [c.command, ...c.args].join(' ')),
    'in the recording but never asked for',
  ).toEqual([]);
}

/** A live scan through a recorder: the report, and the recording as a user would send it (JSON and back). */
export async function recordScan(
  ctx: EngineContext,
  target: TargetInput,
  redaction: Redaction = SHOW_EVERYTHING,
  offline = true,
): Promise<{ report: ScanReport; recording: Recording; json: string; redactor: RecordingRedactor }> {
  const recorder = startRecording(ctx, { target, offline });
  const report = await runScan(recorder.ctx, { target, offline });
  const { recording, redactor } = recorder.finish(report, redaction);
  const json = JSON.stringify(recording, null, 2);
  return { report, recording: parseRecording(json), json, redactor };
}

/** A report without what differs between two runs of the same scan (timings, and the replay note). */
export function comparable(report: ScanReport): unknown {
  const strip = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(strip);
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) if (k !== 'durationMs' && k !== 'replay') out[k] = strip(x);
      return out;
    }
    return v;
  };
  return strip(report);
}
