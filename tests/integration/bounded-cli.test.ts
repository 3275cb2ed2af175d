import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  rmSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import type { ScanReport } from '../../electron/engine/model';
import { startAwsApi, type AwsApi } from '../lab/aws-api/server';
import { disposeLabCaches, startLab, type Lab } from '../lab/git-server';
import { createSandbox, type Sandbox } from '../lab/sandbox';
import { AWS_HELPER, LAB_ACCOUNT, LAB_REGION, LAB_REPO, makeIdentity } from '../lab/scenarios';
import { ensureCliBuilt, runCli } from '../support/cli-run';
import { AWS_V2_VERSION, createFixSandbox, writeExecutable, type FixSandbox } from '../support/fix-sandbox';
import { goneWithin, killMarked, sleepMarker } from '../support/processes';

// Bounded time and memory (issue 10, items 10 and 12–15), end to end through the built CLI:
// whatever a program, a file or AWS does, the doctor ends in about the time it was given,
// says what happened, and leaves nothing of its own running.

const URL = 'https://git-codecommit.us-east-2.amazonaws.com/v1/repos/demo';

const sandboxes: FixSandbox[] = [];
const markers: string[] = [];
function sandbox(opts: Parameters<typeof createFixSandbox>[0] = {}): FixSandbox {
  const sb = createFixSandbox(opts);
  sandboxes.push(sb);
  return sb;
}
function marker(): string {
  const m = sleepMarker();
  markers.push(m);
  return m;
}

beforeAll(async () => {
  await ensureCliBuilt();
}, 120_000);

interface LabWorld {
  lab: Lab;
  api: AwsApi;
  sb: Sandbox;
  url: string;
}
const labs: LabWorld[] = [];

/** The Lab with one repository the identity may clone, the AWS helper configured, and `profile` as ~/.aws/config's [default]. */
async function labWorld(profile?: string): Promise<LabWorld> {
  const lab = await startLab();
  const id = makeIdentity();
  lab.state.identities.push(id);
  lab.state.policies.push({ principalArn: id.arn, effect: 'Allow', actions: ['*'], resources: ['*'] });
  await lab.addRepo({ name: LAB_REPO, region: LAB_REGION, account: LAB_ACCOUNT });
  const api = await startAwsApi(lab.state);
  const sb = createSandbox(lab, {
    awsProfiles:
      profile === undefined
        ? {
            default: { accessKeyId: id.accessKeyId, secretAccessKey: id.secretAccessKey, region: LAB_REGION },
          }
        : {},
    env: { AWS_ENDPOINT_URL: api.url },
  });
  sb.env.CODECOMMIT_DOCTOR_STATE_DIR = path.join(sb.home, '.doctor-state');
  if (profile !== undefined) writeFileSync(sb.awsConfigPath, `[default]\nregion = ${LAB_REGION}\n${profile}`);
  await sb.configAdd('credential.helper', AWS_HELPER);
  await sb.configAdd('credential.UseHttpPath', 'true');
  const w = { lab, api, sb, url: lab.url(LAB_REGION, LAB_REPO) };
  labs.push(w);
  return w;
}

afterEach(async () => {
  for (const m of markers.splice(0)) killMarked(m);
  while (sandboxes.length) sandboxes.pop()?.cleanup();
  for (const w of labs.splice(0)) {
    await w.api.stop();
    await w.sb.cleanup();
    await w.lab.stop();
  }
});
afterAll(() => disposeLabCaches());

const check = (r: ScanReport, id: string) => r.checks.find((c) => c.id === id);

/** `diagnose --json --timeout <seconds>` of the Lab's repository: how long it took and what the identity check said. */
async function diagnoseLab(w: LabWorld, seconds: string) {
  const r = await runCli(['diagnose', '--repo', w.url, '--json', '--timeout', seconds], w.sb.env, {
    timeoutMs: 45_000,
  });
  const identity = check(JSON.parse(r.stdout) as ScanReport, 'account-identity');
  return { durationMs: r.durationMs, identity, shown: JSON.stringify(identity) };
}

