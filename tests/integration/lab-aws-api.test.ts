import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAwsApi, type AwsApi } from '../lab/aws-api/server';
import { signRequest } from '../lab/aws-api/sigv4';
import { md5Fingerprint, parseSshPublicKey } from '../lab/aws-api/ssh-key';
import { verifyGitPassword } from '../lab/sigv4-git';
import { emptyState, type LabIdentity, type LabState } from '../lab/state';

// Proves the Lab's AWS API speaks the real wire protocols: every operation goes through the
// real AWS CLI (Debian's /usr/bin/aws 2.9.19, never the pyenv shim), which must parse the
// replies. HOME, config and credentials files are throwaway; a closed local proxy makes any
// request that would leave for real AWS fail at once instead of reaching the Internet.

const AWS = '/usr/bin/aws';
const ACCOUNT = '111122223333';
const REGION = 'us-east-1';

function user(name: string, n: number): LabIdentity {
  return {
    arn: `arn:aws:iam::${ACCOUNT}:user/${name}`,
    account: ACCOUNT,
    userId: `AIDALAB${String(n).padStart(13, '0')}`,
    userName: name,
    accessKeyId: `AKIALAB${name.toUpperCase().padEnd(13, 'X')}`,
    secretAccessKey: `lab-secret-${name}-${n}`,
  };
}

const alice = user('alice', 1);
const bob = user('bob', 2);
const carol = user('carol', 3);
const dave = user('dave', 4);
/** Only the endpoint-selection test uses erin, so its calls can be counted alone. */
const erin = user('erin', 5);
const devSession: LabIdentity = {
  arn: `arn:aws:sts::${ACCOUNT}:assumed-role/Dev/alice-session`,
  account: ACCOUNT,
  userId: 'AROALABDEVROLE0000001:alice-session',
  accessKeyId: 'ASIALABDEVSESSION0001',
  secretAccessKey: 'lab-secret-dev-session',
  sessionToken: 'IQoJb3JpZ2luX2VjLABSESSIONTOKEN',
};
const expiredSession: LabIdentity = {
  ...devSession,
  arn: `arn:aws:sts::${ACCOUNT}:assumed-role/Dev/old-session`,
  userId: 'AROALABDEVROLE0000001:old-session',
  accessKeyId: 'ASIALABEXPIRED000001',
  sessionToken: 'IQoJb3JpZ2luX2VjLABEXPIRED',
  expired: true,
};
const ROLE_DEV = `arn:aws:iam::${ACCOUNT}:role/Dev`;
const DEMO_ARN = `arn:aws:codecommit:${REGION}:${ACCOUNT}:demo`;

