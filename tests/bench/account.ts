import { GetRepositoryCommand } from '@aws-sdk/client-codecommit';
import { probeAccount } from '../../electron/engine/account/probe';
import { codecommitClient } from '../../electron/engine/account/aws-clients';
import { createContext } from '../../electron/engine/context';
import { probeAwsConfig } from '../../electron/engine/probes/aws-config';
import { resolveUrlTarget } from '../../electron/engine/targets';
import { startAwsApi } from '../lab/aws-api/server';
import { disposeLabCaches, startLab } from '../lab/git-server';
import { createSandbox } from '../lab/sandbox';
import { LAB_ACCOUNT, makeIdentity } from '../lab/scenarios';

// The whole AWS account phase (identity, policy simulation, repository lookup including the
// all-regions search) against the Lab, compared with one API round trip (one GetRepository
// with a warm client). Goal: phase ≤ 3 × one round trip. Run: npx tsx tests/bench/account.ts
// The Lab answers in well under a millisecond, so the comparison is also made with an added
// per-reply latency, which is what a real network adds to every call.

const RUNS = 7;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

export interface AccountBenchRow {
  latencyMs: number;
  case: 'found' | 'other-region';
  roundTripMs: number;
  phaseMs: number;
  ratio: number;
  calls: number;
}

export async function benchAccount(latencies = [0, 50, 100]): Promise<AccountBenchRow[]> {
  const rows: AccountBenchRow[] = [];
  for (const latencyMs of latencies) {
    for (const where of ['found', 'other-region'] as const) {
      const lab = await startLab();
      const id = makeIdentity();
      lab.state.identities.push(id);
      lab.state.policies.push({
        principalArn: id.arn,
        effect: 'Allow',
        actions: ['codecommit:*', 'iam:SimulatePrincipalPolicy'],
        resources: ['*'],
      });
      await lab.addRepo({
        name: 'demo',
        region: where === 'found' ? 'us-east-1' : 'eu-west-1',
        account: LAB_ACCOUNT,
      });
      const api = await startAwsApi(lab.state, { latencyMs });
      const sb = createSandbox(lab, {
        awsProfiles: {
          default: { accessKeyId: id.accessKeyId, secretAccessKey: id.secretAccessKey, region: 'us-east-1' },
        },
        env: { AWS_ENDPOINT_URL: api.url },
      });
      try {
        const ctx = createContext({ env: sb.env, home: sb.home, cwd: sb.home });
        const awsConfig = await probeAwsConfig(ctx);
        const { targets } = resolveUrlTarget(lab.url('us-east-1', 'demo'));
        const cc = codecommitClient({
          ctx,
          region: 'eu-west-1',
          endpoint: api.url,
          credentials: () =>
            Promise.resolve({ accessKeyId: id.accessKeyId, secretAccessKey: id.secretAccessKey }),
        });
        await cc.send(new GetRepositoryCommand({ repositoryName: 'demo' })).catch(() => undefined);
        const rt: number[] = [];
        for (let i = 0; i < RUNS; i++) {
          const t0 = performance.now();
          await cc.send(new GetRepositoryCommand({ repositoryName: 'demo' })).catch(() => undefined);
          rt.push(performance.now() - t0);
        }
        cc.destroy();
        const phase: number[] = [];
        let calls = 0;
        for (let i = 0; i < RUNS; i++) {
          const before = api.calls.length;
          const t0 = performance.now();
          const facts = await probeAccount(ctx, { targets, git: undefined, awsConfig });
          phase.push(performance.now() - t0);
          calls = api.calls.length - before;
          if (facts.profiles[0]?.credentials !== 'ok')
            throw new Error(`bench setup broken: ${facts.profiles[0]?.error}`);
        }
        const roundTripMs = median(rt);
        const phaseMs = median(phase);
        rows.push({ latencyMs, case: where, roundTripMs, phaseMs, ratio: phaseMs / roundTripMs, calls });
      } finally {
        await api.stop();
        await sb.cleanup();
        await lab.stop();
      }
    }
  }
  disposeLabCaches();
  return rows;
}

if (process.argv[1]?.endsWith('account.ts')) {
  benchAccount()
    .then((rows) => {
      console.log('| Lab latency | repository | 1 round trip | whole account phase | × | API calls |');
      console.log('|---|---|---|---|---|---|');
      for (const r of rows) {
        console.log(
          `| ${r.latencyMs} ms | ${r.case} | ${r.roundTripMs.toFixed(1)} ms | ${r.phaseMs.toFixed(1)} ms | ${r.ratio.toFixed(2)} | ${r.calls} |`,
        );
      }
    })
    .catch((e: unknown) => {
      console.error(e);
      process.exit(1);
    });
}
