import { useCallback, useEffect, useRef, useState } from 'react';
import type { DoctorApi, VerifyResult } from '../../electron/contract';
import type { ApplyOutcome } from '../../electron/engine/fixes/apply';
import type { ScanEvent, ScanReport, TargetInput } from '../../electron/engine/model';
import { errorText } from './api';
import { FindingsStep } from './steps/FindingsStep';
import { FixStep } from './steps/FixStep';
import { ReportStep } from './steps/ReportStep';
import { ScanStep } from './steps/ScanStep';
import { TargetStep } from './steps/TargetStep';
import { VerifyStep } from './steps/VerifyStep';
import { announceScanEvent, foldScan, stepIndex, stepLabel, STEPS, type StepId } from './wizard-model';

// The wizard shell: one window, one task. It owns the state every step shares (the scan,
// its events, the verdicts before and after) and the parts every step has: the step list,
// the "Step X of Y" heading and title, the live region and the helpdesk toggle.

export const HELPDESK_KEY = 'codecommit-doctor.helpdesk';
const PENDING = '\u0000pending';

export type Verification =
  | { state: 'idle' }
  | { state: 'running' }
  | { state: 'done'; result: VerifyResult }
  | { state: 'failed'; error: string };

export interface AppliedOutcome {
  title: string;
  outcome?: ApplyOutcome;
  error?: string;
}

function readHelpdesk(): boolean {
  try {
    return window.localStorage.getItem(HELPDESK_KEY) === '1';
  } catch {
    return false;
  }
}

