import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { labGitHosts, labHostFor, regionFromHost, stripPort, type LabHostKind } from './hosts';
import { createBareRepo, disposeRepoTemplate, labGitEnv } from './repos';
import { verifyGitPassword, type GitAuthFailure } from './sigv4-git';
import { emptyState, evaluate, repoArn, type LabRepo, type LabState } from './state';
import { disposeLabTls, labTls } from './tls';

/** Removes the per-process CA and template repository; call once no Lab runs any more (afterAll). */
export function disposeLabCaches(): void {
  disposeLabTls();
  disposeRepoTemplate();
}

// An HTTPS endpoint that answers git the way CodeCommit does, in front of real bare
// repositories served by `git http-backend`:
//   no Authorization           → 401 + WWW-Authenticate (git asks its helpers only after a 401)
//   bad / stale / other region → 403 (git does not erase a stored credential on 403, only on
//                                     a second 401 — so a stale cached password keeps failing)
//   repo not in that region    → 404 (git 2.39 remote-curl: "repository '…' not found")
//   GitPull / GitPush denied   → 403 (IAM, or a VPC endpoint policy the doctor cannot see)

export interface LabOptions {
  state?: LabState;
  /** Realm in WWW-Authenticate; git does not show it. */
  realm?: string;
}

export interface LabRequest {
  method: string;
  host: string;
  path: string;
  status: number;
  /** Why the Lab refused (auth failure, not-found, implicitDeny…). */
  reason?:
    | GitAuthFailure
    | 'no-authorization'
    | 'not-a-repo-path'
    | 'repo-not-found'
    | 'explicitDeny'
    | 'implicitDeny'
    | 'kms-access-denied'
    | 'endpoint-policy-deny'
    | 'backend-error';
  /** The verifier's explanation when it has one (`signed 1200 s ago`, `signed for eu-west-1, …`). */
  detail?: string;
  principalArn?: string;
}

/**
 * Response header naming why the Lab refused a request. git never prints response headers
 * (only GIT_TRACE_CURL=1 shows them), so it changes nothing git does; by hand,
 * `GIT_TRACE_CURL=1 git clone …` shows which check failed. Tests read `Lab.requests`.
 */
export const LAB_REFUSAL_HEADER = 'X-Lab-Refusal';

export interface LabUrlOptions {
  kind?: LabHostKind;
  /** Put into the URL as written (not encoded), to reproduce URL user name mistakes. */
  user?: string;
}

export interface Lab {
  state: LabState;
  port: number;
  caCertPath: string;
  /** Every host name the Lab serves (all map to 127.0.0.1 in a sandbox). */
  hosts: string[];
  /** Directory holding the Lab's repositories. */
  root: string;
  requests: LabRequest[];
  /** `host:port` the way git puts it in the credential protocol. */
  hostFor(region: string, kind?: LabHostKind): string;
  url(region: string, repo: string, opts?: LabUrlOptions): string;
  addRepo(repo: { name: string; region: string; account: string }): Promise<LabRepo>;
  stop(): Promise<void>;
}

const REPO_PATH_RE = /^\/v1\/repos\/([^/]+)(\/.*)?$/;
const GIT = '/usr/bin/git';
const BACKEND_TIMEOUT_MS = 60_000;

