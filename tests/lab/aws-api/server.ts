import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { labNow, type LabState } from '../state';

import { getRepository } from './codecommit';
import { IAM_HANDLERS, STS_HANDLERS, isApiError, type Handler } from './iam';
import { verifySigV4 } from './sigv4';
import {
  IAM_NS,
  STS_NS,
  apiError,
  jsonFlavour,
  newRequestId,
  queryError,
  queryResponse,
  type ApiError,
} from './wire';

// The Lab's AWS API endpoint: STS and IAM (query protocol, XML) and the CodeCommit control
// plane (JSON 1.1) on one plain-HTTP port, told apart the way AWS's own front ends would not
// need to — by the SigV4 credential scope's service (`…/<region>/<service>/aws4_request`),
// which every client derives from the service it calls, whatever --endpoint-url says.

export type AwsService = 'sts' | 'iam' | 'codecommit';

export interface AwsApiCall {
  service: string;
  action: string;
  /** Caller ARN once the signature checked out. */
  principal?: string;
  /** Region of the credential scope. */
  region?: string;
  status: number;
  /** Error code answered, if any. */
  error?: string;
}

export interface AwsApiOptions {
  /** Delay before every answer (slow endpoint). */
  latencyMs?: number;
  /** Answer Throttling (query) / ThrottlingException (JSON) when this returns true. */
  throttle?: (action: string) => boolean;
  /** Answer this error instead of running the action (after authentication). */
  failWith?: (call: { service: string; action: string; principal?: string }) => ApiError | undefined;
}

/**
 * How the endpoint behaves at the TCP level, for network error paths:
 * `refuse` stops listening (ECONNREFUSED), `reset` accepts and drops the connection at once
 * (ECONNRESET / "socket hang up"), `hang` accepts and never answers (client timeouts).
 */
export type NetworkMode = 'up' | 'refuse' | 'reset' | 'hang';

export interface AwsApi {
  /** `http://127.0.0.1:<port>` — give it to `--endpoint-url`. */
  url: string;
  port: number;
  calls: AwsApiCall[];
  setNetwork(mode: NetworkMode): Promise<void>;
  stop(): Promise<void>;
}

const MAX_BODY = 1024 * 1024;
const THROTTLED = apiError('Throttling', 400, 'Rate exceeded');

function readBody(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY) chunks.push(c);
    });
    req.on('end', () => resolve(size <= MAX_BODY ? Buffer.concat(chunks) : null));
    req.on('error', () => resolve(null));
  });
}

function queryParams(req: IncomingMessage, body: Buffer): URLSearchParams {
  const q = (req.url ?? '/').split('?')[1] ?? '';
  const params = new URLSearchParams(q);
  const ct = String(req.headers['content-type'] ?? '');
  if (ct.startsWith('application/x-www-form-urlencoded')) {
    for (const [k, v] of new URLSearchParams(body.toString('utf8'))) params.set(k, v);
  }
  return params;
}