function buildState(): LabState {
  const s = emptyState();
  s.identities.push(alice, bob, carol, dave, erin, devSession, expiredSession);
  const self = (u: LabIdentity) => ({
    principalArn: u.arn,
    effect: 'Allow' as const,
    actions: ['iam:Get*', 'iam:List*', 'iam:*ServiceSpecificCredential', 'iam:*SSHPublicKey'],
    resources: [u.arn],
  });
  s.policies.push(
    self(alice),
    self(carol),
    self(dave),
    {
      principalArn: alice.arn,
      effect: 'Allow',
      actions: [
        'codecommit:GitPull',
        'codecommit:GetRepository',
        'iam:SimulatePrincipalPolicy',
        'iam:GetRole',
      ],
      resources: ['*'],
    },
    { principalArn: alice.arn, effect: 'Deny', actions: ['codecommit:GitPush'], resources: [DEMO_ARN] },
    // bob: everything explicitly denied — yet STS GetCallerIdentity still answers.
    { principalArn: bob.arn, effect: 'Deny', actions: ['*'], resources: ['*'] },
    {
      principalArn: ROLE_DEV,
      effect: 'Allow',
      actions: ['codecommit:Git*', 'codecommit:GetRepository'],
      resources: ['*'],
    },
  );
  s.repos.push(
    { name: 'demo', region: REGION, account: ACCOUNT, gitDir: '' },
    { name: 'eu-only', region: 'eu-west-1', account: ACCOUNT, gitDir: '' },
    { name: 'locked', region: REGION, account: ACCOUNT, gitDir: '', kmsKeyId: 'k-1', kmsAccessDenied: true },
  );
  return s;
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

let home = '';

/**
 * Each CLI start costs about a second of CPU: running more at once than there are cores
 * only makes every one of them slower (and the whole file no faster).
 */
const MAX_PARALLEL_CLI = Math.max(2, availableParallelism());
let running = 0;
const waiting: (() => void)[] = [];
async function slot<T>(fn: () => Promise<T>): Promise<T> {
  if (running >= MAX_PARALLEL_CLI) await new Promise<void>((r) => waiting.push(r));
  running++;
  try {
    return await fn();
  } finally {
    running--;
    waiting.shift()?.();
  }
}
let closedPort = 0;

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

/** Environment built from nothing: no inherited AWS_*, PATH with /usr/bin first. */
function awsEnv(who: LabIdentity | null, extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {
    PATH: '/usr/bin:/bin',
    HOME: home,
    LANG: 'C.UTF-8',
    AWS_CONFIG_FILE: join(home, 'aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'aws-credentials'),
    AWS_REGION: REGION,
    AWS_PAGER: '',
    AWS_CLI_AUTO_PROMPT: 'off',
    HTTP_PROXY: `http://127.0.0.1:${closedPort}`,
    HTTPS_PROXY: `http://127.0.0.1:${closedPort}`,
    NO_PROXY: '127.0.0.1',
  };
  if (who) {
    env.AWS_ACCESS_KEY_ID = who.accessKeyId;
    env.AWS_SECRET_ACCESS_KEY = who.secretAccessKey;
    if (who.sessionToken) env.AWS_SESSION_TOKEN = who.sessionToken;
  }
  return { ...env, ...extra };
}

function aws(
  api: AwsApi | null,
  who: LabIdentity | null,
  args: string[],
  extraEnv: Record<string, string> = {},
): Promise<Run> {
  const endpoint = api ? ['--endpoint-url', api.url] : [];
  return slot(
    () =>
      new Promise<Run>((resolve) => {
        execFile(
          AWS,
          [...endpoint, '--output', 'json', ...args],
          { env: awsEnv(who, extraEnv), timeout: 60_000 },
          (err, stdout, stderr) => {
            const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
            resolve({ code, stdout: String(stdout), stderr: String(stderr) });
          },
        );
      }),
  );
}

function json(run: Run): Record<string, unknown> {
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as Record<string, unknown>;
}

function rsaPublicKey(bits: number): string {
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: bits });
  const parsed = parseSshPublicKey(publicKey.export({ type: 'spki', format: 'pem' }).toString());
  if (!parsed) throw new Error('could not convert the generated key');
  return `${parsed.openssh} lab@test`;
}

let state: LabState;
let api: AwsApi;

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'lab-aws-api-'));
  writeFileSync(join(home, 'aws-config'), '');
  writeFileSync(join(home, 'aws-credentials'), '');
  closedPort = await freePort();
  state = buildState();
  api = await startAwsApi(state);
});

afterAll(async () => {
  await api?.stop();
  if (home) rmSync(home, { recursive: true, force: true });
});

