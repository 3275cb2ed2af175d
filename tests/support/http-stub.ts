import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { promisify } from 'node:util';

// A tiny HTTP/HTTPS server on 127.0.0.1 for tests that run real git against it. Each request
// is answered by a handler: a fixed status with headers (git's smart-HTTP client only looks
// at the status of GET /info/refs and the WWW-Authenticate header), `hang` (accept the
// request and never answer, for timeouts), or `backend` (a real bare repository served by
// `git http-backend`, so a success is real smart HTTP and not a hand-made ref advertisement).

const GIT = '/usr/bin/git';
const OPENSSL = '/usr/bin/openssl';
const run = promisify(execFile);

export interface StubRequest {
  method: string;
  path: string;
  /** The decoded user name of a Basic Authorization header (never the password). */
  user?: string;
  hasAuthorization: boolean;
}

export type StubAnswer =
  { status: number; headers?: Record<string, string>; body?: string } | { hang: true } | { backend: string };

export type StubHandler = (req: StubRequest) => StubAnswer;

export interface StubServer {
  /** `http://127.0.0.1:<port>` or `https://127.0.0.1:<port>` */
  origin: string;
  port: number;
  requests: StubRequest[];
  /** Client connections still open (a killed client's connection closes at once). */
  openConnections(): number;
  close(): Promise<void>;
}

export interface StubOptions {
  handler: StubHandler;
  /** Serve HTTPS with this key and certificate. */
  tls?: { key: string; cert: string };
}

export async function startHttpStub(options: StubOptions): Promise<StubServer> {
  const requests: StubRequest[] = [];
  const children = new Set<ChildProcess>();
  const sockets = new Set<Socket>();

  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://stub.invalid');
    const auth = req.headers.authorization;
    const entry: StubRequest = { method: req.method ?? 'GET', path: url.pathname, hasAuthorization: !!auth };
    if (auth && /^Basic /i.test(auth)) {
      const decoded = Buffer.from(auth.slice(6).trim(), 'base64').toString('utf8');
      entry.user = decoded.split(':')[0];
    }
    requests.push(entry);
    let answer: StubAnswer;
    try {
      answer = options.handler(entry);
    } catch (e) {
      answer = { status: 500, body: String(e) };
    }
    if ('hang' in answer) return;
    if ('backend' in answer) {
      serveBackend(req, res, url, answer.backend, children);
      return;
    }
    const body = answer.body ?? '';
    res.writeHead(answer.status, { 'Content-Length': String(Buffer.byteLength(body)), ...answer.headers });
    res.end(body);
  };

  const server = options.tls
    ? createHttpsServer({ key: options.tls.key, cert: options.tls.cert }, listener)
    : createHttpServer(listener);
  // git aborting a handshake with a certificate it does not trust is the expected case here.
  server.on('tlsClientError', () => undefined);
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    origin: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    port,
    requests,
    openConnections: () => sockets.size,
    close: async () => {
      for (const c of children) c.kill('SIGKILL');
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function serveBackend(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  gitDir: string,
  children: Set<ChildProcess>,
): void {
  // The path after the repository name (`/info/refs`, `/git-upload-pack`), whatever prefix
  // the test URL used; CGI/1.1 variables as git-http-backend(1) documents them.
  const m = /(\/info\/refs|\/git-upload-pack|\/git-receive-pack|\/HEAD|\/objects\/.*)$/.exec(url.pathname);
  const rest = m?.[1] ?? '/';
  const env: NodeJS.ProcessEnv = {
    PATH: '/usr/bin:/bin',
    HOME: dirname(gitDir),
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_PROJECT_ROOT: dirname(gitDir),
    GIT_HTTP_EXPORT_ALL: '1',
    PATH_INFO: `/${basename(gitDir)}${rest}`,
    QUERY_STRING: url.search.replace(/^\?/, ''),
    REQUEST_METHOD: req.method ?? 'GET',
    CONTENT_TYPE: req.headers['content-type'] ?? '',
    REMOTE_ADDR: '127.0.0.1',
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
  child.on('close', () => children.delete(child));
  child.on('error', () => undefined);
  child.stdin.on('error', () => undefined);
  req.pipe(child.stdin);
  child.stderr.resume();

  let head = Buffer.alloc(0);
  let headersSent = false;
  child.stdout.on('data', (chunk: Buffer) => {
    if (headersSent) {
      res.write(chunk);
      return;
    }
    head = Buffer.concat([head, chunk]);
    const crlf = head.indexOf('\r\n\r\n');
    const lf = head.indexOf('\n\n');
    const useCrlf = crlf >= 0 && (lf < 0 || crlf < lf);
    const end = useCrlf ? crlf : lf;
    if (end < 0) return;
    let status = 200;
    const headers: Record<string, string> = {};
    for (const line of head.subarray(0, end).toString('latin1').split(/\r?\n/)) {
      const i = line.indexOf(':');
      if (i <= 0) continue;
      const name = line.slice(0, i).trim();
      const value = line.slice(i + 1).trim();
      if (name.toLowerCase() === 'status') status = Number.parseInt(value, 10) || 500;
      else headers[name] = value;
    }
    headersSent = true;
    res.writeHead(status, headers);
    const body = head.subarray(end + (useCrlf ? 4 : 2));
    if (body.length) res.write(body);
  });
  child.on('close', (code) => {
    if (!headersSent && !res.headersSent) {
      res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end(`git http-backend exited ${code}\n`);
    } else {
      res.end();
    }
  });
}

/** A throwaway self-signed certificate for 127.0.0.1 (trusted by nobody: that is the point). */
export async function selfSignedCert(): Promise<{ key: string; cert: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'verify-tls-'));
  try {
    await run(
      OPENSSL,
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
        '-days',
        '2',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
      ],
      { timeout: 20_000 },
    );
    return {
      key: readFileSync(join(dir, 'key.pem'), 'utf8'),
      cert: readFileSync(join(dir, 'cert.pem'), 'utf8'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A bare repository `<root>/<name>.git` with one commit on `main` and one tag: 2 refs plus HEAD. */
export async function createBareRepo(root: string, name: string): Promise<string> {
  const gitDir = join(root, `${name}.git`);
  const env: NodeJS.ProcessEnv = {
    PATH: '/usr/bin:/bin',
    HOME: root,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_DIR: gitDir,
    GIT_AUTHOR_NAME: 'Stub',
    GIT_AUTHOR_EMAIL: 'stub@example.invalid',
    GIT_AUTHOR_DATE: '2025-01-01T00:00:00Z',
    GIT_COMMITTER_NAME: 'Stub',
    GIT_COMMITTER_EMAIL: 'stub@example.invalid',
    GIT_COMMITTER_DATE: '2025-01-01T00:00:00Z',
  };
  const git = (args: string[], input?: string): Promise<string> =>
    new Promise((resolve, reject) => {
      const child = execFile(GIT, args, { env, timeout: 20_000 }, (err, stdout, stderr) => {
        if (err) reject(new Error(`git ${args.join(' ')} failed: ${stderr || err.message}`));
        else resolve(stdout.trim());
      });
      if (input !== undefined) child.stdin?.end(input);
    });
  await git(['init', '--quiet', '--bare', '-b', 'main', gitDir]);
  const blob = await git(['hash-object', '-w', '--stdin'], 'stub\n');
  const tree = await git(['mktree'], `100644 blob ${blob}\tREADME.md\n`);
  const commit = await git(['commit-tree', tree, '-m', 'Initial commit']);
  await git(['update-ref', 'refs/heads/main', commit]);
  await git(['update-ref', 'refs/tags/v1', commit]);
  return gitDir;
}