describe('a program that leaves a child holding its output (item 14)', () => {
  it('`aws --version` that backgrounds a sleep: the version is read, the CLI ends at once, the sleep is ended', async () => {
    const sb = sandbox({ global: '[credential]\n\thelper = !aws codecommit credential-helper $@\n' });
    const m = marker();
    writeExecutable(
      path.join(sb.bin, 'aws'),
      `#!/bin/sh\nsleep ${m} &\nprintf '%s' '${AWS_V2_VERSION}'\nexit 0\n`,
    );
    const r = await runCli(['diagnose', '--repo', URL, '--offline', '--json', '--timeout', '30'], sb.env, {
      timeoutMs: 60_000,
    });
    expect(r.durationMs).toBeLessThan(10_000);
    const report = JSON.parse(r.stdout) as ScanReport;
    expect(check(report, 'aws-cli')?.status, JSON.stringify(check(report, 'aws-cli'))).toBe('pass');
    expect(JSON.stringify(report)).not.toMatch(/timed out/);
    expect(await goneWithin(m)).toBe(true);
  });
});

describe('one --timeout, validated and honoured everywhere (item 15)', () => {
  it.each(['1e-9', '0', '-3', 'NaN', '601'])(
    '--timeout %s: exit 2 naming --timeout, nothing scanned',
    async (v) => {
      const sb = sandbox();
      const r = await runCli(['diagnose', '--repo', URL, '--offline', '--json', '--timeout', v], sb.env);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/--timeout must be a number of seconds from 1 to 600/);
      expect(r.stdout).toBe('');
    },
  );

  it('an AWS endpoint that never answers: with --timeout 2 the online scan ends in seconds, "could not check"', async () => {
    const w = await labWorld();
    await w.api.setNetwork('hang');
    const { durationMs, identity, shown } = await diagnoseLab(w, '2');
    expect(identity?.status, shown).toBe('error');
    expect(identity?.message).toMatch(/did not answer in time/);
    // 2 s per call, twice that for the whole phase; the CLI's own start and `aws --version` on top.
    expect(durationMs).toBeLessThan(9_000);
  }, 90_000);
});

describe('a credential_process that never returns (item 12)', () => {
  it('credential_process = sleep 600 with --timeout 2: the scan ends, says why, and the process is ended', async () => {
    const m = marker();
    const w = await labWorld(`credential_process = sleep ${m}\n`);
    const { durationMs, identity, shown } = await diagnoseLab(w, '2');
    expect(durationMs).toBeLessThan(9_000);
    expect(identity?.status, shown).toBe('error');
    expect(identity?.message).toMatch(/credential_process did not finish within 2 s/);
    expect(w.api.calls).toHaveLength(0);
    expect(await goneWithin(m)).toBe(true);
  }, 90_000);

  it('a credential_process that works is still used exactly as the SDK would (JSON Version 1 on stdout)', async () => {
    const w = await labWorld('');
    const id = w.lab.state.identities[0]!;
    const script = path.join(w.sb.home, 'creds.sh');
    writeExecutable(
      script,
      `#!/bin/sh\nprintf '{"Version":1,"AccessKeyId":"%s","SecretAccessKey":"%s"}' '${id.accessKeyId}' '${id.secretAccessKey}'\n`,
    );
    writeFileSync(w.sb.awsConfigPath, `[default]\nregion = ${LAB_REGION}\ncredential_process = ${script}\n`);
    const { identity, shown } = await diagnoseLab(w, '10');
    expect(identity?.status, shown).toBe('pass');
    expect(identity?.message).toContain(id.arn);
  }, 90_000);
});

describe('every credential provider gets the timeout (item 12)', () => {
  it('assume-role against an STS that never answers: --timeout 2 ends it, says what was waited for', async () => {
    const w = await labWorld('');
    const id = w.lab.state.identities[0]!;
    writeFileSync(
      w.sb.awsConfigPath,
      `[default]\nregion = ${LAB_REGION}\nrole_arn = arn:aws:iam::${LAB_ACCOUNT}:role/Dev\nsource_profile = base\n\n[profile base]\nregion = ${LAB_REGION}\n`,
    );
    writeFileSync(
      w.sb.awsCredentialsPath,
      `[base]\naws_access_key_id = ${id.accessKeyId}\naws_secret_access_key = ${id.secretAccessKey}\n`,
    );
    await w.api.setNetwork('hang');
    const { durationMs, identity, shown } = await diagnoseLab(w, '2');
    expect(durationMs).toBeLessThan(9_000);
    expect(identity?.status, shown).toBe('error');
    expect(identity?.message).toMatch(/assuming its role did not finish within 2 s/);
  }, 60_000);
});

