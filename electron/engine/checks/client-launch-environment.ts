import type { AwsHelperOptions } from '../fixes/helper-command';
import { hostPort, scopedSectionOffer } from '../fixes/scoped-section';
import type { Facts, LaunchEnvironmentFacts, RemoteTarget } from '../model';
import type { CheckDefinition, FindingDraft } from './check';
import { found, need, skipped } from './check';
import { clientEvidence, NO_CLIENT, selectedClient } from './client-derive';
import { aboutRemote, awsHelper, configEvidence, httpsChains, targetOf } from './derive';
import type { HelperRef } from '../model';
import { DOCS } from './docs';

type Code = 'client-missing-shell-environment';

// macOS starts an app from Finder or the Dock through launchd: PATH is
// /usr/bin:/bin:/usr/sbin:/sbin and nothing from the shell's start-up files (AWS_PROFILE)
// is there. git started by such a client cannot find a Homebrew or pip `aws`, and the AWS
// helper signs with the default profile. The terminal has both, so it works there.

/** What the helper lacks in the client: the AWS CLI by name, the profile the terminal sets. */
function lacks(launch: LaunchEnvironmentFacts, helper: HelperRef): AwsHelperOptions {
  const program = helper.awsProgram ?? 'aws';
  const byName = !program.includes('/');
  const out: AwsHelperOptions = {};
  if (byName && launch.awsForApp === null && launch.awsForTerminal) out.program = launch.awsForTerminal;
  if (launch.terminalAwsProfile && !helper.awsProfile) out.profile = launch.terminalAwsProfile;
  return out;
}

function lacksFor(facts: Facts, target: RemoteTarget | undefined): AwsHelperOptions {
  const launch = facts.clients.ok ? facts.clients.value.launch : undefined;
  const chain = httpsChains(facts).find((c) => c.target.key === target?.key)?.chain;
  const helper = chain ? awsHelper(chain) : undefined;
  return launch && helper ? lacks(launch, helper) : {};
}

export const clientLaunchEnvironment: CheckDefinition<Code> = {
  title: "Your Git client's view of the AWS CLI",
  needs: ['clients', 'git', 'awsCli'],
  codes: {
    'client-missing-shell-environment': {
      severity: 'error',
      title: 'Your Git client does not see what your terminal sets up',
      explanation:
        'On a Mac, an app started from Finder or the Dock does not get the PATH and variables your shell start-up files set. Git started by your client then cannot find the AWS CLI your terminal finds, or the AWS helper signs with the default profile instead of AWS_PROFILE. It works in the terminal and fails in the app. Naming the AWS CLI by its full path (and the profile) in the helper makes it the same everywhere.',
      plain:
        'Your Git client was started without the settings your terminal has, so it cannot find the AWS command line tool (or signs in as someone else): it works in the terminal and fails in the app.',
      docsUrl: DOCS.troubleshootHelper,
      plan: (f, facts, pctx) => {
        const t = targetOf(facts, f.about);
        return scopedSectionOffer(
          f,
          facts,
          pctx,
          lacksFor(facts, t),
          `Name the AWS CLI${lacksFor(facts, t).profile ? ' and your profile' : ''} in the helper for ${t ? hostPort(t) : 'CodeCommit'}`,
        );
      },
    },
  },
  run(facts) {
    const clients = need(facts, 'clients');
    const c = selectedClient(facts);
    if (!c) return skipped(NO_CLIENT);
    const launch = clients.launch;
    if (!launch)
      return skipped(
        `Only a Mac app started from Finder lacks the terminal's environment; ${c.selected.name} here does not.`,
      );
    need(facts, 'git');
    const findings: FindingDraft<Code>[] = [];
    for (const { target, chain } of httpsChains(facts)) {
      const helper = awsHelper(chain);
      if (!helper) continue;
      const missing = lacks(launch, helper);
      const said: string[] = [];
      if (missing.program)
        said.push(
          `"${helper.awsProgram ?? 'aws'}" is ${missing.program} in your terminal, but not on ${c.selected.name}'s PATH (${launch.appPath.join(':')}).`,
        );
      if (missing.profile)
        said.push(
          `Your terminal sets AWS_PROFILE=${missing.profile}; in ${c.selected.name} the helper signs with the default profile.`,
        );
      if (said.length === 0) continue;
      findings.push({
        code: 'client-missing-shell-environment',
        about: aboutRemote(target),
        subject: target.display,
        detail: said.join(' '),
        evidence: [
          ...clientEvidence(facts, c.selected),
          configEvidence(helper.entry),
          { kind: 'text', label: `PATH in ${c.selected.name}`, detail: launch.appPath.join(':') },
          { kind: 'program', name: 'aws (terminal)', path: launch.awsForTerminal },
          { kind: 'program', name: `aws (${c.selected.name})`, path: launch.awsForApp },
        ],
      });
    }
    return found(findings);
  },
};
