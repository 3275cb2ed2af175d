import type { ResponseOf, VerifyResult } from '../../electron/contract';
import type { ClientChoice } from '../../electron/engine/clients/types';
import type { ScanEvent, ScanReport, TargetInput } from '../../electron/engine/model';
import { announceScanEvent, foldScan, stepIndex, STEPS, type ScanView, type StepId } from './wizard-model';

// The wizard's shared state and every way it changes, as one pure reducer (no React, no API):
// App sends the requests and turns their answers and main's events into actions. Being pure
// matters: React may call a reducer twice, so nothing here may start a request or touch a ref.

/** A `git ls-remote` run; `round` ties an answer to the request that asked for it, so a late
 * answer to an older request (before a fix, before a new scan) is never shown as current. */
export type Verification =
  | { state: 'idle' }
  | { state: 'running'; round: number }
  | { state: 'done'; result: VerifyResult }
  | { state: 'failed'; error: string };

export type VerificationSlot = 'before' | 'after';

/** What Apply gave for one fix: main's outcome (with the re-scan it made), or why the call failed. */
export interface AppliedOutcome {
  title: string;
  outcome?: ResponseOf<'applyFix'>;
  error?: string;
}

export interface LiveMessage {
  id: number;
  text: string;
}

/** A scan's events and report, kept while its id is not known yet: main may report a scan
 * before `startScan` has answered with the id. */
interface ScanInbox {
  events: ScanEvent[];
  report?: ScanReport;
}

export interface WizardState {
  step: StepId;
  /** Index of the furthest step the step list lets the user open. */
  reached: number;
  target: TargetInput | null;
  /** What the person clones with (null: "Other", the git on PATH); every re-scan keeps it. */
  client: ClientChoice | null;
  /** The scan replays a recording (another computer's): nothing is tried or fixed from here. */
  replay: boolean;
  /** Between asking main for a scan (or a recording) and its answer with the scan's id. */
  starting: boolean;
  scanId: string | null;
  scanError: string | null;
  inbox: Record<string, ScanInbox>;
  /** The latest report: the scan's, then the re-scan after each applied fix. */
  report: ScanReport | null;
  /** The scan's own report: the offers the Fix step lists, which stay put while fixes apply. */
  plan: ScanReport | null;
  before: Verification;
  after: Verification;
  applied: Record<string, AppliedOutcome>;
  helpdesk: boolean;
  /** The last few sentences for the live region. */
  messages: LiveMessage[];
  nextMessageId: number;
  nextRound: number;
}

export type WizardAction =
  | { type: 'go'; step: StepId }
  | { type: 'back' }
  | { type: 'toggle-helpdesk' }
  | { type: 'announce'; text: string }
  /** client: absent or null for the git on PATH as it is ("Other"). */
  | { type: 'scan-requested'; target: TargetInput; client?: ClientChoice | null }
  | { type: 'recording-requested' }
  | { type: 'recording-opened'; scanId: string }
  | { type: 'recording-closed' }
  | { type: 'scan-started'; scanId: string }
  | { type: 'scan-failed'; error: string }
  | { type: 'scan-event'; scanId: string; event: ScanEvent }
  | { type: 'scan-done'; scanId: string; report: ScanReport }
  | { type: 'verify-requested' }
  | { type: 'verified'; slot: VerificationSlot; round: number; result: VerifyResult }
  | { type: 'verify-failed'; slot: VerificationSlot; round: number; error: string }
  | { type: 'fix-applied'; fixId: string; result: AppliedOutcome };

/** How many live-region sentences are kept (a screen reader reads only the new ones). */
const KEPT_MESSAGES = 5;

export function initialState(helpdesk: boolean): WizardState {
  return {
    step: 'target',
    reached: 0,
    target: null,
    client: null,
    replay: false,
    starting: false,
    scanId: null,
    scanError: null,
    inbox: {},
    report: null,
    plan: null,
    before: { state: 'idle' },
    after: { state: 'idle' },
    applied: {},
    helpdesk,
    messages: [],
    nextMessageId: 1,
    nextRound: 1,
  };
}

export function assertNever(x: never): never {
  throw new Error(`Unhandled wizard action: ${JSON.stringify(x)}`);
}

export function reduce(state: WizardState, action: WizardAction): WizardState {
  switch (action.type) {
    case 'go':
      return goTo(state, action.step);
    case 'back': {
      const previous = STEPS[stepIndex(state.step) - 1];
      return previous ? goTo(state, previous.id) : state;
    }
    case 'toggle-helpdesk':
      return { ...state, helpdesk: !state.helpdesk };
    case 'announce':
      return announce(state, action.text);
    case 'scan-requested':
      return scanRequested(state, action.target, action.client ?? null);
    case 'recording-requested':
      // Main may send the replay's events before its answer names the scan: keep them.
      return { ...state, starting: true };
    case 'recording-opened':
      return recordingOpened(state, action.scanId);
    case 'recording-closed':
      return { ...state, starting: false };
    case 'scan-started':
      return scanStarted(state, action.scanId);
    case 'scan-failed':
      return announce(
        { ...state, starting: false, scanError: action.error },
        `The scan could not start: ${action.error}`,
      );
    case 'scan-event':
      return scanEvent(state, action.scanId, action.event);
    case 'scan-done':
      return scanDone(state, action.scanId, action.report);
    case 'verify-requested':
      return verifyRequested(state);
    case 'verified':
    case 'verify-failed':
      return verifyAnswered(state, action);
    case 'fix-applied':
      return fixApplied(state, action.fixId, action.result);
    default:
      return assertNever(action);
  }
}

