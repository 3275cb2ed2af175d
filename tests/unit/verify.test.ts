import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createContext } from '../../electron/engine/context';
import {
  beforeAfter,
  classifyLsRemote,
  scrubSecrets,
  verifyRemote,
  type Verdict,
} from '../../electron/engine/fixes/verify';
import type { RunOptions, RunResult, Runner } from '../../electron/engine/runner';

const FIX = join(__dirname, '../fixtures/verify');
const read = (f: string): string => readFileSync(join(FIX, f), 'utf8');

const CC = 'https://git-codecommit.us-east-1.amazonaws.com/v1/repos/demo';
const GH = 'https://github.com/hacker65536/aws-cdk.git';

function run(partial: Partial<RunResult> & { url?: string }): RunResult {
  const { url = CC, ...rest } = partial;
  return {
    command: 'git',
    args: ['ls-remote', '--', url],
    exitCode: 128,
    signal: null,
    stdout: '',
    stderr: '',
    timedOut: false,
    notFound: false,
    durationMs: 420,
    ...rest,
  };
}

const fromFixture = (file: string, url = CC): Verdict => classifyLsRemote(run({ stderr: read(file), url }));

describe('classifyLsRemote on real git output', () => {
  it('ok: counts the listed refs (HEAD, main, tag)', () => {
    const v = classifyLsRemote(run({ exitCode: 0, stdout: read('ls-remote-ok.debian12.stdout.txt') }));
    expect(v).toMatchObject({ outcome: 'ok', ok: true, refs: 3, headline: 'Works: lists 3 refs' });
    expect(v.short).toBe('works (3 refs)');
    expect(v.durationMs).toBe(420);
  });

  it('ok: an empty repository lists nothing and still works', () => {
    const v = classifyLsRemote(run({ exitCode: 0, stdout: '' }));
    expect(v).toMatchObject({ outcome: 'ok', ok: true, refs: 0, short: 'works (0 refs)' });
    expect(v.headline).toContain('empty');
  });

  it('forbidden: the CodeCommit 403 line', () => {
    const v = fromFixture('git-codecommit-https-403.aws-bookstore-issue13.txt');
    expect(v).toMatchObject({ outcome: 'forbidden', ok: false, short: '403' });
    expect(v.headline).toBe('CodeCommit refused the password (403)');
    expect(v.detail).toContain('The requested URL returned error: 403');
    expect(v.refs).toBeUndefined();
  });

  it('forbidden: a GitHub 403 is not called CodeCommit', () => {
    const v = fromFixture('git-github-https-403-permission-denied-to-user.txt', GH);
    expect(v.outcome).toBe('forbidden');
    expect(v.headline).toBe('The server refused the password (403)');
  });

  it('unauthorized: "Authentication failed for" after credentials were sent', () => {
    const v = fromFixture('ls-remote-401-authentication-failed.debian12.stderr.txt');
    expect(v).toMatchObject({ outcome: 'unauthorized', short: '401' });
    expect(v.headline).toBe('CodeCommit rejected the credentials (401)');
  });

  it('repo-not-found: remote-curl turns 404 into "repository … not found"', () => {
    const v = fromFixture('ls-remote-404-repository-not-found.debian12.stderr.txt');
    expect(v).toMatchObject({ outcome: 'repo-not-found', short: '404 not found' });
    expect(v.headline).toContain('no such repository (404)');
  });

  it('username-wanted: terminal prompts disabled (CodeCommit and GitHub)', () => {
    const cc = fromFixture('ls-remote-username-terminal-prompts-disabled.codecommit.debian12.stderr.txt');
    expect(cc).toMatchObject({ outcome: 'username-wanted', short: 'asks for user name' });
    expect(cc.headline).toBe(
      'git asked for a user name: no credential helper gave one (terminal prompts disabled)',
    );
    const gh = fromFixture(
      'git-terminal-prompts-disabled.github.ethereal-issue1.txt',
      'https://github.com/x/y',
    );
    expect(gh.outcome).toBe('username-wanted');
  });

  it('username-wanted: "Device not configured" and "No such device or address" too', () => {
    for (const reason of ['Device not configured', 'No such device or address']) {
      const v = classifyLsRemote(run({ stderr: `fatal: could not read Username for '${CC}': ${reason}\n` }));
      expect(v.outcome).toBe('username-wanted');
      expect(v.headline).toContain(reason);
    }
  });

  it('dns', () => {
    const v = fromFixture(
      'ls-remote-dns.debian12.stderr.txt',
      'https://git-codecommit.us-east-1.amazonaws.com.invalid/v1/repos/demo',
    );
    expect(v).toMatchObject({ outcome: 'dns', short: 'DNS' });
    expect(v.headline).toBe(
      'Could not find the host git-codecommit.us-east-1.amazonaws.com.invalid (DNS lookup failed)',
    );
  });

  it('tls: self-signed certificate, and the other TLS wordings', () => {
    const v = fromFixture(
      'ls-remote-tls-self-signed.debian12.stderr.txt',
      'https://127.0.0.1:35615/v1/repos/demo',
    );
    expect(v).toMatchObject({ outcome: 'tls', short: 'TLS error' });
    expect(v.headline).toContain('server certificate verification failed');
    for (const line of [
      "fatal: unable to access 'x': SSL certificate problem: unable to get local issuer certificate",
      "fatal: unable to access 'x': OpenSSL SSL_connect: SSL_ERROR_SYSCALL in connection to h:443",
      "fatal: unable to access 'x': gnutls_handshake() failed: The TLS connection was non-properly terminated.",
    ]) {
      expect(classifyLsRemote(run({ stderr: line })).outcome).toBe('tls');
    }
  });

  it('ssh-denied: the Jenkins capture with timestamps and randomart', () => {
    const v = fromFixture(
      'git-codecommit-ssh-permission-denied.jenkins.govuk-developer-docs-pr3502.txt',
      'ssh://git-codecommit.eu-west-2.amazonaws.com/v1/repos/govuk-app-deployment',
    );
    expect(v).toMatchObject({ outcome: 'ssh-denied', short: 'SSH denied' });
    expect(v.headline).toBe('CodeCommit refused the SSH key (Permission denied (publickey))');
  });

  it('remote-helper-missing: both captures, and the Debian one', () => {
    for (const f of [
      'git-remote-codecommit-not-a-git-command.git-remote-codecommit-issue23.txt',
      'git-remote-codecommit-not-a-git-command.with-remote-helper-aborted.obsidian-plugin.txt',
      'ls-remote-codecommit-scheme-no-remote-helper.debian12.stderr.txt',
    ]) {
      const v = fromFixture(f, 'codecommit::us-east-1://demo');
      expect(v.outcome, f).toBe('remote-helper-missing');
      expect(v.headline).toBe('git-remote-codecommit is not installed or not on PATH');
    }
  });

  it('timeout wins over whatever was printed', () => {
    const v = classifyLsRemote(
      run({ timedOut: true, signal: 'SIGKILL', exitCode: null, durationMs: 1500, stderr: 'fatal: x 403' }),
    );
    expect(v).toMatchObject({ outcome: 'timeout', short: 'timeout', ok: false });
    expect(v.headline).toBe('No answer within 1.5 s: git was stopped');
  });

  it('other: an HTTP status with no class of its own', () => {
    const v = fromFixture('ls-remote-500.debian12.stderr.txt');
    expect(v).toMatchObject({ outcome: 'other', short: '500', headline: 'CodeCommit answered HTTP 500' });
  });

  it("connect: ssh's connection refused, named with its host and port, not git's boilerplate", () => {
    const v = fromFixture(
      'ls-remote-ssh-connection-refused.debian12.stderr.txt',
      'ssh://APKAEIBAERJR2EXAMPLE@127.0.0.1:1/v1/repos/demo',
    );
    expect(v).toMatchObject({ outcome: 'connect', short: 'no connection' });
    expect(v.headline).toBe('Could not connect to 127.0.0.1 port 1: Connection refused');
    expect(v.detail).toContain('and the repository exists.');
    // SSH that cannot connect: the way out is the HTTPS form of the address.
    expect(v.nextStep).toContain('port 22');
  });

  it('connect: curl could not connect to the address itself', () => {
    const v = fromFixture(
      'ls-remote-https-connection-refused.debian12.stderr.txt',
      'https://127.0.0.1:1/v1/repos/demo',
    );
    expect(v).toMatchObject({ outcome: 'connect', short: 'no connection' });
    expect(v.headline).toBe("Could not connect to 127.0.0.1 port 1: Couldn't connect to server");
  });

  it('proxy: a 407, an unknown proxy host, and a connection refused by a host that is not the address', () => {
    const cases: [string, string][] = [
      [
        'ls-remote-proxy-407.debian12.stderr.txt',
        'The proxy stopped git: CONNECT tunnel failed, response 407',
      ],
      [
        'ls-remote-proxy-unresolvable.debian12.stderr.txt',
        'The proxy stopped git: Could not resolve proxy: proxy.corp.invalid',
      ],
      [
        'ls-remote-proxy-connection-refused.debian12.stderr.txt',
        "Could not connect to the proxy 127.0.0.1 port 1: Couldn't connect to server",
      ],
    ];
    for (const [file, headline] of cases) {
      const v = fromFixture(file);
      expect(v, file).toMatchObject({ outcome: 'proxy', short: 'proxy', headline });
      expect(v.nextStep).toContain('http.proxy');
    }
    // curl 7.x's wording of the 407.
    expect(
      classifyLsRemote(
        run({ stderr: "fatal: unable to access 'x': Received HTTP code 407 from proxy after CONNECT" }),
      ).outcome,
    ).toBe('proxy');
  });

  it('other: git not found, a spawn error, no output at all', () => {
    expect(classifyLsRemote(run({ notFound: true, exitCode: null })).headline).toBe(
      'git could not be started: git was not found',
    );
    expect(classifyLsRemote(run({ error: 'EPERM', exitCode: null })).outcome).toBe('other');
    expect(classifyLsRemote(run({ exitCode: 2 })).headline).toBe(
      'git failed with exit code 2 and printed nothing',
    );
  });
});

