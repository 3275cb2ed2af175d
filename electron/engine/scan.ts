import type { CheckDefinition, CheckOutcome } from './checks/check';
import { CheckError } from './checks/check';
import { LOCAL_CHECKS } from './checks';
import { ACCOUNT_CHECKS } from './checks/account-checks';
import { probeAccount } from './account/probe';
import type { EngineContext } from './context';
import type {
  CheckResult,
  Facts,
  Finding,
  ProbeName,
  Probed,
  ScanEvent,
  ScanReport,
  TargetInput,
} from './model';
import { probeAwsCli } from './probes/aws-cli';
import { probeAwsConfig } from './probes/aws-config';
import { probeGit } from './probes/git';
import { probeRemoteCodecommit } from './probes/remote-codecommit';
import { probeSsh } from './probes/ssh';
import { probeStores } from './platform';
import { planFixes } from './fixes/planner';
import { resolveDirTargets, resolveMachineTargets, resolveUrlTarget, type ResolvedTargets } from './targets';
import { redactPassword } from './target';
import { TOOL_VERSION } from './version';

export interface ScanOptions {
  target: TargetInput;
  /** Skip everything that needs the network (the AWS account phase). */
  offline?: boolean;
  onEvent?: (event: ScanEvent) => void;
  /** After this long a running check gets a "still running" notice. */
  slowAfterMs?: number;
  checks?: readonly CheckDefinition[];
}

const OFFLINE_REASON = '--offline: AWS was not contacted';

const NOT_YET: Probed<never> = { ok: false, error: 'not collected', timedOut: false, durationMs: 0 };

async function timed<T>(run: () => Promise<T>): Promise<Probed<T>> {
  const started = performance.now();
  try {
    const value = await run();
    return { ok: true, value, durationMs: Math.round(performance.now() - started) };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return {
      ok: false,
      error: message,
      timedOut: /timed out/i.test(message),
      durationMs: Math.round(performance.now() - started),
    };
  }
}

function valueOf<T>(p: Probed<T>): T | undefined {
  return p.ok ? p.value : undefined;
}

/** Helper programs (`aws` or absolute paths) that credential.helper values start. */
function awsPrograms(git: Probed<import('./model').GitFacts>): string[] {
  const programs = new Set<string>(['aws']);
  if (!git.ok) return [...programs];
  for (const e of git.value.config) {
    if (!/^credential\.(.*\.)?helper$/.test(e.key) || !e.value?.startsWith('!')) continue;
    const m = /^!\s*(?:"([^"]+)"|'([^']+)'|(\S+))\s+(?:.*\s)?codecommit\s+credential-helper/.exec(e.value);
    const program = m?.[1] ?? m?.[2] ?? m?.[3];
    if (program) programs.add(program);
  }
  return [...programs];
}

function statusOf(findings: Finding[]): CheckResult['status'] {
  if (findings.some((f) => f.severity === 'error')) return 'fail';
  if (findings.some((f) => f.severity === 'warning')) return 'warn';
  return 'pass';
}

function runCheck(check: CheckDefinition, facts: Facts, started: number): CheckResult {
  const base = { id: check.id, title: check.title };
  const durationMs = () => Math.round(performance.now() - started);
  let outcome: CheckOutcome;
  try {
    outcome = check.run(facts);
  } catch (e) {
    const message =
      e instanceof CheckError
        ? e.message
        : `This check failed unexpectedly: ${(e as Error)?.message ?? String(e)}`;
    return { ...base, status: 'error', durationMs: durationMs(), findings: [], message };
  }
  if ('skipped' in outcome)
    return { ...base, status: 'skipped', durationMs: durationMs(), findings: [], message: outcome.skipped };
  if ('message' in outcome) {
    return {
      ...base,
      status: statusOf(outcome.findings),
      durationMs: durationMs(),
      findings: outcome.findings,
      message: outcome.message,
    };
  }
  return { ...base, status: statusOf(outcome), durationMs: durationMs(), findings: outcome };
}

/**
 * Runs every probe in parallel (a probe waits only for the facts it truly needs), then
 * each check as soon as its probes are in. Emits progress events for the CLI and the app.
 */
