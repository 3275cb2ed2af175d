import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { computeHelperChain } from '../../electron/engine/helper-chain';
import { parseConfigZ } from '../../electron/engine/probes/git-config-parse';
import { realRunner } from '../../electron/engine/runner';

// Differential test: random credential configs are handed to the real git 2.39 and to
// computeHelperChain; both must agree on which helpers run, in which order, and whether
// the path is passed (each helper logs its number and the path= line git sent it).

const sandbox = mkdtempSync(path.join(os.tmpdir(), 'ccd-helper-diff-'));
const LOG = path.join(sandbox, 'log');
const GLOBAL = path.join(sandbox, 'global.gitconfig');
const SYSTEM = path.join(sandbox, 'system.gitconfig');
afterAll(() => rmSync(sandbox, { recursive: true, force: true }));

const env: NodeJS.ProcessEnv = {
  PATH: process.env.PATH,
  HOME: sandbox,
  XDG_CONFIG_HOME: path.join(sandbox, 'xdg'),
  GIT_CONFIG_GLOBAL: GLOBAL,
  GIT_CONFIG_SYSTEM: SYSTEM,
  GIT_TERMINAL_PROMPT: '0',
  GIT_ASKPASS: '',
  SSH_ASKPASS: '',
  LANG: 'C',
};

const sectionUrl = fc
  .record({
    scheme: fc.constantFrom('https://', 'https://', 'http://', ''),
    user: fc.constantFrom('', '', '', 'alice@', 'bob@'),
    host: fc.constantFrom(
      'git-codecommit.us-east-1.amazonaws.com',
      'git-codecommit.*.amazonaws.com',
      'GIT-CodeCommit.us-east-1.amazonaws.com',
      '*.us-east-1.amazonaws.com',
      'git-codecommit-fips.us-east-1.amazonaws.com',
      'git-codecommit.*.amazonaws.com.cn',
      '*.*.amazonaws.com',
      'git-*.us-east-1.amazonaws.com',
      '*',
      'github.com',
    ),
    port: fc.constantFrom('', '', '', ':443', ':8443'),
    path: fc.constantFrom(
      '',
      '',
      '',
      '/',
      '/v1',
      '/v1/repos',
      '/v1/repos/r1',
      '/v1/repos/r1/',
      '/v1/rep',
      '/v1/repos/r2',
    ),
  })
  .map((s) => `${s.scheme}${s.user}${s.host}${s.port}${s.path}`);

type Line =
  | { kind: 'helper' }
  | { kind: 'reset' }
  | { kind: 'usehttppath'; value: string | null }
  | { kind: 'valueless-helper' };
const line: fc.Arbitrary<Line> = fc.oneof(
  { weight: 6, arbitrary: fc.constant({ kind: 'helper' as const }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'reset' as const }) },
  {
    weight: 3,
    arbitrary: fc
      .constantFrom('true', 'false', 'yes', 'off', '1', '0', 'TRUE', '')
      .map((value) => ({ kind: 'usehttppath' as const, value })),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'usehttppath' as const, value: null }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'valueless-helper' as const }) },
);
const section = fc.record({
  url: fc.option(sectionUrl, { nil: undefined, freq: 3 }),
  lines: fc.array(line, { minLength: 1, maxLength: 3 }),
});
const request = fc.record({
  protocol: fc.constantFrom('https', 'https', 'http'),
  username: fc.constantFrom(undefined, undefined, 'alice', 'bob'),
  host: fc.constantFrom(
    'git-codecommit.us-east-1.amazonaws.com',
    'git-codecommit.us-east-1.amazonaws.com:443',
    'git-codecommit.us-east-1.amazonaws.com:8443',
    'git-codecommit-fips.us-east-1.amazonaws.com',
    'git-codecommit.cn-north-1.amazonaws.com.cn',
    'Git-CodeCommit.us-east-1.amazonaws.com',
    'github.com',
  ),
  path: fc.constantFrom('v1/repos/r1', 'v1/repos/r2', 'v1/repos/r1x'),
});

function render(sections: { url?: string; lines: Line[] }[], counter: { n: number }): string {
  let out = '';
  for (const s of sections) {
    out += s.url === undefined ? '[credential]\n' : `[credential "${s.url}"]\n`;
    for (const l of s.lines) {
      if (l.kind === 'helper') {
        const n = counter.n++;
        out += `\thelper = "!f() { p=$(grep ^path=); echo h${n} $p >> ${LOG}; }; f"\n`;
      } else if (l.kind === 'reset') out += '\thelper =\n';
      else if (l.kind === 'valueless-helper') out += '\thelper\n';
      else out += l.value === null ? '\tuseHttpPath\n' : `\tuseHttpPath = ${l.value}\n`;
    }
  }
  return out;
}

async function runGit(args: string[], input?: string) {
  return realRunner('git', args, {
    env,
    cwd: sandbox,
    timeoutMs: 10_000,
    ...(input !== undefined ? { input } : {}),
  });
}

describe('computeHelperChain agrees with git credential fill (git 2.39)', () => {
  it('gives the same helpers, order and useHttpPath for random configs', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(section, { minLength: 1, maxLength: 5 }),
        fc.array(section, { minLength: 0, maxLength: 2 }),
        request,
        async (globalSections, systemSections, req) => {
          const counter = { n: 1 };
          writeFileSync(SYSTEM, render(systemSections, counter));
          writeFileSync(GLOBAL, render(globalSections, counter));
          rmSync(LOG, { force: true });

          const list = await runGit(['config', '--list', '--show-origin', '--show-scope', '-z']);
          expect(list.exitCode).toBe(0);
          const entries = parseConfigZ(list.stdout);

          const userPart = req.username ? `${req.username}@` : '';
          const url = `${req.protocol}://${userPart}${req.host}/${req.path}`;
          const chain = computeHelperChain(entries, url);

          const stdin = `protocol=${req.protocol}\n${req.username ? `username=${req.username}\n` : ''}host=${req.host}\npath=${req.path}\n\n`;
          const fill = await runGit(['credential', 'fill'], stdin);
          expect(fill.timedOut).toBe(false);
          const log = existsSync(LOG) ? readFileSync(LOG, 'utf8').trim().split('\n').filter(Boolean) : [];

          if (chain.fatal) {
            expect(fill.stderr).toMatch(/bad config variable|missing value|bad boolean/);
            expect(log).toEqual([]);
            return;
          }
          expect(fill.stderr).not.toMatch(/bad config variable|missing value|bad boolean/);
          const expected = chain.helpers.map((h) => {
            const n = /echo (h\d+)/.exec(h.value)?.[1] ?? '?';
            return chain.useHttpPath ? `${n} path=${req.path}` : n;
          });
          expect(log).toEqual(expected);
        },
      ),
      { numRuns: 100 },
    );
  }, 60_000);
});
