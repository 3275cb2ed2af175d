import { describe, expect, it } from 'vitest';
import { catalogEntry } from '../../electron/engine/checks';
import { checkFindings, type PlanContext } from '../../electron/engine/checks/check';
import { clientSavedPasswords } from '../../electron/engine/checks/client-saved-passwords';
import { savedPasswords } from '../../electron/engine/checks/saved-passwords';
import { createContext, type EngineContext } from '../../electron/engine/context';
import { applyFix } from '../../electron/engine/fixes/apply';
import { planFixes } from '../../electron/engine/fixes/planner';
import type { ClientId } from '../../electron/engine/clients/types';
import type { Facts, Finding, Platform, ScanReport, StoreProbeResult } from '../../electron/engine/model';
import { platformOf } from '../../electron/engine/platform';
import { probeClients } from '../../electron/engine/probes/clients';
import { renderReport } from '../../electron/engine/report';
import { clientReason, clientSummary } from '../../electron/shared/client-summary';
import { fakeInstall, MAC_HOME, WIN_HOME } from '../support/fake-install';
import { simCredman, simJournal, simKeychain, type Item } from '../support/fix-inventory';

// A client's own store as the diagnosis meets it: stale CodeCommit passwords there are
// found by `cached-codecommit-credentials` and deleted by the ordinary delete step (listed
// before and after: GitHub Desktop's GitHub sign-in must still be there); a store that cannot
// be listed without reading secrets is named, with how to clear it in the client; the
// client's findings name its stores; the report shows the client, its git, the files it read
// and why.

const CC = 'git-codecommit.us-east-2.amazonaws.com';
const KEY = 'AKIAIOSFODNN7EXAMPLE';
const KC = `${MAC_HOME}/Library/Keychains/login.keychain-db`;
const L = `${WIN_HOME}\\AppData\\Local`;

const journal = simJournal;

const no = { ok: false as const, error: 'not collected', timedOut: false, durationMs: 0 };
const ok = <T>(value: T) => ({ ok: true as const, value, durationMs: 0 });

function facts(platform: Platform, stores: StoreProbeResult[], clients?: Facts['clients']): Facts {
  return {
    platform,
    targets: [],
    urlProblems: [],
    git: ok({ executables: [], config: [], helperPrograms: {} }),
    awsCli: no,
    awsConfig: no,
    stores: ok({ stores }),
    ssh: no,
    remoteCodecommit: no,
    account: no,
    clients: clients ?? no,
    live: no,
  };
}

/** list every store of the OS → saved-passwords check → plan → apply every deletion. */
async function fixAll(ctx: EngineContext): Promise<Finding[]> {
  const stores = await Promise.all(platformOf(ctx.platform).stores.map((s) => s.list(ctx, {})));
  const f = facts(ctx.platform, stores);
  const planned = await planFixes(
    { ctx, facts: f, target: { kind: 'machine' } },
    checkFindings(savedPasswords, f),
  );
  for (const finding of planned)
    for (const o of finding.fixes) {
      const outcome = await applyFix(ctx, o, { journal });
      expect(outcome.error, o.id).toBeUndefined();
    }
  return planned;
}

describe("stale CodeCommit passwords in a client's own store are found and deleted with the ordinary step", () => {
  it("macOS: GitHub Desktop's item goes, its GitHub sign-in and the static Git credentials stay", async () => {
    const signIn: Item = {
      kind: 'genp',
      host: 'api.github.com',
      account: 'octocat',
      keychain: KC,
      service: 'GitHub - https://api.github.com',
    };
    const stale: Item = {
      kind: 'genp',
      host: CC,
      account: KEY,
      keychain: KC,
      service: `GitHub - https://${CC}/`,
    };
    const gitCreds: Item = { ...stale, account: 'ana-at-123456789012' };
    const sim = simKeychain([signIn, stale, gitCreds]);
    const ctx = createContext({
      platform: 'darwin',
      env: {},
      home: MAC_HOME,
      runner: sim.runner,
      timeoutMs: 1000,
    });
    const planned = await fixAll(ctx);
    expect(planned.map((f) => f.code)).toEqual(['cached-codecommit-credentials']);
    expect(planned[0]?.fixes[0]?.steps).toEqual([
      {
        type: 'delete-credential',
        entry: expect.objectContaining({ store: 'github-desktop-keychain', account: KEY }),
      },
    ]);
    expect(sim.items).toEqual([signIn, gitCreds]);
  });

  it("Windows: GitHub Desktop's target goes, its GitHub sign-in stays", async () => {
    const signIn: Item = {
      kind: 'cred',
      host: 'api.github.com',
      account: 'octocat',
      keychain: '',
      target: 'GitHub - https://api.github.com/octocat',
    };
    const stale: Item = {
      kind: 'cred',
      host: CC,
      account: KEY,
      keychain: '',
      target: `GitHub - https://${CC}//${KEY}`,
    };
    const sim = simCredman([signIn, stale]);
    const ctx = createContext({
      platform: 'win32',
      env: { USERPROFILE: WIN_HOME },
      home: WIN_HOME,
      runner: sim.runner,
      timeoutMs: 1000,
      isFile: async () => false,
      listDir: async () => [],
    });
    const planned = await fixAll(ctx);
    expect(planned.flatMap((f) => f.fixes.flatMap((o) => o.steps.map((s) => s.type)))).toEqual([
      'delete-credential',
    ]);
    expect(sim.items).toEqual([signIn]);
  });
});

