import { z } from 'zod';
import { CLIENT_CHOICES } from '../clients';
import type { ClientChoice } from '../clients/types';

// A recording: what the probes of one scan saw, redacted, so the scan can be replayed on any
// computer (`diagnose --replay`, the app's "Open a recording…", and the macOS and Windows
// tests). Version 1. Fields are only ever added within a version; a reader refuses a version
// it does not know rather than misreading one. README "Recordings" documents each field.

export const RECORDING_VERSION = 1;

/** A recording larger than this is not one (a command's output is capped at 8 MiB per stream). */
export const MAX_RECORDING_BYTES = 64 * 1024 * 1024;

const platform = z.enum(['darwin', 'win32', 'linux']);

const target = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('url'), url: z.string().min(1) }),
  z.object({ kind: z.literal('dir'), path: z.string().min(1) }),
  z.object({ kind: z.literal('machine'), region: z.string().min(1).max(64).optional() }),
]);

const clientChoice = z.string().refine((c) => (CLIENT_CHOICES as readonly string[]).includes(c), {
  message: `a client id (${CLIENT_CHOICES.join(', ')})`,
});

/** One program run, as the runner reported it (durations are not kept: they are this computer's). */
const command = z.object({
  command: z.string(),
  args: z.array(z.string()),
  /** Optional: when given, the call matches only when made in this folder. */
  cwd: z.string().optional(),
  /** Optional: what was written to its stdin; when given, the call matches only with this input. */
  input: z.string().optional(),
  exitCode: z.number().int().nullable().default(0),
  signal: z.string().nullable().optional(),
  stdout: z.string().default(''),
  stderr: z.string().default(''),
  /** Tests only: the output is in this file, next to the recording (resolved by the test loader). */
  stdoutFile: z.string().optional(),
  stderrFile: z.string().optional(),
  timedOut: z.boolean().optional(),
  /** The output went past the runner's cap: what is kept stops there (the reader says so). */
  truncated: z.boolean().optional(),
  notFound: z.boolean().optional(),
  error: z.string().optional(),
});

/** A file the engine read: its text, or why it could not be read (an errno code, or the safe reader's refusal). */
const file = z
  .object({
    text: z.string().optional(),
    /** Tests only: the text is in this file, next to the recording. */
    textFile: z.string().optional(),
    error: z
      .object({
        /** ENOENT, EACCES…, or ENOTREGULAR / ETOOLARGE (safe-read.ts UnsafeFileError). */
        code: z.string(),
        /** For ENOTREGULAR / ETOOLARGE: the plain words the safe reader said. */
        reason: z.string().optional(),
      })
      .optional(),
  })
  .refine((f) => [f.text, f.textFile, f.error].filter((x) => x !== undefined).length === 1, {
    message: 'a file has exactly one of text, textFile or error',
  });

const pathInfo = z.object({
  kind: z.enum(['file', 'folder', 'socket', 'fifo', 'device', 'other']),
  uid: z.number().int(),
});

const writeVerdict = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    file: z.string(),
    realFile: z.string(),
    exists: z.boolean(),
    owner: z.object({ uid: z.number().int(), gid: z.number().int() }).optional(),
  }),
  z.object({
    ok: z.literal(false),
    file: z.string(),
    problem: z.enum([
      'not-a-file',
      'missing-folder',
      'read-only',
      'other-owner',
      'folder-not-writable',
      'cannot-check',
    ]),
    reason: z.string(),
  }),
]);

/**
 * The AWS account phase, whole: what AWS said (the model's AccountFacts at the recording
 * tool's version), or why the phase failed. Absent when the scan ran with --offline.
 */
const account = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), facts: z.record(z.string(), z.unknown()) }),
  z.object({ ok: z.literal(false), error: z.string() }),
]);

