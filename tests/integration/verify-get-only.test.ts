import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineContext } from '../../electron/engine/context';
import { classifyLsRemote, verifyRemote, type Verdict } from '../../electron/engine/fixes/verify';
import { realRunner } from '../../electron/engine/runner';
import { configContext } from '../support/config-context';
import { createBareRepo, startHttpStub, type StubServer } from '../support/http-stub';

// Differential test of the live check against plain `git ls-remote` (git 2.39): every
// helper logs each call (its action and what git handed it). The check must make git ask
// exactly the helpers plain git asks for `get` — same order, same input, URL-scoped sections,
// resets and UseHttpPath included — never call `store` or `erase`, and come to the same
// verdict with the same words.

const WWW = { 'WWW-Authenticate': 'Basic realm="stub"' };

let root: string;
let log: string;
let server: StubServer;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'verify-get-only-'));
  log = join(root, 'calls.log');
  const repo = await createBareRepo(root, 'demo');
  server = await startHttpStub({
    handler: (req) => {
      const area = req.path.split('/')[1] ?? '';
      if (!req.hasAuthorization) return { status: 401, headers: WWW };
      if (area === 'auth-ok') return { backend: repo };
      if (area === 'auth-403') return { status: 403 };
      return { status: 401, headers: WWW };
    },
  });
});

