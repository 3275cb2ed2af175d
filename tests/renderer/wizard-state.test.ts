import { describe, expect, it } from 'vitest';
import type { VerifyResult } from '../../electron/contract';
import type { ScanEvent, ScanReport, TargetInput } from '../../electron/engine/model';
import {
  appliedCount,
  currentScanView,
  initialState,
  reduce,
  type AppliedOutcome,
  type WizardAction,
  type WizardState,
} from '../../renderer/src/wizard-state';
import { STEPS, type StepId } from '../../renderer/src/wizard-model';
import { CHECKS, makeReport, URL_403 } from './fake-api';

// The wizard's transitions as pure data: no React, no API. Each test drives the reducer with
// the actions App would dispatch and reads the state the steps would be drawn from.

const TARGET: TargetInput = { kind: 'url', url: URL_403 };
const LAST = STEPS.length - 1;

function run(state: WizardState, ...actions: WizardAction[]): WizardState {
  return actions.reduce(reduce, state);
}

const started: ScanEvent = { type: 'scan-started', checks: CHECKS };

function ok(display = URL_403): VerifyResult {
  return {
    results: [
      {
        display,
        verdict: {
          outcome: 'ok',
          ok: true,
          refs: 3,
          headline: 'Works',
          short: 'works (3 refs)',
          detail: '',
          durationMs: 1,
        },
      },
    ],
  };
}

function applied(report: ScanReport, fixOk = true): AppliedOutcome {
  return {
    title: 'Use only the AWS helper for CodeCommit',
    outcome: { fixId: 'f1', ok: fixOk, steps: [], rolledBack: false, report },
  };
}

function round(state: WizardState, slot: 'before' | 'after'): number {
  const v = state[slot];
  if (v.state !== 'running') throw new Error(`${slot} is ${v.state}, not running`);
  return v.round;
}

/** A url scan that has its report and a finished "before" try. */
function scanned(): WizardState {
  const s = run(
    initialState(false),
    { type: 'scan-requested', target: TARGET },
    { type: 'scan-started', scanId: 's1' },
    { type: 'scan-event', scanId: 's1', event: started },
    { type: 'scan-done', scanId: 's1', report: makeReport() },
  );
  return run(s, { type: 'verified', slot: 'before', round: round(s, 'before'), result: ok() });
}

