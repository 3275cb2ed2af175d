import { describePathOrigin } from '../engine/login-shell-env';
import { TRACE_LABEL } from '../engine/checks/live-clone';
import { describeTarget, NO_ADDRESS_KNOWN, NO_ADDRESS_WHY } from '../engine/targets';
import {
  describeEvidence,
  SEVERITY_WORD,
  STATUS_GLYPH,
  STATUS_GLYPH_ASCII,
  statusWordOf,
} from '../shared/present';
import { cloneWorks, verdictLine } from '../shared/verdict';
import type { CheckResult, CheckStatus, Evidence, Finding, ScanReport, Severity } from '../engine/model';
import { kept, layout, prose, tone, type Para } from './layout';
import { closingLine } from './next-line';
import { wholePhrases } from './phrases';
import type { Tone } from './style';

export interface HumanOptions {
  verbose: boolean;
  ascii: boolean;
  /** Columns to wrap to (Infinity: never). */
  width: number;
  /** Colour and bold (only when stdout is a terminal that wants it: style.ts). */
  color?: boolean;
}

/** The live check (checks/index.ts): the report opens with what it found. */
const LIVE_CHECK = 'live-clone';

export const STATUS_TONE: Record<CheckStatus, Tone | undefined> = {
  pass: 'good',
  warn: 'warn',
  fail: 'bad',
  error: 'bad',
  skipped: 'quiet',
};

export const SEVERITY_TONE: Record<Severity, Tone> = {
  error: 'bad-strong',
  warning: 'warn-strong',
  info: 'note',
};

/** Lays out one paragraph with these options' width and colour. */
export function lay(o: HumanOptions, p: Para, indent = '', hang = indent): string[] {
  return layout(p, { width: o.width, color: o.color === true }, indent, hang);
}

/** Evidence already shown for an earlier finding (one root cause, one block): its code, by item. */
type Shown = Map<string, string>;

function evidenceLines(f: Finding, o: HumanOptions, shown: Shown): string[] {
  if (f.evidence.length === 0) return [];
  const keys = f.evidence.map((e) => JSON.stringify(e));
  const earlier = [...new Set(keys.flatMap((k) => shown.get(k) ?? []))];
  const fresh = f.evidence.filter((_, i) => !shown.has(keys[i] as string));
  keys.forEach((k) => shown.set(k, shown.get(k) ?? f.code));
  const out: string[] = [];
  if (fresh.length === 0) {
    return lay(o, [tone('quiet', 'Evidence:'), ` the same as for ${earlier.join(' and ')} above.`], '      ');
  }
  out.push(...lay(o, tone('quiet', 'Evidence:'), '      '));
  for (const e of fresh) out.push(...lay(o, evidencePara(e, o), '        ', '          '));
  if (earlier.length > 0)
    out.push(...lay(o, `and what is shown for ${earlier.join(' and ')} above.`, '        ', '          '));
  return out;
}

/** The value (a config line, a helper command, a path) kept whole; where it lives may wrap. */
function evidencePara(e: Evidence, o: HumanOptions): Para {
  if (e.kind === 'text' && e.label === TRACE_LABEL && !o.verbose) {
    const n = e.detail.split('\n').length;
    return `${e.label}: ${n} line${n === 1 ? '' : 's'} (--verbose shows them; --json has them)`;
  }
  const text = describeEvidence(e);
  const at = text.indexOf('  (');
  if (e.kind === 'text' && text.includes('\n')) return kept(text);
  if (at < 0) return kept(text);
  return [kept(text.slice(0, at)), ` ${text.slice(at + 2)}`];
}

function renderFinding(f: Finding, o: HumanOptions, shown: Shown): string[] {
  const commands = wholePhrases(f.fixes);
  const out = lay(
    o,
    [
      tone(SEVERITY_TONE[f.severity], SEVERITY_WORD[f.severity]),
      ` (${f.code}): `,
      tone('strong', f.title),
      f.subject ? ` — ${f.subject}` : '',
    ],
    '    ',
    '      ',
  );
  out.push(...lay(o, prose(f.explanation, commands), '      '));
  out.push(...evidenceLines(f, o, shown));
  const fixes = f.fixes.filter((x) => x.applicable);
  if (fixes.length > 0)
    out.push(
      ...lay(
        o,
        [tone('good', 'Fix available (codecommit-doctor fix):'), ` ${fixes.map((x) => x.title).join('; ')}`],
        '      ',
        '        ',
      ),
    );
  for (const a of f.fixes.filter((x) => !x.applicable))
    out.push(
      ...lay(
        o,
        [tone('strong', 'What you can do:'), ' ', ...prose(`${a.title}. ${a.description}`, commands)],
        '      ',
      ),
    );
  if (f.docsUrl) out.push(...lay(o, [tone('quiet', 'More:'), ' ', kept(f.docsUrl)], '      ', '        '));
  return out;
}

/** One check: its glyph and title, its status in words, and its findings. */
export function renderCheck(r: CheckResult, o: HumanOptions, shown: Shown = new Map()): string[] {
  const glyph = (o.ascii ? STATUS_GLYPH_ASCII : STATUS_GLYPH)[r.status];
  // A check that was needed but did not run says why on its own line: "skipped: --offline: …".
  const why = r.status === 'skipped' && r.needed && r.message ? `: ${r.message}` : '';
  const word = r.status === 'pass' ? '' : ` — ${statusWordOf(r)}${why}`;
  const out = lay(
    o,
    [
      tone(STATUS_TONE[r.status], glyph),
      ' ',
      tone(r.status === 'pass' || r.status === 'skipped' ? undefined : 'strong', r.title),
      tone(STATUS_TONE[r.status], word),
      o.verbose ? ` (${r.durationMs} ms)` : '',
    ],
    '',
    '    ',
  );
  // The live check's message is the report's opening line: not said twice.
  const said = r.id === LIVE_CHECK && !o.verbose;
  if (r.message && !why && !said && (r.status !== 'skipped' || o.verbose))
    out.push(...lay(o, r.message, '    '));
  for (const f of r.findings) out.push(...renderFinding(f, o, shown));
  return out;
}