describe('helper errors come first and keep what followed', () => {
  it('gcm-issue697: names the aws helper, not the renamed GCM, then the 403', () => {
    const v = fromFixture('git-codecommit-credential-helper-aws-not-found.windows.gcm-issue697.txt');
    expect(v).toMatchObject({ outcome: 'helper-error', followedBy: 'forbidden', short: 'helper error, 403' });
    expect(v.headline).toBe(
      'The credential helper "aws codecommit credential-helper $@" failed: aws: command not found ' +
        '(and 1 more helper error); then CodeCommit refused the password (403)',
    );
    expect(v.detail).toContain('The requested URL returned error: 403');
    expect(v.detail).toContain("'credential-manager' is not a git command");
  });

  it('rkt-issue3749: a bad interpreter, then 403', () => {
    const v = fromFixture('git-codecommit-credential-helper-bad-interpreter.windows.rkt-issue3749.txt');
    expect(v).toMatchObject({ outcome: 'helper-error', followedBy: 'forbidden' });
    expect(v.headline).toContain('"aws codecommit credential-helper --profile AdministratorT $@" failed:');
    expect(v.headline).toContain('bad interpreter: No such file or directory');
  });

  it('vscode askpass: aws not found, then Device not configured', () => {
    const v = fromFixture(
      'git-codecommit-credential-helper-aws-not-found.vscode-askpass.device-not-configured.txt',
    );
    expect(v).toMatchObject({ outcome: 'helper-error', followedBy: 'username-wanted' });
    expect(v.short).toBe('helper error, asks for user name');
    // The askpass script's own "command not found" lines are not credential helpers.
    expect(v.headline).not.toContain('more helper error');
  });

  it("the AWS helper's 'path' names the missing UseHttpPath", () => {
    const v = fromFixture('ls-remote-aws-helper-path.no-usehttppath.debian12.stderr.txt');
    expect(v).toMatchObject({ outcome: 'helper-error', followedBy: 'username-wanted' });
    expect(v.headline).toContain('credential.UseHttpPath is not set');
  });

  it('dash "not found" followed by 403', () => {
    const v = fromFixture('ls-remote-helper-not-found-dash-then-403.debian12.stderr.txt');
    expect(v).toMatchObject({ outcome: 'helper-error', followedBy: 'forbidden' });
    expect(v.headline).toContain(
      '"aws-missing codecommit credential-helper $@" failed: aws-missing: not found',
    );
  });

  it("a named helper that is not installed ('credential-nonexistent')", () => {
    const v = fromFixture('ls-remote-credential-helper-not-a-git-command.debian12.stderr.txt');
    expect(v).toMatchObject({ outcome: 'helper-error', followedBy: 'username-wanted' });
    expect(v.headline).toContain("'credential-nonexistent' is not a git command");
  });

  it('a helper error printed on the way to a success does not spoil it', () => {
    const v = classifyLsRemote(
      run({
        exitCode: 0,
        stderr: 'aws: command not found\n',
        stdout: read('ls-remote-ok.debian12.stdout.txt'),
      }),
    );
    expect(v).toMatchObject({ outcome: 'ok', refs: 3 });
    expect(v.detail).toBe('aws: command not found');
  });
});

