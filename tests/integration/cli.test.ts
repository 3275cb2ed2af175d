import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CheckStatus, ScanReport } from '../../electron/engine/model';
import { ensureCliBuilt, ROOT, runCli, type CliResult } from '../support/cli-run';
import { createFixSandbox, type FixSandbox } from '../support/fix-sandbox';
import { expectHangingProgramKilled, writeHangingProgram } from '../support/hanging-program';

// The built CLI (`node bin/codecommit-doctor.cjs`) in sandboxed HOMEs: git reads only the
// sandbox's global/system files, the journal lives in the sandbox, a fake `aws` answers
// `--version`, and `--offline` keeps every run away from AWS.

const URL = 'https://git-codecommit.us-east-2.amazonaws.com/v1/repos/demo';
const HOST = 'git-codecommit.us-east-2.amazonaws.com';
/** The set-up of the AWS guide (setting-up-https-unixes.html), step 3. */
const GUIDE_CONFIG = '[credential]\n\thelper = !aws codecommit credential-helper $@\n\tUseHttpPath = true\n';
const PKG_VERSION = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string })
  .version;

const GLYPHS: Record<CheckStatus, string> = {
  pass: '[✓]',
  warn: '[!]',
  fail: '[✗]',
  error: '[?]',
  skipped: '[-]',
};
const GLYPH_LINE = /^\[(✓|!|✗|\?|-)\] /;
const STACK_FRAME = /^\s+at .+[(:]\d+/m;

const sandboxes: FixSandbox[] = [];
function sandbox(opts: Parameters<typeof createFixSandbox>[0] = {}): FixSandbox {
  const sb = createFixSandbox(opts);
  sandboxes.push(sb);
  return sb;
}

/** A machine broken the usual ways: a system-wide `store` answers first with a stale password, no UseHttpPath. */
function brokenSandbox(): FixSandbox {
  const sb = sandbox({
    system: '[credential]\n\thelper = store\n',
    global: '[credential]\n\thelper = !aws codecommit credential-helper $@\n',
  });
  writeFileSync(
    path.join(sb.home, '.git-credentials'),
    `https://stale-user:stale-pass@${HOST}\nhttps://gh-someone:gh-secret-token@github.com\n`,
    { mode: 0o600 },
  );
  return sb;
}

function json(r: CliResult): ScanReport {
  expect(r.stderr, 'a JSON run prints nothing to stderr but warnings').not.toMatch(STACK_FRAME);
  return JSON.parse(r.stdout) as ScanReport;
}

function problemCodes(report: ScanReport): string[] {
  return [...new Set(report.findings.filter((f) => f.severity !== 'info').map((f) => f.code))].sort();
}

beforeAll(async () => {
  await ensureCliBuilt();
}, 120_000);

afterEach(() => {
  while (sandboxes.length) sandboxes.pop()?.cleanup();
});

describe('diagnose', () => {
  it('exits 3 on the AWS guide set-up with --offline (nothing wrong found, the clone not tried), with the documented JSON schema', async () => {
    const sb = sandbox({ global: GUIDE_CONFIG });
    const r = await runCli(['diagnose', '--repo', URL, '--offline', '--json'], sb.env);
    expect(r.code, r.stderr).toBe(3);
    const report = json(r);
    expect(report.schemaVersion).toBe(1);
    expect(report.tool).toEqual({ name: 'codecommit-doctor', version: PKG_VERSION });
    expect(report.platform).toBe('linux');
    expect(report.target).toEqual({ kind: 'url', url: URL });
    expect(report.checks.length).toBeGreaterThanOrEqual(8);
    for (const c of report.checks) {
      expect(typeof c.id).toBe('string');
      expect(typeof c.title).toBe('string');
      expect(Object.keys(GLYPHS)).toContain(c.status);
      expect(c.durationMs).toBeGreaterThanOrEqual(0);
    }
    expect(new Set(report.checks.map((c) => c.id)).size).toBe(report.checks.length);
    expect(report.checks.find((c) => c.id === 'helpers')?.status).toBe('pass');
    expect(report.checks.find((c) => c.id === 'aws-cli')?.status).toBe('pass');
    expect(report.checks.find((c) => c.id === 'aws-profile')?.status).toBe('pass');
    expect(report.checks.filter((c) => c.id.startsWith('account-')).map((c) => c.status)).toEqual(
      expect.arrayContaining(['skipped']),
    );
    expect(report.checks.filter((c) => c.id.startsWith('account-') && c.status !== 'skipped')).toEqual([]);
    // Skipped because of --offline, not because there was nothing to check: they say so.
    for (const c of report.checks.filter((x) => x.id.startsWith('account-')))
      expect(c, c.id).toMatchObject({ needed: true, message: expect.stringMatching(/--offline/) });
    expect(problemCodes(report)).toEqual([]);
    expect(report.summary).toEqual({ errors: 0, warnings: 0, infos: 0, checksErrored: 0 });
    expect(report.live).toEqual({
      tried: false,
      reason: '--offline: the repository was not contacted',
      headline: 'The clone itself was not tried: --offline: the repository was not contacted',
    });
    expect(report.checks[0]).toMatchObject({ id: 'live-clone', status: 'skipped', needed: true });
  });

  it('names the right codes and exits 1 on a broken machine (issue 2 done-when)', async () => {
    const sb = brokenSandbox();
    const r = await runCli(['diagnose', '--repo', URL, '--offline', '--json'], sb.env);
    expect(r.code, r.stderr).toBe(1);
    const report = json(r);
    expect(problemCodes(report)).toEqual([
      'cached-codecommit-credentials',
      'helper-shadowed',
      'helper-usehttppath-missing',
      'system-scope-helper',
    ]);
    for (const f of report.findings) {
      expect(typeof f.title).toBe('string');
      expect(f.explanation.length).toBeGreaterThan(20);
      expect(['error', 'warning', 'info']).toContain(f.severity);
      expect(Array.isArray(f.evidence)).toBe(true);
      expect(Array.isArray(f.fixes)).toBe(true);
    }
    const shadowed = report.findings.find((f) => f.code === 'helper-shadowed');
    expect(JSON.stringify(shadowed?.evidence)).toContain(sb.systemFile);
    const cached = report.findings.find((f) => f.code === 'cached-codecommit-credentials');
    expect(JSON.stringify(cached?.evidence)).toContain('stale-user');
    expect(report.summary.errors).toBeGreaterThan(0);
    expect(report.summary.errors + report.summary.warnings).toBe(
      report.findings.filter((f) => f.severity !== 'info').length,
    );
    // Neither the stale password nor anything about GitHub may show up.
    expect(r.stdout).not.toContain('stale-pass');
    expect(r.stdout).not.toContain('gh-secret-token');
    expect(r.stdout).not.toContain('github.com');
    expect(r.stdout).not.toContain('gh-someone');
  });

  it('--jamf prints exactly one <result> line', async () => {
    const healthy = await runCli(
      ['diagnose', '--repo', URL, '--offline', '--jamf'],
      sandbox({ global: GUIDE_CONFIG }).env,
    );
    // Never plain OK when the clone was not tried (tests/integration/live-check.test.ts: OK when it works).
    expect(healthy.code).toBe(3);
    expect(healthy.stdout).toBe('<result>OK (not tried)</result>\n');

    const broken = await runCli(['diagnose', '--repo', URL, '--offline', '--jamf'], brokenSandbox().env);
    expect(broken.code).toBe(1);
    expect(broken.stdout.split('\n')).toHaveLength(2);
    expect(broken.stdout).toMatch(/^<result>PROBLEMS: [a-z-]+(, [a-z-]+)*<\/result>\n$/);
    for (const code of ['helper-shadowed', 'helper-usehttppath-missing', 'system-scope-helper'])
      expect(broken.stdout).toContain(code);
  });

  it('human output: one line per check with a glyph, then a summary line', async () => {
    const sb = brokenSandbox();
    const [human, asJson] = await Promise.all([
      runCli(['diagnose', '--repo', URL, '--offline'], sb.env),
      runCli(['diagnose', '--repo', URL, '--offline', '--json'], sb.env),
    ]);
    expect(human.code).toBe(1);
    const report = json(asJson);
    const lines = human.stdout.split('\n');
    const checkLines = lines.filter((l) => GLYPH_LINE.test(l));
    expect(checkLines).toHaveLength(report.checks.length);
    report.checks.forEach((c, i) => {
      expect(checkLines[i]?.startsWith(`${GLYPHS[c.status]} ${c.title}`), checkLines[i]).toBe(true);
    });
    expect(checkLines.some((l) => l.startsWith('[✗] '))).toBe(true);
    expect(checkLines.some((l) => l.startsWith('[-] '))).toBe(true);
    for (const code of problemCodes(report)) expect(human.stdout).toContain(`(${code})`);
    // The sum-up, then the closing line: what to do next.
    const [summary, next] = lines.filter((l) => l.trim() !== '').slice(-2);
    expect(summary).toMatch(/^\d+ problems?, \d+ warnings?.* \(\d+ checks in \d+\.\d s\)\.$/);
    expect(next).toBe(`Next: codecommit-doctor fix --repo ${URL} (shows each change and asks first)`);
    expect(human.stdout).not.toContain('stale-pass');

    const ok = await runCli(['diagnose', '--repo', URL, '--offline'], sandbox({ global: GUIDE_CONFIG }).env);
    expect(ok.code).toBe(3);
    expect(ok.stdout).not.toContain('No problems found');
    const [okSummary, okNext] = ok.stdout.trimEnd().split('\n').slice(-2);
    expect(okSummary).toMatch(
      /^Nothing wrong found in this computer's settings — the clone itself was not tried \(--offline: the repository was not contacted\) \(\d+ checks in \d+\.\d s\)\.$/,
    );
    expect(okNext).toBe(`To try the clone itself: codecommit-doctor verify --repo ${URL}`);
    // The report opens with it, and a check skipped by --offline says so on its line.
    expect(ok.stdout.split('\n')[3]).toBe(
      'The clone itself was not tried: --offline: the repository was not contacted.',
    );
    expect(ok.stdout).toMatch(
      /^\[-\] Your AWS sign-in — skipped: --offline: AWS was not contacted \(no expired sign-in found in the files\)$/m,
    );
    expect(ok.stdout).toMatch(/^\[-\] The repository in AWS — skipped: --offline: AWS was not contacted$/m);
    expect(ok.stdout).not.toMatch(/^\[-\] Your AWS sign-in — not needed/m);
    expect(ok.stdout.split('\n').filter((l) => /^\[[!✗?]\] /.test(l))).toEqual([]);
  });

  it('a hanging aws (sleeps 60 s) with --timeout 2: the scan ends, aws-cli is error "timed out", the rest report', async () => {
    const sb = sandbox({ global: GUIDE_CONFIG });
    const pids = path.join(sb.root, 'aws.pids');
    writeHangingProgram(path.join(sb.bin, 'aws'), pids);
    const r = await runCli(['diagnose', '--repo', URL, '--offline', '--json', '--timeout', '2'], sb.env, {
      timeoutMs: 30_000,
    });
    expect(r.code).toBe(1);
    // The CLI's timeout killed aws and its sleep (whatever the load), and the CLI ended well
    // before the 60 s aws would have hung.
    await expectHangingProgramKilled(pids);
    expect(r.durationMs).toBeLessThan(25_000);
    const report = json(r);
    const aws = report.checks.find((c) => c.id === 'aws-cli');
    expect(aws?.status).toBe('error');
    expect(aws?.message).toMatch(/timed out/);
    expect(report.summary.checksErrored).toBe(1);
    const others = report.checks.filter((c) => c.id !== 'aws-cli');
    expect(others.filter((c) => c.status === 'error')).toEqual([]);
    for (const id of ['git', 'address', 'helpers', 'aws-profile', 'stores'])
      expect(report.checks.find((c) => c.id === id)?.status, id).toBe('pass');
  }, 30_000);
});

describe('bad arguments exit 2, name the argument, and print no stack trace', () => {
  const missing = path.join(ROOT, 'no-such-folder-for-cli-test');
  it.each([
    [['diagnose', '--bogus'], '--bogus'],
    [['diagnose', '--repo'], '--repo'],
    [['diagnose', '--timeout', 'soon'], '--timeout'],
    [['diagnose', '--json', '--jamf'], '--jamf'],
    [['diagnose', '--offline=yes'], '--offline'],
    [['frobnicate'], 'frobnicate'],
    [['fix', '--only', 'not-a-code'], 'not-a-code'],
    [['undo', '--everything'], '--everything'],
    [['diagnose', '--dir', missing, '--offline'], missing],
    [['fix', '--dir', missing, '--dry-run', '--offline'], '--dir'],
  ])('%j', async (args, named) => {
    const sb = sandbox({ global: GUIDE_CONFIG });
    const r = await runCli(args, sb.env);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(named);
    expect(r.stderr).not.toMatch(STACK_FRAME);
    expect(r.stderr).not.toMatch(/Error:|TypeError|node:internal/);
    expect(r.stdout).toBe('');
  });
});

describe('fix', () => {
  it('--dry-run prints the exact git config lines and changes nothing', async () => {
    const sb = brokenSandbox();
    const storeFile = path.join(sb.home, '.git-credentials');
    const files = [sb.globalFile, sb.systemFile, storeFile];
    const before = sb.snapshot(files);
    const r = await runCli(['fix', '--repo', URL, '--dry-run', '--offline'], sb.env);
    expect(r.code).toBe(1);
    const section = `credential.https://${HOST}`;
    const lines = r.stdout.split('\n').map((l) => l.trim());
    expect(lines).toContain(`$ git config --file ${sb.globalFile} --add ${section}.helper ''`);
    expect(lines).toContain(
      `$ git config --file ${sb.globalFile} --add ${section}.helper '!aws codecommit credential-helper $@'`,
    );
    expect(lines).toContain(`$ git config --file ${sb.globalFile} --replace-all ${section}.UseHttpPath true`);
    expect(r.stdout).toContain('Dry run: nothing was changed.');
    expect(r.stdout).not.toContain('stale-pass');
    expect(sb.snapshot(files)).toEqual(before);
    expect(existsSync(sb.stateDir) ? readdirSync(sb.stateDir).filter((f) => /^\d{8}T/.test(f)) : []).toEqual(
      [],
    );
    const history = await runCli(['history', '--json'], sb.env);
    expect((JSON.parse(history.stdout) as { entries: unknown[] }).entries).toEqual([]);
  });

  it('asks per fix through piped stdin: y then n applies only the first; undo --last restores the bytes', async () => {
    const sb = sandbox({ global: '[credential]\n\thelper = store\n' });
    const storeFile = path.join(sb.home, '.git-credentials');
    writeFileSync(
      storeFile,
      `https://stale-user:stale-pass@${HOST}\nhttps://gh-someone:gh-secret-token@github.com\n`,
      {
        mode: 0o600,
      },
    );
    const before = sb.snapshot([sb.globalFile, storeFile]);
    const r = await runCli(['fix', '--repo', URL, '--no-verify', '--offline'], sb.env, { input: 'y\nn\n' });
    expect(r.stderr).not.toMatch(STACK_FRAME);
    const questions = r.stdout.match(/\[y\/N\] /g) ?? [];
    expect(questions).toHaveLength(2);
    expect(r.stdout).toMatch(
      /1\. Use only the AWS helper for git-codecommit\.us-east-2\.amazonaws\.com\? \[y\/N\]/,
    );
    expect(r.stdout).toMatch(/2\. Delete 1 saved password .*cannot be undone\. Delete\? \[y\/N\]/);
    expect(r.stdout).toMatch(/undo with: codecommit-doctor undo \d{8}T\d{6}Z-[0-9a-f]{4}/);

    const global = readFileSync(sb.globalFile, 'utf8');
    expect(global).toContain(`[credential "https://${HOST}"]`);
    expect(global).toContain('helper = !aws codecommit credential-helper $@');
    // The answer "n": the saved password is still there, byte for byte.
    expect(readFileSync(storeFile)).toEqual(before.get(storeFile));
    const chain = await sb.chain(URL);
    expect(chain.helpers[0]?.kind).toBe('aws');

    const history = JSON.parse((await runCli(['history', '--json'], sb.env)).stdout) as {
      schemaVersion: number;
      entries: { id: string; state: string; findingCode: string; files: string[] }[];
    };
    expect(history.schemaVersion).toBe(1);
    expect(history.entries).toHaveLength(1);
    expect(history.entries[0]?.state).toBe('applied');
    expect(history.entries[0]?.files).toEqual([sb.globalFile]);

    const undo = await runCli(['undo', '--last'], sb.env);
    expect(undo.code, undo.stderr).toBe(0);
    expect(undo.stdout).toContain(`restored ${sb.globalFile}`);
    expect(sb.snapshot([sb.globalFile, storeFile])).toEqual(before);
    const after = JSON.parse((await runCli(['history', '--json'], sb.env)).stdout) as typeof history;
    expect(after.entries.map((e) => e.state)).toEqual(['undone']);
  });
});

/** `history --json`: schemaVersion 1; `runs` and the entries' `runId`/`undoneAt`/`steps[].undone` were added. */
interface HistoryJson {
  schemaVersion: number;
  entries: {
    id: string;
    runId: string;
    state: string;
    title: string;
    createdAt: string;
    files: string[];
    steps: { description: string; reversible: boolean; state: string; undone: boolean }[];
  }[];
  runs: { id: string; startedAt: string; state: string; entryIds: string[]; canUndo: boolean }[];
}

async function historyJson(sb: FixSandbox): Promise<HistoryJson> {
  const r = await runCli(['history', '--json'], sb.env);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as HistoryJson;
}

/** The machine of the bug report: `store` answers first and still holds a stale CodeCommit password. */
function staleStoreSandbox(env: Record<string, string> = {}): { sb: FixSandbox; storeFile: string } {
  const sb = sandbox({ global: '[credential]\n\thelper = store\n', env });
  const storeFile = path.join(sb.home, '.git-credentials');
  writeFileSync(
    storeFile,
    `https://stale-user:stale-pass@${HOST}\nhttps://gh-someone:gh-secret-token@github.com\n`,
    { mode: 0o600 },
  );
  return { sb, storeFile };
}

describe('undo and history work on fix runs', () => {
  it('fix --yes (a section fix + a password deletion), then undo --last: the config comes back, the deletion is said to stay', async () => {
    const { sb, storeFile } = staleStoreSandbox();
    const before = readFileSync(sb.globalFile);
    const fix = await runCli(['fix', '--repo', URL, '--yes', '--no-verify', '--offline'], sb.env);
    expect(fix.code, fix.stdout + fix.stderr).toBe(0);
    expect(readFileSync(sb.globalFile, 'utf8')).toContain(`[credential "https://${HOST}"]`);
    const storeAfterFix = readFileSync(storeFile);
    expect(storeAfterFix.toString()).not.toContain('stale-user');

    const applied = await historyJson(sb);
    expect(applied.schemaVersion).toBe(1);
    expect(applied.entries).toHaveLength(2);
    const [deletion, section] = applied.entries; // newest first
    expect(deletion?.steps.map((s) => s.reversible)).toEqual([false]);
    expect(section?.files).toEqual([sb.globalFile]);
    expect(deletion?.runId).toBe(section?.runId);
    expect(applied.runs).toEqual([
      {
        id: section?.runId,
        startedAt: section?.createdAt,
        state: 'applied',
        entryIds: [section?.id, deletion?.id],
        canUndo: true,
      },
    ]);

    const undo = await runCli(['undo', '--last'], sb.env);
    expect(undo.code, undo.stdout + undo.stderr).toBe(0);
    expect(readFileSync(sb.globalFile)).toEqual(before);
    expect(undo.stdout).toContain(`restored ${sb.globalFile}`);
    expect(undo.stdout).toMatch(
      /cannot be put back: Delete the saved password for git-codecommit\.us-east-2\.amazonaws\.com/,
    );
    // The deleted password stays deleted and nothing else in the store moved.
    expect(readFileSync(storeFile)).toEqual(storeAfterFix);
    // Undone in reverse order: the deletion (newest) is reported before the section fix.
    expect(undo.stdout.indexOf(`(${deletion!.id})`)).toBeGreaterThan(0);
    expect(undo.stdout.indexOf(`(${deletion!.id})`)).toBeLessThan(undo.stdout.indexOf(`(${section!.id})`));

    const undone = await historyJson(sb);
    expect(undone.entries.map((e) => [e.id, e.state])).toEqual([
      [deletion?.id, 'partially-undone'],
      [section?.id, 'undone'],
    ]);
    expect(undone.runs.map((r) => [r.state, r.canUndo])).toEqual([['partially-undone', false]]);
    expect(undone.entries[1]?.steps.every((s) => s.undone)).toBe(true);
    expect(undone.entries[0]?.steps.map((s) => s.undone)).toEqual([false]);

    // Nothing is left to undo: said plainly, exit 1, and no "Undid".
    const again = await runCli(['undo', '--last'], sb.env);
    expect(again.code).toBe(1);
    expect(again.stdout).toMatch(/^Nothing to undo/);
    expect(again.stdout + again.stderr).not.toMatch(/Undid/);
    expect(readFileSync(sb.globalFile)).toEqual(before);
  });

  it('a run that only deleted passwords: undo --last and undo ID change nothing, say so, and exit 1', async () => {
    const { sb, storeFile } = staleStoreSandbox();
    const fix = await runCli(
      ['fix', '--repo', URL, '--yes', '--no-verify', '--offline', '--only', 'cached-codecommit-credentials'],
      sb.env,
    );
    expect(fix.code, fix.stdout + fix.stderr).toBeLessThanOrEqual(1);
    const files = [sb.globalFile, storeFile];
    const afterFix = sb.snapshot(files);
    const [entry] = (await historyJson(sb)).entries;
    expect(entry?.steps.map((s) => [s.state, s.reversible])).toEqual([['done', false]]);

    for (const args of [
      ['undo', '--last'],
      ['undo', entry!.id],
    ]) {
      const r = await runCli(args, sb.env);
      expect(r.code, r.stdout + r.stderr).toBe(1);
      expect(r.stdout + r.stderr).not.toMatch(/Undid/);
      expect(r.stdout).toMatch(/^Nothing was changed/);
      expect(r.stdout).toMatch(/cannot be put back: Delete the saved password/);
      expect(sb.snapshot(files)).toEqual(afterFix);
    }
    expect((await historyJson(sb)).entries.map((e) => e.state)).toEqual(['applied']);
  });

  it('history: runs newest first, local times, column headers, and undone steps are not ticked', async () => {
    // A zone with a half-hour offset shows whether the time is local (not UTC).
    const { sb } = staleStoreSandbox({ TZ: 'Asia/Kolkata' });
    expect((await runCli(['fix', '--repo', URL, '--yes', '--no-verify', '--offline'], sb.env)).code).toBe(0);
    expect((await runCli(['undo', '--last'], sb.env)).code).toBe(0);
    const { entries, runs } = await historyJson(sb);

    const r = await runCli(['history'], sb.env);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.split('\n');
    expect(
      lines.some((l) => /^WHEN\s+STATE\s+ID\s+WHAT$/.test(l.trim())),
      r.stdout,
    ).toBe(true);
    const local = new Date(Date.parse(runs[0]!.startedAt) + 5.5 * 3600_000)
      .toISOString()
      .slice(0, 19)
      .replace('T', ' ');
    const runLine = lines.find((l) => l.includes(runs[0]!.id));
    expect(runLine, r.stdout).toMatch(new RegExp(`^${local}\\s+partly undone\\s+${runs[0]!.id}`));
    for (const e of entries) expect(r.stdout).toContain(e.id);
    // The section fix was undone: its steps are shown undone, never with ✓.
    const section = entries.find((e) => e.state === 'undone')!;
    for (const step of section.steps) {
      const line = lines.find((l) => l.includes(step.description));
      expect(line, step.description).toBeDefined();
      expect(line).not.toContain('✓');
      expect(line).toMatch(/↶/);
    }
    // The deletion happened and stays: ticked, and said to be final.
    const deletion = entries.find((e) => e.state === 'partially-undone')!;
    const delLine = lines.find((l) => l.includes(deletion.steps[0]!.description));
    expect(delLine).toMatch(/✓ .*\(cannot be undone\)$/);
  });
});

describe('undo reverts its own changes only (issue 10, item 4)', () => {
  const URL_B = 'https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/other';
  const HOST_B = 'git-codecommit.eu-west-1.amazonaws.com';
  const MINE = '# my settings\n[user]\n\temail = ann@example.com\n';
  const fixYes = (sb: FixSandbox, url: string) =>
    runCli(['fix', '--repo', url, '--yes', '--no-verify', '--offline'], sb.env);
  const getAll = async (sb: FixSandbox, key: string) => {
    const r = await sb.git(['config', '--global', '--get-all', key]);
    return r.code === 0 ? r.stdout.split('\n').slice(0, -1) : [];
  };

  it("a setting the user added after the fix survives undo; the fix's own section goes", async () => {
    const sb = sandbox({ global: MINE });
    expect((await fixYes(sb, URL)).code).toBe(0);
    // The user changes their settings afterwards, the way git does it: one line into an
    // existing section, one new section after the fix's.
    expect((await sb.git(['config', '--global', 'user.name', 'Ann Example'])).code).toBe(0);
    expect((await sb.git(['config', '--global', 'alias.st', 'status'])).code).toBe(0);

    const undo = await runCli(['undo', '--last'], sb.env);
    expect(undo.code, undo.stdout + undo.stderr).toBe(0);
    expect(undo.stdout).toMatch(/^Undid /);
    expect(undo.stdout).toContain(
      `reverted its own settings in ${sb.globalFile} (changes made since are kept)`,
    );
    expect(await getAll(sb, 'user.name')).toEqual(['Ann Example']);
    expect(await getAll(sb, 'alias.st')).toEqual(['status']);
    expect(await getAll(sb, `credential.https://${HOST}.helper`)).toEqual([]);
    expect(await getAll(sb, `credential.https://${HOST}.usehttppath`)).toEqual([]);
    expect(readFileSync(sb.globalFile, 'utf8')).toBe(
      `${MINE.replace('ann@example.com\n', 'ann@example.com\n\tname = Ann Example\n')}[alias]\n\tst = status\n`,
    );
  });

  it('two fixes on one file: undoing the older by id keeps the newer; then undo --last gives the original bytes', async () => {
    const sb = sandbox({ global: MINE });
    const original = readFileSync(sb.globalFile);
    expect((await fixYes(sb, URL)).code).toBe(0);
    expect((await fixYes(sb, URL_B)).code).toBe(0);
    const entries = (await historyJson(sb)).entries;
    expect(entries.map((e) => e.files)).toEqual([[sb.globalFile], [sb.globalFile]]);
    const older = entries[1]!;

    const undo = await runCli(['undo', older.id], sb.env);
    expect(undo.code, undo.stdout + undo.stderr).toBe(0);
    expect(await getAll(sb, `credential.https://${HOST}.helper`)).toEqual([]);
    expect(await getAll(sb, `credential.https://${HOST_B}.helper`)).toEqual([
      '',
      '!aws codecommit credential-helper $@',
    ]);
    expect(await getAll(sb, `credential.https://${HOST_B}.usehttppath`)).toEqual(['true']);
    expect((await historyJson(sb)).entries.map((e) => e.state)).toEqual(['applied', 'undone']);

    const last = await runCli(['undo', '--last'], sb.env);
    expect(last.code, last.stdout + last.stderr).toBe(0);
    expect(readFileSync(sb.globalFile)).toEqual(original);
  });

  it("when the user changed the fix's own setting, undo refuses, says why, changes nothing and exits 1", async () => {
    const sb = sandbox({ global: MINE });
    expect((await fixYes(sb, URL)).code).toBe(0);
    const key = `credential.https://${HOST}.UseHttpPath`;
    expect((await sb.git(['config', '--global', key, 'false'])).code).toBe(0);
    const edited = readFileSync(sb.globalFile);

    const undo = await runCli(['undo', '--last'], sb.env);
    expect(undo.code, undo.stdout + undo.stderr).toBe(1);
    expect(undo.stdout).not.toMatch(/Undid/);
    expect(undo.stdout).toMatch(/^Nothing was changed: /);
    expect(undo.stdout).toContain(sb.globalFile);
    expect(undo.stdout).toContain(key.toLowerCase());
    expect(readFileSync(sb.globalFile)).toEqual(edited);
    expect((await historyJson(sb)).entries.map((e) => e.state)).toEqual(['applied']);
  });
});

describe('help and version', () => {
  it('help prints the usage and exits 0', async () => {
    const env = sandbox().env;
    for (const args of [['help'], ['--help'], []]) {
      const r = await runCli(args, env);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^Usage: codecommit-doctor <command>/);
      for (const cmd of ['diagnose', 'fix', 'history', 'undo', '--json', '--jamf', '--offline', '--dry-run'])
        expect(r.stdout).toContain(cmd);
    }
  });

  it('version and --version print the package version', async () => {
    const env = sandbox().env;
    for (const args of [['version'], ['--version']]) {
      const r = await runCli(args, env);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(`codecommit-doctor ${PKG_VERSION}\n`);
    }
  });

  it('npx codecommit-doctor --version works from the repository root', async () => {
    const r = await new Promise<{ code: number; stdout: string }>((resolve) => {
      execFile(
        'npx',
        ['--no-install', 'codecommit-doctor', '--version'],
        { cwd: ROOT, timeout: 60_000, env: { ...process.env, npm_config_update_notifier: 'false' } },
        (err, stdout) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : 99) : 0, stdout }),
      );
    });
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(`codecommit-doctor ${PKG_VERSION}`);
  }, 60_000);
});
