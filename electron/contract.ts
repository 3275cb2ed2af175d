import { z } from 'zod';
import type { ApplyOutcome } from './engine/fixes/apply';
import type { JournalEntrySummary, UndoResult } from './engine/fixes/journal';
import type { Verdict } from './engine/fixes/verify';
import type { ScanEvent, ScanReport } from './engine/model';

// The IPC contract, written once. Main's handler table, the preload bridge and the
// renderer's API are all derived from this object (GitHub Desktop's typed channel map,
// plus runtime validation): a channel added here is type-checked everywhere, and every
// request is parsed by its zod schema in main before a handler sees it.
//
// The renderer never sends a command line, a file path to edit or a fix step: it names a
// scan and a fix offer that main planned itself, so a compromised page cannot make the
// engine run anything the doctor did not propose.

const id = z.string().min(1).max(200);

export const targetSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('url'), url: z.string().min(1).max(2048) }),
  z.object({ kind: z.literal('dir'), path: z.string().min(1).max(4096) }),
  z.object({ kind: z.literal('machine'), region: z.string().min(1).max(64).optional() }),
]);

export const redactionSchema = z.object({
  /** Replace account names (access key IDs, user names) with placeholders. */
  hideAccounts: z.boolean(),
  /** Replace the home folder in paths with ~. */
  hideHome: z.boolean(),
  /** Replace repository names and hosts' account-specific parts. */
  hideRepoNames: z.boolean(),
});

export const reportFormatSchema = z.enum(['markdown', 'json']);

export const requestSchemas = {
  appInfo: z.object({}),
  startScan: z.object({ target: targetSchema, offline: z.boolean().optional() }),
  /**
   * showNewPassword: a created/reset Git password is shown once in a native dialog (never sent here).
   * run: a label the renderer makes up for one Apply click; the fixes applied with the same
   * label form one fix run in the journal (undone together). Main names the run itself.
   */
  applyFix: z.object({
    scanId: id,
    fixId: id,
    showNewPassword: z.boolean().optional(),
    run: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/)
      .optional(),
  }),
  verify: z.object({ scanId: id }),
  history: z.object({}),
  /** id: one journal entry, or a whole fix run (`run-…`, as in the history's `runId`). */
  undo: z.object({ id }),
  renderReport: z.object({ scanId: id, format: reportFormatSchema, redaction: redactionSchema }),
  saveReport: z.object({ scanId: id, format: reportFormatSchema, redaction: redactionSchema }),
  copyText: z.object({ text: z.string().max(1_000_000) }),
  pickFolder: z.object({}),
  /**
   * Helpdesk: main asks for a recording file (`codecommit-doctor diagnose --record`), reads
   * it and replays the scan it holds; progress and the report come as for startScan. The
   * renderer never names the file: main's own dialog does.
   */
  openRecording: z.object({}),
  openDocs: z.object({ url: z.string().url().max(2048) }),
} as const;

export type Channel = keyof typeof requestSchemas;
export type RequestOf<C extends Channel> = z.infer<(typeof requestSchemas)[C]>;

export interface AppInfo {
  version: string;
  platform: 'darwin' | 'win32' | 'linux';
  theme: 'light' | 'dark';
}

export interface ScanStarted {
  scanId: string;
}

export interface VerifyResult {
  /** One verdict per address the scan was about (empty for a whole-computer scan). */
  results: { display: string; verdict: Verdict }[];
}

export interface SaveResult {
  saved: boolean;
  path?: string;
}

export interface ResponseMap {
  appInfo: AppInfo;
  startScan: ScanStarted;
  /** runId: the journal's fix run this fix joined (when a `run` label was given and the journal was reached). */
  applyFix: ApplyOutcome & { report: ScanReport; runId?: string };
  verify: VerifyResult;
  history: JournalEntrySummary[];
  undo: UndoResult;
  renderReport: { text: string };
  saveReport: SaveResult;
  copyText: { ok: true };
  pickFolder: { path: string | null };
  /** null: the person closed the dialog without choosing a file. */
  openRecording: { scanId: string | null };
  openDocs: { opened: boolean };
}

export type ResponseOf<C extends Channel> = ResponseMap[C];

/** Events main pushes to the renderer. */
export interface EventMap {
  scanEvent: { scanId: string; event: ScanEvent };
  scanDone: { scanId: string; report: ScanReport };
  themeChanged: { theme: 'light' | 'dark' };
}
export type EventName = keyof EventMap;
export const EVENT_NAMES: readonly EventName[] = ['scanEvent', 'scanDone', 'themeChanged'];

/** What every IPC reply looks like on the wire: errors are values, never thrown across. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: string };

/** The API the preload exposes as `window.doctor`: one method per channel, plus `on`. */
export type DoctorApi = {
  [C in Channel]: (request: RequestOf<C>) => Promise<ResponseOf<C>>;
} & {
  on<E extends EventName>(event: E, listener: (payload: EventMap[E]) => void): () => void;
};

export const CHANNELS = Object.keys(requestSchemas) as Channel[];

export function ipcChannel(c: Channel): string {
  return `doctor:${c}`;
}

export function ipcEvent(e: EventName): string {
  return `doctor-event:${e}`;
}

/** AWS documentation the app may open in the browser; anything else is refused. */
export const DOCS_ALLOWLIST: readonly RegExp[] = [
  /^https:\/\/docs\.aws\.amazon\.com\/(codecommit|cli|IAM|singlesignon)\//,
  /^https:\/\/docs\.amazonaws\.cn\//,
  /^https:\/\/git-scm\.com\/(downloads|docs)/,
];

export function isAllowedDocsUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return (
      u.protocol === 'https:' && !u.username && !u.password && DOCS_ALLOWLIST.some((re) => re.test(u.href))
    );
  } catch {
    return false;
  }
}
