import { isPython3MsiV1 } from '../probes/aws-version';
import type { Finding } from '../model';
import type { CheckDefinition } from './check';
import { CheckError, finding, need, dedupe } from './check';
import { awsHelper, helperEvidence, httpsChains } from './derive';

const AUTO_PROMPT_ON = /^on(-partial)?$/i;

export const awsCli: CheckDefinition = {
  id: 'aws-cli',
  title: 'AWS CLI for the credential helper',
  needs: ['git', 'awsCli', 'awsConfig'],
  run(facts) {
    const cli = need(facts, 'awsCli');
    const config = need(facts, 'awsConfig');
    const withHelper = httpsChains(facts).flatMap(({ target, chain }) => {
      const helper = awsHelper(chain);
      return helper ? [{ target, chain, helper }] : [];
    });
    if (withHelper.length === 0)
      return { skipped: 'No AWS credential helper applies to the addresses checked.' };

    const findings: Finding[] = [];
    for (const { target, chain, helper } of withHelper) {
      const programName = helper.awsProgram ?? 'aws';
      const program = cli.programs.find((p) => p.program === programName);
      if (!program || program.resolvedPath === null) {
        findings.push(
          finding('aws-cli-not-found', {
            subject: target.display,
            detail: `The helper starts "${programName}".`,
            evidence: [...helperEvidence(chain), { kind: 'program', name: programName, path: null }],
          }),
        );
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
      if (version && isPython3MsiV1(version, program.resolvedPath)) {
        findings.push(
          finding('aws-cli-python3-msi', { subject: target.display, evidence: [programEvidence] }),
        );
      }
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
        findings.push(
          finding('aws-cli-autoprompt-on', {
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
          }),
        );
      }
    }
    return dedupe(findings);
  },
};
