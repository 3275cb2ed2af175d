import type { VerifyOutcome, Verdict } from '../fixes/verify';
import { TLS_STEP } from '../fixes/verify-next-step';
import { advice } from '../fixes/offer';
import { remoteUrlOffer } from '../fixes/remote-url-offer';
import type {
  Evidence,
  Facts,
  Finding,
  FindingCode,
  FixOffer,
  LiveFacts,
  LiveResult,
  RemoteTarget,
} from '../model';
import type { CheckDefinition, CheckOutcome, FindingDraft, PlanContext } from './check';
import { found, need, notRun } from './check';
import { helperEvidence, httpsChains, targetOf } from './derive';
import { DOCS } from './docs';

// The live check (`git ls-remote`, as a clone runs it) as a check: the report opens with it.
// A failure is either a connection the network refused (its own finding, with the next
// step), or one another check's finding explains, or — when none does — `unexplained-failure`,
// carrying what a helpdesk needs to look further. Never "no problems found" while it fails.

type Code =
  'unexplained-failure' | 'connection-tls' | 'connection-dns' | 'connection-proxy' | 'connection-blocked';
type Tried = Extract<LiveFacts, { tried: true }>;

// ── What explains a failure ──────────────────────────────────────────────────
//
// A finding explains a failed live check when (1) its severity is `error`, (2) it is about
// the address tried (its remote or host), or about no particular address (a profile, the
// computer), and (3) its cause produces what git ran into — the map below, by outcome.

/** The password git sends is stale, signed wrongly or not this identity's: CodeCommit refuses it. */
const WRONG_PASSWORD: readonly FindingCode[] = [
  'helper-shadowed',
  'client-config-helper-first',
  'aws-profile-no-region',
  'aws-credentials-expired',
  'aws-identity-unknown',
  'clock-skew',
  'git-credentials-inactive',
  'git-credentials-missing',
];
/**
 * No helper gives git a password: git asks for a user name, a helper prints its error — or,
 * when another helper has an old one saved, that one goes out and CodeCommit refuses it.
 */
const NO_PASSWORD: readonly FindingCode[] = [
  'helper-not-configured',
  'helper-usehttppath-missing',
  'scoped-section-misses-host',
  'aws-cli-not-found',
  'aws-cli-autoprompt-on',
  'aws-profile-no-credentials',
  'aws-profile-no-region',
  'aws-credentials-expired',
  'aws-identity-unknown',
  'client-replaces-helpers',
  'client-ignores-helpers',
  'client-missing-shell-environment',
];
const DENIED: readonly FindingCode[] = ['iam-gitpull-denied', 'kms-access-denied'];
const SSH: readonly FindingCode[] = [
  'ssh-config-missing',
  'ssh-user-is-not-key-id',
  'ssh-identity-file-missing',
  'ssh-key-not-uploaded',
  'ssh-key-inactive',
  'ssh-user-mismatch',
];

/** Whatever git ran into: nothing works without git, a readable address or a usable folder. */
export const EXPLAINS_ANY: readonly FindingCode[] = [
  'git-not-found',
  'dir-not-a-repository',
  'repo-dubious-ownership',
  'url-malformed',
  'url-not-codecommit',
  'url-username-needs-encoding',
];

/** Outcome → the codes whose cause produces it (besides EXPLAINS_ANY). */
export const EXPLAINS: Record<Exclude<VerifyOutcome, 'ok'>, readonly FindingCode[]> = {
  forbidden: [...WRONG_PASSWORD, ...NO_PASSWORD, ...DENIED],
  unauthorized: [...WRONG_PASSWORD, ...NO_PASSWORD],
  'username-wanted': NO_PASSWORD,
  // The helper's failure is the cause (verify.ts precedence), whatever followed it.
  'helper-error': NO_PASSWORD,
  'repo-not-found': ['repo-not-found-in-region', 'repo-found-in-other-region'],
  'remote-helper-missing': ['remote-codecommit-not-on-path'],
  'ssh-denied': SSH,
  // A helper waiting at a prompt it cannot get hangs git; the network cases are this check's own.
  timeout: ['aws-cli-autoprompt-on'],
  tls: ['connection-tls'],
  dns: ['connection-dns'],
  proxy: ['connection-proxy'],
  connect: ['connection-blocked'],
  // git-remote-codecommit prints the SDK's traceback when it cannot sign: see explainersOf.
  other: [],
};

