import { useState } from 'react';
import type { DoctorApi } from '../../../electron/contract';
import { errorText } from '../api';
import { isIrreversible, isRunnable, preselected, type PlannedOffer } from '../wizard-model';
import type { AppliedOutcome } from '../wizard-state';

// The Fix step's own state: which offers the person picked, for which a new password is to
// be shown, the confirmation in progress, and the run that applies the picked offers one by
// one, in the order main planned them (settings before passwords, so a deleted password
// does not come back).

export interface ApplyProgress {
  n: number;
  total: number;
  title: string;
}

/** How the last Apply click went: the Fix step moves focus to this summary. */
export interface ApplyRun {
  id: number;
  applied: number;
  failed: number;
}

function toggled(set: Set<string>, id: string, on: boolean): Set<string> {
  const next = new Set(set);
  if (on) next.add(id);
  else next.delete(id);
  return next;
}

export function useApplyFixes(props: {
  api: DoctorApi;
  scanId: string;
  offers: PlannedOffer[];
  applied: Record<string, AppliedOutcome>;
  announce: (text: string) => void;
  onApplied: (fixId: string, r: AppliedOutcome) => void;
}) {
  const { api, offers, applied, announce, onApplied } = props;
  const done = (p: PlannedOffer) => applied[p.offer.id]?.outcome?.ok === true;
  const [selected, setSelected] = useState<Set<string>>(
    () => new Set(offers.filter((p) => preselected(p.offer) && !done(p)).map((p) => p.offer.id)),
  );
  const [confirming, setConfirming] = useState<PlannedOffer[] | null>(null);
  const [showSecret, setShowSecret] = useState<Set<string>>(() => new Set());
  const [progress, setProgress] = useState<ApplyProgress | null>(null);
  const [lastRun, setLastRun] = useState<ApplyRun | null>(null);

  const chosen = offers.filter((p) => isRunnable(p.offer) && selected.has(p.offer.id) && !done(p));

  const applyOne = async (p: PlannedOffer, run: string): Promise<boolean> => {
    try {
      const outcome = await api.applyFix({
        scanId: props.scanId,
        fixId: p.offer.id,
        run,
        ...(showSecret.has(p.offer.id) ? { showNewPassword: true } : {}),
      });
      onApplied(p.offer.id, { title: p.offer.title, outcome });
      announce(outcome.ok ? `Applied: ${p.offer.title}` : `Failed: ${p.offer.title}. ${outcome.error ?? ''}`);
      return outcome.ok;
    } catch (e) {
      onApplied(p.offer.id, { title: p.offer.title, error: errorText(e) });
      announce(`Failed: ${p.offer.title}. ${errorText(e)}`);
      return false;
    }
  };

  const run = async (list: PlannedOffer[]) => {
    // One Apply click is one fix run: undone together from the Report step.
    const runLabel = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
    let applied = 0;
    for (const [i, p] of list.entries()) {
      setProgress({ n: i + 1, total: list.length, title: p.offer.title });
      announce(`Applying ${i + 1} of ${list.length}: ${p.offer.title}`);
      if (await applyOne(p, runLabel)) applied++;
    }
    setSelected((s) => new Set([...s].filter((id) => !list.some((p) => p.offer.id === id))));
    setProgress(null);
    setLastRun((r) => ({ id: (r?.id ?? 0) + 1, applied, failed: list.length - applied }));
  };

  return {
    chosen,
    progress,
    lastRun,
    confirming,
    isSelected: (id: string) => selected.has(id),
    select: (id: string, on: boolean) => setSelected((s) => toggled(s, id, on)),
    showsSecret: (id: string) => showSecret.has(id),
    showSecret: (id: string, on: boolean) => setShowSecret((s) => toggled(s, id, on)),
    /** Anything that cannot be undone waits for the confirmation dialog. */
    apply: () => {
      const risky = chosen.filter((p) => isIrreversible(p.offer));
      if (risky.length) setConfirming(risky);
      else void run(chosen);
    },
    confirm: () => {
      const list = chosen;
      setConfirming(null);
      void run(list);
    },
    cancel: () => setConfirming(null),
  };
}