describe('files that are not regular files, or too large, are refused before they are read (item 13)', () => {
  const GUIDE = '[credential]\n\thelper = !aws codecommit credential-helper $@\n\tUseHttpPath = true\n';

  /** `diagnose --offline --json` with a 15 s budget: the report, or a test failure saying how it ended. */
  async function offline(sb: FixSandbox, repo = URL): Promise<ScanReport> {
    const r = await runCli(['diagnose', '--repo', repo, '--offline', '--json'], sb.env, {
      timeoutMs: 15_000,
    });
    expect(r.durationMs, `ended by ${r.signal ?? r.code}: ${r.stderr.slice(0, 300)}`).toBeLessThan(10_000);
    return JSON.parse(r.stdout) as ScanReport;
  }

  function replace(file: string, how: 'fifo' | 'dev-zero' | 'sparse-10g'): void {
    rmSync(file, { force: true });
    if (how === 'fifo') execFileSync('mkfifo', [file]);
    else if (how === 'dev-zero') symlinkSync('/dev/zero', file);
    else {
      writeFileSync(file, '');
      truncateSync(file, 10 * 1024 ** 3);
    }
  }

  it.each([
    ['config', 'fifo', /config: it is a named pipe \(FIFO\), not a regular file/],
    ['config', 'sparse-10g', /config: it is larger than 4 MiB/],
    ['credentials', 'dev-zero', /credentials: it is a character device, not a regular file/],
  ] as const)('~/.aws/%s as %s: the AWS checks say "could not check" and why', async (name, how, said) => {
    const sb = sandbox({ global: GUIDE });
    replace(path.join(sb.home, '.aws', name), how);
    const report = await offline(sb);
    const profile = check(report, 'aws-profile');
    expect(profile?.status, JSON.stringify(profile)).toBe('error');
    expect(profile?.message).toMatch(said);
  });

  it.each(['fifo', 'dev-zero'] as const)(
    '~/.git-credentials as %s: the password store says it was refused',
    async (how) => {
      const sb = sandbox({ global: GUIDE });
      replace(path.join(sb.home, '.git-credentials'), how);
      const report = await offline(sb);
      const stores = check(report, 'stores');
      expect(JSON.stringify(stores)).toMatch(
        /\.git-credentials: it is a (named pipe \(FIFO\)|character device), not a regular file/,
      );
      expect(stores?.status).not.toBe('pass');
    },
  );

  it('the aws --version cache as a FIFO only costs the cache', async () => {
    const sb = sandbox({ global: GUIDE });
    mkdirSync(path.join(sb.stateDir, 'cache'), { recursive: true });
    execFileSync('mkfifo', [path.join(sb.stateDir, 'cache', 'aws-version-cache.json')]);
    const report = await offline(sb);
    expect(check(report, 'aws-cli')?.status).toBe('pass');
  });

  it('~/.ssh/config as a FIFO: the SSH check says it was refused', async () => {
    const sb = sandbox();
    mkdirSync(path.join(sb.home, '.ssh'));
    execFileSync('mkfifo', [path.join(sb.home, '.ssh', 'config')]);
    const report = await offline(sb, 'ssh://git-codecommit.us-east-2.amazonaws.com/v1/repos/demo');
    const ssh = check(report, 'ssh');
    expect(ssh?.status, JSON.stringify(ssh)).toBe('error');
    expect(ssh?.message).toMatch(/\.ssh\/config: it is a named pipe \(FIFO\), not a regular file/);
  });

  it('online, with keys in the environment and ~/.aws/config a FIFO: no hang, each AWS check says why', async () => {
    const w = await labWorld();
    const id = w.lab.state.identities[0]!;
    Object.assign(w.sb.env, { AWS_ACCESS_KEY_ID: id.accessKeyId, AWS_SECRET_ACCESS_KEY: id.secretAccessKey });
    replace(w.sb.awsConfigPath, 'fifo');
    const r = await runCli(['diagnose', '--repo', w.url, '--json', '--timeout', '5'], w.sb.env, {
      timeoutMs: 30_000,
    });
    expect(r.durationMs).toBeLessThan(10_000);
    const report = JSON.parse(r.stdout) as ScanReport;
    expect(check(report, 'aws-profile')?.message).toMatch(/config: it is a named pipe \(FIFO\)/);
    expect(check(report, 'account-identity')?.status).toBe('error');
    expect(check(report, 'account-identity')?.message).toMatch(/AWS configuration files could not be read/);
  }, 60_000);

  it('online, a web_identity_token_file that is a FIFO (the SDK reads it synchronously): refused, and said so', async () => {
    const w = await labWorld('');
    const token = path.join(w.sb.home, 'token');
    execFileSync('mkfifo', [token]);
    writeFileSync(
      w.sb.awsConfigPath,
      `[default]\nregion = ${LAB_REGION}\nrole_arn = arn:aws:iam::${LAB_ACCOUNT}:role/Dev\nweb_identity_token_file = ${token}\n`,
    );
    const { durationMs, identity, shown } = await diagnoseLab(w, '5');
    expect(durationMs).toBeLessThan(10_000);
    expect(identity?.status, shown).toBe('fail');
    expect(shown).toMatch(/token: it is a named pipe \(FIFO\), not a regular file/);
  }, 60_000);

  it('online, AWS_WEB_IDENTITY_TOKEN_FILE a FIFO (the same synchronous read): refused, and said so', async () => {
    const w = await labWorld('');
    const token = path.join(w.sb.home, 'env-token');
    execFileSync('mkfifo', [token]);
    w.sb.env.AWS_ROLE_ARN = `arn:aws:iam::${LAB_ACCOUNT}:role/Dev`;
    w.sb.env.AWS_WEB_IDENTITY_TOKEN_FILE = token;
    const { durationMs, identity, shown } = await diagnoseLab(w, '5');
    expect(durationMs).toBeLessThan(10_000);
    expect(identity?.status, shown).toBe('fail');
    expect(shown).toMatch(/env-token: it is a named pipe \(FIFO\), not a regular file/);
  }, 60_000);

  it('online, an SSO token cache file that is a FIFO: refused, and said so', async () => {
    const w = await labWorld(
      'sso_session = corp\nsso_account_id = 111122223333\nsso_role_name = Dev\n\n[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n',
    );
    const cache = path.join(w.sb.home, '.aws', 'sso', 'cache');
    mkdirSync(cache, { recursive: true });
    execFileSync('mkfifo', [path.join(cache, `${createHash('sha1').update('corp').digest('hex')}.json`)]);
    const { durationMs, identity, shown } = await diagnoseLab(w, '5');
    expect(durationMs).toBeLessThan(10_000);
    // The helper cannot sign with it either (the AWS CLI would hang on it): a finding, with why.
    expect(identity?.status, shown).toBe('fail');
    expect(shown).toMatch(/sso\/cache\/[0-9a-f]{40}\.json: it is a named pipe \(FIFO\), not a regular file/);
  }, 60_000);
});