function transportOf(facts: Facts, live: Tried): RemoteTarget['transport'] | undefined {
  return facts.targets.find((t) => t.key === live.target)?.transport;
}

/** The codes that explain this failure (EXPLAINS, plus what git-remote-codecommit signs with). */
export function explainersOf(outcome: VerifyOutcome, transport: RemoteTarget['transport'] | undefined) {
  if (outcome === 'ok') return [];
  const codes = new Set<FindingCode>([...EXPLAINS_ANY, ...EXPLAINS[outcome]]);
  if (outcome === 'timeout' && transport === 'ssh') codes.add('connection-blocked');
  if (outcome === 'other' && transport === 'codecommit')
    for (const c of [...WRONG_PASSWORD, ...NO_PASSWORD]) codes.add(c);
  return [...codes];
}

/** Whether a finding is about the address tried (or about no address in particular). */
export function concerns(f: Finding, target: RemoteTarget | undefined): boolean {
  const a = f.about;
  if (!a || !target) return true;
  switch (a.kind) {
    case 'remote':
      return a.key === target.key;
    case 'host':
      return a.hostname === target.hostname && (a.port === undefined || a.port === target.port);
    case 'profile':
    case 'address':
      return true;
  }
}

/** The codes of the findings that explain the live check's failure ([] when it did not fail). */
export function explainedBy(facts: Facts, others: readonly Finding[]): FindingCode[] {
  const live = facts.live.ok ? facts.live.value : undefined;
  if (!live?.tried || live.verdict.ok) return [];
  const codes = explainersOf(live.verdict.outcome, transportOf(facts, live));
  const target = facts.targets.find((t) => t.key === live.target);
  const by = others.filter((f) => f.severity === 'error' && codes.includes(f.code) && concerns(f, target));
  return [...new Set(by.map((f) => f.code))];
}

// ── The findings ─────────────────────────────────────────────────────────────

/** The network's own refusals: the live check itself is the evidence. */
function connectionCode(v: Verdict, transport: RemoteTarget['transport'] | undefined): Code | undefined {
  switch (v.outcome) {
    case 'tls':
      return 'connection-tls';
    case 'dns':
      return 'connection-dns';
    case 'proxy':
      return 'connection-proxy';
    case 'connect':
      return 'connection-blocked';
    case 'timeout':
      return transport === 'ssh' ? 'connection-blocked' : undefined;
    default:
      return undefined;
  }
}

/** "helper 2: !aws codecommit credential-helper $@", or why no helper answered. */
export function answeredBy(live: Tried): string {
  const a = live.activity;
  if (!a.asked)
    return 'git asked no credential helper (the server did not ask for a password, or git stopped first)';
  if (a.answered === null)
    return live.helpers.length === 0
      ? 'no credential helper is set up for this address'
      : 'no helper gave a password';
  return `helper ${a.answered + 1}: ${live.helpers[a.answered] ?? '?'}`;
}

function versions(facts: Facts): Evidence[] {
  const out: Evidence[] = [];
  if (facts.git.ok) {
    const g = facts.git.value;
    out.push({
      kind: 'program',
      name: 'git',
      path: g.executables[0]?.path ?? null,
      ...(g.version ? { version: g.version } : {}),
    });
  }
  for (const p of facts.awsCli.ok ? facts.awsCli.value.programs : []) {
    const version = p.version?.raw ?? p.versionError;
    out.push({ kind: 'program', name: p.program, path: p.resolvedPath, ...(version ? { version } : {}) });
  }
  return out;
}

/** The evidence label of the trace (the terminal shows it whole only with --verbose). */
export const TRACE_LABEL = 'Trace (GIT_TRACE, GIT_TRACE_CURL; secrets removed)';

/** What a helpdesk needs to look further: git's words, the helpers, who answered, the trace, the versions. */
function helpdeskEvidence(facts: Facts, live: Tried): Evidence[] {
  const v = live.verdict;
  const chain = httpsChains(facts).find((c) => c.target.key === live.target)?.chain;
  return [
    { kind: 'text', label: 'git says', detail: v.detail || '(nothing)' },
    ...(chain && chain.helpers.length > 0
      ? helperEvidence(chain)
      : live.helpers.map((h, i) => ({ kind: 'text' as const, label: `Helper ${i + 1}`, detail: h }))),
    { kind: 'text', label: 'Answered by', detail: answeredBy(live) },
    ...versions(facts),
    {
      kind: 'text',
      label: 'Trace (GIT_TRACE, GIT_TRACE_CURL; secrets removed)',
      detail: live.trace.join('\n') || '(empty)',
    },
  ];
}

