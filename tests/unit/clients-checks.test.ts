import { describe, expect, it } from 'vitest';
import { catalogEntry, REGISTERED } from '../../electron/engine/checks';
import { checkFindings, type PlanContext } from '../../electron/engine/checks/check';
import type { ClientId } from '../../electron/engine/clients/types';
import type { ConfigEntry, Facts, FindingCode, Platform } from '../../electron/engine/model';
import { platformOf } from '../../electron/engine/platform';
import { probeClients } from '../../electron/engine/probes/clients';
import { resolveUrlTarget } from '../../electron/engine/targets';
import { fakeInstall, MAC_HOME, WIN_HOME } from '../support/fake-install';

// One test per row of README's "Your Git client" table: the client laid out as installed on
// its OS (paths from tests/fixtures/clients/SOURCES.md), the settings its git lists (as git
// prints them there, the client's `-c` settings last with scope `command`), and what the
// client checks say and recommend.

const URL = 'https://git-codecommit.us-east-2.amazonaws.com/v1/repos/demo';
const AWS = '!aws codecommit credential-helper $@';
const L = `${WIN_HOME}\\AppData\\Local`;
const CLIENT_CHECKS = ['client-helpers', 'client-engine', 'client-git-config', 'client-environment'] as const;

const clientChecks = () =>
  CLIENT_CHECKS.map((id) => REGISTERED.find((r) => r.id === id)?.check).filter((c) => c !== undefined);

let order = 0;
const entry = (
  scope: ConfigEntry['scope'],
  origin: string,
  key: string,
  value: string | null,
): ConfigEntry => ({
  scope,
  originType: scope === 'command' ? 'command line' : 'file',
  origin,
  key,
  value,
  order: order++,
});
const awsGuide = (file: string): ConfigEntry[] => [
  entry('global', file, 'credential.helper', AWS),
  entry('global', file, 'credential.usehttppath', 'true'),
];
const WIN_GLOBAL = 'C:/Users/ana/.gitconfig';
const MAC_GLOBAL = `${MAC_HOME}/.gitconfig`;

interface Row {
  platform: Platform;
  files: string[];
  client?: ClientId;
  config: ConfigEntry[];
  env?: NodeJS.ProcessEnv;
}

async function scan(row: Row) {
  const { ctx, ran } = fakeInstall(row.platform, row.files, row.env);
  const clients = await probeClients(ctx, row.client ? { client: row.client } : {});
  const injected = (clients.selected?.injected ?? []).map((s) => entry('command', '', s.key, s.value));
  const no = { ok: false as const, error: 'not collected', timedOut: false, durationMs: 0 };
  const ok = <T>(value: T) => ({ ok: true as const, value, durationMs: 0 });
  const facts: Facts = {
    platform: row.platform,
    ...resolveUrlTarget(URL),
    git: ok({
      executables: [{ path: clients.selected?.git.program ?? '/usr/bin/git' }],
      config: [...row.config, ...injected],
      helperPrograms: {},
    }),
    awsCli: ok({ programs: [] }),
    awsConfig: no,
    stores: ok({ stores: [] }),
    ssh: no,
    remoteCodecommit: no,
    account: no,
    clients: ok(clients),
    live: no,
  };
  const findings = clientChecks().flatMap((c) => checkFindings(c, facts));
  const pctx: PlanContext = {
    ctx,
    target: { kind: 'url', url: URL },
    os: platformOf(row.platform),
    globalFile: row.platform === 'win32' ? `${WIN_HOME}\\.gitconfig` : MAC_GLOBAL,
    // A replayed computer's files are not on this disk: every one may be written.
    writable: new Map(),
    inspectWrite: async (file) => ({ ok: true, file, realFile: file, exists: true }),
  };
  const plans = await Promise.all(findings.map((f) => catalogEntry(f.code).plan(f, facts, pctx)));
  const outcomes = clientChecks().map((c) => c.run(facts).kind);
  return { findings, plans, facts, ran, outcomes };
}

const codes = (r: { findings: { code: FindingCode }[] }) => r.findings.map((f) => f.code);

