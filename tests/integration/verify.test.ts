import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineContext } from '../../electron/engine/context';
import { beforeAfter, verifyRemote } from '../../electron/engine/fixes/verify';
import { realRunner } from '../../electron/engine/runner';
import { configContext } from '../support/config-context';
import { createBareRepo, selfSignedCert, startHttpStub, type StubServer } from '../support/http-stub';

// Every outcome produced by the real git 2.39 on this machine, against local stub servers.
// The machine's git config never matters: HOME is a temp dir, GIT_CONFIG_GLOBAL a fresh file
// per test, GIT_CONFIG_NOSYSTEM=1, PATH=/usr/bin:/bin (no git-remote-codecommit, no pyenv aws).

const CC_HOST = 'git-codecommit.us-east-1.amazonaws.com';
const WWW = { 'WWW-Authenticate': 'Basic realm="stub"' };
// The AWS docs' example key pair: the AWS CLI signs offline with any keys.
const AWS_KEYS = {
  AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};
const GIVES_CREDS =
  '\thelper = "!f() { echo username=AKIAIOSFODNN7EXAMPLE; echo password=not-the-real-one; }; f"\n';

let root: string;
let http: StubServer;
let https: StubServer;
let silent: StubServer;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'verify-it-'));
  const repo = await createBareRepo(root, 'demo');
  http = await startHttpStub({
    handler: (req) => {
      const area = req.path.split('/')[1] ?? '';
      switch (area) {
        case 'ok':
          return { backend: repo };
        case 'auth-then-403': // what CodeCommit does: 401 first, 403 for a refused password
          return req.hasAuthorization ? { status: 403 } : { status: 401, headers: WWW };
        case 'always-401':
          return { status: 401, headers: WWW };
        case 'plain-403':
          return { status: 403 };
        case 'v1': // /v1/repos/<name> on the CodeCommit host name (curloptResolve → 127.0.0.1)
          return req.hasAuthorization ? { status: 403 } : { status: 401, headers: WWW };
        case 'broken':
          return { status: 500 };
        default:
          return { status: 404 };
      }
    },
  });
  https = await startHttpStub({ tls: await selfSignedCert(), handler: () => ({ backend: repo }) });
  silent = await startHttpStub({ handler: () => ({ hang: true }) });
});

afterAll(async () => {
  await Promise.all([http?.close(), https?.close(), silent?.close()]);
  if (root) rmSync(root, { recursive: true, force: true });
});

const sandbox = (gitconfig = '', env: Record<string, string> = {}): EngineContext =>
  configContext(root, gitconfig, env);

const helpers = (...lines: string[]): string => `[credential]\n${lines.join('')}`;