/**
 * For TLS, from curl's lines in the trace: which certificates git trusted (the store or file
 * it read — is it the system store?) and what it made of the server's (OpenSSL also names the
 * issuer: a company CA names itself there).
 */
function certificateEvidence(live: Tried): Evidence[] {
  const lines = live.trace.filter((l) =>
    /== Info: +(?:issuer|subject|server certificate|SSL certificate|found \d+ certificates in|successfully set certificate verify locations|CAfile|CApath|schannel)/i.test(
      l,
    ),
  );
  return lines.length ? [{ kind: 'text', label: CERTIFICATES_LABEL, detail: lines.join('\n') }] : [];
}

/** The evidence label of the certificate lines of a TLS failure. */
export const CERTIFICATES_LABEL = 'Certificates (what git trusted, what the server showed)';

function draftFor(code: Code, facts: Facts, live: Tried): FindingDraft<Code> {
  const v = live.verdict;
  const base = {
    code,
    about: { kind: 'remote' as const, key: live.target },
    subject: live.display,
    detail: `Right now, git says: ${v.headline}.`,
  };
  if (code === 'unexplained-failure') return { ...base, evidence: helpdeskEvidence(facts, live) };
  return {
    ...base,
    evidence: [
      { kind: 'text', label: 'git says', detail: v.detail || v.headline },
      ...(code === 'connection-tls' ? certificateEvidence(live) : []),
    ],
  };
}

// ── Plans ────────────────────────────────────────────────────────────────────

function liveOf(facts: Facts): Tried | undefined {
  return facts.live.ok && facts.live.value.tried ? facts.live.value : undefined;
}

function nextStep(f: Finding, facts: Facts): FixOffer[] {
  const step = liveOf(facts)?.verdict.nextStep;
  if (!step) return [];
  // The helpdesk's trace is in the finding; the person in front of the screen needs only this.
  const plain =
    f.code === 'unexplained-failure'
      ? 'Send the report to your helpdesk: it shows what git did, with every password taken out.'
      : step;
  return [advice(f, 'next-step', 'What to try next', step, { plain })];
}

/** SSH cannot get out: the HTTPS form of the folder's remote (journaled, undoable), else the step. */
function httpsInstead(f: Finding, facts: Facts, pctx: PlanContext): FixOffer[] {
  const t = targetOf(facts, f.about);
  const dir = pctx.target.kind === 'dir' ? pctx.target.path : undefined;
  if (!dir || !t?.remote || t.transport !== 'ssh' || !t.codecommit || !t.repo) return nextStep(f, facts);
  const to = `https://git-codecommit.${t.codecommit.region}.amazonaws.com${t.codecommit.china ? '.cn' : ''}/v1/repos/${t.repo}`;
  return [
    remoteUrlOffer(f, {
      id: `${f.code}:use-https:${t.remote}`,
      kind: 'suggestion',
      title: `Use HTTPS for remote "${t.remote}"`,
      description: `HTTPS goes through port 443, which company networks let out; it needs the AWS helper (or HTTPS Git credentials) for ${to.split('/')[2]}.`,
      dir,
      remote: t.remote,
      from: t.display,
      to,
    }),
    ...nextStep(f, facts),
  ];
}

// ── The check ────────────────────────────────────────────────────────────────

