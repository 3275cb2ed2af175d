import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { isStaticGitCredential, savedPasswords } from '../../electron/engine/checks/saved-passwords';
import { createContext, type EngineContext } from '../../electron/engine/context';
import { applyFix } from '../../electron/engine/fixes/apply';
import { planFixes } from '../../electron/engine/fixes/planner';
import type { WriteVerdict } from '../../electron/engine/fixes/write-target';
import { simulateConfig } from '../../electron/engine/fixes/steps';
import { gitConfigArgv } from '../../electron/engine/fixes/steps/git-config';
import { parseConfigZ } from '../../electron/engine/probes/git-config-parse';
import { checkFindings } from '../../electron/engine/checks/check';
import { computeHelperChain } from '../../electron/engine/helper-chain';
import type {
  ConfigEntry,
  ConfigScope,
  Facts,
  Finding,
  FindingCode,
  FixStep,
  StoreProbeResult,
} from '../../electron/engine/model';
import { storeOf } from '../../electron/engine/platform';
import { listCredentialManager } from '../../electron/engine/platform/win32/credential-manager';
import { listKeychain } from '../../electron/engine/platform/darwin/keychain';
import { listCredentialStore } from '../../electron/engine/platform/common/credential-store';
import { resolveUrlTarget } from '../../electron/engine/targets';
import {
  CODECOMMIT_HOSTS,
  OTHER_HOSTS,
  deletedHost,
  isCodeCommitHost,
  isOther,
  simCredman,
  simKeychain,
  targetOf,
  type Item,
  simJournal,
} from '../support/fix-inventory';

// Collateral: whatever a store holds and however git is configured, a fix touches only
// CodeCommit. Random inventories go list → the saved-passwords check → planFixes →
// applyFix against simulated stores that answer in the real output formats; random
// configs go through planFixes and every config step is replayed with simulateConfig.
// 3,000 + 4,500 + 300 inventories and 2,200 configs = 10,000 cases (the credential-store
// runs fsync a real file each time, so they are the fewest).

const journal = simJournal;

const ACCOUNTS = [
  'AKIAIOSFODNN7EXAMPLE',
  'alice',
  'Personal Access Token',
  'carol-at-123456789012',
  'jos\u00e9',
  'x@corp',
];
const KEYCHAINS = [
  '/Users/nicolas/Library/Keychains/login.keychain',
  '/Users/dl/Library/Keychains/login.keychain-db',
];

const host = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom(...CODECOMMIT_HOSTS) },
  { weight: 3, arbitrary: fc.constantFrom(...OTHER_HOSTS) },
);

const item = (kinds: Item['kind'][]): fc.Arbitrary<Item> =>
  fc.record({
    kind: fc.constantFrom(...kinds),
    host,
    account: fc.constantFrom(...ACCOUNTS),
    path: fc.constantFrom(undefined, undefined, '/v1/repos/demo'),
    userInTarget: fc.boolean(),
    keychain: fc.constantFrom(...KEYCHAINS),
  }) as fc.Arbitrary<Item>;

function baseFacts(
  platform: Facts['platform'],
  stores: StoreProbeResult[],
  config: ConfigEntry[] = [],
): Facts {
  const no = { ok: false as const, error: 'not collected', timedOut: false, durationMs: 0 };
  return {
    platform,
    targets: [],
    urlProblems: [],
    git: { ok: true, value: { executables: [], config, helperPrograms: {} }, durationMs: 0 },
    awsCli: {
      ok: true,
      value: { programs: [{ program: 'aws', resolvedPath: '/usr/bin/aws' }] },
      durationMs: 0,
    },
    awsConfig: no,
    stores: { ok: true, value: { stores }, durationMs: 0 },
    ssh: no,
    remoteCodecommit: no,
    account: no,
    clients: no,
    live: no,
  };
}

function findingsOf(facts: Facts): Finding[] {
  return checkFindings(savedPasswords, facts);
}

