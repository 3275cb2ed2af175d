import type { CheckDefinition } from './check';
import { finding, need } from './check';

export const remoteCodecommit: CheckDefinition = {
  id: 'remote-codecommit',
  title: 'git-remote-codecommit',
  needs: ['remoteCodecommit'],
  run(facts) {
    const targets = facts.targets.filter((t) => t.transport === 'codecommit');
    if (targets.length === 0) return { skipped: 'No codecommit:// address to check.' };
    const grc = need(facts, 'remoteCodecommit');
    if (grc.path) return [];
    return targets.map((t) =>
      finding('remote-codecommit-not-on-path', {
        subject: t.display,
        evidence: [{ kind: 'program', name: 'git-remote-codecommit', path: null }],
      }),
    );
  },
};
