import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRACE_LABEL } from '../../electron/engine/checks/live-clone';
import type { Evidence, ScanReport } from '../../electron/engine/model';
import { renderReport as shareableReport } from '../../electron/engine/report';
import { disposeLabCaches } from '../lab/git-server';
import { AWS_HELPER, buildScenario, LAB_REGION, LAB_REPO, type BuiltScenario } from '../lab/scenarios';
import { signGitPassword } from '../lab/sigv4-git';
import { ensureCliBuilt, runCli } from '../support/cli-run';
import { expectHonest } from '../support/live-honesty';
import { expectNoSeeds, expectNoSeedsUnder, HELPER_LITERALS, SESSION_TOKEN } from '../support/seeded-secrets';

// Issue 12, section 1, with real git, the real AWS CLI helper and the Lab: a refusal no
// check can see ends with `unexplained-failure`, exit 1, and a trace a helpdesk can read with
// no secret in it; a clone that works with findings says what will break it later.

const SIGNED_PASSWORD = /\d{8}T\d{6}Z[0-9a-f]{64}/i;
const built: BuiltScenario[] = [];
const dirs: string[] = [];

beforeAll(async () => {
  await ensureCliBuilt();
}, 120_000);

afterAll(async () => {
  await Promise.all(built.map((b) => b.dispose()));
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  disposeLabCaches();
});

async function scenario(
  name: string,
): Promise<{ b: BuiltScenario; env: Record<string, string>; state: string }> {
  const b = await buildScenario(name);
  built.push(b);
  const state = mkdtempSync(path.join(tmpdir(), 'ccd-live-state-'));
  dirs.push(state);
  return { b, env: { ...b.sandbox.env, CODECOMMIT_DOCTOR_STATE_DIR: state }, state };
}

const textOf = (e: Evidence[] | undefined, label: string) =>
  e?.find((x): x is Extract<Evidence, { kind: 'text' }> => x.kind === 'text' && x.label === label)?.detail;

