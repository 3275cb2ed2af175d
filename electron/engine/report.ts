import type { JournalEntrySummary } from './fixes/journal';
import { describePathOrigin } from './login-shell-env';
import type { Finding, FixOffer, LiveResult, ScanReport, TargetInput } from './model';
import { describeEvidence, SEVERITY_WORD, STATUS_GLYPH, statusWordOf } from '../shared/present';
import { maskSessionTokens, scrubUrls, escapeRegExp } from '../shared/redact';
import { iamNamesIn, storySection, type ReportStory } from './report-story';
import { clientSummary } from '../shared/client-summary';

// The report a user pastes into a helpdesk ticket. It is built only from the scan report
// and the fix journal's summaries: never from the environment (GCM `diagnose` dumps every
// environment variable into its log, tokens included — the anti-pattern avoided here).
// Secret-looking text is scrubbed whatever the user chose; the redaction options only add
// placeholders for things that identify a person or an account.

export interface Redaction {
  hideAccounts: boolean;
  hideHome: boolean;
  hideRepoNames: boolean;
}

export interface RenderOptions {
  home: string;
  history?: JournalEntrySummary[];
  /** What happened in this session: the first findings, the fixes, before → after (report-story.ts). */
  story?: ReportStory;
}

export type ReportFormat = 'markdown' | 'json';

// ── Secrets (always) ─────────────────────────────────────────────────────────