describe('secrets never reach the verdict', () => {
  it('scrubs user:password in URLs, password= lines, session tokens and Authorization', () => {
    const stderr = [
      "fatal: unable to access 'https://alice:hunter2@git-codecommit.us-east-1.amazonaws.com/v1/repos/x/': The requested URL returned error: 403",
      'password=20261122T111713Zfdd89be253d4746ea527ffb6f0397bd82bf6686ea581e6e16d48532349d3502a',
      'username=ASIAEXAMPLE%IQoJb3JpZ2luX2VjEXAMPLETOKEN',
      '=> Send header: Authorization: Basic YWxpY2U6aHVudGVyMg==',
    ].join('\n');
    const v = classifyLsRemote(run({ stderr, url: CC.replace('https://', 'https://alice:hunter2@') }));
    const all = JSON.stringify(v);
    for (const secret of ['hunter2', 'fdd89be253d4', 'IQoJb3JpZ2lu', 'YWxpY2U6aHVudGVyMg']) {
      expect(all).not.toContain(secret);
    }
    expect(v.detail).toContain('https://alice:***@git-codecommit');
    expect(v.detail).toContain('password=***');
    expect(v.detail).toContain('username=ASIAEXAMPLE%***');
    expect(v.outcome).toBe('forbidden');
  });

  it('property: a password in any URL git echoes is gone from every field', () => {
    // Every character RFC 3986 allows unencoded in userinfo; 6+ so it cannot occur by chance.
    const userArb = fc.stringMatching(/^[A-Za-z0-9._~!$&'()*+,;=%-]{1,20}$/);
    const passArb = fc.stringMatching(/^[A-Za-z0-9._~!$&'()*+,;=%:-]{6,30}$/);
    fc.assert(
      fc.property(userArb, passArb, (user, pass) => {
        fc.pre(!user.includes(pass));
        const url = `https://${user}:${pass}@git-codecommit.us-east-1.amazonaws.com/v1/repos/r`;
        const v = classifyLsRemote(
          run({ url, stderr: `fatal: could not read Password for '${url}': terminal prompts disabled\n` }),
        );
        const all = JSON.stringify(v);
        return (
          !all.includes(pass) && v.outcome === 'username-wanted' && scrubSecrets(url).includes(`${user}:***@`)
        );
      }),
      { numRuns: 300 },
    );
  });
});

describe('every failure carries its next step', () => {
  const OUTCOMES: [string, string, RegExp][] = [
    ['git-codecommit-https-403.aws-bookstore-issue13.txt', CC, /codecommit:GitPull/],
    ['ls-remote-401-authentication-failed.debian12.stderr.txt', CC, /HTTPS Git credentials/],
    [
      'ls-remote-404-repository-not-found.debian12.stderr.txt',
      CC,
      /get-repository --repository-name demo --region us-east-1/,
    ],
    [
      'ls-remote-username-terminal-prompts-disabled.codecommit.debian12.stderr.txt',
      CC,
      /credential\.UseHttpPath = true/,
    ],
    [
      'ls-remote-aws-helper-path.no-usehttppath.debian12.stderr.txt',
      CC,
      /host=git-codecommit\.us-east-1\.amazonaws\.com/,
    ],
    ['ls-remote-dns.debian12.stderr.txt', CC, /nslookup/],
    [
      'ls-remote-tls-self-signed.debian12.stderr.txt',
      CC,
      /http\.sslBackend schannel[\s\S]*http\.sslCAInfo[\s\S]*ca_bundle[\s\S]*AWS_CA_BUNDLE/,
    ],
    [
      'ls-remote-codecommit-scheme-no-remote-helper.debian12.stderr.txt',
      'codecommit::us-east-1://demo',
      /pip install git-remote-codecommit/,
    ],
    ['ls-remote-500.debian12.stderr.txt', CC, /GIT_TRACE=1/],
  ];
  for (const [file, url, step] of OUTCOMES) {
    it(file, () => {
      const v = fromFixture(file, url);
      expect(v.ok).toBe(false);
      expect(v.nextStep).toMatch(step);
    });
  }

  it('ok has none; a timeout on SSH offers the HTTPS form, on HTTPS the proxy and a waiting helper', () => {
    expect(classifyLsRemote(run({ exitCode: 0 })).nextStep).toBeUndefined();
    const timedOut = { timedOut: true, exitCode: null, durationMs: 15_000 };
    const ssh = classifyLsRemote(
      run({ ...timedOut, url: 'ssh://git-codecommit.eu-west-1.amazonaws.com/v1/repos/web' }),
    );
    expect(ssh.outcome).toBe('timeout');
    expect(ssh.nextStep).toBe(
      'Nothing answered on SSH port 22 within 15 s: many company networks block outgoing port 22. Use the HTTPS address instead (https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/web), which goes through port 443 like a web page, with the AWS helper or HTTPS Git credentials.',
    );
    const https = classifyLsRemote(run({ ...timedOut }));
    expect(https.nextStep).toMatch(/proxy[\s\S]*MFA/);
  });
});

describe('beforeAfter', () => {
  it('"403 → works (3 refs)"', () => {
    const before = fromFixture('git-codecommit-https-403.aws-bookstore-issue13.txt');
    const after = classifyLsRemote(run({ exitCode: 0, stdout: read('ls-remote-ok.debian12.stdout.txt') }));
    expect(beforeAfter(before, after)).toBe('403 → works (3 refs)');
    expect(beforeAfter(after, after)).toBe('works (3 refs) → works (3 refs)');
  });
});

describe('verifyRemote', () => {
  /** Answers the settings read and `--get-url` like git with no settings, and `ls-remote` with `result`. */
  function recorder(result: Partial<RunResult> | Error): {
    runner: Runner;
    calls: [string, readonly string[], RunOptions | undefined][];
  } {
    const calls: [string, readonly string[], RunOptions | undefined][] = [];
    const runner: Runner = (command, args, options) => {
      calls.push([command, args, options]);
      if (result instanceof Error) return Promise.reject(result);
      if (args.includes('--get-url'))
        return Promise.resolve({ ...run({}), command, args, exitCode: 0, stdout: `${args.at(-1)}\n` });
      if (args[0] === 'config') return Promise.resolve({ ...run({}), command, args, exitCode: 0 });
      return Promise.resolve({ ...run({}), command, args, ...result });
    };
    return { runner, calls };
  }

  const lsRemoteCall = (calls: [string, readonly string[], RunOptions | undefined][]) =>
    calls.find(([, args]) => args.includes('ls-remote') && !args.includes('--get-url'));

  it("runs git ls-remote -- <url> within the context's time limit (--timeout), English messages and extra env", async () => {
    const { runner, calls } = recorder({ exitCode: 0, stdout: read('ls-remote-ok.debian12.stdout.txt') });
    const ctx = createContext({
      runner,
      env: { PATH: '/usr/bin', HOME: '/h' },
      cwd: '/somewhere',
    });
    const v = await verifyRemote(ctx, '-uhoh', {
      extraEnv: { GIT_CONFIG_GLOBAL: '/tmp/g' },
      timeoutMs: 4000,
    });
    expect(v.outcome).toBe('ok');
    expect(calls).toHaveLength(3);
    const [command, args, options] = lsRemoteCall(calls)!;
    expect(command).toBe('git');
    // No helper is configured: the list is still reset, so nothing git reads can store.
    expect(args).toEqual(['-c', 'credential.helper=', 'ls-remote', '--', '-uhoh']);
    expect(options?.timeoutMs).toBeLessThanOrEqual(4000);
    expect(options?.timeoutMs).toBeGreaterThan(3000);
    for (const [, , o] of calls) {
      expect(o?.cwd).toBe('/somewhere');
      expect(o?.timeoutMs).toBeLessThanOrEqual(4000);
      expect(o?.env).toMatchObject({
        PATH: '/usr/bin',
        HOME: '/h',
        LANGUAGE: 'en',
        GIT_CONFIG_GLOBAL: '/tmp/g',
      });
    }
  });

  it('passes cwd and timeoutMs through', async () => {
    const { runner, calls } = recorder({
      stderr: read('git-codecommit-https-403.aws-bookstore-issue13.txt'),
    });
    const v = await verifyRemote(createContext({ runner }), CC, { cwd: '/repo', timeoutMs: 1234 });
    expect(v.outcome).toBe('forbidden');
    expect(lsRemoteCall(calls)?.[2]).toMatchObject({ cwd: '/repo' });
    expect(lsRemoteCall(calls)?.[2]?.timeoutMs).toBeLessThanOrEqual(1234);
  });

  it('a settings read that times out is a timeout verdict, and git ls-remote is not started', async () => {
    const calls: string[][] = [];
    const runner: Runner = (command, args) => {
      calls.push([...args]);
      return Promise.resolve({ ...run({}), command, args, exitCode: null, timedOut: args[0] === 'config' });
    };
    const v = await verifyRemote(createContext({ runner, timeoutMs: 2000 }), CC);
    expect(v.outcome).toBe('timeout');
    expect(calls.some((a) => a.includes('ls-remote') && !a.includes('--get-url'))).toBe(false);
  });

  it('a runner that throws becomes an `other` verdict, never a throw', async () => {
    const { runner } = recorder(new Error('spawn exploded for https://a:secret@x'));
    const v = await verifyRemote(createContext({ runner }), CC);
    expect(v.outcome).toBe('other');
    expect(v.headline).toContain('spawn exploded');
    expect(JSON.stringify(v)).not.toContain('secret@');
  });
});
