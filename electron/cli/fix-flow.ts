import type { EngineContext } from '../engine/context';
import { clientRun } from '../engine/clients/run-as';
import type { ClientChoice } from '../engine/clients';
import { applyFix } from '../engine/fixes/apply';
import { Journal } from '../engine/fixes/journal';
import { collectOffers, isRunnable, type PlannedOffer } from '../shared/offers';
import { verifyRemote, type Verdict } from '../engine/fixes/verify';
import type { Finding, FindingCode, RemoteTarget, ScanReport, TargetInput } from '../engine/model';
import { runScan } from '../engine/scan';
import { isCodeCommitTarget } from '../engine/targets';
import { exitCodeFor, lay, nothingKnown, summaryLine, summaryTone, type HumanOptions } from './human';
import { renderFixSummary, renderPlan } from './fix-summary';
import { closingLine } from './next-line';
import { tone } from './layout';
import { beforeAfterWords } from './verdict-words';
import { terminalProgress } from './progress';
import { terminalText } from './terminal-text';
import { VERIFY_RUNS } from '../shared/verify-note';

// The consent flow shared by `codecommit-doctor fix` and the terminal wizard: show each
// plan exactly, ask y/N per fix (an irreversible one says so first), apply, and prove it
// with a live `git ls-remote` before and after.

export interface Asker {
  ask(question: string): Promise<string>;
  close(): void;
}

export interface FixFlowOptions {
  target: TargetInput;
  only?: FindingCode[];
  dryRun: boolean;
  yes: boolean;
  verify: boolean;
  /** Skip the AWS account phase (sandboxes, fleets without AWS access). */
  offline?: boolean;
  /** Show a new Git password once, on the terminal only (never in piped output). */
  showNewPassword?: boolean;
  /** --client / --git: diagnose as that client, and verify before and after with its git and settings. */
  client?: ClientChoice;
  gitProgram?: string;
  out: NodeJS.WritableStream;
  asker: Asker;
  /** Colour, width and glyphs of the terminal (default: plain, unwrapped). */
  look?: Pick<HumanOptions, 'ascii' | 'width' | 'color'>;
  /**
   * Asked when a whole-computer scan found nothing that names a CodeCommit host or Region:
   * the address or Region to scan instead (undefined: show what could be checked without).
   */
  whereUnknown?: () => Promise<TargetInput | undefined>;
}

/**
 * Writes a new password straight to the controlling terminal: a fleet script capturing our
 * stdout, a log file or a CI job never receives it. Without a terminal it is not shown.
 */
