import { existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { FixStep } from '../../electron/engine/model';
import {
  codesOf,
  removeSandboxes,
  scanSandbox,
  type Sandboxed,
  type ScanSetup,
} from '../support/scan-sandbox';
import { credentialFill, SANDBOX_URL } from '../support/scan-sandbox';

// Issue 12 §2 cause 10: the AWS helper inside the user's own command (aws-vault, assume-role).
// Real git runs the wrapper, and the real AWS CLI inside it signs; the doctor recognises the AWS
// helper there, never runs the wrapper itself, and no plan swaps the line for a plain helper.

afterAll(removeSandboxes);

const URL = SANDBOX_URL;
const WRAPPED = '!aws-vault exec dev -- aws codecommit credential-helper $@';
const ASSUME = '!assume-role dev aws codecommit credential-helper $@';

/** Stand-ins for aws-vault and assume-role: keys in the environment, then the command (as both do). */
function wrapperScript(marker: string, skip: number): string {
  return [
    '#!/bin/sh',
    `echo ran >> "${marker}"`,
    `shift ${skip}`,
    'export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE',
    'export AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    'unset AWS_PROFILE',
    'exec "$@"',
    '',
  ].join('\n');
}

function setupWith(helperLine: string, extra: Partial<ScanSetup> = {}, useHttpPath = true): ScanSetup {
  return {
    gitconfig: `[credential]\n\thelper = ${helperLine}\n${useHttpPath ? '\tUseHttpPath = true\n' : ''}`,
    // No keys at all in the AWS files: only the wrapper has them.
    awsConfig: '[default]\nregion = us-east-2\n[profile dev]\nregion = us-east-2\n',
    awsCredentials: '',
    ...extra,
  };
}

async function gitConfigSteps(s: Sandboxed, steps: FixStep[]): Promise<void> {
  for (const step of steps) {
    if (step.type !== 'git-config') throw new Error(`unexpected step ${step.type}`);
    const op = step.op === 'add' ? ['--add'] : [];
    await s.ctx.runner('git', ['config', '--file', step.file, ...op, step.key, step.value ?? ''], {
      env: s.env,
    });
  }
}

describe('the AWS helper inside the user’s own command', () => {
  it('aws-vault around the AWS helper is the AWS helper: no false problem, and the doctor never runs the wrapper', async () => {
    const marker = path.join(tmpdir(), `vault-ran-${process.pid}-${Date.now()}`);
    const r = await scanSandbox(setupWith(WRAPPED, { bin: { 'aws-vault': wrapperScript(marker, 3) } }), {
      kind: 'url',
      url: URL,
    });
    expect(codesOf(r)).toEqual([]);
    expect(r.checks.filter((c) => c.status === 'error')).toEqual([]);
    expect(existsSync(marker)).toBe(false);
    // Real git through the wrapper: the real AWS CLI signs with the wrapper's keys.
    const git = await credentialFill(r.sandbox);
    expect(git.code).toBe(0);
    expect(git.out).toMatch(/^password=\d{8}T\d{6}Z[0-9a-f]{64}$/m);
    expect(existsSync(marker)).toBe(true);
    rmSync(marker, { force: true });
  });

  it('a missing UseHttpPath is fixed keeping the wrapper word for word, and then git gets a password', async () => {
    const r = await scanSandbox(
      setupWith(WRAPPED, { bin: { 'aws-vault': wrapperScript('/dev/null', 3) } }, false),
      {
        kind: 'url',
        url: URL,
      },
    );
    expect(codesOf(r)).toEqual(['helper-usehttppath-missing']);
    const f = r.findings.find((x) => x.code === 'helper-usehttppath-missing');
    const fix = f?.fixes.find((o) => o.kind === 'fix');
    const helpers = fix?.steps.flatMap((s) =>
      s.type === 'git-config' && s.key.endsWith('.helper') ? [s.value] : [],
    );
    expect(helpers).toEqual(['', WRAPPED]);
    expect((await credentialFill(r.sandbox)).code).not.toBe(0);
    await gitConfigSteps(r.sandbox, fix?.steps ?? []);
    expect((await credentialFill(r.sandbox)).out).toMatch(/^password=/m);
  });

  it('a plan that would have to change the wrapped line is not offered (auto-prompt on)', async () => {
    const r = await scanSandbox(
      setupWith(WRAPPED, {
        bin: { 'aws-vault': wrapperScript('/dev/null', 3) },
        env: { AWS_CLI_AUTO_PROMPT: 'on' },
      }),
      { kind: 'url', url: URL },
    );
    const f = r.findings.find((x) => x.code === 'aws-cli-autoprompt-on');
    expect(f).toBeDefined();
    expect(f?.fixes.filter((o) => o.steps.some((s) => s.type === 'git-config'))).toEqual([]);
  });

  it.each([
    ['aws-vault, terminal prompt', WRAPPED, true],
    [
      'aws-vault asking in a window',
      '!aws-vault exec --prompt=osascript dev -- aws codecommit credential-helper $@',
      false,
    ],
    ['assume-role', ASSUME, true],
  ])('%s: says when the MFA code cannot be asked for', async (_, line, prompts) => {
    const r = await scanSandbox(
      setupWith(line, {
        bin: { 'aws-vault': wrapperScript('/dev/null', 3), 'assume-role': wrapperScript('/dev/null', 1) },
        awsConfig:
          '[default]\nregion = us-east-2\n[profile dev]\nregion = us-east-2\nrole_arn = arn:aws:iam::111122223333:role/dev\nsource_profile = base\nmfa_serial = arn:aws:iam::111122223333:mfa/alice\n[profile base]\nregion = us-east-2\n',
      }),
      { kind: 'url', url: URL },
    );
    expect(codesOf(r).includes('helper-wrapper-prompts')).toBe(prompts);
    if (prompts) {
      const f = r.findings.find((x) => x.code === 'helper-wrapper-prompts');
      expect(f?.fixes.map((o) => o.id)).toEqual(['helper-wrapper-prompts:sign-in-first']);
    }
  });
});
