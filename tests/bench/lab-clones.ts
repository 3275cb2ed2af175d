import { disposeLabCaches } from '../lab/git-server';
import { buildScenario } from '../lab/scenarios';

// N real `git clone`s at once against one Lab, each through the real AWS CLI helper
// (one Python start per clone — that, not the Lab, dominates on a small machine).

export interface LabClonesResult {
  concurrent: number;
  ok: number;
  failed: number;
  p50Ms: number;
  p95Ms: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] ?? 0;
}

export async function benchLabClones(concurrent = 50): Promise<LabClonesResult> {
  const s = await buildScenario('healthy');
  try {
    const runs = await Promise.all(
      Array.from({ length: concurrent }, (_, i) =>
        s.sandbox.git(['clone', '--quiet', s.url, `clone-${i}`], { timeoutMs: 180_000 }),
      ),
    );
    const ok = runs.filter((r) => r.code === 0);
    const times = ok.map((r) => r.durationMs).sort((a, b) => a - b);
    return {
      concurrent,
      ok: ok.length,
      failed: runs.length - ok.length,
      p50Ms: percentile(times, 50),
      p95Ms: percentile(times, 95),
    };
  } finally {
    await s.dispose();
    disposeLabCaches();
  }
}

// ESM-safe "main module" check (no require.main under ESM, no import.meta under CJS).
if (/lab-clones\.[cm]?[jt]s$/.test(process.argv[1] ?? '')) {
  const started = Date.now();
  benchLabClones().then(
    (r) => {
      console.table([{ ...r, wallMs: Date.now() - started }]);
      process.exit(r.failed === 0 ? 0 : 1);
    },
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
