import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { probeAccount } from '../../electron/engine/account/probe';
import { createContext, type EngineContext } from '../../electron/engine/context';
import { applyFix } from '../../electron/engine/fixes/apply';
import { Journal } from '../../electron/engine/fixes/journal';
import type { FindingCode, ScanReport, TargetInput } from '../../electron/engine/model';
import { runScan } from '../../electron/engine/scan';
import { probeAwsConfig } from '../../electron/engine/probes/aws-config';
import { probeGit } from '../../electron/engine/probes/git';
import { resolveUrlTarget } from '../../electron/engine/targets';
import { renderReport } from '../../electron/cli/human';
import { replayScan } from '../../electron/engine/recording/replay';
import { comparable, recordScan, SHOW_EVERYTHING } from '../support/recording';
import { startAwsApi, type AwsApi, type AwsApiOptions } from '../lab/aws-api/server';
import { md5Fingerprint, parseSshPublicKey } from '../lab/aws-api/ssh-key';
import { disposeLabCaches, startLab, type Lab } from '../lab/git-server';
import { createSandbox, type AwsProfile, type Sandbox } from '../lab/sandbox';
import { AWS_HELPER, LAB_ACCOUNT, makeIdentity } from '../lab/scenarios';
import type { LabIdentity } from '../lab/state';

// The AWS account phase against the Lab: real SDK calls to the Lab's STS/IAM/CodeCommit API
// (SigV4-verified), real git against the Lab's git endpoint, a throwaway HOME per test.

const REGION = 'us-east-1';
const REPO = 'demo';

interface World {
  lab: Lab;
  api: AwsApi;
  sb: Sandbox;
  id: LabIdentity;
  ctx: EngineContext;
  scan(target?: TargetInput, extra?: { offline?: boolean }): Promise<ScanReport>;
}

const worlds: World[] = [];
afterEach(async () => {
  for (const w of worlds.splice(0)) {
    await w.api.stop();
    await w.sb.cleanup();
    await w.lab.stop();
  }
});
afterAll(() => disposeLabCaches());

interface WorldOptions {
  repoRegion?: string;
  /** Policy actions allowed on everything for the identity (default: git + read + simulate + self-service IAM). */
  allow?: string[];
  deny?: string[];
  helper?: boolean;
  profile?: AwsProfile | null;
  api?: AwsApiOptions;
  configure?: (w: Omit<World, 'scan' | 'ctx'>) => Promise<void> | void;
  now?: () => Date;
  identity?: LabIdentity;
}

const DEFAULT_ALLOW = [
  'codecommit:GitPull',
  'codecommit:GitPush',
  'codecommit:GetRepository',
  'iam:SimulatePrincipalPolicy',
  'iam:GetRole',
  'iam:*ServiceSpecificCredential*',
  'iam:*SSHPublicKey*',
];

async function world(o: WorldOptions = {}): Promise<World> {
  const lab = await startLab();
  const id = o.identity ?? makeIdentity();
  lab.state.identities.push(id);
  const principal = id.arn.replace(
    /^arn:aws:sts::(\d+):assumed-role\/([^/]+)\/.*$/,
    'arn:aws:iam::$1:role/$2',
  );
  lab.state.policies.push({
    principalArn: principal,
    effect: 'Allow',
    actions: o.allow ?? DEFAULT_ALLOW,
    resources: ['*'],
  });
  if (o.deny?.length)
    lab.state.policies.push({ principalArn: principal, effect: 'Deny', actions: o.deny, resources: ['*'] });
  await lab.addRepo({ name: REPO, region: o.repoRegion ?? REGION, account: LAB_ACCOUNT });
  const api = await startAwsApi(lab.state, o.api ?? {});
  const profile =
    o.profile === undefined
      ? {
          accessKeyId: id.accessKeyId,
          secretAccessKey: id.secretAccessKey,
          sessionToken: id.sessionToken,
          region: REGION,
        }
      : o.profile;
  const sb = createSandbox(lab, {
    awsProfiles: profile ? { default: profile } : {},
    env: { AWS_ENDPOINT_URL: api.url, CODECOMMIT_DOCTOR_STATE_DIR: '' },
  });
  sb.env.CODECOMMIT_DOCTOR_STATE_DIR = join(sb.home, '.doctor-state');
  if (o.helper !== false) {
    await sb.configAdd('credential.helper', AWS_HELPER);
    await sb.configAdd('credential.UseHttpPath', 'true');
  }
  await o.configure?.({ lab, api, sb, id });
  // Every Lab host is 127.0.0.1 (as the sandbox's http.curloptResolve says): no DNS question leaves the machine.
  const ctx = createContext({
    env: sb.env,
    home: sb.home,
    cwd: sb.home,
    lookupHost: async () => ['127.0.0.1'],
    ...(o.now ? { now: o.now } : {}),
  });
  const w: World = {
    lab,
    api,
    sb,
    id,
    ctx,
    scan: (target = { kind: 'url', url: lab.url(REGION, REPO) }, extra = {}) =>
      runScan(ctx, { target, ...extra }),
  };
  worlds.push(w);
  return w;
}

