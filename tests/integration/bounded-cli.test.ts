import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import type { ScanReport } from '../../electron/engine/model';
import { ensureCliBuilt, runCli } from '../support/cli-run';
import { AWS_V2_VERSION, createFixSandbox, writeExecutable, type FixSandbox } from '../support/fix-sandbox';
import { goneWithin, killMarked, sleepMarker } from '../support/processes';

// Bounded time and memory (issue 10, items 10 and 12–15), end to end through the built CLI:
// whatever a program, a file or AWS does, the doctor ends in about the time it was given,
// says what happened, and leaves nothing of its own running.

const URL = 'https://git-codecommit.us-east-2.amazonaws.com/v1/repos/demo';

const sandboxes: FixSandbox[] = [];
const markers: string[] = [];
function sandbox(opts: Parameters<typeof createFixSandbox>[0] = {}): FixSandbox {
  const sb = createFixSandbox(opts);
  sandboxes.push(sb);
  return sb;
}
function marker(): string {
  const m = sleepMarker();
  markers.push(m);
  return m;
}

beforeAll(async () => {
  await ensureCliBuilt();
}, 120_000);

afterEach(() => {
  for (const m of markers.splice(0)) killMarked(m);
  while (sandboxes.length) sandboxes.pop()?.cleanup();
});

const check = (r: ScanReport, id: string) => r.checks.find((c) => c.id === id);

describe('a program that leaves a child holding its output (item 14)', () => {
  it('`aws --version` that backgrounds a sleep: the version is read, the CLI ends at once, the sleep is ended', async () => {
    const sb = sandbox({ global: '[credential]\n\thelper = !aws codecommit credential-helper $@\n' });
    const m = marker();
    writeExecutable(
      path.join(sb.bin, 'aws'),
      `#!/bin/sh\nsleep ${m} &\nprintf '%s' '${AWS_V2_VERSION}'\nexit 0\n`,
    );
    const r = await runCli(['diagnose', '--repo', URL, '--offline', '--json', '--timeout', '30'], sb.env, {
      timeoutMs: 60_000,
    });
    expect(r.durationMs).toBeLessThan(10_000);
    const report = JSON.parse(r.stdout) as ScanReport;
    expect(check(report, 'aws-cli')?.status, JSON.stringify(check(report, 'aws-cli'))).toBe('pass');
    expect(JSON.stringify(report)).not.toMatch(/timed out/);
    expect(await goneWithin(m)).toBe(true);
  });
});
