import { STEPS, type StepId } from '../wizard-model';

// The step list: where the user is (aria-current), what is done (✓) and what cannot be
// opened yet (before the scan has a report), in text as well as in looks.

type StepState = 'current' | 'locked' | 'done' | 'open';

function stepState(i: number, index: number, reached: number): StepState {
  if (i === index) return 'current';
  if (i > reached) return 'locked';
  return i < index ? 'done' : 'open';
}

export function Stepper({
  index,
  reached,
  onGo,
}: {
  index: number;
  reached: number;
  onGo: (s: StepId) => void;
}) {
  return (
    <nav className="stepper" aria-label="Steps">
      <ol>
        {STEPS.map((s, i) => {
          const state = stepState(i, index, reached);
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
                  onClick={() => onGo(s.id)}
                >
                  {content}
                </button>
              )}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
