import { constants } from 'node:fs';
import { access, lstat, open, readlink, stat } from 'node:fs/promises';
import type { EngineContext } from '../context';
import { pathFor, pathVar } from '../context';
import type { ProgramStartProblem } from '../model';
import { resolveProgram } from '../resolve-program';

// Why a program that is there cannot start. The kernel refuses three things a person cannot
// tell apart from "command not found": a script whose `#!` interpreter is gone (pip's `aws`
// after Homebrew or the OS replaced that Python: bash says "bad interpreter", dash only
// "not found"), a file without the execute bit (exit 126, "Permission denied"), and a link whose
// target was removed. Git's helper shell meets exactly the same refusal, so naming it here names
// why git gets no password. POSIX only: Windows starts programs by their extension.

/** Enough for any `#!` line (the kernel itself reads at most 256 bytes of it). */
const HEAD_BYTES = 512;

/** The first bytes of a regular file, without ever blocking on a FIFO or opening a device. */
export async function readHead(file: string, bytes = HEAD_BYTES): Promise<Buffer | undefined> {
  try {
    if (!(await stat(file)).isFile()) return undefined;
    const fh = await open(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0));
    try {
      if (!(await fh.stat()).isFile()) return undefined;
      const buf = Buffer.alloc(bytes);
      const { bytesRead } = await fh.read(buf, 0, bytes, 0);
      return buf.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
  } catch {
    return undefined;
  }
}

/** The interpreter a script names (`#!/usr/bin/python3.9` → that path; `#!/usr/bin/env python3` → `python3`). */
export function shebangOf(head: Buffer | undefined): string[] | undefined {
  if (!head || head[0] !== 0x23 || head[1] !== 0x21) return undefined;
  const line = head.toString('utf8').slice(2).split(/\r?\n/)[0] ?? '';
  const words = line.trim().split(/\s+/).filter(Boolean);
  return words.length > 0 ? words : undefined;
}

async function executable(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile() && (await access(file, constants.X_OK).then(() => true));
  } catch {
    return false;
  }
}

/** The interpreter a `#!` line starts, resolved the way the kernel and env(1) would. */
export async function interpreterOf(ctx: EngineContext, file: string): Promise<string | undefined> {
  const words = shebangOf(await readHead(file));
  if (!words) return undefined;
  const [first, ...rest] = words as [string, ...string[]];
  if (pathFor(ctx.platform).basename(first) !== 'env') return first;
  const name = rest.find((w) => !w.startsWith('-') && !w.includes('='));
  return name && ((await resolveProgram(ctx, name)) ?? name);
}

/** Why `file`, found where git's shell looks, cannot start; undefined when nothing here explains it. */
export async function startProblemOf(
  ctx: EngineContext,
  file: string,
): Promise<ProgramStartProblem | undefined> {
  if (ctx.platform === 'win32') return undefined;
  try {
    const link = await lstat(file);
    if (
      link.isSymbolicLink() &&
      !(await stat(file).then(
        () => true,
        () => false,
      ))
    ) {
      return { kind: 'dangling-link', path: file, target: await readlink(file) };
    }
    if (!link.isSymbolicLink() && !link.isFile()) return undefined;
  } catch {
    return undefined;
  }
  if (!(await executable(file))) return { kind: 'not-executable', path: file };
  const interpreter = await interpreterOf(ctx, file);
  if (interpreter && !(await executable(interpreter)))
    return { kind: 'bad-interpreter', path: file, interpreter };
  return undefined;
}

/**
 * A program git's shell cannot find: the first entry of that name on PATH that is there but
 * unusable (a dangling link, a file without the execute bit), so "not found" can say why.
 */
export async function unusableOnPath(
  ctx: EngineContext,
  name: string,
): Promise<ProgramStartProblem | undefined> {
  if (ctx.platform === 'win32') return undefined;
  const p = pathFor(ctx.platform);
  const candidates = p.isAbsolute(name)
    ? [name]
    : name.includes('/')
      ? [p.resolve(ctx.cwd, name)]
      : pathVar(ctx.env)
          .split(':')
          .filter(Boolean)
          .map((dir) => p.join(dir, name));
  for (const candidate of candidates) {
    const problem = await startProblemOf(ctx, candidate);
    if (problem) return problem;
  }
  return undefined;
}

/** The problem in words, for an explanation ("…/aws starts /usr/bin/python3.8, which is not there"). */
export function describeStartProblem(problem: ProgramStartProblem): string {
  switch (problem.kind) {
    case 'bad-interpreter':
      return `${problem.path} is a script that starts ${problem.interpreter}, which is not there any more (the shell says "bad interpreter" or "not found").`;
    case 'not-executable':
      return `${problem.path} is not marked as a program that may run (no execute permission), so the shell says "Permission denied".`;
    case 'dangling-link':
      return `${problem.path} is a link to ${problem.target}, which does not exist any more.`;
  }
}
