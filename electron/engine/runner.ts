import { spawn, type ChildProcess } from 'node:child_process';

// The one way the engine starts another program. Argument arrays only (no shell),
// a timeout that kills the whole process group (a helper script that hangs takes its
// children with it), prompts disabled so nothing ever waits for a keyboard, and
// output captured. Tests substitute a Runner that replays recorded macOS/Windows output.

export interface RunOptions {
  cwd?: string;
  /** The environment to run with; the prompt-disabling variables are always added on top. */
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  /** Written to stdin, then stdin is closed (stdin is always closed: nothing may wait on it). */
  input?: string;
}

export interface RunResult {
  command: string;
  args: readonly string[];
  /** null when the program did not exit by itself (killed, not found). */
  exitCode: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  /** The program does not exist or is not executable. */
  notFound: boolean;
  durationMs: number;
  /** A spawn error other than not-found, in plain words. */
  error?: string;
  /** stdout or stderr went past MAX_OUTPUT_BYTES: what is kept stops there. */
  truncated?: boolean;
}

export type Runner = (command: string, args: readonly string[], options?: RunOptions) => Promise<RunResult>;

/** A run that never started (refused before spawning, or the spawn threw): the reason in `error`. */
export function notStarted(
  command: string,
  args: readonly string[],
  error: string,
  notFound = false,
): RunResult {
  return {
    command,
    args: [...args],
    exitCode: null,
    signal: null,
    stdout: '',
    stderr: '',
    timedOut: false,
    notFound,
    durationMs: 0,
    error,
  };
}

export const DEFAULT_TIMEOUT_MS = 15_000;
/** What is kept of each output stream; the rest is read and dropped (RunResult.truncated). */
export const MAX_OUTPUT_BYTES = 8 * 1024 * 1024;

/** Variables that make git, GCM and ssh fail instead of asking a person. */
export const NO_PROMPT_ENV: Readonly<Record<string, string>> = {
  GIT_TERMINAL_PROMPT: '0',
  GIT_ASKPASS: '',
  SSH_ASKPASS: '',
  GCM_INTERACTIVE: '0',
  GCM_GUI_PROMPT: '0',
  AWS_CLI_AUTO_PROMPT: 'off',
  AWS_PAGER: '',
};

export function noPromptEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...env, ...NO_PROMPT_ENV };
}

/** The first non-empty line of a program's output, trimmed and capped, for one-line errors. */
export function firstLine(s: string): string {
  return (
    s
      .split(/\r?\n/)
      .map((l) => l.trim())
      .find(Boolean)
      ?.slice(0, 200) ?? ''
  );
}

/**
 * After the program itself has exited, how long its output pipes may stay open. Its output is
 * read by then; a pipe still open after this is held by something it left running.
 */
export const EXIT_GRACE_MS = 500;

/** Ends the program's whole process group (POSIX), or the program (Windows). */
function killTree(child: ChildProcess): void {
  try {
    if (child.pid !== undefined && process.platform !== 'win32') process.kill(-child.pid, 'SIGKILL');
    else child.kill('SIGKILL');
  } catch {
    // already gone
  }
}

/** Output kept up to MAX_OUTPUT_BYTES; the rest is read and dropped, so the program never blocks. */
function collector() {
  const chunks: Buffer[] = [];
  let bytes = 0;
  return {
    push(d: Buffer) {
      if (bytes < MAX_OUTPUT_BYTES) chunks.push(d.subarray(0, MAX_OUTPUT_BYTES - bytes));
      bytes += d.length;
    },
    text: () => Buffer.concat(chunks).toString('utf8'),
    cut: () => bytes > MAX_OUTPUT_BYTES,
  };
}

function spawnProgram(command: string, args: readonly string[], options: RunOptions): ChildProcess {
  return spawn(command, [...args], {
    cwd: options.cwd,
    env: noPromptEnv(options.env ?? process.env),
    shell: false,
    windowsHide: true,
    // cmd.exe parses its own command line: Node's argv quoting would double-escape the
    // quoted command the caller built for it (the .cmd case of the AWS CLI v1 MSI).
    windowsVerbatimArguments: process.platform === 'win32' && /(^|[\\/])cmd(\.exe)?$/i.test(command),
    // Its own process group on POSIX, so a timeout can end grandchildren too.
    detached: process.platform !== 'win32',
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

/**
 * The result is settled by whichever comes first: every pipe closed after the program exited
 * (the usual case); the program exited but something it started still holds a pipe after
 * EXIT_GRACE_MS (that group is ended, the exit code stands); or the time limit (the group is
 * ended and the result says "timed out"). A daemon that let go of the pipes (git's
 * credential-cache daemon) is not ours to end.
 */
export const realRunner: Runner = (command, args, options = {}) => {
  const started = performance.now();
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const base = { command, args, exitCode: null, signal: null, stdout: '', stderr: '', timedOut: false };
  const took = () => Math.round(performance.now() - started);
  let child: ChildProcess;
  try {
    child = spawnProgram(command, args, options);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const notFound = code === 'ENOENT' || code === 'EACCES';
    return Promise.resolve({ ...base, notFound, durationMs: took(), error: (e as Error).message });
  }
  return new Promise<RunResult>((resolve) => {
    const out = collector();
    const err = collector();
    let exit: { code: number | null; signal: string | null } | undefined;
    let timedOut = false;
    let settled = false;
    let grace: NodeJS.Timeout | undefined;
    const finish = (partial: Partial<RunResult> = {}) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(grace);
      // Stop waiting on pipes someone else still holds, and on a process that ignores SIGKILL.
      child.stdout?.destroy();
      child.stderr?.destroy();
      child.unref();
      resolve({
        ...base,
        exitCode: exit?.code ?? null,
        signal: exit?.signal ?? null,
        stdout: out.text(),
        stderr: err.text(),
        timedOut,
        notFound: false,
        durationMs: took(),
        ...(out.cut() || err.cut() ? { truncated: true } : {}),
        ...partial,
      });
    };
    const endAfterGrace = () => {
      grace ??= setTimeout(() => {
        killTree(child);
        finish();
      }, EXIT_GRACE_MS);
    };
    const timer = setTimeout(() => {
      // It exited in time; only its leftovers are still holding on.
      if (exit) {
        killTree(child);
        finish();
        return;
      }
      timedOut = true;
      killTree(child);
      // A process that ignores the kill (uninterruptible sleep) must not hold the scan either.
      setTimeout(() => finish({ exitCode: null, signal: 'SIGKILL' }), EXIT_GRACE_MS).unref();
    }, timeoutMs);

    child.stdout?.on('data', (d: Buffer) => out.push(d));
    child.stderr?.on('data', (d: Buffer) => err.push(d));
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(options.input ?? '');

    child.on('error', (e: NodeJS.ErrnoException) => {
      const notFound = e.code === 'ENOENT' || e.code === 'EACCES';
      finish({ notFound, ...(notFound ? {} : { error: e.message }) });
    });
    child.on('exit', (code, signal) => {
      if (timedOut) return;
      exit = { code, signal: signal ?? null };
      endAfterGrace();
    });
    child.on('close', (code, signal) => {
      if (!timedOut) exit ??= { code, signal: signal ?? null };
      finish(timedOut ? { exitCode: null, signal: 'SIGKILL' } : {});
    });
  });
};
