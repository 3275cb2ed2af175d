import { catalogEntry } from '../catalog';
import type { Evidence, Facts, Finding, FindingCode, FixOffer, ProbeName } from '../model';

/**
 * A check is a pure function from facts to findings. It declares the probes it reads;
 * the scan runs it as soon as those are in. Throwing is allowed: the scan turns any throw
 * into an `error` result with the message (flutter doctor's rule), so one broken check
 * never takes the scan down.
 */
export interface CheckDefinition {
  id: string;
  title: string;
  needs: readonly ProbeName[];
  run(facts: Facts): CheckOutcome;
}

export type CheckOutcome = Finding[] | { skipped: string } | { findings: Finding[]; message: string };

/** Thrown by a check that cannot decide (a probe timed out): becomes status `error`. */
export class CheckError extends Error {}

export function finding(
  code: FindingCode,
  opts: { subject?: string; evidence?: Evidence[]; detail?: string; fixes?: FixOffer[] } = {},
): Finding {
  const entry = catalogEntry(code);
  return {
    code,
    severity: entry.severity,
    title: entry.title,
    explanation: opts.detail ? `${entry.explanation} ${opts.detail}` : entry.explanation,
    evidence: opts.evidence ?? [],
    ...(entry.docsUrl ? { docsUrl: entry.docsUrl } : {}),
    ...(opts.subject ? { subject: opts.subject } : {}),
    fixes: opts.fixes ?? [],
  };
}

/** The value of a probe a check declared in `needs`; throws CheckError when it failed. */
export function need<K extends ProbeName>(facts: Facts, probe: K): Extract<Facts[K], { ok: true }>['value'] {
  const p = facts[probe];
  if (!p.ok) throw new CheckError(`${PROBE_LABEL[probe]} could not be read: ${p.error}`);
  return p.value as Extract<Facts[K], { ok: true }>['value'];
}

export const PROBE_LABEL: Record<ProbeName, string> = {
  git: 'Git and its settings',
  awsCli: 'The AWS CLI',
  awsConfig: 'AWS profiles',
  stores: 'Password stores',
  ssh: 'SSH settings',
  remoteCodecommit: 'git-remote-codecommit',
  account: 'Your AWS account',
};

/** One finding per code and subject: several remotes on one host say the same thing. */
export function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.code}\u0000${f.subject ?? ''}\u0000${f.explanation}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