/** list → check → plan → apply; returns every planned and every executed deletion. */
async function fixAll(ctx: EngineContext, stores: StoreProbeResult[]): Promise<string[]> {
  const facts = baseFacts(ctx.platform, stores);
  // Every listed CodeCommit password the AWS helper signed must be planned for deletion, once
  // per item (the store's full key: one step deletes every copy of the same item).
  const stale = stores
    .flatMap((st) => st.entries.filter((e) => !isStaticGitCredential(e)))
    .filter(
      (e, i, all) => all.findIndex((x) => x.store === e.store && storeOf(e.store).sameEntry(x, e)) === i,
    );
  const planned = await planFixes({ ctx, facts, target: { kind: 'machine' } }, findingsOf(facts));
  const hosts: string[] = [];
  for (const f of planned) {
    for (const o of f.fixes) {
      for (const s of o.steps) if (s.type === 'delete-credential') hosts.push(s.entry.hostname);
      if (o.applicable && !o.needsAdmin) {
        const outcome = await applyFix(ctx, o, { journal });
        expect(outcome.error, o.id).toBeUndefined();
      }
    }
  }
  expect(hosts.length, 'a deletion step for every stale entry').toBe(stale.length);
  return hosts;
}

/** After the fix, listing again finds no stale CodeCommit password (static Git credentials stay). */
function assertNoStaleLeft(after: StoreProbeResult[]): void {
  const left = after.flatMap((st) => st.entries.filter((e) => !isStaticGitCredential(e)));
  expect(left).toEqual([]);
}

function assertOnlyCodeCommit(hosts: (string | null)[]): void {
  for (const h of hosts) {
    if (h === null) continue;
    expect(isCodeCommitHost(h), h).toBe(true);
    expect(isOther(h), h).toBe(false);
  }
}

describe('a fix deletes only CodeCommit credentials', () => {
  it('macOS keychain (internet and GCM generic items)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(item(['inet', 'genp']), { maxLength: 10 }), async (items) => {
        const sim = simKeychain(items);
        const ctx = createContext({
          platform: 'darwin',
          env: {},
          home: '/Users/u',
          runner: sim.runner,
          timeoutMs: 1000,
        });
        const planned = await fixAll(ctx, await listKeychain(ctx));
        assertOnlyCodeCommit(planned);
        assertNoStaleLeft(await listKeychain(ctx));
        assertOnlyCodeCommit(sim.calls.map(deletedHost));
        for (const i of items.filter((x) => !isCodeCommitHost(x.host))) expect(sim.items).toContain(i);
      }),
      { numRuns: 3000 },
    );
  }, 30_000);

  it('Windows Credential Manager', async () => {
    // Credential Manager keys credentials by target name: writing one again replaces it.
    const inventory = fc.uniqueArray(item(['cred']), {
      maxLength: 10,
      selector: (i) => targetOf(i).toLowerCase(),
    });
    await fc.assert(
      fc.asyncProperty(inventory, async (items) => {
        const sim = simCredman(items);
        const ctx = createContext({
          platform: 'win32',
          env: { USERPROFILE: 'C:\\Users\\u' },
          home: 'C:\\Users\\u',
          runner: sim.runner,
          timeoutMs: 1000,
        });
        const planned = await fixAll(ctx, [await listCredentialManager(ctx)]);
        assertOnlyCodeCommit(planned);
        assertNoStaleLeft([await listCredentialManager(ctx)]);
        assertOnlyCodeCommit(sim.calls.map(deletedHost));
        for (const i of items.filter((x) => !isCodeCommitHost(x.host))) expect(sim.items).toContain(i);
      }),
      { numRuns: 4500 },
    );
  }, 30_000);

  const home = mkdtempSync(path.join(os.tmpdir(), 'ccd-collateral-'));
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it('git credential-store file (real file, real rewrite)', async () => {
    const file = path.join(home, '.git-credentials');
    const ctx = createContext({
      platform: 'linux',
      env: { HOME: home, XDG_CONFIG_HOME: path.join(home, 'xdg') },
      home,
      cwd: home,
      timeoutMs: 1000,
    });
    const line = fc
      .record({
        host,
        account: fc.constantFrom(...ACCOUNTS),
        path: fc.constantFrom('', '', '/v1/repos/demo'),
        crlf: fc.boolean(),
      })
      .map(
        (l) =>
          `https://${encodeURIComponent(l.account)}:pw-${l.account.length}@${l.host}${l.path}${l.crlf ? '\r\n' : '\n'}`,
      );
    await fc.assert(
      fc.asyncProperty(fc.array(line, { maxLength: 8 }), async (lines) => {
        writeFileSync(file, lines.join(''), { mode: 0o600 });
        const planned = await fixAll(ctx, [await listCredentialStore(ctx)]);
        assertOnlyCodeCommit(planned);
        assertNoStaleLeft([await listCredentialStore(ctx)]);
        const keptLines = readFileSync(file, 'utf8')
          .split(/(?<=\n)/)
          .filter(Boolean);
        // Every line for another host is still there, byte for byte and in order.
        const others = lines.filter((l) => !isCodeCommitHost(/@([^/\s]+)/.exec(l)?.[1] ?? ''));
        expect(keptLines.filter((l) => others.includes(l))).toEqual(others);
      }),
      { numRuns: 300 },
    );
  }, 30_000);
});

