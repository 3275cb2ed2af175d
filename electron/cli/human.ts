import { describePathOrigin } from '../engine/login-shell-env';
import { TRACE_LABEL } from '../engine/checks/live-clone';
import { describeTarget } from '../engine/targets';
import {
  describeEvidence,
  SEVERITY_WORD,
  STATUS_GLYPH,
  STATUS_GLYPH_ASCII,
  statusWordOf,
} from '../shared/present';
import { cloneWorks, verdictLine } from '../shared/verdict';
import type { CheckResult, Evidence, Finding, ScanReport } from '../engine/model';
import { terminalText } from './terminal-text';

export interface HumanOptions {
  verbose: boolean;
  ascii: boolean;
  width: number;
}

function wrap(text: string, width: number, indent: string): string {
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    if (line && indent.length + line.length + 1 + w.length > width) {
      lines.push(indent + line);
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  if (line) lines.push(indent + line);
  return lines.join('\n');
}

function renderFinding(f: Finding, o: HumanOptions): string[] {
  const out = [
    `    ${SEVERITY_WORD[f.severity]} (${f.code}): ${f.title}${f.subject ? ` — ${f.subject}` : ''}`,
  ];
  out.push(wrap(f.explanation, o.width, '      '));
  if (f.evidence.length > 0) {
    out.push('      Evidence:');
    for (const e of f.evidence) out.push(`        ${evidenceText(e, o)}`);
  }
  const fixes = f.fixes.filter((x) => x.applicable);
  if (fixes.length > 0)
    out.push(`      Fix available (codecommit-doctor fix): ${fixes.map((x) => x.title).join('; ')}`);
  for (const a of f.fixes.filter((x) => !x.applicable))
    out.push(wrap(`What you can do: ${a.title}. ${a.description}`, o.width, '      '));
  if (f.docsUrl) out.push(`      More: ${f.docsUrl}`);
  return out;
}

/** Multi-line evidence stays indented; the trace is whole only with --verbose (and in --json). */
function evidenceText(e: Evidence, o: HumanOptions): string {
  if (e.kind === 'text' && e.label === TRACE_LABEL && !o.verbose) {
    const n = e.detail.split('\n').length;
    return `${e.label}: ${n} line${n === 1 ? '' : 's'} (--verbose shows them; --json has them)`;
  }
  return describeEvidence(e).replace(/\n/g, '\n          ');
}

export function renderCheck(r: CheckResult, o: HumanOptions): string[] {
  const glyph = (o.ascii ? STATUS_GLYPH_ASCII : STATUS_GLYPH)[r.status];
  // A check that was needed but did not run says why on its own line: "skipped: --offline: …".
  const why = r.status === 'skipped' && r.needed && r.message ? `: ${r.message}` : '';
  const word = r.status === 'pass' ? '' : ` — ${statusWordOf(r)}${why}`;
  const out = [`${glyph} ${r.title}${word}${o.verbose ? ` (${r.durationMs} ms)` : ''}`];
  if (r.message && !why && (r.status !== 'skipped' || o.verbose)) out.push(wrap(r.message, o.width, '    '));
  for (const f of r.findings) out.push(...renderFinding(f, o));
  return out;
}

/** The last line (see `verdictLine`: the same words the app shows), with how long the scan took. */
export function summaryLine(report: ScanReport): string {
  return verdictLine(report, `${report.checks.length} checks in ${(report.durationMs / 1000).toFixed(1)} s`);
}

/** The first lines of every report: what git says right now, or that the clone was not tried. */
function liveLines(report: ScanReport, o: HumanOptions): string[] {
  const live = report.live;
  if (!live) return [];
  const out = [wrap(live.tried ? live.headline : `${live.headline}.`, o.width, '')];
  const v = live.verdict;
  if (!live.tried || !v || v.ok) return out;
  const by = live.explainedBy ?? [];
  if (by.length > 0) out.push(wrap(`Explained by the findings below: ${by.join(', ')}.`, o.width, '    '));
  else
    out.push(
      wrap(
        'Nothing the doctor checks explains it (unexplained-failure below, with what to try next).',
        o.width,
        '    ',
      ),
    );
  return out;
}

function clientLine(report: ScanReport): string | undefined {
  const git = report.gitUsed;
  const gitWords = git ? `${git.path}${git.version ? ` (git ${git.version})` : ''}` : undefined;
  if (report.client) {
    const files = report.client.settingsFiles.length
      ? `; settings read: ${report.client.settingsFiles.join(', ')}`
      : '';
    return `Git client: ${report.client.name}, ${report.client.git && gitWords ? `with its git ${gitWords}` : gitWords ? `with ${gitWords}` : 'not git (it signs in on its own)'}${files}`;
  }
  return git?.from === '--git' && gitWords ? `Git: ${gitWords} (--git)` : undefined;
}

/** The whole diagnosis for a terminal; whatever it quotes from outside is escaped. */
export function renderReport(report: ScanReport, o: HumanOptions): string {
  return terminalText(reportLines(report, o));
}

function reportLines(report: ScanReport, o: HumanOptions): string {
  const lines = [`CodeCommit Doctor ${report.tool.version} — checking ${describeTarget(report.target)}`];
  if (report.targets.length > 0) {
    lines.push(`Addresses: ${report.targets.map((t) => `${t.display} (${t.source})`).join(', ')}`);
  }
  // The client named with --client, and the git the diagnosis ran (its own, or --git).
  const as = clientLine(report);
  if (as) lines.push(as);
  // Which programs were found depends on it (a Finder-started app on macOS has launchd's).
  if (o.verbose && report.environment) {
    const { path, ...origin } = report.environment;
    lines.push(`PATH (from ${describePathOrigin(origin)}): ${path}`);
  }
  lines.push('');
  const live = liveLines(report, o);
  if (live.length > 0) lines.push(...live, '');
  for (const r of report.checks) lines.push(...renderCheck(r, o));
  lines.push('', summaryLine(report));
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