describe('wizard reducer', () => {
  it('starts on the first step with only that step open', () => {
    const s = initialState(true);
    expect(s.step).toBe('target');
    expect(s.reached).toBe(0);
    expect(s.helpdesk).toBe(true);
  });

  it('a new scan clears the previous scan: report, verdicts and the fixes applied', () => {
    const fresh = makeReport([]);
    let s = run(
      scanned(),
      { type: 'go', step: 'fix' },
      { type: 'fix-applied', fixId: 'f1', result: applied(fresh) },
    );
    s = run(s, { type: 'verify-requested' });
    s = run(s, { type: 'verified', slot: 'after', round: round(s, 'after'), result: ok() });
    expect(appliedCount(s)).toBe(1);

    const other: TargetInput = { kind: 'dir', path: '/home/u/src/demo' };
    const next = run(s, { type: 'toggle-helpdesk' }, { type: 'scan-requested', target: other });
    expect(next).toMatchObject({
      step: 'scan',
      reached: STEPS.findIndex((x) => x.id === 'scan'),
      target: other,
      starting: true,
      scanId: null,
      scanError: null,
      report: null,
      plan: null,
      before: { state: 'idle' },
      after: { state: 'idle' },
      helpdesk: true,
    });
    // toMatchObject would accept any object for {}: these must be empty.
    expect(next.applied).toEqual({});
    expect(next.inbox).toEqual({});
    expect(appliedCount(next)).toBe(0);
    // What was said stays said: the live region is not emptied under a screen reader.
    expect(next.messages).toEqual(s.messages);
  });

  it('the report opens every step and starts the "before" try for an address, not for the whole computer', () => {
    const s = run(
      initialState(false),
      { type: 'scan-requested', target: TARGET },
      { type: 'scan-started', scanId: 's1' },
    );
    expect(s.reached).toBe(1);
    const done = run(s, { type: 'scan-done', scanId: 's1', report: makeReport() });
    expect(done.reached).toBe(LAST);
    expect(done.report).toBe(done.plan);
    expect(done.before.state).toBe('running');
    // Someone watching the scan is taken on to the findings, and told so.
    expect(done.step).toBe('findings');
    expect(done.messages.at(-1)?.text).toBe('Showing the findings.');
    // Someone who went back to the first step meanwhile stays there.
    const away = run(
      s,
      { type: 'go', step: 'target' },
      { type: 'scan-done', scanId: 's1', report: makeReport() },
    );
    expect(away.step).toBe('target');

    const machineReport: ScanReport = { ...makeReport(), target: { kind: 'machine' } };
    const machine = run(
      initialState(false),
      { type: 'scan-requested', target: { kind: 'machine' } },
      { type: 'scan-started', scanId: 's2' },
      { type: 'scan-done', scanId: 's2', report: machineReport },
    );
    expect(machine.before).toEqual({ state: 'idle' });
    expect(machine.reached).toBe(LAST);
  });

  it("keeps a scan's events and report that arrive before main names the scan, and drops other scans'", () => {
    const s = run(
      initialState(false),
      { type: 'scan-requested', target: TARGET },
      { type: 'scan-event', scanId: 's1', event: started },
      { type: 'scan-event', scanId: 'old', event: started },
      { type: 'scan-done', scanId: 's1', report: makeReport() },
      { type: 'scan-started', scanId: 's1' },
    );
    expect(Object.keys(s.inbox)).toEqual(['s1']);
    expect(currentScanView(s).rows.map((r) => r.id)).toEqual(['git', 'helpers']);
    expect(s.report).not.toBeNull();
    expect(s.before.state).toBe('running');
    // Once named, another scan's events are neither kept nor announced.
    const after = run(s, {
      type: 'scan-event',
      scanId: 'old',
      event: { type: 'check-slow', id: 'ssh', title: 'Somebody else', elapsedMs: 9000 },
    });
    expect(after).toBe(s);
    // Another scan's report does not replace this one.
    expect(run(s, { type: 'scan-done', scanId: 'old', report: makeReport([]) })).toBe(s);
  });

  it('announces the events worth hearing and keeps the last five sentences', () => {
    let s = run(
      initialState(false),
      { type: 'scan-requested', target: TARGET },
      { type: 'scan-started', scanId: 's1' },
    );
    s = run(s, { type: 'scan-event', scanId: 's1', event: started });
    expect(s.messages.map((m) => m.text)).toEqual(['Scan started: 2 checks.']);
    s = run(s, {
      type: 'scan-event',
      scanId: 's1',
      event: { type: 'check-started', id: 'git', title: 'Git' },
    });
    expect(s.messages).toHaveLength(1);
    for (let i = 0; i < 6; i++) s = run(s, { type: 'announce', text: `m${i}` });
    expect(s.messages.map((m) => m.text)).toEqual(['m1', 'm2', 'm3', 'm4', 'm5']);
    expect(new Set(s.messages.map((m) => m.id)).size).toBe(5);
  });

  it('a scan that cannot start says why, in the step and aloud', () => {
    const s = run(
      initialState(false),
      { type: 'scan-requested', target: TARGET },
      { type: 'scan-failed', error: 'git is not installed' },
    );
    expect(s).toMatchObject({ starting: false, scanError: 'git is not installed', step: 'scan' });
    expect(s.messages.at(-1)?.text).toBe('The scan could not start: git is not installed');
    // Without a scan there is nothing to verify.
    expect(run(s, { type: 'verify-requested' })).toBe(s);
  });

  it('shows only the answer to the verification round still running', () => {
    const s = run(
      initialState(false),
      { type: 'scan-requested', target: TARGET },
      { type: 'scan-started', scanId: 's1' },
      { type: 'scan-done', scanId: 's1', report: makeReport() },
    );
    const r = round(s, 'before');
    expect(run(s, { type: 'verified', slot: 'before', round: r + 1, result: ok() })).toBe(s);
    expect(run(s, { type: 'verified', slot: 'after', round: r, result: ok() })).toBe(s);
    const failed = run(s, { type: 'verify-failed', slot: 'before', round: r, error: 'timed out' });
    expect(failed.before).toEqual({ state: 'failed', error: 'timed out' });
    // An answer from a scan the user has left behind never reaches the new one.
    const rescan = run(s, { type: 'scan-requested', target: TARGET }, { type: 'scan-started', scanId: 's2' });
    expect(run(rescan, { type: 'verified', slot: 'before', round: r, result: ok() }).before).toEqual({
      state: 'idle',
    });
  });

  it('the "after" try runs once at a time and says aloud whether git gets in', () => {
    let s = run(scanned(), { type: 'go', step: 'verify' }, { type: 'verify-requested' });
    const r = round(s, 'after');
    expect(run(s, { type: 'verify-requested' })).toBe(s);
    s = run(s, { type: 'verified', slot: 'after', round: r, result: ok() });
    expect(s.after.state).toBe('done');
    expect(s.messages.at(-1)?.text).toBe('Verified: git can reach the repository.');
    const failing = ok();
    failing.results[0]!.verdict = { ...failing.results[0]!.verdict, ok: false };
    s = run(s, { type: 'verify-requested' });
    s = run(s, { type: 'verified', slot: 'after', round: round(s, 'after'), result: failing });
    expect(s.messages.at(-1)?.text).toBe('Verified: git still cannot reach the repository.');
  });

  it('applying a fix records it, takes the re-scan as the report and makes Verify try again', () => {
    let s = run(scanned(), { type: 'go', step: 'verify' }, { type: 'verify-requested' });
    s = run(s, { type: 'verified', slot: 'after', round: round(s, 'after'), result: ok() }, { type: 'back' });
    expect(s.step).toBe('fix');
    const plan = s.plan;
    const fresh = makeReport([]);
    const a = run(s, { type: 'fix-applied', fixId: 'f1', result: applied(fresh) });
    expect(a.applied.f1?.outcome?.ok).toBe(true);
    expect(a.report).toBe(fresh);
    // The offers the Fix step lists stay those of the scan.
    expect(a.plan).toBe(plan);
    expect(a.after).toEqual({ state: 'idle' });
    expect(appliedCount(a)).toBe(1);
    // Continue to verify: the try runs again for the changed computer.
    const v = run(a, { type: 'go', step: 'verify' }, { type: 'verify-requested' });
    expect(v.step).toBe('verify');
    expect(v.after.state).toBe('running');

    // A fix main refused to run changes nothing else; one that ran and failed still re-scanned.
    const refused = run(s, { type: 'fix-applied', fixId: 'f2', result: { title: 'x', error: 'busy' } });
    expect(refused.report).toBe(s.report);
    expect(refused.after).toBe(s.after);
    expect(appliedCount(refused)).toBe(0);
    const failed = run(s, { type: 'fix-applied', fixId: 'f3', result: applied(fresh, false) });
    expect(failed.after).toEqual({ state: 'idle' });
    expect(appliedCount(failed)).toBe(0);
  });

  it.each(STEPS.slice(1).map((step, i) => [step.id, STEPS[i]!.id] as const))(
    'Back from %s goes to %s and keeps what is reachable',
    (from: StepId, to: StepId) => {
      const s = run(scanned(), { type: 'go', step: from });
      const b = run(s, { type: 'back' });
      expect(b.step).toBe(to);
      expect(b.reached).toBe(LAST);
      expect(b.report).toBe(s.report);
      expect(b.applied).toBe(s.applied);
    },
  );

  it('Back on the first step stays there; going to a step opens it in the step list', () => {
    const s = initialState(false);
    expect(run(s, { type: 'back' })).toBe(s);
    expect(run(s, { type: 'go', step: 'findings' }).reached).toBe(2);
    expect(run(s, { type: 'go', step: 'findings' }, { type: 'go', step: 'target' }).reached).toBe(2);
  });

  it('refuses an action it does not know', () => {
    expect(() => reduce(initialState(false), { type: 'nonsense' } as unknown as WizardAction)).toThrow(
      /Unhandled wizard action/,
    );
  });
});

