import type { DoctorApi } from '../../../electron/contract';
import type { WizardCommands } from '../use-wizard';
import { appliedCount, assertNever, currentScanView, type WizardState } from '../wizard-state';
import { pickOf } from './ClientField';
import { FindingsStep } from './FindingsStep';
import { FixStep } from './FixStep';
import { ReportStep } from './ReportStep';
import { clientName } from './ScanAbout';
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
  const { target, helpdesk, report, plan, scanId, before, client, replay } = state;
  const { go, back, announce } = commands;
  // A replay's scan is another computer's: scanning again here would check this one instead.
  const rescan = replay ? undefined : () => target && void commands.startScan(target, client);
  // A corrected address (a finding's next step) is scanned at once: the wizard starts over with it.
  const useAddress = replay
    ? undefined
    : (url: string) => void commands.startScan({ kind: 'url', url }, client);
  switch (state.step) {
    case 'target':
      return (
        <TargetStep
          api={api}
          initial={replay ? null : target}
          initialClient={target && !replay ? pickOf(client) : undefined}
          helpdesk={helpdesk}
          onStart={(t, c) => void commands.startScan(t, c)}
          onOpenRecording={commands.openRecording}
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
          client={client}
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
          onNext={() => go(replay ? 'report' : 'verify')}
        />
      ) : null;
    case 'verify':
      return (
        <VerifyStep
          api={api}
          target={target}
          {...(report?.replay ? { replay: report.replay } : {})}
          client={clientName(report)}
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
          report={report}
          client={client}
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
