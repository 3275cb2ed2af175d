import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { RunOptions, RunResult, Runner } from '../../electron/engine/runner';

// A Runner that replays recorded macOS/Windows output on any machine. Each expected call
// names the exact command and argv; the runner hands back the recorded result, and any
// call that was not expected (wrong argv, wrong order, one too many) is recorded as a
// mismatch AND rejected, so `assertDone()` fails the test even when the code under test
// swallows the rejection.

export interface ExpectedCall {
  command: string;
  args: readonly string[];
  result?: Partial<Omit<RunResult, 'command' | 'args'>>;
}

export interface ReplayRunner extends Runner {
  /** Every call made, in order, with its options (to check timeouts were passed). */
  readonly calls: { command: string; args: readonly string[]; options?: RunOptions }[];
  readonly mismatches: string[];
  /** Throws unless every expected call was made, in order, and nothing else. */
  assertDone(): void;
}

function fmt(command: string, args: readonly string[]): string {
  return JSON.stringify([command, ...args]);
}

export function replayRunner(expected: readonly ExpectedCall[]): ReplayRunner {
  const calls: ReplayRunner['calls'] = [];
  const mismatches: string[] = [];
  let next = 0;
  const run = async (command: string, args: readonly string[], options?: RunOptions): Promise<RunResult> => {
    calls.push({ command, args: [...args], ...(options ? { options } : {}) });
    const want = expected[next];
    if (!want) {
      const msg = `unexpected call #${calls.length}: ${fmt(command, args)} (no more calls expected)`;
      mismatches.push(msg);
      throw new Error(msg);
    }
    if (want.command !== command || fmt('', want.args) !== fmt('', args)) {
      const msg = `call #${calls.length}: expected ${fmt(want.command, want.args)}, got ${fmt(command, args)}`;
      mismatches.push(msg);
      throw new Error(msg);
    }
    next++;
    return recordedResult(command, args, want.result);
  };
  return Object.assign(run, {
    calls,
    mismatches,
    assertDone() {
      const problems = [...mismatches];
      if (next < expected.length) {
        problems.push(
          `${expected.length - next} expected call(s) not made, first: ${fmt(expected[next]!.command, expected[next]!.args)}`,
        );
      }
      if (problems.length) throw new Error(`replay runner:\n${problems.join('\n')}`);
    },
  });
}

/** Reads a fixture file byte for byte as UTF-8 (the runner decodes output the same way). */
export function readFixture(file: string): string {
  return readFileSync(file, 'utf8');
}

/**
 * A call file (JSON): `{ "calls": [{ "command", "args", "result": { …, "stdoutFile"?, "stderrFile"? } }] }`.
 * `stdoutFile`/`stderrFile` name captured output next to the call file, so one real sample can
 * back several scenarios without being copied.
 */
export function replayFromFixture(callFile: string): ReplayRunner {
  const dir = path.dirname(callFile);
  const parsed = JSON.parse(readFileSync(callFile, 'utf8')) as unknown;
  if (!parsed || typeof parsed !== 'object' || !Array.isArray((parsed as { calls?: unknown }).calls)) {
    throw new Error(`${callFile}: expected { "calls": [...] }`);
  }
  const calls = (parsed as { calls: unknown[] }).calls.map((c, i): ExpectedCall => {
    const call = c as { command?: unknown; args?: unknown; result?: Record<string, unknown> };
    if (
      typeof call.command !== 'string' ||
      !Array.isArray(call.args) ||
      !call.args.every((a) => typeof a === 'string')
    ) {
      throw new Error(`${callFile}: call ${i} needs "command" (string) and "args" (string[])`);
    }
    const { stdoutFile, stderrFile, ...rest } = call.result ?? {};
    const result: ExpectedCall['result'] = { ...(rest as ExpectedCall['result']) };
    if (typeof stdoutFile === 'string') result.stdout = readFixture(path.join(dir, stdoutFile));
    if (typeof stderrFile === 'string') result.stderr = readFixture(path.join(dir, stderrFile));
    return { command: call.command, args: call.args as string[], result };
  });
  return replayRunner(calls);
}

/** A finished run as the real runner reports one (exit 0, empty output), with `partial` on top. */
export function recordedResult(
  command: string,
  args: readonly string[],
  partial: Partial<RunResult> = {},
): RunResult {
  return {
    command,
    args,
    exitCode: 0,
    signal: null,
    stdout: '',
    stderr: '',
    timedOut: false,
    notFound: false,
    durationMs: 1,
    ...partial,
  };
}
