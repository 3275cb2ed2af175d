import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createContext } from '../../electron/engine/context';
import { applyFix } from '../../electron/engine/fixes/apply';
import { Journal } from '../../electron/engine/fixes/journal';
import type { ScanReport } from '../../electron/engine/model';
import { runScan } from '../../electron/engine/scan';
import { startAwsApi, type AwsApi } from '../lab/aws-api/server';
import { disposeLabCaches, startLab, type Lab } from '../lab/git-server';
import { createSandbox, type Sandbox } from '../lab/sandbox';
import { LAB_ACCOUNT, makeIdentity } from '../lab/scenarios';
import { codesOf, removeSandboxes, scanSandbox } from '../support/scan-sandbox';

// Issue 12 §2 cause 5: a codecommit:// address without profile@ signs with the default profile
// (or AWS_PROFILE), often another account (aws/git-remote-codecommit#24). Offline the doctor says
// which profile signs when there is a choice; online it asks each other profile GetRepository
// (the Lab's AWS API, SigV4-checked) and rewrites the remote to the one that sees it.

afterAll(removeSandboxes);

const TWO =
  '[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = seeded-1\n' +
  '[work]\naws_access_key_id = AKIAI44QH8DHBEXAMPLE\naws_secret_access_key = seeded-2\n';
const CONFIG = '[default]\nregion = us-east-2\n[profile work]\nregion = us-east-2\n';

describe('which profile signs (offline, from the files)', () => {
  const scan = (url: string, extra: { awsCredentials?: string; env?: Record<string, string> } = {}) =>
    scanSandbox(
      {
        awsConfig: CONFIG,
        awsCredentials: extra.awsCredentials ?? TWO,
        ...(extra.env ? { env: extra.env } : {}),
        repo: { remotes: { origin: url } },
      },
      (home) => ({ kind: 'dir', path: join(home, 'repo') }),
    );

  it('codecommit::us-east-2://demo with profiles default and work: says the default profile signs, naming work', async () => {
    const r = await scan('codecommit::us-east-2://demo');
    const f = r.findings.find((x) => x.code === 'codecommit-default-profile');
    expect(f?.severity).toBe('info');
    expect(f?.explanation).toMatch(
      /signs in with profile "default": access keys\. Your other profiles: work\./,
    );
    expect(f?.plain).toMatch(/default one is used/);
  });

  it('AWS_PROFILE=work: says work signs, and why', async () => {
    const r = await scan('codecommit://demo', { env: { AWS_PROFILE: 'work' } });
    const f = r.findings.find((x) => x.code === 'codecommit-default-profile');
    expect(f?.explanation).toMatch(
      /profile "work": access keys \(AWS_PROFILE names it\)\. Your other profiles: default\./,
    );
  });

  it('controls: an address that names its profile, or a single profile, says nothing', async () => {
    expect(codesOf(await scan('codecommit::us-east-2://work@demo'))).not.toContain(
      'codecommit-default-profile',
    );
    const one = await scan('codecommit::us-east-2://demo', {
      awsCredentials: '[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = s\n',
    });
    expect(codesOf(one)).not.toContain('codecommit-default-profile');
  });
});