const accountChecks = (r: ScanReport) => r.checks.filter((c) => c.id.startsWith('account-'));
const codes = (r: ScanReport): FindingCode[] =>
  accountChecks(r).flatMap((c) => c.findings.map((f) => f.code));
const check = (r: ScanReport, id: string) => r.checks.find((c) => c.id === id)!;

function rsaPublicKey(): string {
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = publicKey.export({ format: 'jwk' });
  const str = (b: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(b.length);
    return Buffer.concat([len, b]);
  };
  const mp = (b: Buffer) => (b[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), b]) : b);
  const blob = Buffer.concat([
    str(Buffer.from('ssh-rsa')),
    str(mp(Buffer.from(jwk.e!, 'base64url'))),
    str(mp(Buffer.from(jwk.n!, 'base64url'))),
  ]);
  return `ssh-rsa ${blob.toString('base64')} lab@test`;
}

function allFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(p);
    }
  };
  walk(dir);
  return out;
}

describe('identity', () => {
  it('passes for valid keys and names the identity', async () => {
    const w = await world();
    const r = await w.scan();
    expect(codes(r)).toEqual([]);
    expect(check(r, 'account-identity').status).toBe('pass');
    expect(check(r, 'account-identity').message).toContain(w.id.arn);
    expect(check(r, 'account-repository').status).toBe('pass');
    expect(check(r, 'account-permissions').status).toBe('pass');
    expect(check(r, 'account-clock').status).toBe('pass');
    // The SDK signed for the URL's region and the Lab verified it.
    expect(w.api.calls.find((c) => c.action === 'GetRepository')).toMatchObject({
      status: 200,
      region: REGION,
    });
    expect(w.api.calls.find((c) => c.service === 'iam')?.region).toBe('us-east-1');
  });

  it('expired temporary credentials → aws-credentials-expired', async () => {
    const id = {
      ...makeIdentity(),
      arn: `arn:aws:sts::${LAB_ACCOUNT}:assumed-role/Dev/old`,
      userId: 'AROALABDEV0000000001:old',
      userName: undefined,
      sessionToken: 'IQoJb3JpZ2luLABEXPIRED',
      expired: true,
    };
    const w = await world({ identity: id });
    const r = await w.scan();
    expect(codes(r)).toContain('aws-credentials-expired');
    expect(check(r, 'account-identity').status).toBe('fail');
  });

  it('an invalid access key → aws-identity-unknown', async () => {
    const w = await world({
      profile: { accessKeyId: 'AKIAINVALIDINVALID00', secretAccessKey: 'nope', region: REGION },
    });
    const r = await w.scan();
    expect(codes(r)).toEqual(['aws-identity-unknown']);
    expect(r.findings.find((f) => f.code === 'aws-identity-unknown')?.explanation).toMatch(
      /InvalidClientTokenId/,
    );
    expect(check(r, 'account-repository').status).toBe('skipped');
  });

  it('no credentials at all → aws-identity-unknown without calling AWS', async () => {
    const w = await world({ profile: { region: REGION } });
    const r = await w.scan();
    expect(codes(r)).toEqual(['aws-identity-unknown']);
    expect(w.api.calls).toHaveLength(0);
  });

  it('an expired SSO session → aws-sign-in-expired (from the cache file, also offline) with the exact aws sso login command, once', async () => {
    const w = await world({
      profile: null,
      configure: ({ sb }) => {
        writeFileSync(
          sb.awsConfigPath,
          '[profile work]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = Dev\nregion = us-east-1\n\n' +
            '[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n',
        );
        const cache = join(sb.home, '.aws', 'sso', 'cache');
        mkdirSync(cache, { recursive: true });
        // The CLI's cache file name: sha1 of the sso-session name.
        const name = createHash('sha1').update('corp').digest('hex');
        writeFileSync(
          join(cache, `${name}.json`),
          JSON.stringify({ accessToken: 'SEEDED-SSO-TOKEN-xyz', expiresAt: '2020-01-01T00:00:00Z' }),
        );
        sb.env.AWS_PROFILE = 'work';
      },
    });
    const r = await w.scan();
    const f = r.findings.find((x) => x.code === 'aws-sign-in-expired');
    expect(f).toBeDefined();
    // The account phase knows it too, and does not say it a second time.
    expect(r.findings.filter((x) => x.code === 'aws-credentials-expired')).toEqual([]);
    expect(f?.fixes[0]?.title).toBe('Sign in again: aws sso login --profile work');
    expect(f?.fixes[0]?.steps[0]).toEqual({
      type: 'command',
      argv: ['aws', 'sso', 'login', '--profile', 'work'],
      admin: false,
      note: 'opens your browser to sign in',
    });
    expect(JSON.stringify(r)).not.toContain('SEEDED-SSO-TOKEN');
  });

  it("the SDK never opens the AWS files itself: the process's AWS_CONFIG_FILE a FIFO, the scan is not held", async () => {
    // Every SDK client reads its own settings from the process's AWS_CONFIG_FILE (not the scan's):
    // the engine hands it what its safe reader read instead.
    const w = await world();
    const fifo = join(w.sb.home, 'process-aws-config');
    execFileSync('mkfifo', [fifo]);
    const before = process.env.AWS_CONFIG_FILE;
    process.env.AWS_CONFIG_FILE = fifo;
    try {
      const t0 = performance.now();
      const r = await w.scan();
      expect(performance.now() - t0).toBeLessThan(10_000);
      expect(check(r, 'account-identity').status).toBe('pass');
    } finally {
      if (before === undefined) delete process.env.AWS_CONFIG_FILE;
      else process.env.AWS_CONFIG_FILE = before;
    }
  });

  it('--offline skips every account check with the reason and contacts nobody', async () => {
    const w = await world();
    const r = await w.scan(undefined, { offline: true });
    for (const c of accountChecks(r)) {
      expect(c.status).toBe('skipped');
      // Needed, not run: the sign-in check read the local files and says so.
      expect(c.needed).toBe(true);
      expect(c.message).toMatch(/^--offline: AWS was not contacted/);
    }
    expect(accountChecks(r)).toHaveLength(7);
    expect(w.api.calls).toHaveLength(0);
  });
});