/** The last line (see `verdictLine`: the same words the app shows), with how long the scan took. */
export function summaryLine(report: ScanReport): string {
  return verdictLine(report, `${report.checks.length} checks in ${(report.durationMs / 1000).toFixed(1)} s`);
}

/** The tone of the scan's one sentence: its worst. */
export function summaryTone(report: ScanReport): Tone {
  const { errors, warnings, checksErrored } = report.summary;
  if (errors > 0 || (report.live?.tried && !cloneWorks(report))) return 'bad-strong';
  if (warnings > 0 || checksErrored > 0) return 'warn-strong';
  return cloneWorks(report) ? 'good-strong' : 'strong';
}

/** The first lines of every report: what git says right now, or that the clone was not tried. */
export function liveLines(report: ScanReport, o: HumanOptions): string[] {
  const live = report.live;
  if (!live) return [];
  const v = live.verdict;
  const t: Tone | undefined = !live.tried || !v ? undefined : v.ok ? 'good-strong' : 'bad-strong';
  const out = lay(o, tone(t, live.tried ? live.headline : `${live.headline}.`));
  if (!live.tried || !v || v.ok) return out;
  const by = live.explainedBy ?? [];
  const why =
    by.length > 0
      ? `Explained by the findings below: ${by.join(', ')}.`
      : 'Nothing the doctor checks explains it (unexplained-failure below, with what to try next).';
  out.push(...lay(o, why, '    '));
  return out;
}

/** A whole-computer scan that checked no address because nothing named one (targets.ts). */
export function nothingKnown(report: ScanReport): boolean {
  return (
    report.target.kind === 'machine' &&
    report.targets.length === 0 &&
    report.checks.some((c) => c.status === 'skipped' && c.message === NO_ADDRESS_KNOWN)
  );
}

/** Said up front: why the checks below say "skipped" (each names it after its title). */
function notCheckedLines(report: ScanReport, o: HumanOptions): string[] {
  if (!nothingKnown(report)) return [];
  return lay(
    o,
    [
      `No address checked: ${NO_ADDRESS_WHY} Run again with `,
      kept('--repo URL'),
      ' or ',
      kept('--region NAME'),
      ' (for example ',
      kept('--region eu-west-1'),
      ').',
    ],
    '',
    '    ',
  );
}

/** What was checked: the header, the addresses reasoned about, or why none was (diagnose and fix). */
export function openingLines(report: ScanReport, o: HumanOptions): string[] {
  const lines = lay(o, [
    tone('strong', `CodeCommit Doctor ${report.tool.version}`),
    ` — checking ${describeTarget(report.target)}`,
  ]);
  if (report.targets.length > 0) {
    const list = report.targets.map((t) => `${t.display} (${t.source})`).join(', ');
    lines.push(...lay(o, `Addresses: ${list}`, '', '    '));
  }
  lines.push(...notCheckedLines(report, o));
  return lines;
}

/** The whole diagnosis for a terminal; whatever it quotes from outside is escaped (layout.ts). */
export function renderReport(report: ScanReport, o: HumanOptions): string {
  const lines = openingLines(report, o);
  // Which programs were found depends on it (a Finder-started app on macOS has launchd's).
  if (o.verbose && report.environment) {
    const { path, ...origin } = report.environment;
    lines.push(...lay(o, [`PATH (from ${describePathOrigin(origin)}): `, kept(path)], '', '    '));
  }
  lines.push('');
  const live = liveLines(report, o);
  if (live.length > 0) lines.push(...live, '');
  const shown: Shown = new Map();
  for (const r of report.checks) lines.push(...renderCheck(r, o, shown));
  lines.push('', ...lay(o, tone(summaryTone(report), summaryLine(report))));
  const next = closingLine(report);
  if (next) lines.push(...lay(o, next, '', '    '));
  return lines.join('\n') + '\n';
}

/**
 * Jamf extension attributes read one `<result>…</result>` line: `OK` only when the clone was
 * tried and works, `OK (not tried)` when nothing was found but the clone was not tried.
 */
export function renderJamf(report: ScanReport): string {
  const codes = [...new Set(report.findings.filter((f) => f.severity !== 'info').map((f) => f.code))];
  const errored = report.checks.filter((c) => c.status === 'error').map((c) => c.id);
  const fails = report.live?.tried === true && !cloneWorks(report);
  if (codes.length === 0 && errored.length === 0 && !fails)
    return cloneWorks(report) ? '<result>OK</result>\n' : '<result>OK (not tried)</result>\n';
  const parts = [...codes, ...errored.map((id) => `check-error:${id}`)];
  // Never "OK" while git fails, even if (by a bug) no finding said so.
  if (parts.length === 0) parts.push('clone-fails');
  return `<result>PROBLEMS: ${parts.join(', ')}</result>\n`;
}

/** Exit code 3: nothing wrong found in the settings, but the clone itself was not tried. */
export const EXIT_NOT_TRIED = 3;

/** 0: the clone works and nothing is wrong; 1: problems (or the clone fails); 3: nothing found, clone not tried. */
export function exitCodeFor(report: ScanReport): 0 | 1 | 3 {
  const { errors, warnings, checksErrored } = report.summary;
  if (errors + warnings + checksErrored > 0) return 1;
  if (report.live?.tried === true && !cloneWorks(report)) return 1;
  return cloneWorks(report) ? 0 : EXIT_NOT_TRIED;
}