// ── Config steps never change another host's helper chain ──────────────────────

const FILES: Record<'system' | 'global' | 'local', string> = {
  system: '/etc/gitconfig',
  global: '/home/u/.gitconfig',
  local: '/repo/.git/config',
};
const SECTIONS = [
  'https://github.com',
  'https://git-codecommit.us-east-1.amazonaws.com',
  'https://git-codecommit.*.amazonaws.com',
  'https://*.amazonaws.com',
  'https://git-codecommit.us-east-1.amazonaws.com.evil.com',
  'https://evil-git-codecommit.us-east-1.amazonaws.com',
  'https://gitlab.com/group',
  'github.com',
  'https://git-codecommit-fips.us-west-2.amazonaws.com',
];
const HELPERS = [
  '',
  'store',
  'osxkeychain',
  'manager',
  'manager-core',
  'cache --timeout=900',
  'wincred',
  '!aws codecommit credential-helper $@',
  '!aws --profile dev codecommit credential-helper $@',
];
const OTHER_URLS = [
  'https://github.com/x/y',
  'https://alice@github.com/x/y',
  'https://gitlab.com/group/p',
  'https://git-codecommit.us-east-1.amazonaws.com.evil.com/v1/repos/r1',
  'https://evil-git-codecommit.us-east-1.amazonaws.com/v1/repos/r1',
  'https://bitbucket.org/a/b',
];
const CC_URLS = [
  'https://git-codecommit.us-east-1.amazonaws.com/v1/repos/r1',
  'https://git-codecommit-fips.us-west-2.amazonaws.com/v1/repos/r1',
  'https://git-codecommit.cn-north-1.amazonaws.com.cn/v1/repos/r1',
  'https://vpce-0123456789abcdef0-abcdefgh.git-codecommit.us-east-1.vpce.amazonaws.com/v1/repos/r1',
  'https://git-codecommit.eu-west-1.amazonaws.com:8443/v1/repos/r1',
];
const CODES: FindingCode[] = [
  'helper-shadowed',
  'helper-not-configured',
  'scoped-section-misses-host',
  'helper-usehttppath-missing',
  'system-scope-helper',
  'aws-cli-autoprompt-on',
  'aws-cli-not-found',
  'aws-cli-cmd-only',
  'gcm-old-name',
];

