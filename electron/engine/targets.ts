import { parseCodeCommitHost, standardHostFor } from './codecommit-host';
import type {
  AwsConfigFacts,
  ConfigEntry,
  GitFacts,
  RemoteTarget,
  StoreFacts,
  TargetInput,
  UrlProblem,
} from './model';
import type { DeclaredSubmodule } from './probes/submodules';
import { parseRemoteUrl, type ParsedRemote } from './target';

export interface ResolvedTargets {
  targets: RemoteTarget[];
  urlProblems: UrlProblem[];
  /** See Facts.noAddress. */
  noAddress?: string;
}

function isProblem(x: ParsedRemote | UrlProblem): x is UrlProblem {
  return 'code' in x && 'reason' in x;
}

interface Collected {
  targets: ParsedRemote[];
  urlProblems: UrlProblem[];
}

interface Input {
  url: string;
  source: string;
  remote?: string;
  submodule?: string;
}

function collect(inputs: Input[]): Collected {
  const targets: ParsedRemote[] = [];
  const urlProblems: UrlProblem[] = [];
  for (const { url, source, remote, submodule } of inputs) {
    const r = parseRemoteUrl(url, source);
    if (isProblem(r)) urlProblems.push(remote ? { ...r, remote } : r);
    else
      targets.push({
        ...r,
        ...(remote ? { remote } : {}),
        ...(submodule !== undefined ? { submodule } : {}),
      });
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

/**
 * submodule.c / remote.c relative_url() (git 2.39): each leading `../` drops the base's last
 * `/`-separated part (else its last `:` part, which then joins with `:`), `./` is skipped.
 */
export function resolveRelativeUrl(base: string, url: string): string {
  if (!url.startsWith('./') && !url.startsWith('../')) return url;
  let remote = base.endsWith('/') ? base.slice(0, -1) : base;
  let rest = url;
  let colon = false;
  for (;;) {
    if (rest.startsWith('../')) {
      rest = rest.slice(3);
      const slash = remote.lastIndexOf('/');
      const c = remote.lastIndexOf(':');
      if (slash >= 0) remote = remote.slice(0, slash);
      else if (c >= 0) {
        remote = remote.slice(0, c);
        colon = true;
      } else remote = '.';
    } else if (rest.startsWith('./')) rest = rest.slice(2);
    else break;
  }
  const out = `${remote}${colon ? ':' : '/'}${rest}`;
  return out.endsWith('/') ? out.slice(0, -1) : out;
}

/**
 * The URL git clones each submodule from: `submodule.<name>.url` in the folder's own settings
 * (what `git submodule init` copied there), else .gitmodules' — relative to origin's URL.
 */
function submoduleInputs(git: GitFacts, declared: readonly DeclaredSubmodule[]): Input[] {
  const local = new Map<string, string>();
  for (const e of git.config) {
    const m = /^submodule\.(.+)\.url$/.exec(e.key);
    if (m?.[1] && e.value && (e.scope === 'local' || e.scope === 'worktree')) local.set(m[1], e.value);
  }
  const origin = remotesOf(git).find((r) => r.name === 'origin')?.url;
  return declared.flatMap((s) => {
    const registered = local.get(s.name);
    const url = registered ?? (origin ? resolveRelativeUrl(origin, s.url) : s.url);
    if (!registered && !origin && /^\.\.?\//.test(s.url)) return [];
    const where = registered ? "the folder's settings" : '.gitmodules';
    return [{ url, source: `submodule "${s.name}" (${where})`, submodule: s.name }];
  });
}

export function resolveDirTargets(
  git: GitFacts | undefined,
  submodules: readonly DeclaredSubmodule[] = [],
): ResolvedTargets {
  if (!git) return { targets: [], urlProblems: [] };
  const remotes = remotesOf(git);
  const resolved = collect(
    remotes.map((r) => ({ url: r.url, source: `remote "${r.name}"`, remote: r.name })),
  );
  // Submodules elsewhere (GitHub…) are not ours; a CodeCommit-looking one that cannot be read is.
  const subs = collect(submoduleInputs(git, submodules));
  const subProblems = subs.urlProblems.filter(
    (p) => p.code !== 'url-not-codecommit' && /codecommit/i.test(p.input),
  );
  // A folder with GitHub and CodeCommit remotes is normal: only CodeCommit ones are ours.
  const remoteProblems =
    resolved.targets.length > 0 || subs.targets.length > 0
      ? resolved.urlProblems.filter((p) => p.code !== 'url-not-codecommit')
      : resolved.urlProblems;
  return keyed([...resolved.targets, ...subs.targets], [...remoteProblems, ...subProblems]);
}

/**
 * The settings git reads for a target: a submodule is cloned and fetched by a git that does
 * not read the superproject's own settings (seen with git 2.39: a helper there is not asked).
 */
export function configSeenBy(target: RemoteTarget, config: readonly ConfigEntry[]): ConfigEntry[] {
  if (target.submodule === undefined) return [...config];
  return config.filter((e) => e.scope !== 'local' && e.scope !== 'worktree');
}

/**
 * Why a check of a whole-computer scan did not run: nothing names a CodeCommit host or Region
 * (short: it follows each check's name; NO_ADDRESS_WHY says it in full once).
 */
export const NO_ADDRESS_KNOWN =
  'no CodeCommit address or AWS Region is known on this computer; give the clone address or the Region';

/** The same in full, for the top of a report. */
export const NO_ADDRESS_WHY =
  'Nothing on this computer names a CodeCommit repository or AWS Region (no CodeCommit remote, saved password or git setting, and no Region in your AWS profile or environment), so the doctor assumed none and checked no address.';

/** The Region a whole-computer scan may stand a standard host in for, and where it came from. */
function regionToUse(aws: AwsConfigFacts | undefined): { region: string; source: string } | undefined {
  if (aws?.envRegion) return { region: aws.envRegion, source: 'the AWS Region set in your environment' };
  const name = aws?.envProfile ?? 'default';
  const region = aws?.profiles.find((p) => p.name === name)?.region;
  return region ? { region, source: `the Region of AWS profile "${name}"` } : undefined;
}

/** The standard host of a Region, or a problem naming what is wrong with it. */
function regionInput(region: string, source: string): Input | UrlProblem {
  const host = standardHostFor(region);
  if (parseCodeCommitHost(host)) return { url: `https://${host}/v1/repos/`, source };
  return {
    code: 'url-malformed',
    input: region,
    reason: `"${region}" is not an AWS Region name (for example eu-west-1).`,
  };
}

/**
 * Machine-wide: every CodeCommit host named in git settings, password stores or remotes, and
 * the standard host of the Region the person gave. With none of these, the standard host of
 * the Region the AWS settings name stands in (a person who has never cloned still learns
 * whether a first clone would work); with no Region anywhere, nothing is assumed: no target,
 * and `noAddress` says why the checks that need one did not run.
 */
export function resolveMachineTargets(
  git: GitFacts | undefined,
  stores: StoreFacts | undefined,
  aws: AwsConfigFacts | undefined,
  given?: string,
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
  const inputs: Input[] = [...hosts].map(([hostPort, source]) => ({
    url: `https://${hostPort}/v1/repos/`,
    source,
  }));
  const problems: UrlProblem[] = [];
  const fallback = inputs.length === 0 && remoteTargets.length === 0 ? regionToUse(aws) : undefined;
  const region = given
    ? { region: given.trim().toLowerCase(), source: 'the Region you gave' }
    : fallback && { ...fallback, source: `standard host of ${fallback.source} (nothing cloned yet)` };
  if (region) {
    const r = regionInput(region.region, region.source);
    if ('code' in r) {
      if (given) problems.push(r);
    } else if (!hosts.has(new URL(r.url).host)) inputs.push(r);
  }
  const out = keyed([...remoteTargets, ...collect(inputs).targets], problems);
  return out.targets.length === 0 && problems.length === 0 ? { ...out, noAddress: NO_ADDRESS_KNOWN } : out;
}

/** What the live check may try: asking any other host would run that host's credential helper. */
export function isCodeCommitTarget(t: RemoteTarget): boolean {
  return t.codecommit !== undefined || t.transport === 'codecommit';
}

export function describeTarget(input: TargetInput): string {
  switch (input.kind) {
    case 'url':
      return input.url;
    case 'dir':
      return `repository folder ${input.path}`;
    case 'machine':
      return input.region ? `this whole computer (Region ${input.region})` : 'this whole computer';
  }
}
