import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { FINDING_CODES } from '../checks';
import type { FindingCode } from '../model';
import { describeFsError, writeFileAtomic } from './atomic-file';
import { readRegularText, UnsafeFileError } from '../safe-read';

/** An entry lists a fix's steps and files: far below this. */
const ENTRY_MAX_BYTES = 1024 * 1024;
import { isUndoneState as isUndone } from '../../shared/journal-runs';

export { isUndone };

// One journal entry on disk: <dir>/<id>/entry.json, its schema, how it is read (a damaged
// entry is a value, never a throw), written (atomically, 0600) and summarized for history.

export type JournalState = 'applying' | 'applied' | 'failed' | 'undone' | 'partially-undone';
export type JournalStepState = 'pending' | 'done' | 'failed';

export interface JournalEntrySummary {
  id: string;
  createdAt: string;
  title: string;
  /** '' when unknown: a damaged entry, or a code this version does not know (see FindingCodeSchema). */
  findingCode: FindingCode | '';
  fixId: string;
  state: JournalState;
  /**
   * The fix run the entry belongs to: one `fix` command, or one Apply in the app. An entry
   * written before runs existed (or a damaged one) is a run of its own, `run-<id>`.
   */
  runId: string;
  /** How the fix itself ended, when it got that far (a failed fix is rolled back, so it may also be 'undone'). */
  outcome?: 'applied' | 'failed';
  finishedAt?: string;
  undoneAt?: string;
  steps: {
    description: string;
    reversible: boolean;
    state: JournalStepState;
    message?: string;
    /** The step's change was put back by an undo (or a rollback): never shown as done. */
    undone: boolean;
  }[];
  files: string[];
  /** Set when the entry could not be read (then state is 'failed'). */
  note?: string;
}

export const ID_PATTERN = /^\d{8}T\d{6}Z-[0-9a-f]{4}$/;
/** A run is named after its first entry. */
export const RUN_ID_PATTERN = /^run-\d{8}T\d{6}Z-[0-9a-f]{4}$/;

const StepSchema = z.object({
  description: z.string(),
  reversible: z.boolean(),
  state: z.enum(['pending', 'done', 'failed']),
  started: z.boolean(),
  message: z.string().optional(),
});

const FileSchema = z.object({
  path: z.string().min(1),
  existed: z.boolean(),
  mode: z.number().int().min(0).max(0o7777).optional(),
  /** Relative to the entry folder; the pattern keeps a tampered entry from pointing elsewhere. */
  backup: z
    .string()
    .regex(/^files\/\d+$/)
    .optional(),
  size: z.number().int().min(0).optional(),
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
  /**
   * The file as the fix left it, recorded when the fix finished: undo compares the file with
   * it to tell whether anything changed the file since (then only the fix's own settings are
   * put back). Missing for an entry that never finished, or written by an older version.
   */
  after: z
    .object({
      existed: z.boolean(),
      backup: z
        .string()
        .regex(/^files\/\d+\.after$/)
        .optional(),
      sha256: z
        .string()
        .regex(/^[0-9a-f]{64}$/)
        .optional(),
    })
    .optional(),
});

/**
 * Checked against this version's codes. An entry written by another version may name a code
 * that has since been retired or is not known yet: it reads as '' (unknown) instead of making
 * the entry — and undo of it — unreadable; its title still says what the fix was.
 */
const FindingCodeSchema = z.union([z.enum(FINDING_CODES), z.string().transform((): '' => '')]);

const EntrySchema = z.object({
  version: z.literal(1),
  id: z.string().regex(ID_PATTERN),
  createdAt: z.string(),
  runId: z.string().regex(RUN_ID_PATTERN).optional(),
  outcome: z.enum(['applied', 'failed']).optional(),
  finishedAt: z.string().optional(),
  undoneAt: z.string().optional(),
  title: z.string(),
  findingCode: FindingCodeSchema,
  fixId: z.string(),
  state: z.enum(['applying', 'applied', 'failed', 'undone', 'partially-undone']),
  pid: z.number().int(),
  steps: z.array(StepSchema),
  files: z.array(FileSchema),
});

export type Entry = z.infer<typeof EntrySchema>;
export type FileRecord = z.infer<typeof FileSchema>;

export type Loaded = { id: string; entry: Entry } | { id: string; error: string };

export function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