async function withClient(platform: Platform, files: string[], client: ClientId) {
  const { ctx } = fakeInstall(platform, files);
  const clients = ok(await probeClients(ctx, { client }));
  const stores = await Promise.all(
    platformOf(platform)
      .stores.filter((s) => s.kind === 'jetbrains-keepass' || s.kind === 'sourcetree-passwd')
      .map((s) => s.list(ctx, {})),
  );
  const f = facts(platform, stores, clients);
  const findings = checkFindings(clientSavedPasswords, f);
  const pctx = {
    ctx,
    facts: f,
    target: { kind: 'machine' },
    os: platformOf(platform),
  } as unknown as PlanContext;
  const plans = await Promise.all(findings.map((x) => catalogEntry(x.code).plan(x, f, pctx)));
  return { findings, plans };
}

describe('a client password file the doctor cannot list without reading secrets', () => {
  it('JetBrains (Windows): its KeePass file is named, never opened, with how to clear it in the IDE', async () => {
    const kdbx = `${WIN_HOME}\\AppData\\Roaming\\JetBrains\\PyCharm2024.2\\c.kdbx`;
    const r = await withClient(
      'win32',
      [`${WIN_HOME}\\AppData\\Roaming\\JetBrains\\PyCharm2024.2\\options\\git.xml`, kdbx],
      'jetbrains',
    );
    expect(r.findings.map((f) => f.code)).toEqual(['client-password-file']);
    expect(r.findings[0]?.evidence).toContainEqual(expect.objectContaining({ kind: 'file', path: kdbx }));
    expect(r.findings[0]?.evidence).toContainEqual(
      expect.objectContaining({ label: 'Saved passwords', detail: expect.stringContaining('KeePass') }),
    );
    expect(r.plans[0]?.map((o) => o.title)).toEqual(['Clear the saved password in a JetBrains IDE']);
    expect(r.plans[0]?.[0]?.description).toContain('Passwords');
  });

  it("Sourcetree (Windows): its passwd file is named, with Sourcetree's own way to clear it", async () => {
    const passwd = `${L}\\Atlassian\\SourceTree\\passwd`;
    const r = await withClient(
      'win32',
      [`${L}\\Atlassian\\SourceTree\\git_local\\cmd\\git.exe`, passwd],
      'sourcetree',
    );
    expect(r.findings[0]?.evidence).toContainEqual(expect.objectContaining({ kind: 'file', path: passwd }));
    expect(r.plans[0]?.[0]?.description).toContain('delete the passwd file');
  });

  it('no file, or another client: nothing to say', async () => {
    expect(
      (await withClient('win32', [`${L}\\Atlassian\\SourceTree\\git_local\\cmd\\git.exe`], 'sourcetree'))
        .findings,
    ).toEqual([]);
    const kdbx = `${WIN_HOME}\\AppData\\Roaming\\JetBrains\\PyCharm2024.2\\c.kdbx`;
    expect((await withClient('win32', [kdbx], 'github-desktop')).findings).toEqual([]);
  });
});

const REPORT: ScanReport = {
  tool: { name: 'codecommit-doctor', version: '0.0.0' },
  platform: 'win32',
  startedAt: '2026-01-01T00:00:00.000Z',
  durationMs: 1000,
  target: { kind: 'url', url: `https://${CC}/v1/repos/demo` },
  targets: [],
  checks: [],
  findings: [
    {
      code: 'client-replaces-helpers',
      severity: 'error',
      title: 'Your Git client replaces every credential helper',
      explanation: '…',
      plain: 'Your Git client throws away the way your computer asks AWS for a password.',
      evidence: [],
      fixes: [],
    },
  ],
  summary: { errors: 1, warnings: 0, infos: 0, checksErrored: 0 },
  client: {
    id: 'github-desktop',
    name: 'GitHub Desktop',
    git: `${L}\\GitHubDesktop\\app-3.4.9\\resources\\app\\git\\cmd\\git.exe`,
    settingsFiles: ['C:/Users/ana/.gitconfig'],
  },
} as unknown as ScanReport;

describe('the report and the helpdesk view name the client', () => {
  it('client, its git, the settings files it read, and the one-line reason', () => {
    const md = renderReport(
      REPORT,
      'markdown',
      { hideAccounts: false, hideHome: false, hideRepoNames: false },
      { home: WIN_HOME },
    );
    expect(md).toContain('## Your Git client');
    expect(md).toContain('- Git client: GitHub Desktop');
    expect(md).toContain(`- Its git: \`${REPORT.client?.git}\``);
    expect(md).toContain('- Settings file read: `C:/Users/ana/.gitconfig`');
    expect(md).toContain('- Why: Your Git client throws away the way your computer asks AWS for a password.');
    expect(clientSummary(REPORT).map((l) => l.label)).toEqual([
      'Git client',
      'Its git',
      'Settings file read',
      'Why',
    ]);
  });

  it('the gravest client finding is the reason; without one, the client is not in the way', () => {
    const info = { ...REPORT.findings[0], code: 'client-password-file', severity: 'info', plain: 'a file' };
    expect(clientReason({ ...REPORT, findings: [info, ...REPORT.findings] } as ScanReport)).toContain(
      'throws away',
    );
    expect(clientReason({ ...REPORT, findings: [] })).toBe(
      "Nothing in GitHub Desktop's own settings stands in the way of signing in to CodeCommit.",
    );
    expect(clientSummary({ ...REPORT, client: undefined })).toEqual([]);
  });
});
