import path from 'node:path';
import type { Platform } from './model';
import type { Runner } from './runner';

// macOS starts an app from Finder or the Dock through launchd: its PATH is
// /usr/bin:/bin:/usr/sbin:/sbin and nothing the user's shell start-up files export reaches it
// (electron/electron #9047, #4394). A Homebrew or pip `aws`, a Homebrew git and AWS_PROFILE are
// all invisible, while git run from the user's terminal or IDE sees them. So the desktop app
// reads the login shell's environment once, at start-up: `$SHELL -ilc` printing `env` between
// two markers, the approach of the `shell-env` package (sindresorhus/shell-env 4.0.3), run
// through the doctor's runner instead of taking that package: shell-env has no time limit (a
// start-up file that waits for input or the network would hold the app forever), starts the
// shell with execa outside the runner (no process-group kill, no prompts disabled), and reads
// `env` one line per variable (a value with a newline in it breaks the variables after it).
// The CLI runs in a terminal and already has that terminal's environment.

/** Where the PATH the diagnosis used came from. */
export interface PathOrigin {
  /**
   * `process`: the environment the doctor was started with (a terminal's, for the CLI);
   * `login-shell`: read from the login shell at start-up (the app on macOS);
   * `fallback`: the login shell did not answer, so the usual folders were added.
   */
  source: 'process' | 'login-shell' | 'fallback';
  /** The shell that answered (`login-shell`), or the one tried first (`fallback`). */
  shell?: string;
  /** Why the login shell could not be read (`fallback`). */
  note?: string;
}

export interface StartupEnvironment {
  env: NodeJS.ProcessEnv;
  origin: PathOrigin;
}

/** A login shell gets this long: a start-up file slower than this is treated as not answering. */
export const LOGIN_SHELL_TIMEOUT_MS = 5_000;

const MARK = '_CODECOMMIT_DOCTOR_ENV_';
// PATH on its own (`printenv`: exactly its value), then every variable for the AWS_* ones.
// `command`: not an alias or function of that name. `exit`: nothing after it runs.
const PRINT_ENV = `echo ${MARK}; command printenv PATH; echo ${MARK}; command env; echo ${MARK}; exit`;

// From shell-env: Oh My Zsh's update check and its tmux plugin would otherwise hold the shell.
const QUIET: Readonly<Record<string, string>> = {
  DISABLE_AUTO_UPDATE: 'true',
  ZSH_TMUX_AUTOSTARTED: 'true',
  ZSH_TMUX_AUTOSTART: 'false',
};

/** Where Homebrew (Apple silicon, Intel) and `pip install --user` put programs. */
export function usualFolders(home: string): string[] {
  return ['/opt/homebrew/bin', '/usr/local/bin', path.posix.join(home, '.local', 'bin')];
}

// ANSI colour and cursor sequences a start-up file may print.
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]/g;

/** The text between two markers, without the line ends the echo and the command added. */
function section(part: string | undefined): string {
  return (part ?? '').replace(/^\r?\n/, '').replace(/\r?\n$/, '');
}

/**
 * PATH as `printenv` printed it, and the variables `env` printed. `env` output is ambiguous
 * where a value holds a newline (a line that does not start `NAME=` continues the value
 * before it; one that does is read as a variable): that is why PATH is not taken from it.
 */
export function parseMarkedEnv(stdout: string): { path: string; vars: Record<string, string> } | null {
  const parts = stdout.replace(ANSI, '').split(MARK);
  if (parts.length < 4) return null;
  const vars: Record<string, string> = {};
  let last: string | undefined;
  for (const line of section(parts[2]).split('\n')) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(line);
    if (m) {
      last = m[1] as string;
      vars[last] = m[2] as string;
    } else if (last !== undefined) vars[last] += `\n${line}`;
  }
  return { path: section(parts[1]).trim(), vars };
}

function withPath(env: NodeJS.ProcessEnv, entries: string[]): NodeJS.ProcessEnv {
  return { ...env, PATH: [...new Set(entries.filter(Boolean))].join(':') };
}

/**
 * The environment for the desktop app to diagnose with. Anywhere but macOS, the process's own;
 * on macOS the login shell's PATH and AWS_* variables on top of it, else the usual folders in
 * front of launchd's PATH (and the report says which).
 */
export async function startupEnvironment(o: {
  platform: Platform;
  env: NodeJS.ProcessEnv;
  home: string;
  runner: Runner;
  timeoutMs?: number;
}): Promise<StartupEnvironment> {
  if (o.platform !== 'darwin') return { env: o.env, origin: { source: 'process' } };
  const shells = [...new Set([o.env.SHELL, '/bin/zsh'].filter((s): s is string => !!s && s.startsWith('/')))];
  const why: string[] = [];
  for (const shell of shells) {
    const r = await o
      .runner(shell, ['-ilc', PRINT_ENV], {
        env: { ...o.env, ...QUIET },
        cwd: o.home,
        timeoutMs: o.timeoutMs ?? LOGIN_SHELL_TIMEOUT_MS,
      })
      .catch((e: unknown) => (e instanceof Error ? e : new Error(String(e))));
    const printed = r instanceof Error ? null : parseMarkedEnv(r.stdout);
    if (printed?.path) {
      const aws = Object.entries(printed.vars).filter(([k]) => k.startsWith('AWS_'));
      return {
        env: { ...o.env, ...Object.fromEntries(aws), PATH: printed.path },
        origin: { source: 'login-shell', shell },
      };
    }
    why.push(`${shell} ${describeFailure(r, o.timeoutMs ?? LOGIN_SHELL_TIMEOUT_MS)}`);
  }
  const launchd = (o.env.PATH ?? '').split(':');
  return {
    env: withPath(o.env, [...usualFolders(o.home), ...launchd]),
    origin: { source: 'fallback', ...(shells[0] ? { shell: shells[0] } : {}), note: why.join('; ') },
  };
}

function describeFailure(r: Awaited<ReturnType<Runner>> | Error, timeoutMs: number): string {
  if (r instanceof Error) return `could not be started (${r.message})`;
  if (r.timedOut) return `did not answer within ${timeoutMs / 1000} s`;
  if (r.notFound) return 'does not exist';
  if (r.error) return `could not be started (${r.error})`;
  return r.exitCode === 0 ? 'printed no environment' : `exited with code ${r.exitCode ?? r.signal}`;
}

/** The PATH origin in words, for the report and the CLI's verbose output. */
export function describePathOrigin(origin: PathOrigin): string {
  switch (origin.source) {
    case 'process':
      return 'the environment the doctor was started with';
    case 'login-shell':
      return `your login shell (${origin.shell ?? 'its shell'}), read when the app started`;
    case 'fallback':
      return `the app's own PATH with /opt/homebrew/bin, /usr/local/bin and ~/.local/bin added: your login shell could not be read${origin.note ? ` (${origin.note})` : ''}`;
  }
}
