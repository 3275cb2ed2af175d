import type { z } from 'zod';
import {
  CHANNELS,
  isAllowedDocsUrl,
  requestSchemas,
  type Channel,
  type Envelope,
  type EventMap,
  type EventName,
  type RequestOf,
  type ResponseOf,
  type VerifyResult,
} from '../contract';
import { detectClients } from '../engine/clients/detect';
import type { EngineContext } from '../engine/context';
import { applyFix as engineApplyFix } from '../engine/fixes/apply';
import { Journal, type JournalEntrySummary } from '../engine/fixes/journal';
import { verifyRemote } from '../engine/fixes/verify';
import type { FixOffer, ScanReport } from '../engine/model';
import { readRecordingFile } from '../engine/recording/file';
import { RecordingError } from '../engine/recording/format';
import { replayScan } from '../engine/recording/replay';
import { redactSecrets, renderReport } from '../engine/report';
import { runScan } from '../engine/scan';
import { isCodeCommitTarget } from '../engine/targets';
import { REPLAY_NO_FIX, REPLAY_NO_VERIFY } from '../shared/replay-note';
import { createScanRegistry, HandlerError, type ScanRegistry } from './scan-registry';
import { ScanStories } from './scan-story';

// The main process's side of the IPC contract, with no Electron import so it runs (and is
// fuzzed) in plain Node. Every request is parsed by its zod schema before a handler sees
// it; every failure comes back as `{ok:false, error}` with a plain message — never a throw
// across the boundary, never a stack (flutter doctor's validator → `crash` result rule).

export { HandlerError };

export interface NativeApi {
  pickFolder(): Promise<string | null>;
  copyText(text: string): Promise<void>;
  saveFile(defaultName: string, content: string): Promise<string | null>;
  openExternal(url: string): Promise<void>;
  theme(): 'light' | 'dark';
  /**
   * Shows a new Git password once, in a native dialog owned by the main process: the secret
   * never crosses IPC to the renderer. Called only when the person asked for it.
   */
  showSecretOnce(what: string, secret: string): Promise<void>;
  /** Asks for a recording file to open (helpdesk); null when cancelled. Absent: opening recordings is not offered. */
  pickRecording?(): Promise<string | null>;
}

export interface HandlerDeps {
  ctx: EngineContext;
  native: NativeApi;
  emit: <E extends EventName>(event: E, payload: EventMap[E]) => void;
  journal?: Journal;
  version: string;
  /** How many scans' reports are kept for applyFix/verify/report (oldest dropped first). */
  maxScans?: number;
  /** Injectable for tests; defaults to the engine's. */
  engine?: Partial<EngineFns>;
}

export interface EngineFns {
  runScan: typeof runScan;
  detectClients: typeof detectClients;
  replayScan: typeof replayScan;
  applyFix: typeof engineApplyFix;
  verifyRemote: typeof verifyRemote;
}

export type HandlerTable = { [C in Channel]: (request: unknown) => Promise<Envelope<ResponseOf<C>>> };

type Impl = { [C in Channel]: (request: RequestOf<C>) => Promise<ResponseOf<C>> };

const DEFAULT_MAX_SCANS = 20;
/** Apply clicks whose run is remembered (a click applies its fixes one request at a time). */
const MAX_RUN_LABELS = 20;
const MAX_ERROR_CHARS = 500;

