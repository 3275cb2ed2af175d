import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Lab } from './git-server';

// A throwaway HOME in which real git and the real AWS CLI run against the Lab. Nothing
// outside it is touched: git reads only GIT_CONFIG_GLOBAL (system config off), the Lab's
// host names resolve through http.curloptResolve (git ≥ 2.37), the CA through
// http.sslCAInfo, and the AWS CLI reads only the sandbox's config/credentials files.

export const SANDBOX_GIT = '/usr/bin/git';
/** /usr/bin first: the pyenv `aws` shim that comes first on this machine's PATH must never be used. */
export const DEFAULT_SANDBOX_PATH = ['/usr/bin', '/bin'];

export interface AwsProfile {
  accessKeyId?: string;
  secretAccessKey?: string;
  sessionToken?: string;
  region?: string;
}

export interface SandboxOptions {
  /** PATH entries; default /usr/bin:/bin. Anything under /root/.pyenv is dropped. */
  path?: string[];
  /** Profiles written to ~/.aws/config and ~/.aws/credentials (`default` → `[default]`). */
  awsProfiles?: Record<string, AwsProfile>;
  /** Extra environment (after the sandbox's own). */
  env?: Record<string, string>;
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  durationMs: number;
}

export interface RunOptions {
  cwd?: string;
  input?: string;
  timeoutMs?: number;
  env?: Record<string, string>;
}

export interface CredentialFields {
  protocol: string;
  host: string;
  path?: string;
  username: string;
  password: string;
}

export interface Sandbox {
  home: string;
  env: Record<string, string>;
  gitConfigPath: string;
  awsConfigPath: string;
  awsCredentialsPath: string;
  git(args: string[], opts?: RunOptions): Promise<RunResult>;
  run(file: string, args: string[], opts?: RunOptions): Promise<RunResult>;
  /** `git config --global --add key value` inside the sandbox. */
  configAdd(key: string, value: string): Promise<void>;
  /** `git credential approve`: lets the configured storing helpers save a credential. */
  credentialApprove(fields: CredentialFields): Promise<void>;
  cleanup(): Promise<void>;
}

function awsFiles(profiles: Record<string, AwsProfile>): { config: string; credentials: string } {
  let config = '';
  let credentials = '';
  for (const [name, p] of Object.entries(profiles)) {
    if (p.region)
      config += `[${name === 'default' ? 'default' : `profile ${name}`}]\nregion = ${p.region}\n\n`;
    if (p.accessKeyId || p.secretAccessKey) {
      credentials += `[${name}]\n`;
      if (p.accessKeyId) credentials += `aws_access_key_id = ${p.accessKeyId}\n`;
      if (p.secretAccessKey) credentials += `aws_secret_access_key = ${p.secretAccessKey}\n`;
      if (p.sessionToken) credentials += `aws_session_token = ${p.sessionToken}\n`;
      credentials += '\n';
    }
  }
  return { config, credentials };
}

export function createSandbox(lab: Lab, opts: SandboxOptions = {}): Sandbox {
  const home = mkdtempSync(join(tmpdir(), 'cc-lab-home-'));
  const awsDir = join(home, '.aws');
  mkdirSync(awsDir);
  mkdirSync(join(home, '.config'));
  mkdirSync(join(home, '.cache'));
  const gitConfigPath = join(home, '.gitconfig');
  const awsConfigPath = join(awsDir, 'config');
  const awsCredentialsPath = join(awsDir, 'credentials');
  const { config, credentials } = awsFiles(opts.awsProfiles ?? {});
  writeFileSync(awsConfigPath, config);
  writeFileSync(awsCredentialsPath, credentials, { mode: 0o600 });

  const resolve = lab.hosts.map((h) => `\tcurloptResolve = ${h}:${lab.port}:127.0.0.1\n`).join('');
  writeFileSync(
    gitConfigPath,
    `[http]\n\tsslCAInfo = ${lab.caCertPath}\n${resolve}` +
      `[user]\n\tname = Lab User\n\temail = lab-user@example.invalid\n[init]\n\tdefaultBranch = main\n`,
  );

  const path = (opts.path ?? DEFAULT_SANDBOX_PATH).filter((p) => !p.includes('/.pyenv'));
  // Built from nothing: no AWS_*, GIT_SSL_CAINFO, proxy or pyenv variable leaks in.
  const env: Record<string, string> = {
    HOME: home,
    USER: 'lab',
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_CACHE_HOME: join(home, '.cache'),
    GIT_CONFIG_GLOBAL: gitConfigPath,
    GIT_CONFIG_NOSYSTEM: '1',
    PATH: path.join(':'),
    AWS_CONFIG_FILE: awsConfigPath,
    AWS_SHARED_CREDENTIALS_FILE: awsCredentialsPath,
    // Without credentials the CLI would otherwise probe the EC2 metadata endpoint (seconds of timeouts).
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_PAGER: '',
    GIT_TERMINAL_PROMPT: '0',
    GIT_ASKPASS: '',
    SSH_ASKPASS: '',
    LANG: 'C',
    LC_ALL: 'C',
    TMPDIR: tmpdir(),
    ...opts.env,
  };

  const running = new Set<ChildProcess>();

  const run = (file: string, args: string[], ro: RunOptions = {}): Promise<RunResult> =>
    new Promise((resolvePromise) => {
      const started = Date.now();
      // Own process group, so a timeout also ends git-remote-https and the credential helper.
      const child = spawn(file, args, {
        cwd: ro.cwd ?? home,
        env: { ...env, ...ro.env },
        stdio: ['pipe', 'pipe', 'pipe'],
        detached: true,
      });
      running.add(child);
      let stdout = '';
      let stderr = '';
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        killGroup(child);
      }, ro.timeoutMs ?? 30_000);
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.stdin.on('error', () => undefined);
      child.stdin.end(ro.input ?? '');
      const done = (code: number, extra = '') => {
        clearTimeout(timer);
        running.delete(child);
        resolvePromise({ code, stdout, stderr: stderr + extra, timedOut, durationMs: Date.now() - started });
      };
      child.on('error', (e) => done(127, String(e)));
      child.on('close', (code, signal) => done(code ?? (signal ? 128 : 1)));
    });

  const sandbox: Sandbox = {
    home,
    env,
    gitConfigPath,
    awsConfigPath,
    awsCredentialsPath,
    run,
    git: (args, ro) => run(SANDBOX_GIT, args, ro),
    configAdd: async (key, value) => {
      const r = await run(SANDBOX_GIT, ['config', '--global', '--add', key, value]);
      if (r.code !== 0) throw new Error(`git config ${key} failed: ${r.stderr}`);
    },
    credentialApprove: async (f) => {
      const lines = [`protocol=${f.protocol}`, `host=${f.host}`];
      if (f.path !== undefined) lines.push(`path=${f.path}`);
      lines.push(`username=${f.username}`, `password=${f.password}`, '', '');
      const r = await run(SANDBOX_GIT, ['credential', 'approve'], { input: lines.join('\n') });
      if (r.code !== 0) throw new Error(`git credential approve failed: ${r.stderr}`);
    },
    cleanup: async () => {
      await Promise.all(
        [...running].map(
          (c) =>
            new Promise<void>((r) => {
              c.once('close', () => r());
              killGroup(c);
            }),
        ),
      );
      rmSync(home, { recursive: true, force: true });
    },
  };
  return sandbox;
}

function killGroup(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    child.kill('SIGKILL');
  }
}
