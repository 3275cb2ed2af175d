import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanReport } from '../../electron/engine/model';
import { ensureCliBuilt, runCli, type CliResult } from '../support/cli-run';
import type { FixSandbox } from '../support/fix-sandbox';
import { comparable } from '../support/recording';
import { createSeededSandbox, type SeededSandbox } from '../support/seeded-sandbox';
import { expectNoSeeds, KEY_ID, PLAIN_URL, SEEDED_URL } from '../support/seeded-secrets';

// `diagnose --record` then `--replay` through the real CLI, on a sandbox seeded with secrets
// (issue 10's seeds: a password with `/` in the address and in a remote, literal passwords
// in helper commands, session tokens in a credential-store file and a real Secret Service).
// The recording holds none of them, whatever is hidden besides; the replay names the same
// problems; `fix --replay` is refused.

let seeded: SeededSandbox;
let sb: FixSandbox;
let repo: string;

beforeAll(async () => {
  [seeded] = await Promise.all([createSeededSandbox(), ensureCliBuilt()]);
  ({ sb, repo } = seeded);
}, 180_000);

afterAll(() => seeded?.stop());

const run = (args: string[]): Promise<CliResult> => runCli(args, sb.env, { timeoutMs: 60_000 });

const TARGETS: [string, () => string[]][] = [
  ['an address with a password', () => ['--repo', SEEDED_URL]],
  ['an address', () => ['--repo', PLAIN_URL]],
  ['a repository folder', () => ['--dir', repo]],
  ['the whole computer', () => []],
];

describe('diagnose --record, then --replay, of a sandbox seeded with secrets', () => {
  it.each(TARGETS)(
    '%s: no seed in the recording, whatever else is hidden; the replay says the same',
    async (label, target) => {
      for (const redact of [[], ['--redact', 'none'], ['--redact', 'accounts,home,repos']]) {
        const file = path.join(sb.root, `${label.replace(/\W+/g, '-')}-${redact.join('')}.json`);
        const live = await run(['diagnose', ...target(), '--offline', '--json', '--record', file, ...redact]);
        expect(live.code, live.stderr).toBe(1);
        expect(live.stderr).toContain(`Recorded to ${file}`);
        const text = readFileSync(file, 'utf8');
        expectNoSeeds(`recording of ${label} ${redact.join(' ')}`, text);
        expect(statSync(file).mode & 0o777).toBe(0o600);
        // Not vacuous: the seeded stores and the session account were seen and recorded.
        expect(text).toContain('~fingerprint~');
        if (redact.length > 0 && redact[1] === 'none') expect(text).toContain(KEY_ID);
        else expect(text).not.toContain(KEY_ID);

        const replay = await run(['diagnose', '--replay', file, '--json']);
        expect(replay.code, replay.stderr).toBe(1);
        expectNoSeeds(`replay of ${label}`, replay.stdout + replay.stderr);
        const before = JSON.parse(live.stdout) as ScanReport;
        const after = JSON.parse(replay.stdout) as ScanReport;
        expect(after.replay?.notRecorded).toEqual([]);
        expect(after.findings.map((f) => f.code)).toEqual(before.findings.map((f) => f.code));
        expect(after.checks.map((c) => [c.id, c.status])).toEqual(before.checks.map((c) => [c.id, c.status]));
        if (redact[1] === 'none') expect(comparable(after)).toEqual(comparable(before));
      }
    },
    120_000,
  );

  it('people see that it is a replay; fix --replay is refused; a file that is not a recording is exit 2', async () => {
    const file = path.join(sb.root, 'human.json');
    await run(['diagnose', '--dir', repo, '--offline', '--record', file]);
    const human = await run(['diagnose', '--replay', file]);
    expect(human.code).toBe(1);
    expect(human.stdout).toMatch(
      /^Replayed from a recording of a Linux computer, made \S+ with codecommit-doctor \S+\. Nothing was read from this computer, and fixes are never applied from a replay\./,
    );
    const fix = await run(['fix', '--replay', file, '--yes']);
    expect(fix.code).toBe(2);
    expect(fix.stderr).toContain('Fixes are never applied from a replay');

    const notOne = path.join(sb.root, 'not-a-recording.json');
    writeFileSync(notOne, JSON.stringify({ schemaVersion: 1 }));
    for (const [bad, why] of [
      [notOne, 'is not a CodeCommit Doctor recording'],
      [path.join(sb.root, 'missing.json'), 'cannot be read: ENOENT'],
      ['/dev/zero', 'cannot be read: it is a character device, not a regular file'],
    ] as const) {
      const r = await run(['diagnose', '--replay', bad]);
      expect(r.code, r.stdout).toBe(2);
      expect(r.stderr).toContain(`--replay: ${bad}`);
      expect(r.stderr).toContain(why);
    }
  }, 60_000);
});
