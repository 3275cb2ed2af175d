import { existsSync, readFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FINDING_CODES } from '../../electron/engine/checks';
import { disposeLabCaches, LAB_REFUSAL_HEADER, type Lab } from '../lab/git-server';
import { TEMPLATE_CONTENT, TEMPLATE_FILE } from '../lab/repos';
import { buildScenario, LAB_REGION, LAB_REPO, SCENARIOS, type BuiltScenario } from '../lab/scenarios';
import type { Sandbox } from '../lab/sandbox';
import { gitSignature, signGitPassword, verifyGitPassword } from '../lab/sigv4-git';
import { expectLabRefusals } from '../support/lab-refusals';

// Real git 2.39 and the real AWS CLI (/usr/bin/aws) against the Lab. Every scenario has a
// Lab of its own (free port, own temp dirs), so they run concurrently.

const built = new Set<BuiltScenario>();
afterAll(async () => {
  await Promise.all([...built].map((b) => b.dispose()));
  disposeLabCaches();
});

async function build(name: string): Promise<BuiltScenario> {
  const b = await buildScenario(name);
  built.add(b);
  return b;
}

async function dispose(b: BuiltScenario): Promise<void> {
  built.delete(b);
  await b.dispose();
}

describe('scenarios reproduce real git failures', () => {
  it('uses only known finding codes and distinct names', () => {
    const names = SCENARIOS.map((s) => s.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names.length).toBeGreaterThanOrEqual(11);
    for (const s of SCENARIOS) {
      for (const c of s.expectedCodes) expect(FINDING_CODES).toContain(c);
      if (s.expectedCodes.length === 0 && s.expectedGit.exitCode !== 0) expect(s.note).toBeTruthy();
    }
  });

  for (const def of SCENARIOS) {
    it.concurrent(`${def.name}: git clone exits ${def.expectedGit.exitCode}`, async () => {
      const s = await build(def.name);
      try {
        const r = await s.clone();
        expect(r.timedOut).toBe(false);
        expect(r.stderr + r.stdout).toMatch(s.expectedGit.output);
        expect(r.code).toBe(s.expectedGit.exitCode);
        expectLabRefusals(s.lab.requests, s.expectedLab, s.expectedGit.exitCode === 0);
        // The Lab names its reason where git does not look (a header git never prints).
        expect(r.stderr + r.stdout).not.toContain(LAB_REFUSAL_HEADER);
        if (def.name === 'healthy') {
          expect(readFileSync(join(s.sandbox.home, 'clone', TEMPLATE_FILE), 'utf8')).toBe(TEMPLATE_CONTENT);
        } else {
          expect(existsSync(join(s.sandbox.home, 'clone', TEMPLATE_FILE))).toBe(false);
        }
      } finally {
        await dispose(s);
      }
    });
  }

  it.concurrent(
    'the stale cached password stays in the store after the 403 (git erases only after a 401)',
    async () => {
      const s = await build('stale-cached-password');
      try {
        const before = readFileSync(join(s.sandbox.home, '.git-credentials'), 'utf8');
        expect(before).toContain(s.lab.hostFor(LAB_REGION).split(':')[0]);
        expect((await s.clone()).code).toBe(128);
        expect(readFileSync(join(s.sandbox.home, '.git-credentials'), 'utf8')).toBe(before);
        expect(s.lab.requests.map((r) => r.status)).toEqual([401, 403]);
        expect(s.lab.requests[1]?.reason).toBe('signature-expired');
      } finally {
        await dispose(s);
      }
    },
  );
});

/** What `aws codecommit credential-helper get` answers for a host and repo. */
async function helperGet(
  sb: Sandbox,
  host: string,
  repo = LAB_REPO,
): Promise<{ username: string; password: string }> {
  const r = await sb.run('/usr/bin/aws', ['codecommit', 'credential-helper', 'get'], {
    input: `protocol=https\nhost=${host}\npath=v1/repos/${repo}\n\n`,
  });
  expect(r.code, r.stderr).toBe(0);
  const field = (k: string) => new RegExp(`^${k}=(.*)$`, 'm').exec(r.stdout)?.[1] ?? '';
  return { username: field('username'), password: field('password') };
}

