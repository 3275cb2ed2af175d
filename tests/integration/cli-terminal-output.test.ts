import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderFixSummary, renderPlan } from '../../electron/cli/fix-summary';
import { renderReport, type HumanOptions } from '../../electron/cli/human';
import { createContext } from '../../electron/engine/context';
import type { ScanReport } from '../../electron/engine/model';
import { runScan } from '../../electron/engine/scan';
import { collectOffers } from '../../electron/shared/offers';
import { disposeLabCaches } from '../lab/git-server';
import { buildScenario, type BuiltScenario } from '../lab/scenarios';
import { createFixSandbox } from '../support/fix-sandbox';

// Issue 14, the terminal: what a person sees, from real scans of Lab scenarios (real git, the
// real AWS CLI helper, the Lab's CodeCommit), at 80 and 120 columns, with and without colour.
// The snapshots under __snapshots__/terminal/ change when wrapping, colour or the grouping of
// evidence change; what varies from run to run (ports, temporary folders, random keys,
// durations) is replaced before rendering.

const SCENARIOS = {
  'fixable-failure': 'stale-cached-password',
  passing: 'healthy',
  unexplained: 'endpoint-policy-denies',
} as const;
/** Not a Lab scenario: a system-wide `store` before the AWS helper, no UseHttpPath (--offline, as cli.test.ts). */
const SHARED = 'shared-evidence';
type Case = keyof typeof SCENARIOS | typeof SHARED;
const CASES: Case[] = [...(Object.keys(SCENARIOS) as Case[]), SHARED];

const built: BuiltScenario[] = [];
const reports = new Map<Case, ScanReport>();
const cleanups: (() => void)[] = [];
const HOST = 'git-codecommit.us-east-2.amazonaws.com';

interface Volatile {
  home: string;
  url: string;
  identity?: { accessKeyId: string; userId: string };
}

/** The same report on every run: volatile values swapped for fixed ones, everywhere they appear. */
function stable(report: ScanReport, v: Volatile): ScanReport {
  let text = JSON.stringify(report);
  const swap = (from: string | undefined, to: string) => {
    if (from) text = text.split(from).join(to);
  };
  swap(v.home, '/home/alice');
  swap(v.identity?.accessKeyId, 'AKIAEXAMPLEKEY000001');
  swap(v.identity?.userId, 'AIDAEXAMPLEUSER00001');
  text = text.replace(/(amazonaws\.com(?:\.cn)?):\d{2,5}/g, '$1');
  text = text.replace(/\/tmp\/[A-Za-z0-9._-]+/g, '/tmp/sandbox');
  const port = Number(new URL(v.url).port);
  const r = JSON.parse(text, (key, value: unknown) =>
    key === 'port' && value === port ? undefined : value,
  ) as ScanReport;
  r.tool.version = '1.0.0';
  r.startedAt = '2026-01-01T00:00:00.000Z';
  r.durationMs = 4200;
  for (const c of r.checks) c.durationMs = 10;
  if (r.live?.verdict) r.live.verdict.durationMs = 300;
  return r;
}

beforeAll(async () => {
  await Promise.all(
    (Object.entries(SCENARIOS) as [Case, string][]).map(async ([key, name]) => {
      const b = await buildScenario(name);
      built.push(b);
      const ctx = createContext({ env: b.sandbox.env, home: b.sandbox.home, cwd: b.sandbox.home });
      const report = await runScan(ctx, { target: { kind: 'url', url: b.url } });
      reports.set(key, stable(report, { home: b.sandbox.home, url: b.url, identity: b.identity }));
    }),
  );
  const sb = createFixSandbox({
    system: '[credential]\n\thelper = store\n',
    global: '[credential]\n\thelper = !aws codecommit credential-helper $@\n',
  });
  cleanups.push(() => sb.cleanup());
  writeFileSync(path.join(sb.home, '.git-credentials'), `https://stale-user:stale-pass@${HOST}\n`, {
    mode: 0o600,
  });
  const url = `https://${HOST}/v1/repos/demo`;
  const report = await runScan(sb.ctx, { target: { kind: 'url', url }, offline: true });
  reports.set(SHARED, stable(report, { home: path.dirname(sb.home), url }));
}, 120_000);

afterAll(async () => {
  for (const c of cleanups) c();
  await Promise.all(built.map((b) => b.dispose()));
  disposeLabCaches();
});

const LOOKS = [
  { width: 80, color: false },
  { width: 80, color: true },
  { width: 120, color: false },
  { width: 120, color: true },
] as const;

const file = (name: string, l: (typeof LOOKS)[number]) =>
  `__snapshots__/terminal/${name}.${l.width}${l.color ? '.color' : ''}.txt`;

function report(c: Case): ScanReport {
  const r = reports.get(c);
  if (!r) throw new Error(`no report for ${c}`);
  return r;
}

function fixSummary(r: ScanReport, o: HumanOptions): string {
  const plans = collectOffers(r).map((p, i) => renderPlan(p, i + 1, o));
  return [renderFixSummary(r, o), '', 'What can be done:', ...plans].join('\n') + '\n';
}

describe.each(LOOKS)('at $width columns, colour $color', (look) => {
  const o: HumanOptions = { verbose: false, ascii: false, ...look };
  it.each(CASES)('diagnose: %s', async (c) => {
    await expect(renderReport(report(c), o)).toMatchFileSnapshot(file(c, look));
  });
  it('fix: the summary before the first question, then the plans', async () => {
    await expect(fixSummary(report('fixable-failure'), o)).toMatchFileSnapshot(file('fix-summary', look));
  });
});
