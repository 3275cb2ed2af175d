import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { disposeLabCaches } from '../lab/git-server';
import { buildScenario, type BuiltScenario } from '../lab/scenarios';
import { ensureCliBuilt, runCli } from '../support/cli-run';
import { createFixSandbox, type FixSandbox } from '../support/fix-sandbox';

// Issue 14, the terminal, through the built CLI: colour only where it is wanted (a terminal,
// or FORCE_COLOR) and never against NO_COLOR / --no-color or in --json / --jamf; piped output
// wrapped only when COLUMNS says so, without splitting a word; one evidence block per root
// cause; fix's short summary; the terminal wizard asking again after an address it cannot use.

const URL = 'https://git-codecommit.us-east-2.amazonaws.com/v1/repos/demo';
const HOST = 'git-codecommit.us-east-2.amazonaws.com';
const SGR = /\x1b\[[\d;]*m/g;
const ESC = '\x1b';

const sandboxes: FixSandbox[] = [];
const built: BuiltScenario[] = [];

/** A system-wide `store` answers first with a stale password, and no UseHttpPath (as cli.test.ts). */
function brokenSandbox(): FixSandbox {
  const sb = createFixSandbox({
    system: '[credential]\n\thelper = store\n',
    global: '[credential]\n\thelper = !aws codecommit credential-helper $@\n',
  });
  sandboxes.push(sb);
  writeFileSync(path.join(sb.home, '.git-credentials'), `https://stale-user:stale-pass@${HOST}\n`, {
    mode: 0o600,
  });
  return sb;
}

function envWith(sb: { env: Record<string, string> }, extra: Record<string, string>): Record<string, string> {
  const env = { ...sb.env, ...extra };
  for (const k of ['NO_COLOR', 'FORCE_COLOR', 'COLUMNS'] as const) if (!(k in extra)) delete env[k];
  return env;
}

beforeAll(async () => {
  await ensureCliBuilt();
}, 120_000);

afterEach(() => {
  while (sandboxes.length) sandboxes.pop()?.cleanup();
});

afterAll(async () => {
  await Promise.all(built.map((b) => b.dispose()));
  disposeLabCaches();
});

const DIAGNOSE = ['diagnose', '--repo', URL, '--offline'];

describe('colour', () => {
  it('FORCE_COLOR colours piped output; the text under the colour is the plain output, glyphs included', async () => {
    const sb = brokenSandbox();
    const [plain, forced] = await Promise.all([
      runCli(DIAGNOSE, envWith(sb, {})),
      runCli(DIAGNOSE, envWith(sb, { FORCE_COLOR: '1' })),
    ]);
    expect(plain.stdout).not.toContain(ESC);
    expect(forced.stdout).toMatch(/\x1b\[1;31mProblem\x1b\[0m \(helper-shadowed\)/);
    expect(forced.stdout).toMatch(/^\x1b\[31m\[✗\]\x1b\[0m /m);
    // Durations differ between runs: compare everything but the summary's timing.
    const timing = /\(\d+ checks in [\d.]+ s\)/g;
    expect(forced.stdout.replace(SGR, '').replace(timing, '')).toBe(plain.stdout.replace(timing, ''));
  });

  it('NO_COLOR (any non-empty value) and --no-color win over FORCE_COLOR; an empty NO_COLOR does not count', async () => {
    const sb = brokenSandbox();
    const runs = await Promise.all([
      runCli(DIAGNOSE, envWith(sb, { FORCE_COLOR: '1', NO_COLOR: '1' })),
      runCli(DIAGNOSE, envWith(sb, { FORCE_COLOR: '1', NO_COLOR: 'false' })),
      runCli([...DIAGNOSE, '--no-color'], envWith(sb, { FORCE_COLOR: '1' })),
      runCli(['--no-color', ...DIAGNOSE], envWith(sb, { FORCE_COLOR: '1' })),
      runCli(DIAGNOSE, envWith(sb, { FORCE_COLOR: '1', NO_COLOR: '' })),
      runCli(DIAGNOSE, envWith(sb, { FORCE_COLOR: '0' })),
    ]);
    expect(runs.map((r) => r.code)).toEqual([1, 1, 1, 1, 1, 1]);
    expect(runs.map((r) => r.stdout.includes(ESC))).toEqual([false, false, false, false, true, false]);
  });

  it('--json, --jamf and fix --dry-run piped into a file: never a colour code, even with FORCE_COLOR for --json/--jamf', async () => {
    const sb = brokenSandbox();
    const env = envWith(sb, { FORCE_COLOR: '1' });
    const [json, jamf] = await Promise.all([
      runCli([...DIAGNOSE, '--json'], env),
      runCli([...DIAGNOSE, '--jamf'], env),
    ]);
    expect(JSON.parse(json.stdout)).toMatchObject({ schemaVersion: 1 });
    expect(json.stdout + jamf.stdout).not.toContain(ESC);
    const dry = await runCli(
      ['fix', '--repo', URL, '--offline', '--dry-run', '--no-verify'],
      envWith(sb, {}),
    );
    expect(dry.stdout).not.toContain(ESC);
  });
});

describe('width', () => {
  it('piped: no wrapping; COLUMNS=80 wraps at spaces only, continuation lines indented, long commands whole', async () => {
    const sb = brokenSandbox();
    const [piped, narrow] = await Promise.all([
      runCli(DIAGNOSE, envWith(sb, {})),
      runCli(DIAGNOSE, envWith(sb, { COLUMNS: '80' })),
    ]);
    const words = (s: string) => s.replace(/\(\d+ checks in [\d.]+ s\)/, '').split(/\s+/);
    // Not one word, path, URL or command split, none glued: the same words in the same order.
    expect(words(narrow.stdout)).toEqual(words(piped.stdout));
    expect(piped.stdout.split('\n').some((l) => l.length > 100)).toBe(true);
    const lines = narrow.stdout.split('\n');
    for (const l of lines.filter((x) => [...x].length > 80)) {
      // Only what cannot be broken is longer: one unbroken piece after the indent.
      expect(l.trim(), l).toMatch(/^(\S+|\$ .*|codecommit-doctor .*|[^ ].*credential-helper \$@)$/);
    }
    const next = lines.findIndex((l) => l.startsWith('Next:'));
    expect(lines[next + 1]).toBe(`    codecommit-doctor fix --repo ${URL}`);
  });
});

describe('one evidence block per root cause', () => {
  it('a second finding from the same helper chain refers to the first instead of repeating it', async () => {
    const sb = brokenSandbox();
    const r = await runCli(DIAGNOSE, envWith(sb, {}));
    const helperLine = /^ {8}1\. store \(system settings/;
    expect(r.stdout.split('\n').filter((l) => helperLine.test(l))).toHaveLength(1);
    // helper-usehttppath-missing comes first and shows the chain; helper-shadowed has nothing more.
    expect(r.stdout).toContain('      Evidence: the same as for helper-usehttppath-missing above.\n');
  });
});

describe('fix', () => {
  it('prints a short summary, not the whole diagnosis, before the plans; ends on what to do next', async () => {
    const sb = brokenSandbox();
    const [diagnosed, dry] = await Promise.all([
      runCli(DIAGNOSE, envWith(sb, {})),
      runCli(['fix', '--repo', URL, '--offline', '--dry-run', '--no-verify'], envWith(sb, {})),
    ]);
    const [summary = '', plans = ''] = dry.stdout.split('\nWhat can be done:\n');
    // No check list and no evidence before the first plan: a line per finding instead.
    expect(summary).not.toMatch(/^\[[✓!✗?-]\] /m);
    expect(summary).not.toContain('Evidence:');
    for (const code of ['helper-shadowed', 'helper-usehttppath-missing', 'system-scope-helper'])
      expect(summary).toMatch(new RegExp(`^  \\[[✗!i]\\] .*\\(${code}\\)$`, 'm'));
    expect(summary.split('\n').length).toBeLessThan(diagnosed.stdout.split('\n').length / 2);
    expect(summary).toContain(`Why, with the evidence: codecommit-doctor diagnose --repo ${URL}`);
    expect(plans).toMatch(/^1\. Fix: /);
  });
});

describe('the terminal wizard (codecommit-doctor start, no display)', () => {
  it('asks again after an address it cannot use, offers "Did you mean …?", then scans, fixes and says before/after in words', async () => {
    const b = await buildScenario('stale-cached-password');
    built.push(b);
    const env: Record<string, string> = {
      ...b.sandbox.env,
      CODECOMMIT_DOCTOR_STATE_DIR: path.join(b.sandbox.home, '.state'),
    };
    delete env.DISPLAY;
    delete env.WAYLAND_DISPLAY;
    // "demo" cannot be read (an example is shown); http:// gets "Did you mean https://…?": yes;
    // then yes to each fix.
    const input = ['demo', b.url.replace(/^https:/, 'http:'), 'y', 'y', 'y', ''].join('\n');
    const r = await runCli(['start'], env, { input, timeoutMs: 90_000 });
    const out = r.stdout;
    expect(out).toContain(
      'This address will not work: This is not a whole address: it must start with https://.',
    );
    expect(out).toContain('For example: https://git-codecommit.us-east-2.amazonaws.com/v1/repos/my-repo');
    expect(out).toContain(
      `This address will not work: CodeCommit answers on https:// only.\nDid you mean ${b.url}? [y/N]`,
    );
    expect((out.match(/What do you want to clone\?/g) ?? []).length).toBe(2);
    expect(out).toContain(`— checking ${b.url}`);
    expect(out).not.toMatch(/\S+ → \S+/);
    expect(out).toContain(
      `${b.url}: before the fixes: the server refused the password (403); now: cloning works (git lists`,
    );
    expect(out.trimEnd().split('\n').pop()).toBe(`You can clone now: git clone ${b.url}`);
    expect(r.code).toBe(0);
  }, 120_000);

  it('stops after three addresses it cannot use (exit 2), never scanning what it could not read', async () => {
    const sb = brokenSandbox();
    const env = envWith(sb, {});
    delete env.DISPLAY;
    const r = await runCli(['start'], env, { input: 'demo\nfoo bar\nhttp//x\n' });
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('No address to check');
    expect(r.stdout).not.toContain('— checking');
  });
});
