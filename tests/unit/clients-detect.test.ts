import { describe, expect, it } from 'vitest';
import { CLIENT_IDS } from '../../electron/engine/clients';
import { detectClients } from '../../electron/engine/clients/detect';
import type { ClientId } from '../../electron/engine/clients/types';
import type { Platform } from '../../electron/engine/model';
import { fakeInstall, MAC_HOME, WIN_HOME } from '../support/fake-install';

// Each client laid out as installed (paths from tests/fixtures/clients/SOURCES.md), alone
// and all together: detection finds exactly the installed ones, the newest bundled git,
// and never runs a program.

const L = `${WIN_HOME}\\AppData\\Local`;
const R = `${WIN_HOME}\\AppData\\Roaming`;
const TE_GIT = 'Common7\\IDE\\CommonExtensions\\Microsoft\\TeamFoundation\\Team Explorer\\Git\\cmd\\git.exe';

interface Layout {
  files: string[];
  git?: string;
  /** GIT_EXEC_PATH the client sets for its git (dugite, for GitHub Desktop). */
  execPath?: string;
}

const WINDOWS: Partial<Record<ClientId, Layout>> = {
  'github-desktop': {
    files: [
      `${L}\\GitHubDesktop\\GitHubDesktop.exe`,
      `${L}\\GitHubDesktop\\app-3.3.18\\resources\\app\\git\\cmd\\git.exe`,
      `${L}\\GitHubDesktop\\app-3.4.9\\resources\\app\\git\\cmd\\git.exe`,
      `${L}\\GitHubDesktop\\app-3.4.9\\resources\\app\\git\\mingw64\\libexec\\git-core\\git-credential-desktop.exe`,
    ],
    git: `${L}\\GitHubDesktop\\app-3.4.9\\resources\\app\\git\\cmd\\git.exe`,
    execPath: `${L}\\GitHubDesktop\\app-3.4.9\\resources\\app\\git\\mingw64\\libexec\\git-core`,
  },
  fork: {
    files: [
      `${L}\\Fork\\Fork.exe`,
      `${L}\\Fork\\settings.json`,
      `${L}\\Fork\\gitInstance\\2.39.1\\bin\\git.exe`,
      `${L}\\Fork\\gitInstance\\2.45.2\\bin\\git.exe`,
      `${L}\\Fork\\gitInstance\\2.45.2\\etc\\gitconfig`,
    ],
    git: `${L}\\Fork\\gitInstance\\2.45.2\\bin\\git.exe`,
  },
  sourcetree: {
    files: [`${L}\\SourceTree\\SourceTree.exe`, `${L}\\Atlassian\\SourceTree\\git_local\\cmd\\git.exe`],
    git: `${L}\\Atlassian\\SourceTree\\git_local\\cmd\\git.exe`,
  },
  tower: {
    files: ['C:\\Program Files (x86)\\fournova\\Tower\\vendor\\Git\\bin\\git.exe'],
    git: 'C:\\Program Files (x86)\\fournova\\Tower\\vendor\\Git\\bin\\git.exe',
  },
  vscode: { files: [`${L}\\Programs\\Microsoft VS Code\\Code.exe`] },
  jetbrains: { files: [`${R}\\JetBrains\\IntelliJIdea2024.1\\options\\git.xml`] },
  'visual-studio': {
    files: [`C:\\Program Files\\Microsoft Visual Studio\\2022\\Community\\${TE_GIT}`],
    git: `C:\\Program Files\\Microsoft Visual Studio\\2022\\Community\\${TE_GIT}`,
  },
  eclipse: { files: [`${WIN_HOME}\\eclipse\\java-2024-06\\eclipse\\eclipse.exe`] },
  gitkraken: { files: [`${L}\\gitkraken\\gitkraken.exe`, `${L}\\gitkraken\\app-10.1.0\\gitkraken.exe`] },
};

