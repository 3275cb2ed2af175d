import path from 'node:path';
import { notStarted, type RunOptions, type Runner } from '../../runner';

// How a program is started on Windows. A program named without a folder is looked for in the
// working folder FIRST (libuv src/win/process.c search_path: "If there's really only a
// filename, check the current directory for file, then search all path directories"; a
// relative PATH entry is relative to that folder too), and cmd.exe does the same for every
// command a .cmd runs. A cmdkey.exe, cmd.exe or git.exe inside the repository being
// diagnosed would run instead of the real one. So on Windows every program starts by its
// full path, from a folder only administrators can write to — never the scanned repository.

const win = path.win32;

/** A variable by name, whatever its case (Windows names are case-insensitive). */
function envVar(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const key = Object.keys(env).find((k) => k.toUpperCase() === name.toUpperCase());
  return (key && env[key]) || undefined;
}

/** `%SystemRoot%` when it is an absolute folder, else the usual C:\Windows. */
export function systemRoot(env: NodeJS.ProcessEnv): string {
  const root = envVar(env, 'SystemRoot') ?? envVar(env, 'windir');
  return root && win.isAbsolute(root) ? win.normalize(root).replace(/\\+$/, '') : 'C:\\Windows';
}

export function system32(env: NodeJS.ProcessEnv): string {
  return win.join(systemRoot(env), 'System32');
}

/** The working folder for every program the doctor starts on Windows (users cannot write there). */
export function safeWindowsCwd(env: NodeJS.ProcessEnv): string {
  return system32(env);
}

/** `%ComSpec%` when it names an absolute cmd.exe, else System32's (a relative one would be searched for). */
export function comSpec(env: NodeJS.ProcessEnv): string {
  const spec = envVar(env, 'ComSpec');
  return spec && win.isAbsolute(spec) && /^cmd\.exe$/i.test(win.basename(spec))
    ? spec
    : win.join(system32(env), 'cmd.exe');
}

export function cmdkeyProgram(env: NodeJS.ProcessEnv): string {
  return win.join(system32(env), 'cmdkey.exe');
}

/** What CreateProcess can start by itself: libuv appends .com, then .exe (never .cmd/.bat). */
const RUNNABLE_SUFFIXES = ['.com', '.exe'];

/**
 * The absolute program a bare name stands for: cmd and cmdkey from System32 (ComSpec for
 * cmd), anything else from the absolute PATH entries only — the working folder and relative
 * entries are never looked in. null when there is none.
 */
export async function absoluteProgram(
  command: string,
  env: NodeJS.ProcessEnv,
  isFile: (p: string) => Promise<boolean>,
): Promise<string | null> {
  if (win.isAbsolute(command)) return command;
  if (/[\\/]/.test(command) || /^[A-Za-z]:/.test(command)) return null;
  const lower = command.toLowerCase();
  if (lower === 'cmd' || lower === 'cmd.exe') return comSpec(env);
  if (lower === 'cmdkey' || lower === 'cmdkey.exe') return cmdkeyProgram(env);
  const names = /\.[A-Za-z0-9]+$/.test(command)
    ? [command, ...RUNNABLE_SUFFIXES.map((s) => command + s)]
    : RUNNABLE_SUFFIXES.map((s) => command + s);
  const dirs = (envVar(env, 'PATH') ?? '')
    .split(';')
    .map((d) => d.replace(/^"(.*)"$/, '$1'))
    .filter((d) => d && win.isAbsolute(d) && !/^[\\/](?![\\/])/.test(d));
  for (const dir of dirs) {
    for (const name of names) {
      const candidate = win.join(dir, name);
      if (await isFile(candidate)) return candidate;
    }
  }
  return null;
}

/**
 * The context's runner on Windows: a bare name becomes its absolute program (a name found
 * nowhere on PATH is "not found" — never searched for in the working folder), a relative path
 * is refused, and a call without a working folder gets the safe one.
 */
export function windowsLaunchGuard(
  base: Runner,
  env: NodeJS.ProcessEnv,
  isFile: (p: string) => Promise<boolean>,
): Runner {
  const guarded: Runner = async (command: string, args: readonly string[], options: RunOptions = {}) => {
    const program = await absoluteProgram(command, env, isFile);
    if (program === null) {
      return notStarted(
        command,
        args,
        /[\\/]/.test(command)
          ? `not started: "${command}" is a relative path`
          : `"${command}" was not found on PATH`,
        true,
      );
    }
    return base(program, args, { ...options, cwd: options.cwd ?? safeWindowsCwd(env) });
  };
  return Object.assign(guarded, { guards: base });
}

/** The runner a guarded one starts programs with (the real runner stays recognisable through the guard). */
export function unguarded(runner: Runner): Runner {
  return (runner as Runner & { guards?: Runner }).guards ?? runner;
}
