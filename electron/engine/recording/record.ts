import { probeAccount } from '../account/probe';
import type { EngineContext, PathInfo } from '../context';
import { inspectWriteTarget, type WriteVerdict } from '../fixes/write-target';
import type { AccountFacts, ScanReport } from '../model';
import type { Redaction } from '../report';
import type { RunResult } from '../runner';
import { UnsafeFileError } from '../safe-read';
import { TOOL_VERSION } from '../version';
import { recordedEnv } from './env';
import {
  RECORDING_VERSION,
  type RecordedCommand,
  type RecordedFile,
  type RecordedScan,
  type Recording,
} from './format';
import { recordingRedactor, redactRecording, type RecordingRedactor } from './redact';

// `diagnose --record`: the scan runs against the real computer through a context that notes
// every answer the outside world gave — each program run, file read, path tested, folder
// listed, name resolved, and the AWS account phase's facts whole (its SDK calls and
// credential sources are AWS's business, not a replay's). Nothing is written until the scan is
// over; then everything is redacted at once, with the names the report knows.

export interface Recorder {
  /** The context to scan with: the base one, with every answer noted. */
  ctx: EngineContext;
  /**
   * The recording of everything the scan asked, redacted as `redaction` says, and the
   * redactor that did it (the live report through it is what a replay reports).
   */
  finish(report: ScanReport, redaction: Redaction): { recording: Recording; redactor: RecordingRedactor };
}

function commandOf(
  command: string,
  args: readonly string[],
  cwd: string | undefined,
  input: string | undefined,
  r: RunResult,
): RecordedCommand {
  return {
    command,
    args: [...args],
    ...(cwd !== undefined ? { cwd } : {}),
    ...(input !== undefined ? { input } : {}),
    exitCode: r.exitCode,
    ...(r.signal ? { signal: r.signal } : {}),
    stdout: r.stdout,
    stderr: r.stderr,
    ...(r.timedOut ? { timedOut: true } : {}),
    ...(r.truncated ? { truncated: true } : {}),
    ...(r.notFound ? { notFound: true } : {}),
    ...(r.error !== undefined ? { error: r.error } : {}),
  };
}

function failedRead(e: unknown): RecordedFile {
  if (e instanceof UnsafeFileError) return { error: { code: e.code, reason: e.reason } };
  const code = (e as NodeJS.ErrnoException)?.code;
  return { error: { code: typeof code === 'string' ? code : 'EIO' } };
}

type Raw = Pick<
  Recording,
  'commands' | 'files' | 'isFile' | 'dirs' | 'stats' | 'dns' | 'writable' | 'account'
>;

/** The base context's answers, each one noted in `raw`. */
function notingContext(base: EngineContext, raw: Raw): EngineContext {
  const accountPhase = base.accountPhase ?? ((input) => probeAccount(base, input));
  const inspect = base.inspectWrite ?? ((f: string) => inspectWriteTarget(f));
  return {
    ...base,
    runner: async (command, args, options) => {
      const r = await base.runner(command, args, options);
      raw.commands.push(commandOf(command, args, options?.cwd, options?.input, r));
      return r;
    },
    readFile: async (file, options) => {
      try {
        const buf = await base.readFile(file, options);
        // As text: the engine decodes every file it reads as UTF-8 (an invalid byte reads as U+FFFD either way).
        raw.files[file] = { text: buf.toString('utf8') };
        return buf;
      } catch (e) {
        raw.files[file] = failedRead(e);
        throw e;
      }
    },
    isFile: async (p) => (raw.isFile[p] = await base.isFile(p)),
    listDir: async (p) => (raw.dirs[p] = await base.listDir(p)),
    statPath: async (p): Promise<PathInfo | null> => (raw.stats[p] = await base.statPath(p)),
    lookupHost: async (host) => (raw.dns[host] = await base.lookupHost(host)),
    accountPhase: async (input): Promise<AccountFacts> => {
      try {
        const facts = await accountPhase(input);
        raw.account = { ok: true, facts: facts as unknown as Record<string, unknown> };
        return facts;
      } catch (e) {
        raw.account = { ok: false, error: e instanceof Error ? e.message : String(e) };
        throw e;
      }
    },
    inspectWrite: async (file): Promise<WriteVerdict> => (raw.writable[file] = await inspect(file)),
  };
}

export function startRecording(base: EngineContext, scan: RecordedScan): Recorder {
  const raw: Raw = { commands: [], files: {}, isFile: {}, dirs: {}, stats: {}, dns: {}, writable: {} };
  return {
    ctx: notingContext(base, raw),
    finish(report, redaction) {
      const recording: Recording = {
        recordingVersion: RECORDING_VERSION,
        tool: { name: 'codecommit-doctor', version: TOOL_VERSION },
        recordedAt: report.startedAt,
        redaction,
        scan,
        platform: base.platform,
        ...(base.pathOrigin ? { pathOrigin: { ...base.pathOrigin } } : {}),
        home: base.home,
        cwd: base.cwd,
        timeoutMs: base.timeoutMs,
        env: recordedEnv(base.env),
        ...raw,
      };
      const redactor = recordingRedactor(redaction, base.home, base.platform, report);
      return { recording: redactRecording(recording, redactor), redactor };
    },
  };
}
