import type { CheckOutcome } from './checks/check';
import { CheckError, completeFinding } from './checks/check';
import { REGISTERED, type RegisteredCheck } from './checks';
import type { ClientChoice } from './clients/types';
import { pathVar, type EngineContext } from './context';
import type {
  CheckId,
  CheckResult,
  Facts,
  Finding,
  Probed,
  ScanEvent,
  ScanReport,
  TargetInput,
} from './model';
import { liveResult } from './checks/live-clone';
import { planFixes } from './fixes/planner';
import { allFacts, OFFLINE_REASON, startProbes, type StartedProbes } from './scan-probes';
import { redactPassword } from './target';
import { TOOL_VERSION } from './version';

export interface ScanOptions {
  target: TargetInput;
  /** Skip everything that needs the network (the AWS account phase). */
  offline?: boolean;
  onEvent?: (event: ScanEvent) => void;
  /** After this long a running check gets a "still running" notice. */
  slowAfterMs?: number;
  checks?: readonly RegisteredCheck[];
  /** The git client the user clones with (a client id, or `terminal`): the scan runs its git with its settings. */
  client?: ClientChoice;
  /** A git program to diagnose with (an embedded one, for example) instead of the one on PATH. */
  gitProgram?: string;
}

const NOT_YET: Probed<never> = { ok: false, error: 'not collected', timedOut: false, durationMs: 0 };

/** An account check skipped by --offline: it had something to check, and says why it did not. */
function offlineSkip(id: CheckId, title: string): CheckResult {
  return { id, title, status: 'skipped', durationMs: 0, findings: [], message: OFFLINE_REASON, needed: true };
}

function statusOf(findings: Finding[]): CheckResult['status'] {
  if (findings.some((f) => f.severity === 'error')) return 'fail';
  if (findings.some((f) => f.severity === 'warning')) return 'warn';
  return 'pass';
}

/** A check's outcome as a result: the catalog words around its drafts, the status they make. */
function resultOf({ id, check }: RegisteredCheck, outcome: CheckOutcome, durationMs: number): CheckResult {
  const base = { id, title: check.title, durationMs };
  switch (outcome.kind) {
    case 'skipped':
      return {
        ...base,
        status: 'skipped',
        findings: [],
        message: outcome.reason,
        ...(outcome.needed ? { needed: true as const } : {}),
      };
    case 'found': {
      const findings = outcome.findings.map((d) => completeFinding(check, d));
      const status = statusOf(findings);
      return {
        ...base,
        status: outcome.failed && status !== 'fail' ? 'fail' : status,
        findings,
        ...(outcome.message ? { message: outcome.message } : {}),
      };
    }
  }
}

/** flutter doctor's rule: a check that throws becomes a result, never an exception across. */
function runCheck(reg: RegisteredCheck, facts: Facts, started: number): Ran {
  const durationMs = () => Math.round(performance.now() - started);
  try {
    const outcome = reg.check.run(facts);
    return { result: resultOf(reg, outcome, durationMs()), outcome, facts };
  } catch (e) {
    const message =
      e instanceof CheckError
        ? e.message
        : `This check failed unexpectedly: ${(e as Error)?.message ?? String(e)}`;
    return {
      result: {
        id: reg.id,
        title: reg.check.title,
        status: 'error',
        durationMs: durationMs(),
        findings: [],
        message,
      },
      facts,
    };
  }
}

/** A check's result, with what `settle` needs: its outcome and the facts it saw (absent when it threw or was skipped unrun). */
interface Ran {
  result: CheckResult;
  outcome?: CheckOutcome;
  facts?: Facts;
}

/** Runs one check as soon as the probes it declared are in; it sees only those. */
async function scheduleCheck(
  ctx: EngineContext,
  reg: RegisteredCheck,
  started: StartedProbes,
  o: { offline: boolean; slowAfterMs: number; emit: (e: ScanEvent) => void },
): Promise<Ran> {
  const { id, check } = reg;
  const t0 = performance.now();
  o.emit({ type: 'check-started', id, title: check.title });
  if (o.offline && check.needs.includes('account') && !check.runsOffline) {
    const result = offlineSkip(id, check.title);
    o.emit({ type: 'check-finished', result });
    return { result };
  }
  const slow = setTimeout(
    () =>
      o.emit({ type: 'check-slow', id, title: check.title, elapsedMs: Math.round(performance.now() - t0) }),
    o.slowAfterMs,
  );
  slow.unref?.();
  const [{ targets, urlProblems, noAddress }, ...needed] = await Promise.all([
    started.resolved,
    ...check.needs.map((n) => started.probes[n]),
  ]);
  clearTimeout(slow);
  const facts: Facts = {
    platform: ctx.platform,
    targets,
    urlProblems,
    ...(noAddress ? { noAddress } : {}),
    git: NOT_YET,
    awsCli: NOT_YET,
    awsConfig: NOT_YET,
    stores: NOT_YET,
    ssh: NOT_YET,
    remoteCodecommit: NOT_YET,
    account: NOT_YET,
    clients: NOT_YET,
    live: NOT_YET,
  };
  // Only the probes a check declared are filled in: a check cannot read what it did not wait for.
  check.needs.forEach((n, i) => Object.assign(facts, { [n]: needed[i] }));
  const ran = runCheck(reg, facts, t0);
  // A check that settles on the others' findings is announced once it has.
  if (!check.settle) o.emit({ type: 'check-finished', result: ran.result });
  return ran;
}

