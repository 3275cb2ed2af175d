import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parseArgs, UsageError } from '../../electron/cli/args';
import type { Asker } from '../../electron/cli/fix-flow';
import { wizardFlow } from '../../electron/cli/wizard';
import type { ScanReport } from '../../electron/engine/model';
import { NO_ADDRESS_KNOWN } from '../../electron/engine/targets';
import { runCli } from '../support/cli-run';
import type { FixSandbox } from '../support/fix-sandbox';
import { sandboxPool } from '../support/sandbox-pool';

// Issue 12 §2 cause 9: "Check this whole computer" with nothing cloned must not assume
// us-east-1. Real git reads the sandbox's settings; nothing there names a CodeCommit host,
// and the AWS profile names no Region. The doctor checks only what exists, says which checks
// did not run and why, and asks (terminal wizard) or takes (--region, the app) the Region.

const GUIDE = '[credential]\n\thelper = !aws codecommit credential-helper $@\n\tUseHttpPath = true\n';

const pool = sandboxPool({}, { cli: true });

/** A computer where nothing was cloned: the AWS guide's helper set-up, a profile without a Region. */
function box(awsConfig = '[default]\noutput = json\n'): FixSandbox {
  // Any AWS call fails at once (a closed local port), so the wizard's online scan stays here.
  const b = pool.sandbox({ global: GUIDE, env: { AWS_ENDPOINT_URL: 'http://127.0.0.1:9' } });
  writeFileSync(path.join(b.home, '.aws', 'config'), awsConfig);
  return b;
}

const check = (r: ScanReport, id: string) => r.checks.find((c) => c.id === id);

describe('the whole computer with nothing cloned (cause 9)', () => {
  it('assumes no Region: no address is checked and the checks that need one say why', async () => {
    const b = box();
    const r = await b.scan({ kind: 'machine' });
    expect(r.targets).toEqual([]);
    expect(JSON.stringify(r)).not.toContain('us-east-1');
    for (const id of ['address', 'helpers', 'aws-cli', 'aws-profile'])
      expect(check(r, id), id).toMatchObject({ status: 'skipped', message: NO_ADDRESS_KNOWN });
    // Checks that need no address still ran.
    expect(check(r, 'git')?.status).toBe('pass');
  });

  it('checks the Region given, and only that: real git’s helper set-up is read for its host', async () => {
    const b = box();
    const r = await b.scan({ kind: 'machine', region: 'eu-west-2' });
    expect(r.targets.map((t) => [t.hostname, t.source])).toEqual([
      ['git-codecommit.eu-west-2.amazonaws.com', 'the Region you gave'],
    ]);
    expect(check(r, 'helpers')?.status).toBe('pass');
    // Without a helper, the host of that Region is the one found wanting.
    const bare = pool.sandbox();
    const r2 = await bare.scan({ kind: 'machine', region: 'eu-west-2' });
    expect(r2.findings.find((f) => f.code === 'helper-not-configured')?.subject).toContain('eu-west-2');
  });

  it('a Region the AWS settings name stands in, and says where it came from', async () => {
    const b = box('[default]\nregion = ap-southeast-2\n');
    const r = await b.scan({ kind: 'machine' });
    expect(r.targets.map((t) => [t.hostname, t.source])).toEqual([
      [
        'git-codecommit.ap-southeast-2.amazonaws.com',
        'standard host of the Region of AWS profile "default" (nothing cloned yet)',
      ],
    ]);
  });

  it('a host git settings name is checked as it is, with no stand-in beside it', async () => {
    const b = box();
    writeFileSync(
      b.globalFile,
      `${GUIDE}[credential "https://git-codecommit.eu-north-1.amazonaws.com"]\n\tUseHttpPath = true\n`,
    );
    const r = await b.scan({ kind: 'machine' });
    expect(r.targets.map((t) => t.hostname)).toEqual(['git-codecommit.eu-north-1.amazonaws.com']);
  });

  it('a Region that is not one is said so, never replaced', async () => {
    const b = box();
    const r = await b.scan({ kind: 'machine', region: 'europe' });
    expect(r.targets).toEqual([]);
    expect(r.findings.map((f) => [f.code, f.subject])).toEqual([['url-malformed', 'europe']]);
  });
});

describe('the terminal (cause 9)', () => {
  it('diagnose names what was not checked and why, and exits without a us-east-1 scan', async () => {
    const b = box();
    const r = await runCli(['diagnose', '--offline'], b.env);
    expect(r.stdout).toContain('No address checked: Nothing on this computer names a CodeCommit repository');
    expect(r.stdout).toContain(`Credential helpers for CodeCommit — skipped: ${NO_ADDRESS_KNOWN}`);
    expect(r.stdout).not.toContain('us-east-1');
    const json = JSON.parse((await runCli(['diagnose', '--offline', '--json'], b.env)).stdout) as ScanReport;
    expect(json.checks.filter((c) => c.message === NO_ADDRESS_KNOWN).length).toBeGreaterThan(3);
    const given = await runCli(['diagnose', '--offline', '--region', 'eu-west-2'], b.env);
    expect(given.stdout).toContain('git-codecommit.eu-west-2.amazonaws.com/v1/repos/ (the Region you gave)');
    expect(given.stdout).not.toContain('No address checked');
  }, 60_000);

  it('--region is checked, and only for the whole computer', () => {
    expect(parseArgs(['diagnose', '--region', 'EU-West-1'])).toMatchObject({
      target: { kind: 'machine', region: 'eu-west-1' },
    });
    expect(() => parseArgs(['diagnose', '--region', 'europe'])).toThrow(UsageError);
    expect(() => parseArgs(['fix', '--region', 'eu-west-1', '--repo', 'codecommit://x'])).toThrow(
      /--region is for checking this whole computer/,
    );
  });

  it('the wizard asks for the address or Region when nothing names one, and scans that', async () => {
    const b = box();
    const answers = ['', 'eu-west-2'];
    const asked: string[] = [];
    const asker: Asker = {
      ask: (q) => (asked.push(q), Promise.resolve(answers.shift() ?? '')),
      close: () => undefined,
    };
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    await wizardFlow(b.ctx, { asker, out, cwd: b.home });
    const text = Buffer.concat(chunks).toString('utf8');
    expect(asked[1]).toContain('type the AWS Region your repositories are in');
    expect(text).toContain('checking this whole computer (Region eu-west-2)');
    expect(text).toContain('git-codecommit.eu-west-2.amazonaws.com');
    expect(text).not.toContain('us-east-1');
  }, 60_000);

  it('the wizard does not ask when the computer names a Region', async () => {
    const b = box('[default]\nregion = eu-west-1\n');
    const asked: string[] = [];
    const asker: Asker = { ask: (q) => (asked.push(q), Promise.resolve('')), close: () => undefined };
    await wizardFlow(b.ctx, { asker, out: new PassThrough(), cwd: b.home });
    expect(asked).toHaveLength(1);
  }, 60_000);
});