describe('repository region and KMS', () => {
  it('repo in another region → repo-found-in-other-region with the right address; the suggested URL clones', async () => {
    const w = await world({ repoRegion: 'eu-west-1' });
    const r = await w.scan();
    expect(codes(r)).toEqual(['repo-found-in-other-region']);
    const f = r.findings.find((x) => x.code === 'repo-found-in-other-region')!;
    expect(f.explanation).toContain('eu-west-1');
    const to = w.lab.url('eu-west-1', REPO);
    expect(f.fixes[0]?.description).toContain(to);
    // 1 + 28 GetRepository calls: the all-regions search asked every other region once.
    expect(w.api.calls.filter((c) => c.action === 'GetRepository')).toHaveLength(29);
    const clone = await w.sb.git(['clone', to, 'c']);
    expect(clone.code).toBe(0);
  });

  it('folder target: the fix rewrites the remote, then git fetch works', async () => {
    const w = await world({ repoRegion: 'eu-west-1' });
    const wrong = w.lab.url(REGION, REPO);
    const dir = join(w.sb.home, 'work');
    expect((await w.sb.git(['clone', w.lab.url('eu-west-1', REPO), dir])).code).toBe(0);
    await w.sb.git(['-C', dir, 'remote', 'set-url', 'origin', wrong]);
    expect((await w.sb.git(['-C', dir, 'fetch'])).code).not.toBe(0);
    const r = await w.scan({ kind: 'dir', path: dir });
    const offer = r.findings.find((x) => x.code === 'repo-found-in-other-region')?.fixes[0];
    expect(offer?.steps[0]).toMatchObject({
      type: 'remote-set-url',
      remote: 'origin',
      to: w.lab.url('eu-west-1', REPO),
    });
    const ctx = createContext({ env: w.sb.env, home: w.sb.home, cwd: dir });
    const out = await applyFix(ctx, offer!, { journal: Journal.forContext(ctx) });
    expect(out.ok).toBe(true);
    expect((await w.sb.git(['-C', dir, 'fetch'])).code).toBe(0);
  });

  it('a name that exists nowhere → repo-not-found-in-region', async () => {
    const w = await world();
    const r = await w.scan({ kind: 'url', url: w.lab.url(REGION, 'nosuch') });
    expect(codes(r)).toEqual(['repo-not-found-in-region']);
  });

  it('KMS key refused → kms-access-denied', async () => {
    const w = await world({ configure: ({ lab }) => void (lab.state.repos[0]!.kmsAccessDenied = true) });
    const r = await w.scan();
    expect(codes(r)).toContain('kms-access-denied');
  });

  it('a VPC endpoint address → vpce-endpoint (info)', async () => {
    const w = await world();
    const r = await w.scan({ kind: 'url', url: w.lab.url(REGION, REPO, { kind: 'vpce' }) });
    expect(r.findings.find((f) => f.code === 'vpce-endpoint')?.severity).toBe('info');
  });
});

