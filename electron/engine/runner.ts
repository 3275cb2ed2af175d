import { spawn } from 'node:child_process';

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
}

export type Runner = (command: string, args: readonly string[], options?: RunOptions) => Promise<RunResult>;

export const DEFAULT_TIMEOUT_MS = 15_000;
const MAX_OUTPUT_BYTES = 8 * 1024 * 1024;

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

export const realRunner: Runner = (command, args, options = {}) => {
  const started = performance.now();
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return new Promise<RunResult>((resolve) => {
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let outBytes = 0;
    let timedOut = false;
    let settled = false;
    const finish = (partial: Partial<RunResult>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({
        command,
        args,
        exitCode: null,
        signal: null,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        timedOut,
        notFound: false,
        durationMs: Math.round(performance.now() - started),
        ...partial,
      });
    };

    let child: ReturnType<typeof spawn>;
    try {
      child = spawn(command, [...args], {
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
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      resolve({
        command,
        args,
        exitCode: null,
        signal: null,
        stdout: '',
        stderr: '',
        timedOut: false,
        notFound: code === 'ENOENT' || code === 'EACCES',
        durationMs: Math.round(performance.now() - started),
        error: (e as Error).message,
      });
      return;
    }

    const kill = () => {
      try {
        if (child.pid !== undefined && process.platform !== 'win32') process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      kill();
      // A process that ignores the kill (uninterruptible sleep) must not hold the scan.
      setTimeout(() => finish({ exitCode: null, signal: 'SIGKILL' }), 1000).unref();
    }, timeoutMs);

    child.stdout?.on('data', (d: Buffer) => {
      outBytes += d.length;
      if (outBytes <= MAX_OUTPUT_BYTES) out.push(d);
    });
    child.stderr?.on('data', (d: Buffer) => {
      if (err.reduce((n, b) => n + b.length, 0) <= MAX_OUTPUT_BYTES) err.push(d);
    });
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(options.input ?? '');

    child.on('error', (e: NodeJS.ErrnoException) => {
      const notFound = e.code === 'ENOENT' || e.code === 'EACCES';
      finish({ notFound, error: notFound ? undefined : e.message });
    });
    child.on('close', (code, signal) => {
      finish({ exitCode: code, signal: signal ?? null });
    });
  });
};