describe('a refusal no check covers (a VPC endpoint policy)', () => {
  it('ends with unexplained-failure, exit 1, and a trace with no secret in any output', async () => {
    const { b, env, state } = await scenario('endpoint-policy-denies');
    // Seeds: temporary credentials (the helper's user name then carries the session token,
    // which curl echoes in the trace), and a helper before the AWS helper that answers
    // nothing but has a literal password in its command (shown in git's trace).
    b.identity.sessionToken = SESSION_TOKEN;
    writeFileSync(
      b.sandbox.awsCredentialsPath,
      `[default]\naws_access_key_id = ${b.identity.accessKeyId}\naws_secret_access_key = ${b.identity.secretAccessKey}\naws_session_token = ${SESSION_TOKEN}\n`,
    );
    await b.sandbox.git(['config', '--global', '--unset-all', 'credential.helper']);
    await b.sandbox.configAdd(
      'credential.helper',
      `!printf 'password=%s\\n' ${HELPER_LITERALS[1]} >/dev/null`,
    );
    await b.sandbox.configAdd('credential.helper', AWS_HELPER);

    const [asJson, human, jamf] = await Promise.all([
      runCli(['diagnose', '--repo', b.url, '--json'], env),
      runCli(['diagnose', '--repo', b.url, '--verbose'], env),
      runCli(['diagnose', '--repo', b.url, '--jamf'], env),
    ]);
    const report = JSON.parse(asJson.stdout) as ScanReport;
    expect(report.findings.map((f) => f.code)).toEqual(['unexplained-failure']);
    expect([asJson.code, human.code, jamf.code]).toEqual([1, 1, 1]);
    expect(jamf.stdout).toBe('<result>PROBLEMS: unexplained-failure</result>\n');
    expectHonest(report, asJson.code ?? -1);
    // The Lab refused for the reason no check covers, each time git asked.
    expect(b.lab.requests.filter((r) => r.status === 403).map((r) => r.reason)).toEqual([
      'endpoint-policy-deny',
      'endpoint-policy-deny',
      'endpoint-policy-deny',
    ]);

    // What a helpdesk needs.
    expect(report.live).toMatchObject({
      tried: true,
      headline: 'Right now, git says: 403 — CodeCommit refused the password (403)',
      answeredBy: 'helper 2: !aws codecommit credential-helper $@',
      explainedBy: [],
    });
    const f = report.findings[0];
    expect(textOf(f?.evidence, 'git says')).toMatch(/The requested URL returned error: 403/);
    expect(f?.evidence.filter((e) => e.kind === 'helper').map((e) => e.kind === 'helper' && e.value)).toEqual(
      ["!printf 'password=***' *** ***", AWS_HELPER],
    );
    expect(textOf(f?.evidence, 'Answered by')).toBe('helper 2: !aws codecommit credential-helper $@');
    expect(f?.evidence).toContainEqual(
      expect.objectContaining({ kind: 'program', name: 'git', version: expect.stringMatching(/^2\./) }),
    );
    expect(f?.evidence).toContainEqual(
      expect.objectContaining({ kind: 'program', name: 'aws', version: expect.stringMatching(/^aws-cli\//) }),
    );
    const trace = textOf(f?.evidence, TRACE_LABEL) ?? '';
    expect(trace).toMatch(/trace: run_command: helper 2: !aws codecommit credential-helper \$@ get/);
    expect(trace).toMatch(/<= Recv header: HTTP\/1\.1 403/);
    expect(trace).toMatch(/Authorization: \*\*\*/);
    expect(trace).toMatch(
      new RegExp(`Server auth using Basic with user '${b.identity.accessKeyId}%\\*\\*\\*'`),
    );
    // --verbose prints the trace (its own run: compare without the time).
    expect(human.stdout).toContain((trace.split('\n')[0] ?? 'no trace').replace(/^\S+ /, ''));
    expect(human.stdout).toMatch(
      /^ {4}Nothing the doctor checks explains it \(unexplained-failure below, with what to try next\)\.$/m,
    );

    // No secret in any output: JSON, human (with the whole trace), Jamf, stderr, the shareable
    // report (Markdown and JSON, nothing hidden on request), the state folder.
    const shared = (format: 'markdown' | 'json') =>
      shareableReport(
        report,
        format,
        { hideAccounts: false, hideHome: false, hideRepoNames: false },
        {
          home: b.sandbox.home,
        },
      );
    const outputs: [string, string][] = [
      ['--json', asJson.stdout],
      ['human --verbose', human.stdout],
      ['--jamf', jamf.stdout],
      ['stderr', asJson.stderr + human.stderr + jamf.stderr],
      ['report (Markdown)', shared('markdown')],
      ['report (JSON)', shared('json')],
    ];
    for (const [label, text] of outputs) {
      expectNoSeeds(label, text);
      expect(text, label).not.toContain(b.identity.secretAccessKey);
      expect(text, label).not.toMatch(SIGNED_PASSWORD);
    }
    expect(shared('markdown')).toMatch(/^## Right now\n\nRight now, git says: 403/m);
    expectNoSeedsUnder(state);
  }, 120_000);
});

describe('a clone that works right now', () => {
  it('with a stale password saved behind the AWS helper: "these will break it later", exit 1', async () => {
    const { b, env } = await scenario('healthy');
    await b.sandbox.configAdd('credential.helper', 'store');
    const host = b.lab.hostFor(LAB_REGION);
    await b.sandbox.credentialApprove({
      protocol: 'https',
      host,
      path: `v1/repos/${LAB_REPO}`,
      username: b.identity.accessKeyId,
      password: signGitPassword({
        secretAccessKey: b.identity.secretAccessKey,
        region: LAB_REGION,
        host,
        path: `v1/repos/${LAB_REPO}`,
        date: new Date(Date.now() - 20 * 60 * 1000),
      }),
    });
    const [asJson, human] = await Promise.all([
      runCli(['diagnose', '--repo', b.url, '--json'], env),
      runCli(['diagnose', '--repo', b.url], env),
    ]);
    const report = JSON.parse(asJson.stdout) as ScanReport;
    expect(report.live).toMatchObject({ tried: true, verdict: { ok: true } });
    expect(human.code).toBe(1);
    expect(human.stdout.split('\n')[3]).toMatch(/^Right now, cloning works: lists \d+ refs?$/);
    // The sum-up, then what to do about it (the closing line).
    const [sum, next] = human.stdout.trimEnd().split('\n').slice(-2);
    expect(sum).toMatch(
      /^Cloning works right now; these will break it later: cached-codecommit-credentials \(1 warning; \d+ checks in \d+\.\d s\)\.$/,
    );
    expect(next).toBe(`Next: codecommit-doctor fix --repo ${b.url} (shows each change and asks first)`);
    expectHonest(report, asJson.code ?? -1);
  }, 120_000);

  it('nothing wrong: "No problems found: cloning works", exit 0, <result>OK</result>', async () => {
    const { b, env } = await scenario('healthy');
    const [human, jamf] = await Promise.all([
      runCli(['diagnose', '--repo', b.url], env),
      runCli(['diagnose', '--repo', b.url, '--jamf'], env),
    ]);
    expect([human.code, jamf.code]).toEqual([0, 0]);
    const [sum, next] = human.stdout.trimEnd().split('\n').slice(-2);
    expect(sum).toMatch(/^No problems found: cloning works \(\d+ checks in \d+\.\d s\)\.$/);
    expect(next).toBe(`You can clone now: git clone ${b.url}`);
    expect(jamf.stdout).toBe('<result>OK</result>\n');
  }, 120_000);
});
