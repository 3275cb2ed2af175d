import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanReport } from '../../electron/engine/model';
import { disposeLabCaches } from '../lab/git-server';
import { buildScenario, SCENARIOS, type BuiltScenario } from '../lab/scenarios';
import { expectLabRefusals } from '../support/lab-refusals';
import { expectHonest } from '../support/live-honesty';

// Every Lab scenario through the real CLI: what git really shows (broken), what
// `codecommit-doctor diagnose --json` names (online: what the live check says, and that no
// output claims health while it fails — tests/support/live-honesty.ts), then — where the cause is on this computer —
// `fix --yes` → a real clone works → `undo` → the same failure as before. Each test builds
// its own scenario, so they pass in any order and alone.

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'bin', 'codecommit-doctor.cjs');

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(args: string[], env: Record<string, string>, input = ''): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [CLI, ...args],
      { env, timeout: 120_000, maxBuffer: 16 << 20 },
      (err, stdout, stderr) => {
        const code = err
          ? typeof (err as { code?: unknown }).code === 'number'
            ? (err as { code: number }).code
            : 99
          : 0;
        resolve({ code, stdout, stderr });
      },
    );
    child.stdin?.end(input);
  });
}

/** Scenarios whose cause lives on this computer and that a fix without any choice repairs. */
const FIXABLE: Record<string, { undoRestoresFailure: boolean }> = {
  'usehttppath-missing': { undoRestoresFailure: true },
  'aws-not-on-path': { undoRestoresFailure: true },
  'scoped-section-misses-fips': { undoRestoresFailure: true },
  'scoped-section-misses-vpce': { undoRestoresFailure: true },
  'scoped-section-misses-cn': { undoRestoresFailure: true },
  // Undo brings the shadowing helper back, but the stale password was deleted for good
  // (it cannot be put back: it was never read), so the clone keeps working after undo.
  'stale-cached-password': { undoRestoresFailure: false },
};

const stateDirs: string[] = [];

beforeAll(() => {
  expect(existsSync(path.join(ROOT, 'out', 'main', 'cli.js')), 'run `npm run build` first').toBe(true);
});

afterAll(() => {
  for (const d of stateDirs) rmSync(d, { recursive: true, force: true });
  disposeLabCaches();
});

/**
 * Every test gets a scenario of its own (its own Lab, AWS API state and sandbox): a repair
 * in one test (a deleted password, a Git credential turned back on) can never make another
 * pass or fail, whatever order they run in.
 */
async function withScenario(name: string, test: (b: BuiltScenario) => Promise<void>): Promise<void> {
  const b = await buildScenario(name);
  try {
    await test(b);
  } finally {
    await b.dispose();
  }
}

function envFor(b: BuiltScenario): Record<string, string> {
  const stateDir = mkdtempSync(path.join(tmpdir(), 'ccd-state-'));
  stateDirs.push(stateDir);
  return { ...b.sandbox.env, CODECOMMIT_DOCTOR_STATE_DIR: stateDir };
}

function localCodes(report: ScanReport): string[] {
  return [...new Set(report.findings.filter((f) => f.severity !== 'info').map((f) => f.code))].sort();
}

describe.each(SCENARIOS.map((s) => s.name))('Lab scenario %s', (name) => {
  it(
    'git fails (or works) for real, and diagnose names the local causes',
    () =>
      withScenario(name, async (b) => {
        const clone = await b.clone();
        expect(clone.code).toBe(b.expectedGit.exitCode);
        expect(clone.stderr + clone.stdout).toMatch(b.expectedGit.output);
        expectLabRefusals(b.lab.requests, b.expectedLab, b.expectedGit.exitCode === 0);

        const r = await cli(['diagnose', '--repo', b.url, '--offline', '--json'], envFor(b));
        const report = JSON.parse(r.stdout) as ScanReport;
        expect(localCodes(report)).toEqual([...b.expectedCodes].sort());
        const hasProblems = report.findings.some((f) => f.severity !== 'info');
        // Offline the clone is never tried: nothing found is exit 3, never a claim of health.
        expect(r.code).toBe(hasProblems ? 1 : 3);
        expect(report.live?.tried).toBe(false);
        expectHonest(report, r.code);
        // Nothing secret the sandbox holds may appear in the report.
        expect(r.stdout).not.toContain(b.identity.secretAccessKey);
      }),
    90_000,
  );

  it(
    "an online diagnosis adds the account side, from the Lab's AWS API",
    () =>
      withScenario(name, async (b) => {
        const r = await cli(['diagnose', '--repo', b.url, '--json'], envFor(b));
        const report = JSON.parse(r.stdout) as ScanReport;
        const all = [...new Set(report.findings.map((f) => f.code))].sort();
        expect(all).toEqual([...new Set([...b.expectedCodes, ...b.accountCodes])].sort());
        expect(report.checks.filter((c) => c.status === 'error').map((c) => `${c.id}: ${c.message}`)).toEqual(
          [],
        );
        expect(r.stdout).not.toContain(b.identity.secretAccessKey);
        // Issue 12: the live check agrees with the real clone above, and no output claims
        // health while it fails (the property over every Lab scenario).
        expect(report.live?.tried).toBe(true);
        expect(report.live?.verdict?.ok).toBe(b.expectedGit.exitCode === 0);
        expectHonest(report, r.code);
      }),
    90_000,
  );
});