const A = '/Applications';
const MAC: Partial<Record<ClientId, Layout>> = {
  'github-desktop': {
    files: [
      `${A}/GitHub Desktop.app/Contents/Info.plist`,
      `${A}/GitHub Desktop.app/Contents/Resources/app/git/bin/git`,
    ],
    git: `${A}/GitHub Desktop.app/Contents/Resources/app/git/bin/git`,
    execPath: `${A}/GitHub Desktop.app/Contents/Resources/app/git/libexec/git-core`,
  },
  fork: {
    files: [`${A}/Fork.app/Contents/Info.plist`, `${A}/Fork.app/Contents/Resources/git-instance/bin/git`],
    git: `${A}/Fork.app/Contents/Resources/git-instance/bin/git`,
  },
  sourcetree: {
    files: [
      `${A}/Sourcetree.app/Contents/Info.plist`,
      `${A}/Sourcetree.app/Contents/Resources/git_local/bin/git`,
    ],
    git: `${A}/Sourcetree.app/Contents/Resources/git_local/bin/git`,
  },
  tower: {
    // Installed in the user's own Applications folder.
    files: [
      `${MAC_HOME}/Applications/Tower.app/Contents/Info.plist`,
      `${MAC_HOME}/Applications/Tower.app/Contents/Resources/git/bin/git`,
    ],
    git: `${MAC_HOME}/Applications/Tower.app/Contents/Resources/git/bin/git`,
  },
  vscode: { files: [`${A}/Visual Studio Code.app/Contents/Info.plist`] },
  jetbrains: { files: [`${MAC_HOME}/Library/Application Support/JetBrains/PyCharm2023.3/options/other.xml`] },
  eclipse: { files: [`${A}/Eclipse.app/Contents/Info.plist`] },
  gitkraken: { files: [`${A}/GitKraken.app/Contents/Info.plist`] },
};

/** Files that look like installs and are not: nothing may be detected from them. */
const DECOYS: Record<'win32' | 'darwin', string[]> = {
  win32: [
    `${R}\\JetBrains\\consentOptions\\accepted`,
    `${L}\\GitHubDesktop\\packages\\RELEASES`,
    `${L}\\Fork\\gitInstance\\2.45.2\\etc\\gitconfig`,
    'C:\\Program Files\\Microsoft Visual Studio\\Installer\\setup.exe',
  ],
  darwin: [
    `${MAC_HOME}/Library/Application Support/JetBrains/Toolbox/state.json`,
    `${A}/Fork.app/Contents/MacOS/Fork`,
  ],
};

const CASES: [Platform & ('win32' | 'darwin'), Partial<Record<ClientId, Layout>>][] = [
  ['win32', WINDOWS],
  ['darwin', MAC],
];

describe.each(CASES)('client detection on %s', (platform, layouts) => {
  it.each(Object.entries(layouts) as [ClientId, Layout][])(
    '%s alone: found, with its newest git',
    async (id, layout) => {
      const { ctx, ran } = fakeInstall(platform, [...layout.files, ...DECOYS[platform]]);
      const found = await detectClients(ctx);
      expect(found.map((d) => d.id)).toEqual([id]);
      expect(found[0]?.git).toBe(layout.git);
      expect(found[0]?.execPath).toBe(layout.execPath);
      expect(ran).toEqual([]);
    },
  );

  it('all of them: each found once, in the registry order', async () => {
    const { ctx, ran } = fakeInstall(
      platform,
      Object.values(layouts).flatMap((l) => l?.files ?? []),
    );
    const found = await detectClients(ctx);
    expect(found.map((d) => d.id)).toEqual(CLIENT_IDS.filter((id) => id in layouts));
    expect(ran).toEqual([]);
  });

  it('nothing installed (only look-alike files): nothing found', async () => {
    const { ctx } = fakeInstall(platform, DECOYS[platform]);
    expect(await detectClients(ctx)).toEqual([]);
  });
});

it('a listing that never answers does not hold detection past its time limit', async () => {
  const { ctx } = fakeInstall('win32', WINDOWS.fork?.files ?? []);
  const hanging = { ...ctx, listDir: () => new Promise<string[]>(() => undefined) };
  const t0 = performance.now();
  const found = await detectClients(hanging, 200);
  expect(performance.now() - t0).toBeLessThan(2000);
  // Fork's marker needs no listing, but its git does: it is still not waited for.
  expect(found).toEqual([]);
});
