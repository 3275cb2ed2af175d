import type { ClientChoice } from '../../../electron/engine/clients/types';
import type { ReplayInfo, ScanReport } from '../../../electron/engine/model';
import { REPLAY_NO_FIX, REPLAY_NO_VERIFY } from '../../../electron/shared/replay-note';
import { Addr, Glyph } from '../components/common';

// What a scan was about besides its target: a recording replayed from another computer (so
// nothing here was read, tried or changed), and the Git client it was checked for.

/** The banner every step of a replayed scan opens with; `what` adds why an action is off. */
export function ReplayBanner({ replay, what }: { replay: ReplayInfo; what?: 'fix' | 'verify' }) {
  const when = new Date(replay.recordedAt);
  return (
    <div className="banner tone-info replay-banner" data-testid="replay-banner">
      <p className="replay-line">
        <Glyph glyph="[i]" tone="info" />
        Replayed recording from{' '}
        <time dateTime={replay.recordedAt}>
          {Number.isNaN(when.getTime()) ? replay.recordedAt : when.toLocaleString()}
        </time>
        , made with CodeCommit Doctor {replay.recordedWith}: nothing on this computer was read or changed.
      </p>
      {replay.notRecorded.length > 0 && (
        <div className="replay-missing">
          <p>The recording does not hold everything this version asks, so these were not checked:</p>
          <ul>
            {replay.notRecorded.map((q) => (
              <li key={q}>
                <Addr text={q} className="mono" />
              </li>
            ))}
          </ul>
        </div>
      )}
      {what && <p id={`replay-no-${what}`}>{what === 'fix' ? REPLAY_NO_FIX : REPLAY_NO_VERIFY}</p>}
    </div>
  );
}

/** The app the scan was checked for, by name ("Try again in GitHub Desktop"); null for the terminal. */
export function clientName(report: ScanReport | null): string | null {
  return report?.client?.name ?? null;
}

/** "Checked for GitHub Desktop, with the git it runs: …" — the scan's client, as the engine modelled it. */
export function ClientLine({ report, client }: { report: ScanReport; client: ClientChoice | null }) {
  const c = report.client;
  if (!c) {
    const text = report.replay
      ? "Checked with the git on that computer's PATH, with its settings."
      : client === 'terminal'
        ? 'Checked for the terminal: the git on PATH, with your settings.'
        : 'Checked with the git on PATH, with your settings.';
    return (
      <p className="hint client-line" data-testid="client-line">
        {text}
      </p>
    );
  }
  return (
    <p className="hint client-line" data-testid="client-line">
      Checked for <strong>{c.name}</strong>
      {c.git ? (
        <>
          , with the git it runs: <Addr text={c.git} className="mono" />
        </>
      ) : (
        ': no git program was run for it'
      )}
      .
    </p>
  );
}
