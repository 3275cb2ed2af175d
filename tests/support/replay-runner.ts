import { readFileSync } from 'node:fs';
import type { RunOptions, RunResult, Runner } from '../../electron/engine/runner';

// A Runner that replays an exact sequence of calls, for tests that build each output in code
// and check the order. A macOS or Windows computer replayed from captured output is a
// recording (tests/support/recording.ts, tests/fixtures/recordings/). Each expected call
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