// Each rule is applied to every string; order matters (the signed password before the
// generic long-token rule so it keeps its own label).
const SECRET_RULES: [RegExp, string][] = [
  // The AWS credential helper's output and ~/.aws/credentials lines.
  [
    /\b(aws_secret_access_key|aws_session_token|aws_security_token|secret_access_key|session_token)(["']?\s*[=:]\s*["']?)[^\s"',]+/gi,
    '$1$2<redacted>',
  ],
  // `=` only: prose such as "asks for a password: …" must stay readable.
  [/\b(password|passwd)(\s*=\s*)[^\s"',]+/gi, '$1$2<redacted>'],
  // The SSO and `aws login` token caches (JSON): every token, client secret and key in them,
  // whatever its shape (a JWT's dotted parts fall under the length rules below).
  [
    /("(?:accessToken|refreshToken|clientSecret|idToken|dpopKey|secretAccessKey|sessionToken)"\s*:\s*")(?:[^"\\]|\\.)*"/g,
    '$1<redacted>"',
  ],
  [/((?:proxy-)?authorization:\s*)\S.*/gi, '$1<redacted>'],
  // The helper's `username=AKIA…%<session token>` form (visible under GIT_TRACE).
  [/(username\s*=[^%\s]*%)\S+/gi, '$1<redacted>'],
  // CodeCommit's SigV4 git password: `<yyyymmdd>T<hhmmss>Z<64 hex>` (botocore's signer
  // output as used by `aws codecommit credential-helper`).
  [/\d{8}T\d{6}Z[0-9a-f]{64}/gi, '<redacted-signature>'],
  // STS session tokens: long base64 (IQoJb3JpZ2lu…, FwoGZXIvYXdz…), far longer than any path part.
  [/[A-Za-z0-9/+]{100,}={0,2}/g, '<redacted-token>'],
  // A secret access key's shape: exactly 40 base64 characters with upper, lower and digit
  // (which a git SHA, all lower-case hex, and a plain path never have together).
  [
    /(?<![A-Za-z0-9/+=])(?=[A-Za-z0-9/+]{0,39}[A-Z])(?=[A-Za-z0-9/+]{0,39}[a-z])(?=[A-Za-z0-9/+]{0,39}[0-9])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g,
    '<redacted-secret>',
  ],
];

/** Removes anything that looks like a password, secret key, session token or signed git password. */
export function redactSecrets(text: string): string {
  // A password in a URL's user info, whatever it holds (git prints addresses as given), and
  // a session token in a user name anywhere (a Credential Manager target, an account).
  return redactSecretShapes(maskSessionTokens(scrubUrls(text, '<redacted>'), '<redacted>'));
}

/** The rules above alone (a signed password, a token, a secret key by its shape), for text already scrubbed otherwise. */
export function redactSecretShapes(text: string): string {
  let out = text;
  for (const [re, replacement] of SECRET_RULES) out = out.replace(re, replacement);
  return out;
}

// ── Identifying details (on request) ─────────────────────────────────────────

// User names too generic to replace as words without wrecking the text (and which name
// nobody): the SSH user `git`, GitHub's token user names.
const GENERIC_USERS = new Set([
  'git',
  'aws',
  'user',
  'codecommit',
  'oauth2',
  'x-access-token',
  'token',
  'root',
]);

/**
 * How a Redactor writes what it hides. A report, for people: `~` and `<kind-N>`. A recording
 * (recording/redact.ts), for the engine to read again: an absolute home and placeholders
 * shaped like what they replace, so a replay reasons about them as it did about the originals.
 */
export interface RedactorStyle {
  /** What the home folder becomes; a path keeps its own slashes. Default `~`. */
  home?: string;
  /** The n-th placeholder of a kind (`key`, `account`, `account-id`, `repo`, `vpce`). Default `<kind-N>`. */
  placeholder?: (kind: string, n: number, value: string) => string;
}

/** Hands out stable placeholders: the same value gets the same `<kind-N>` throughout one report. */
class Placeholders {
  private readonly seen = new Map<string, string>();
  private readonly counts = new Map<string, number>();
  private readonly made = new Set<string>();
  constructor(private readonly format: NonNullable<RedactorStyle['placeholder']>) {}
  get(kind: string, value: string): string {
    const key = `${kind}\u0000${value}`;
    let p = this.seen.get(key);
    if (!p) {
      const n = (this.counts.get(kind) ?? 0) + 1;
      this.counts.set(kind, n);
      p = this.format(kind, n, value);
      this.seen.set(key, p);
      this.made.add(p);
    }
    return p;
  }
  /** Whether a text is a placeholder handed out here (never replaced a second time). */
  has(text: string): boolean {
    return this.made.has(text);
  }
}

interface Known {
  accounts: Set<string>;
  repos: Set<string>;
}

function knownNames(report: ScanReport, history: JournalEntrySummary[], story?: ReportStory): Known {
  const accounts = new Set<string>();
  const repos = new Set<string>();
  const addAccount = (a: string | undefined) => {
    if (a && a.length >= 3 && !GENERIC_USERS.has(a.toLowerCase())) accounts.add(a);
  };
  for (const t of report.targets) {
    addAccount(t.user);
    addAccount(t.rawUser);
    if (t.repo) repos.add(t.repo);
  }
  for (const f of report.findings) {
    for (const e of f.evidence) if (e.kind === 'store-entry') addAccount(e.entry.account);
    for (const o of f.fixes)
      for (const s of o.steps) if (s.type === 'delete-credential') addAccount(s.entry.account);
  }
  void history;
  for (const name of iamNamesIn(report, story)) addAccount(name);
  return { accounts, repos };
}

export class Redactor {
  private readonly places: Placeholders;
  private readonly homeAs: string;
  private readonly homeRe: RegExp | undefined;
  private readonly accountRe: RegExp | undefined;
  private readonly repoRe: RegExp | undefined;

  constructor(
    private readonly redaction: Redaction,
    home: string,
    known: Known,
    style: RedactorStyle = {},
  ) {
    this.places = new Placeholders(style.placeholder ?? ((kind, n) => `<${kind}-${n}>`));
    this.homeAs = style.home ?? '~';
    const homes = new Set<string>();
    if (home && home.length > 1) {
      homes.add(home);
      homes.add(home.replace(/\\/g, '/'));
      homes.add(home.replace(/\//g, '\\'));
    }
    if (redaction.hideHome && homes.size > 0) {
      // Windows paths are case-insensitive, and git prints C:/Users/… as often as C:\Users\….
      const alts = [...homes].sort((a, b) => b.length - a.length).map(escapeRegExp);
      this.homeRe = new RegExp(
        `(?:${alts.join('|')})(?=[\\\\/]|$|[^A-Za-z0-9_.-])`,
        /^[A-Za-z]:/.test(home) ? 'gi' : 'g',
      );
    }
    if (known.accounts.size > 0) {
      const alts = [...known.accounts].sort((a, b) => b.length - a.length).map(escapeRegExp);
      this.accountRe = new RegExp(`(?<![A-Za-z0-9_.-])(?:${alts.join('|')})(?![A-Za-z0-9_-])`, 'g');
    }
    if (known.repos.size > 0) {
      const alts = [...known.repos].sort((a, b) => b.length - a.length).map(escapeRegExp);
      this.repoRe = new RegExp(`(?<![A-Za-z0-9_.-])(?:${alts.join('|')})(?![A-Za-z0-9_-])`, 'g');
    }
  }

  text(input: string): string {
    let out = redactSecrets(input);
    if (this.homeRe)
      out = out.replace(this.homeRe, (m) =>
        m.includes('/') ? this.homeAs.replace(/\\/g, '/') : this.homeAs.replace(/\//g, '\\'),
      );
    if (this.redaction.hideAccounts) out = this.accounts(out);
    if (this.redaction.hideRepoNames) out = this.repos(out);
    return out;
  }

  private accounts(text: string): string {
    let out = text
      // Access key IDs: long-term (AKIA), temporary (ASIA), and SSH public key IDs (APKA).
      .replace(/\b(?:AKIA|ASIA|APKA)[A-Z0-9]{16}\b/g, (m) => this.places.get('key', m))
      // HTTPS Git credentials' user names: `<iam-user>-at-<account id>`.
      .replace(/[A-Za-z0-9_+=,.@-]+-at-\d{12}\b/g, (m) => this.places.get('account', m))
      // A user name in a URL: scheme://user@ or scheme://user:…@
      .replace(
        /([a-z][a-z0-9+.-]*:\/\/)([^\s/:@<>]+)(?=(?::[^\s/@]*)?@)/gi,
        (_m, scheme: string, user: string) =>
          GENERIC_USERS.has(user.toLowerCase()) || this.places.has(user)
            ? `${scheme}${user}`
            : `${scheme}${this.places.get('account', user)}`,
      );
    if (this.accountRe) out = out.replace(this.accountRe, (m) => this.places.get('account', m));
    // 12-digit AWS account IDs (in ARNs, role names, user names).
    out = out.replace(/(?<!\d)\d{12}(?!\d)/g, (m) => this.places.get('account-id', m));
    return out;
  }

  private repos(text: string): string {
    let out = text
      .replace(
        /(\/v1\/repos\/)([^\s/?#"'`<>]+)/g,
        (_m, pre: string, name: string) => `${pre}${this.places.get('repo', name)}`,
      )
      .replace(
        /(codecommit:(?::[a-z0-9-]+:)?\/\/(?:[^\s/@]+@)?)([^\s/?#"'`<>]+)/gi,
        (_m, pre: string, name: string) =>
          name.startsWith('<') || this.places.has(name)
            ? `${pre}${name}`
            : `${pre}${this.places.get('repo', name)}`,
      )
      // VPC endpoint IDs in host names name a customer's network.
      .replace(/\bvpce-[0-9a-z]+(?:-[0-9a-z]+)?(?=\.git-codecommit)/gi, (m) => this.places.get('vpce', m));
    if (this.repoRe) out = out.replace(this.repoRe, (m) => this.places.get('repo', m));
    return out;
  }

  /** Deep copy with every string (keys untouched: they are the schema's) redacted. */
  value<T>(v: T): T {
    return mapStrings(v, (s) => this.text(s));
  }
}

/** A deep copy of `v` with `f` applied to every string in it (object keys are kept). */
export function mapStrings<T>(v: T, f: (s: string) => string): T {
  if (typeof v === 'string') return f(v) as T;
  if (Array.isArray(v)) return v.map((x) => mapStrings(x, f) as unknown) as T;
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = mapStrings(x, f);
    return out as T;
  }
  return v;
}

/**
 * The Redactor a report of `report` gets: every string through `text` or `value`, with the
 * user names and repositories the report names hidden as `redaction` says. One instance
 * gives one value the same placeholder throughout.
 */
export function createRedactor(
  redaction: Redaction,
  home: string,
  report: ScanReport,
  style: RedactorStyle = {},
): Redactor {
  return new Redactor(redaction, home, knownNames(report, []), style);
}

// ── Markdown ─────────────────────────────────────────────────────────────────

/** A Markdown code span that survives backticks in the value. */
function code(s: string): string {
  const oneLine = s.replace(/\r?\n/g, ' ⏎ ');
  const longest = Math.max(0, ...(oneLine.match(/`+/g) ?? []).map((m) => m.length));
  const fence = '`'.repeat(longest + 1);
  const pad = oneLine.startsWith('`') || oneLine.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${oneLine}${pad}${fence}`;
}

function targetLine(t: TargetInput): string {
  switch (t.kind) {
    case 'url':
      return `the address ${code(t.url)}`;
    case 'dir':
      return `the repository folder ${code(t.path)}`;
    case 'machine':
      return t.region ? `this whole computer (Region ${code(t.region)})` : 'this whole computer';
  }
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function offerLine(o: FixOffer): string {
  const traits = [
    o.kind === 'fix' ? 'fix' : 'suggestion (applied only if you choose it)',
    o.reversible ? 'can be undone' : 'cannot be undone',
    ...(o.needsAdmin ? ['needs administrator rights'] : []),
    ...(o.applicable ? [] : ['to do yourself']),
  ];
  const lines = [`- **${o.title}** — ${traits.join(', ')}`, `  ${o.description}`];
  if (o.warning) lines.push(`  ⚠ ${o.warning}`);
  return lines.join('\n');
}

function findingBlock(f: Finding, i: number): string {
  const lines = [`### ${i + 1}. ${SEVERITY_WORD[f.severity]}: ${f.title}`, ''];
  lines.push(
    `Code: ${code(f.code)}${f.subject ? ` · About: ${code(f.subject)}` : ''}`,
    '',
    f.explanation,
    '',
  );
  if (f.evidence.length > 0) {
    lines.push('Evidence:', '');
    for (const e of f.evidence) lines.push(`- ${code(describeEvidence(e))}`);
    lines.push('');
  }
  if (f.docsUrl) lines.push(`Documentation: <${f.docsUrl}>`, '');
  if (f.fixes.length > 0) {
    lines.push('Fixes offered:', '');
    for (const o of f.fixes) lines.push(offerLine(o));
    lines.push('');
  }
  return lines.join('\n');
}

function historyBlock(history: JournalEntrySummary[]): string {
  const lines = ['## Fixes applied on this computer', ''];
  if (history.length === 0) return [...lines, 'None.', ''].join('\n');
  for (const h of history) {
    lines.push(
      `- ${h.createdAt} — **${h.title}**${h.findingCode ? ` (${code(h.findingCode)})` : ''}: ${h.state}`,
    );
    for (const s of h.steps)
      lines.push(`  - ${s.state}: ${s.description}${s.reversible ? '' : ' (cannot be undone)'}`);
  }
  lines.push('');
  return lines.join('\n');
}

/** The report opens with what git says right now (or that the clone was not tried). */
function liveBlock(live: LiveResult | undefined): string {
  if (!live) return '';
  const lines = ['## Right now', '', live.tried ? live.headline : `${live.headline}.`, ''];
  const v = live.verdict;
  if (live.tried && live.target) lines.push(`- Address tried: ${code(live.target)}`);
  if (live.answeredBy) lines.push(`- Credential helper: ${live.answeredBy}`);
  if (v && !v.ok) {
    const by = live.explainedBy ?? [];
    lines.push(
      by.length > 0
        ? `- Explained by: ${by.map(code).join(', ')}`
        : `- Nothing the doctor checks explains it (see ${code('unexplained-failure')}).`,
    );
    if (v.detail) lines.push(`- git says: ${code(v.detail)}`);
    if (v.nextStep) lines.push(`- Next step: ${v.nextStep}`);
  }
  lines.push('');
  return lines.join('\n');
}

/** The client the user clones with: its git, the settings files that git read, and why it fails. */
function clientBlock(report: ScanReport): string {
  const lines = clientSummary(report);
  if (lines.length === 0) return '';
  const out = ['## Your Git client', ''];
  for (const l of lines) out.push(`- ${l.label}: ${l.path !== undefined ? code(l.path) : (l.text ?? '')}`);
  out.push('');
  return out.join('\n');
}

function noFindings(live: LiveResult | undefined): string {
  if (live?.tried && live.verdict?.ok) return 'Nothing wrong was found.';
  if (live?.tried) return 'No finding says why the clone fails.';
  return "Nothing wrong was found in this computer's settings — the clone itself was not tried.";
}

function redactionNote(r: Redaction): string {
  const hidden = [
    ...(r.hideHome ? ['the home folder (shown as ~)'] : []),
    ...(r.hideAccounts
      ? ['account names (IAM user names, user names in addresses), access key IDs and account IDs']
      : []),
    ...(r.hideRepoNames ? ['repository names'] : []),
  ];
  return [
    '## About this report',
    '',
    `Hidden: ${hidden.length > 0 ? hidden.join('; ') : 'nothing beyond secrets'}. Passwords, secret keys and tokens are always removed; no environment variable is included but PATH (where programs were looked for).`,
    '',
  ].join('\n');
}

function markdown(
  report: ScanReport,
  redaction: Redaction,
  history: JournalEntrySummary[] | undefined,
  story?: ReportStory,
): string {
  const s = report.summary;
  const parts: string[] = [
    '# CodeCommit Doctor report',
    '',
    `- Tool: ${report.tool.name} ${report.tool.version}`,
    `- Platform: ${report.platform}`,
    `- Scanned: ${report.startedAt} (took ${(report.durationMs / 1000).toFixed(1)} s)`,
    `- Checked: ${targetLine(report.target)}`,
    // A helpdesk must never mistake another computer's replayed scan for this one's.
    ...replayLines(report),
    ...(report.environment
      ? [
          `- Programs looked for in: ${code(report.environment.path)} (PATH from ${describePathOrigin(report.environment)})`,
        ]
      : []),
    '',
    liveBlock(report.live),
    clientBlock(report),
    '## Summary',
    '',
    `${plural(s.errors, 'problem', 'problems')}, ${plural(s.warnings, 'warning', 'warnings')}, ${plural(s.infos, 'note', 'notes')}` +
      (s.checksErrored > 0 ? `; ${plural(s.checksErrored, 'check', 'checks')} could not run.` : '.'),
    '',
    ...(story ? [storySection(story, report, code)] : []),
  ];
  if (report.targets.length > 0) {
    parts.push('## Remotes', '');
    for (const t of report.targets) parts.push(`- ${code(t.display)} (${t.source})`);
    parts.push('');
  }
  parts.push('## Checks', '');
  for (const c of report.checks) {
    parts.push(
      `- ${STATUS_GLYPH[c.status]} ${c.title} — ${statusWordOf(c)}${c.message ? `: ${c.message}` : ''}`,
    );
  }
  parts.push('', '## Findings', '');
  if (report.findings.length === 0) parts.push(noFindings(report.live), '');
  report.findings.forEach((f, i) => parts.push(findingBlock(f, i)));
  if (history) parts.push(historyBlock(history));
  parts.push(redactionNote(redaction));
  return parts.join('\n');
}

// ── Entry point ──────────────────────────────────────────────────────────────

/**
 * The shareable report: Markdown for a ticket, or JSON for a script. Redaction runs over
 * every string of the report (not over the finished text), so JSON stays valid JSON.
 */
function replayLines(report: ScanReport): string[] {
  const r = report.replay;
  if (!r) return [];
  return [
    `- Replayed: a recording made ${r.recordedAt} with codecommit-doctor ${r.recordedWith}; nothing on this computer was read, and no fix can be applied from it`,
    ...(r.notRecorded.length ? [`- Not in the recording: ${r.notRecorded.join('; ')}`] : []),
  ];
}

export function renderReport(
  report: ScanReport,
  format: ReportFormat,
  redaction: Redaction,
  opts: RenderOptions,
): string {
  const history = opts.history;
  const r = new Redactor(redaction, opts.home, knownNames(report, history ?? [], opts.story));
  const safeReport = r.value(report);
  const safeHistory = history ? r.value(history) : undefined;
  const story = opts.story ? r.value(opts.story) : undefined;
  if (format === 'json') {
    return `${JSON.stringify({ redaction, report: safeReport, ...(safeHistory ? { history: safeHistory } : {}), ...(story ? { story } : {}) }, null, 2)}\n`;
  }
  // Markdown is assembled from already-redacted strings, then scrubbed once more as a whole
  // in case two harmless halves met to form a secret-looking run.
  return redactSecrets(markdown(safeReport, redaction, safeHistory, story));
}