describe('permissions', () => {
  it('GitPull denied → iam-gitpull-denied with the minimal policy for the administrator', async () => {
    const w = await world({ allow: ['codecommit:GetRepository', 'iam:SimulatePrincipalPolicy'] });
    const r = await w.scan();
    expect(codes(r).sort()).toEqual(['iam-gitpull-denied', 'iam-gitpush-denied']);
    const f = r.findings.find((x) => x.code === 'iam-gitpull-denied')!;
    const ev = f.evidence.find((e) => e.kind === 'policy' && e.label === 'Policy for your administrator');
    const policy = JSON.parse((ev as { document: string }).document);
    expect(policy.Statement[0]).toEqual({
      Effect: 'Allow',
      Action: ['codecommit:GitPull', 'codecommit:GitPush'],
      Resource: `arn:aws:codecommit:${REGION}:${LAB_ACCOUNT}:${REPO}`,
    });
    // And the diagnosis matches reality: git gets 403.
    expect((await w.sb.git(['clone', w.lab.url(REGION, REPO), 'c'])).stderr).toMatch(/403/);
  });

  it('explicit deny on push only → iam-gitpush-denied (warning), pull passes', async () => {
    const w = await world({ deny: ['codecommit:GitPush'] });
    const r = await w.scan();
    expect(codes(r)).toEqual(['iam-gitpush-denied']);
    expect(r.findings[0]?.severity ?? r.findings.find((f) => f.code === 'iam-gitpush-denied')?.severity).toBe(
      'warning',
    );
  });

  it('an assumed role is simulated as its role', async () => {
    const id: LabIdentity = {
      arn: `arn:aws:sts::${LAB_ACCOUNT}:assumed-role/Dev/alice`,
      account: LAB_ACCOUNT,
      userId: 'AROALABDEV0000000001:alice',
      accessKeyId: 'ASIALABDEVSESSION001',
      secretAccessKey: randomBytes(20).toString('base64'),
      sessionToken: 'IQoJb3JpZ2luLABSESSION',
    };
    const w = await world({
      identity: id,
      allow: ['codecommit:GetRepository', 'iam:SimulatePrincipalPolicy', 'iam:GetRole'],
    });
    const r = await w.scan();
    expect(codes(r)).toContain('iam-gitpull-denied');
    const ev = r.findings.find((f) => f.code === 'iam-gitpull-denied')!.evidence[0];
    expect(ev).toMatchObject({ detail: `arn:aws:iam::${LAB_ACCOUNT}:role/Dev` });
  });

  it('AccessDenied on simulate → iam-check-not-permitted (info), never a guess', async () => {
    const w = await world({ allow: ['codecommit:GetRepository'] });
    const r = await w.scan();
    expect(codes(r)).toEqual(['iam-check-not-permitted']);
    expect(r.findings.find((f) => f.code === 'iam-check-not-permitted')?.severity).toBe('info');
  });
});