// Concurrent tests queue for CLI slots, so a test's clock includes its wait.
describe.concurrent('Lab AWS API through the real AWS CLI 2.9.19', { timeout: 120_000 }, () => {
  it('sts get-caller-identity parses for a user, a role session and under an explicit deny', async () => {
    const [a, d, b] = await Promise.all([
      aws(api, alice, ['sts', 'get-caller-identity']),
      aws(api, devSession, ['sts', 'get-caller-identity']),
      aws(api, bob, ['sts', 'get-caller-identity']),
    ]);
    expect(json(a)).toEqual({ UserId: alice.userId, Account: ACCOUNT, Arn: alice.arn });
    expect(json(d)).toEqual({ UserId: devSession.userId, Account: ACCOUNT, Arn: devSession.arn });
    expect(json(b).Arn).toBe(bob.arn);
    const sts = api.calls.filter((c) => c.service === 'sts' && c.action === 'GetCallerIdentity');
    expect(sts.map((c) => c.principal)).toEqual(expect.arrayContaining([alice.arn, devSession.arn, bob.arn]));
  });

  it('iam get-user, get-role and the AccessDenied / NoSuchEntity / ValidationError texts', async () => {
    const [me, role, denied, missing, roleless] = await Promise.all([
      aws(api, alice, ['iam', 'get-user']),
      aws(api, alice, ['iam', 'get-role', '--role-name', 'Dev']),
      aws(api, bob, ['iam', 'get-user']),
      aws(api, alice, ['iam', 'get-role', '--role-name', 'Nope']),
      aws(api, devSession, ['iam', 'get-user']),
    ]);
    const u = json(me).User as Record<string, unknown>;
    expect(u).toMatchObject({ UserName: 'alice', Arn: alice.arn, UserId: alice.userId, Path: '/' });
    const r = json(role).Role as Record<string, unknown>;
    expect(r).toMatchObject({ RoleName: 'Dev', Arn: ROLE_DEV, RoleId: 'AROALABDEVROLE0000001' });
    // The CLI URL-decodes AssumeRolePolicyDocument, as it does for real IAM.
    expect(r.AssumeRolePolicyDocument).toMatchObject({ Version: '2012-10-17' });
    expect(denied.code).toBe(254);
    expect(denied.stderr.trim()).toBe(
      `An error occurred (AccessDenied) when calling the GetUser operation: User: ${bob.arn} is not authorized ` +
        `to perform: iam:GetUser on resource: ${bob.arn} with an explicit deny in an identity-based policy`,
    );
    expect(missing.stderr).toContain(
      'An error occurred (NoSuchEntity) when calling the GetRole operation: The role with name Nope cannot be found.',
    );
    expect(roleless.stderr).toContain(
      'An error occurred (ValidationError) when calling the GetUser operation',
    );
  });

  it('iam simulate-principal-policy answers allowed / explicitDeny / implicitDeny, and AccessDenied without the permission', async () => {
    const [mine, dev, denied] = await Promise.all([
      aws(api, alice, [
        'iam',
        'simulate-principal-policy',
        '--policy-source-arn',
        alice.arn,
        '--action-names',
        'codecommit:GitPull',
        'codecommit:GitPush',
        'codecommit:DeleteRepository',
        '--resource-arns',
        DEMO_ARN,
      ]),
      aws(api, alice, [
        'iam',
        'simulate-principal-policy',
        '--policy-source-arn',
        ROLE_DEV,
        '--action-names',
        'codecommit:GitPush',
        '--resource-arns',
        DEMO_ARN,
      ]),
      aws(api, bob, [
        'iam',
        'simulate-principal-policy',
        '--policy-source-arn',
        bob.arn,
        '--action-names',
        'codecommit:GitPull',
      ]),
    ]);
    const results = json(mine).EvaluationResults as Record<string, unknown>[];
    expect(results.map((x) => [x.EvalActionName, x.EvalResourceName, x.EvalDecision])).toEqual([
      ['codecommit:GitPull', DEMO_ARN, 'allowed'],
      ['codecommit:GitPush', DEMO_ARN, 'explicitDeny'],
      ['codecommit:DeleteRepository', DEMO_ARN, 'implicitDeny'],
    ]);
    expect((json(dev).EvaluationResults as Record<string, unknown>[])[0]?.EvalDecision).toBe('allowed');
    expect(denied.stderr.trim()).toMatch(
      /^An error occurred \(AccessDenied\) when calling the SimulatePrincipalPolicy operation: User: arn:aws:iam::111122223333:user\/bob is not authorized to perform: iam:SimulatePrincipalPolicy/,
    );
  });

  it('codecommit get-repository: clone URLs, region of the signature, KMS and access errors', async () => {
    const [ok, otherRegion, euOk, kms, denied, session] = await Promise.all([
      aws(api, alice, ['codecommit', 'get-repository', '--repository-name', 'demo']),
      aws(api, alice, ['codecommit', 'get-repository', '--repository-name', 'demo'], {
        AWS_REGION: 'eu-west-1',
      }),
      aws(api, alice, [
        'codecommit',
        'get-repository',
        '--repository-name',
        'eu-only',
        '--region',
        'eu-west-1',
      ]),
      aws(api, alice, ['codecommit', 'get-repository', '--repository-name', 'locked']),
      aws(api, bob, ['codecommit', 'get-repository', '--repository-name', 'demo']),
      aws(api, devSession, ['codecommit', 'get-repository', '--repository-name', 'demo']),
    ]);
    const meta = json(ok).repositoryMetadata as Record<string, unknown>;
    expect(meta).toMatchObject({
      accountId: ACCOUNT,
      repositoryName: 'demo',
      Arn: DEMO_ARN,
      cloneUrlHttp: 'https://git-codecommit.us-east-1.amazonaws.com/v1/repos/demo',
      cloneUrlSsh: 'ssh://git-codecommit.us-east-1.amazonaws.com/v1/repos/demo',
    });
    expect(meta.repositoryId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    // 2.9.19's model predates kmsKeyId (2024): the CLI drops the member (checked raw below).
    expect(meta.kmsKeyId).toBeUndefined();
    expect(otherRegion.stderr.trim()).toBe(
      'An error occurred (RepositoryDoesNotExistException) when calling the GetRepository operation: demo does not exist',
    );
    expect((json(euOk).repositoryMetadata as Record<string, unknown>).cloneUrlHttp).toBe(
      'https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/eu-only',
    );
    expect(kms.stderr).toContain(
      'An error occurred (EncryptionKeyAccessDeniedException) when calling the GetRepository operation: An encryption key could not be accessed.',
    );
    expect(denied.stderr).toContain(
      'An error occurred (AccessDeniedException) when calling the GetRepository operation: User: ',
    );
    expect((json(session).repositoryMetadata as Record<string, unknown>).Arn).toBe(DEMO_ARN);
    const regions = api.calls
      .filter((c) => c.action === 'GetRepository' && c.principal === alice.arn)
      .map((c) => c.region);
    expect(regions).toEqual(expect.arrayContaining(['us-east-1', 'eu-west-1']));
  });

  it('SigV4 failures: unknown key, bad secret, wrong session token, expired session (query and JSON flavours)', async () => {
    const stranger = { ...user('mallory', 9), accessKeyId: 'AKIALABUNKNOWN000001' };
    const [unknown, badSecret, badToken, expired, ccUnknown, ccBadSecret] = await Promise.all([
      aws(api, stranger, ['iam', 'get-user']),
      aws(api, { ...alice, secretAccessKey: 'wrong' }, ['sts', 'get-caller-identity']),
      aws(api, { ...devSession, sessionToken: 'IQoJ-other' }, ['sts', 'get-caller-identity']),
      aws(api, expiredSession, ['sts', 'get-caller-identity']),
      aws(api, stranger, ['codecommit', 'get-repository', '--repository-name', 'demo']),
      aws(api, { ...alice, secretAccessKey: 'wrong' }, [
        'codecommit',
        'get-repository',
        '--repository-name',
        'demo',
      ]),
    ]);
    expect(unknown.stderr.trim()).toBe(
      'An error occurred (InvalidClientTokenId) when calling the GetUser operation: The security token included in the request is invalid.',
    );
    expect(badSecret.stderr).toContain(
      'An error occurred (SignatureDoesNotMatch) when calling the GetCallerIdentity operation: The request signature we calculated does not match',
    );
    expect(badToken.stderr).toContain('(InvalidClientTokenId) when calling the GetCallerIdentity operation');
    expect(expired.stderr.trim()).toBe(
      'An error occurred (ExpiredToken) when calling the GetCallerIdentity operation: The security token included in the request is expired',
    );
    expect(ccUnknown.stderr).toContain(
      'An error occurred (UnrecognizedClientException) when calling the GetRepository operation',
    );
    expect(ccBadSecret.stderr).toContain(
      'An error occurred (InvalidSignatureException) when calling the GetRepository operation',
    );
  });

  it('raw wire: XML namespaces and statuses, JSON __type, kmsKeyId, signatures out of the 15-minute window', async () => {
    const post = async (service: string, body: string, extra: Record<string, string>, date?: Date) => {
      const host = new URL(api.url).host;
      const headers = signRequest({
        method: 'POST',
        url: '/',
        headers: { host, ...extra },
        body,
        region: REGION,
        service,
        identity: alice,
        date,
      });
      const res = await fetch(`${api.url}/`, { method: 'POST', headers, body });
      return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
    };
    const form = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };
    const jsonCt = {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': 'CodeCommit_20150413.GetRepository',
    };
    const [who, noUser, repo, noRepo, stale] = await Promise.all([
      post('sts', 'Action=GetCallerIdentity&Version=2011-06-15', form),
      post('iam', 'Action=GetRole&Version=2010-05-08&RoleName=Nope', form),
      post('codecommit', '{"repositoryName":"demo"}', jsonCt),
      post('codecommit', '{"repositoryName":"zzz"}', jsonCt),
      post('iam', 'Action=GetUser&Version=2010-05-08', form, new Date(Date.now() - 20 * 60 * 1000)),
    ]);
    expect(who.status).toBe(200);
    expect(who.text).toMatch(
      /^<GetCallerIdentityResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/"><GetCallerIdentityResult>.*<\/GetCallerIdentityResult><ResponseMetadata><RequestId>[0-9a-f-]{36}<\/RequestId><\/ResponseMetadata><\/GetCallerIdentityResponse>/,
    );
    expect(noUser.status).toBe(404);
    expect(noUser.text).toContain(
      '<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type><Code>NoSuchEntity</Code>',
    );
    expect(repo.type).toBe('application/x-amz-json-1.1');
    expect(
      (JSON.parse(repo.text) as { repositoryMetadata: { kmsKeyId: string } }).repositoryMetadata.kmsKeyId,
    ).toBe('alias/aws/codecommit');
    expect(noRepo.status).toBe(400);
    expect(JSON.parse(noRepo.text)).toEqual({
      __type: 'RepositoryDoesNotExistException',
      message: 'zzz does not exist',
    });
    expect(stale.status).toBe(403);
    expect(stale.text).toMatch(
      /<Code>SignatureDoesNotMatch<\/Code><Message>Signature expired: \d{8}T\d{6}Z is now earlier than/,
    );
  });

  it('Git credentials: create ×2 then LimitExceeded, list hides passwords, update and reset change the shared state', async () => {
    const create = () =>
      aws(api, carol, [
        'iam',
        'create-service-specific-credential',
        '--user-name',
        'carol',
        '--service-name',
        'codecommit.amazonaws.com',
      ]);
    const first = json(await create()).ServiceSpecificCredential as Record<string, string>;
    const second = json(await create()).ServiceSpecificCredential as Record<string, string>;
    const third = await create();
    expect(first).toMatchObject({
      ServiceUserName: `carol-at-${ACCOUNT}`,
      Status: 'Active',
      UserName: 'carol',
    });
    expect(second.ServiceUserName).toBe(`carol+1-at-${ACCOUNT}`);
    expect(first.ServiceSpecificCredentialId).toMatch(/^ACCA[A-Z0-9]{17}$/);
    expect(first.ServicePassword).toHaveLength(44);
    expect(third.stderr.trim()).toBe(
      'An error occurred (LimitExceeded) when calling the CreateServiceSpecificCredential operation: ' +
        'Cannot exceed quota for ServiceSpecificCredentialsPerUserPerService: 2',
    );
    const firstId = first.ServiceSpecificCredentialId!;
    const secondId = second.ServiceSpecificCredentialId!;
    const [update, reset, wrongService] = await Promise.all([
      aws(api, carol, [
        'iam',
        'update-service-specific-credential',
        '--service-specific-credential-id',
        firstId,
        '--status',
        'Inactive',
      ]),
      aws(api, carol, [
        'iam',
        'reset-service-specific-credential',
        '--service-specific-credential-id',
        secondId,
      ]),
      aws(api, carol, [
        'iam',
        'create-service-specific-credential',
        '--user-name',
        'carol',
        '--service-name',
        'nope.amazonaws.com',
      ]),
    ]);
    expect(update).toEqual({ code: 0, stdout: '', stderr: '' });
    const newPassword = (json(reset).ServiceSpecificCredential as Record<string, string>).ServicePassword!;
    expect(newPassword).not.toBe(second.ServicePassword);
    expect(wrongService.stderr).toContain('(NotSupportedService)');

    const list = await aws(api, carol, ['iam', 'list-service-specific-credentials', '--user-name', 'carol']);
    expect(list.stdout).not.toContain('ServicePassword');
    const listed = json(list).ServiceSpecificCredentials as Record<string, string>[];
    expect(listed.map((c) => [c.ServiceSpecificCredentialId, c.Status])).toEqual([
      [firstId, 'Inactive'],
      [secondId, 'Active'],
    ]);
    // The git endpoint sees the same state: the reset password works, the old one no longer does.
    const git = (username: string, password: string) =>
      verifyGitPassword(state, {
        username,
        password,
        host: 'git-codecommit.us-east-1.amazonaws.com',
        repoPath: '/v1/repos/demo',
      });
    expect(git(`carol+1-at-${ACCOUNT}`, newPassword)).toMatchObject({ ok: true, via: 'git-credentials' });
    expect(git(`carol+1-at-${ACCOUNT}`, second.ServicePassword!)).toMatchObject({
      ok: false,
      reason: 'git-credential-bad-password',
    });
    expect(git(`carol-at-${ACCOUNT}`, first.ServicePassword!)).toMatchObject({
      ok: false,
      reason: 'git-credential-inactive',
    });
  });

  it('SSH keys: upload with the ssh-keygen MD5 fingerprint, duplicate, limit of 5, invalid keys, get as PEM, update', async () => {
    const keys = Array.from({ length: 6 }, () => rsaPublicKey(2048));
    const upload = (body: string) =>
      aws(api, dave, ['iam', 'upload-ssh-public-key', '--user-name', 'dave', '--ssh-public-key-body', body]);
    const k0 = json(await upload(keys[0]!)).SSHPublicKey as Record<string, string>;
    expect(k0.SSHPublicKeyId).toMatch(/^APKA[A-Z0-9]{17}$/);
    expect(k0.Status).toBe('Active');
    // Same digest `ssh-keygen -l -E md5` prints for the key.
    const keyFile = join(home, 'k0.pub');
    writeFileSync(keyFile, keys[0]! + '\n');
    const keygen = await new Promise<string>((resolve) =>
      execFile('/usr/bin/ssh-keygen', ['-l', '-E', 'md5', '-f', keyFile], (_e, out) => resolve(String(out))),
    );
    expect(keygen).toContain(`MD5:${k0.Fingerprint}`);
    expect(state.sshKeys.find((k) => k.sshPublicKeyId === k0.SSHPublicKeyId)?.fingerprint).toBe(
      k0.Fingerprint,
    );

    const small = rsaPublicKey(1024);
    const ed25519 = generateKeyPairSync('ed25519')
      .publicKey.export({ type: 'spki', format: 'pem' })
      .toString();
    const [dup, ...rest] = await Promise.all([
      upload(keys[0]!),
      upload(keys[1]!),
      upload(keys[2]!),
      upload(keys[3]!),
      upload(keys[4]!),
      upload(small),
      upload(ed25519),
    ]);
    expect(dup.stderr).toContain(
      'An error occurred (DuplicateSSHPublicKey) when calling the UploadSSHPublicKey operation',
    );
    for (const r of rest.slice(0, 4)) expect(r.code).toBe(0);
    for (const r of rest.slice(4)) {
      expect(r.stderr).toContain(
        'An error occurred (InvalidPublicKey) when calling the UploadSSHPublicKey operation',
      );
    }
    const sixth = await upload(keys[5]!);
    expect(sixth.stderr.trim()).toBe(
      'An error occurred (LimitExceeded) when calling the UploadSSHPublicKey operation: Cannot exceed quota for SSHPublicKeysPerUser: 5',
    );

    const [list, pem, ssh, upd, missing] = await Promise.all([
      aws(api, dave, ['iam', 'list-ssh-public-keys', '--user-name', 'dave']),
      aws(api, dave, [
        'iam',
        'get-ssh-public-key',
        '--user-name',
        'dave',
        '--ssh-public-key-id',
        k0.SSHPublicKeyId!,
        '--encoding',
        'PEM',
      ]),
      aws(api, dave, [
        'iam',
        'get-ssh-public-key',
        '--user-name',
        'dave',
        '--ssh-public-key-id',
        k0.SSHPublicKeyId!,
        '--encoding',
        'SSH',
      ]),
      aws(api, dave, [
        'iam',
        'update-ssh-public-key',
        '--user-name',
        'dave',
        '--ssh-public-key-id',
        k0.SSHPublicKeyId!,
        '--status',
        'Inactive',
      ]),
      aws(api, dave, [
        'iam',
        'get-ssh-public-key',
        '--user-name',
        'dave',
        '--ssh-public-key-id',
        'APKANOPE0000000000000',
        '--encoding',
        'SSH',
      ]),
    ]);
    expect((json(list).SSHPublicKeys as unknown[]).length).toBe(5);
    expect((json(pem).SSHPublicKey as Record<string, string>).SSHPublicKeyBody).toMatch(
      /^-----BEGIN PUBLIC KEY-----\n/,
    );
    const sshBody = (json(ssh).SSHPublicKey as Record<string, string>).SSHPublicKeyBody!;
    expect(md5Fingerprint(parseSshPublicKey(sshBody)!.blob)).toBe(k0.Fingerprint);
    expect(upd.code).toBe(0);
    expect(state.sshKeys.find((k) => k.sshPublicKeyId === k0.SSHPublicKeyId)?.status).toBe('Inactive');
    expect(missing.stderr).toContain('(NoSuchEntity) when calling the GetSSHPublicKey operation');
  });

  it('endpoint selection: --endpoint-url and profiles work; AWS_ENDPOINT_URL(_IAM) and profile endpoint_url are ignored by 2.9.19', async () => {
    const profileHome = mkdtempSync(join(home, 'profile-'));
    writeFileSync(
      join(profileHome, 'credentials'),
      `[lab]\naws_access_key_id = ${erin.accessKeyId}\naws_secret_access_key = ${erin.secretAccessKey}\n`,
    );
    writeFileSync(
      join(profileHome, 'config'),
      `[profile lab]\nregion = ${REGION}\nendpoint_url = ${api.url}\n`,
    );
    const files = {
      AWS_CONFIG_FILE: join(profileHome, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: join(profileHome, 'credentials'),
      AWS_MAX_ATTEMPTS: '1',
    };
    const [viaFlag, viaEnv, viaEnvIam, viaProfile] = await Promise.all([
      aws(api, null, ['--profile', 'lab', 'sts', 'get-caller-identity'], files),
      aws(null, erin, ['sts', 'get-caller-identity'], { AWS_ENDPOINT_URL: api.url, AWS_MAX_ATTEMPTS: '1' }),
      aws(null, erin, ['iam', 'get-user'], { AWS_ENDPOINT_URL_IAM: api.url, AWS_MAX_ATTEMPTS: '1' }),
      aws(null, null, ['--profile', 'lab', 'sts', 'get-caller-identity'], files),
    ]);
    expect(json(viaFlag).Arn).toBe(erin.arn);
    // Endpoint configuration through env/profile arrived in AWS CLI 2.13: 2.9.19 goes to the
    // real host (stopped here by the closed proxy) and the Lab never sees the request.
    for (const r of [viaEnv, viaEnvIam, viaProfile]) {
      expect(r.code).not.toBe(0);
      expect(r.stderr).toContain(`Failed to connect to proxy URL: "http://127.0.0.1:${closedPort}"`);
    }
    expect(api.calls.filter((c) => c.principal === erin.arn || c.region === undefined).length).toBe(1);
  });
});

describe.concurrent('Lab AWS API failure modes (own endpoints)', { timeout: 120_000 }, () => {
  it('throttle answers Throttling (the CLI retries it), failWith injects any error', async () => {
    const s = buildState();
    const slow = await startAwsApi(s, {
      throttle: (action) => action === 'GetUser',
      failWith: ({ action }) =>
        action === 'ListSSHPublicKeys'
          ? { code: 'ServiceFailure', status: 500, message: 'Lab says no', type: 'Receiver' }
          : undefined,
    });
    try {
      const [throttled, failed, fine] = await Promise.all([
        aws(slow, alice, ['iam', 'get-user'], { AWS_MAX_ATTEMPTS: '2' }),
        aws(slow, alice, ['iam', 'list-ssh-public-keys'], { AWS_MAX_ATTEMPTS: '1' }),
        aws(slow, alice, ['sts', 'get-caller-identity']),
      ]);
      expect(throttled.stderr.trim()).toBe(
        'An error occurred (Throttling) when calling the GetUser operation (reached max retries: 1): Rate exceeded',
      );
      expect(slow.calls.filter((c) => c.action === 'GetUser').map((c) => c.error)).toEqual([
        'Throttling',
        'Throttling',
      ]);
      expect(failed.stderr).toContain(
        'An error occurred (ServiceFailure) when calling the ListSSHPublicKeys operation',
      );
      expect(json(fine).Arn).toBe(alice.arn);
    } finally {
      await slow.stop();
    }
  });

  it('latencyMs delays every answer', async () => {
    const slow = await startAwsApi(buildState(), { latencyMs: 400 });
    try {
      const host = new URL(slow.url).host;
      const body = 'Action=GetCallerIdentity&Version=2011-06-15';
      const headers = signRequest({
        method: 'POST',
        url: '/',
        headers: { host, 'content-type': 'application/x-www-form-urlencoded' },
        body,
        region: REGION,
        service: 'sts',
        identity: alice,
      });
      const t0 = Date.now();
      const res = await fetch(`${slow.url}/`, { method: 'POST', headers, body });
      expect(res.status).toBe(200);
      expect(Date.now() - t0).toBeGreaterThanOrEqual(390);
    } finally {
      await slow.stop();
    }
  });

  it('network modes: refuse, reset and hang give the CLI its connection errors; up serves again', async () => {
    const net = await startAwsApi(buildState());
    const call = () =>
      aws(net, alice, ['--cli-read-timeout', '1', 'sts', 'get-caller-identity'], { AWS_MAX_ATTEMPTS: '1' });
    try {
      await net.setNetwork('refuse');
      const refused = await call();
      await net.setNetwork('reset');
      const reset = await call();
      await net.setNetwork('hang');
      const hung = await call();
      await net.setNetwork('up');
      const back = await call();
      expect(refused.stderr.trim()).toBe(`Could not connect to the endpoint URL: "${net.url}/"`);
      expect(reset.stderr).toContain(
        `Connection was closed before we received a valid response from endpoint URL: "${net.url}/"`,
      );
      expect(hung.stderr).toContain(`Read timeout on endpoint URL: "${net.url}/"`);
      expect(json(back).Arn).toBe(alice.arn);
      expect(net.calls.map((c) => c.status)).toEqual([200]);
    } finally {
      await net.stop();
    }
  });
});
