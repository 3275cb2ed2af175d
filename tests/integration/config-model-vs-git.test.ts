import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { gitConfigArgv } from '../../electron/engine/fixes/steps/git-config';
import { simulateConfig } from '../../electron/engine/fixes/steps';
import type { ConfigEntry, FixStep } from '../../electron/engine/model';
import { parseConfigZ } from '../../electron/engine/probes/git-config-parse';

// Differential test of the planner's config model: random `git config --file` sequences
// (--add / --replace-all / --unset-all, with and without value patterns, keys in any case,
// on files that hold valueless keys and duplicates) run through real git 2.39 and through
// simulateConfig; the entries git lists afterwards must equal the model's, in order. The
// planner trusts this model to decide that a plan makes the AWS helper answer first.

const sandbox = mkdtempSync(path.join(os.tmpdir(), 'ccd-config-diff-'));
afterAll(() => rmSync(sandbox, { recursive: true, force: true }));

const env: NodeJS.ProcessEnv = {
  PATH: process.env.PATH,
  HOME: sandbox,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: path.join(sandbox, 'no-global'),
  LANG: 'C',
};

const KEYS = [
  'credential.helper',
  'Credential.Helper',
  'credential.https://git-codecommit.us-east-1.amazonaws.com.helper',
  'credential.https://git-codecommit.us-east-1.amazonaws.com.UseHttpPath',
  'credential.https://Git-CodeCommit.us-east-1.amazonaws.com.helper',
  'credential.https://github.com.helper',
  'credential.useHttpPath',
] as const;
const VALUES = ['', 'osxkeychain', 'manager', 'manager-core', '!aws codecommit credential-helper $@', 'true'];
// Includes the escaped-literal form the planner writes (`^<value>$` with regex characters escaped).
const PATTERNS = [
  undefined,
  '^manager-core$',
  '^$',
  'osx',
  '^!aws',
  'manager',
  '^true$',
  '^!aws codecommit credential-helper \\$@$',
];

/** Initial file text: the sections real configs have, including valueless keys and repeats. */
const LINES = [
  '[credential]\n\thelper = osxkeychain\n',
  '[credential]\n\thelper\n',
  '[credential]\n\thelper = \n',
  '[credential]\n\tuseHttpPath = true\n',
  '[credential "https://git-codecommit.us-east-1.amazonaws.com"]\n\thelper = \n\thelper = !aws codecommit credential-helper $@\n',
  '[credential "https://git-codecommit.us-east-1.amazonaws.com"]\n\tUseHttpPath = true\n',
  '[credential "https://github.com"]\n\thelper = manager\n',
  '[credential]\n\thelper = manager-core\n',
];

const stepArb = fc.record({
  file: fc.constantFrom('a', 'b'),
  op: fc.constantFrom('add', 'set', 'replace-all', 'unset-all') as fc.Arbitrary<
    'add' | 'set' | 'replace-all' | 'unset-all'
  >,
  key: fc.constantFrom(...KEYS),
  value: fc.constantFrom(...VALUES),
  pattern: fc.constantFrom(...PATTERNS),
});

const caseArb = fc.record({
  a: fc.array(fc.constantFrom(...LINES), { maxLength: 4 }),
  b: fc.array(fc.constantFrom(...LINES), { maxLength: 3 }),
  steps: fc.array(stepArb, { minLength: 1, maxLength: 6 }),
});

function git(args: string[]): { status: number | null; stdout: string } {
  const r = spawnSync('git', args, { env, encoding: 'utf8', timeout: 10_000 });
  return { status: r.status, stdout: r.stdout };
}

/** File a is the user's settings, b the repository's: git reads them in that order. */
const SCOPE = { a: 'global', b: 'local' } as const;

function listed(files: { a: string; b: string }): ConfigEntry[] {
  return (['a', 'b'] as const).flatMap((which) => {
    const r = git(['config', '--file', files[which], '--list', '--show-origin', '-z']);
    return parseConfigZ(r.stdout).map((e) => ({ ...e, scope: SCOPE[which] }));
  });
}

const comparable = (entries: ConfigEntry[]) =>
  entries.map((e) => `${e.origin}\u0001${e.key}\u0001${e.value}`);

let run = 0;

describe('the planner’s config model against real git config', () => {
  it('agrees with git on 1,000 random --add/--replace-all/--unset-all sequences', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const dir = path.join(sandbox, String(run++));
        spawnSync('mkdir', [dir]);
        const files = { a: path.join(dir, 'a.gitconfig'), b: path.join(dir, 'b.gitconfig') };
        writeFileSync(files.a, c.a.join(''));
        writeFileSync(files.b, c.b.join(''));
        const before = listed(files);
        const steps: Extract<FixStep, { type: 'git-config' }>[] = c.steps.map((s) => ({
          type: 'git-config',
          op: s.op,
          file: files[s.file],
          scope: SCOPE[s.file],
          key: s.key,
          ...(s.op === 'unset-all' ? {} : { value: s.value }),
          ...(s.pattern && (s.op === 'replace-all' || s.op === 'unset-all')
            ? { valuePattern: s.pattern }
            : {}),
        }));
        for (const s of steps) {
          const r = git(gitConfigArgv(s).slice(1));
          // --unset-all exits 5 when nothing matched, as apply treats it.
          expect([0, 5]).toContain(r.status);
        }
        const model = simulateConfig(before, steps);
        expect(comparable(model)).toEqual(comparable(listed(files)));
      }),
      { numRuns: 1000, seed: 20261129 },
    );
  }, 240_000);
});