describe('a recording (Open a recording…)', () => {
  const report: ScanReport = {
    ...makeReport(),
    client: { id: 'github-desktop', name: 'GitHub Desktop', settingsFiles: [] },
    replay: { recordedAt: '2026-01-01T00:00:00.000Z', recordedWith: '0.1.0', notRecorded: [] },
  };

  it('keeps what main sent before naming the scan, opens on the findings and never tries the address', () => {
    const s = run(
      initialState(false),
      { type: 'recording-requested' },
      { type: 'scan-event', scanId: 's1', event: started },
      { type: 'scan-done', scanId: 's1', report },
      { type: 'recording-opened', scanId: 's1' },
    );
    expect(s).toMatchObject({ step: 'findings', replay: true, scanId: 's1', report, reached: LAST });
    // The target and client are the recorded computer's, for display only.
    expect(s.target).toEqual(report.target);
    expect(s.client).toBe('github-desktop');
    expect(s.before).toEqual({ state: 'idle' });
    expect(run(s, { type: 'verify-requested' }).after).toEqual({ state: 'idle' });
    // A scan after it is this computer's again.
    expect(run(s, { type: 'scan-requested', target: TARGET }).replay).toBe(false);
  });

  it('a closed dialog leaves the wizard where it was', () => {
    const before = scanned();
    const s = run(before, { type: 'recording-requested' }, { type: 'recording-closed' });
    expect(s).toEqual({ ...before, starting: false });
  });
});