describe('verifyRemote with real git', () => {
  it('ok: a real bare repository over smart HTTP (git http-backend)', async () => {
    const v = await verifyRemote(sandbox(), `${http.origin}/ok/demo.git`);
    expect(v).toMatchObject({
      outcome: 'ok',
      ok: true,
      refs: 3,
      headline: 'Works: lists 3 refs',
      short: 'works (3 refs)',
    });
    expect(v.durationMs).toBeGreaterThan(0);
  });

  it('forbidden: 401 + WWW-Authenticate, a helper answers, then 403', async () => {
    const url = `${http.origin}/auth-then-403/demo.git`;
    const before = http.requests.length;
    const v = await verifyRemote(sandbox(helpers(GIVES_CREDS)), url);
    expect(v).toMatchObject({ outcome: 'forbidden', short: '403' });
    expect(v.headline).toBe('The server refused the password (403)');
    const seen = http.requests.slice(before);
    expect(seen.map((r) => r.hasAuthorization)).toEqual([false, true]);
    expect(seen[1]?.user).toBe('AKIAIOSFODNN7EXAMPLE');
    expect(JSON.stringify(v)).not.toContain('not-the-real-one');
  });

  it('forbidden, then works: the before → after line', async () => {
    const before = await verifyRemote(sandbox(), `${http.origin}/plain-403/demo.git`);
    const after = await verifyRemote(sandbox(), `${http.origin}/ok/demo.git`);
    expect(beforeAfter(before, after)).toBe('403 → works (3 refs)');
  });

  it('unauthorized: 401 again after the helper gave credentials', async () => {
    const v = await verifyRemote(sandbox(helpers(GIVES_CREDS)), `${http.origin}/always-401/demo.git`);
    expect(v).toMatchObject({ outcome: 'unauthorized', short: '401' });
    expect(v.detail).toMatch(
      /^fatal: Authentication failed for 'http:\/\/127\.0\.0\.1:\d+\/always-401\/demo\.git\/'$/,
    );
  });

  it('repo-not-found: 404', async () => {
    const v = await verifyRemote(sandbox(), `${http.origin}/missing/demo.git`);
    expect(v.outcome).toBe('repo-not-found');
    expect(v.detail).toContain("repository 'http://127.0.0.1:");
  });

  it('username-wanted: 401 and no helper (prompts are off, nothing hangs)', async () => {
    const v = await verifyRemote(sandbox(), `${http.origin}/always-401/demo.git`);
    expect(v).toMatchObject({ outcome: 'username-wanted', short: 'asks for user name' });
    expect(v.headline).toContain('terminal prompts disabled');
  });

  it('username-wanted, not helper-error, for `!false`: git 2.39 ignores a helper exit status and prints nothing', async () => {
    const v = await verifyRemote(
      sandbox(helpers('\thelper = "!false"\n')),
      `${http.origin}/always-401/demo.git`,
    );
    expect(v.outcome).toBe('username-wanted');
    expect(v.followedBy).toBeUndefined();
  });

  it('helper-error: a helper that prints "aws: command not found", then the user-name prompt', async () => {
    const ctx = sandbox(helpers(`\thelper = "!sh -c 'echo aws: command not found >&2; exit 127'"\n`));
    const v = await verifyRemote(ctx, `${http.origin}/always-401/demo.git`);
    expect(v).toMatchObject({ outcome: 'helper-error', followedBy: 'username-wanted' });
    expect(v.headline).toMatch(
      /^A credential helper failed: aws: command not found; then git asked for a user name/,
    );
  });

  it('helper-error comes first even when another helper answered and the server said 403', async () => {
    const ctx = sandbox(helpers('\thelper = "!aws-missing codecommit credential-helper $@"\n', GIVES_CREDS));
    const v = await verifyRemote(ctx, `${http.origin}/auth-then-403/demo.git`);
    expect(v).toMatchObject({ outcome: 'helper-error', followedBy: 'forbidden', short: 'helper error, 403' });
    expect(v.headline).toContain(
      '"aws-missing codecommit credential-helper $@" failed: aws-missing: not found',
    );
    expect(v.detail).toContain('The requested URL returned error: 403');
  });

  it("helper-error: the real AWS CLI helper without UseHttpPath prints 'path'", async () => {
    const ctx = sandbox(
      `[http]\n\tcurloptResolve = ${CC_HOST}:${http.port}:127.0.0.1\n` +
        helpers('\thelper = "!/usr/bin/aws codecommit credential-helper $@"\n'),
      AWS_KEYS,
    );
    const v = await verifyRemote(ctx, `http://${CC_HOST}:${http.port}/v1/repos/demo`);
    expect(v).toMatchObject({ outcome: 'helper-error', followedBy: 'username-wanted' });
    expect(v.headline).toContain('credential.UseHttpPath is not set');
    expect(v.headline).toContain('; then git asked for a user name');
  });

  it('dns: an unresolvable .invalid host', async () => {
    // In a network namespace of its own (loopback only), so the name lookup fails here and no
    // query ever reaches the machine's resolver.
    const base = sandbox();
    const isolated: EngineContext = {
      ...base,
      runner: (command, args, options) => realRunner('unshare', ['--net', command, ...args], options),
    };
    const v = await verifyRemote(isolated, 'https://verify-test.invalid/v1/repos/demo');
    expect(v).toMatchObject({ outcome: 'dns', short: 'DNS' });
    expect(v.headline).toBe('Could not find the host verify-test.invalid (DNS lookup failed)');
  });

  it('tls: a self-signed HTTPS server', async () => {
    const v = await verifyRemote(sandbox(), `${https.origin}/ok/demo.git`);
    expect(v).toMatchObject({ outcome: 'tls', short: 'TLS error' });
    expect(v.headline).toContain('server certificate verification failed');
  });

  it('timeout: a server that accepts and never answers, stopped after 1.5 s', async () => {
    const requests = silent.requests.length;
    const v = await verifyRemote(sandbox(), `${silent.origin}/demo.git`, { timeoutMs: 1500 });
    expect(v).toMatchObject({ outcome: 'timeout', short: 'timeout', ok: false });
    expect(v.durationMs).toBeGreaterThanOrEqual(1500);
    // git reached the server, and the timeout killed it: its connection is closed (polled;
    // git itself has no timeout, so one nobody killed would hold it for good).
    expect(silent.requests.length).toBeGreaterThan(requests);
    const until = Date.now() + 10_000;
    while (silent.openConnections() > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    expect(silent.openConnections()).toBe(0);
    expect(v.durationMs).toBeLessThan(20_000); // generous: the point is that it ends at all
  });

  it('ssh-denied: git over ssh whose ssh refuses the key', async () => {
    // No sshd on this machine: GIT_SSH_COMMAND stands in for ssh and prints OpenSSH's line
    // exactly as in the govuk-developer-docs#3502 capture; everything after it is real git.
    const fakeSsh = join(root, 'ssh-refuses');
    writeFileSync(fakeSsh, "#!/bin/sh\necho 'Permission denied (publickey).' >&2\nexit 255\n");
    chmodSync(fakeSsh, 0o755);
    const v = await verifyRemote(
      sandbox('', { GIT_SSH_COMMAND: fakeSsh }),
      `ssh://APKAEIBAERJR2EXAMPLE@${CC_HOST}/v1/repos/demo`,
    );
    expect(v).toMatchObject({ outcome: 'ssh-denied', short: 'SSH denied' });
    expect(v.headline).toBe('CodeCommit refused the SSH key (Permission denied (publickey))');
    expect(v.detail).toContain('fatal: Could not read from remote repository.');
  });

  it('remote-helper-missing: codecommit:: with no git-remote-codecommit on PATH', async () => {
    const v = await verifyRemote(sandbox(), 'codecommit::us-east-1://demo');
    expect(v).toMatchObject({ outcome: 'remote-helper-missing', short: 'no git-remote-codecommit' });
  });

  it('other: HTTP 500 with git last line', async () => {
    const v = await verifyRemote(sandbox(), `${http.origin}/broken/demo.git`);
    expect(v).toMatchObject({ outcome: 'other', short: '500', headline: 'The server answered HTTP 500' });
  });

  it('a password in the URL never reaches the verdict', async () => {
    const url = `http://alice:hunter2-secret@127.0.0.1:${http.port}/plain-403/demo.git`;
    const v = await verifyRemote(sandbox(), url);
    expect(v.outcome).toBe('forbidden');
    expect(JSON.stringify(v)).not.toContain('hunter2-secret');
  });

  it('a URL that looks like an option stays a URL (`--` before it)', async () => {
    const marker = join(root, 'upload-pack-ran');
    const v = await verifyRemote(sandbox(), `--upload-pack=touch ${marker}`);
    expect(existsSync(marker)).toBe(false);
    // git took it as the repository argument (and refused it as a path), not as an option.
    expect(v.detail).toContain("strange pathname '--upload-pack=");
    expect(v.outcome).toBe('other');
    expect(v.ok).toBe(false);
  });
});
