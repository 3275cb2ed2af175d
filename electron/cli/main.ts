import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { createContext } from '../engine/context';
import type { ScanEvent, ScanReport } from '../engine/model';
import { readRecordingFile, writeRecordingFile } from '../engine/recording/file';
import { RecordingError } from '../engine/recording/format';
import { startRecording } from '../engine/recording/record';
import { replayScan } from '../engine/recording/replay';
import { runScan } from '../engine/scan';
import { TOOL_VERSION } from '../engine/version';
import { parseArgs, USAGE, UsageError, withoutGlobalFlags, type Command } from './args';
import { exitCodeFor, renderJamf, renderReport } from './human';
import { findElectronRuntime, launchApp } from './launch';
import { terminalProgress } from './progress';
import { stdinAsker } from './asker';
import { runFixFlow } from './fix-flow';
import { Journal, UndoRefused } from '../engine/fixes/journal';
import { historyJson, renderHistory, renderUndo, renderUndoRefused } from './journal-output';
import { verifyRemote } from '../engine/fixes/verify';
import type { TargetInput } from '../engine/model';
import { terminalText } from './terminal-text';
import { VERIFY_RUNS } from '../shared/verify-note';
import { terminalWizard } from './wizard';
import { stdoutLook, type Look } from './style';

function asciiTerminal(): boolean {
  return process.platform === 'win32' && !process.env.WT_SESSION && !process.env.TERM_PROGRAM;
}

function checkedTarget(target: TargetInput): TargetInput {
  if (target.kind !== 'dir') return target;
  const dir = path.resolve(target.path);
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new UsageError(`--dir: "${target.path}" is not a folder.`);
  return { kind: 'dir', path: dir };
}

async function fix(cmd: Extract<Command, { name: 'fix' }>, look: Look): Promise<number> {
  const ctx = createContext(cmd.timeoutMs !== undefined ? { timeoutMs: cmd.timeoutMs } : {});
  const asker = stdinAsker();
  try {
    return await runFixFlow(ctx, {
      ...cmd,
      target: checkedTarget(cmd.target),
      out: process.stdout,
      asker,
      look: { ...look, ascii: asciiTerminal() },
    });
  } finally {
    asker.close();
  }
}

/** Text for people on stdout: what it quotes from outside (descriptions, paths, git) escaped. */
function say(text: string): void {
  process.stdout.write(terminalText(text));
}

async function history(json: boolean): Promise<number> {
  const entries = await Journal.forContext(createContext()).history();
  if (json) process.stdout.write(JSON.stringify(historyJson(entries), null, 2) + '\n');
  else say(renderHistory(entries));
  return 0;
}

/** 0: changed what it could; 1: changed nothing on purpose (said why); errors: 2 (main). */
async function undo(id: string): Promise<number> {
  try {
    say(renderUndo(await Journal.forContext(createContext()).undo(id)));
    return 0;
  } catch (e) {
    if (!(e instanceof UndoRefused)) throw e;
    say(renderUndoRefused(e));
    return 1;
  }
}

async function verify(cmd: Extract<Command, { name: 'verify' }>): Promise<number> {
  const target = checkedTarget(cmd.target);
  const ctx = createContext(cmd.timeoutMs !== undefined ? { timeoutMs: cmd.timeoutMs } : {});
  const verdict =
    target.kind === 'url'
      ? await verifyRemote(ctx, target.url)
      : await verifyRemote(ctx, 'origin', { cwd: (target as { path: string }).path });
  if (cmd.json) process.stdout.write(JSON.stringify({ schemaVersion: 1, verdict }, null, 2) + '\n');
  else {
    const failed = verdict.ok
      ? ''
      : `${verdict.detail}\n${verdict.nextStep ? `\nNext step: ${verdict.nextStep}\n` : ''}`;
    say(`${VERIFY_RUNS}\n\n${verdict.headline}\n${failed}`);
  }
  return verdict.ok ? 0 : 1;
}

type Diagnose = Extract<Command, { name: 'diagnose' }>;

const OS_NAME = { darwin: 'macOS', win32: 'Windows', linux: 'Linux' } as const;