/** One smart-HTTP ref discovery request against the Lab, as git sends it: its status. */
async function labGet(
  lab: Lab,
  host: string,
  auth?: { username: string; password: string },
): Promise<number> {
  return (await labExchange(lab, host, auth)).status;
}

/** The same request, with the Lab's refusal header. */
function labExchange(
  lab: Lab,
  host: string,
  auth?: { username: string; password: string },
): Promise<{ status: number; refusal?: string }> {
  const hostname = host.split(':')[0]!;
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: lab.port,
        servername: hostname,
        ca: readFileSync(lab.caCertPath),
        path: `/v1/repos/${LAB_REPO}/info/refs?service=git-upload-pack`,
        headers: {
          Host: host,
          ...(auth
            ? {
                Authorization: `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`,
              }
            : {}),
        },
      },
      (res) => {
        res.resume();
        const refusal = res.headers[LAB_REFUSAL_HEADER.toLowerCase()];
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            refusal: typeof refusal === 'string' ? refusal : undefined,
          }),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('the Lab accepts exactly what the real AWS helper signs', () => {
  it('same password as ours, accepted; one character changed, other region or too old: 403', async () => {
    const s = await build('healthy');
    try {
      const { lab, sandbox, identity } = s;
      const host = lab.hostFor(LAB_REGION);
      const cred = await helperGet(sandbox, host);
      expect(cred.username).toBe(identity.accessKeyId);
      expect(cred.password).toMatch(/^\d{8}T\d{6}Z[0-9a-f]{64}$/);

      // Our signer reproduces the helper bit for bit (port stripped from the host).
      const ts = cred.password.slice(0, 15);
      expect(
        gitSignature({
          secretAccessKey: identity.secretAccessKey,
          region: LAB_REGION,
          host,
          path: `v1/repos/${LAB_REPO}`,
          timestamp: ts,
        }),
      ).toBe(cred.password.slice(16));

      expect(await labExchange(lab, host)).toEqual({ status: 401, refusal: 'no-authorization' });
      expect(await labExchange(lab, host, cred)).toEqual({ status: 200, refusal: undefined });

      const last = cred.password.at(-1) === '0' ? '1' : '0';
      expect(await labGet(lab, host, { ...cred, password: cred.password.slice(0, -1) + last })).toBe(403);
      expect(lab.requests.at(-1)?.reason).toBe('bad-signature');

      // Signed by the helper for the eu-west-1 host, sent to the us-east-1 host.
      const other = await helperGet(sandbox, lab.hostFor('eu-west-1'));
      expect(await labGet(lab, host, other)).toBe(403);
      expect(lab.requests.at(-1)?.reason).toBe('bad-signature');
      // The us-east-1 host scoped to eu-west-1 (what the helper does when the host does not
      // match its regex and the profile region wins). Our signer equals the helper's, see above.
      const scoped = `${ts}Z${gitSignature({ secretAccessKey: identity.secretAccessKey, region: 'eu-west-1', host, path: `v1/repos/${LAB_REPO}`, timestamp: ts })}`;
      expect(await labExchange(lab, host, { ...cred, password: scoped })).toEqual({
        status: 403,
        refusal: 'wrong-region; signed for eu-west-1, host is in us-east-1',
      });
      expect(lab.requests.at(-1)).toMatchObject({
        reason: 'wrong-region',
        detail: 'signed for eu-west-1, host is in us-east-1',
      });

      expect(await labGet(lab, host, { ...cred, password: '' })).toBe(403);
      expect(lab.requests.at(-1)?.reason).toBe('empty-password');

      lab.state.clockOffsetMs = lab.state.signatureWindowMs + 60_000;
      expect(await labGet(lab, host, cred)).toBe(403);
      expect(lab.requests.at(-1)?.reason).toBe('signature-expired');
    } finally {
      await dispose(s);
    }
  });

  it('session credentials: username is AccessKeyId%SessionToken and the FIPS/VPC hosts sign for their region', async () => {
    const s = await build('healthy');
    try {
      const { lab, identity } = s;
      identity.sessionToken = 'IQoJb3JpZ2luX2VjE' + 'x'.repeat(40);
      const sb = s.sandbox;
      const { writeFileSync } = await import('node:fs');
      writeFileSync(
        sb.awsCredentialsPath,
        `[default]\naws_access_key_id = ${identity.accessKeyId}\naws_secret_access_key = ${identity.secretAccessKey}\naws_session_token = ${identity.sessionToken}\n`,
      );
      for (const kind of ['fips', 'vpce'] as const) {
        const host = lab.hostFor(LAB_REGION, kind);
        const cred = await helperGet(sb, host);
        expect(cred.username).toBe(`${identity.accessKeyId}%${identity.sessionToken}`);
        expect(await labGet(lab, host, cred)).toBe(200);
        expect(
          verifyGitPassword(lab.state, {
            ...cred,
            username: identity.accessKeyId,
            host,
            repoPath: `/v1/repos/${LAB_REPO}`,
          }),
        ).toMatchObject({ ok: false, reason: 'session-token-mismatch' });
      }
      identity.expired = true;
      const host = lab.hostFor(LAB_REGION);
      const pw = signGitPassword({
        secretAccessKey: identity.secretAccessKey,
        region: LAB_REGION,
        host,
        path: `/v1/repos/${LAB_REPO}`,
        date: new Date(),
      });
      expect(
        await labGet(lab, host, {
          username: `${identity.accessKeyId}%${identity.sessionToken}`,
          password: pw,
        }),
      ).toBe(403);
      expect(lab.requests.at(-1)?.reason).toBe('expired-identity');
    } finally {
      await dispose(s);
    }
  });
});