describe('one profile name, two sessions', () => {
  it('the helper with --profile default and without it (environment keys) each sign as their own identity', async () => {
    const bob = makeIdentity(LAB_ACCOUNT, 'bob');
    const other = 'eu-west-1';
    const w = await world({
      repoRegion: other,
      helper: false,
      configure: async ({ lab, sb }) => {
        lab.state.identities.push(bob);
        lab.state.policies.push({
          principalArn: bob.arn,
          effect: 'Allow',
          actions: DEFAULT_ALLOW,
          resources: ['*'],
        });
        // --profile makes the helper ignore environment keys; without it they win (botocore).
        sb.env.AWS_ACCESS_KEY_ID = bob.accessKeyId;
        sb.env.AWS_SECRET_ACCESS_KEY = bob.secretAccessKey;
        const named = AWS_HELPER.replace('credential-helper', 'credential-helper --profile default');
        await sb.configAdd(`credential.https://${lab.hostFor(REGION)}.helper`, named);
        await sb.configAdd(`credential.https://${lab.hostFor(other)}.helper`, AWS_HELPER);
        await sb.configAdd('credential.UseHttpPath', 'true');
      },
    });
    const targets = [REGION, other].flatMap((r) => resolveUrlTarget(w.lab.url(r, REPO)).targets);
    const facts = await probeAccount(w.ctx, {
      targets,
      git: await probeGit(w.ctx),
      awsConfig: await probeAwsConfig(w.ctx),
    });
    expect(facts.profiles.map((p) => [p.profile, p.source, p.identity?.arn])).toEqual([
      ['default', 'helper', w.id.arn],
      ['default', 'default', bob.arn],
    ]);
    expect(facts.targets.map((t) => t.simulation?.policySourceArn)).toEqual([w.id.arn, bob.arn]);
    // Each target's calls carry its own signature: the simulation, and the lookup in eu-west-1
    // (bob's target directly, the first target's all-regions search).
    const signers = (action: string, region: string) =>
      w.api.calls
        .filter((c) => c.action === action && c.region === region)
        .map((c) => c.principal)
        .sort();
    expect(signers('SimulatePrincipalPolicy', 'us-east-1')).toEqual([w.id.arn, bob.arn].sort());
    expect(signers('GetRepository', other)).toEqual([w.id.arn, bob.arn].sort());
  });
});