describe("root on another user's HOME creates nothing the user cannot use (item 10)", () => {
  function ownersUnder(dir: string): { path: string; uid: number }[] {
    const out: { path: string; uid: number }[] = [];
    for (const name of readdirSync(dir)) {
      const p = path.join(dir, name);
      const st = lstatSync(p);
      out.push({ path: p, uid: st.uid });
      if (st.isDirectory()) out.push(...ownersUnder(p));
    }
    return out;
  }

  it('diagnose as root with HOME owned by uid 65534: no root-owned file or folder appears there', async (t) => {
    if (process.getuid?.() !== 0) {
      console.log('skipped: this test needs root (it is about root scanning a user HOME)');
      t.skip();
      return;
    }
    const sb = sandbox({ global: '[credential]\n\thelper = !aws codecommit credential-helper $@\n' });
    const env = { ...sb.env };
    // Where a fleet script leaves it: the state folder is the default one under the user's HOME.
    delete env.CODECOMMIT_DOCTOR_STATE_DIR;
    execFileSync('chown', ['-R', '65534:65534', sb.home]);
    const r = await runCli(['diagnose', '--repo', URL, '--offline', '--json'], env, { timeoutMs: 30_000 });
    const report = JSON.parse(r.stdout) as ScanReport;
    expect(check(report, 'aws-cli')?.status).toBe('pass');
    expect(ownersUnder(sb.home).filter((e) => e.uid !== 65534)).toEqual([]);
    expect(existsSync(path.join(sb.home, '.local'))).toBe(false);
  });
});
