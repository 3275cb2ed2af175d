import type { DoctorApi } from '../../../electron/contract';
import type { WizardCommands } from '../use-wizard';
import { appliedCount, assertNever, currentScanView, type WizardState } from '../wizard-state';
import { FindingsStep } from './FindingsStep';
import { FixStep } from './FixStep';
import { ReportStep } from './ReportStep';
import { ScanStep } from './ScanStep';
import { TargetStep } from './TargetStep';
import { VerifyStep } from './VerifyStep';

// Which step the wizard shows, fed from the wizard's state. A step that needs a scan it does
// not have yet shows nothing (the step list keeps it locked until then).

export function CurrentStep({
  api,
  state,
  commands,
}: {
  api: DoctorApi;
  state: WizardState;
  commands: WizardCommands;
}) {
  const { target, helpdesk, report, plan, scanId, before } = state;
  const { go, back, announce } = commands;
  const rescan = () => target && void commands.startScan(target);
  // A corrected address (a finding's next step) is scanned at once: the wizard starts over with it.
  const useAddress = (url: string) => void commands.startScan({ kind: 'url', url });
  switch (state.step) {
    case 'target':
      return (
        <TargetStep
          api={api}
          initial={target}
          helpdesk={helpdesk}
          onStart={(t) => void commands.startScan(t)}
        />
      );
    case 'scan':
      return (
        <ScanStep
          api={api}
          target={target}
          view={currentScanView(state)}
          report={report}
          error={state.scanError}
          helpdesk={helpdesk}
          onBack={back}
          onRetry={rescan}
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
          onBack={back}
          onNext={go}
          onRescan={rescan}
          onUseAddress={useAddress}
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
          applied={state.applied}
          helpdesk={helpdesk}
          announce={announce}
          onApplied={commands.fixApplied}
          onBack={back}
          onNext={() => go('verify')}
        />
      ) : null;
    case 'verify':
      return (
        <VerifyStep
          api={api}
          target={target}
          before={before}
          after={state.after}
          appliedCount={appliedCount(state)}
          helpdesk={helpdesk}
          onRun={commands.verifyAfter}
          onBack={back}
          onNext={() => go('report')}
          onRescan={rescan}
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
          onBack={back}
          onRestart={() => go('target')}
        />
      ) : null;
    default:
      return assertNever(state.step);
  }
}
