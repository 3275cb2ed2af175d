import { createHash, randomBytes } from 'node:crypto';
import type { LabGitCredential, LabIdentity, LabState } from '../state';
import { evaluate, labNow, policyPrincipal } from '../state';
import { MAX_RSA_BITS, MIN_RSA_BITS, md5Fingerprint, parseSshPublicKey } from './ssh-key';
import { apiError, iso, type ApiError, type XmlValue } from './wire';

// IAM and STS actions the doctor uses to diagnose and repair, answering from and writing to
// the shared LabState. Limits and error codes follow the IAM API reference and botocore's
// iam/2010-05-08 model (e.g. DuplicateSSHPublicKey is 400 there, LimitExceeded 409).

export type QueryResult = { [k: string]: XmlValue } | null;
export type Handler = (ctx: QueryContext) => QueryResult | ApiError;

export interface QueryContext {
  state: LabState;
  identity: LabIdentity;
  params: URLSearchParams;
}

export const CODECOMMIT_SERVICE = 'codecommit.amazonaws.com';
/** IAM quotas (IAM user guide, "IAM and AWS STS quotas"). */
export const MAX_SERVICE_CREDENTIALS = 2;
export const MAX_SSH_KEYS = 5;
/** IAM's own CreateDate for Lab users and roles: a fixed, plausible date. */
const LAB_CREATE_DATE = '2024-01-15T09:30:00Z';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
function iamId(prefix: string): string {
  return prefix + [...randomBytes(17)].map((b) => ALNUM[b % ALNUM.length]).join('');
}

function partitionOf(arn: string): string {
  return arn.split(':')[1] ?? 'aws';
}

export function isApiError(x: unknown): x is ApiError {
  return typeof x === 'object' && x !== null && 'code' in x && 'status' in x && 'message' in x;
}

function userArn(ctx: QueryContext, userName: string): string {
  return `arn:${partitionOf(ctx.identity.arn)}:iam::${ctx.identity.account}:user/${userName}`;
}

function findUser(ctx: QueryContext, userName: string): LabIdentity | undefined {
  return ctx.state.identities.find((i) => i.userName === userName && i.account === ctx.identity.account);
}

function noSuchUser(userName: string): ApiError {
  return apiError('NoSuchEntity', 404, `The user with name ${userName} cannot be found.`);
}

/** UserName defaults to the caller, as IAM does; a role session has no user to default to. */
function targetUser(ctx: QueryContext): string | ApiError {
  const given = ctx.params.get('UserName');
  if (given) return given;
  if (ctx.identity.userName) return ctx.identity.userName;
  return apiError('ValidationError', 400, 'Must specify userName when calling with non-User credentials');
}

export function authorize(ctx: QueryContext, action: string, resource: string): ApiError | null {
  const decision = evaluate(ctx.state, policyPrincipal(ctx.identity), action, resource);
  if (decision === 'allowed') return null;
  // IAM's wording since 2021 names the kind of policy that decided.
  const why =
    decision === 'explicitDeny'
      ? 'with an explicit deny in an identity-based policy'
      : `because no identity-based policy allows the ${action} action`;
  return apiError(
    'AccessDenied',
    403,
    `User: ${ctx.identity.arn} is not authorized to perform: ${action} on resource: ${resource} ${why}`,
  );
}

/** Authorizes `iam:<action>` on the target user and checks the user exists. */
function userAction(ctx: QueryContext, action: string): { userName: string } | ApiError {
  const userName = targetUser(ctx);
  if (isApiError(userName)) return userName;
  const denied = authorize(ctx, `iam:${action}`, userArn(ctx, userName));
  if (denied) return denied;
  if (!findUser(ctx, userName)) return noSuchUser(userName);
  return { userName };
}

function knownRoles(state: LabState, account: string): string[] {
  const roles = new Set<string>();
  for (const i of state.identities) {
    const p = policyPrincipal(i);
    if (p.includes(':role/')) roles.add(p);
  }
  for (const s of state.policies) if (s.principalArn.includes(':role/')) roles.add(s.principalArn);
  return [...roles].filter((r) => r.split(':')[4] === account);
}

function roleId(state: LabState, roleArn: string): string {
  const session = state.identities.find((i) => policyPrincipal(i) === roleArn && i.userId.startsWith('AROA'));
  const fromSession = session?.userId.split(':')[0];
  if (fromSession) return fromSession;
  const h = createHash('sha256').update(roleArn).digest();
  return 'AROA' + [...h.subarray(0, 17)].map((b) => ALNUM[b % ALNUM.length]).join('');
}