const entry = fc
  .record({
    scope: fc.constantFrom<'system' | 'global' | 'local'>('system', 'global', 'global', 'local'),
    section: fc.option(fc.constantFrom(...SECTIONS), { nil: undefined }),
    variable: fc.constantFrom('helper', 'helper', 'usehttppath'),
    helper: fc.constantFrom(...HELPERS),
    bool: fc.constantFrom<string | null>('true', 'false', null),
  })
  .map((e) => ({
    scope: e.scope as ConfigScope,
    originType: 'file',
    origin: FILES[e.scope],
    key: `credential.${e.section ? `${e.section}.` : ''}${e.variable}`,
    value: e.variable === 'helper' ? e.helper : e.bool,
    order: 0,
  }));

function shape(config: ConfigEntry[], url: string, rename = false) {
  const c = computeHelperChain(config, url);
  return {
    helpers: c.helpers.map((h) => (rename && h.value === 'manager-core' ? 'manager' : h.value)),
    useHttpPath: c.useHttpPath,
    fatal: Boolean(c.fatal),
  };
}

/** The entries git itself lists after running the steps on real files (the sample's judge). */
function realGitAfter(config: ConfigEntry[], steps: FixStep[]): ConfigEntry[] {
  const dir = mkdtempSync(path.join(realRoot, 'case-'));
  const real = (f: string) => path.join(dir, path.basename(path.dirname(f)) + '-' + path.basename(f));
  const files = [FILES.system, FILES.global, FILES.local];
  for (const f of files) {
    const text = config
      .filter((e) => e.origin === f)
      .map((e) => {
        const dot = e.key.lastIndexOf('.');
        const section = e.key.slice('credential'.length + 1, dot);
        const head = section ? `[credential "${section}"]` : '[credential]';
        return `${head}\n\t${e.key.slice(dot + 1)}${e.value === null ? '' : ` = ${e.value}`}\n`;
      })
      .join('');
    writeFileSync(real(f), text);
  }
  const list = () =>
    files.flatMap((f) => {
      const r = spawnSync('git', ['config', '--file', real(f), '--list', '--show-origin', '-z'], {
        encoding: 'utf8',
        env: { PATH: process.env.PATH, HOME: dir, GIT_CONFIG_NOSYSTEM: '1', LANG: 'C' },
      });
      return parseConfigZ(r.stdout).map((e) => ({ ...e, origin: f, scope: scopeOf(f) }));
    });
  // The files as written read back as the generated config: the judge starts where the model does.
  expect(list().map((e) => [e.origin, e.key, e.value])).toEqual(
    config.map((e) => [e.origin, e.key, e.value]),
  );
  for (const s of steps) {
    if (s.type !== 'git-config') continue;
    const argv = gitConfigArgv({ ...s, file: real(s.file) });
    const r = spawnSync('git', argv.slice(1), { env: { PATH: process.env.PATH, HOME: dir, LANG: 'C' } });
    expect([0, 5]).toContain(r.status);
  }
  const after = list();
  rmSync(dir, { recursive: true, force: true });
  return after.map((e, order) => ({ ...e, order }));
}

const scopeOf = (f: string): ConfigScope =>
  f === FILES.system ? 'system' : f === FILES.global ? 'global' : 'local';
const realRoot = mkdtempSync(path.join(os.tmpdir(), 'ccd-collateral-git-'));
afterAll(() => rmSync(realRoot, { recursive: true, force: true }));

