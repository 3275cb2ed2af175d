import type { CheckDefinition } from './check';
import { finding, need } from './check';

export const gitInstalled: CheckDefinition = {
  id: 'git',
  title: 'Git is installed',
  needs: ['git'],
  run(facts) {
    const git = need(facts, 'git');
    if (git.executables.length === 0) return [finding('git-not-found')];
    return [];
  },
};