function goTo(state: WizardState, step: StepId): WizardState {
  return { ...state, step, reached: Math.max(state.reached, stepIndex(step)) };
}

function announce(state: WizardState, text: string): WizardState {
  const message = { id: state.nextMessageId, text };
  return {
    ...state,
    messages: [...state.messages.slice(-(KEPT_MESSAGES - 1)), message],
    nextMessageId: state.nextMessageId + 1,
  };
}

/** A new scan starts from nothing: the previous scan's report, verdicts and applied fixes go. */
function freshScan(state: WizardState): WizardState {
  const { helpdesk, messages, nextMessageId, nextRound } = state;
  return {
    ...initialState(helpdesk),
    messages,
    nextMessageId,
    nextRound,
    step: 'scan',
    reached: stepIndex('scan'),
  };
}

function scanRequested(state: WizardState, target: TargetInput, client: ClientChoice | null): WizardState {
  return { ...freshScan(state), target, client, starting: true };
}

/** A recording's scan: its target (and client) come with its report; what arrived is kept. */
function recordingOpened(state: WizardState, scanId: string): WizardState {
  return scanStarted({ ...freshScan(state), replay: true, inbox: state.inbox }, scanId);
}

function scanStarted(state: WizardState, scanId: string): WizardState {
  const inbox = state.inbox[scanId] ?? { events: [] };
  const started = { ...state, starting: false, scanId, inbox: { [scanId]: inbox } };
  return inbox.report ? withReport(started, inbox.report) : started;
}

/** Only this window's scan counts; while its id is unknown, every scan's events are kept
 * (and the wrong ones dropped once main names it). */
function isCurrentScan(state: WizardState, scanId: string): boolean {
  return state.starting || state.scanId === scanId;
}

function scanEvent(state: WizardState, scanId: string, event: ScanEvent): WizardState {
  if (!isCurrentScan(state, scanId)) return state;
  const inbox = state.inbox[scanId] ?? { events: [] };
  const next = {
    ...state,
    inbox: { ...state.inbox, [scanId]: { ...inbox, events: [...inbox.events, event] } },
  };
  const text = announceScanEvent(event);
  return text ? announce(next, text) : next;
}

function scanDone(state: WizardState, scanId: string, report: ScanReport): WizardState {
  if (state.scanId === scanId) return withReport(state, report);
  if (!state.starting) return state;
  const inbox = state.inbox[scanId] ?? { events: [] };
  return { ...state, inbox: { ...state.inbox, [scanId]: { ...inbox, report } } };
}

/** The scan's report opens every step, moves a person still watching the scan on to the
 * findings and, for an address, starts the "before" try. */
function withReport(state: WizardState, report: ScanReport): WizardState {
  const opened = { ...state, report, plan: report, reached: Math.max(state.reached, STEPS.length - 1) };
  // A replay's address is the recorded computer's: shown, never tried from here.
  const replayed = state.replay
    ? { ...opened, target: report.target, client: report.client?.id ?? null }
    : opened;
  const next =
    state.step === 'scan' ? announce({ ...replayed, step: 'findings' }, 'Showing the findings.') : replayed;
  return report.target.kind === 'machine' || state.replay ? next : startVerification(next, 'before');
}

function setSlot(state: WizardState, slot: VerificationSlot, v: Verification): WizardState {
  return slot === 'before' ? { ...state, before: v } : { ...state, after: v };
}

function startVerification(state: WizardState, slot: VerificationSlot): WizardState {
  const running = setSlot(state, slot, { state: 'running', round: state.nextRound });
  return { ...running, nextRound: state.nextRound + 1 };
}

function verifyRequested(state: WizardState): WizardState {
  if (!state.scanId || state.replay || state.after.state === 'running') return state;
  return startVerification(state, 'after');
}

function verifyAnswered(
  state: WizardState,
  action: Extract<WizardAction, { type: 'verified' | 'verify-failed' }>,
): WizardState {
  const current = state[action.slot];
  if (current.state !== 'running' || current.round !== action.round) return state;
  if (action.type === 'verify-failed')
    return setSlot(state, action.slot, { state: 'failed', error: action.error });
  const next = setSlot(state, action.slot, { state: 'done', result: action.result });
  if (action.slot === 'before') return next;
  const ok = action.result.results.every((r) => r.verdict.ok);
  return announce(
    next,
    ok ? 'Verified: git can reach the repository.' : 'Verified: git still cannot reach the repository.',
  );
}

/** A fix that ran changes what git would do: the "after" try must run again, and the
 * re-scan main made is the report from now on (the offers stay those of the scan). */
function fixApplied(state: WizardState, fixId: string, result: AppliedOutcome): WizardState {
  const applied = { ...state.applied, [fixId]: result };
  if (!result.outcome) return { ...state, applied };
  return { ...state, applied, after: { state: 'idle' }, report: result.outcome.report };
}

export function appliedCount(state: WizardState): number {
  return Object.values(state.applied).filter((a) => a.outcome?.ok).length;
}

/** Folded on every call: a handful of events. */
export function currentScanView(state: WizardState): ScanView {
  return foldScan(state.scanId ? (state.inbox[state.scanId]?.events ?? []) : []);
}