describe('config steps touch only CodeCommit', () => {
  it('no planned config step changes the helper chain of a non-CodeCommit URL (a sample judged by real git)', async () => {
    const rank = { system: 0, global: 1, local: 2 } as Record<string, number>;
    let judgedByGit = 0;
    let configOffers = 0;
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(entry, { maxLength: 8 }),
        fc.constantFrom(...CC_URLS),
        fc.boolean(),
        async (raw, url, awsInstalled) => {
          const sample = run++ % 50 === 0;
          const config = [...raw]
            .sort((a, b) => (rank[a.scope] ?? 0) - (rank[b.scope] ?? 0))
            .map((e, order) => ({ ...e, order }));
          const ctx = createContext({
            platform: 'linux',
            env: { HOME: '/home/u', GIT_CONFIG_GLOBAL: FILES.global },
            home: '/home/u',
            cwd: '/repo',
            isFile: async (p) => awsInstalled && p === '/usr/local/bin/aws',
          });
          const facts: Facts = { ...baseFacts('linux', [], config), targets: resolveUrlTarget(url).targets };
          const target = facts.targets[0];
          expect(target?.codecommit).toBeDefined();
          const findings: Finding[] = CODES.map((code) => ({
            code,
            severity: 'error',
            title: code,
            explanation: '',
            subject: target?.display,
            about: { kind: 'remote', key: target?.key ?? 'target-1' },
            evidence: config
              .filter((e) => e.value === 'manager-core' || e.scope === 'system')
              .map((e) => ({
                kind: 'config' as const,
                scope: e.scope,
                file: e.origin,
                key: e.key,
                value: e.value,
                order: e.order,
              })),
            fixes: [],
          }));
          // The files are this imaginary machine's: each is a regular file the user may write.
          const inspectWrite = async (file: string): Promise<WriteVerdict> => ({
            ok: true,
            file,
            realFile: file,
            exists: true,
          });
          const planned = await planFixes(
            { ctx, facts, target: { kind: 'url', url }, inspectWrite },
            findings,
          );
          for (const f of planned) {
            for (const o of f.fixes) {
              const steps = o.steps.filter((s) => s.type === 'git-config');
              if (steps.length === 0) continue;
              configOffers++;
              const after = simulateConfig(config, steps);
              if (sample) {
                // The model's answer must be git's own on real files.
                judgedByGit++;
                const real = realGitAfter(config, steps);
                expect(
                  real.map((e) => [e.origin, e.key, e.value]),
                  o.id,
                ).toEqual(after.map((e) => [e.origin, e.key, e.value]));
              }
              const rename = f.code === 'gcm-old-name';
              for (const other of OTHER_URLS) {
                if (!rename) {
                  expect(shape(after, other), `${o.id} on ${other}`).toEqual(shape(config, other));
                  continue;
                }
                // git's --replace-all collapses several matches into one line at the last
                // match's place: the rename keeps every other helper, in its order.
                const a = shape(after, other);
                const b = shape(config, other, true);
                // A valueless credential key makes git die before any helper runs: only that must hold.
                expect(a.fatal).toBe(b.fatal);
                if (a.fatal) continue;
                const others = (h: string[]) => h.filter((x) => !/^manager(-core)?$/.test(x));
                expect(others(a.helpers), `${o.id} on ${other}`).toEqual(others(b.helpers));
                expect(a.helpers.length > others(a.helpers).length).toBe(
                  b.helpers.length > others(b.helpers).length,
                );
                expect(a.useHttpPath).toBe(b.useHttpPath);
              }
              for (const s of steps) {
                if (s.type !== 'git-config') continue;
                const section = /^credential\.(.+)\.[^.]+$/.exec(s.key)?.[1];
                if (f.code === 'gcm-old-name') {
                  // The rename is for every host by design (GCM's new name); it must keep the value otherwise.
                  expect(s.value).toMatch(/^manager(\s|$)/);
                } else if (section) {
                  const h = /^https:\/\/([^/:]+)/.exec(section)?.[1] ?? '';
                  expect(isCodeCommitHost(h), `${o.id}: ${s.key}`).toBe(true);
                } else {
                  // Only the manager-core rename may touch the generic [credential] section.
                  expect.fail(`${o.id} writes ${s.key}`);
                }
              }
              if (o.kind === 'fix' && f.code !== 'gcm-old-name') {
                const cc = computeHelperChain(after, target?.matchUrl as string);
                expect(cc.helpers[0]?.kind, o.id).toBe('aws');
                expect(cc.useHttpPath).toBe(true);
              }
            }
          }
        },
      ),
      { numRuns: 2200 },
    );
    // Not vacuous: most cases plan config changes, and a sample of them went through real git.
    expect(configOffers).toBeGreaterThan(3 * 2200);
    expect(judgedByGit).toBeGreaterThan(150);
  }, 120_000);
});