export function App({ api }: { api: DoctorApi }) {
  const [step, setStep] = useState<StepId>('target');
  const [reached, setReached] = useState(0);
  const [target, setTarget] = useState<TargetInput | null>(null);
  const [scanId, setScanId] = useState<string | null>(null);
  const [scanError, setScanError] = useState<string | null>(null);
  const [report, setReport] = useState<ScanReport | null>(null);
  const [plan, setPlan] = useState<ScanReport | null>(null);
  const [before, setBefore] = useState<Verification>({ state: 'idle' });
  const [after, setAfter] = useState<Verification>({ state: 'idle' });
  const [applied, setApplied] = useState<Record<string, AppliedOutcome>>({});
  const [helpdesk, setHelpdesk] = useState(readHelpdesk);
  const [messages, setMessages] = useState<{ id: number; text: string }[]>([]);
  const [, setTick] = useState(0);

  const currentScan = useRef<string | null>(null);
  const events = useRef(new Map<string, ScanEvent[]>());
  const reports = useRef(new Map<string, ScanReport>());
  const heading = useRef<HTMLHeadingElement>(null);
  const firstRender = useRef(true);
  const messageId = useRef(0);

  const announce = useCallback((text: string) => {
    const id = ++messageId.current;
    setMessages((m) => [...m.slice(-4), { id, text }]);
  }, []);

  const onReport = useCallback(
    (id: string, r: ScanReport) => {
      setReport(r);
      setPlan(r);
      setReached((n) => Math.max(n, STEPS.length - 1));
      if (r.target.kind === 'machine') return;
      setBefore({ state: 'running' });
      api.verify({ scanId: id }).then(
        (result) => setBefore({ state: 'done', result }),
        (e: unknown) => setBefore({ state: 'failed', error: errorText(e) }),
      );
    },
    [api],
  );

  useEffect(() => {
    const isCurrent = (id: string) => currentScan.current === id || currentScan.current === PENDING;
    const offEvent = api.on('scanEvent', ({ scanId: id, event }) => {
      const list = events.current.get(id) ?? [];
      list.push(event);
      events.current.set(id, list);
      if (!isCurrent(id)) return;
      const text = announceScanEvent(event);
      if (text) announce(text);
      setTick((t) => t + 1);
    });
    const offDone = api.on('scanDone', ({ scanId: id, report: r }) => {
      reports.current.set(id, r);
      if (currentScan.current === id) onReport(id, r);
      setTick((t) => t + 1);
    });
    const offTheme = api.on('themeChanged', ({ theme }) => {
      document.documentElement.dataset.theme = theme;
    });
    api.appInfo({}).then(
      (info) => {
        document.documentElement.dataset.theme = info.theme;
        document.documentElement.dataset.platform = info.platform;
      },
      () => undefined,
    );
    return () => {
      offEvent();
      offDone();
      offTheme();
    };
  }, [api, announce, onReport]);

  useEffect(() => {
    const label = stepLabel(step);
    const title = STEPS[stepIndex(step)]?.title ?? '';
    document.title = `${label}: ${title} — CodeCommit Doctor`;
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    heading.current?.focus();
  }, [step]);

  useEffect(() => {
    try {
      window.localStorage.setItem(HELPDESK_KEY, helpdesk ? '1' : '0');
    } catch {
      // Storage can be unavailable (a locked-down profile): the toggle still works for this session.
    }
  }, [helpdesk]);

  const go = useCallback((id: StepId) => {
    setStep(id);
    setReached((n) => Math.max(n, stepIndex(id)));
  }, []);

  const startScan = useCallback(
    async (t: TargetInput) => {
      setTarget(t);
      setScanId(null);
      setScanError(null);
      setReport(null);
      setPlan(null);
      setBefore({ state: 'idle' });
      setAfter({ state: 'idle' });
      setApplied({});
      setReached(stepIndex('scan'));
      setStep('scan');
      currentScan.current = PENDING;
      try {
        const started = await api.startScan({ target: t });
        currentScan.current = started.scanId;
        setScanId(started.scanId);
        const done = reports.current.get(started.scanId);
        if (done) onReport(started.scanId, done);
      } catch (e) {
        currentScan.current = null;
        const text = errorText(e);
        setScanError(text);
        announce(`The scan could not start: ${text}`);
      }
    },
    [api, announce, onReport],
  );

  const onApplied = useCallback((fixId: string, result: AppliedOutcome) => {
    setApplied((a) => ({ ...a, [fixId]: result }));
    if (result.outcome) setAfter({ state: 'idle' });
  }, []);

  const runAfter = useCallback(() => {
    if (!scanId) return;
    setAfter({ state: 'running' });
    api.verify({ scanId }).then(
      (result) => {
        setAfter({ state: 'done', result });
        const ok = result.results.every((r) => r.verdict.ok);
        announce(
          ok ? 'Verified: git can reach the repository.' : 'Verified: git still cannot reach the repository.',
        );
      },
      (e: unknown) => setAfter({ state: 'failed', error: errorText(e) }),
    );
  }, [api, scanId, announce]);

  // Folded on every render: a handful of events, and the ref holds the only copy.
  const view = foldScan(scanId ? (events.current.get(scanId) ?? []) : []);

  const index = stepIndex(step);
  const current = STEPS[index];

  const body = (() => {
    switch (step) {
      case 'target':
        return (
          <TargetStep api={api} initial={target} helpdesk={helpdesk} onStart={(t) => void startScan(t)} />
        );
      case 'scan':
        return (
          <ScanStep
            api={api}
            target={target}
            view={view}
            report={report}
            error={scanError}
            helpdesk={helpdesk}
            onBack={() => go('target')}
            onRetry={() => target && void startScan(target)}
            onNext={() => go('findings')}
          />
        );
      case 'findings':
        return report ? (
          <FindingsStep
            api={api}
            report={report}
            target={target}
            before={before}
            helpdesk={helpdesk}
            onBack={() => go('scan')}
            onNext={(s) => go(s)}
          />
        ) : null;
      case 'fix':
        return report && plan && scanId ? (
          <FixStep
            api={api}
            scanId={scanId}
            plan={plan}
            target={target}
            before={before}
            applied={applied}
            helpdesk={helpdesk}
            announce={announce}
            onApplied={(fixId, r) => {
              onApplied(fixId, r);
              if (r.outcome && 'report' in r.outcome)
                setReport((r.outcome as ApplyOutcome & { report: ScanReport }).report);
            }}
            onBack={() => go('findings')}
            onNext={() => go('verify')}
          />
        ) : null;
      case 'verify':
        return (
          <VerifyStep
            api={api}
            target={target}
            before={before}
            after={after}
            appliedCount={Object.values(applied).filter((a) => a.outcome?.ok).length}
            helpdesk={helpdesk}
            onRun={runAfter}
            onBack={() => go('fix')}
            onNext={() => go('report')}
          />
        );
      case 'report':
        return scanId ? (
          <ReportStep
            api={api}
            scanId={scanId}
            target={target}
            helpdesk={helpdesk}
            announce={announce}
            onBack={() => go('verify')}
            onRestart={() => go('target')}
          />
        ) : null;
    }
  })();

  return (
    <div className="app">
      <header className="topbar">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            ✚
          </span>
          <span className="brand-name">CodeCommit Doctor</span>
        </div>
        <button
          type="button"
          className="toggle"
          aria-pressed={helpdesk}
          onClick={() => setHelpdesk((h) => !h)}
        >
          <span className="toggle-track" aria-hidden="true">
            <span className="toggle-thumb" />
          </span>
          Helpdesk view
        </button>
      </header>
      <div className="layout">
        <nav className="stepper" aria-label="Steps">
          <ol>
            {STEPS.map((s, i) => {
              const state = i === index ? 'current' : i > reached ? 'locked' : i < index ? 'done' : 'open';
              const content = (
                <>
                  <span className="step-num" aria-hidden="true">
                    {state === 'done' ? '✓' : i + 1}
                  </span>
                  <span className="step-name">{s.short}</span>
                  <span className="sr-only">
                    {`, step ${i + 1} of ${STEPS.length}`}
                    {state === 'done' ? ', visited' : state === 'locked' ? ', not available yet' : ''}
                  </span>
                </>
              );
              return (
                <li key={s.id} className={`step step-${state}`}>
                  {state === 'locked' ? (
                    <span className="step-link" aria-disabled="true">
                      {content}
                    </span>
                  ) : (
                    <button
                      type="button"
                      className="step-link"
                      aria-current={i === index ? 'step' : undefined}
                      onClick={() => go(s.id)}
                    >
                      {content}
                    </button>
                  )}
                </li>
              );
            })}
          </ol>
        </nav>
        <main className="content" id="main">
          <h1 ref={heading} tabIndex={-1} className="step-heading">
            <span className="eyebrow">{stepLabel(step)}</span>
            <span className="sr-only">: </span>
            <span className="title">{current?.title}</span>
          </h1>
          {body}
        </main>
      </div>
      <div className="sr-only" aria-live="polite" data-testid="live">
        {messages.map((m) => (
          <p key={m.id}>{m.text}</p>
        ))}
      </div>
    </div>
  );
}
