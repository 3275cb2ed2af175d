import { isPython3MsiV1 } from '../probes/aws-version';
import { makeOffer } from '../fixes/offer';
import { otherTransports } from '../fixes/other-transports';
import { scopedSectionOffer } from '../fixes/scoped-section';
import type { Evidence, Facts, Finding, FixOffer } from '../model';
import type { CheckDefinition, FindingDraft, PlanContext } from './check';
import { CheckError, dedupe, found, need, noAddress } from './check';
import { aboutRemote, awsHelper, chainOf, helperEvidence, httpsChains } from './derive';
import { DOCS } from './docs';

type Code = 'aws-cli-not-found' | 'aws-cli-cmd-only' | 'aws-cli-python3-msi' | 'aws-cli-autoprompt-on';

const AUTO_PROMPT_ON = /^on(-partial)?$/i;

/** Point the helper at an AWS CLI that exists (for the MSI build: its aws.cmd by full path), or say how to install one. */
async function pointAtAwsCli(f: Finding, facts: Facts, pctx: PlanContext): Promise<FixOffer[]> {
  const candidates: string[] = [];
  const program = f.evidence.find((e): e is Extract<Evidence, { kind: 'program' }> => e.kind === 'program');
  // The .cmd git's shell cannot find by name runs when the helper names it by its full path.
  if ((f.code === 'aws-cli-python3-msi' || f.code === 'aws-cli-cmd-only') && program?.path)
    candidates.push(program.path);
  for (const c of pctx.os.awsCliLocations) {
    if (!candidates.includes(c) && (await pctx.ctx.isFile(c))) candidates.push(c);
  }
  const first = candidates[0];
  if (chainOf(facts, f.about) && first) {
    return scopedSectionOffer(
      f,
      facts,
      pctx,
      { program: first },
      `Point the AWS helper at ${first}`,
      `Git will start the AWS command-line tool from ${first} to get a fresh password.`,
    );
  }
  return [
    makeOffer(f, {
      id: `${f.code}:install`,
      kind: 'suggestion',
      title: 'Install the AWS CLI version 2',
      description:
        'No AWS CLI was found in the usual places. Install it from the AWS documentation, then run this check again.',
      plain: 'Install the AWS command-line tool (version 2) from the AWS website, then scan again.',
    }),
  ];
}