async function terminalReveal(what: string, secret: string): Promise<void> {
  const { openSync, writeSync, closeSync } = await import('node:fs');
  let fd: number | undefined;
  try {
    fd = openSync(process.platform === 'win32' ? 'CONOUT$' : '/dev/tty', 'w');
    writeSync(
      fd,
      `\n   ${what}:\n     ${secret}\n   It is shown once; copy it now if you need it elsewhere.\n`,
    );
  } catch {
    process.stderr.write(`   ${what}: not shown (no terminal to show it on); it is saved for git.\n`);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function verifyUrls(report: ScanReport): RemoteTarget[] {
  if (report.target.kind === 'machine') return [];
  return report.targets.filter(isCodeCommitTarget);
}

async function verifyAll(
  ctx: EngineContext,
  target: TargetInput,
  report: ScanReport,
): Promise<Map<string, Verdict>> {
  const urls = verifyUrls(report);
  const cwd = target.kind === 'dir' ? target.path : undefined;
  const verdicts = await Promise.all(
    urls.map((t) => verifyRemote(ctx, rawUrl(target, t), cwd ? { cwd } : {})),
  );
  return new Map(urls.map((t, i) => [t.display, verdicts[i] as Verdict]));
}

/** What to hand git: the URL given, or the remote by name (display may mask a password). */
function rawUrl(target: TargetInput, t: RemoteTarget): string {
  if (target.kind === 'url') return target.url;
  return t.remote ?? t.display;
}

async function scan(ctx: EngineContext, o: FixFlowOptions): Promise<ScanReport> {
  const progress = terminalProgress(process.stderr);
  const report = await runScan(ctx, {
    target: o.target,
    offline: o.offline ?? false,
    onEvent: progress.onEvent,
    ...(o.client ? { client: o.client } : {}),
    ...(o.gitProgram ? { gitProgram: o.gitProgram } : {}),
  });
  progress.done();
  return report;
}

interface Out {
  /** Text to escape (plans' words, git's messages), one paragraph, laid out to the terminal. */
  write(s: string): void;
  /** Lines already laid out (layout.ts escapes them; they may hold our colour codes). */
  show(s: string): void;
  o: HumanOptions;
}

function outOf(o: FixFlowOptions): Out {
  const look: HumanOptions = { verbose: false, ascii: false, width: Infinity, color: false, ...o.look };
  const show = (s: string) => o.out.write(s + '\n');
  // Plans, git's messages and the y/N questions quote the outside world: escaped, always.
  const write = (s: string) =>
    show(
      s
        .split('\n')
        .map((l) => (l ? lay(look, l, /^ */.exec(l)?.[0]).join('\n') : l))
        .join('\n'),
    );
  return { write, show, o: look };
}

/** Asks per plan (or not, with --yes), applies what was agreed; how many were applied. */
async function applyAgreed(
  ctx: EngineContext,
  o: FixFlowOptions,
  out: Out,
  offers: PlannedOffer[],
  journal: ReturnType<Journal['startRun']>,
): Promise<Set<Finding>> {
  const { write } = out;
  const doneFindings = new Set<Finding>();
  for (const [i, p] of offers.entries()) {
    if (!isRunnable(p.offer)) continue;
    if (doneFindings.has(p.finding) && p.offer.kind === 'suggestion') continue;
    if (o.yes && p.offer.kind === 'suggestion') continue;
    let consent = o.yes;
    if (!consent) {
      const q = p.offer.warning
        ? `\n${i + 1}. ${p.offer.title} — this cannot be undone. Delete? [y/N] `
        : `\n${i + 1}. ${p.offer.title}? [y/N] `;
      consent = /^y(es)?$/i.test((await o.asker.ask(terminalText(q))).trim());
    }
    if (!consent) continue;
    const outcome = await applyFix(ctx, p.offer, {
      journal,
      onStep: (s) => write(`   ${s.ok ? '✓' : '✗'} ${s.description}${s.ok ? '' : ` — ${s.message}`}`),
      ...(o.showNewPassword ? { revealSecret: terminalReveal } : {}),
    });
    if (outcome.ok) {
      doneFindings.add(p.finding);
      write(
        `   Done${outcome.journalId && p.offer.reversible ? ` (undo with: codecommit-doctor undo ${outcome.journalId})` : ''}.`,
      );
    } else {
      write(`   Not applied: ${outcome.error}${outcome.rolledBack ? ' (its changes were rolled back)' : ''}`);
    }
  }
  return doneFindings;
}

function closing(out: Out, report: ScanReport): void {
  const next = closingLine(report);
  if (next) out.show(lay(out.o, next, '', '    ').join('\n'));
}

export async function runFixFlow(ctx: EngineContext, o: FixFlowOptions): Promise<number> {
  const out = outOf(o);
  const { write, show } = out;
  const report = await scan(ctx, o);
  const where = o.whereUnknown && nothingKnown(report) ? await o.whereUnknown() : undefined;
  if (where) {
    const { whereUnknown: _asked, ...rest } = o;
    return runFixFlow(ctx, { ...rest, target: where, verify: o.verify || where.kind !== 'machine' });
  }
  show(renderFixSummary(report, out.o));
  const offers = collectOffers(report, o.only);
  if (offers.length === 0) {
    write(report.findings.length ? '\nNo fix to offer for these findings.' : '\nNothing to fix.');
    closing(out, report);
    return exitCodeFor(report);
  }
  write('\nWhat can be done:');
  offers.forEach((p, i) => show(renderPlan(p, i + 1, out.o)));
  // Before and after, git runs as the client runs it: "works" means works in that client.
  const as =
    o.verify && !o.dryRun
      ? await clientRun(ctx, {
          ...(o.client ? { client: o.client } : {}),
          ...(o.gitProgram ? { gitProgram: o.gitProgram } : {}),
        })
      : { ctx };
  const verifiable = as.facts?.selected?.git.kind !== 'in-process';
  if (o.verify) write(`\nBefore and after: ${VERIFY_RUNS}${as.label ? ` As ${as.label}.` : ''}`);
  if (o.dryRun) {
    write('\nDry run: nothing was changed.');
    return 1;
  }

  const before =
    o.verify && verifiable ? await verifyAll(as.ctx, o.target, report) : new Map<string, Verdict>();
  for (const [url, v] of before) write(`\nNow: ${url} — ${v.headline}`);

  // One run: `undo --last` undoes every fix applied by this command.
  const journal = Journal.forContext(ctx).startRun();
  const doneFindings = await applyAgreed(ctx, o, out, offers, journal);
  if (doneFindings.size === 0) {
    write('\nNothing was changed.');
    closing(out, report);
    return 1;
  }
  if (journal.runId && offers.some((p) => doneFindings.has(p.finding) && p.offer.reversible))
    write(`\nTo undo what this run changed: codecommit-doctor undo --last (or undo ${journal.runId})`);
  const after = await scan(ctx, o);
  show('');
  show(lay(out.o, [tone(summaryTone(after), `After the fixes: ${summaryLine(after)}`)]).join('\n'));
  let allOk = after.summary.errors === 0;
  if (o.verify && verifiable) {
    const verdicts = await verifyAll(as.ctx, o.target, after);
    for (const [url, v] of verdicts) {
      const b = before.get(url);
      write(`${url}: ${b ? beforeAfterWords(b, v) : v.headline}`);
      allOk = allOk && v.ok;
    }
  }
  closing(out, after);
  return allOk ? 0 : 1;
}
