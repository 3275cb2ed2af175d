import type { EngineContext, PathInfo } from '../context';
import type { WriteVerdict } from '../fixes/write-target';
import type { AccountFacts, ScanEvent, ScanReport } from '../model';
import type { RunOptions, RunResult } from '../runner';
import { DEFAULT_MAX_READ_BYTES, UnsafeFileError } from '../safe-read';
import { runScan, type ScanOptions } from '../scan';
import type { RecordedCommand, Recording } from './format';

// `diagnose --replay`: the recorded scan, run again on any computer. Every question the engine
// asks the outside world is answered from the recording and from nothing else — no program
// runs, no file of this computer is read, no name is resolved, AWS is never called. A
// question the recording does not hold is answered as "not recorded" (a program that could
// not run, a file that could not be read), listed in the report, and fails the replay's own
// line in the checks: visible, never a crash.

export interface ReplayOptions {
  /**
   * A recorded call is answered once; a later identical call gets the last answer again
   * (default), or — strict, for tests that count calls — is "not recorded".
   */
  strict?: boolean;
}

export interface ReplayState {
  recording: Recording;
  /** What the engine asked that the recording does not hold, in the order asked. */
  notRecorded: string[];
  /** Every program run, in order. */
  calls: { command: string; args: readonly string[]; options?: RunOptions }[];
  /** Recorded program runs no one asked for (a test's recording should have none). */
  unused(): RecordedCommand[];
}

export interface ReplayContext extends EngineContext {
  replay: ReplayState;
}

const NOT_RECORDED = 'not recorded';

function argvText(command: string, args: readonly string[]): string {
  return [command, ...args].map((a) => (/^[\w@%+=:,./\\-]+$/.test(a) ? a : JSON.stringify(a))).join(' ');
}

function resultOf(c: RecordedCommand, durationMs = 0): RunResult {
  return {
    command: c.command,
    args: c.args,
    exitCode: c.exitCode,
    signal: c.signal ?? null,
    stdout: c.stdout,
    stderr: c.stderr,
    timedOut: c.timedOut ?? false,
    notFound: c.notFound ?? false,
    ...(c.truncated ? { truncated: true } : {}),
    durationMs,
    ...(c.error !== undefined ? { error: c.error } : {}),
  };
}

function matches(
  c: RecordedCommand,
  command: string,
  args: readonly string[],
  options: RunOptions | undefined,
) {
  return (
    c.command === command &&
    c.args.length === args.length &&
    c.args.every((a, i) => a === args[i]) &&
    (c.cwd === undefined || c.cwd === options?.cwd) &&
    (c.input === undefined || c.input === options?.input)
  );
}

function replayRunner(rec: Recording, state: ReplayState, used: Set<RecordedCommand>, strict: boolean) {
  return async (command: string, args: readonly string[], options?: RunOptions): Promise<RunResult> => {
    state.calls.push({ command, args: [...args], ...(options ? { options } : {}) });
    const candidates = rec.commands.filter((c) => matches(c, command, args, options));
    const next = candidates.find((c) => !used.has(c)) ?? (strict ? undefined : candidates.at(-1));
    if (next) {
      used.add(next);
      return resultOf(next);
    }
    const what = `${argvText(command, args)}${options?.cwd ? ` (in ${options.cwd})` : ''}`;
    state.notRecorded.push(`the program run ${what}`);
    return {
      command,
      args,
      exitCode: null,
      signal: null,
      stdout: '',
      stderr: `${NOT_RECORDED}: the recording does not hold this program run`,
      timedOut: false,
      notFound: false,
      durationMs: 0,
      error: `${NOT_RECORDED}: ${what}`,
    };
  };
}

function fileError(file: string, code: string, reason?: string): Error {
  if ((code === 'ENOTREGULAR' || code === 'ETOOLARGE') && reason)
    return new UnsafeFileError(file, code, reason);
  return Object.assign(new Error(`${code}: ${file}`), { code });
}

/** The file answers: recorded text (held to the caller's size cap), the recorded failure, or not recorded. */
function replayFiles(rec: Recording, state: ReplayState, absent: boolean) {
  const noted = (what: string) => state.notRecorded.push(what);
  return {
    readFile: async (file: string, options?: { maxBytes?: number }): Promise<Buffer> => {
      const f = rec.files[file];
      if (!f) {
        if (absent) throw fileError(file, 'ENOENT');
        noted(`the file ${file}`);
        throw fileError(file, 'ENOTRECORDED');
      }
      if (f.error) throw fileError(file, f.error.code, f.error.reason);
      const buf = Buffer.from(f.text ?? '', 'utf8');
      const max = options?.maxBytes ?? DEFAULT_MAX_READ_BYTES;
      if (buf.length > max)
        throw new UnsafeFileError(
          file,
          'ETOOLARGE',
          `it is larger than ${max} bytes, too large to be what it should be`,
        );
      return buf;
    },
    isFile: async (p: string): Promise<boolean> => {
      const known = rec.isFile[p] ?? (rec.files[p]?.text !== undefined ? true : undefined);
      if (known === undefined && !absent) noted(`whether ${p} is a file`);
      return known ?? false;
    },
    listDir: async (p: string): Promise<string[]> => {
      const names = rec.dirs[p];
      if (names === undefined && !absent) noted(`the folder ${p}`);
      return names ?? [];
    },
    statPath: async (p: string): Promise<PathInfo | null> => {
      const info = rec.stats[p];
      if (info === undefined && !absent) noted(`what ${p} is`);
      return info ?? null;
    },
  };
}

