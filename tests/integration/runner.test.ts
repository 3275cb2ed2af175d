import { afterEach, describe, expect, it } from 'vitest';
import { realRunner } from '../../electron/engine/runner';
import {
  goneWithin as gone,
  killMarked,
  pidsWithArg as pidsRunning,
  sleepMarker,
} from '../support/processes';

// The runner against real processes that leave children behind. A grandchild that keeps the
// program's output pipes open must not keep the doctor waiting (nor be reported as a timeout),
// and nothing the runner had to stop may outlive it.

const markers: string[] = [];
afterEach(() => {
  for (const m of markers.splice(0)) killMarked(m);
});

function sleeper(): string {
  const m = sleepMarker();
  markers.push(m);
  return m;
}

describe('realRunner and what a program leaves behind', () => {
  it('a program that exits while its background child holds stdout: exit code reported at once, the child ended', async () => {
    const m = sleeper();
    const t0 = performance.now();
    const r = await realRunner('/bin/sh', ['-c', `sleep ${m} & echo started; exit 3`], { timeoutMs: 20_000 });
    expect(performance.now() - t0).toBeLessThan(3_000);
    expect(r).toMatchObject({ exitCode: 3, timedOut: false, notFound: false });
    expect(r.stdout).toBe('started\n');
    expect(await gone(m)).toBe(true);
  });

  it('a grandchild holding stderr only is handled the same way', async () => {
    const m = sleeper();
    const t0 = performance.now();
    const r = await realRunner('/bin/sh', ['-c', `sleep ${m} >/dev/null & echo done >&2`], {
      timeoutMs: 20_000,
    });
    expect(performance.now() - t0).toBeLessThan(3_000);
    expect(r).toMatchObject({ exitCode: 0, timedOut: false, stderr: 'done\n' });
    expect(await gone(m)).toBe(true);
  });

  it('a program that really runs out of time is "timed out", and its whole group is ended', async () => {
    const child = sleeper();
    const grandchild = sleeper();
    const t0 = performance.now();
    const r = await realRunner('/bin/sh', ['-c', `sleep ${grandchild} & sleep ${child}`], { timeoutMs: 800 });
    expect(performance.now() - t0).toBeLessThan(3_000);
    expect(r).toMatchObject({ exitCode: null, timedOut: true });
    expect(await gone(child)).toBe(true);
    expect(await gone(grandchild)).toBe(true);
  });

  it('a daemon that let go of the output is left alone (git credential-cache starts one)', async () => {
    const m = sleeper();
    const r = await realRunner('/bin/sh', ['-c', `sleep ${m} </dev/null >/dev/null 2>&1 & echo ok`], {
      timeoutMs: 20_000,
    });
    expect(r).toMatchObject({ exitCode: 0, timedOut: false, stdout: 'ok\n' });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(pidsRunning(m)).toHaveLength(1);
  });

  it('endless output is capped, and the time limit still holds', async () => {
    const t0 = performance.now();
    const r = await realRunner('/bin/sh', ['-c', 'yes; yes >&2'], { timeoutMs: 1_000 });
    expect(performance.now() - t0).toBeLessThan(4_000);
    expect(r.timedOut).toBe(true);
    expect(r.stdout.length).toBeLessThanOrEqual(8 * 1024 * 1024);
    expect(r.stderr.length).toBeLessThanOrEqual(8 * 1024 * 1024);
  });
});
