import { advice } from '../fixes/offer';
import type { CheckDefinition } from './check';
import { found, need, noAddress } from './check';
import { aboutRemote } from './derive';
import { DOCS } from './docs';

export const remoteCodecommit: CheckDefinition<'remote-codecommit-not-on-path'> = {
  title: 'git-remote-codecommit',
  needs: ['remoteCodecommit'],
  codes: {
    'remote-codecommit-not-on-path': {
      severity: 'error',
      title: 'git-remote-codecommit is not installed or not on PATH',
      plain:
        'Addresses that start with codecommit:// need a small add-on, git-remote-codecommit, which is not installed or cannot be found.',
      explanation:
        "Addresses that start with codecommit:// need the git-remote-codecommit program. Git cannot find it, so it says \"'remote-codecommit' is not a git command\". Install it with pip and make sure pip's scripts folder is on PATH.",
      docsUrl: DOCS.remoteCodecommit,
      plan: (f) => [
        advice(
          f,
          'install',
          'Install git-remote-codecommit',
          'Run "pip install git-remote-codecommit" (or "python3 -m pip install --user git-remote-codecommit") and make sure pip\'s scripts folder is on PATH; or clone with the HTTPS address and the AWS helper instead.',
          { plain: 'Install git-remote-codecommit, or clone with the https:// address instead.' },
        ),
      ],
    },
  },
  run(facts) {
    const targets = facts.targets.filter((t) => t.transport === 'codecommit');
    if (targets.length === 0) return noAddress(facts, 'No codecommit:// address to check.');
    const grc = need(facts, 'remoteCodecommit');
    if (grc.path) return found([]);
    return found(
      targets.map((t) => ({
        code: 'remote-codecommit-not-on-path' as const,
        about: aboutRemote(t),
        subject: t.display,
        evidence: [{ kind: 'program' as const, name: 'git-remote-codecommit', path: null }],
      })),
    );
  },
};
