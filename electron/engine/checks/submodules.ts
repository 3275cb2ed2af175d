import { makeOffer } from '../fixes/offer';
import type { ConfigEntry, Facts, Finding, FixOffer } from '../model';
import type { CheckDefinition, FindingDraft, PlanContext } from './check';
import { found, need, skipped } from './check';
import { aboutRemote, configEvidence, targetOf } from './derive';
import { DOCS } from './docs';

// A `codecommit::` submodule is blocked by git's protocol policy: submodule commands run their
// clones and fetches with GIT_PROTOCOL_FROM_USER=0, and a protocol git does not know
// (`codecommit`) defaults to `user` — allowed only when a person typed the command
// (git-remote-codecommit #18; git 2.39 prints "fatal: transport 'codecommit' not allowed").
// `protocol.codecommit.allow = always` lifts it, but only in the user's or the system's
// settings: the submodule's git does not read the superproject's own (tested with git 2.39).

type Code = 'submodule-protocol-blocked';

/** The policy git applies to `codecommit` for a submodule: the last value from the scopes its git reads. */
export function codecommitPolicy(config: readonly ConfigEntry[]): { value: string; entry?: ConfigEntry } {
  const read = config.filter((e) => e.scope !== 'local' && e.scope !== 'worktree' && e.value !== null);
  const last = (key: string) => read.findLast((e) => e.key === key);
  const own = last('protocol.codecommit.allow');
  if (own) return { value: (own.value as string).toLowerCase(), entry: own };
  const all = last('protocol.allow');
  if (all) return { value: (all.value as string).toLowerCase(), entry: all };
  return { value: 'user' };
}

function allowAlways(f: Finding, facts: Facts, pctx: PlanContext): FixOffer[] {
  const t = targetOf(facts, f.about);
  if (!t || pctx.writable.get(pctx.globalFile)?.ok === false) return [];
  return [
    makeOffer(f, {
      id: `${f.code}:allow-codecommit`,
      kind: 'fix',
      title: 'Allow git-remote-codecommit for submodules',
      description: `Sets protocol.codecommit.allow = always in ${pctx.globalFile}, so submodule commands may use codecommit:// addresses (git-remote-codecommit signs each request with your AWS profile). The repository's own settings cannot do it: the submodule's git does not read them.`,
      steps: [
        {
          type: 'git-config',
          op: 'set',
          file: pctx.globalFile,
          scope: 'global',
          key: 'protocol.codecommit.allow',
          value: 'always',
        },
      ],
      plain: 'Git will be allowed to fetch the parts of this repository that live in CodeCommit.',
      notice: 'Nothing changes for other addresses.',
    }),
  ];
}

export const submodules: CheckDefinition<Code> = {
  title: 'CodeCommit submodules',
  needs: ['git'],
  codes: {
    'submodule-protocol-blocked': {
      severity: 'error',
      title: "Git does not allow this submodule's codecommit:// address",
      plain:
        'This repository includes another CodeCommit repository by an address git refuses to fetch inside it, so cloning or updating it stops with “transport ‘codecommit’ not allowed”.',
      explanation:
        'Submodule commands run their clones with GIT_PROTOCOL_FROM_USER=0, and git treats a protocol it does not know (codecommit) as allowed only when you type the command yourself, so "git submodule update" and "git clone --recurse-submodules" stop with "fatal: transport \'codecommit\' not allowed". protocol.codecommit.allow = always in your own git settings lifts it (git-remote-codecommit issue 18); the repository\'s own settings cannot, because the submodule\'s git does not read them.',
      docsUrl: DOCS.remoteCodecommit,
      plan: allowAlways,
    },
  },
  run(facts) {
    const subs = facts.targets.filter((t) => t.submodule !== undefined);
    if (subs.length === 0) return skipped('No CodeCommit submodule to check.');
    const config = need(facts, 'git').config;
    const policy = codecommitPolicy(config);
    const findings: FindingDraft<Code>[] = [];
    if (policy.value === 'always') return found([]);
    for (const t of subs.filter((x) => x.transport === 'codecommit')) {
      findings.push({
        code: 'submodule-protocol-blocked',
        about: aboutRemote(t),
        subject: t.display,
        detail: `Submodule "${t.submodule}" (${t.source}) uses ${t.display}; git's policy for codecommit there is "${policy.value}".`,
        evidence: [
          { kind: 'text', label: `Submodule "${t.submodule}"`, detail: t.display },
          policy.entry
            ? configEvidence(policy.entry)
            : {
                kind: 'text',
                label: 'protocol.codecommit.allow',
                detail: 'not set (git treats it as "user")',
              },
        ],
      });
    }
    return found(findings);
  },
};
