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
      plan: (f) => [
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
    if (git.executables.length === 0) return found([{ code: 'git-not-found' }]);
    // git refuses to run at all with a settings file it cannot parse: nothing else can be judged.
    if (git.configError) throw new CheckError(`Git cannot read its settings: ${git.configError}`);
    return found([]);
  },
};
