import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { LabIdentity, LabState } from '../state';
import { labNow } from '../state';

// Standard SigV4 for API requests (docs "Create a signed AWS API request"), as botocore's
// SigV4Auth does it: canonical request over method, URI, sorted query, the signed headers
// and the SHA-256 of the body. The Lab both verifies (server) and signs (tests that speak
// HTTP directly), with one implementation so they cannot drift apart.

/** AWS refuses a request whose X-Amz-Date is more than 15 minutes from its clock. */
export const MAX_SKEW_MS = 15 * 60 * 1000;

function hmac(key: Buffer | string, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

export function sha256Hex(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** RFC 3986 encoding (botocore's `quote(safe='-_.~')`): encodeURIComponent leaves !'()* alone. */
export function uriEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

function canonicalUri(rawPath: string): string {
  // botocore quotes the (already encoded) path once more with safe='/~' for every service but S3.
  const path = rawPath === '' ? '/' : rawPath;
  return path
    .split('/')
    .map((seg) => uriEncode(seg).replace(/%7E/g, '~'))
    .join('/');
}

function canonicalQuery(rawQuery: string): string {
  if (!rawQuery) return '';
  const pairs = rawQuery.split('&').map((p) => {
    const i = p.indexOf('=');
    const k = decodeURIComponent((i >= 0 ? p.slice(0, i) : p).replace(/\+/g, ' '));
    const v = i >= 0 ? decodeURIComponent(p.slice(i + 1).replace(/\+/g, ' ')) : '';
    return [uriEncode(k), uriEncode(v)] as const;
  });
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join('&');
}

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  if (v === undefined) return undefined;
  return Array.isArray(v) ? v.join(',') : v;
}

export interface CanonicalInput {
  method: string;
  /** Request target as sent (path and query, still encoded). */
  url: string;
  /** Lower-case header names (node's IncomingHttpHeaders). */
  headers: IncomingHttpHeaders;
  signedHeaders: string[];
  body: Buffer | string;
}

export function canonicalRequest(input: CanonicalInput): string {
  const q = input.url.indexOf('?');
  const path = q >= 0 ? input.url.slice(0, q) : input.url;
  const query = q >= 0 ? input.url.slice(q + 1) : '';
  const canonHeaders = input.signedHeaders
    .map((h) => `${h}:${(headerValue(input.headers, h) ?? '').trim().replace(/\s+/g, ' ')}\n`)
    .join('');
  return [
    input.method.toUpperCase(),
    canonicalUri(path),
    canonicalQuery(query),
    canonHeaders,
    input.signedHeaders.join(';'),
    sha256Hex(input.body),
  ].join('\n');
}

export function signature(
  secretAccessKey: string,
  amzDate: string,
  scope: string,
  canonical: string,
): string {
  const [day = '', region = '', service = ''] = scope.split('/');
  const toSign = `AWS4-HMAC-SHA256\n${amzDate}\n${scope}\n${sha256Hex(canonical)}`;
  const kSigning = hmac(hmac(hmac(hmac(`AWS4${secretAccessKey}`, day), region), service), 'aws4_request');
  return hmac(kSigning, toSign).toString('hex');
}

export function amzDate(d: Date): string {
  return d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');
}

export interface SignRequestInput {
  method: string;
  url: string;
  /** Must include `host`. Names any case; they are lower-cased. */
  headers: Record<string, string>;
  body: string;
  region: string;
  service: string;
  identity: Pick<LabIdentity, 'accessKeyId' | 'secretAccessKey' | 'sessionToken'>;
  date?: Date;
}

/** Client-side signing (what botocore does), for tests that talk to the Lab without the CLI. */
export function signRequest(input: SignRequestInput): Record<string, string> {
  const date = amzDate(input.date ?? new Date());
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(input.headers)) headers[k.toLowerCase()] = v;
  headers['x-amz-date'] = date;
  if (input.identity.sessionToken) headers['x-amz-security-token'] = input.identity.sessionToken;
  const signedHeaders = Object.keys(headers).sort();
  const scope = `${date.slice(0, 8)}/${input.region}/${input.service}/aws4_request`;
  const canonical = canonicalRequest({
    method: input.method,
    url: input.url,
    headers,
    signedHeaders,
    body: input.body,
  });
  const sig = signature(input.identity.secretAccessKey, date, scope, canonical);
  headers['authorization'] =
    `AWS4-HMAC-SHA256 Credential=${input.identity.accessKeyId}/${scope}, ` +
    `SignedHeaders=${signedHeaders.join(';')}, Signature=${sig}`;
  return headers;
}

export interface ParsedAuthorization {
  accessKeyId: string;
  day: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

const AUTH_RE =
  /^AWS4-HMAC-SHA256\s+Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request,\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]{64})\s*$/;