const stampOf = (d: Date) =>
  d
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/[-:]/g, '');
const hex4 = (n: number) => n.toString(16).padStart(4, '0');

/**
 * `<UTC second>-<4 hex>`: the suffix starts at the millisecond and is bumped past the newest
 * existing id (ids are made under the lock), so plain string order is creation order even
 * with a frozen or backwards-stepping clock, and even for an entry whose JSON is damaged.
 */
export function nextId(now: Date, newest: string | undefined): string {
  const candidate = `${stampOf(now)}-${hex4(now.getUTCMilliseconds())}`;
  if (!newest || candidate > newest) return candidate;
  const suffix = parseInt(newest.slice(17), 16);
  if (suffix < 0xffff) return `${newest.slice(0, 16)}-${hex4(suffix + 1)}`;
  return `${stampOf(new Date(Date.parse(createdAtFromId(newest)) + 1000))}-0000`;
}

/** `20261122T184501Z-ab12` → `2026-11-22T18:45:01.000Z` (for entries whose JSON is gone). */
export function createdAtFromId(id: string): string {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z/.exec(id);
  return m ? `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.000Z` : '';
}

/** One spelling per file: NTFS and APFS (default) are case-insensitive (C:\Users\x is c:\users\x). */
export function pathKey(p: string): string {
  return process.platform === 'win32' || process.platform === 'darwin' ? p.toLowerCase() : p;
}

export function samePath(a: string, b: string): boolean {
  return pathKey(a) === pathKey(b);
}

export function runIdOf(l: Loaded): string {
  return ('entry' in l && l.entry.runId) || `run-${l.id}`;
}

export function summarize(l: Loaded): JournalEntrySummary {
  if ('error' in l) {
    return {
      id: l.id,
      createdAt: createdAtFromId(l.id),
      title: '(damaged journal entry)',
      findingCode: '',
      fixId: '',
      state: 'failed',
      runId: runIdOf(l),
      steps: [],
      files: [],
      note: l.error,
    };
  }
  const e = l.entry;
  return {
    id: e.id,
    createdAt: e.createdAt,
    title: e.title,
    findingCode: e.findingCode,
    fixId: e.fixId,
    state: e.state,
    runId: runIdOf(l),
    ...(e.outcome ? { outcome: e.outcome } : {}),
    ...(e.finishedAt ? { finishedAt: e.finishedAt } : {}),
    ...(e.undoneAt ? { undoneAt: e.undoneAt } : {}),
    steps: e.steps.map((s) => ({
      description: s.description,
      reversible: s.reversible,
      state: s.state,
      ...(s.message !== undefined ? { message: s.message } : {}),
      // A failed step stays shown as failed: the rollback is told by the entry's state.
      undone: isUndone(e.state) && s.reversible && s.state !== 'failed' && (s.started || s.state === 'done'),
    })),
    files: e.files.map((f) => f.path),
  };
}

export function sortNewestFirst(loaded: Loaded[]): Loaded[] {
  return [...loaded].sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
}

export async function exists(p: string): Promise<boolean> {
  try {
    await stat(p);
    return true;
  } catch {
    return false;
  }
}

export async function writeEntryFile(entryDir: string, entry: Entry): Promise<void> {
  await writeFileAtomic(path.join(entryDir, 'entry.json'), `${JSON.stringify(entry, null, 2)}\n`, {
    mode: 0o600,
  });
}

/** Reads <dir>/<id>/entry.json; anything wrong with it comes back as `{ id, error }`. */
export async function loadEntry(dir: string, id: string): Promise<Loaded> {
  let raw: string;
  try {
    raw = await readRegularText(path.join(dir, id, 'entry.json'), { maxBytes: ENTRY_MAX_BYTES });
  } catch (e) {
    const why = e instanceof UnsafeFileError ? e.reason : describeFsError(e);
    return { id, error: `entry.json cannot be read: ${why}` };
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { id, error: 'entry.json is not valid JSON' };
  }
  const parsed = EntrySchema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    return {
      id,
      error: `entry.json has an unexpected shape${first ? ` (${first.path.join('.') || 'root'}: ${first.message})` : ''}`,
    };
  }
  if (parsed.data.id !== id)
    return { id, error: `entry.json belongs to ${parsed.data.id}, not to this folder` };
  return { id, entry: parsed.data };
}
