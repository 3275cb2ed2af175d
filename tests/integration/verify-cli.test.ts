import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Verdict } from '../../electron/engine/fixes/verify';
import type { ScanReport } from '../../electron/engine/model';
import { VERIFY_RUNS } from '../../electron/shared/verify-note';
import { ensureCliBuilt, runCli } from '../support/cli-run';
import { createFixSandbox, type FixSandbox } from '../support/fix-sandbox';
import { startHttpStub } from '../support/http-stub';

// `verify` and the checks inside `fix` through the built CLI, against a server that accepts
// the connection and never answers: one time limit (`--timeout`) for everything the doctor
// runs, the live check included (issue 10 item 15).

const CC_HOST = 'git-codecommit.us-east-1.amazonaws.com';

let silent: Server;
let port: number;
const held = new Set<Socket>();
let sb: FixSandbox;
let root: string;

/** Accepts every connection and never sends a byte (not even a TLS handshake). */
function startSilentServer(): Promise<Server> {
  const server = createServer((socket) => {
    held.add(socket);
    socket.on('close', () => held.delete(socket));
    socket.on('error', () => undefined);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

beforeAll(async () => {
  [silent] = await Promise.all([startSilentServer(), ensureCliBuilt()]);
  port = (silent.address() as AddressInfo).port;
  root = mkdtempSync(join(tmpdir(), 'verify-cli-'));
  sb = createFixSandbox();
  // The CodeCommit host name leads to the silent server (git's curl resolves it there).
  writeFileSync(sb.globalFile, `[http]\n\tcurloptResolve = ${CC_HOST}:${port}:127.0.0.1\n`);
}, 180_000);

afterAll(async () => {
  for (const s of held) s.destroy();
  await new Promise((r) => silent?.close(r));
  sb?.cleanup();
  if (root) rmSync(root, { recursive: true, force: true });
});

/** Whether a process still runs (a killed one may linger as a zombie until init reaps it). */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^[ZX]$/.test(stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3));
  } catch {
    return false;
  }
}

const ccUrl = () => `https://${CC_HOST}:${port}/v1/repos/demo`;

describe('what the live check runs is said once (issue 10 item 11)', () => {
  const count = (text: string) => text.split(VERIFY_RUNS).length - 1;

  it('verify says it before the verdict', async () => {
    const r = await runCli(['verify', '--repo', ccUrl(), '--timeout', '1'], sb.env, { timeoutMs: 60_000 });
    expect(count(r.stdout)).toBe(1);
    expect(r.stdout.indexOf(VERIFY_RUNS)).toBeLessThan(r.stdout.indexOf('No answer within'));
    // Every failure says what to do next (issue 12).
    expect(r.stdout).toMatch(/^Next step: git got no answer within 1\.\d s\. Check the proxy/m);
  }, 70_000);

  it('the plan of fix says it, and fix --no-verify does not', async () => {
    const plan = await runCli(['fix', '--repo', ccUrl(), '--dry-run', '--offline'], sb.env, {
      timeoutMs: 60_000,
    });
    expect(plan.stdout).toContain('What can be done:');
    expect(count(plan.stdout)).toBe(1);
    const none = await runCli(['fix', '--repo', ccUrl(), '--dry-run', '--offline', '--no-verify'], sb.env, {
      timeoutMs: 60_000,
    });
    expect(none.stdout).toContain('What can be done:');
    expect(count(none.stdout)).toBe(0);
  }, 70_000);
});

describe('one time limit: --timeout', () => {
  it('verify --timeout 2 against a server that never answers: about 2 s, a timeout verdict', async () => {
    const r = await runCli(['verify', '--repo', ccUrl(), '--timeout', '2', '--json'], sb.env, {
      timeoutMs: 60_000,
    });
    const verdict = (JSON.parse(r.stdout) as { verdict: Verdict }).verdict;
    expect(verdict).toMatchObject({ outcome: 'timeout', ok: false, short: 'timeout' });
    expect(verdict.headline).toMatch(/^No answer within 2\.\d s: git was stopped$/);
    expect(r.code).toBe(1);
    expect(r.durationMs).toBeGreaterThanOrEqual(2000);
    expect(r.durationMs).toBeLessThan(5000);
  }, 70_000);

  it('verify --timeout 2 with a credential helper that hangs: about 2 s, and the helper is gone', async () => {
    const stub = await startHttpStub({
      handler: () => ({ status: 401, headers: { 'WWW-Authenticate': 'Basic' } }),
    });
    const pidFile = join(root, 'helper.pid');
    const hanging = createFixSandbox({
      global: `[credential]\n\thelper = "!f() { sleep 60 & echo $! > ${pidFile}; wait; }; f"\n`,
    });
    try {
      const r = await runCli(
        ['verify', '--repo', `${stub.origin}/demo.git`, '--timeout', '2', '--json'],
        hanging.env,
        {
          timeoutMs: 60_000,
        },
      );
      expect((JSON.parse(r.stdout) as { verdict: Verdict }).verdict.outcome).toBe('timeout');
      expect(r.durationMs).toBeLessThan(5000);
      const pid = Number(readFileSync(pidFile, 'utf8'));
      expect(pid).toBeGreaterThan(0);
      expect(alive(pid)).toBe(false);
    } finally {
      hanging.cleanup();
      await stub.close();
    }
  }, 70_000);

  it('diagnose --timeout 2: the live check inside the scan stops at 2 s too, and says it failed', async () => {
    // AWS is a closed local port: the account phase fails at once and contacts nobody.
    const env = { ...sb.env, AWS_ENDPOINT_URL: 'http://127.0.0.1:9' };
    const r = await runCli(['diagnose', '--repo', ccUrl(), '--timeout', '2', '--json'], env, {
      timeoutMs: 60_000,
    });
    const report = JSON.parse(r.stdout) as ScanReport;
    expect(report.live?.verdict).toMatchObject({ outcome: 'timeout', ok: false });
    expect(report.findings.map((f) => f.code)).toContain('unexplained-failure');
    expect(r.code).toBe(1);
    expect(r.durationMs).toBeLessThan(10_000);
  }, 70_000);

  it('fix --timeout 2: the checks before and after the fix stop at 2 s each', async () => {
    const r = await runCli(['fix', '--repo', ccUrl(), '--yes', '--offline', '--timeout', '2'], sb.env, {
      timeoutMs: 90_000,
    });
    expect(r.stdout).toMatch(/Now: .* — No answer within 2\.\d s: git was stopped/);
    // The before/after verdict in words, never "timeout → timeout".
    expect(r.stdout).toMatch(/: before and after the fixes: the server did not answer in time\.$/m);
    // Two live checks of 2 s each, two local scans: far below the 30 s each used to take.
    expect(r.durationMs).toBeLessThan(15_000);
  }, 100_000);
});