describe('error paths', () => {
  it('throttling: the checks error with a plain reason after bounded retries', async () => {
    const w = await world({ api: { throttle: () => true } });
    const r = await w.scan();
    expect(check(r, 'account-identity').status).toBe('error');
    expect(check(r, 'account-identity').message).toMatch(/limiting how fast/);
    expect(w.api.calls.filter((c) => c.action === 'GetCallerIdentity')).toHaveLength(3);
    expect(codes(r)).toEqual([]);
  });

  it('network down: error "could not be reached", no finding invented', async () => {
    const w = await world();
    await w.api.setNetwork('refuse');
    const t0 = performance.now();
    const r = await w.scan();
    // A refused connection is not waited out: well under the phase's 30 s deadline, however
    // busy the machine (the scan also starts git and aws locally).
    expect(performance.now() - t0).toBeLessThan(20_000);
    expect(check(r, 'account-identity').status).toBe('error');
    expect(check(r, 'account-identity').message).toMatch(/could not be reached/);
    expect(codes(r)).toEqual([]);
    // The checks that needed AWS say why they did not run, never "not needed".
    for (const id of [
      'account-clock',
      'account-repository',
      'account-permissions',
      'account-git-credentials',
    ])
      expect(check(r, id), id).toMatchObject({ status: 'skipped', needed: true });
    expect(check(r, 'account-repository').message).toBe(
      'AWS could not be asked about any repository (see "Your AWS sign-in").',
    );
  });

  // Only the per-call limits (300 ms + 300 ms) can end this early: the answer of the slow
  // endpoint would take 20 s and the phase deadline is 25 s. So the bound can be generous
  // (10 s, 16x the limits) and still tell a working per-call timeout from a missing one.
  it('a slow or hanging endpoint times out within the limits', async () => {
    for (const mode of ['slow', 'hang'] as const) {
      const w = await world(mode === 'slow' ? { api: { latencyMs: 20_000 } } : {});
      if (mode === 'hang') await w.api.setNetwork('hang');
      const t0 = performance.now();
      const facts = await probeAccount(
        w.ctx,
        {
          targets: (await w.scan(undefined, { offline: true })).targets,
          git: undefined,
          awsConfig: {
            configFile: w.sb.awsConfigPath,
            credentialsFile: w.sb.awsCredentialsPath,
            configFileExists: true,
            credentialsFileExists: true,
            envCredentials: false,
            profiles: [
              {
                name: 'default',
                inConfig: true,
                inCredentials: true,
                region: REGION,
                credentialKind: 'static',
                accessKeyId: w.id.accessKeyId,
                hasSecretKey: true,
                hasSessionToken: false,
              },
            ],
          },
        },
        { limits: { connectMs: 300, requestMs: 300, readAttempts: 1 }, deadlineMs: 25_000 },
      );
      expect(performance.now() - t0, mode).toBeLessThan(10_000);
      expect(facts.profiles[0]?.credentials).toBe('error');
      expect(facts.profiles[0]?.error).toMatch(/in time|could not be reached/);
    }
  }, 60_000);

  it('clock 20 minutes ahead → clock-skew with how to fix it on each OS', async () => {
    const w = await world({ now: () => new Date(Date.now() + 20 * 60_000) });
    const r = await w.scan();
    const f = r.findings.find((x) => x.code === 'clock-skew');
    expect(f?.severity).toBe('error');
    expect(f?.explanation).toMatch(/20 minutes ahead/);
    expect(f?.explanation).toMatch(/Windows.*macOS.*timedatectl/s);
  });
});

describe('Git credentials (HTTPS without the AWS helper)', () => {
  it("missing → create fix → stored by git's store helper → real git clone works; no secret anywhere", async () => {
    const w = await world({
      helper: false,
      configure: ({ sb }) => sb.configAdd('credential.helper', 'store'),
    });
    const url = w.lab.url(REGION, REPO);
    const r = await w.scan();
    expect(codes(r)).toContain('git-credentials-missing');
    const offer = r.findings
      .find((f) => f.code === 'git-credentials-missing')!
      .fixes.find((o) => o.id.includes(':create:'))!;
    expect(offer.applicable).toBe(true);
    // The person asked to see the new password once: it reaches only this callback.
    const shown: { what: string; secret: string }[] = [];
    const out = await applyFix(w.ctx, offer, {
      journal: Journal.forContext(w.ctx),
      revealSecret: async (what, secret) => void shown.push({ what, secret }),
    });
    expect(out.ok).toBe(true);
    const cred = w.lab.state.gitCredentials[0]!;
    expect(shown).toEqual([{ what: expect.stringContaining(cred.serviceUserName), secret: cred.password }]);
    expect(cred.status).toBe('Active');
    expect(readFileSync(join(w.sb.home, '.git-credentials'), 'utf8')).toContain(
      `https://${cred.serviceUserName}:`,
    );
    expect((await w.sb.git(['clone', url, 'c'])).code).toBe(0);

    const after = await w.scan();
    expect(codes(after)).not.toContain('git-credentials-missing');
    const secrets = [cred.password, w.id.secretAccessKey];
    const outputs = [
      JSON.stringify(r),
      JSON.stringify(after),
      JSON.stringify(out),
      renderReport(r, { verbose: true, ascii: true, width: 100 }),
      renderReport(after, { verbose: true, ascii: true, width: 100 }),
      ...allFiles(w.sb.env.CODECOMMIT_DOCTOR_STATE_DIR!).map((f) => readFileSync(f, 'utf8')),
    ];
    for (const s of secrets) for (const o of outputs) expect(o).not.toContain(s);
  });

  it('inactive → activate fix → the stored password clones again', async () => {
    const password = randomBytes(33).toString('base64');
    const w = await world({
      helper: false,
      configure: async ({ lab, sb, id }) => {
        lab.state.gitCredentials.push({
          serviceSpecificCredentialId: 'ACCALAB0000000000001',
          userName: id.userName!,
          serviceUserName: `${id.userName}-at-${id.account}`,
          password,
          status: 'Inactive',
          createDate: new Date().toISOString(),
        });
        await sb.configAdd('credential.helper', 'store');
        await sb.credentialApprove({
          protocol: 'https',
          host: lab.hostFor(REGION),
          username: `${id.userName}-at-${id.account}`,
          password,
        });
      },
    });
    expect((await w.sb.git(['clone', w.lab.url(REGION, REPO), 'c1'])).stderr).toMatch(/403/);
    const r = await w.scan();
    expect(codes(r)).toEqual(['git-credentials-inactive']);
    const offer =
      r.findings[0]?.code === 'git-credentials-inactive'
        ? r.findings[0].fixes[0]
        : r.findings.find((f) => f.code === 'git-credentials-inactive')!.fixes[0];
    expect(offer?.title).toMatch(/Turn on/);
    expect((await applyFix(w.ctx, offer!, { journal: Journal.forContext(w.ctx) })).ok).toBe(true);
    expect((await w.sb.git(['clone', w.lab.url(REGION, REPO), 'c2'])).code).toBe(0);
    expect(JSON.stringify(r)).not.toContain(password);
  });
});