export const awsCli: CheckDefinition<Code> = {
  title: 'AWS CLI for the credential helper',
  needs: ['git', 'awsCli', 'awsConfig'],
  codes: {
    'aws-cli-not-found': {
      severity: 'error',
      title: 'The AWS helper cannot start the AWS CLI',
      plain:
        'To get a password, git starts the AWS command-line tool, and it cannot find it on this computer.',
      explanation:
        'Your git configuration runs the AWS CLI to sign in, but that program cannot be found where git looks for it. Git then shows "aws: command not found" and CodeCommit answers 403.',
      docsUrl: DOCS.troubleshootHelper,
      plan: async (f, facts, pctx) => [
        ...(await pointAtAwsCli(f, facts, pctx)),
        ...otherTransports(f, facts, pctx),
      ],
    },
    'aws-cli-cmd-only': {
      severity: 'error',
      title: "Git's helper shell cannot start the AWS CLI you have",
      explanation:
        'Git runs the AWS helper through its own shell (sh), which finds "aws" or "aws.exe" on PATH but never "aws.cmd" or "aws.bat". The AWS CLI here exists only as a .cmd or .bat file, so your terminal finds it and git does not: git shows "aws: command not found" and CodeCommit answers 403. Naming that file by its full path in the helper (or installing AWS CLI version 2, which is aws.exe) makes git find it.',
      plain:
        'Your AWS command line tool is installed in a form git cannot start, so git never gets a fresh password from AWS: pointing git at it by its full path (or installing version 2) fixes it.',
      docsUrl: DOCS.troubleshootHelper,
      plan: pointAtAwsCli,
    },
    'aws-cli-python3-msi': {
      severity: 'error',
      title: 'This AWS CLI build is known to break the git helper',
      plain: 'The AWS command-line tool installed here is a build known to fail when git starts it.',
      explanation:
        'The AWS CLI version 1 Windows installer built with Python 3 installs only aws.cmd. Git runs the AWS helper through its own shell (sh), which finds "aws" or "aws.exe" but never aws.cmd, so git shows "aws: command not found" and CodeCommit answers 403. The AWS guide\'s fix is to point the helper at the full path of aws.cmd, or to install AWS CLI version 2.',
      docsUrl: DOCS.troubleshootHelper,
      plan: pointAtAwsCli,
    },
    'aws-cli-autoprompt-on': {
      severity: 'error',
      title: 'AWS CLI auto-prompt breaks the credential helper',
      plain:
        'The AWS command-line tool is set to ask questions as you type, which makes it fail when git starts it in the background.',
      explanation:
        'With auto-prompt on, AWS CLI version 2 tries to open its interactive prompt when git calls the helper, and the helper fails with "Unknown options: protocol=https". Turn auto-prompt off for the profile the helper uses.',
      docsUrl: DOCS.cliAutoPrompt,
      plan: (f, facts, pctx) =>
        scopedSectionOffer(
          f,
          facts,
          pctx,
          { noAutoPrompt: true },
          'Turn auto-prompt off for the AWS helper only',
          'The AWS command-line tool will stop asking questions when git starts it.',
        ),
    },
  },
  run(facts) {
    const cli = need(facts, 'awsCli');
    const config = need(facts, 'awsConfig');
    const withHelper = httpsChains(facts).flatMap(({ target, chain }) => {
      const helper = awsHelper(chain);
      return helper ? [{ target, chain, helper }] : [];
    });
    if (withHelper.length === 0)
      return noAddress(facts, 'No AWS credential helper applies to the addresses checked.');

    const findings: FindingDraft<Code>[] = [];
    for (const { target, chain, helper } of withHelper) {
      const programName = helper.awsProgram ?? 'aws';
      const program = cli.programs.find((p) => p.program === programName);
      const cmdOnly = program?.resolvedPath === null ? program.cmdOnly : undefined;
      if (cmdOnly) {
        const msi = cmdOnly.version !== undefined && isPython3MsiV1(cmdOnly.version, cmdOnly.path);
        findings.push({
          code: msi ? 'aws-cli-python3-msi' : 'aws-cli-cmd-only',
          about: aboutRemote(target),
          subject: target.display,
          detail: `The helper starts "${programName}": git's shell finds no "${programName}" or "${programName}.exe" on PATH, only ${cmdOnly.path}, which it never starts by that name.`,
          evidence: [
            ...helperEvidence(chain),
            {
              kind: 'program',
              name: programName,
              path: cmdOnly.path,
              ...(cmdOnly.version ? { version: cmdOnly.version.raw } : {}),
            },
          ],
        });
        continue;
      }
      if (!program || program.resolvedPath === null) {
        findings.push({
          code: 'aws-cli-not-found',
          about: aboutRemote(target),
          subject: target.display,
          detail: `The helper starts "${programName}".`,
          evidence: [...helperEvidence(chain), { kind: 'program', name: programName, path: null }],
        });
        continue;
      }
      if (program.versionError) {
        throw new CheckError(`"${program.resolvedPath} --version" failed: ${program.versionError}`);
      }
      const version = program.version;
      const programEvidence = {
        kind: 'program' as const,
        name: programName,
        path: program.resolvedPath,
        ...(version ? { version: version.raw } : {}),
      };
      const profileName = helper.awsProfile ?? config.envProfile ?? 'default';
      const profile = config.profiles.find((p) => p.name === profileName);
      const envPrompt = cli.envAutoPrompt;
      const promptOn =
        (envPrompt !== undefined && AUTO_PROMPT_ON.test(envPrompt)) ||
        (envPrompt === undefined &&
          profile?.cliAutoPrompt !== undefined &&
          AUTO_PROMPT_ON.test(profile.cliAutoPrompt));
      // A helper that says --no-cli-auto-prompt is immune (that is what the fix writes).
      const helperOptsOut = /(^|\s)--no-cli-auto-prompt(\s|$)/.test(helper.value);
      if (promptOn && !helperOptsOut && (version?.major ?? 2) >= 2) {
        findings.push({
          code: 'aws-cli-autoprompt-on',
          about: aboutRemote(target),
          subject: target.display,
          evidence: [
            programEvidence,
            envPrompt !== undefined
              ? { kind: 'text', label: 'AWS_CLI_AUTO_PROMPT', detail: envPrompt }
              : {
                  kind: 'text',
                  label: `cli_auto_prompt in profile "${profileName}"`,
                  detail: profile?.cliAutoPrompt ?? '',
                },
          ],
        });
      }
    }
    return found(dedupe(findings));
  },
};
