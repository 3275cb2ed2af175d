import { useEffect, useMemo, useReducer, type Dispatch } from 'react';
import type { DoctorApi } from '../../electron/contract';
import type { ClientChoice } from '../../electron/engine/clients/types';
import type { TargetInput } from '../../electron/engine/model';
import { errorText } from './api';
import {
  initialState,
  reduce,
  type AppliedOutcome,
  type Verification,
  type VerificationSlot,
  type WizardAction,
  type WizardState,
} from './wizard-state';
import type { StepId } from './wizard-model';

// The wizard's reducer wired to the API: main's events and the answers to our requests
// become actions; requests go out where the state asks for them (a "running" verification).

export const HELPDESK_KEY = 'codecommit-doctor.helpdesk';

function readHelpdesk(): boolean {
  try {
    return window.localStorage.getItem(HELPDESK_KEY) === '1';
  } catch {
    return false;
  }
}

/** What the steps may ask of the wizard. Stable for the life of the API, so steps can list
 * them as effect dependencies. */
export interface WizardCommands {
  go(step: StepId): void;
  back(): void;
  toggleHelpdesk(): void;
  announce(text: string): void;
  /** client: what the person clones with (null: the git on PATH as it is). */
  startScan(target: TargetInput, client: ClientChoice | null): Promise<void>;
  /** Main's file dialog, then the recording's replay; resolves to why it could not open, or null. */
  openRecording(): Promise<string | null>;
  verifyAfter(): void;
  fixApplied(fixId: string, result: AppliedOutcome): void;
}

export function useWizard(api: DoctorApi): { state: WizardState; commands: WizardCommands } {
  const [state, dispatch] = useReducer(reduce, undefined, () => initialState(readHelpdesk()));
  useMainEvents(api, dispatch);
  useVerification(api, dispatch, 'before', state.before, state.scanId);
  useVerification(api, dispatch, 'after', state.after, state.scanId);
  useHelpdeskPreference(state.helpdesk);
  const commands = useMemo<WizardCommands>(
    () => ({
      go: (step) => dispatch({ type: 'go', step }),
      back: () => dispatch({ type: 'back' }),
      toggleHelpdesk: () => dispatch({ type: 'toggle-helpdesk' }),
      announce: (text) => dispatch({ type: 'announce', text }),
      startScan: async (target, client) => {
        dispatch({ type: 'scan-requested', target, client });
        try {
          // The terminal is the git on PATH as it is: the engine's default, so only an app is named.
          const app = client && client !== 'terminal' ? { client } : {};
          const { scanId } = await api.startScan({ target, ...app });
          dispatch({ type: 'scan-started', scanId });
        } catch (e) {
          dispatch({ type: 'scan-failed', error: errorText(e) });
        }
      },
      openRecording: async () => {
        dispatch({ type: 'recording-requested' });
        try {
          const { scanId } = await api.openRecording({});
          dispatch(scanId === null ? { type: 'recording-closed' } : { type: 'recording-opened', scanId });
          return null;
        } catch (e) {
          dispatch({ type: 'recording-closed' });
          return errorText(e);
        }
      },
      verifyAfter: () => dispatch({ type: 'verify-requested' }),
      fixApplied: (fixId, result) => dispatch({ type: 'fix-applied', fixId, result }),
    }),
    [api],
  );
  return { state, commands };
}

function useMainEvents(api: DoctorApi, dispatch: Dispatch<WizardAction>) {
  useEffect(() => {
    const offEvent = api.on('scanEvent', ({ scanId, event }) =>
      dispatch({ type: 'scan-event', scanId, event }),
    );
    const offDone = api.on('scanDone', ({ scanId, report }) =>
      dispatch({ type: 'scan-done', scanId, report }),
    );
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
  }, [api, dispatch]);
}

/** Runs `git ls-remote` (through main) each time the reducer starts a round for this slot. */
function useVerification(
  api: DoctorApi,
  dispatch: Dispatch<WizardAction>,
  slot: VerificationSlot,
  verification: Verification,
  scanId: string | null,
) {
  const round = verification.state === 'running' ? verification.round : null;
  useEffect(() => {
    if (round === null || !scanId) return;
    api.verify({ scanId }).then(
      (result) => dispatch({ type: 'verified', slot, round, result }),
      (e: unknown) => dispatch({ type: 'verify-failed', slot, round, error: errorText(e) }),
    );
  }, [api, dispatch, slot, round, scanId]);
}

function useHelpdeskPreference(helpdesk: boolean) {
  useEffect(() => {
    try {
      window.localStorage.setItem(HELPDESK_KEY, helpdesk ? '1' : '0');
    } catch {
      // Storage can be unavailable (a locked-down profile): the toggle still works for this session.
    }
  }, [helpdesk]);
}