export const recordingSchema = z.object({
  recordingVersion: z.literal(RECORDING_VERSION),
  tool: z.object({ name: z.literal('codecommit-doctor'), version: z.string() }),
  /** When the scan ran (ISO 8601): the replay's clock. */
  recordedAt: z.string().datetime({ offset: true }),
  /** What was hidden beyond secrets (the report's redaction options). */
  redaction: z.object({ hideAccounts: z.boolean(), hideHome: z.boolean(), hideRepoNames: z.boolean() }),
  /** Free text: what this recording shows, where its samples come from (tests cite sources here). */
  note: z.string().optional(),
  /** The scan that was recorded: a replay runs exactly this one. */
  scan: z.object({
    target,
    offline: z.boolean(),
    client: clientChoice.optional(),
    gitProgram: z.string().optional(),
  }),
  platform,
  /** Where the PATH in `env` came from (the app on macOS reads the login shell's); absent: the process's own. */
  pathOrigin: z
    .object({
      source: z.enum(['process', 'login-shell', 'fallback']),
      shell: z.string().optional(),
      note: z.string().optional(),
    })
    .optional(),
  home: z.string(),
  cwd: z.string(),
  timeoutMs: z.number().positive().default(15_000),
  /** The variables the engine reads (recording/env.ts), secret ones as `***`. */
  env: z.record(z.string(), z.string()).default({}),
  commands: z.array(command).default([]),
  files: z.record(z.string(), file).default({}),
  isFile: z.record(z.string(), z.boolean()).default({}),
  dirs: z.record(z.string(), z.array(z.string())).default({}),
  stats: z.record(z.string(), pathInfo.nullable()).default({}),
  dns: z.record(z.string(), z.array(z.string())).default({}),
  writable: z.record(z.string(), writeVerdict).default({}),
  account: account.optional(),
  /**
   * `absent` (hand-written recordings, tests): a path the recording does not list is
   * absent, and a settings file not in `writable` may be written. Without it, a call the
   * recording does not hold is reported as "not recorded".
   */
  unlisted: z.literal('absent').optional(),
});

export type Recording = z.output<typeof recordingSchema>;
export type RecordedCommand = Recording['commands'][number];
export type RecordedFile = Recording['files'][string];
export type RecordedScan = Omit<Recording['scan'], 'client'> & { client?: ClientChoice };

export class RecordingError extends Error {
  override name = 'RecordingError';
}

/** Plain words for the first few problems zod found. */
function problems(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.length > 0 ? i.path.map(String).join('.') : 'the file'}: ${i.message}`)
    .join('; ');
}

export interface ParseOptions {
  /**
   * Reads a file a test recording names (stdoutFile, stderrFile, textFile), relative to the
   * recording. Without it such references are refused: a recording opened by the app or
   * the CLI is self-contained, never a way to read other files.
   */
  resolveFile?: (name: string) => string;
}

function inlineFiles(rec: Recording, resolve: ((name: string) => string) | undefined): Recording {
  const need = (name: string): string => {
    if (!resolve)
      throw new RecordingError(
        `it refers to another file (${name}): only a self-contained recording can be opened`,
      );
    return resolve(name);
  };
  const commands = rec.commands.map(({ stdoutFile, stderrFile, ...c }) => ({
    ...c,
    ...(stdoutFile !== undefined ? { stdout: need(stdoutFile) } : {}),
    ...(stderrFile !== undefined ? { stderr: need(stderrFile) } : {}),
  }));
  const files = Object.fromEntries(
    Object.entries(rec.files).map(([p, { textFile, ...f }]) => [
      p,
      textFile !== undefined ? { text: need(textFile) } : f,
    ]),
  );
  return { ...rec, commands, files };
}

/** A recording from its JSON text; RecordingError (plain words) when it is not one this version reads. */
export function parseRecording(json: string, options: ParseOptions = {}): Recording {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (e) {
    throw new RecordingError(`it is not JSON (${(e as Error).message})`);
  }
  const version = (raw as { recordingVersion?: unknown } | null)?.recordingVersion;
  if (raw && typeof raw === 'object' && version !== undefined && version !== RECORDING_VERSION)
    throw new RecordingError(
      `it is a version ${JSON.stringify(version)} recording; this codecommit-doctor reads version ${RECORDING_VERSION}`,
    );
  const parsed = recordingSchema.safeParse(raw);
  if (!parsed.success)
    throw new RecordingError(`it is not a CodeCommit Doctor recording (${problems(parsed.error)})`);
  return inlineFiles(parsed.data, options.resolveFile);
}
