import { commandLine } from '../../shared/command-line';
import { advice, makeOffer } from '../fixes/offer';
import type { Facts, Finding, FixOffer, RepositoryFacts } from '../model';
import type { CheckDefinition, PlanContext } from './check';
import { CheckError, found, need, skipped } from './check';
import { DOCS } from './docs';

// The folder of a `--dir` scan, as git sees it. Git skips a repository's settings without
// a word where it does not work (outside a repository, or in one another user owns), so
// without this check such a scan found no remotes, had nothing to judge, and said "No
// problems found" — a fleet would have recorded the machine as fine.

type Code = 'dir-not-a-repository' | 'repo-dubious-ownership';

function repositoryOf(facts: Facts): RepositoryFacts | undefined {
  return facts.git.ok ? facts.git.value.repository : undefined;
}

function who(uid: number): string {
  return uid === 0 ? 'user id 0 (root)' : `user id ${uid}`;
}

/** Check as the owner (their settings are the ones that count), or trust the folder for this user. */
function trustOrRunAsOwner(f: Finding, facts: Facts, pctx: PlanContext): FixOffer[] {
  const repo = repositoryOf(facts);
  if (!repo?.safeDirectory) return [];
  const asOwner =
    repo.ownerUid !== undefined
      ? ` For example: ${commandLine(['sudo', '-H', '-u', `#${repo.ownerUid}`, 'codecommit-doctor', 'diagnose', '--dir', repo.dir])}`
      : '';
  return [
    advice(
      f,
      'as-owner',
      "Check it as the folder's owner",
      `Run the doctor as the user who owns the repository: git runs as them when they clone, pull and push, and their settings are the ones that count.${asOwner}`,
    ),
    makeOffer(f, {
      id: `${f.code}:safe-directory:${repo.safeDirectory}`,
      kind: 'suggestion',
      title: `Let git work in ${repo.safeDirectory} for this user`,
      description: `Adds safe.directory = ${repo.safeDirectory} to the git settings of the user running this check, which is what git itself asks for. Only do this if you trust the folder's owner: git run by this user will then read that repository's settings, and they can name programs to run.`,
      steps: [
        {
          type: 'git-config',
          op: 'add',
          file: pctx.globalFile,
          scope: 'global',
          key: 'safe.directory',
          value: repo.safeDirectory,
        },
      ],
    }),
  ];
}

export const repositoryFolder: CheckDefinition<Code> = {
  title: 'The repository folder',
  needs: ['git'],
  codes: {
    'dir-not-a-repository': {
      severity: 'error',
      title: 'The folder is not a git repository',
      explanation:
        'The folder given is not a git repository (nor inside one), so it has no remotes to check. Point at the folder you cloned into — the one that holds a .git folder — or give the clone address instead.',
      plain:
        'The folder you chose is not one you cloned into, so there is nothing in it to check. Choose the folder that holds your clone, or paste the clone address.',
      docsUrl: DOCS.troubleshootHelper,
      plan: (f) => [
        advice(
          f,
          'point-at-clone',
          'Check the right folder, or the address',
          'Run the check on the folder you cloned into (codecommit-doctor diagnose --dir <that folder>), or on the clone address (codecommit-doctor diagnose --repo <address>).',
        ),
      ],
    },
    'repo-dubious-ownership': {
      severity: 'error',
      title: 'Git refuses this repository: another user owns it',
      explanation:
        "Git does not work in a repository that belongs to another user unless the folder is listed in safe.directory (a protection since Git 2.35.2: the repository's own settings could otherwise run programs as you). So git reads none of its settings or remotes, and every git command in it fails. An administrator or a fleet script running as root meets this in a user's clone.",
      plain:
        'Another user owns this folder, so git refuses to work in it for you (a safety rule of git): nothing here can be checked until it is yours or you tell git to trust it.',
      docsUrl: 'https://git-scm.com/docs/git-config#Documentation/git-config.txt-safedirectory',
      plan: trustOrRunAsOwner,
    },
  },
  run(facts) {
    const git = need(facts, 'git');
    if (git.executables.length === 0) return skipped('Git is not installed.');
    const repo = git.repository;
    if (!repo) return skipped('No repository folder was given.');
    const evidence = [
      { kind: 'file' as const, path: repo.dir, exists: true },
      ...(repo.message ? [{ kind: 'text' as const, label: 'Git says', detail: repo.message }] : []),
    ];
    switch (repo.state) {
      case 'repository':
        return found([]);
      case 'not-a-repository':
        return found([{ code: 'dir-not-a-repository', subject: repo.dir, evidence }]);
      case 'dubious-ownership':
        return found([
          {
            code: 'repo-dubious-ownership',
            subject: repo.safeDirectory ?? repo.dir,
            ...(repo.ownerUid !== undefined && repo.scanUid !== undefined
              ? {
                  detail: `The folder belongs to ${who(repo.ownerUid)}; this check runs as ${who(repo.scanUid)}${repo.viaSudo ? ' through sudo (git compares with the user who ran sudo)' : ''}.`,
                }
              : {}),
            evidence,
          },
        ]);
      case 'error':
        throw new CheckError(`Git cannot use the folder ${repo.dir}: ${repo.message ?? 'unknown error'}`);
    }
  },
};
