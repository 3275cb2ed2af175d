import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { createContext } from '../../electron/engine/context';
import { runScan } from '../../electron/engine/scan';
import { startAwsApi } from '../lab/aws-api/server';
import { disposeLabCaches, startLab } from '../lab/git-server';
import { createSandbox } from '../lab/sandbox';
import { AWS_HELPER, LAB_ACCOUNT, makeIdentity } from '../lab/scenarios';

// Issue 12 §2 causes 3 and 11 online: a container role (what ECS, CodeBuild and EKS Pod Identity
// hand out) with no ~/.aws files at all. The real AWS CLI helper signs with it and real git
// clones from the Lab; the doctor's own SDK providers find the same identity (not "no credentials").

afterAll(() => disposeLabCaches());

/** The container credentials endpoint (the ECS agent's reply format), on loopback. */
async function containerEndpoint(creds: object): Promise<{ url: string; server: Server }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(creds));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v2/credentials/task`, server };
}

describe('a container role with no ~/.aws at all', () => {
  it('clones with the real helper, and the doctor signs in as the same identity', async () => {
    const lab = await startLab();
    const api = await startAwsApi(lab.state);
    const id = { ...makeIdentity(), sessionToken: randomBytes(24).toString('base64') };
    id.arn = `arn:aws:sts::${LAB_ACCOUNT}:assumed-role/task-role/abc123`;
    lab.state.identities.push(id);
    lab.state.policies.push({
      principalArn: `arn:aws:iam::${LAB_ACCOUNT}:role/task-role`,
      effect: 'Allow',
      actions: [
        'codecommit:GitPull',
        'codecommit:GetRepository',
        'iam:SimulatePrincipalPolicy',
        'iam:GetRole',
      ],
      resources: ['*'],
    });
    await lab.addRepo({ name: 'demo', region: 'us-east-1', account: LAB_ACCOUNT });
    const endpoint = await containerEndpoint({
      AccessKeyId: id.accessKeyId,
      SecretAccessKey: id.secretAccessKey,
      Token: id.sessionToken,
      Expiration: new Date(Date.now() + 3_600_000).toISOString(),
      RoleArn: `arn:aws:iam::${LAB_ACCOUNT}:role/task-role`,
    });
    const sb = createSandbox(lab, {
      env: {
        AWS_ENDPOINT_URL: api.url,
        AWS_CONTAINER_CREDENTIALS_FULL_URI: endpoint.url,
        ECS_CONTAINER_METADATA_URI_V4: 'http://169.254.170.2/v4/task',
        AWS_REGION: 'us-east-1',
      },
    });
    try {
      rmSync(sb.awsConfigPath);
      rmSync(sb.awsCredentialsPath);
      await sb.configAdd('credential.helper', AWS_HELPER);
      await sb.configAdd('credential.UseHttpPath', 'true');
      const url = lab.url('us-east-1', 'demo');
      const clone = await sb.git(['clone', url, 'c'], { timeoutMs: 60_000 });
      expect(clone.stderr).toMatch(/Cloning into/);
      expect(clone.code).toBe(0);

      const ctx = createContext({
        env: sb.env,
        home: sb.home,
        cwd: sb.home,
        lookupHost: async () => ['127.0.0.1'],
      });
      const r = await runScan(ctx, { target: { kind: 'url', url } });
      const codes = r.findings.map((f) => f.code);
      expect(codes).not.toContain('aws-profile-no-credentials');
      expect(codes).not.toContain('aws-identity-unknown');
      expect(r.checks.find((c) => c.id === 'aws-profile')?.message).toMatch(/ECS task role/);
      expect(r.checks.find((c) => c.id === 'account-identity')?.message).toContain(id.arn);
      expect(JSON.stringify(r)).not.toContain(id.sessionToken);
      expect(JSON.stringify(r)).not.toContain(id.secretAccessKey);
    } finally {
      endpoint.server.close();
      await sb.cleanup();
      await api.stop();
      await lab.stop();
    }
  }, 120_000);
});