/**
 * The checks that settle on the others' findings (the live clone: is its failure explained?),
 * once every check is in; each is then announced.
 */
function settleAll(
  ran: Ran[],
  checks: readonly RegisteredCheck[],
  emit: (e: ScanEvent) => void,
): CheckResult[] {
  return ran.map(({ result, outcome, facts }, i) => {
    const reg = checks[i] as RegisteredCheck;
    if (!reg.check.settle) return result;
    let settled = result;
    if (outcome && facts) {
      const others = ran.flatMap((r, j) => (j === i ? [] : r.result.findings));
      try {
        settled = resultOf(reg, reg.check.settle(outcome, others, facts), result.durationMs);
      } catch {
        // A settle that throws leaves the check's own outcome standing.
      }
    }
    emit({ type: 'check-finished', result: settled });
    return settled;
  });
}

/** The client the scan diagnosed for, and the git it ran (the report says which). */
function clientOfReport(facts: Facts): Pick<ScanReport, 'client'> {
  const selected = facts.clients.ok ? facts.clients.value.selected : undefined;
  if (!selected) return {};
  const git = facts.git.ok ? facts.git.value.executables[0]?.path : undefined;
  const read = facts.git.ok ? facts.git.value.config.filter((e) => e.originType === 'file') : [];
  const inProcess = selected.git.kind === 'in-process';
  return {
    client: {
      id: selected.id,
      name: selected.name,
      ...(!inProcess && git ? { git } : {}),
      // The settings files that git read (for the report and the helpdesk view).
      settingsFiles: inProcess ? [] : [...new Set(read.map((e) => e.origin))],
    },
  };
}

/** Plans go on after every check is in; a planner bug must not hide the diagnosis. */
async function attachPlans(ctx: EngineContext, facts: Facts, target: TargetInput, results: CheckResult[]) {
  try {
    // One planning pass over every finding (config files are read once), then the planned
    // findings go back to the checks they came from, in order.
    const planned = await planFixes(
      { ctx, facts, target },
      results.flatMap((r) => r.findings),
    );
    let at = 0;
    for (const r of results) {
      r.findings = planned.slice(at, at + r.findings.length);
      at += r.findings.length;
    }
  } catch {
    // The findings stay, without fix offers.
  }
}

/**
 * Runs every probe in parallel, then each check as soon as its probes are in, then the
 * planners. Emits progress events for the CLI and the app.
 */
export async function runScan(ctx: EngineContext, options: ScanOptions): Promise<ScanReport> {
  const startedAt = ctx.now();
  const t0 = performance.now();
  const emit = options.onEvent ?? (() => undefined);
  const checks = options.checks ?? REGISTERED;
  const offline = options.offline ?? false;
  emit({ type: 'scan-started', checks: checks.map(({ id, check }) => ({ id, title: check.title })) });
  const account = checks.some((c) => c.check.needs.includes('account') && (!offline || c.check.runsOffline))
    ? offline
      ? 'local'
      : 'online'
    : 'none';
  const started = startProbes(ctx, {
    target: options.target,
    account,
    live: checks.some((c) => c.check.needs.includes('live')),
    offline,
    emit,
    ...(options.client ? { client: options.client } : {}),
    ...(options.gitProgram ? { gitProgram: options.gitProgram } : {}),
  });
  const slowAfterMs = options.slowAfterMs ?? 5000;
  const ran = await Promise.all(
    checks.map((c) => scheduleCheck(ctx, c, started, { offline, slowAfterMs, emit })),
  );
  const results = settleAll(ran, checks, emit);
  const facts = await allFacts(ctx, started);
  // The report is shared (helpdesk, fleets) and plans quote the address: a password typed
  // into the URL stays here, in-process, for the probes alone.
  const shown: TargetInput =
    options.target.kind === 'url' ? { kind: 'url', url: redactPassword(options.target.url) } : options.target;
  await attachPlans(ctx, facts, shown, results);
  const findings = results.flatMap((r) => r.findings);
  const report: ScanReport = {
    schemaVersion: 1,
    tool: { name: 'codecommit-doctor', version: TOOL_VERSION },
    platform: ctx.platform,
    startedAt: startedAt.toISOString(),
    durationMs: Math.round(performance.now() - t0),
    target: shown,
    targets: facts.targets,
    checks: results,
    findings,
    summary: {
      errors: findings.filter((f) => f.severity === 'error').length,
      warnings: findings.filter((f) => f.severity === 'warning').length,
      infos: findings.filter((f) => f.severity === 'info').length,
      checksErrored: results.filter((r) => r.status === 'error').length,
    },
    ...clientOfReport(facts),
    environment: { path: pathVar(ctx.env), ...(ctx.pathOrigin ?? { source: 'process' }) },
    live: liveResult(facts, findings),
  };
  emit({ type: 'scan-finished', report });
  return report;
}
