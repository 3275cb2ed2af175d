import { computeHelperChain } from '../helper-chain';
import type { CheckDefinition, FindingDraft } from './check';
import { found, need, noAddress, skipped } from './check';
import { clientEvidence, clientRemedies, NO_CLIENT, selectedClient } from './client-derive';
import { aboutRemote, awsHelper, configEvidence, helperEvidence, httpsChains } from './derive';
import { DOCS } from './docs';

type Code = 'client-replaces-helpers';

// GitHub Desktop (and JetBrains IDEs with their default settings) run git with
// `credential.helper=` first: git empties its helper list there, after every file was
// read, so no helper from any settings file runs — the AWS helper included.

export const clientReplacesHelpers: CheckDefinition<Code> = {
  title: 'Credential helpers in your Git client',
  needs: ['clients', 'git'],
  codes: {
    'client-replaces-helpers': {
      severity: 'error',
      title: 'Your Git client replaces every credential helper',
      explanation:
        'The client you clone with runs git with an empty credential helper list (and at most its own helper after it). Git then ignores every helper in your settings, so the AWS helper can never sign in there, whatever your settings say. Use what the client supports: HTTPS Git credentials typed into the client, SSH, or a client setting that leaves your helpers alone.',
      plain:
        'Your Git client throws away the way your computer asks AWS for a password, so it can never sign in to CodeCommit that way: it needs a CodeCommit user name and password, or an SSH key.',
      docsUrl: DOCS.gitCredentials,
      plan: clientRemedies,
    },
  },
  run(facts) {
    need(facts, 'clients');
    const c = selectedClient(facts);
    if (!c) return skipped(NO_CLIENT);
    if (c.selected.helpers !== 'replaces') return found([]);
    const git = need(facts, 'git');
    const chains = httpsChains(facts);
    if (chains.length === 0) return noAddress(facts, 'No HTTPS CodeCommit address to check.');
    const yours = git.config.filter((e) => e.scope !== 'command');
    const findings: FindingDraft<Code>[] = [];
    for (const { target, chain } of chains) {
      if (awsHelper(chain)) continue;
      const lost = awsHelper(computeHelperChain(yours, chain.url));
      const injected = c.selected.injected.map((s) => `${s.key}=${s.value}`).join(', ');
      findings.push({
        code: 'client-replaces-helpers',
        about: aboutRemote(target),
        subject: target.display,
        detail: `${c.selected.name} runs git with ${injected}.${lost ? ` Your AWS helper ("${lost.value}") is dropped there.` : ''} ${c.model.passwords.value}`,
        evidence: [
          ...clientEvidence(facts, c.selected),
          ...(lost ? [configEvidence(lost.entry)] : []),
          ...helperEvidence(chain),
        ],
      });
    }
    return found(findings);
  },
};
