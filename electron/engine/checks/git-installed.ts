import type { CheckDefinition } from './check';
import { CheckError, finding, need } from './check';

export const gitInstalled: CheckDefinition = {
  id: 'git',
  title: 'Git is installed',
  needs: ['git'],
  run(facts) {
    const git = need(facts, 'git');
    if (git.executables.length === 0) return [finding('git-not-found')];
    // git refuses to run at all with a settings file it cannot parse: nothing else can be judged.
    if (git.configError) throw new CheckError(`Git cannot read its settings: ${git.configError}`);
    return [];
  },
};