describe('Lab and sandbox hygiene', () => {
  it('push needs codecommit:GitPush (receive-pack), and stop() frees the port and the repos', async () => {
    const s = await build('healthy');
    try {
      const { lab, sandbox } = s;
      expect((await s.clone('work')).code).toBe(0);
      const work = join(sandbox.home, 'work');
      expect(
        (await sandbox.git(['commit', '--allow-empty', '-q', '-m', 'lab push'], { cwd: work })).code,
      ).toBe(0);
      const pushed = await sandbox.git(['push', 'origin', 'HEAD:refs/heads/pushed'], { cwd: work });
      expect(pushed.code, pushed.stderr).toBe(0);

      lab.state.policies = [
        { principalArn: s.identity.arn, effect: 'Allow', actions: ['codecommit:GitPull'], resources: ['*'] },
      ];
      const denied = await sandbox.git(['push', 'origin', 'HEAD:refs/heads/denied'], { cwd: work });
      expect(denied.code).toBe(128);
      expect(denied.stderr).toMatch(/The requested URL returned error: 403/);
      expect(lab.requests.at(-1)).toMatchObject({ status: 403, reason: 'implicitDeny' });
      expect(lab.requests.some((r) => r.path.endsWith('/git-receive-pack') && r.status === 200)).toBe(true);

      await lab.stop();
      expect(existsSync(lab.root)).toBe(false);
      await expect(labGet(lab, lab.hostFor(LAB_REGION))).rejects.toThrow(/ECONNREFUSED/);
    } finally {
      await dispose(s);
    }
  });

  it('the sandbox env is built from nothing: /usr/bin first, no pyenv, no outer AWS_* or CA overrides', async () => {
    const s = await build('healthy');
    try {
      const { env } = s.sandbox;
      expect(env.PATH?.split(':')[0]).toBe('/usr/bin');
      expect(env.PATH).not.toMatch(/pyenv/);
      expect(Object.keys(env).filter((k) => k.startsWith('AWS_'))).toEqual([
        'AWS_CONFIG_FILE',
        'AWS_SHARED_CREDENTIALS_FILE',
        'AWS_EC2_METADATA_DISABLED',
        'AWS_PAGER',
        'AWS_ENDPOINT_URL',
      ]);
      // The only endpoint is the Lab's own AWS API: an online diagnosis never leaves the machine.
      expect(env.AWS_ENDPOINT_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+/);
      expect(env.GIT_SSL_CAINFO).toBeUndefined();
      expect(env.GIT_CONFIG_NOSYSTEM).toBe('1');
      const which = await s.sandbox.run('/bin/sh', ['-c', 'command -v aws']);
      expect(which.stdout.trim()).toBe('/usr/bin/aws');
      const origin = await s.sandbox.git(['config', '--show-origin', '--get-all', 'credential.helper']);
      expect(origin.stdout.trim()).toBe(
        `file:${s.sandbox.gitConfigPath}\t!aws codecommit credential-helper $@`,
      );
    } finally {
      await dispose(s);
    }
  });
});