describe('SSH keys', () => {
  function withKey(sb: Sandbox): string {
    const dir = join(sb.home, '.ssh');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const pub = rsaPublicKey();
    writeFileSync(join(dir, 'codecommit_rsa.pub'), `${pub}\n`);
    writeFileSync(join(dir, 'codecommit_rsa'), 'not a real private key\n', { mode: 0o600 });
    return pub;
  }
  const target: TargetInput = {
    kind: 'url',
    url: `ssh://git-codecommit.${REGION}.amazonaws.com/v1/repos/${REPO}`,
  };

  it('not uploaded → upload + Host block fix; the config is backed up and the rescan is clean', async () => {
    let pub = '';
    const w = await world({
      configure: ({ sb }) => {
        pub = withKey(sb);
        writeFileSync(join(sb.home, '.ssh', 'config'), '# mine\nHost github.com\n  User git\n');
      },
    });
    const r = await w.scan(target);
    expect(codes(r)).toEqual(['ssh-key-not-uploaded']);
    const offer = r.findings.find((f) => f.code === 'ssh-key-not-uploaded')!.fixes[0]!;
    expect(offer.steps.map((s) => s.type)).toEqual(['aws-call', 'ssh-config-host']);
    const out = await applyFix(w.ctx, offer, { journal: Journal.forContext(w.ctx) });
    expect(out.error).toBeUndefined();
    expect(out.ok).toBe(true);
    const key = w.lab.state.sshKeys[0]!;
    expect(key.fingerprint).toBe(md5Fingerprint(parseSshPublicKey(pub)!.blob));
    const config = readFileSync(join(w.sb.home, '.ssh', 'config'), 'utf8');
    expect(config).toMatch(
      new RegExp(
        `Host git-codecommit\\.\\*\\.amazonaws\\.com\\n\\s+User ${key.sshPublicKeyId}\\n\\s+IdentityFile ${join(w.sb.home, '.ssh', 'codecommit_rsa')}`,
      ),
    );
    expect(config).toContain('Host github.com\n  User git');
    // Backed up in the journal before the write: undo puts the exact bytes back.
    const journal = Journal.forContext(w.ctx);
    await journal.undo(out.journalId!);
    expect(readFileSync(join(w.sb.home, '.ssh', 'config'), 'utf8')).toBe(
      '# mine\nHost github.com\n  User git\n',
    );
    // IAM keeps the key (not undoable): a rewritten config makes the rescan clean.
    const again = await w.scan(target);
    expect(codes(again)).toEqual([]);
  });

  it('inactive key → ssh-key-inactive, fix activates it', async () => {
    const w = await world({
      configure: ({ sb, lab, id }) => {
        const pub = withKey(sb);
        lab.state.sshKeys.push({
          userName: id.userName!,
          sshPublicKeyId: 'APKALAB0000000000001',
          body: pub,
          fingerprint: md5Fingerprint(parseSshPublicKey(pub)!.blob),
          status: 'Inactive',
          uploadDate: new Date().toISOString(),
        });
        writeFileSync(
          join(sb.home, '.ssh', 'config'),
          `Host git-codecommit.*.amazonaws.com\n  User APKALAB0000000000001\n  IdentityFile ~/.ssh/codecommit_rsa\n`,
        );
      },
    });
    const r = await w.scan(target);
    expect(codes(r)).toEqual(['ssh-key-inactive']);
    const out = await applyFix(w.ctx, r.findings.find((f) => f.code === 'ssh-key-inactive')!.fixes[0]!, {
      journal: Journal.forContext(w.ctx),
    });
    expect(out.ok).toBe(true);
    expect(w.lab.state.sshKeys[0]?.status).toBe('Active');
    expect(codes(await w.scan(target))).toEqual([]);
  });

  it('User is another key ID → ssh-user-mismatch, fix writes the right one', async () => {
    const w = await world({
      configure: ({ sb, lab, id }) => {
        const pub = withKey(sb);
        lab.state.sshKeys.push({
          userName: id.userName!,
          sshPublicKeyId: 'APKALAB0000000000002',
          body: pub,
          fingerprint: md5Fingerprint(parseSshPublicKey(pub)!.blob),
          status: 'Active',
          uploadDate: new Date().toISOString(),
        });
        writeFileSync(
          join(sb.home, '.ssh', 'config'),
          `Host git-codecommit.*.amazonaws.com\n  User APKAOTHER00000000009\n  IdentityFile ~/.ssh/codecommit_rsa\n`,
        );
      },
    });
    const r = await w.scan(target);
    expect(codes(r)).toEqual(['ssh-user-mismatch']);
    const out = await applyFix(w.ctx, r.findings.find((f) => f.code === 'ssh-user-mismatch')!.fixes[0]!, {
      journal: Journal.forContext(w.ctx),
    });
    expect(out.ok).toBe(true);
    expect(readFileSync(join(w.sb.home, '.ssh', 'config'), 'utf8')).toContain('User APKALAB0000000000002');
    expect(codes(await w.scan(target))).toEqual([]);
  });
});

