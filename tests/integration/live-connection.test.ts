import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CERTIFICATES_LABEL } from '../../electron/engine/checks/live-clone';
import type { ScanReport } from '../../electron/engine/model';
import { runScan } from '../../electron/engine/scan';
import { createFixSandbox, type FixSandbox } from '../support/fix-sandbox';
import { selfSignedCert, startHttpStub, type StubServer } from '../support/http-stub';

// When the network refuses, the live check is the evidence: a finding of its own with what to
// do next — an SSH remote that cannot get out is offered its HTTPS form (journaled), a
// certificate git does not trust shows what the server presented. Real git; AWS is a closed
// local port and no name is looked up, so nothing leaves the machine.

const HOST = 'git-codecommit.us-east-1.amazonaws.com';
const GUIDE = '[credential]\n\thelper = !aws codecommit credential-helper $@\n\tUseHttpPath = true\n';

let tls: StubServer;
const sandboxes: FixSandbox[] = [];

beforeAll(async () => {
  tls = await startHttpStub({ tls: await selfSignedCert(), handler: () => ({ status: 404 }) });
});
afterAll(async () => {
  await tls?.close();
});
afterEach(() => {
  while (sandboxes.length) sandboxes.pop()?.cleanup();
});

function sandbox(global: string, env: Record<string, string> = {}): FixSandbox {
  const sb = createFixSandbox({ global, env: { AWS_ENDPOINT_URL: 'http://127.0.0.1:9', ...env } });
  sandboxes.push(sb);
  return sb;
}

const online = (sb: FixSandbox, target: Parameters<typeof runScan>[1]['target']): Promise<ScanReport> =>
  runScan({ ...sb.ctx, lookupHost: async () => [] }, { target });

describe('the network refuses', () => {
  it('SSH cannot get out (port 22): connection-blocked, and the folder is offered its HTTPS address', async () => {
    // OpenSSH's own line when its connection times out (ConnectTimeout), as git shows it.
    const sb = sandbox(GUIDE);
    const ssh = path.join(sb.bin, 'ssh-blocked');
    writeFileSync(
      ssh,
      `#!/bin/sh\necho "ssh: connect to host ${HOST} port 22: Connection timed out" >&2\nexit 255\n`,
    );
    chmodSync(ssh, 0o755);
    const dir = path.join(sb.home, 'repo');
    mkdirSync(dir);
    expect((await sb.git(['init', '-q', dir])).code).toBe(0);
    const remote = `ssh://APKAEIBAERJR2EXAMPLE@${HOST}/v1/repos/demo`;
    expect((await sb.git(['-C', dir, 'remote', 'add', 'origin', remote])).code).toBe(0);
    expect((await sb.git(['-C', dir, 'config', 'core.sshCommand', ssh])).code).toBe(0);

    const report = await online(sb, { kind: 'dir', path: dir });
    expect(report.live?.verdict).toMatchObject({ outcome: 'connect', ok: false });
    expect(report.live?.verdict?.nextStep).toContain('many company networks block outgoing port 22');
    const f = report.findings.find((x) => x.code === 'connection-blocked');
    expect(f?.explanation).toContain(
      `Right now, git says: Could not connect to ${HOST} port 22: Connection timed out.`,
    );
    const https = f?.fixes.find((o) => o.id === 'connection-blocked:use-https:origin');
    expect(https?.steps).toEqual([
      { type: 'remote-set-url', dir, remote: 'origin', from: remote, to: `https://${HOST}/v1/repos/demo` },
    ]);
    expect(https).toMatchObject({ kind: 'suggestion', reversible: true });
    expect(report.findings.map((x) => x.code)).not.toContain('unexplained-failure');
  });

  it('a certificate git does not trust: connection-tls with what the server showed and the CA steps', async () => {
    const sb = sandbox(`${GUIDE}[http]\n\tcurloptResolve = ${HOST}:${tls.port}:127.0.0.1\n`);
    const report = await online(sb, { kind: 'url', url: `https://${HOST}:${tls.port}/v1/repos/demo` });
    expect(report.live?.verdict?.outcome).toBe('tls');
    const f = report.findings.find((x) => x.code === 'connection-tls');
    const shown = f?.evidence.find((e) => e.kind === 'text' && e.label === CERTIFICATES_LABEL);
    // Which store git read (is it the system's?) and what it made of the server's certificate.
    expect(shown && shown.kind === 'text' ? shown.detail : '').toMatch(
      /found \d+ certificates in \/etc\/ssl\/certs[\s\S]*server certificate verification failed/,
    );
    expect(f?.fixes.map((o) => o.description).join('\n')).toMatch(
      /http\.sslBackend schannel[\s\S]*AWS_CA_BUNDLE/,
    );
    expect(report.live?.explainedBy).toEqual(['connection-tls']);
  });
});
