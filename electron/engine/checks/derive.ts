import { computeHelperChain } from '../helper-chain';
import { configSeenBy } from '../targets';
import type { About, ConfigEntry, Evidence, Facts, HelperChain, HelperRef, RemoteTarget } from '../model';

// Facts several checks reason about, computed once per scan.

export interface TargetChain {
  target: RemoteTarget;
  chain: HelperChain;
}

const chainCache = new WeakMap<Facts, TargetChain[]>();

/** The helper chain git builds for every HTTPS CodeCommit remote under scan. */
export function httpsChains(facts: Facts): TargetChain[] {
  const cached = chainCache.get(facts);
  if (cached) return cached;
  const config = facts.git.ok ? facts.git.value.config : [];
  const result = facts.targets
    .filter((t) => t.transport === 'https' && t.codecommit && t.matchUrl)
    .map((target) => ({
      target,
      chain: computeHelperChain(configSeenBy(target, config), target.matchUrl as string),
    }));
  chainCache.set(facts, result);
  return result;
}

export function awsHelper(chain: HelperChain): HelperRef | undefined {
  return chain.helpers.find((h) => h.kind === 'aws');
}

/** Storing helpers git asks before the AWS helper: their saved password wins. */
export function shadowingHelpers(chain: HelperChain): HelperRef[] {
  const awsAt = chain.helpers.findIndex((h) => h.kind === 'aws');
  if (awsAt < 0) return [];
  return chain.helpers.slice(0, awsAt).filter((h) => h.storing);
}

export function helperEvidence(chain: HelperChain): Evidence[] {
  return chain.helpers.map((h, i) => ({
    kind: 'helper' as const,
    position: i + 1,
    value: h.value,
    helperKind: h.kind,
    scope: h.entry.scope,
    file: h.entry.origin || h.entry.originType,
  }));
}

export function configEvidence(e: ConfigEntry): Evidence {
  return {
    kind: 'config',
    scope: e.scope,
    file: e.origin || e.originType,
    key: e.key,
    value: e.value,
    order: e.order,
  };
}

/** The remote a finding is about (planners join on the key, never on display text). */
export function targetOf(facts: Facts, about: About | undefined): RemoteTarget | undefined {
  return about?.kind === 'remote' ? facts.targets.find((t) => t.key === about.key) : undefined;
}

/** The helper chain of the HTTPS remote a finding is about. */
export function chainOf(facts: Facts, about: About | undefined): TargetChain | undefined {
  return about?.kind === 'remote' ? httpsChains(facts).find((c) => c.target.key === about.key) : undefined;
}

export function aboutRemote(target: RemoteTarget): About {
  return { kind: 'remote', key: target.key };
}
