import type { CheckResult, Finding, ScanReport, Severity } from '../engine/model';
import { commandLine } from '../shared/command-line';
import type { PlannedOffer } from '../shared/offers';
import { STATUS_GLYPH, STATUS_GLYPH_ASCII } from '../shared/present';
import {
  lay,
  liveLines,
  openingLines,
  SEVERITY_TONE,
  STATUS_TONE,
  summaryLine,
  summaryTone,
  type HumanOptions,
} from './human';
import { kept, prose, tone } from './layout';
import { targetArgs } from '../shared/target-args';
import { wholePhrases } from './phrases';

// What `fix` and the terminal wizard show before the first question: not the whole diagnosis
// (`diagnose` prints that), but what git says, the counts, one line per finding and per
// check that could not run — then the plans, each with its exact changes.

const SEVERITY_STATUS: Record<Severity, 'fail' | 'warn' | 'pass'> = {
  error: 'fail',
  warning: 'warn',
  info: 'pass',
};

function findingLine(f: Finding, o: HumanOptions): string[] {
  const glyph = (o.ascii ? STATUS_GLYPH_ASCII : STATUS_GLYPH)[SEVERITY_STATUS[f.severity]];
  const glyphOrNote = f.severity === 'info' ? (o.ascii ? '[ii]' : '[i]') : glyph;
  return lay(
    o,
    [
      tone(SEVERITY_TONE[f.severity], glyphOrNote),
      ' ',
      f.title,
      f.subject ? ` — ${f.subject}` : '',
      ` (${f.code})`,
    ],
    '  ',
    '      ',
  );
}

function erroredLine(c: CheckResult, o: HumanOptions): string[] {
  const glyph = (o.ascii ? STATUS_GLYPH_ASCII : STATUS_GLYPH).error;
  return lay(
    o,
    [tone(STATUS_TONE.error, glyph), ' ', `${c.title} — could not check${c.message ? `: ${c.message}` : ''}`],
    '  ',
    '      ',
  );
}

/** The short summary: what git says, the one sentence, a line per finding, where the details are. */
export function renderFixSummary(report: ScanReport, o: HumanOptions): string {
  const lines = openingLines(report, o);
  lines.push('');
  const live = liveLines(report, o);
  if (live.length > 0) lines.push(...live, '');
  lines.push(...lay(o, tone(summaryTone(report), summaryLine(report))));
  for (const f of report.findings) lines.push(...findingLine(f, o));
  for (const c of report.checks.filter((x) => x.status === 'error')) lines.push(...erroredLine(c, o));
  if (report.findings.length > 0) {
    const args = targetArgs(report.target);
    lines.push(
      ...lay(
        o,
        ['Why, with the evidence: ', kept(commandLine(['codecommit-doctor', 'diagnose', ...args]), 'note')],
        '',
        '    ',
      ),
    );
  }
  return lines.join('\n');
}

/** One plan: its title, what it does, each exact change (command lines kept whole), what it needs. */
export function renderPlan(p: PlannedOffer, n: number, o: HumanOptions): string {
  const { offer } = p;
  const tag = offer.kind === 'fix' ? 'Fix' : 'Suggestion';
  const commands = wholePhrases([offer]);
  const lines = lay(
    o,
    [tone('strong', `${n}. ${tag}: ${offer.title}`), `  [for ${p.finding.code}]`],
    '',
    '   ',
  );
  lines.push(...lay(o, prose(offer.description, commands), '   '));
  for (const { description, argv } of offer.preview) {
    lines.push(...lay(o, prose(`- ${description}`, commands), '   ', '     '));
    if (argv)
      // "$ git config …" is one piece: the prompt never stays behind alone.
      if (argv) lines.push(...lay(o, [tone('quiet', '$'), kept(` ${commandLine(argv)}`, 'note')], '       '));
  }
  const facts = [offer.reversible ? 'can be undone' : 'cannot be undone'];
  if (offer.needsAdmin) facts.push('needs administrator rights');
  if (!offer.applicable) facts.push('shown for you to do yourself');
  lines.push(...lay(o, `(${facts.join('; ')})`, '   '));
  if (offer.warning) lines.push(...lay(o, [tone('warn-strong', '!'), ` ${offer.warning}`], '   ', '     '));
  return lines.join('\n');
}
