import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createContext, type EngineContext } from '../../electron/engine/context';
import { probeAwsCli } from '../../electron/engine/probes/aws-cli';
import { probeAwsConfig } from '../../electron/engine/probes/aws-config';
import { probeGit } from '../../electron/engine/probes/git';
import { probeRemoteCodecommit } from '../../electron/engine/probes/remote-codecommit';
import { probeSsh } from '../../electron/engine/probes/ssh';
import { probeStores } from '../../electron/engine/platform';
import { runScan } from '../../electron/engine/scan';

// The local scan's wall time against (a) its slowest probe and (b) the same probes run one
// after another, and the CLI's peak RSS. Goals (issue 2): ≤ 1.3 × slowest, ≤ 0.5 ×
// sequential, ≤ 120 MB. The sandbox is set up like a broken machine.

const URL = 'https://git-codecommit.us-east-2.amazonaws.com/v1/repos/demo';
const ROOT = path.resolve(__dirname, '..', '..');

function sandbox(): { env: NodeJS.ProcessEnv; home: string } {
  const home = mkdtempSync(path.join(tmpdir(), 'ccd-bench-'));
  mkdirSync(path.join(home, '.aws'));
  writeFileSync(path.join(home, '.aws', 'config'), '[default]\nregion = us-east-2\n');
  writeFileSync(
    path.join(home, '.aws', 'credentials'),
    '[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = x\n',
  );
  writeFileSync(
    path.join(home, '.gitconfig'),
    '[credential]\n\thelper = store\n\thelper = !aws codecommit credential-helper $@\n\tUseHttpPath = true\n',
  );
  writeFileSync(path.join(home, '.git-credentials'), 'https://me:x@github.com\n', { mode: 0o600 });
  const env: NodeJS.ProcessEnv = {
    HOME: home,
    PATH: '/usr/bin:/bin',
    GIT_CONFIG_GLOBAL: path.join(home, '.gitconfig'),
    GIT_CONFIG_NOSYSTEM: '1',
    AWS_EC2_METADATA_DISABLED: 'true',
    CODECOMMIT_DOCTOR_STATE_DIR: path.join(home, 'state'),
  };
  return { env, home };
}

async function timeIt<T>(f: () => Promise<T>): Promise<number> {
  const t = performance.now();
  await f();
  return performance.now() - t;
}

async function sequential(ctx: EngineContext): Promise<number> {
  return timeIt(async () => {
    const git = await probeGit(ctx, {});
    await probeAwsConfig(ctx);
    await probeStores(ctx, Promise.resolve(git));
    await probeRemoteCodecommit(ctx);
    await probeAwsCli(ctx, ['aws']);
    await probeSsh(ctx, []);
  });
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

interface Series {
  walls: number[];
  slowest: number[];
  seqs: number[];
}

/** cold: no remembered `aws --version` (first scan on a machine); warm: a re-scan. */
async function series(ctx: EngineContext, home: string, runs: number, cold: boolean): Promise<Series> {
  const out: Series = { walls: [], slowest: [], seqs: [] };
  for (let i = 0; i < runs; i++) {
    if (cold) rmSync(path.join(home, 'state'), { recursive: true, force: true });
    const probeTimes: number[] = [];
    const wall = await timeIt(() =>
      runScan(ctx, {
        target: { kind: 'url', url: URL },
        offline: true,
        onEvent: (e) => e.type === 'probe-finished' && probeTimes.push(e.durationMs),
      }),
    );
    out.walls.push(wall);
    out.slowest.push(Math.max(...probeTimes));
    if (cold) rmSync(path.join(home, 'state'), { recursive: true, force: true });
    out.seqs.push(await sequential(ctx));
  }
  return out;
}

function rows(label: string, s: Series): Record<string, string> {
  const w = median(s.walls);
  const p = median(s.slowest);
  const q = median(s.seqs);
  return {
    [`${label}: scan wall time (median)`]: `${w.toFixed(0)} ms`,
    [`${label}: slowest probe`]: `${p.toFixed(0)} ms`,
    [`${label}: probes one after another`]: `${q.toFixed(0)} ms`,
    [`${label}: wall / slowest probe (goal ≤ 1.3)`]: (w / p).toFixed(2),
    [`${label}: wall / sequential (goal ≤ 0.5)`]: (w / q).toFixed(2),
  };
}

export async function benchScan(runs = 5): Promise<Record<string, string>> {
  const { env, home } = sandbox();
  const ctx = createContext({ env, home, cwd: home });
  try {
    const cold = await series(ctx, home, runs, true);
    const warm = await series(ctx, home, runs, false);
    const rss = spawnSync(
      process.execPath,
      [
        '-r',
        path.join(__dirname, 'rss-probe.cjs'),
        path.join(ROOT, 'bin', 'codecommit-doctor.cjs'),
        'diagnose',
        '--repo',
        URL,
        '--offline',
        '--json',
      ],
      { env, encoding: 'utf8' },
    );
    const maxRssKb = Number(/MAXRSS (\d+)/.exec(rss.stderr)?.[1] ?? NaN);
    return {
      ...rows('first scan', cold),
      ...rows('re-scan', warm),
      'CLI peak RSS (goal ≤ 120 MB)': `${(maxRssKb / 1024).toFixed(1)} MB`,
    };
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

if (process.argv[1] && /bench[/\\]scan\.ts$/.test(process.argv[1])) {
  void benchScan().then((rows) => console.table(rows));
}
