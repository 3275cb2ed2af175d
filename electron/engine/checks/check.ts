import type { EngineContext } from '../context';
import type { WriteVerdict } from '../fixes/write-target';
import type {
  About,
  Evidence,
  Facts,
  Finding,
  FindingCode,
  FixOffer,
  ProbeName,
  Severity,
  TargetInput,
} from '../model';
import type { OsPlatform } from '../platform/os';

/**
 * A check is a pure function from facts to findings, and it owns everything about the
 * codes it emits: their catalog entry (what the user reads) and their planner (the fixes
 * and suggestions for one finding, as an ESLint rule owns its `fix` and `suggest`). It
 * declares the probes it reads; the scan runs it as soon as those are in. Throwing is
 * allowed: the scan turns any throw into an `error` result with the message (flutter
 * doctor's rule), so one broken check never takes the scan down.
 */
export interface CheckDefinition<C extends string = FindingCode> {
  title: string;
  needs: readonly ProbeName[];
  codes: { readonly [K in C]: CodeEntry<K> };
  run(facts: Facts): CheckOutcome<C>;
  /**
   * For a check whose conclusion depends on what the others found (the live clone: a failure
   * no finding explains): called once every other check is in, with their findings; returns
   * the outcome that stands.
   */
  settle?(outcome: CheckOutcome<C>, others: readonly Finding[], facts: Facts): CheckOutcome<C>;
  /**
   * Needs `account` but still runs with --offline: its probe then gathers only what needs no
   * network (an SSO token's expiry in ~/.aws/sso/cache). Other account checks are skipped.
   */
  runsOffline?: true;
}

/** One row of the finding catalog (a public contract: README's table is built from these). */
export interface CodeEntry<C extends string> {
  severity: Severity;
  title: string;
  /** What is wrong and why, exactly (the report, the CLI, the evidence in the app). */
  explanation: string;
  /**
   * The same in everyday words, for someone who does not live in a terminal: "a saved
   * password", not "a storing helper". The app shows it first.
   */
  plain: string;
  docsUrl?: string;
  /** Fixes, suggestions and next steps for one finding; [] when there is nothing to offer. */
  plan(finding: Finding<C & FindingCode>, facts: Facts, ctx: PlanContext): FixOffer[] | Promise<FixOffer[]>;
}

/** What a planner may know besides the facts; computed once per planning pass. */
export interface PlanContext {
  ctx: EngineContext;
  /** What the person asked about. */
  target: TargetInput;
  /** The OS being diagnosed: its stores, AWS CLI locations, helper line and admin commands. */
  os: OsPlatform;
  /** The user's own git settings file (what `git config --global` would edit). */
  globalFile: string;
  /** The repository's own config, when a folder was scanned. */
  localFile?: string;
  /** Whether a plan may write `globalFile` and `localFile` (a device, a read-only file… may not). */
  writable: ReadonlyMap<string, WriteVerdict>;
  /** The same question for any other file a plan names. */
  inspectWrite: (file: string) => Promise<WriteVerdict>;
}

/** A finding as a check reports it; the scan adds the catalog text and the plans. */
export interface FindingDraft<C extends string = FindingCode> {
  code: C;
  /** What the finding is about, for code (planners join on this, never on display text). */
  about?: About;
  /** The same, for people. */
  subject?: string;
  /** Appended to the catalog explanation. */
  detail?: string;
  evidence?: Evidence[];
}

export type CheckOutcome<C extends string = FindingCode> =
  | {
      kind: 'found';
      findings: FindingDraft<C>[];
      message?: string;
      /** The check failed even without a finding of its own (another check's finding names why). */
      failed?: true;
    }
  | { kind: 'skipped'; reason: string; needed?: true };

export function found<C extends string>(findings: FindingDraft<C>[], message?: string): CheckOutcome<C> {
  return message ? { kind: 'found', findings, message } : { kind: 'found', findings };
}

/** Nothing to check here (no such address, no such helper): "not needed". */
export function skipped(reason: string): CheckOutcome<never> {
  return { kind: 'skipped', reason };
}

/** Why an account check did not run when AWS answered nothing about the repository. */
export const AWS_NOT_ASKED = 'AWS could not be asked about any repository (see "Your AWS sign-in").';

/** There was something to check, but it could not run (--offline, AWS unreachable): says why, never "not needed". */
export function notRun(reason: string): CheckOutcome<never> {
  return { kind: 'skipped', reason, needed: true };
}

/**
 * Skipped for want of an address. When nothing on the computer names one (a whole-computer
 * scan with nothing cloned and no Region), the check was needed and could not run: it says
 * so instead of its own "not needed" reason.
 */
export function noAddress(facts: Facts, reason: string): CheckOutcome<never> {
  return facts.noAddress ? notRun(facts.noAddress) : skipped(reason);
}

/** Thrown by a check that cannot decide (a probe timed out): becomes status `error`. */
export class CheckError extends Error {}

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
  clients: 'Your Git client',
  live: 'The live clone check',
};

/** The catalog's words around a check's draft: a finding without plans yet. */
export function completeFinding<C extends string>(
  check: CheckDefinition<C>,
  draft: FindingDraft<C>,
): Finding<C & FindingCode> {
  const entry = check.codes[draft.code];
  return {
    code: draft.code as C & FindingCode,
    severity: entry.severity,
    title: entry.title,
    explanation: draft.detail ? `${entry.explanation} ${draft.detail}` : entry.explanation,
    ...(entry.plain ? { plain: entry.plain } : {}),
    evidence: draft.evidence ?? [],
    ...(entry.docsUrl ? { docsUrl: entry.docsUrl } : {}),
    ...(draft.subject ? { subject: draft.subject } : {}),
    ...(draft.about ? { about: draft.about } : {}),
    fixes: [],
  };
}

/** One finding per code and subject: several remotes on one host say the same thing. */
export function dedupe<C extends string>(findings: FindingDraft<C>[]): FindingDraft<C>[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.code}\u0000${f.subject ?? ''}\u0000${f.detail ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** For codes whose only cure is outside this computer (said in the catalog text). */

/** A check's findings with their catalog words (what the scan does before planning). */
export function checkFindings<C extends string>(
  check: CheckDefinition<C>,
  facts: Facts,
): Finding<C & FindingCode>[] {
  const out = check.run(facts);
  return out.kind === 'found' ? out.findings.map((d) => completeFinding(check, d)) : [];
}