// Only the scenarios whose cause is on this computer can be repaired from here.
describe.each(Object.keys(FIXABLE))('Lab scenario %s, repaired', (name) => {
  const fixable = FIXABLE[name] as { undoRestoresFailure: boolean };
  it(
    'fix --yes → a real clone works → undo → back to the diagnosis before',
    () =>
      withScenario(name, async (b) => {
        const env = envFor(b);
        const before = JSON.parse(
          (await cli(['diagnose', '--repo', b.url, '--offline', '--json'], env)).stdout,
        ) as ScanReport;
        expect(localCodes(before)).toEqual([...b.expectedCodes].sort());

        const fix = await cli(['fix', '--repo', b.url, '--yes'], env);
        expect(fix.stdout).toMatch(/now: cloning works \(git lists \d+ refs?\)/);
        expect(fix.code, fix.stdout + fix.stderr).toBe(0);
        const dir = mkdtempSync(path.join(tmpdir(), 'ccd-clone-'));
        stateDirs.push(dir);
        const clone = await b.clone(path.join(dir, 'repo'));
        expect(clone.code, clone.stderr).toBe(0);

        const history = JSON.parse((await cli(['history', '--json'], env)).stdout) as {
          entries: { id: string; state: string }[];
        };
        expect(history.entries.length).toBeGreaterThan(0);
        expect(history.entries.every((e) => e.state === 'applied')).toBe(true);

        // `fix` was one run: one `undo --last` undoes all of it (a deleted password stays deleted).
        const undo = await cli(['undo', '--last'], env);
        expect(undo.code, undo.stdout + undo.stderr).toBe(0);
        const undone = JSON.parse((await cli(['history', '--json'], env)).stdout) as typeof history;
        expect(undone.entries.every((e) => e.state === 'undone' || e.state === 'partially-undone')).toBe(
          true,
        );
        const after = JSON.parse(
          (await cli(['diagnose', '--repo', b.url, '--offline', '--json'], env)).stdout,
        ) as ScanReport;
        const beforeCodes = localCodes(before).filter((c) => c !== 'cached-codecommit-credentials');
        expect(localCodes(after).filter((c) => c !== 'cached-codecommit-credentials')).toEqual(beforeCodes);
        if (fixable.undoRestoresFailure) {
          const seen = b.lab.requests.length;
          const again = await b.clone(path.join(dir, 'again'));
          expect(again.code).toBe(b.expectedGit.exitCode);
          expect(again.stderr + again.stdout).toMatch(b.expectedGit.output);
          expectLabRefusals(b.lab.requests.slice(seen), b.expectedLab, false);
        }
      }),
    120_000,
  );
});

describe('an account-side repair through the CLI', () => {
  it(
    'git-credentials-inactive: fix --yes turns the Git credential back on → a real clone works',
    () =>
      withScenario('git-credentials-inactive', async (b) => {
        expect(b.lab.state.gitCredentials.map((c) => c.status)).toEqual(['Inactive']);
        const fix = await cli(['fix', '--repo', b.url, '--yes'], envFor(b));
        expect(fix.stdout).toMatch(
          /before the fixes: the server refused the password \(403\); now: cloning works \(git lists \d+ refs?\)/,
        );
        expect(fix.code, fix.stdout + fix.stderr).toBe(0);
        const dir = mkdtempSync(path.join(tmpdir(), 'ccd-clone-'));
        stateDirs.push(dir);
        expect((await b.clone(path.join(dir, 'repo'))).code).toBe(0);
        expect(b.lab.state.gitCredentials.map((c) => c.status)).toEqual(['Active']);
      }),
    120_000,
  );
});
