import { useEffect, useRef } from 'react';
import type { DoctorApi } from '../../electron/contract';
import { Stepper } from './components/Stepper';
import { TopBar } from './components/TopBar';
import { CurrentStep } from './steps/CurrentStep';
import { useWizard } from './use-wizard';
import type { LiveMessage } from './wizard-state';
import { stepIndex, stepLabel, STEPS, type StepId } from './wizard-model';

// The wizard shell: one window, one task. The state every step shares lives in the wizard's
// reducer (wizard-state.ts, wired to the API in use-wizard.ts); this draws what every step
// has: the step list, the "Step X of Y" heading and title, the live region.

/** "Step X of Y" in the window title; focus moves to the heading on every step change (not
 * on the first render, where it would steal focus from the page's start). */
function useStepHeading(step: StepId) {
  const heading = useRef<HTMLHeadingElement>(null);
  const firstRender = useRef(true);
  useEffect(() => {
    const title = STEPS[stepIndex(step)]?.title ?? '';
    document.title = `${stepLabel(step)}: ${title} — CodeCommit Doctor`;
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    heading.current?.focus();
  }, [step]);
  return heading;
}

function LiveRegion({ messages }: { messages: LiveMessage[] }) {
  return (
    <div className="sr-only" aria-live="polite" data-testid="live">
      {messages.map((m) => (
        <p key={m.id}>{m.text}</p>
      ))}
    </div>
  );
}

export function App({ api }: { api: DoctorApi }) {
  const { state, commands } = useWizard(api);
  const heading = useStepHeading(state.step);
  return (
    <div className="app">
      <TopBar helpdesk={state.helpdesk} onToggleHelpdesk={commands.toggleHelpdesk} />
      <div className="layout">
        <Stepper index={stepIndex(state.step)} reached={state.reached} onGo={commands.go} />
        <main className="content" id="main">
          <h1 ref={heading} tabIndex={-1} className="step-heading">
            <span className="eyebrow">{stepLabel(state.step)}</span>
            <span className="sr-only">: </span>
            <span className="title">{STEPS[stepIndex(state.step)]?.title}</span>
          </h1>
          <CurrentStep api={api} state={state} commands={commands} />
        </main>
      </div>
      <LiveRegion messages={state.messages} />
    </div>
  );
}
