import { advice } from '../fixes/offer';
import { wrapperPromptsOnTerminal } from '../helper-wrapper';
import type { Finding, FixOffer, HelperWrapper } from '../model';
import { profileNeedsMfa } from '../probes/aws-config';
import type { CheckDefinition, FindingDraft } from './check';
import { dedupe, found, need, skipped } from './check';
import { aboutRemote, awsHelper, helperEvidence, httpsChains } from './derive';
import { DOCS } from './docs';

type Code = 'helper-wrapper-prompts';

// The AWS helper inside the user's own command (aws-vault, assume-role): their choice, kept by
// every plan. What can be said about it: when it asks for an MFA code in a terminal, a Git
// client app (no terminal) or git with prompts off cannot answer, and the clone fails.

/** aws-vault's prompt drivers that show a window, per OS (aws-vault's README, "--prompt"). */
const WINDOW_PROMPT: Record<string, string> = { darwin: 'osascript', win32: 'wincredui', linux: 'zenity' };

function signInFirst(f: Finding, w: HelperWrapper | undefined, platform: string): FixOffer[] {
  if (!w) return [];
  const first =
    w.kind === 'aws-vault'
      ? `Or add --prompt=${WINDOW_PROMPT[platform] ?? 'zenity'} after "aws-vault exec" in your helper line, so aws-vault asks in a window instead of the terminal.`
      : 'Or set up the role with a sign-in that does not need the terminal (a credential_process with its own window, or single sign-on).';
  return [
    advice(
      f,
      'sign-in-first',
      'Sign in in a terminal before you clone',
      `Run "${w.command} aws sts get-caller-identity" in a terminal and type the MFA code: while that session lasts, git gets its password without asking. ${first}`,
      {
        plain:
          'Sign in once in a terminal window (it asks for your one-time code); while that sign-in lasts, your Git app can clone.',
      },
    ),
  ];
}

export const helperWrapper: CheckDefinition<Code> = {
  title: 'Your own sign-in command around the AWS helper',
  needs: ['git', 'awsConfig', 'clients'],
  codes: {
    'helper-wrapper-prompts': {
      severity: 'warning',
      title: 'Your sign-in command asks for an MFA code in the terminal',
      plain:
        'Your AWS sign-in asks for a one-time code (MFA) in a terminal window. A Git app has no terminal, so when it needs the code it cannot ask, and cloning fails.',
      explanation:
        'The AWS helper runs inside your own command, and that command signs in with a profile that needs an MFA code, which it reads from the terminal. Git runs helpers without a terminal when a Git client app clones, or with prompts turned off: the command cannot ask, and git gets no password. Your command is kept as it is; sign in in a terminal first, or let it ask in a window.',
      docsUrl: DOCS.troubleshootHelper,
      plan: (f, facts) => {
        const w = httpsChains(facts)
          .map((c) => awsHelper(c.chain)?.wrapper)
          .find((x) => x && f.evidence.some((e) => e.kind === 'text' && e.detail === x.command));
        return signInFirst(f, w, facts.platform);
      },
    },
  },
  run(facts) {
    need(facts, 'git');
    const config = need(facts, 'awsConfig');
    const wrapped = httpsChains(facts).flatMap(({ target, chain }) => {
      const helper = awsHelper(chain);
      return helper?.wrapper ? [{ target, chain, wrapper: helper.wrapper }] : [];
    });
    if (wrapped.length === 0) return skipped('The AWS helper does not run inside a command of your own.');
    const client = facts.clients.ok ? facts.clients.value.selected : undefined;
    const findings: FindingDraft<Code>[] = [];
    for (const { target, chain, wrapper } of wrapped) {
      const profile = wrapper.profile;
      if (!profile || !wrapperPromptsOnTerminal(wrapper, profileNeedsMfa(profile, config))) continue;
      findings.push({
        code: 'helper-wrapper-prompts',
        about: aboutRemote(target),
        subject: target.display,
        detail: `${wrapper.program} signs in with profile "${profile}", which has mfa_serial.${client ? ` ${client.name} runs git without a terminal.` : ''}`,
        evidence: [
          ...helperEvidence(chain),
          { kind: 'text', label: 'Your command around the AWS helper', detail: wrapper.command },
          { kind: 'profile', name: profile, source: wrapper.program },
        ],
      });
    }
    return found(
      dedupe(findings),
      wrapped
        .map((w) => `The AWS helper runs inside "${w.wrapper.command}"; that stays as you set it.`)
        .join(' '),
    );
  },
};
