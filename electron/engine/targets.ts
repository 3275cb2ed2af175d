import { parseCodeCommitHost, standardHostFor } from './codecommit-host';
import type { AwsConfigFacts, GitFacts, RemoteTarget, StoreFacts, TargetInput, UrlProblem } from './model';
import { parseRemoteUrl, type ParsedRemote } from './target';

export interface ResolvedTargets {
  targets: RemoteTarget[];
  urlProblems: UrlProblem[];
}

function isProblem(x: ParsedRemote | UrlProblem): x is UrlProblem {
  return 'code' in x && 'reason' in x;
}

interface Collected {
  targets: ParsedRemote[];
  urlProblems: UrlProblem[];
}

function collect(inputs: { url: string; source: string; remote?: string }[]): Collected {
  const targets: ParsedRemote[] = [];
  const urlProblems: UrlProblem[] = [];
  for (const { url, source, remote } of inputs) {
    const r = parseRemoteUrl(url, source);
    if (isProblem(r)) urlProblems.push(r);
    else targets.push(remote ? { ...r, remote } : r);
  }
  return { targets, urlProblems };
}

/** Each target of a scan gets its key here, once its list is final. */
function keyed(targets: ParsedRemote[], urlProblems: UrlProblem[]): ResolvedTargets {
  return { targets: targets.map((t, i) => ({ key: `target-${i + 1}` as const, ...t })), urlProblems };
}

/** `remote.<name>.url` entries of the repository's own config. */
export function remotesOf(git: GitFacts): { name: string; url: string }[] {
  return git.config
    .filter(
      (e) => (e.scope === 'local' || e.scope === 'worktree') && /^remote\..+\.url$/.test(e.key) && e.value,
    )
    .map((e) => ({ name: e.key.slice('remote.'.length, -'.url'.length), url: e.value as string }));
}

export function resolveUrlTarget(url: string): ResolvedTargets {
  const { targets, urlProblems } = collect([{ url, source: 'address given' }]);
  return keyed(targets, urlProblems);
}

export function resolveDirTargets(git: GitFacts | undefined): ResolvedTargets {
  if (!git) return { targets: [], urlProblems: [] };
  const remotes = remotesOf(git);
  const resolved = collect(
    remotes.map((r) => ({ url: r.url, source: `remote "${r.name}"`, remote: r.name })),
  );
  // A folder with GitHub and CodeCommit remotes is normal: only CodeCommit ones are ours.
  return keyed(
    resolved.targets,
    resolved.targets.length > 0
      ? resolved.urlProblems.filter((p) => p.code !== 'url-not-codecommit')
      : resolved.urlProblems,
  );
}

/**
 * Machine-wide: every CodeCommit host named in git settings or password stores. With none
 * at all, the standard host of the default profile's region (else us-east-1) stands in, so
 * a person who has never cloned still learns whether a first clone would work.
 */
export function resolveMachineTargets(
  git: GitFacts | undefined,
  stores: StoreFacts | undefined,
  aws: AwsConfigFacts | undefined,
): ResolvedTargets {
  const hosts = new Map<string, string>();
  const add = (hostPort: string, source: string) => {
    const hostname = hostPort.replace(/:\d+$/, '');
    if (parseCodeCommitHost(hostname) && !hosts.has(hostPort.toLowerCase()))
      hosts.set(hostPort.toLowerCase(), source);
  };
  for (const e of git?.config ?? []) {
    const m = /^credential\.https:\/\/([^/]+?)(?:\/.*)?\.[a-z]+$/i.exec(e.key);
    if (m?.[1] && !m[1].includes('*'))
      add(m[1].replace(/^[^@]*@/, ''), `git settings (${e.origin || e.originType})`);
  }
  for (const s of stores?.stores ?? []) {
    for (const e of s.entries) add(e.port ? `${e.hostname}:${e.port}` : e.hostname, `saved password`);
  }
  const remoteTargets = git
    ? collect(remotesOf(git).map((r) => ({ url: r.url, source: `remote "${r.name}"` }))).targets
    : [];
  const inputs = [...hosts].map(([hostPort, source]) => ({ url: `https://${hostPort}/v1/repos/`, source }));
  if (inputs.length === 0 && remoteTargets.length === 0) {
    const region =
      aws?.profiles.find((p) => p.name === (aws.envProfile ?? 'default'))?.region ??
      aws?.envRegion ??
      'us-east-1';
    const host = parseCodeCommitHost(standardHostFor(region))
      ? standardHostFor(region)
      : standardHostFor('us-east-1');
    inputs.push({ url: `https://${host}/v1/repos/`, source: 'standard host (nothing cloned yet)' });
  }
  return keyed([...remoteTargets, ...collect(inputs).targets], []);
}

export function describeTarget(input: TargetInput): string {
  switch (input.kind) {
    case 'url':
      return input.url;
    case 'dir':
      return `repository folder ${input.path}`;
    case 'machine':
      return 'this whole computer';
  }
}
