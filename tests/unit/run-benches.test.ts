import { describe, expect, it } from 'vitest';
import { runBenches, type Bench, type BenchOutput } from '../bench/run-benches';

function recorder(): BenchOutput & { logs: string[]; errors: string[]; tables: unknown[] } {
  const r = {
    logs: [] as string[],
    errors: [] as string[],
    tables: [] as unknown[],
    log: (t: string) => r.logs.push(t),
    table: (rows: unknown) => r.tables.push(rows),
    error: (t: string) => r.errors.push(t),
  };
  return r;
}

const ok = (name: string, rows: unknown = [{ x: 1 }]): Bench => ({
  name,
  load: async () => ({ run: async () => rows }),
});

describe('runBenches (npm run bench)', () => {
  it('a benchmark whose module fails to import: its error printed, exit 1, the others still run', async () => {
    const out = recorder();
    const broken: Bench = {
      name: 'renderer',
      load: async () => {
        throw new Error("Cannot find module 'playwright'");
      },
    };
    const code = await runBenches([ok('scan'), broken, ok('account')], [], out);
    expect(code).toBe(1);
    expect(out.errors.join('\n')).toMatch(
      /renderer: could not be loaded:\nError: Cannot find module 'playwright'/,
    );
    expect(out.errors.at(-1)).toMatch(/did not run: renderer$/);
    expect(out.tables).toEqual([[{ x: 1 }], [{ x: 1 }]]);
  });

  it('a benchmark that throws while running: exit 1 with its error', async () => {
    const out = recorder();
    const failing: Bench = {
      name: 'lab',
      load: async () => ({
        run: async () => {
          throw new Error('git http-backend exited 128');
        },
      }),
    };
    expect(await runBenches([failing], ['lab'], out)).toBe(1);
    expect(out.errors.join('\n')).toMatch(/lab: failed:\nError: git http-backend exited 128/);
  });

  it('only the named ones run, with their own formatter; an unknown name exits 2 naming the known ones', async () => {
    const out = recorder();
    const formatted: Bench = {
      name: 'renderer',
      load: async () => ({ run: async () => 3, format: (n) => `three is ${String(n)}` }),
    };
    expect(await runBenches([ok('scan'), formatted], ['renderer'], out)).toBe(0);
    expect(out.logs).toContain('three is 3');
    expect(out.logs.some((l) => l.includes('== scan =='))).toBe(false);
    expect(out.errors).toEqual([]);

    const bad = recorder();
    expect(await runBenches([ok('scan')], ['scna'], bad)).toBe(2);
    expect(bad.errors).toEqual(['unknown benchmark: scna; known: scan']);
  });
});
