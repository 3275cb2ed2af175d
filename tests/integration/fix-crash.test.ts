import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureCliBuilt, runCli, spawnCli } from '../support/cli-run';
import { createFixSandbox, writeExecutable, type FixSandbox } from '../support/fix-sandbox';

// `fix --yes` killed (SIGKILL, no chance to clean up) between two `git config` steps of one
// fix: the journal on disk must still let `undo --last` put the config back byte for byte,
// and the dead process's journal lock must not block the undo.

const URL = 'https://git-codecommit.us-east-2.amazonaws.com/v1/repos/demo';
const HOST = 'git-codecommit.us-east-2.amazonaws.com';
/** Comments, odd spacing and another section: undo must restore bytes, not just meaning. */
const GLOBAL =
  '# my settings — keep this comment\n[user]\n\tname = Some One\n\temail = one@example.com\n[credential]\n  helper = store   \n[alias]\n\tst = status\n';

let sb: FixSandbox;
let wrapBin: string;
let marker: string;
const leftovers: number[] = [];

/** A `git` that stops for good on the 2nd `git config --file F --add …` (the fix's second step). */
function wrapperGit(dir: string, counter: string, markerFile: string): void {
  mkdirSync(dir, { recursive: true });
  writeExecutable(
    path.join(dir, 'git'),
    [
      '#!/bin/sh',
      'if [ "$1" = config ] && [ "$2" = --file ] && [ "$4" = --add ]; then',
      `  n=$(cat '${counter}' 2>/dev/null || echo 0); n=$((n+1)); echo "$n" > '${counter}'`,
      '  if [ "$n" = 2 ]; then',
      // exec: the pid written is the sleeper's own, so the test can end it.
      `    echo $$ > '${markerFile}.tmp'; mv '${markerFile}.tmp' '${markerFile}'; exec sleep 30`,
      '  fi',
      'fi',
      'exec /usr/bin/git "$@"',
      '',
    ].join('\n'),
  );
}

async function waitForFile(file: string, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (existsSync(file)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

function killGroup(pid: number): void {
  for (const target of [-pid, pid]) {
    try {
      process.kill(target, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

beforeAll(async () => {
  await ensureCliBuilt();
  sb = createFixSandbox({ global: GLOBAL });
  wrapBin = path.join(sb.root, 'wrap-bin');
  marker = path.join(sb.root, 'second-add-reached');
  wrapperGit(wrapBin, path.join(sb.root, 'add-count'), marker);
}, 120_000);

afterAll(() => {
  for (const pid of leftovers) killGroup(pid);
  sb?.cleanup();
});

describe('a fix killed between steps', () => {
  it('undo --last (real git) restores the config byte-identical; history shows the entry', async () => {
    const before = readFileSync(sb.globalFile);
    const env = { ...sb.env, PATH: `${wrapBin}:${sb.env.PATH}` };
    const child = spawnCli(['fix', '--repo', URL, '--yes', '--no-verify', '--offline'], env);
    let output = '';
    child.stdout?.on('data', (d: Buffer) => (output += d.toString('utf8')));
    child.stderr?.on('data', (d: Buffer) => (output += d.toString('utf8')));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_c, s) => resolve(s)));
    if (child.pid !== undefined) leftovers.push(child.pid);

    const reached = await waitForFile(marker, 20_000);
    expect(reached, `the fix never reached its second --add step:\n${output}`).toBe(true);
    // The first step is on disk: the CLI dies with the config half-changed.
    const mid = readFileSync(sb.globalFile, 'utf8');
    expect(mid).toContain(`[credential "https://${HOST}"]`);
    expect(mid).not.toContain('credential-helper');

    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    const sleeper = Number(readFileSync(marker, 'utf8').trim());
    expect(sleeper).toBeGreaterThan(1);
    leftovers.push(sleeper);
    killGroup(sleeper);

    // From here on the real git only: PATH without the wrapper.
    const history = await runCli(['history', '--json'], sb.env);
    expect(history.code, history.stderr).toBe(0);
    const entries = (
      JSON.parse(history.stdout) as {
        entries: { id: string; state: string; files: string[]; steps: { state: string }[] }[];
      }
    ).entries;
    expect(entries).toHaveLength(1);
    expect(entries[0]?.state).toBe('applying');
    expect(entries[0]?.files).toEqual([sb.globalFile]);
    expect(entries[0]?.steps.map((s) => s.state)).toEqual(['done', 'pending', 'pending']);

    const undo = await runCli(['undo', '--last'], sb.env, { timeoutMs: 30_000 });
    expect(undo.code, undo.stdout + undo.stderr).toBe(0);
    expect(undo.stdout).toContain(`restored ${sb.globalFile}`);
    expect(readFileSync(sb.globalFile)).toEqual(before);

    const after = await runCli(['history', '--json'], sb.env);
    const afterEntries = (JSON.parse(after.stdout) as { entries: { id: string; state: string }[] }).entries;
    expect(afterEntries.map((e) => [e.id, e.state])).toEqual([[entries[0]?.id, 'undone']]);
    // The dead process's lock did not stick: a fresh fix runs to the end.
    const again = await runCli(['fix', '--repo', URL, '--yes', '--no-verify', '--offline'], sb.env);
    expect(again.stdout).toMatch(/Done \(undo with: codecommit-doctor undo /);
    expect(readFileSync(sb.globalFile, 'utf8')).toContain('credential-helper');
  }, 60_000);
});
