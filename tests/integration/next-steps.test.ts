import { afterAll, describe, expect, it } from 'vitest';
import { createContext } from '../../electron/engine/context';
import type { Finding, ScanReport } from '../../electron/engine/model';
import { runScan } from '../../electron/engine/scan';
import { isRunnable } from '../../electron/shared/offers';
import { disposeLabCaches } from '../lab/git-server';
import { buildScenario, LAB_ACCOUNT, SCENARIOS, type BuiltScenario } from '../lab/scenarios';

// No dead ends: in every Lab scenario, each problem the doctor finds comes with something to
// act on — a fix it runs, or a next step in plain words (the address to use, the request for
// an administrator, the command to run). Where the doctor cannot fix the cause itself, the
// next step is checked for what makes it actionable.

const built: BuiltScenario[] = [];
afterAll(async () => {
  await Promise.all(built.map((b) => b.dispose()));
  disposeLabCaches();
});

async function diagnose(name: string): Promise<ScanReport> {
  const s = await buildScenario(name);
  built.push(s);
  const ctx = createContext({ env: s.sandbox.env, home: s.sandbox.home, cwd: s.sandbox.home });
  return runScan(ctx, { target: { kind: 'url', url: s.url } });
}

function finding(r: ScanReport, code: Finding['code']): Finding {
  const f = r.findings.find((x) => x.code === code);
  if (!f) throw new Error(`no ${code} in ${r.findings.map((x) => x.code).join(', ')}`);
  return f;
}

describe('every finding has something to act on', () => {
  it.each(SCENARIOS.map((s) => s.name))(
    '%s',
    async (name) => {
      const report = await diagnose(name);
      for (const f of report.findings) {
        expect(f.plain, `${f.code} plain words`).toBeTruthy();
        expect(f.fixes.length, `${f.code} has a fix or a next step`).toBeGreaterThan(0);
        for (const o of f.fixes) expect(o.plain, `${o.id} plain words`).toBeTruthy();
      }
      if (name === 'gitpull-denied') {
        const pull = finding(report, 'iam-gitpull-denied');
        expect(pull.fixes.some(isRunnable)).toBe(false);
        const policy = pull.evidence.find((e) => e.kind === 'policy');
        // What the administrator needs: who, which repository, the policy (real IDs, not redacted).
        expect(policy).toMatchObject({
          principal: `arn:aws:iam::${LAB_ACCOUNT}:user/alice`,
          resource: `arn:aws:codecommit:us-east-1:${LAB_ACCOUNT}:demo`,
        });
        expect(JSON.parse((policy as { document: string }).document).Statement[0].Action).toEqual([
          'codecommit:GitPull',
          'codecommit:GitPush',
        ]);
      }
      if (name === 'client-clock-skew') {
        const [clock] = finding(report, 'clock-skew').fixes;
        expect(clock?.steps[0]).toMatchObject({
          type: 'command',
          argv: ['sudo', 'timedatectl', 'set-ntp', 'true'],
        });
        expect(clock && isRunnable(clock)).toBe(false);
      }
      if (name === 'profile-no-credentials') {
        const [signIn] = finding(report, 'aws-identity-unknown').fixes;
        expect(signIn?.steps[0]).toMatchObject({ type: 'command', argv: ['aws', 'configure'] });
      }
      if (name === 'repo-in-other-region') {
        const [use] = finding(report, 'repo-found-in-other-region').fixes;
        expect(use?.address).toMatch(
          /^https:\/\/git-codecommit\.eu-west-1\.amazonaws\.com:\d+\/v1\/repos\/demo$/,
        );
      }
      if (name === 'url-username-with-at') {
        const [use] = finding(report, 'url-username-needs-encoding').fixes;
        // The AWS helper signs for this address: the user name goes (encoding it still gives 403).
        expect(use?.address).toMatch(
          /^https:\/\/git-codecommit\.us-east-1\.amazonaws\.com:\d+\/v1\/repos\/demo$/,
        );
      }
    },
    60_000,
  );

  it('an address git cannot read gets the address it most likely meant', async () => {
    const ctx = createContext({});
    const report = await runScan(ctx, {
      target: { kind: 'url', url: 'git-codecommit.us-east-2.amazonaws.com/v1/repos/demo' },
      offline: true,
    });
    const f = report.findings.find((x) => x.code === 'url-malformed' || x.code === 'url-not-codecommit');
    expect(f?.fixes[0]?.address).toBe('https://git-codecommit.us-east-2.amazonaws.com/v1/repos/demo');
    expect(f?.fixes.map((o) => o.title)).toContain('Copy the clone address from the CodeCommit console');
  });
});