/** A plain one-line message: no stack, nothing secret-looking, bounded length. */
export function plainError(e: unknown): string {
  const raw = e instanceof Error ? e.message : typeof e === 'string' ? e : 'Something went wrong';
  const oneLine = redactSecrets(raw.split('\n')[0] ?? '').trim() || 'Something went wrong';
  return oneLine.length > MAX_ERROR_CHARS ? `${oneLine.slice(0, MAX_ERROR_CHARS)}…` : oneLine;
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.length > 0 ? i.path.map(String).join('.') : 'request'}: ${i.message}`)
    .join('; ')
    .slice(0, MAX_ERROR_CHARS);
}

function findOffer(report: ScanReport, fixId: string): FixOffer | undefined {
  for (const f of report.findings) for (const o of f.fixes) if (o.id === fixId) return o;
  return undefined;
}

type Part<C extends Channel> = Pick<Impl, C>;

function fixHandlers(
  deps: HandlerDeps,
  engine: EngineFns,
  scans: ScanRegistry,
  getJournal: () => Journal,
  stories: ScanStories,
): Part<'applyFix' | 'verify'> {
  const { ctx } = deps;
  // One Apply click = one fix run: the renderer's label for the click picks the run's journal.
  const runs = new Map<string, Journal>();
  const journalForRun = (label: string | undefined): Journal => {
    if (label === undefined) return getJournal();
    let journal = runs.get(label);
    if (!journal) {
      journal = getJournal().startRun();
      runs.set(label, journal);
      while (runs.size > MAX_RUN_LABELS) runs.delete(runs.keys().next().value as string);
    }
    return journal;
  };
  return {
    async applyFix({ scanId, fixId, showNewPassword, run }) {
      const { record, report } = scans.finished(scanId);
      if (record.replay) throw new HandlerError(REPLAY_NO_FIX);
      // The offer comes from main's own plan, looked up by id: the renderer never sends steps.
      const offer = findOffer(report, fixId);
      if (!offer) throw new HandlerError('That fix is not one this scan offered.');
      if (!offer.applicable || offer.needsAdmin) {
        throw new HandlerError('This fix is shown for you to do yourself; the doctor does not run it.');
      }
      if (record.busy) throw new HandlerError('A fix is already being applied.');
      record.busy = true;
      const journal = journalForRun(run);
      try {
        const outcome = await engine.applyFix(ctx, offer, {
          journal,
          ...(showNewPassword
            ? { revealSecret: (what: string, secret: string) => deps.native.showSecretOnce(what, secret) }
            : {}),
        });
        stories.applied(scanId, report, offer, outcome);
        const fresh = await scans.scanSafely(record.target, record);
        record.report = fresh;
        return { ...outcome, report: fresh, ...(journal.runId ? { runId: journal.runId } : {}) };
      } finally {
        record.busy = false;
      }
    },

    async verify({ scanId }) {
      const { record, report } = scans.finished(scanId);
      if (record.replay) throw new HandlerError(REPLAY_NO_VERIFY);
      const results: VerifyResult['results'] = [];
      const target = record.target;
      if (target.kind === 'machine') return { results };
      // Only CodeCommit remotes: asking another host would run its credential helper.
      const remotes = report.targets.filter(isCodeCommitTarget);
      for (const t of remotes) {
        if (target.kind === 'url') {
          results.push({ display: t.display, verdict: await engine.verifyRemote(ctx, target.url) });
        } else if (t.remote) {
          results.push({
            display: t.display,
            verdict: await engine.verifyRemote(ctx, t.remote, { cwd: target.path }),
          });
        }
      }
      stories.verified(scanId, { results });
      return { results };
    },
  };
}

function reportHandlers(
  deps: HandlerDeps,
  scans: ScanRegistry,
  getJournal: () => Journal,
  stories: ScanStories,
): Part<'history' | 'undo' | 'renderReport' | 'saveReport'> {
  const { ctx, native } = deps;

  async function recentHistory(): Promise<JournalEntrySummary[] | undefined> {
    try {
      return (await getJournal().history()).slice(0, 10);
    } catch {
      return undefined;
    }
  }

  return {
    async history() {
      return getJournal().history();
    },

    async undo({ id }) {
      return getJournal().undo(id);
    },

    async renderReport({ scanId, format, redaction }) {
      const { record, report } = scans.finished(scanId);
      // A replay's report is the recorded computer's: its home, and not this computer's fix history.
      const history = record.replay ? undefined : await recentHistory();
      const home = record.replay?.home ?? ctx.home;
      return {
        text: renderReport(report, format, redaction, {
          home,
          story: stories.of(scanId, report),
          ...(history ? { history } : {}),
        }),
      };
    },

    async saveReport({ scanId, format, redaction }) {
      const { record, report } = scans.finished(scanId);
      const history = record.replay ? undefined : await recentHistory();
      const text = renderReport(report, format, redaction, {
        home: record.replay?.home ?? ctx.home,
        story: stories.of(scanId, report),
        ...(history ? { history } : {}),
      });
      const stamp = report.startedAt.replace(/[:.]/g, '-').slice(0, 19);
      const path = await native.saveFile(
        `codecommit-doctor-${stamp}.${format === 'json' ? 'json' : 'md'}`,
        text,
      );
      return path === null ? { saved: false } : { saved: true, path };
    },
  };
}

function shellHandlers(deps: HandlerDeps): Part<'appInfo' | 'copyText' | 'pickFolder' | 'openDocs'> {
  const { ctx, native, version } = deps;
  return {
    async appInfo() {
      return { version, platform: ctx.platform, theme: native.theme() };
    },

    async copyText({ text }) {
      await native.copyText(text);
      return { ok: true as const };
    },

    async pickFolder() {
      return { path: await native.pickFolder() };
    },

    async openDocs({ url }) {
      if (!isAllowedDocsUrl(url)) return { opened: false };
      await native.openExternal(new URL(url).href);
      return { opened: true };
    },
  };
}

/** Every channel behind its zod schema; every failure an envelope with a plain line. */
function validated(impl: Impl): HandlerTable {
  const table = {} as Record<Channel, (request: unknown) => Promise<Envelope<unknown>>>;
  for (const channel of CHANNELS) {
    const schema = requestSchemas[channel] as z.ZodType;
    const run = impl[channel] as (request: unknown) => Promise<unknown>;
    table[channel] = async (request: unknown) => {
      try {
        const parsed = schema.safeParse(request);
        if (!parsed.success)
          return { ok: false, error: `Invalid request for ${channel}: ${describeIssues(parsed.error)}` };
        return { ok: true, value: await run(parsed.data) };
      } catch (e) {
        return { ok: false, error: plainError(e) };
      }
    };
  }
  return table as HandlerTable;
}

export function createHandlers(deps: HandlerDeps): HandlerTable {
  const engine: EngineFns = {
    runScan,
    detectClients,
    replayScan,
    applyFix: engineApplyFix,
    verifyRemote,
    ...deps.engine,
  };
  const scans = createScanRegistry({
    ctx: deps.ctx,
    version: deps.version,
    runScan: engine.runScan,
    replayScan: engine.replayScan,
    emit: deps.emit,
    maxScans: deps.maxScans ?? DEFAULT_MAX_SCANS,
    describeError: plainError,
  });
  let journal: Journal | undefined = deps.journal;
  const getJournal = (): Journal => (journal ??= Journal.forContext(deps.ctx));
  // What happened to each scan since it finished (fixes, verify): the report tells the story.
  const stories = new ScanStories(deps.maxScans ?? DEFAULT_MAX_SCANS);

  return validated({
    ...shellHandlers(deps),
    async startScan({ target, offline, client }) {
      return { scanId: scans.start(target, { offline: offline ?? false, ...(client ? { client } : {}) }) };
    },
    async detectClients() {
      // Files only, never a program, and bounded by the engine's own time limit.
      return { clients: await engine.detectClients(deps.ctx) };
    },
    async openRecording() {
      if (!deps.native.pickRecording) throw new HandlerError('Opening a recording is not available here.');
      const file = await deps.native.pickRecording();
      if (file === null) return { scanId: null };
      try {
        const recording = await readRecordingFile(file);
        return {
          scanId: scans.start(recording.scan.target, { offline: recording.scan.offline, replay: recording }),
        };
      } catch (e) {
        if (e instanceof RecordingError) throw new HandlerError(`This file cannot be replayed: ${e.message}`);
        throw e;
      }
    },
    ...fixHandlers(deps, engine, scans, getJournal, stories),
    ...reportHandlers(deps, scans, getJournal, stories),
  });
}
