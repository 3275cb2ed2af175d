import { describeTarget, NO_ADDRESS_KNOWN } from '../engine/targets';
import {
  describeEvidence,
  SEVERITY_WORD,
  STATUS_GLYPH,
  STATUS_GLYPH_ASCII,
  STATUS_WORD,
} from '../shared/present';
import type { CheckResult, Finding, ScanReport } from '../engine/model';
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
    for (const e of f.evidence) out.push(`        ${describeEvidence(e)}`);
  }
  const fixes = f.fixes.filter((x) => x.applicable);
  if (fixes.length > 0)
    out.push(`      Fix available (codecommit-doctor fix): ${fixes.map((x) => x.title).join('; ')}`);
  for (const a of f.fixes.filter((x) => !x.applicable))
    out.push(wrap(`What you can do: ${a.title}. ${a.description}`, o.width, '      '));
  if (f.docsUrl) out.push(`      More: ${f.docsUrl}`);
  return out;
}

export function renderCheck(r: CheckResult, o: HumanOptions): string[] {
  const glyph = (o.ascii ? STATUS_GLYPH_ASCII : STATUS_GLYPH)[r.status];
  const head = `${glyph} ${r.title}${r.status === 'pass' ? '' : ` — ${STATUS_WORD[r.status]}`}${o.verbose ? ` (${r.durationMs} ms)` : ''}`;
  const out = [head];
  if (r.message && (r.status !== 'skipped' || o.verbose)) out.push(wrap(r.message, o.width, '    '));
  for (const f of r.findings) out.push(...renderFinding(f, o));
  return out;
}

export function summaryLine(report: ScanReport): string {
  const { errors, warnings, infos, checksErrored } = report.summary;
  const parts: string[] = [];
  if (errors) parts.push(`${errors} problem${errors === 1 ? '' : 's'}`);
  if (warnings) parts.push(`${warnings} warning${warnings === 1 ? '' : 's'}`);
  if (infos) parts.push(`${infos} note${infos === 1 ? '' : 's'}`);
  if (checksErrored) parts.push(`${checksErrored} check${checksErrored === 1 ? '' : 's'} could not run`);
  const found = parts.length ? parts.join(', ') : 'No problems found';
  return `${found} (${report.checks.length} checks in ${(report.durationMs / 1000).toFixed(1)} s).`;
}

/** The whole diagnosis for a terminal; whatever it quotes from outside is escaped. */
export function renderReport(report: ScanReport, o: HumanOptions): string {
  return terminalText(reportLines(report, o));
}

/** A whole-computer scan that checked no address because nothing named one (targets.ts). */
export function nothingKnown(report: ScanReport): boolean {
  return (
    report.target.kind === 'machine' &&
    report.targets.length === 0 &&
    report.checks.some((c) => c.status === 'skipped' && c.message === NO_ADDRESS_KNOWN)
  );
}

/** Said up front, not only with --verbose: the checks that did not run for want of an address. */
function notCheckedLines(report: ScanReport, o: HumanOptions): string[] {
  if (!nothingKnown(report)) return [];
  const skipped = report.checks.filter((c) => c.status === 'skipped' && c.message === NO_ADDRESS_KNOWN);
  return [
    wrap(
      `No address checked: ${NO_ADDRESS_KNOWN} Run again with --repo URL or --region NAME (for example --region eu-west-1).`,
      o.width,
      '',
    ),
    wrap(`Not checked for that reason: ${skipped.map((c) => c.title).join(', ')}.`, o.width, ''),
  ];
}

function reportLines(report: ScanReport, o: HumanOptions): string {
  const lines = [`CodeCommit Doctor ${report.tool.version} — checking ${describeTarget(report.target)}`];
  if (report.targets.length > 0) {
    lines.push(`Addresses: ${report.targets.map((t) => `${t.display} (${t.source})`).join(', ')}`);
  }
  lines.push(...notCheckedLines(report, o));
  lines.push('');
  for (const r of report.checks) lines.push(...renderCheck(r, o));
  lines.push('', summaryLine(report));
  return lines.join('\n') + '\n';
}

/** Jamf extension attributes read one `<result>…</result>` line. */
export function renderJamf(report: ScanReport): string {
  const codes = [...new Set(report.findings.filter((f) => f.severity !== 'info').map((f) => f.code))];
  const errored = report.checks.filter((c) => c.status === 'error').map((c) => c.id);
  if (codes.length === 0 && errored.length === 0) return '<result>OK</result>\n';
  const parts = [...codes, ...errored.map((id) => `check-error:${id}`)];
  return `<result>PROBLEMS: ${parts.join(', ')}</result>\n`;
}

export function exitCodeFor(report: ScanReport): 0 | 1 {
  const { errors, warnings, checksErrored } = report.summary;
  return errors + warnings + checksErrored > 0 ? 1 : 0;
}
