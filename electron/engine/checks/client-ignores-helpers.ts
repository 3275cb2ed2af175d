import type { CheckDefinition, FindingDraft } from './check';
import { found, need, noAddress, skipped } from './check';
import { clientEvidence, clientRemedies, NO_CLIENT, selectedClient } from './client-derive';
import { aboutRemote, httpsChains } from './derive';
import { DOCS } from './docs';

type Code = 'client-ignores-helpers';

// Eclipse (JGit) and GitKraken (libgit2) are not git: they never run `credential.helper`
// (aws/aws-toolkit-eclipse #23), so for them only Git credentials or SSH can work.

export const clientIgnoresHelpers: CheckDefinition<Code> = {
  title: 'Whether your Git client runs credential helpers',
  needs: ['clients'],
  codes: {
    'client-ignores-helpers': {
      severity: 'error',
      title: 'Your Git client does not use credential helpers',
      explanation:
        'The client you clone with does not run git: it has its own built-in Git engine, which never starts the credential helpers in your settings, so the AWS helper can never sign in there. It asks for a user name and password itself: use HTTPS Git credentials made for CodeCommit, or SSH.',
      plain:
        'Your Git client signs in on its own and never asks AWS for a password, so it needs a CodeCommit user name and password (or an SSH key) of its own.',
      docsUrl: DOCS.gitCredentials,
      plan: clientRemedies,
    },
  },
  run(facts) {
    need(facts, 'clients');
    const c = selectedClient(facts);
    if (!c) return skipped(NO_CLIENT);
    if (c.selected.helpers !== 'ignores') return found([]);
    const https = httpsChains(facts);
    if (https.length === 0) return noAddress(facts, 'No HTTPS CodeCommit address to check.');
    const findings: FindingDraft<Code>[] = https.map(({ target }) => ({
      code: 'client-ignores-helpers',
      about: aboutRemote(target),
      subject: target.display,
      detail: `${c.selected.name} keeps what you type in: ${c.model.passwords.value}`,
      evidence: clientEvidence(facts, c.selected),
    }));
    return found(findings);
  },
};