export async function startLab(options: LabOptions = {}): Promise<Lab> {
  const tls = await labTls();
  const state = options.state ?? emptyState();
  const realm = options.realm ?? 'CodeCommit Lab';
  const root = mkdtempSync(join(tmpdir(), 'cc-lab-'));
  const children = new Set<ChildProcess>();
  const requests: LabRequest[] = [];
  let port = 0;

  const finish = (res: ServerResponse, entry: LabRequest, headers: Record<string, string> = {}): void => {
    requests.push(entry);
    const refusal = entry.reason
      ? { [LAB_REFUSAL_HEADER]: entry.detail ? `${entry.reason}; ${entry.detail}` : entry.reason }
      : {};
    // No body: git (remote-curl show_http_message) would print a text body as `remote: …`,
    // and what CodeCommit puts there is not known here — better nothing than an invention.
    res.writeHead(entry.status, { 'Content-Length': '0', ...refusal, ...headers });
    res.end();
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const method = req.method ?? 'GET';
    const hostHeader = req.headers.host ?? '';
    const url = new URL(req.url ?? '/', 'https://lab.invalid');
    const base: Pick<LabRequest, 'method' | 'host' | 'path'> = {
      method,
      host: hostHeader,
      path: url.pathname,
    };
    const m = REPO_PATH_RE.exec(url.pathname);
    const region = regionFromHost(stripPort(hostHeader));
    if (!m || !region) return finish(res, { ...base, status: 404, reason: 'not-a-repo-path' });
    const repoName = decodeURIComponent(m[1]!);
    const rest = m[2] ?? '';

    const auth = req.headers.authorization;
    if (!auth || !/^Basic /i.test(auth)) {
      return finish(
        res,
        { ...base, status: 401, reason: 'no-authorization' },
        {
          'WWW-Authenticate': `Basic realm="${realm}"`,
        },
      );
    }
    const decoded = Buffer.from(auth.slice(6).trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const username = colon >= 0 ? decoded.slice(0, colon) : decoded;
    const password = colon >= 0 ? decoded.slice(colon + 1) : '';
    const verdict = verifyGitPassword(state, {
      username,
      password,
      host: hostHeader,
      repoPath: `/v1/repos/${repoName}`,
    });
    if (!verdict.ok)
      return finish(res, { ...base, status: 403, reason: verdict.reason, detail: verdict.detail });

    const repo = state.repos.find(
      (r) => r.name === repoName && r.region === region && r.account === verdict.account,
    );
    if (!repo)
      return finish(res, {
        ...base,
        status: 404,
        reason: 'repo-not-found',
        principalArn: verdict.principalArn,
      });

    const service = url.searchParams.get('service') ?? basename(rest);
    const action = service === 'git-receive-pack' ? 'codecommit:GitPush' : 'codecommit:GitPull';
    if (state.endpointPolicyDeny?.includes(action)) {
      return finish(res, {
        ...base,
        status: 403,
        reason: 'endpoint-policy-deny',
        principalArn: verdict.principalArn,
      });
    }
    const decision = evaluate(state, verdict.principalArn, action, repoArn(repo));
    if (decision !== 'allowed') {
      return finish(res, { ...base, status: 403, reason: decision, principalArn: verdict.principalArn });
    }
    if (repo.kmsAccessDenied) {
      return finish(res, {
        ...base,
        status: 403,
        reason: 'kms-access-denied',
        principalArn: verdict.principalArn,
      });
    }
    runBackend(req, res, repo, rest, url, verdict.principalArn, (status, reason) =>
      requests.push({ ...base, status, reason, principalArn: verdict.principalArn }),
    );
  };

  const runBackend = (
    req: IncomingMessage,
    res: ServerResponse,
    repo: LabRepo,
    rest: string,
    url: URL,
    remoteUser: string,
    log: (status: number, reason?: LabRequest['reason']) => void,
  ): void => {
    // CGI/1.1 (RFC 3875) as git-http-backend(1) expects; request headers become HTTP_*
    // (Git-Protocol → HTTP_GIT_PROTOCOL enables protocol v2, Content-Encoding gzip bodies).
    const env: NodeJS.ProcessEnv = {
      ...labGitEnv(root),
      GIT_PROJECT_ROOT: dirname(repo.gitDir),
      GIT_HTTP_EXPORT_ALL: '1',
      PATH_INFO: `/${basename(repo.gitDir)}${rest}`,
      QUERY_STRING: url.search.replace(/^\?/, ''),
      REQUEST_METHOD: req.method ?? 'GET',
      CONTENT_TYPE: req.headers['content-type'] ?? '',
      REMOTE_USER: remoteUser,
      REMOTE_ADDR: req.socket.remoteAddress ?? '127.0.0.1',
      SERVER_PROTOCOL: 'HTTP/1.1',
      GATEWAY_INTERFACE: 'CGI/1.1',
    };
    if (req.headers['content-length']) env.CONTENT_LENGTH = req.headers['content-length'];
    for (const [k, v] of Object.entries(req.headers)) {
      if (k === 'authorization' || v === undefined) continue;
      env[`HTTP_${k.toUpperCase().replace(/-/g, '_')}`] = Array.isArray(v) ? v.join(', ') : v;
    }
    const child = spawn(GIT, ['http-backend'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    children.add(child);
    const timer = setTimeout(() => child.kill('SIGKILL'), BACKEND_TIMEOUT_MS);
    child.on('close', () => {
      clearTimeout(timer);
      children.delete(child);
    });
    child.stdin.on('error', () => undefined);
    req.pipe(child.stdin);
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));

    let head = Buffer.alloc(0);
    let headersSent = false;
    child.stdout.on('data', (chunk: Buffer) => {
      if (headersSent) {
        res.write(chunk);
        return;
      }
      head = Buffer.concat([head, chunk]);
      const end = findHeaderEnd(head);
      if (!end) return;
      const { status, headers } = parseCgiHeaders(head.subarray(0, end.index).toString('latin1'));
      headersSent = true;
      res.writeHead(status, headers);
      log(status, status >= 400 ? 'backend-error' : undefined);
      const body = head.subarray(end.index + end.length);
      if (body.length) res.write(body);
    });
    child.on('close', (code) => {
      if (!headersSent) {
        log(500, 'backend-error');
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
        res.end(`git http-backend exited ${code}: ${stderr}\n`);
      } else {
        res.end();
      }
    });
    child.on('error', () => child.kill('SIGKILL'));
    res.on('close', () => {
      if (child.exitCode === null) child.kill('SIGKILL');
    });
  };

  const server: Server = createServer({ key: tls.key, cert: tls.cert }, (req, res) => {
    try {
      handle(req, res);
    } catch (e) {
      if (!res.headersSent) res.writeHead(500);
      res.end(String(e));
    }
  });
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;

  let stopped = false;
  const lab: Lab = {
    state,
    port,
    caCertPath: tls.caCertPath,
    hosts: labGitHosts(),
    root,
    requests,
    hostFor: (region, kind = 'standard') => `${labHostFor(region, kind)}:${port}`,
    url: (region, repo, opts = {}) =>
      `https://${opts.user !== undefined ? `${opts.user}@` : ''}${labHostFor(region, opts.kind)}:${port}/v1/repos/${repo}`,
    addRepo: async ({ name, region, account }) => {
      const repo: LabRepo = {
        name,
        region,
        account,
        gitDir: await createBareRepo(root, account, region, name),
      };
      state.repos.push(repo);
      return repo;
    },
    stop: async () => {
      if (stopped) return;
      stopped = true;
      for (const c of children) c.kill('SIGKILL');
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      await Promise.all(
        [...children].map(
          (c) =>
            new Promise<void>((resolve) =>
              c.exitCode !== null ? resolve() : c.once('close', () => resolve()),
            ),
        ),
      );
      rmSync(root, { recursive: true, force: true });
    },
  };
  return lab;
}

function findHeaderEnd(buf: Buffer): { index: number; length: number } | null {
  const crlf = buf.indexOf('\r\n\r\n');
  const lf = buf.indexOf('\n\n');
  if (crlf >= 0 && (lf < 0 || crlf < lf)) return { index: crlf, length: 4 };
  if (lf >= 0) return { index: lf, length: 2 };
  return null;
}

function parseCgiHeaders(text: string): { status: number; headers: Record<string, string> } {
  let status = 200;
  const headers: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i <= 0) continue;
    const name = line.slice(0, i).trim();
    const value = line.slice(i + 1).trim();
    if (name.toLowerCase() === 'status') status = Number.parseInt(value, 10) || 500;
    else headers[name] = value;
  }
  return { status, headers };
}