export const liveClone: CheckDefinition<Code> = {
  title: 'Cloning right now',
  needs: ['live', 'git', 'awsCli'],
  codes: {
    'unexplained-failure': {
      severity: 'error',
      title: 'The clone fails, and nothing the doctor checks explains why',
      explanation:
        "The doctor tried the address the way a clone does (git ls-remote, password prompts off) and git failed, but none of its checks found a cause: it is somewhere the doctor cannot see — a policy it cannot read (an SCP, a VPC endpoint policy, a permissions boundary), the network, or the server. Below is what a helpdesk needs to look further: git's own message, the credential helpers and which one answered, a trace of what git did (passwords, signatures and tokens removed), and the versions of git and the AWS CLI.",
      plain:
        "The clone fails for a reason this computer's settings do not show: send the report below to your helpdesk \u2014 it holds what they need to look further, with no passwords in it.",
      docsUrl: DOCS.troubleshootHelper,
      plan: nextStep,
    },
    'connection-tls': {
      severity: 'error',
      title: 'The secure connection to CodeCommit fails',
      explanation: `git could not set up HTTPS with CodeCommit: the certificate it was shown is not one it trusts. On a company network this is usually HTTPS inspection — a proxy shows the company's own certificate. ${TLS_STEP}`,
      plain:
        "Your computer does not trust the secure connection to CodeCommit, usually because the company network inspects it: git needs to be told to trust the company's certificate.",
      docsUrl: DOCS.troubleshootHelper,
      plan: nextStep,
    },
    'connection-dns': {
      severity: 'error',
      title: 'This computer cannot find the CodeCommit host',
      explanation:
        'The name lookup for the host in the address failed, so git never reached CodeCommit: no network, a VPN that is off, a company DNS that does not know the name, or a VPC endpoint name used outside its VPC.',
      plain:
        'Your computer cannot find the CodeCommit server on the network: check that you are online and, if your company needs it, that the VPN is on.',
      docsUrl: DOCS.vpcEndpoints,
      plan: nextStep,
    },
    'connection-proxy': {
      severity: 'error',
      title: 'The proxy stops git from reaching CodeCommit',
      explanation:
        'git goes through a proxy (http.proxy, HTTPS_PROXY) and the proxy refused the connection, wants a sign-in (407), or cannot be found.',
      plain:
        "Your company's proxy stops git from reaching CodeCommit: the proxy setting or its sign-in needs fixing.",
      docsUrl: DOCS.troubleshootHelper,
      plan: nextStep,
    },
    'connection-blocked': {
      severity: 'error',
      title: 'The network does not let git reach CodeCommit',
      explanation:
        'git could not connect to CodeCommit, or nothing answered: a firewall drops the connection. Company networks often block SSH (port 22) while HTTPS (port 443) gets through.',
      plain:
        "The network blocks git's way to CodeCommit: the web (HTTPS) address usually gets through where SSH does not.",
      docsUrl: DOCS.troubleshootSsh,
      plan: httpsInstead,
    },
  },
  run(facts): CheckOutcome<Code> {
    const live = need(facts, 'live');
    if (!live.tried) return notRun(live.reason);
    const v = live.verdict;
    if (v.ok) return found([], `${worksLine(v)}.`);
    const message = `Right now, git says: ${v.short} — ${v.headline}.`;
    const own = connectionCode(v, transportOf(facts, live));
    return found([draftFor(own ?? 'unexplained-failure', facts, live)], message);
  },
  settle(outcome, others, facts): CheckOutcome<Code> {
    if (outcome.kind !== 'found' || !outcome.findings.some((f) => f.code === 'unexplained-failure'))
      return outcome;
    const by = explainedBy(facts, others);
    if (by.length === 0) return outcome;
    return {
      kind: 'found',
      findings: [],
      message: `${outcome.message ?? ''} The findings below explain it: ${by.join(', ')}.`.trim(),
      failed: true,
    };
  },
};

function worksLine(v: Verdict): string {
  return `Right now, cloning works: ${v.headline.replace(/^Works: /, '')}`;
}

/** The report's first line, and what the JSON says about the live check (ScanReport.live). */
export function liveResult(facts: Facts, findings: readonly Finding[]): LiveResult {
  if (!facts.live.ok) {
    const reason = `the live check could not run: ${facts.live.error}`;
    return { tried: false, reason, headline: `The clone itself was not tried: ${reason}` };
  }
  const live = facts.live.value;
  if (!live.tried)
    return { tried: false, reason: live.reason, headline: `The clone itself was not tried: ${live.reason}` };
  const v = live.verdict;
  return {
    tried: true,
    headline: v.ok ? worksLine(v) : `Right now, git says: ${v.short} — ${v.headline}`,
    target: live.display,
    verdict: v,
    answeredBy: answeredBy(live),
    ...(v.ok ? {} : { explainedBy: explainedBy(facts, findings) }),
  };
}