describe('a recording holds the account phase whole (diagnose --record / --replay)', () => {
  it('replayed with the Lab stopped, it reports what AWS said; with details hidden, the same redacted', async () => {
    const w = await world({ deny: ['codecommit:GitPull', 'codecommit:GitPush'], repoRegion: 'eu-west-1' });
    const target: TargetInput = { kind: 'url', url: w.lab.url(REGION, REPO) };
    const shown = await recordScan(w.ctx, target, SHOW_EVERYTHING, false);
    const hidden = await recordScan(
      w.ctx,
      target,
      { hideAccounts: true, hideHome: true, hideRepoNames: true },
      false,
    );
    expect(codes(shown.report)).toEqual(expect.arrayContaining(['repo-found-in-other-region']));
    expect(hidden.json).not.toContain(LAB_ACCOUNT);
    expect(hidden.json).not.toContain(w.id.accessKeyId);
    // Nothing answers any more: a replay that asked AWS (or the Lab's git) would fail.
    const calls = w.api.calls.length;
    await w.api.stop();
    await w.lab.stop();
    const replayed = await replayScan(shown.recording);
    expect(replayed.replay?.notRecorded).toEqual([]);
    expect(comparable(replayed)).toEqual(comparable(shown.report));
    const redacted = await replayScan(hidden.recording);
    expect(comparable(redacted)).toEqual(comparable(hidden.redactor.value(hidden.report)));
    expect(w.api.calls.length).toBe(calls);
  });
});