describe('which profile sees the repository (online, the Lab)', () => {
  const REGION = 'us-east-1';
  const OTHER_ACCOUNT = '222233334444';
  let lab: Lab;
  let api: AwsApi;
  let sb: Sandbox;
  let secrets: string[] = [];
  afterEach(async () => {
    await api.stop();
    await sb.cleanup();
    await lab.stop();
  });
  afterAll(() => disposeLabCaches());

  async function setUp(
    withDefault = true,
    repo = 'demo',
  ): Promise<{ dir: string; scan: () => Promise<ScanReport> }> {
    lab = await startLab();
    const bob = makeIdentity(OTHER_ACCOUNT, 'bob');
    const alice = makeIdentity(LAB_ACCOUNT, 'alice');
    const carol = makeIdentity(OTHER_ACCOUNT, 'carol');
    lab.state.identities.push(bob, alice, carol);
    secrets = [bob, alice, carol].map((id) => id.secretAccessKey);
    for (const id of [bob, alice, carol])
      lab.state.policies.push({
        principalArn: id.arn,
        effect: 'Allow',
        actions: ['codecommit:*'],
        resources: ['*'],
      });
    await lab.addRepo({ name: 'demo', region: REGION, account: LAB_ACCOUNT });
    api = await startAwsApi(lab.state, {});
    const keys = (id: typeof bob) => ({
      accessKeyId: id.accessKeyId,
      secretAccessKey: id.secretAccessKey,
      region: REGION,
    });
    sb = createSandbox(lab, {
      awsProfiles: {
        ...(withDefault ? { default: keys(bob) } : {}),
        work: keys(alice),
        sandbox: keys(carol),
      },
      env: { AWS_ENDPOINT_URL: api.url },
    });
    sb.env.CODECOMMIT_DOCTOR_STATE_DIR = join(sb.home, '.doctor-state');
    const dir = join(sb.home, 'repo');
    expect((await sb.git(['init', '-q', dir])).code).toBe(0);
    expect(
      (await sb.git(['-C', dir, 'remote', 'add', 'origin', `codecommit::${REGION}://${repo}`])).code,
    ).toBe(0);
    const ctx = createContext({
      env: sb.env,
      home: sb.home,
      cwd: dir,
      lookupHost: async () => ['127.0.0.1'],
    });
    return { dir, scan: () => runScan(ctx, { target: { kind: 'dir', path: dir } }) };
  }

  it('the default profile (another account) misses it, profile work sees it: the remote is rewritten to work@, journaled and undoable', async () => {
    const { dir, scan } = await setUp();
    const r = await scan();
    const f = r.findings.find((x) => x.code === 'codecommit-repo-in-other-profile');
    expect(f?.severity).toBe('error');
    expect(f?.explanation).toMatch(
      new RegExp(
        `profile "default" \\(arn:aws:iam::${OTHER_ACCOUNT}:user/bob\\), which has no repository of this name there\\. Your profile "work" can see "demo" in us-east-1`,
      ),
    );
    // The profile check explains it: no "does not exist" beside it.
    expect(codesOf(r)).not.toContain('repo-not-found-in-region');
    // Read-only: only GetRepository (and STS for the signer) went out; sandbox (carol) was asked too.
    const actions = new Set(api.calls.map((c) => c.action));
    expect(
      [...actions].every((a) =>
        /^(GetRepository|GetCallerIdentity|SimulatePrincipalPolicy|GetUser|List\w+|GetRole)$/.test(a ?? ''),
      ),
    ).toBe(true);
    expect(f?.evidence).toContainEqual({ kind: 'text', label: 'Does not see it', detail: 'sandbox' });
    for (const secret of secrets) expect(JSON.stringify(r)).not.toContain(secret);
    const offer = f?.fixes[0];
    expect(offer).toMatchObject({ kind: 'fix' });
    expect(offer?.steps[0]).toMatchObject({
      type: 'remote-set-url',
      remote: 'origin',
      from: `codecommit::${REGION}://demo`,
      to: `codecommit::${REGION}://work@demo`,
    });
    const ctx = createContext({ env: sb.env, home: sb.home, cwd: dir });
    const journal = Journal.forContext(ctx);
    const out = await applyFix(ctx, offer!, { journal });
    expect(out.ok).toBe(true);
    expect((await sb.git(['-C', dir, 'remote', 'get-url', 'origin'])).stdout.trim()).toBe(
      `codecommit::${REGION}://work@demo`,
    );
    const again = await scan();
    expect(codesOf(again)).not.toContain('codecommit-repo-in-other-profile');
    await journal.undo(out.journalId!);
    expect((await sb.git(['-C', dir, 'remote', 'get-url', 'origin'])).stdout.trim()).toBe(
      `codecommit::${REGION}://demo`,
    );
  });

  it('no default profile at all (nothing signs): the search still names work', async () => {
    const { scan } = await setUp(false);
    const r = await scan();
    expect(codesOf(r)).toContain('aws-profile-no-credentials');
    const f = r.findings.find((x) => x.code === 'codecommit-repo-in-other-profile');
    expect(f?.explanation).toMatch(
      /profile "default", which could not sign in\. Your profile "work" can see "demo"/,
    );
    expect(f?.fixes[0]?.steps[0]).toMatchObject({ to: 'codecommit::us-east-1://work@demo' });
  });

  it('nobody sees it: says so, and a profile that would want an MFA code is not opened', async () => {
    const { scan } = await setUp(true, 'nosuch');
    appendFileSync(
      join(sb.home, '.aws', 'config'),
      `[profile admin]\nrole_arn = arn:aws:iam::${LAB_ACCOUNT}:role/Admin\nsource_profile = work\nmfa_serial = arn:aws:iam::${LAB_ACCOUNT}:mfa/alice\n`,
    );
    const r = await scan();
    expect(codesOf(r)).not.toContain('codecommit-repo-in-other-profile');
    expect(codesOf(r)).toContain('repo-not-found-in-region');
    expect(r.checks.find((c) => c.id === 'account-profile')?.message).toMatch(
      /none of your other profiles sees "nosuch" in us-east-1 \(not asked, .* MFA code: admin\)/,
    );
    expect(api.calls.some((c) => c.action === 'AssumeRole')).toBe(false);
  });
});