export async function runScan(ctx: EngineContext, options: ScanOptions): Promise<ScanReport> {
  const startedAt = ctx.now();
  const t0 = performance.now();
  const emit = options.onEvent ?? (() => undefined);
  const checks = options.checks ?? [...LOCAL_CHECKS, ...ACCOUNT_CHECKS];
  emit({ type: 'scan-started', checks: checks.map((c) => ({ id: c.id, title: c.title })) });

  const probeDone = <T>(name: ProbeName, p: Promise<Probed<T>>): Promise<Probed<T>> =>
    p.then((r) => {
      emit({ type: 'probe-finished', probe: name, ok: r.ok, durationMs: r.durationMs });
      return r;
    });

  const dir = options.target.kind === 'dir' ? options.target.path : undefined;
  const git = probeDone(
    'git',
    timed(() => probeGit(ctx, { dir })),
  );
  const gitValue = git.then(valueOf);
  const awsConfig = probeDone(
    'awsConfig',
    timed(() => probeAwsConfig(ctx)),
  );
  const stores = probeDone(
    'stores',
    timed(() => probeStores(ctx, gitValue)),
  );
  const remoteCodecommit = probeDone(
    'remoteCodecommit',
    timed(() => probeRemoteCodecommit(ctx)),
  );
  const awsCli = probeDone(
    'awsCli',
    git.then((g) => timed(() => probeAwsCli(ctx, awsPrograms(g)))),
  );

  const resolved: Promise<ResolvedTargets> = (async () => {
    switch (options.target.kind) {
      case 'url':
        return resolveUrlTarget(options.target.url);
      case 'dir':
        return resolveDirTargets(await gitValue);
      case 'machine':
        return resolveMachineTargets(await gitValue, valueOf(await stores), valueOf(await awsConfig));
    }
  })();
  const ssh = probeDone(
    'ssh',
    resolved.then(({ targets }) =>
      timed(() =>
        probeSsh(ctx, [
          ...new Set(
            targets.filter((t) => t.transport === 'ssh' && t.hostname).map((t) => t.hostname as string),
          ),
        ]),
      ),
    ),
  );

  // The AWS account phase: only when a check asks for it, never with --offline.
  const wantsAccount = !options.offline && checks.some((c) => c.needs.includes('account'));
  const account: Promise<Probed<import('./model').AccountFacts>> = wantsAccount
    ? probeDone(
        'account',
        Promise.all([resolved, gitValue, awsConfig]).then(([{ targets }, g, a]) =>
          timed(() => probeAccount(ctx, { targets, git: g, awsConfig: valueOf(a) })),
        ),
      )
    : Promise.resolve({
        ok: false,
        error: options.offline ? OFFLINE_REASON : 'not collected',
        timedOut: false,
        durationMs: 0,
      });

  const probes: Record<ProbeName, Promise<Probed<unknown>>> = {
    git,
    awsConfig,
    stores,
    remoteCodecommit,
    awsCli,
    ssh,
    account,
  };
  const slowAfterMs = options.slowAfterMs ?? 5000;

  const results = await Promise.all(
    checks.map(async (check) => {
      const started = performance.now();
      emit({ type: 'check-started', id: check.id, title: check.title });
      const slow = setTimeout(
        () =>
          emit({
            type: 'check-slow',
            id: check.id,
            title: check.title,
            elapsedMs: Math.round(performance.now() - started),
          }),
        slowAfterMs,
      );
      slow.unref?.();
      if (options.offline && check.needs.includes('account')) {
        clearTimeout(slow);
        const result: CheckResult = {
          id: check.id,
          title: check.title,
          status: 'skipped',
          durationMs: 0,
          findings: [],
          message: OFFLINE_REASON,
        };
        emit({ type: 'check-finished', result });
        return result;
      }
      const [{ targets, urlProblems }, ...needed] = await Promise.all([
        resolved,
        ...check.needs.map((n) => probes[n]),
      ]);
      clearTimeout(slow);
      const facts: Facts = {
        platform: ctx.platform,
        targets,
        urlProblems,
        git: NOT_YET,
        awsCli: NOT_YET,
        awsConfig: NOT_YET,
        stores: NOT_YET,
        ssh: NOT_YET,
        remoteCodecommit: NOT_YET,
        account: NOT_YET,
      };
      // Only the probes a check declared are filled in: a check cannot read what it did not wait for.
      check.needs.forEach((n, i) => Object.assign(facts, { [n]: needed[i] }));
      const result = runCheck(check, facts, started);
      emit({ type: 'check-finished', result });
      return result;
    }),
  );

  const { targets, urlProblems } = await resolved;
  const [gitP, awsCliP, awsConfigP, storesP, sshP, grcP, accountP] = await Promise.all([
    git,
    awsCli,
    awsConfig,
    stores,
    ssh,
    remoteCodecommit,
    account,
  ]);
  const facts: Facts = {
    platform: ctx.platform,
    targets,
    urlProblems,
    git: gitP,
    awsCli: awsCliP,
    awsConfig: awsConfigP,
    stores: storesP,
    ssh: sshP,
    remoteCodecommit: grcP,
    account: accountP,
  };
  // Plans are attached after every check is in: a plan may need facts no single check read.
  try {
    // One planning pass over every finding (the planner reads config files once), then the
    // planned findings go back to the checks they came from, in order.
    const planned = await planFixes(
      { ctx, facts, target: options.target },
      results.flatMap((r) => r.findings),
    );
    let at = 0;
    for (const r of results) {
      r.findings = planned.slice(at, at + r.findings.length);
      at += r.findings.length;
    }
  } catch {
    // A planner bug must not hide the diagnosis: the findings stay, without fix offers.
  }
  const findings = results.flatMap((r) => r.findings);
  const report: ScanReport = {
    schemaVersion: 1,
    tool: { name: 'codecommit-doctor', version: TOOL_VERSION },
    platform: ctx.platform,
    startedAt: startedAt.toISOString(),
    durationMs: Math.round(performance.now() - t0),
    // The report is shared (helpdesk, fleets): a password typed into the URL stays here.
    target:
      options.target.kind === 'url'
        ? { kind: 'url', url: redactPassword(options.target.url) }
        : options.target,
    targets,
    checks: results,
    findings,
    summary: {
      errors: findings.filter((f) => f.severity === 'error').length,
      warnings: findings.filter((f) => f.severity === 'warning').length,
      infos: findings.filter((f) => f.severity === 'info').length,
      checksErrored: results.filter((r) => r.status === 'error').length,
    },
  };
  emit({ type: 'scan-finished', report });
  return report;
}
