import { useEffect, useState } from 'react';
import type { DoctorApi } from '../../../electron/contract';
import type { ClientChoice, DetectedClient } from '../../../electron/engine/clients/types';

// "What do you clone with?" (issue 13): a Git app runs its own git with its own settings,
// so the doctor checks what that app would do. The installed apps are found by their files
// (main's detectClients, bounded and read-only) and the first one found is pre-selected,
// unless the person already chose. "Other" is the git on PATH as it is.

export type ClientPick = ClientChoice | 'other';

const OFFERED: { pick: ClientPick; label: string }[] = [
  { pick: 'terminal', label: 'Terminal (the git command)' },
  { pick: 'github-desktop', label: 'GitHub Desktop' },
  { pick: 'sourcetree', label: 'Sourcetree' },
  { pick: 'fork', label: 'Fork' },
  { pick: 'tower', label: 'Tower' },
  { pick: 'vscode', label: 'VS Code' },
  { pick: 'jetbrains', label: 'A JetBrains IDE (IntelliJ IDEA, PyCharm, …)' },
  { pick: 'visual-studio', label: 'Visual Studio' },
];

/** The wizard's choice (null: "Other") for the picker, and back. */
export const pickOf = (client: ClientChoice | null): ClientPick => client ?? 'other';
export const choiceOf = (pick: ClientPick): ClientChoice | null => (pick === 'other' ? null : pick);

/** The offered list, with any installed app the list does not name (Eclipse, GitKraken) before "Other". */
function options(detected: readonly DetectedClient[]): { pick: ClientPick; label: string }[] {
  const installed = new Set(detected.map((d) => d.id));
  const mark = (o: { pick: ClientPick; label: string }) =>
    installed.has(o.pick as DetectedClient['id']) ? { ...o, label: `${o.label} — installed` } : o;
  const extra = detected
    .filter((d) => !OFFERED.some((o) => o.pick === d.id))
    .map((d) => ({ pick: d.id as ClientPick, label: `${d.name} — installed` }));
  return [...OFFERED.map(mark), ...extra, { pick: 'other', label: 'Other' }];
}

/**
 * The picker's state. `initial`: the choice of a scan already run (kept when the person comes
 * back to the first step); without one, the first installed app is pre-selected once found.
 */
export function useClientPick(api: DoctorApi, initial: ClientPick | undefined) {
  const [pick, setPick] = useState<ClientPick>(initial ?? 'terminal');
  const [touched, setTouched] = useState(initial !== undefined);
  const [detected, setDetected] = useState<DetectedClient[] | null>(null);
  useEffect(() => {
    let live = true;
    api.detectClients({}).then(
      ({ clients }) => live && setDetected(clients),
      () => live && setDetected([]),
    );
    return () => {
      live = false;
    };
  }, [api]);
  const first = detected?.[0]?.id;
  const shown: ClientPick = !touched && first ? first : pick;
  return {
    pick: shown,
    detected,
    choose: (p: ClientPick) => (setTouched(true), setPick(p)),
  };
}

function detectedText(detected: readonly DetectedClient[] | null): string {
  if (detected === null) return 'Looking for Git apps on this computer…';
  if (detected.length === 0) return 'No Git app was found on this computer.';
  return `Found on this computer: ${detected.map((d) => d.name).join(', ')}.`;
}

export function ClientField(props: {
  ids: string;
  pick: ClientPick;
  detected: readonly DetectedClient[] | null;
  onChange: (p: ClientPick) => void;
}) {
  const { ids } = props;
  return (
    <div className="field">
      <label htmlFor={`${ids}-client`}>What do you clone with?</label>
      <select
        id={`${ids}-client`}
        className="input"
        value={props.pick}
        aria-describedby={`${ids}-client-hint`}
        onChange={(e) => props.onChange(e.target.value as ClientPick)}
      >
        {options(props.detected ?? []).map((o) => (
          <option key={o.pick} value={o.pick}>
            {o.label}
          </option>
        ))}
      </select>
      <p id={`${ids}-client-hint`} className="hint" aria-live="polite">
        {detectedText(props.detected)} The doctor checks the git that app runs, with its settings.
      </p>
    </div>
  );
}
