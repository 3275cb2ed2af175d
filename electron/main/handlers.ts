import { randomUUID } from 'node:crypto';
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
import type { EngineContext } from '../engine/context';
import { applyFix as engineApplyFix } from '../engine/fixes/apply';
import { Journal, type JournalEntrySummary } from '../engine/fixes/journal';
import { verifyRemote } from '../engine/fixes/verify';
import type { FixOffer, ScanReport, TargetInput } from '../engine/model';
import { redactSecrets, renderReport } from '../engine/report';
import { runScan } from '../engine/scan';
import { ScanStories } from './scan-story';

// The main process's side of the IPC contract, with no Electron import so it runs (and is
// fuzzed) in plain Node. Every request is parsed by its zod schema before a handler sees
// it; every failure comes back as `{ok:false, error}` with a plain message — never a throw
// across the boundary, never a stack (flutter doctor's validator → `crash` result rule).

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
  applyFix: typeof engineApplyFix;
  verifyRemote: typeof verifyRemote;
}

export type HandlerTable = { [C in Channel]: (request: unknown) => Promise<Envelope<ResponseOf<C>>> };

type Impl = { [C in Channel]: (request: RequestOf<C>) => Promise<ResponseOf<C>> };

/** A failure whose message is meant for the user as is. */
export class HandlerError extends Error {}

interface ScanRecord {
  target: TargetInput;
  offline: boolean;
  report?: ScanReport;
  running?: Promise<ScanReport>;
  /** Serialises fixes on one scan: two clicks must not race on the same files. */
  busy?: boolean;
}

const DEFAULT_MAX_SCANS = 20;
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
    target,
    targets: [],
    checks: [
      { id: 'scan', title: 'Running the checks', status: 'error', durationMs: 0, findings: [], message },
    ],
    findings: [],
    summary: { errors: 0, warnings: 0, infos: 0, checksErrored: 1 },
  };
}

function findOffer(report: ScanReport, fixId: string): FixOffer | undefined {
  for (const f of report.findings) for (const o of f.fixes) if (o.id === fixId) return o;
  return undefined;
}

export function createHandlers(deps: HandlerDeps): HandlerTable {
  const { ctx, native, emit, version } = deps;
  const engine: EngineFns = { runScan, applyFix: engineApplyFix, verifyRemote, ...deps.engine };
  const maxScans = deps.maxScans ?? DEFAULT_MAX_SCANS;
  const scans = new Map<string, ScanRecord>();
  const stories = new ScanStories(maxScans);
  let journal: Journal | undefined = deps.journal;
  const getJournal = (): Journal => (journal ??= Journal.forContext(ctx));

  function remember(id: string, record: ScanRecord): void {
    scans.set(id, record);
    while (scans.size > maxScans) {
      const oldest = [...scans.entries()].find(([, r]) => !r.running && !r.busy)?.[0];
      if (oldest === undefined) break;
      scans.delete(oldest);
    }
  }

  function finishedScan(scanId: string): { record: ScanRecord; report: ScanReport } {
    const record = scans.get(scanId);
    if (!record) throw new HandlerError('That scan is no longer available: run the checks again.');
    if (!record.report) throw new HandlerError('That scan is still running.');
    return { record, report: record.report };
  }

  async function scanSafely(
    target: TargetInput,
    offline: boolean,
    onEvent?: Parameters<typeof runScan>[1]['onEvent'],
  ): Promise<ScanReport> {
    try {
      return await engine.runScan(ctx, { target, offline, ...(onEvent ? { onEvent } : {}) });
    } catch (e) {
      return crashedReport(ctx, version, target, `The checks stopped unexpectedly: ${plainError(e)}`);
    }
  }

  async function recentHistory(): Promise<JournalEntrySummary[] | undefined> {
    try {
      return (await getJournal().history()).slice(0, 10);
    } catch {
      return undefined;
    }
  }

  const impl: Impl = {
    async appInfo() {
      return { version, platform: ctx.platform, theme: native.theme() };
    },

    async startScan({ target, offline }) {
      const scanId = randomUUID();
      const record: ScanRecord = { target, offline: offline ?? false };
      const onEvent = (event: Parameters<NonNullable<Parameters<typeof runScan>[1]['onEvent']>>[0]) => {
        try {
          emit('scanEvent', { scanId, event });
        } catch {
          // A window closed mid-scan: nothing to tell.
        }
      };
      record.running = scanSafely(target, record.offline, onEvent).then((report) => {
        record.report = report;
        record.running = undefined;
        try {
          emit('scanDone', { scanId, report });
        } catch {
          // As above.
        }
        return report;
      });
      remember(scanId, record);
      return { scanId };
    },

    async applyFix({ scanId, fixId, showNewPassword }) {
      const { record, report } = finishedScan(scanId);
      // The offer comes from main's own plan, looked up by id: the renderer never sends steps.
      const offer = findOffer(report, fixId);
      if (!offer) throw new HandlerError('That fix is not one this scan offered.');
      if (!offer.applicable || offer.needsAdmin) {
        throw new HandlerError('This fix is shown for you to do yourself; the doctor does not run it.');
      }
      if (record.busy) throw new HandlerError('A fix is already being applied.');
      record.busy = true;
      try {
        const outcome = await engine.applyFix(ctx, offer, {
          journal: getJournal(),
          ...(showNewPassword
            ? { revealSecret: (what: string, secret: string) => deps.native.showSecretOnce(what, secret) }
            : {}),
        });
        stories.applied(scanId, report, offer, outcome);
        const fresh = await scanSafely(record.target, record.offline);
        record.report = fresh;
        return { ...outcome, report: fresh };
      } finally {
        record.busy = false;
      }
    },

    async verify({ scanId }) {
      const { record, report } = finishedScan(scanId);
      const results: VerifyResult['results'] = [];
      const target = record.target;
      if (target.kind === 'machine') return { results };
      // Only CodeCommit remotes: asking another host would run its credential helper.
      const remotes = report.targets.filter((t) => t.codecommit || t.transport === 'codecommit');
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

    async history() {
      return getJournal().history();
    },

    async undo({ id }) {
      return getJournal().undo(id);
    },

    async renderReport({ scanId, format, redaction }) {
      const { report } = finishedScan(scanId);
      const history = await recentHistory();
      const story = stories.of(scanId, report);
      return {
        text: renderReport(report, format, redaction, {
          home: ctx.home,
          story,
          ...(history ? { history } : {}),
        }),
      };
    },

    async saveReport({ scanId, format, redaction }) {
      const { report } = finishedScan(scanId);
      const history = await recentHistory();
      const text = renderReport(report, format, redaction, {
        home: ctx.home,
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