/** Which protocol a request speaks, when the signature cannot say (no or broken Authorization). */
function guessService(req: IncomingMessage, params: URLSearchParams): AwsService {
  if (req.headers['x-amz-target']) return 'codecommit';
  return params.get('Action') === 'GetCallerIdentity' ? 'sts' : 'iam';
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startAwsApi(state: LabState, opts: AwsApiOptions = {}): Promise<AwsApi> {
  const calls: AwsApiCall[] = [];
  const sockets = new Set<Socket>();
  let mode: NetworkMode = 'up';

  const sendQuery = (
    res: ServerResponse,
    call: AwsApiCall,
    ns: string,
    body: string | ApiError,
    rid: string,
  ) => {
    const err = isApiError(body) ? body : null;
    call.status = err ? err.status : 200;
    if (err) call.error = err.code;
    const text = err ? queryError(err, ns, rid) : (body as string);
    res.writeHead(call.status, {
      'Content-Type': 'text/xml',
      'Content-Length': String(Buffer.byteLength(text)),
      'x-amzn-RequestId': rid,
      // AWS stamps replies with its own clock: the Lab's (offset) clock, for clock-skew checks.
      Date: labNow(state).toUTCString(),
    });
    res.end(text);
  };

  const sendJson = (
    res: ServerResponse,
    call: AwsApiCall,
    body: Record<string, unknown> | ApiError,
    rid: string,
  ) => {
    const err = isApiError(body) ? jsonFlavour(body) : null;
    call.status = err ? err.status : 200;
    if (err) call.error = err.code;
    const text = JSON.stringify(err ? { __type: err.code, message: err.message } : body);
    res.writeHead(call.status, {
      'Content-Type': 'application/x-amz-json-1.1',
      'Content-Length': String(Buffer.byteLength(text)),
      'x-amzn-RequestId': rid,
      Date: labNow(state).toUTCString(),
    });
    res.end(text);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const body = await readBody(req);
    const rid = newRequestId();
    if (opts.latencyMs) await sleep(opts.latencyMs);
    if (body === null) {
      res.writeHead(413, { 'Content-Length': '0' });
      res.end();
      return;
    }
    const params = queryParams(req, body);
    const verified = verifySigV4(state, {
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      headers: req.headers,
      body,
    });
    const scopeService = verified.ok ? verified.auth.service : verified.auth?.service;
    const service: string = scopeService ?? guessService(req, params);
    const target = String(req.headers['x-amz-target'] ?? '');
    const action = service === 'codecommit' ? (target.split('.')[1] ?? '') : (params.get('Action') ?? '');
    const call: AwsApiCall = { service, action, status: 0 };
    if (verified.ok) {
      call.principal = verified.identity.arn;
      call.region = verified.auth.region;
    } else if (verified.auth) {
      call.region = verified.auth.region;
    }
    calls.push(call);
    const ns = service === 'sts' ? STS_NS : IAM_NS;
    const reply = (r: Record<string, unknown> | ApiError | null) => {
      if (service === 'codecommit') sendJson(res, call, r ?? {}, rid);
      else if (isApiError(r)) sendQuery(res, call, ns, r, rid);
      else
        sendQuery(
          res,
          call,
          ns,
          queryResponse(action, ns, r as Parameters<typeof queryResponse>[2], rid),
          rid,
        );
    };

    if (!verified.ok) {
      const status =
        verified.code === 'IncompleteSignature' || verified.code === 'MissingAuthenticationToken' ? 400 : 403;
      return reply(
        apiError(
          verified.code,
          verified.code === 'MissingAuthenticationToken' ? 403 : status,
          verified.message,
        ),
      );
    }
    if (opts.throttle?.(action)) return reply(THROTTLED);
    const injected = opts.failWith?.({ service, action, principal: call.principal });
    if (injected) return reply(injected);

    const identity = verified.identity;
    if (service === 'codecommit') {
      if (!target.startsWith('CodeCommit_20150413.') || action !== 'GetRepository') {
        return reply(apiError('UnknownOperationException', 400, ''));
      }
      let input: unknown;
      try {
        input = JSON.parse(body.toString('utf8') || '{}');
      } catch {
        return reply(
          apiError('SerializationException', 400, 'Start of structure or map found where not expected.'),
        );
      }
      return reply(getRepository(state, identity, verified.auth.region, input));
    }
    const handlers: Record<string, Handler> =
      service === 'sts' ? STS_HANDLERS : service === 'iam' ? IAM_HANDLERS : {};
    const handler = handlers[action];
    if (!handler) {
      return reply(
        apiError(
          'InvalidAction',
          400,
          `Could not find operation ${action} for version ${params.get('Version') ?? ''}`,
        ),
      );
    }
    // STS GetCallerIdentity needs no permission and works even under an explicit deny.
    return reply(handler({ state, identity, params }));
  };

  const server: Server = createServer((req, res) => {
    // `hang`: read nothing, answer nothing; the socket is destroyed on stop or mode change.
    if (mode === 'hang') return;
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end(`Lab AWS API failure: ${e instanceof Error ? e.message : String(e)}`);
    });
  });
  server.on('connection', (socket: Socket) => {
    if (mode === 'reset') {
      socket.destroy();
      return;
    }
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  const closeListener = () =>
    new Promise<void>((resolve) => {
      if (!server.listening) return resolve();
      server.close(() => resolve());
      for (const s of sockets) s.destroy();
    });

  await listen(0);
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    calls,
    async setNetwork(next) {
      mode = next;
      if (next === 'refuse') await closeListener();
      else if (!server.listening) await listen(port);
      // Connections held open by `hang` (or kept alive) must not outlive the mode.
      for (const s of sockets) s.destroy();
    },
    async stop() {
      mode = 'refuse';
      await closeListener();
    },
  };
}
