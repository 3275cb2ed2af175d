import { it, expect } from 'vitest';
import { startLab } from '../lab/git-server';
import { startAwsApi } from '../lab/aws-api/server';
import { createSandbox } from '../lab/sandbox';
import { makeIdentity } from '../lab/scenarios';
import { createContext } from '../../electron/engine/context';
import { runScan } from '../../electron/engine/scan';

it('smoke', async () => {
  const lab = await startLab();
  const id = makeIdentity();
  lab.state.identities.push(id);
  lab.state.policies.push({ principalArn: id.arn, effect: 'Allow', actions: ['codecommit:GetRepository', 'iam:SimulatePrincipalPolicy'], resources: ['*'] });
  await lab.addRepo({ name: 'demo', region: 'eu-west-1', account: id.account });
  const api = await startAwsApi(lab.state);
  const sb = createSandbox(lab, { awsProfiles: { default: { accessKeyId: id.accessKeyId, secretAccessKey: id.secretAccessKey, region: 'us-east-1' } }, env: { AWS_ENDPOINT_URL: api.url } });
  await sb.configAdd('credential.helper', '!aws codecommit credential-helper $@');
  await sb.configAdd('credential.UseHttpPath', 'true');
  const ctx = createContext({ env: sb.env, home: sb.home, cwd: sb.home });
  const t0 = performance.now();
  const report = await runScan(ctx, { target: { kind: 'url', url: lab.url('us-east-1', 'demo') } });
  console.log(performance.now() - t0);
  console.log(JSON.stringify(report.checks.filter((c) => c.id.startsWith('account')).map((c) => [c.id, c.status, c.message, c.findings.map((f) => f.code)]), null, 1));
  console.log(api.calls.length, JSON.stringify(api.calls.slice(0, 5)));
  await api.stop(); await sb.cleanup(); await lab.stop();
  expect(1).toBe(1);
}, 30000);
