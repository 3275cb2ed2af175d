// Runs the benchmarks `npm run bench` names. A benchmark that cannot be loaded (its module
// fails to import: a missing dependency, a syntax error) or that throws is reported with its
// error and makes the run exit non-zero: a figure that silently went missing would otherwise
// look like a benchmark that was never asked for.

export interface LoadedBench {
  run(): Promise<unknown>;
  /** Prints the result; console.table when absent. */
  format?(result: unknown): string;
}

export interface Bench {
  name: string;
  /** Imports the benchmark's module lazily, so `bench -- scan` does not need Chromium. */
  load(): Promise<LoadedBench>;
}

export interface BenchOutput {
  log(text: string): void;
  table(rows: unknown): void;
  error(text: string): void;
}

function describeError(e: unknown): string {
  return e instanceof Error ? (e.stack ?? `${e.name}: ${e.message}`) : String(e);
}

/** 0 when every selected benchmark ran, 1 when one failed to load or run, 2 for an unknown name. */
export async function runBenches(benches: Bench[], only: string[], out: BenchOutput): Promise<number> {
  const unknown = only.filter((n) => !benches.some((b) => b.name === n));
  if (unknown.length > 0) {
    out.error(`unknown benchmark: ${unknown.join(', ')}; known: ${benches.map((b) => b.name).join(', ')}`);
    return 2;
  }
  const failed: string[] = [];
  for (const b of benches) {
    if (only.length > 0 && !only.includes(b.name)) continue;
    out.log(`\n== ${b.name} ==`);
    const t = Date.now();
    let bench: LoadedBench;
    try {
      bench = await b.load();
    } catch (e) {
      out.error(`${b.name}: could not be loaded:\n${describeError(e)}`);
      failed.push(b.name);
      continue;
    }
    try {
      const result = await bench.run();
      if (bench.format) out.log(bench.format(result));
      else out.table(result);
    } catch (e) {
      out.error(`${b.name}: failed:\n${describeError(e)}`);
      failed.push(b.name);
    }
    out.log(`(${((Date.now() - t) / 1000).toFixed(1)} s)`);
  }
  if (failed.length > 0) out.error(`\nBenchmarks that did not run: ${failed.join(', ')}`);
  return failed.length > 0 ? 1 : 0;
}
