import { disposeLabCaches } from '../lab/git-server';
import { buildScenario } from '../lab/scenarios';

// N real `git clone`s at once against one Lab. Two modes: through the real AWS CLI helper
// (one Python start per clone — that, not the Lab, dominates on a small machine), and with
// static Git credentials from an inline helper, which measures the Lab itself.

export type CloneAuth = 'aws-helper' | 'static-git-credentials';

export interface LabClonesResult {
  auth: CloneAuth;
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

export async function benchLabClones(
  concurrent = 50,
  auth: CloneAuth = 'aws-helper',
): Promise<LabClonesResult> {
  const s = await buildScenario('healthy');
  try {
    let extra: string[] = [];
    if (auth === 'static-git-credentials') {
      const user = `${s.identity.userName ?? 'alice'}-at-${s.identity.account}`;
      const password = 'bench-static-password-0123456789';
      s.lab.state.gitCredentials.push({
        serviceSpecificCredentialId: 'ACCABENCH0000000000',
        userName: s.identity.userName ?? 'alice',
        serviceUserName: user,
        password,
        status: 'Active',
        createDate: new Date().toISOString(),
      });
      const helper = `!f() { echo username=${user}; echo password=${password}; }; f`;
      extra = ['-c', 'credential.helper=', '-c', `credential.helper=${helper}`];
    }
    const runs = await Promise.all(
      Array.from({ length: concurrent }, (_, i) =>
        s.sandbox.git([...extra, 'clone', '--quiet', s.url, `clone-${auth}-${i}`], { timeoutMs: 180_000 }),
      ),
    );
    const ok = runs.filter((r) => r.code === 0);
    const times = ok.map((r) => r.durationMs).sort((a, b) => a - b);
    return {
      auth,
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
  (async () => {
    const rows = [];
    for (const auth of ['static-git-credentials', 'aws-helper'] as const) {
      const t = Date.now();
      rows.push({ ...(await benchLabClones(50, auth)), wallMs: Date.now() - t });
    }
    return rows;
  })().then(
    (rows) => {
      console.table(rows);
      process.exit(rows.every((r) => r.failed === 0) ? 0 : 1);
    },
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