export function parseAuthorization(value: string | undefined): ParsedAuthorization | null {
  const m = value ? AUTH_RE.exec(value) : null;
  if (!m) return null;
  return {
    accessKeyId: m[1]!,
    day: m[2]!,
    region: m[3]!,
    service: m[4]!,
    signedHeaders: m[5]!.split(';'),
    signature: m[6]!,
  };
}

/** Auth failures with their query-protocol (IAM/STS) error code. */
export type SigV4Failure =
  | 'MissingAuthenticationToken'
  | 'IncompleteSignature'
  | 'InvalidClientTokenId'
  | 'SignatureDoesNotMatch'
  | 'ExpiredToken';

export type SigV4Result =
  | { ok: true; identity: LabIdentity; auth: ParsedAuthorization }
  | { ok: false; code: SigV4Failure; message: string; auth?: ParsedAuthorization };

function parseAmzDate(s: string | undefined): Date | null {
  const m = s ? /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(s) : null;
  if (!m) return null;
  return new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
}

const MSG_INVALID_TOKEN = 'The security token included in the request is invalid.';
const MSG_BAD_SIGNATURE =
  'The request signature we calculated does not match the signature you provided. ' +
  'Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

export function verifySigV4(
  state: LabState,
  req: { method: string; url: string; headers: IncomingHttpHeaders; body: Buffer },
): SigV4Result {
  const header = headerValue(req.headers, 'authorization');
  if (!header)
    return {
      ok: false,
      code: 'MissingAuthenticationToken',
      message: 'Request is missing Authentication Token',
    };
  const auth = parseAuthorization(header);
  if (!auth || !auth.signedHeaders.includes('host')) {
    return {
      ok: false,
      code: 'IncompleteSignature',
      message: `Authorization header requires existence of 'Credential', 'SignedHeaders' and 'Signature' parameters (host signed). Authorization=${header.split(' ')[0]}`,
    };
  }
  const identity = state.identities.find((i) => i.accessKeyId === auth.accessKeyId);
  if (!identity) return { ok: false, code: 'InvalidClientTokenId', message: MSG_INVALID_TOKEN, auth };
  const token = headerValue(req.headers, 'x-amz-security-token');
  if ((identity.sessionToken ?? undefined) !== token) {
    return { ok: false, code: 'InvalidClientTokenId', message: MSG_INVALID_TOKEN, auth };
  }
  // The token is decoded before the signature is checked, so an expired session says so.
  if (identity.expired) {
    return {
      ok: false,
      code: 'ExpiredToken',
      message: 'The security token included in the request is expired',
      auth,
    };
  }
  const dateHeader = headerValue(req.headers, 'x-amz-date');
  const signedAt = parseAmzDate(dateHeader);
  if (!signedAt || !dateHeader || dateHeader.slice(0, 8) !== auth.day) {
    return { ok: false, code: 'SignatureDoesNotMatch', message: MSG_BAD_SIGNATURE, auth };
  }
  const canonical = canonicalRequest({ ...req, signedHeaders: auth.signedHeaders });
  const scope = `${auth.day}/${auth.region}/${auth.service}/aws4_request`;
  const expected = signature(identity.secretAccessKey, dateHeader, scope, canonical);
  if (!timingSafeEqual(Buffer.from(expected), Buffer.from(auth.signature))) {
    return { ok: false, code: 'SignatureDoesNotMatch', message: MSG_BAD_SIGNATURE, auth };
  }
  const now = labNow(state);
  const skew = now.getTime() - signedAt.getTime();
  if (skew > MAX_SKEW_MS) {
    const limit = amzDate(new Date(now.getTime() - MAX_SKEW_MS));
    return {
      ok: false,
      code: 'SignatureDoesNotMatch',
      message: `Signature expired: ${dateHeader} is now earlier than ${limit} (${amzDate(now)} - 15 min.)`,
      auth,
    };
  }
  if (-skew > MAX_SKEW_MS) {
    const limit = amzDate(new Date(now.getTime() + MAX_SKEW_MS));
    return {
      ok: false,
      code: 'SignatureDoesNotMatch',
      message: `Signature not yet current: ${dateHeader} is still later than ${limit} (${amzDate(now)} + 15 min.)`,
      auth,
    };
  }
  return { ok: true, identity, auth };
}
