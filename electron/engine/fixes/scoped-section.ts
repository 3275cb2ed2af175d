import { awsHelper, chainOf, type TargetChain } from '../checks/derive';
import type { PlanContext } from '../checks/check';
import { computeHelperChain } from '../helper-chain';
import type { ConfigEntry, ConfigScope, Facts, Finding, FixOffer, FixStep, RemoteTarget } from '../model';
import type { AwsHelperOptions } from './helper-command';
import { makeOffer } from './offer';
import { simulateConfig } from './steps';
import { configSeenBy } from '../targets';

// The usual cure for helper trouble: a `[credential "https://<exact host>"]` section with
// an empty `helper =` (which resets the list for that host only), the AWS helper and
// UseHttpPath = true. GitHub and every other host keep their helpers. Every such plan is
// replayed through the same helper-chain logic the diagnosis uses before it is offered.

export function hostPort(t: RemoteTarget): string {
  return `${t.hostname}${t.port ? `:${t.port}` : ''}`;
}

function gitConfig(file: string, scope: ConfigScope, op: 'add' | 'set', key: string, value: string): FixStep {
  return { type: 'git-config', op, file, scope, key, value };
}

export function scopedSectionSteps(
  file: string,
  scope: ConfigScope,
  target: RemoteTarget,
  helper: string,
): FixStep[] {
  const section = `credential.https://${hostPort(target)}`;
  return [
    gitConfig(file, scope, 'add', `${section}.helper`, ''),
    gitConfig(file, scope, 'add', `${section}.helper`, helper),
    gitConfig(file, scope, 'set', `${section}.UseHttpPath`, 'true'),
  ];
}

/** After the steps, git asks the AWS helper first for this address, and sends the path. */
export function worksAfter(config: ConfigEntry[], steps: FixStep[], target: RemoteTarget): boolean {
  const chain = computeHelperChain(
    configSeenBy(target, simulateConfig(config, steps)),
    target.matchUrl as string,
  );
  return chain.helpers[0]?.kind === 'aws' && chain.useHttpPath;
}

/** The AWS helper line for a remote: the user's own program (when it exists) and profile are kept. */
function helperLine(facts: Facts, c: TargetChain, pctx: PlanContext, over: AwsHelperOptions): string {
  const existing = awsHelper(c.chain);
  const programOk = (p: string) =>
    facts.awsCli.ok && facts.awsCli.value.programs.some((x) => x.program === p && x.resolvedPath);
  return pctx.os.awsHelperCommand({
    ...(existing?.awsProgram && existing.awsProgram !== 'aws' && programOk(existing.awsProgram)
      ? { program: existing.awsProgram }
      : {}),
    ...(existing?.awsProfile ? { profile: existing.awsProfile } : {}),
    ...over,
  });
}

interface SectionFile {
  file: string;
  scope: ConfigScope;
  /** Why the user's own settings file is not used (the repository's is, instead). */
  globalRefused?: string;
}

/**
 * Global by default; local when a repository-level helper would otherwise come after the
 * reset, or when the user's own settings file cannot be written (GIT_CONFIG_GLOBAL=/dev/null,
 * a read-only file…) and a folder was scanned. The replay below decides whether it works.
 */
function sectionFile(c: TargetChain, pctx: PlanContext): SectionFile {
  const late = c.chain.helpers.some(
    (h) => h.kind !== 'aws' && (h.entry.scope === 'local' || h.entry.scope === 'worktree'),
  );
  // A submodule's git does not read the folder's own settings: only the user's reach it.
  if (!pctx.localFile || c.target.submodule !== undefined) return { file: pctx.globalFile, scope: 'global' };
  const local = { file: pctx.localFile, scope: 'local' as const };
  if (late) return local;
  const global = pctx.writable.get(pctx.globalFile);
  if (global && !global.ok && pctx.writable.get(local.file)?.ok)
    return { ...local, globalRefused: global.reason };
  return { file: pctx.globalFile, scope: 'global' };
}

/** The section plan for the remote a finding is about, or nothing when it would not work. */
export function scopedSectionOffer(
  finding: Finding,
  facts: Facts,
  pctx: PlanContext,
  over: AwsHelperOptions = {},
  title?: string,
  plain?: string,
): FixOffer[] {
  const c = chainOf(facts, finding.about);
  if (!c || !facts.git.ok) return [];
  const { file, scope, globalRefused } = sectionFile(c, pctx);
  const line = helperLine(facts, c, pctx, over);
  const steps = scopedSectionSteps(file, scope, c.target, line);
  if (!worksAfter(facts.git.value.config, steps, c.target)) return [];
  const host = hostPort(c.target);
  return [
    makeOffer(finding, {
      id: `${finding.code}:scoped-section:${host}`,
      kind: 'fix',
      title: title ?? `Use only the AWS helper for ${host}`,
      description: `Adds a [credential "https://${host}"] section to ${scope === 'global' ? 'your git settings' : "this repository's settings"}: an empty "helper =" line so no other helper answers for this host, the AWS helper, and UseHttpPath = true. Other hosts (GitHub and the rest) keep their helpers.${globalRefused ? ` Your own settings file is not used: ${globalRefused}.` : ''}`,
      steps,
      recheck: {
        url: c.target.matchUrl as string,
        helper: line,
        // Asked where git would read it: a submodule's git does not see the folder's settings.
        ...(pctx.target.kind === 'dir' && c.target.submodule === undefined ? { cwd: pctx.target.path } : {}),
      },
      plain: plain ?? `Git will always ask AWS for a fresh password for ${c.target.hostname}.`,
      notice: 'GitHub and other sites are not affected: their saved passwords keep working.',
    }),
  ];
}