afterAll(async () => {
  await server?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

type Answer = 'nothing' | 'full' | 'user' | 'password' | 'fails' | 'quit';

/** A helper that logs `<name> <action> <input on one line>` and then answers as told. */
function helper(name: string, answer: Answer): string {
  const says: Record<Answer, string> = {
    nothing: '',
    full: `echo username=u-${name}; echo password=p-${name};`,
    user: `echo username=u-${name};`,
    password: `echo password=p-${name};`,
    // On `get` only: what a helper prints on `store`/`erase` is gone with those calls.
    fails: `[ "$1" = get ] && echo "${name}: aws: not found" >&2;`,
    quit: 'echo quit=1;',
  };
  return `"!f() { echo ${name} $1 $(tr '\\n' ' ') >> ${log}; ${says[answer]} }; f"`;
}

const sandbox = (gitconfig: string): EngineContext => configContext(root, gitconfig, {}, 20_000);

function calls(): string[] {
  const lines = existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : [];
  rmSync(log, { force: true });
  return lines.map((l) => l.trim());
}

const words = (v: Verdict) => ({
  outcome: v.outcome,
  headline: v.headline,
  short: v.short,
  detail: v.detail,
  refs: v.refs,
  followedBy: v.followedBy,
});

/** Plain `git ls-remote` (what verify used to run) and the check, each with its helper calls. */
async function both(ctx: EngineContext, url: string) {
  rmSync(log, { force: true });
  const plain = classifyLsRemote(
    await realRunner('git', ['ls-remote', '--', url], {
      env: { ...ctx.env, LANGUAGE: 'en' },
      cwd: ctx.cwd,
      timeoutMs: 20_000,
    }),
  );
  const plainCalls = calls();
  const checked = await verifyRemote(ctx, url);
  return { plain, plainCalls, checked, checkedCalls: calls() };
}

const gets = (lines: string[]) => lines.filter((l) => / get( |$)/.test(l));

describe('the live check asks exactly what git asks, for get only', () => {
  const cases: { name: string; config: (port: number) => string; area: string; user?: string }[] = [
    {
      name: 'one helper, success (plain git then stores)',
      area: 'auth-ok',
      config: () => `[credential]\n\thelper = ${helper('h1', 'full')}\n`,
    },
    {
      name: 'refused with 401 (plain git then erases)',
      area: 'always-401',
      config: () => `[credential]\n\thelper = ${helper('h1', 'full')}\n`,
    },
    {
      name: '403 after a full answer',
      area: 'auth-403',
      config: () => `[credential]\n\thelper = ${helper('h1', 'full')}\n`,
    },
    {
      name: 'no helper answers: git asks for a user name',
      area: 'auth-ok',
      config: () => `[credential]\n\thelper = ${helper('h1', 'nothing')}\n`,
    },
    {
      name: 'a user name only: git asks for the password',
      area: 'auth-ok',
      config: () =>
        `[credential]\n\thelper = ${helper('h1', 'user')}\n\thelper = ${helper('h2', 'nothing')}\n`,
    },
    {
      name: 'a password only: git asks for a user name',
      area: 'auth-ok',
      config: () => `[credential]\n\thelper = ${helper('h1', 'password')}\n`,
    },
    {
      name: "the next helper is handed the first one's user name",
      area: 'auth-ok',
      config: () =>
        `[credential]\n\thelper = ${helper('h1', 'user')}\n\thelper = ${helper('h2', 'full')}\n\thelper = ${helper('h3', 'full')}\n`,
    },
    {
      name: 'a helper says quit',
      area: 'auth-ok',
      config: () => `[credential]\n\thelper = ${helper('h1', 'quit')}\n\thelper = ${helper('h2', 'full')}\n`,
    },
    {
      name: 'a failing helper, then another answers, then 403',
      area: 'auth-403',
      config: () => `[credential]\n\thelper = ${helper('h1', 'fails')}\n\thelper = ${helper('h2', 'full')}\n`,
    },
    {
      name: 'a user name in the URL',
      area: 'auth-ok',
      user: 'alice',
      config: () => `[credential]\n\thelper = ${helper('h1', 'password')}\n`,
    },
    {
      name: 'a path-scoped section matches without UseHttpPath (git matches the full URL, then drops the path)',
      area: 'auth-ok',
      config: (port) =>
        `[credential]\n\thelper = ${helper('h1', 'nothing')}\n[credential "http://127.0.0.1:${port}/auth-ok/demo.git"]\n\thelper = ${helper('h2', 'full')}\n`,
    },
    {
      name: 'a host section resets the list; UseHttpPath passes the path',
      area: 'auth-ok',
      config: (port) =>
        `[credential]\n\thelper = ${helper('h1', 'full')}\n[credential "http://127.0.0.1:${port}"]\n\thelper =\n\thelper = ${helper('h2', 'full')}\n\tuseHttpPath = true\n[credential "http://github.com"]\n\thelper = ${helper('h3', 'full')}\n`,
    },
  ];

  it.each(cases)('$name', async (c) => {
    const ctx = sandbox(c.config(server.port));
    const url = `http://${c.user ? `${c.user}@` : ''}127.0.0.1:${server.port}/${c.area}/demo.git`;
    const r = await both(ctx, url);
    expect(words(r.checked)).toEqual(words(r.plain));
    expect(r.checkedCalls).toEqual(gets(r.plainCalls));
    expect(r.checkedCalls.filter((l) => / (store|erase)( |$)/.test(l))).toEqual([]);
    expect(JSON.stringify(r.checked)).not.toContain('codecommit_doctor');
  });

  it('a repository folder: the remote by name, insteadOf, and a helper from the local settings', async () => {
    const repo = join(root, 'repo');
    const ctx = { ...sandbox(`[credential]\n\thelper = ${helper('h1', 'nothing')}\n`), cwd: repo };
    expect(
      (await realRunner('git', ['init', '-q', repo], { env: ctx.env, timeoutMs: 10_000 })).exitCode,
    ).toBe(0);
    const local = [
      ['remote.origin.url', 'stub:demo.git'],
      [`url.http://127.0.0.1:${server.port}/auth-ok/.insteadOf`, 'stub:'],
      [
        `credential.http://127.0.0.1:${server.port}/auth-ok/demo.git.helper`,
        helper('h2', 'full').slice(1, -1),
      ],
    ];
    for (const [k, v] of local) {
      const r = await realRunner('git', ['config', k as string, v as string], {
        env: ctx.env,
        cwd: repo,
        timeoutMs: 10_000,
      });
      expect(r.exitCode, r.stderr).toBe(0);
    }
    const r = await both(ctx, 'origin');
    expect(r.plain.outcome).toBe('ok');
    expect(words(r.checked)).toEqual(words(r.plain));
    expect(r.checkedCalls.map((l) => l.split(' ').slice(0, 2).join(' '))).toEqual(['h1 get', 'h2 get']);
    expect(r.plainCalls.map((l) => l.split(' ').slice(0, 2).join(' '))).toEqual([
      'h1 get',
      'h2 get',
      'h1 store',
      'h2 store',
    ]);
  });

  it("a PATH holding only git's exec path (the shell's tools are gone): same verdicts", async () => {
    const gives = '"!f() { echo username=u; echo password=p; }; f"';
    for (const [config, area] of [
      [`[credential]\n\thelper = ${gives}\n`, 'auth-ok'],
      [`[credential]\n\thelper = ${gives}\n`, 'auth-403'],
      ['[credential]\n\thelper = "!f() { aws codecommit credential-helper $@; }; f"\n', 'auth-ok'],
    ] as const) {
      const base = sandbox(config);
      const ctx = { ...base, env: { ...base.env, PATH: '/usr/lib/git-core' } };
      const r = await both(ctx, `http://127.0.0.1:${server.port}/${area}/demo.git`);
      expect(words(r.checked)).toEqual(words(r.plain));
    }
  });

  it('plain git does store after a success and erase after a 401 (the test can fail)', async () => {
    const ctx = sandbox(`[credential]\n\thelper = ${helper('h1', 'full')}\n`);
    const ok = await both(ctx, `http://127.0.0.1:${server.port}/auth-ok/demo.git`);
    expect(ok.plainCalls.map((l) => l.split(' ').slice(0, 2).join(' '))).toEqual(['h1 get', 'h1 store']);
    const refused = await both(ctx, `http://127.0.0.1:${server.port}/always-401/demo.git`);
    expect(refused.plainCalls.map((l) => l.split(' ').slice(0, 2).join(' '))).toEqual(['h1 get', 'h1 erase']);
  });

  it('random configurations: same get calls, never store or erase, same verdict', async () => {
    const answer = fc.constantFrom<Answer>(
      'nothing',
      'nothing',
      'full',
      'full',
      'user',
      'password',
      'fails',
      'quit',
    );
    const sectionUrl = fc.constantFrom(
      undefined,
      undefined,
      'http://127.0.0.1:PORT',
      'http://127.0.0.1:PORT/auth-ok',
      'http://127.0.0.1:PORT/auth-ok/demo.git',
      'http://127.0.0.1:PORT/auth-403',
      'http://alice@127.0.0.1:PORT',
      'http://127.0.0.1',
      'http://*.0.0.1:PORT',
      'https://127.0.0.1:PORT',
    );
    const line = fc.oneof(
      { weight: 5, arbitrary: answer.map((a) => ({ kind: 'helper' as const, a })) },
      { weight: 1, arbitrary: fc.constant({ kind: 'reset' as const }) },
      { weight: 1, arbitrary: fc.constantFrom('true', 'false').map((v) => ({ kind: 'path' as const, v })) },
    );
    const config = fc.array(
      fc.record({ url: sectionUrl, lines: fc.array(line, { minLength: 1, maxLength: 3 }) }),
      {
        minLength: 1,
        maxLength: 4,
      },
    );
    await fc.assert(
      fc.asyncProperty(
        config,
        fc.constantFrom('auth-ok', 'auth-403', 'always-401'),
        fc.constantFrom('', 'alice@'),
        async (sections, area, user) => {
          let n = 0;
          const text = sections
            .map(
              (s) =>
                (s.url
                  ? `[credential "${s.url.replace('PORT', String(server.port))}"]\n`
                  : '[credential]\n') +
                s.lines
                  .map((l) =>
                    l.kind === 'helper'
                      ? `\thelper = ${helper(`h${++n}`, l.a)}\n`
                      : l.kind === 'reset'
                        ? '\thelper =\n'
                        : `\tuseHttpPath = ${l.v}\n`,
                  )
                  .join(''),
            )
            .join('');
          const r = await both(sandbox(text), `http://${user}127.0.0.1:${server.port}/${area}/demo.git`);
          expect(r.checkedCalls, text).toEqual(gets(r.plainCalls));
          expect(words(r.checked), text).toEqual(words(r.plain));
        },
      ),
      { numRuns: 40 },
    );
  }, 120_000);
});