describe('Your Git client: one row each', () => {
  it('Terminal (no client named): every client check is skipped', async () => {
    const r = await scan({ platform: 'darwin', files: [], config: awsGuide(MAC_GLOBAL) });
    expect(r.outcomes).toEqual(['skipped', 'skipped', 'skipped', 'skipped']);
  });

  it('GitHub Desktop (Windows): replaces every helper → Git credentials typed into Desktop, or SSH', async () => {
    const r = await scan({
      platform: 'win32',
      files: [`${L}\\GitHubDesktop\\app-3.4.9\\resources\\app\\git\\cmd\\git.exe`],
      client: 'github-desktop',
      config: awsGuide(WIN_GLOBAL),
    });
    expect(codes(r)).toEqual(['client-replaces-helpers']);
    expect(r.findings[0]?.explanation).toContain('"GitHub - <address>"');
    expect(r.findings[0]?.evidence).toContainEqual(
      expect.objectContaining({
        kind: 'config',
        key: 'credential.helper',
        value: 'desktop',
        scope: 'command',
      }),
    );
    expect(r.plans[0]?.map((o) => o.title)).toEqual(['Sign in with HTTPS Git credentials', 'Clone with SSH']);
    expect(r.ran).toEqual([]);
  });

  it('JetBrains IDE (macOS, default settings): helpers emptied → tick "Use credential helper"', async () => {
    const r = await scan({
      platform: 'darwin',
      files: [`${MAC_HOME}/Library/Application Support/JetBrains/IntelliJIdea2024.1/options/git.xml`],
      client: 'jetbrains',
      config: awsGuide(MAC_GLOBAL),
    });
    expect(codes(r)).toEqual(['client-replaces-helpers']);
    expect(r.plans[0]?.[0]?.title).toBe('Tick "Use credential helper" in the IDE');
    expect(r.findings[0]?.evidence).toContainEqual(
      expect.objectContaining({ label: 'Assumed', detail: expect.stringContaining('Use credential helper') }),
    );
  });

  it.each([
    [
      'fork',
      `${L}\\Fork\\Fork.exe`,
      `${L}\\Fork\\gitInstance\\2.45.2\\bin\\git.exe`,
      'C:/Users/ana/AppData/Local/Fork/gitInstance/2.45.2/etc/gitconfig',
    ],
    [
      'sourcetree',
      '',
      `${L}\\Atlassian\\SourceTree\\git_local\\cmd\\git.exe`,
      'C:/Users/ana/AppData/Local/Atlassian/SourceTree/git_local/etc/gitconfig',
    ],
    [
      'visual-studio',
      '',
      'C:\\Program Files\\Microsoft Visual Studio\\2022\\Professional\\Common7\\IDE\\CommonExtensions\\Microsoft\\TeamFoundation\\Team Explorer\\Git\\cmd\\git.exe',
      'C:/Program Files/Microsoft Visual Studio/2022/Professional/Common7/IDE/CommonExtensions/Microsoft/TeamFoundation/Team Explorer/Git/etc/gitconfig',
    ],
  ] as [ClientId, string, string, string][])(
    '%s (Windows): its own git’s settings put manager first → a reset for the host in your own settings',
    async (client, marker, git, systemFile) => {
      const files = [marker, git].filter(Boolean);
      const config = [entry('system', systemFile, 'credential.helper', 'manager'), ...awsGuide(WIN_GLOBAL)];
      const r = await scan({ platform: 'win32', files, client, config });
      expect(codes(r)).toEqual(['client-config-helper-first']);
      const section = r.plans[0]?.find((o) => o.id.includes('scoped-section'));
      expect(section?.steps[0]).toMatchObject({
        file: `${WIN_HOME}\\.gitconfig`,
        key: 'credential.https://git-codecommit.us-east-2.amazonaws.com.helper',
        value: '',
      });
      if (client === 'fork') {
        expect(r.plans[0]?.map((o) => o.title)).toEqual(
          expect.arrayContaining([
            'Do not add an account for this host in Fork',
            'Or let Fork use the git you installed',
          ]),
        );
      }
      // The same helper in the user's own settings is not the client's doing.
      const own = await scan({
        platform: 'win32',
        files,
        client,
        config: [entry('global', WIN_GLOBAL, 'credential.helper', 'manager'), ...awsGuide(WIN_GLOBAL)],
      });
      expect(codes(own)).toEqual([]);
    },
  );

  it('Tower (macOS, from Finder): Homebrew aws and AWS_PROFILE unseen → the helper names both', async () => {
    const r = await scan({
      platform: 'darwin',
      files: [
        '/Applications/Tower.app/Contents/Info.plist',
        '/Applications/Tower.app/Contents/Resources/git/bin/git',
        '/opt/homebrew/bin/aws',
      ],
      client: 'tower',
      config: awsGuide(MAC_GLOBAL),
      env: { HOME: MAC_HOME, PATH: '/opt/homebrew/bin:/usr/bin:/bin', AWS_PROFILE: 'work' },
    });
    expect(codes(r)).toEqual(['client-missing-shell-environment']);
    expect(r.findings[0]?.explanation).toContain('AWS_PROFILE=work');
    const steps = r.plans[0]?.[0]?.steps ?? [];
    expect(steps[1]).toMatchObject({
      value: '!"/opt/homebrew/bin/aws" --profile work codecommit credential-helper $@',
    });
  });

  it('Sourcetree (macOS, from Finder): an aws its own PATH has is fine; the one only Homebrew has is not', async () => {
    const files = [
      '/Applications/Sourcetree.app/Contents/Info.plist',
      '/Applications/Sourcetree.app/Contents/Resources/git_local/bin/git',
    ];
    const env = { HOME: MAC_HOME, PATH: '/opt/homebrew/bin:/usr/bin:/bin' };
    const homebrew = await scan({
      platform: 'darwin',
      files: [...files, '/opt/homebrew/bin/aws'],
      client: 'sourcetree',
      config: awsGuide(MAC_GLOBAL),
      env,
    });
    expect(codes(homebrew)).toEqual(['client-missing-shell-environment']);
    const system = await scan({
      platform: 'darwin',
      files: [...files, '/usr/bin/aws'],
      client: 'sourcetree',
      config: awsGuide(MAC_GLOBAL),
      env,
    });
    expect(codes(system)).toEqual([]);
  });

  it('VS Code (macOS): system git, helpers honoured, shell environment read → nothing client-specific', async () => {
    const r = await scan({
      platform: 'darwin',
      files: ['/Applications/Visual Studio Code.app/Contents/Info.plist', '/opt/homebrew/bin/aws'],
      client: 'vscode',
      config: awsGuide(MAC_GLOBAL),
      env: { HOME: MAC_HOME, PATH: '/opt/homebrew/bin:/usr/bin:/bin', AWS_PROFILE: 'work' },
    });
    expect(codes(r)).toEqual([]);
    expect(r.facts.clients.ok && r.facts.clients.value.selected?.git).toEqual({
      kind: 'system',
      from: 'system',
    });
  });

  it.each([
    ['eclipse', 'win32', `${WIN_HOME}\\eclipse\\jee-2024-06\\eclipse\\eclipse.exe`],
    ['gitkraken', 'darwin', '/Applications/GitKraken.app/Contents/Info.plist'],
  ] as [ClientId, Platform, string][])(
    '%s: not git, no helper ever runs → Git credentials or SSH',
    async (client, platform, marker) => {
      const r = await scan({
        platform,
        files: [marker],
        client,
        config: awsGuide(platform === 'win32' ? WIN_GLOBAL : MAC_GLOBAL),
      });
      expect(codes(r)).toEqual(['client-ignores-helpers']);
      expect(r.plans[0]?.map((o) => o.title)).toEqual([
        'Sign in with HTTPS Git credentials',
        'Clone with SSH',
      ]);
      expect(r.facts.clients.ok && r.facts.clients.value.selected?.installed).toBe(true);
    },
  );
});
