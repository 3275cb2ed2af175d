import { remotesOf } from '../targets';
import { advice } from '../fixes/offer';
import { remoteUrlOffer } from '../fixes/remote-url-offer';
import type { Facts, Finding, FixOffer, UrlProblem } from '../model';
import type { CheckDefinition, PlanContext } from './check';
import { found, noAddress } from './check';
import { DOCS } from './docs';

// A codecommit:// address with an HTTPS host where the repository name goes
// (`codecommit://git-codecommit.us-west-2.amazonaws.com/v1/repos/x`, issue 12 §2 cause 8):
// git accepts it and starts git-remote-codecommit, which asks CodeCommit for a repository
// named after the host. target.ts reads the address and works out the one meant.

type Code = 'url-codecommit-host-as-repo';

const problemOf = (facts: Facts, f: Finding): UrlProblem | undefined =>
  f.about?.kind === 'address'
    ? facts.urlProblems.find((p) => p.code === f.code && p.input === (f.about as { input: string }).input)
    : undefined;

/** The corrected address: to copy and scan for an address, a journaled rewrite for a folder's remote. */
function correctAddress(f: Finding, facts: Facts, pctx: PlanContext): FixOffer[] {
  const p = problemOf(facts, f);
  if (!p?.corrected) return [];
  const to = p.corrected;
  const remote = p.remote;
  if (pctx.target.kind === 'dir' && remote !== undefined && facts.git.ok) {
    const r = remotesOf(facts.git.value).find((x) => x.name === remote);
    if (r) {
      return [
        remoteUrlOffer(f, {
          id: `${f.code}:set-url:${remote}`,
          kind: 'fix',
          title: `Point remote "${remote}" at ${to}`,
          dir: pctx.target.path,
          remote,
          from: r.url,
          to,
          plain: `Remote "${remote}" will name the repository itself (${to}), so AWS finds it.`,
        }),
      ];
    }
  }
  return [
    advice(f, 'use-address', 'Use the corrected address', `Clone with this address instead: ${to}`, {
      plain: `Use ${to}: it names the repository, not the server, so AWS finds it.`,
      address: to,
    }),
  ];
}

export const codecommitAddress: CheckDefinition<Code> = {
  title: 'codecommit:// address',
  needs: [],
  codes: {
    'url-codecommit-host-as-repo': {
      severity: 'error',
      title: 'A codecommit:// address holds a server address instead of a repository name',
      plain:
        'This address mixes two kinds of CodeCommit address: git-remote-codecommit reads the server’s name as the repository’s name, so AWS finds no such repository.',
      explanation:
        'A codecommit:// address names only the repository (and optionally the Region and the AWS profile); the server is worked out from the Region. git-remote-codecommit reads everything between "//" and the next "/" as the repository name, so an HTTPS host written there becomes the name it asks CodeCommit for, and the /v1/repos/… part is ignored.',
      docsUrl: DOCS.remoteCodecommit,
      plan: correctAddress,
    },
  },
  run(facts) {
    const mine = facts.urlProblems.filter((p) => p.code === 'url-codecommit-host-as-repo');
    if (facts.targets.length === 0 && facts.urlProblems.length === 0)
      return noAddress(facts, 'No CodeCommit address to check.');
    return found<Code>(
      mine.map((p) => ({
        code: 'url-codecommit-host-as-repo',
        about: { kind: 'address', input: p.input },
        subject: p.remote ? `remote "${p.remote}": ${p.input}` : p.input,
        detail: p.corrected ? `${p.reason} The address meant is ${p.corrected}.` : p.reason,
        evidence: [
          { kind: 'text', label: p.remote ? `Remote "${p.remote}"` : 'Address', detail: p.input },
          ...(p.corrected ? [{ kind: 'text' as const, label: 'Address meant', detail: p.corrected }] : []),
        ],
      })),
    );
  },
};