/** The recorded scan, replayed: a recording that cannot be read is a usage error (exit 2), said plainly. */
async function replayed(file: string, onEvent: (e: ScanEvent) => void): Promise<ScanReport> {
  let recording;
  try {
    recording = await readRecordingFile(file);
  } catch (e) {
    if (e instanceof RecordingError) throw new UsageError(`--replay: ${e.message}`);
    throw e;
  }
  return replayScan(recording, { onEvent });
}

/** This computer's scan, noted as it goes and written to the recording file once it is over. */
async function recorded(cmd: Diagnose, onEvent: (e: ScanEvent) => void): Promise<ScanReport> {
  const ctx = createContext(cmd.timeoutMs !== undefined ? { timeoutMs: cmd.timeoutMs } : {});
  if (!cmd.record) return runScan(ctx, { target: cmd.target, offline: cmd.offline, onEvent });
  const recorder = startRecording(ctx, { target: cmd.target, offline: cmd.offline });
  const report = await runScan(recorder.ctx, { target: cmd.target, offline: cmd.offline, onEvent });
  await writeRecordingFile(cmd.record.file, recorder.finish(report, cmd.record.redaction).recording);
  process.stderr.write(
    terminalText(`Recorded to ${cmd.record.file} (secrets removed; see README "Recordings").`) + '\n',
  );
  return report;
}

function replayHeader(report: ScanReport): string {
  const r = report.replay;
  if (!r) return '';
  return `Replayed from a recording of a ${OS_NAME[report.platform]} computer, made ${r.recordedAt} with codecommit-doctor ${r.recordedWith}. Nothing was read from this computer, and fixes are never applied from a replay.\n\n`;
}

async function diagnose(cmd: Diagnose, look: Look): Promise<number> {
  if (!cmd.replay) cmd.target = checkedTarget(cmd.target);
  const interactive = !cmd.json && !cmd.jamf;
  const progress = interactive
    ? terminalProgress(process.stderr)
    : { onEvent: () => undefined, done: () => undefined };
  const report = cmd.replay
    ? await replayed(cmd.replay, progress.onEvent)
    : await recorded(cmd, progress.onEvent);
  progress.done();
  if (interactive) say(replayHeader(report));
  if (cmd.json) process.stdout.write(JSON.stringify(report, null, 2) + '\n');
  else if (cmd.jamf) process.stdout.write(renderJamf(report));
  else {
    process.stdout.write(
      renderReport(report, {
        verbose: cmd.verbose,
        ascii: asciiTerminal(),
        ...look,
      }),
    );
  }
  return exitCodeFor(report);
}

async function start(look: Look): Promise<number> {
  // out/main/cli.js → the app root is two levels up.
  const appRoot = path.resolve(__dirname, '..', '..');
  const runtime = findElectronRuntime(appRoot);
  if (runtime.ok) {
    const code = await launchApp(runtime.binary, appRoot);
    if (code !== -1) return code;
    process.stdout.write('The desktop app could not start; running the terminal version instead.\n');
  } else {
    say(`The desktop app cannot open here: ${runtime.reason}; running the terminal version instead.\n`);
  }
  return terminalWizard({ ...look, ascii: asciiTerminal() });
}

export async function main(argv: readonly string[]): Promise<number> {
  let cmd: Command;
  const global = withoutGlobalFlags(argv);
  // Looked at once: --json and --jamf never use it (they print no text for people).
  const look = stdoutLook(global.noColor);
  try {
    cmd = parseArgs(global.argv);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`${terminalText(`codecommit-doctor: ${e.message}`)}\n\n${USAGE}\n`);
      return 2;
    }
    throw e;
  }
  try {
    switch (cmd.name) {
      case 'help':
        process.stdout.write(USAGE + '\n');
        return 0;
      case 'version':
        process.stdout.write(`codecommit-doctor ${TOOL_VERSION}\n`);
        return 0;
      case 'start':
        return await start(look);
      case 'diagnose':
        return await diagnose(cmd, look);
      case 'fix':
        return await fix(cmd, look);
      case 'history':
        return await history(cmd.json);
      case 'undo':
        return await undo(cmd.id);
      case 'verify':
        return await verify(cmd);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(terminalText(`codecommit-doctor: ${e.message}`) + '\n');
      return 2;
    }
    // Never a stack trace for a person: one line, and exit 2 ("could not run").
    process.stderr.write(
      terminalText(`codecommit-doctor could not run: ${(e as Error)?.message ?? String(e)}`) + '\n',
    );
    return 2;
  }
}