function replayAccount(rec: Recording, state: ReplayState) {
  return async (): Promise<AccountFacts> => {
    const a = rec.account;
    if (!a) {
      state.notRecorded.push('the AWS account phase (the recording was made with --offline)');
      throw new Error('The AWS account phase is not in this recording (it was made with --offline).');
    }
    if (!a.ok) throw new Error(a.error);
    return a.facts as unknown as AccountFacts;
  };
}

function replayWrites(rec: Recording, state: ReplayState, absent: boolean) {
  return async (file: string): Promise<WriteVerdict> => {
    const v = rec.writable[file];
    if (v) return v;
    // A hand-written recording: a settings file it does not mention is an ordinary one.
    if (absent) return { ok: true, file, realFile: file, exists: false };
    state.notRecorded.push(`whether ${file} may be written`);
    return {
      ok: false,
      file,
      problem: 'cannot-check',
      reason: `${file} cannot be checked: it is not in the recording`,
    };
  };
}

/** A context that answers every question from the recording, and from nothing else. */
export function replayContext(rec: Recording, options: ReplayOptions = {}): ReplayContext {
  const used = new Set<RecordedCommand>();
  const state: ReplayState = {
    recording: rec,
    notRecorded: [],
    calls: [],
    unused: () => rec.commands.filter((c) => !used.has(c)),
  };
  const absent = rec.unlisted === 'absent';
  const recordedAt = new Date(rec.recordedAt);
  return {
    platform: rec.platform,
    ...(rec.pathOrigin ? { pathOrigin: { ...rec.pathOrigin } } : {}),
    env: { ...rec.env },
    home: rec.home,
    cwd: rec.cwd,
    timeoutMs: rec.timeoutMs,
    now: () => new Date(recordedAt),
    runner: replayRunner(rec, state, used, options.strict ?? false),
    ...replayFiles(rec, state, absent),
    lookupHost: async (host) => {
      const addresses = rec.dns[host];
      if (addresses === undefined) state.notRecorded.push(`the addresses of ${host}`);
      return addresses ?? [];
    },
    accountPhase: replayAccount(rec, state),
    inspectWrite: replayWrites(rec, state, absent),
    replay: state,
  };
}

/** The report of a replay: it says so, and what the recording did not hold fails the replay's own line. */
function withReplayInfo(report: ScanReport, rec: Recording, notRecorded: string[]): ScanReport {
  const missing = [...new Set(notRecorded)];
  const out: ScanReport = {
    ...report,
    replay: { recordedAt: rec.recordedAt, recordedWith: rec.tool.version, notRecorded: missing },
  };
  if (missing.length === 0) return out;
  const shown =
    missing.slice(0, 10).join('; ') + (missing.length > 10 ? `; and ${missing.length - 10} more` : '');
  out.checks = [
    ...report.checks,
    {
      id: 'scan',
      title: 'Replaying the recording',
      status: 'error',
      durationMs: 0,
      findings: [],
      message: `The recording does not hold everything the checks asked for, so some results may differ from the recorded computer's: ${shown}.`,
    },
  ];
  out.summary = { ...report.summary, checksErrored: report.summary.checksErrored + 1 };
  return out;
}

export interface ReplayScanOptions {
  onEvent?: (event: ScanEvent) => void;
  checks?: ScanOptions['checks'];
}

/** Runs the recorded scan (its target, --offline, client) on the recording, and says it is a replay. */
export async function replayScan(rec: Recording, options: ReplayScanOptions = {}): Promise<ScanReport> {
  const ctx = replayContext(rec);
  const { target, offline, client, gitProgram } = rec.scan;
  const report = await runScan(ctx, {
    target,
    offline,
    ...(client ? { client: client as NonNullable<ScanOptions['client']> } : {}),
    ...(gitProgram ? { gitProgram } : {}),
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
    ...(options.checks ? { checks: options.checks } : {}),
  });
  return withReplayInfo(report, rec, ctx.replay.notRecorded);
}
