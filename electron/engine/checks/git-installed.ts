import { advice } from '../fixes/offer';
import type { CheckDefinition } from './check';
import { CheckError, found, need } from './check';
import { DOCS } from './docs';

export const gitInstalled: CheckDefinition<'git-not-found'> = {
  title: 'Git is installed',
  needs: ['git'],
  codes: {
    'git-not-found': {
      severity: 'error',
      title: 'Git is not installed or not on PATH',
      plain:
        'Git, the program that clones repositories, is not installed on this computer, or cannot be found.',
      explanation:
        'No program called git could be found in the folders this computer searches for programs. Nothing can be cloned until Git is installed.',
      docsUrl: DOCS.gitInstall,
      plan: (f, facts) =>
        facts.git.ok && facts.git.value.commandLineToolsMissing
          ? [
              advice(
                f,
                'install-command-line-tools',
                "Install Apple's Command Line Tools",
                'Run "xcode-select --install" in Terminal and choose Install (or install Git from git-scm.com/downloads, or with Homebrew), then check again.',
                { plain: "Install Apple's Command Line Tools (they bring Git), then scan again." },
              ),
            ]
          : [
              advice(
                f,
                'install',
                'Install Git',
                'Install Git for your system from git-scm.com/downloads (on macOS: xcode-select --install), then check again.',
                { plain: 'Install Git, then scan again.' },
              ),
            ],
    },
  },
  run(facts) {
    const git = need(facts, 'git');
    const stub = git.commandLineToolsMissing;
    // Apple's /usr/bin/git without Command Line Tools is a stub that opens an installer: not run.
    if (stub) {
      return found([
        {
          code: 'git-not-found',
          detail: `The git on PATH is Apple's ${stub.git}, which only runs the git of the Command Line Tools — and they are not installed. ${stub.detail}`,
          evidence: [
            { kind: 'program', name: 'git', path: stub.git },
            { kind: 'text', label: 'Command Line Tools', detail: stub.developerDir ?? 'not installed' },
          ],
        },
      ]);
    }
    if (git.executables.length === 0) return found([{ code: 'git-not-found' }]);
    // git refuses to run at all with a settings file it cannot parse: nothing else can be judged.
    if (git.configError) throw new CheckError(`Git cannot read its settings: ${git.configError}`);
    return found([]);
  },
};
