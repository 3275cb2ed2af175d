import type { CheckDefinition, FindingDraft } from './check';
import { found, need, skipped } from './check';
import { clientEvidence, clientRemedies, insideInstall, NO_CLIENT, selectedClient } from './client-derive';
import { aboutRemote, configEvidence, helperEvidence, httpsChains, shadowingHelpers } from './derive';
import { DOCS } from './docs';
import { scopedSectionOffer, hostPort } from '../fixes/scoped-section';
import { targetOf } from './derive';

type Code = 'client-config-helper-first';

// Fork, Sourcetree and Visual Studio bring their own git, which reads its own system
// settings file inside the client's folder (Fork's gitInstance\<version>\etc\gitconfig sets
// helper = manager). Git reads system settings first, so that helper answers before the
// AWS helper in your own settings. The client's updates rewrite that file
// (fork-dev/TrackerWin #530): the cure belongs in your settings, not in the client's.

export const clientBundledConfig: CheckDefinition<Code> = {
  title: "Your Git client's own git settings",
  needs: ['clients', 'git'],
  codes: {
    'client-config-helper-first': {
      severity: 'error',
      title: "Your Git client's own git puts another helper before the AWS helper",
      explanation:
        'The client you clone with brings its own git, and that git reads a settings file inside the client\'s folder that names another credential helper. Git asks that helper first, so a saved (and soon expired) CodeCommit password wins over the AWS helper in your settings. Do not edit the client\'s file — its updates rewrite it: an empty "helper =" for the CodeCommit host in your own settings keeps that helper away from CodeCommit only.',
      plain:
        "The git inside your Git client is set up to use an old saved password for CodeCommit before asking AWS for a fresh one, so your client's clones fail while your terminal's work.",
      docsUrl: DOCS.troubleshootHelper,
      plan: (f, facts, pctx) => {
        const t = targetOf(facts, f.about);
        const c = selectedClient(facts);
        return [
          ...scopedSectionOffer(
            f,
            facts,
            pctx,
            {},
            `Keep ${c?.selected.name ?? 'the client'}'s helper away from ${t ? hostPort(t) : 'CodeCommit'} (in your own settings)`,
          ),
          ...clientRemedies(f, facts, pctx),
        ];
      },
    },
  },
  run(facts) {
    need(facts, 'clients');
    const c = selectedClient(facts);
    if (!c) return skipped(NO_CLIENT);
    const git = need(facts, 'git');
    const root = c.selected.installRoot;
    if (!root) return skipped(`The scan did not run ${c.selected.name}'s own git.`);
    if (git.configError) return skipped(`Git cannot read its settings: ${git.configError}`);
    const findings: FindingDraft<Code>[] = [];
    for (const { target, chain } of httpsChains(facts)) {
      const theirs = shadowingHelpers(chain).filter((h) =>
        insideInstall(h.entry.origin, root, facts.platform),
      );
      if (theirs.length === 0) continue;
      findings.push({
        code: 'client-config-helper-first',
        about: aboutRemote(target),
        subject: target.display,
        detail: `${c.selected.name}'s git reads ${theirs.map((h) => `"${h.value}" from ${h.entry.origin}`).join(', ')} before your AWS helper.`,
        evidence: [
          ...clientEvidence(facts, c.selected),
          ...theirs.map((h) => configEvidence(h.entry)),
          ...helperEvidence(chain),
        ],
      });
    }
    return found(findings);
  },
};