const getCallerIdentity: Handler = (ctx) => ({
  UserId: ctx.identity.userId,
  Account: ctx.identity.account,
  Arn: ctx.identity.arn,
});

const getUser: Handler = (ctx) => {
  const r = userAction(ctx, 'GetUser');
  if (isApiError(r)) return r;
  const user = findUser(ctx, r.userName)!;
  return {
    User: {
      Path: '/',
      UserName: r.userName,
      UserId: user.userId,
      Arn: user.arn,
      CreateDate: LAB_CREATE_DATE,
    },
  };
};

const getRole: Handler = (ctx) => {
  const name = ctx.params.get('RoleName');
  if (!name)
    return apiError(
      'ValidationError',
      400,
      "1 validation error detected: Value null at 'roleName' failed to satisfy constraint: Member must not be null",
    );
  const arn = `arn:${partitionOf(ctx.identity.arn)}:iam::${ctx.identity.account}:role/${name}`;
  const denied = authorize(ctx, 'iam:GetRole', arn);
  if (denied) return denied;
  if (!knownRoles(ctx.state, ctx.identity.account).includes(arn)) {
    return apiError('NoSuchEntity', 404, `The role with name ${name} cannot be found.`);
  }
  const trust = {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${ctx.identity.account}:root` },
        Action: 'sts:AssumeRole',
      },
    ],
  };
  return {
    Role: {
      Path: '/',
      RoleName: name,
      RoleId: roleId(ctx.state, arn),
      Arn: arn,
      CreateDate: LAB_CREATE_DATE,
      // IAM returns the trust policy URL-encoded.
      AssumeRolePolicyDocument: encodeURIComponent(JSON.stringify(trust)),
      MaxSessionDuration: 3600,
    },
  };
};

function members(params: URLSearchParams, name: string): string[] {
  const out: string[] = [];
  for (let n = 1; params.has(`${name}.member.${n}`); n++) out.push(params.get(`${name}.member.${n}`) ?? '');
  return out;
}

const simulatePrincipalPolicy: Handler = (ctx) => {
  const source = ctx.params.get('PolicySourceArn') ?? '';
  const actions = members(ctx.params, 'ActionNames');
  if (!source || actions.length === 0) {
    return apiError(
      'ValidationError',
      400,
      `1 validation error detected: Value null at '${source ? 'actionNames' : 'policySourceArn'}' failed to satisfy constraint: Member must not be null`,
    );
  }
  const denied = authorize(ctx, 'iam:SimulatePrincipalPolicy', source);
  if (denied) return denied;
  const m = /^arn:[^:]+:iam::(\d{12}):(user|role|group)\/(?:.*\/)?([^/]+)$/.exec(source);
  if (!m) return apiError('InvalidInput', 400, `Invalid ARN: ${source} is not a user, group or role ARN.`);
  const [, account, kind, name] = m;
  const exists =
    kind === 'user'
      ? ctx.state.identities.some((i) => i.arn === source && i.account === account)
      : kind === 'role'
        ? knownRoles(ctx.state, account!).includes(source)
        : ctx.state.policies.some((p) => p.principalArn === source);
  if (!exists) return apiError('NoSuchEntity', 404, `The ${kind} with name ${name} cannot be found.`);
  const resources = members(ctx.params, 'ResourceArns');
  const results: XmlValue[] = [];
  for (const action of actions) {
    for (const resource of resources.length ? resources : ['*']) {
      results.push({
        EvalActionName: action,
        EvalResourceName: resource,
        EvalDecision: evaluate(ctx.state, source, action, resource),
        MatchedStatements: [],
        MissingContextValues: [],
      });
    }
  }
  return { EvaluationResults: results, IsTruncated: false };
};

function credentialMetadata(c: LabGitCredential): { [k: string]: XmlValue } {
  return {
    UserName: c.userName,
    Status: c.status,
    ServiceUserName: c.serviceUserName,
    CreateDate: c.createDate,
    ServiceSpecificCredentialId: c.serviceSpecificCredentialId,
    ServiceName: CODECOMMIT_SERVICE,
  };
}

function withPassword(c: LabGitCredential): { [k: string]: XmlValue } {
  return {
    CreateDate: c.createDate,
    ServiceName: CODECOMMIT_SERVICE,
    ServiceUserName: c.serviceUserName,
    ServicePassword: c.password,
    ServiceSpecificCredentialId: c.serviceSpecificCredentialId,
    UserName: c.userName,
    Status: c.status,
  };
}

/** IAM generates a 44-character base64 password (33 random bytes). */
function newServicePassword(): string {
  return randomBytes(33).toString('base64');
}

function userCredentials(ctx: QueryContext, userName: string): LabGitCredential[] {
  return ctx.state.gitCredentials.filter(
    (c) => c.userName === userName && c.serviceUserName.endsWith(`-at-${ctx.identity.account}`),
  );
}

/** The Lab stores only CodeCommit credentials (LabGitCredential has no service field). */
function checkServiceName(name: string | null): ApiError | null {
  if (name === null || name === CODECOMMIT_SERVICE) return null;
  return apiError(
    'NotSupportedService',
    404,
    `The service ${name} is not supported for service-specific credentials.`,
  );
}

const listServiceSpecificCredentials: Handler = (ctx) => {
  const r = userAction(ctx, 'ListServiceSpecificCredentials');
  if (isApiError(r)) return r;
  const svc = ctx.params.get('ServiceName');
  if (svc !== null && svc !== CODECOMMIT_SERVICE) return { ServiceSpecificCredentials: [] };
  return { ServiceSpecificCredentials: userCredentials(ctx, r.userName).map(credentialMetadata) };
};

const createServiceSpecificCredential: Handler = (ctx) => {
  const r = userAction(ctx, 'CreateServiceSpecificCredential');
  if (isApiError(r)) return r;
  const bad = checkServiceName(ctx.params.get('ServiceName'));
  if (bad) return bad;
  const existing = userCredentials(ctx, r.userName);
  if (existing.length >= MAX_SERVICE_CREDENTIALS) {
    return apiError(
      'LimitExceeded',
      409,
      `Cannot exceed quota for ServiceSpecificCredentialsPerUserPerService: ${MAX_SERVICE_CREDENTIALS}`,
    );
  }
  // The second credential of a user gets `<user>+1-at-<account>` (a ServiceUserName is unique).
  const taken = new Set(existing.map((c) => c.serviceUserName));
  let serviceUserName = `${r.userName}-at-${ctx.identity.account}`;
  for (let n = 1; taken.has(serviceUserName); n++)
    serviceUserName = `${r.userName}+${n}-at-${ctx.identity.account}`;
  const cred: LabGitCredential = {
    serviceSpecificCredentialId: iamId('ACCA'),
    userName: r.userName,
    serviceUserName,
    password: newServicePassword(),
    status: 'Active',
    createDate: iso(labNow(ctx.state)),
  };
  ctx.state.gitCredentials.push(cred);
  return { ServiceSpecificCredential: withPassword(cred) };
};

function findCredential(ctx: QueryContext, action: string): LabGitCredential | ApiError {
  const r = userAction(ctx, action);
  if (isApiError(r)) return r;
  const id = ctx.params.get('ServiceSpecificCredentialId') ?? '';
  const cred = userCredentials(ctx, r.userName).find((c) => c.serviceSpecificCredentialId === id);
  return cred ?? apiError('NoSuchEntity', 404, `No such credential ${id} exists for user ${r.userName}.`);
}

const resetServiceSpecificCredential: Handler = (ctx) => {
  const cred = findCredential(ctx, 'ResetServiceSpecificCredential');
  if (isApiError(cred)) return cred;
  // In place: the old password stops working at once, for the git endpoint too.
  cred.password = newServicePassword();
  return { ServiceSpecificCredential: withPassword(cred) };
};

const updateServiceSpecificCredential: Handler = (ctx) => {
  const cred = findCredential(ctx, 'UpdateServiceSpecificCredential');
  if (isApiError(cred)) return cred;
  const status = ctx.params.get('Status');
  if (status !== 'Active' && status !== 'Inactive') {
    return apiError(
      'ValidationError',
      400,
      `1 validation error detected: Value '${status ?? 'null'}' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [Active, Inactive]`,
    );
  }
  cred.status = status;
  return null;
};

function keyMetadata(k: LabState['sshKeys'][number]): { [k: string]: XmlValue } {
  return {
    UserName: k.userName,
    SSHPublicKeyId: k.sshPublicKeyId,
    Status: k.status,
    UploadDate: k.uploadDate,
  };
}

function userKeys(ctx: QueryContext, userName: string): LabState['sshKeys'] {
  // Keys carry no account; a user name is unique within the caller's account in the Lab.
  return ctx.state.sshKeys.filter((k) => k.userName === userName);
}

const listSshPublicKeys: Handler = (ctx) => {
  const r = userAction(ctx, 'ListSSHPublicKeys');
  if (isApiError(r)) return r;
  return { SSHPublicKeys: userKeys(ctx, r.userName).map(keyMetadata), IsTruncated: false };
};

const INVALID_KEY = 'The request was rejected because the public key is malformed or otherwise invalid.';

const uploadSshPublicKey: Handler = (ctx) => {
  const r = userAction(ctx, 'UploadSSHPublicKey');
  if (isApiError(r)) return r;
  const body = ctx.params.get('SSHPublicKeyBody') ?? '';
  const parsed = parseSshPublicKey(body);
  if (!parsed || parsed.bits < MIN_RSA_BITS || parsed.bits > MAX_RSA_BITS) {
    return apiError('InvalidPublicKey', 400, INVALID_KEY);
  }
  const fingerprint = md5Fingerprint(parsed.blob);
  const keys = userKeys(ctx, r.userName);
  if (keys.some((k) => k.fingerprint === fingerprint)) {
    return apiError(
      'DuplicateSSHPublicKey',
      400,
      'The request was rejected because the SSH public key is already associated with the specified IAM user.',
    );
  }
  if (keys.length >= MAX_SSH_KEYS) {
    return apiError('LimitExceeded', 409, `Cannot exceed quota for SSHPublicKeysPerUser: ${MAX_SSH_KEYS}`);
  }
  const key = {
    userName: r.userName,
    sshPublicKeyId: iamId('APKA'),
    body: body.trim(),
    fingerprint,
    status: 'Active' as const,
    uploadDate: iso(labNow(ctx.state)),
  };
  ctx.state.sshKeys.push(key);
  return { SSHPublicKey: fullKey(key, 'SSH') };
};

function fullKey(k: LabState['sshKeys'][number], encoding: 'SSH' | 'PEM'): { [k: string]: XmlValue } {
  const parsed = parseSshPublicKey(k.body);
  return {
    UserName: k.userName,
    SSHPublicKeyId: k.sshPublicKeyId,
    Fingerprint: k.fingerprint,
    SSHPublicKeyBody: encoding === 'PEM' ? (parsed?.pem ?? k.body) : (parsed?.openssh ?? k.body),
    Status: k.status,
    UploadDate: k.uploadDate,
  };
}

function findKey(ctx: QueryContext, action: string): LabState['sshKeys'][number] | ApiError {
  const r = userAction(ctx, action);
  if (isApiError(r)) return r;
  const id = ctx.params.get('SSHPublicKeyId') ?? '';
  const key = userKeys(ctx, r.userName).find((k) => k.sshPublicKeyId === id);
  return key ?? apiError('NoSuchEntity', 404, `The Public Key with id ${id} cannot be found.`);
}

const getSshPublicKey: Handler = (ctx) => {
  const encoding = ctx.params.get('Encoding');
  if (encoding !== 'SSH' && encoding !== 'PEM') {
    return apiError(
      'UnrecognizedPublicKeyEncoding',
      400,
      'The request was rejected because the public key encoding format is unsupported or unrecognized.',
    );
  }
  const key = findKey(ctx, 'GetSSHPublicKey');
  if (isApiError(key)) return key;
  return { SSHPublicKey: fullKey(key, encoding) };
};

const updateSshPublicKey: Handler = (ctx) => {
  const key = findKey(ctx, 'UpdateSSHPublicKey');
  if (isApiError(key)) return key;
  const status = ctx.params.get('Status');
  if (status !== 'Active' && status !== 'Inactive') {
    return apiError(
      'ValidationError',
      400,
      `1 validation error detected: Value '${status ?? 'null'}' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [Active, Inactive]`,
    );
  }
  key.status = status;
  return null;
};

export const STS_HANDLERS: Record<string, Handler> = { GetCallerIdentity: getCallerIdentity };

export const IAM_HANDLERS: Record<string, Handler> = {
  GetUser: getUser,
  GetRole: getRole,
  SimulatePrincipalPolicy: simulatePrincipalPolicy,
  ListServiceSpecificCredentials: listServiceSpecificCredentials,
  CreateServiceSpecificCredential: createServiceSpecificCredential,
  ResetServiceSpecificCredential: resetServiceSpecificCredential,
  UpdateServiceSpecificCredential: updateServiceSpecificCredential,
  ListSSHPublicKeys: listSshPublicKeys,
  UploadSSHPublicKey: uploadSshPublicKey,
  GetSSHPublicKey: getSshPublicKey,
  UpdateSSHPublicKey: updateSshPublicKey,
};
