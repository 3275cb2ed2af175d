import { randomUUID } from 'node:crypto';

// The two wire formats the Lab speaks. IAM and STS use the AWS query protocol: XML
// `<{Action}Response xmlns=…><{Action}Result>…</{Action}Result><ResponseMetadata>…`, lists as
// `<member>` elements, errors as `<ErrorResponse>` (botocore parsers.QueryParser). CodeCommit
// uses JSON 1.1: the body is the output shape, errors carry `__type` (botocore JSONParser
// strips anything before a `#`).

export const IAM_NS = 'https://iam.amazonaws.com/doc/2010-05-08/';
export const STS_NS = 'https://sts.amazonaws.com/doc/2011-06-15/';

export interface ApiError {
  code: string;
  status: number;
  message: string;
  /** Query protocol `<Type>`: Sender for client errors, Receiver for service faults. */
  type?: 'Sender' | 'Receiver';
}

export function apiError(code: string, status: number, message: string): ApiError {
  return { code, status, message, type: status >= 500 ? 'Receiver' : 'Sender' };
}

export function newRequestId(): string {
  return randomUUID();
}

export function xmlEscape(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** A value in a query-protocol reply: arrays become `<member>` lists, objects nested elements. */
export type XmlValue = string | number | boolean | undefined | XmlValue[] | { [k: string]: XmlValue };

export function toXml(value: XmlValue): string {
  if (value === undefined) return '';
  if (Array.isArray(value)) return value.map((v) => `<member>${toXml(v)}</member>`).join('');
  if (typeof value === 'object') {
    return Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `<${k}>${toXml(v)}</${k}>`)
      .join('');
  }
  return xmlEscape(String(value));
}

export function queryResponse(
  action: string,
  ns: string,
  result: { [k: string]: XmlValue } | null,
  requestId: string,
): string {
  const body = result === null ? '' : `<${action}Result>${toXml(result)}</${action}Result>`;
  return (
    `<${action}Response xmlns="${ns}">${body}` +
    `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>\n`
  );
}

export function queryError(err: ApiError, ns: string, requestId: string): string {
  return (
    `<ErrorResponse xmlns="${ns}"><Error><Type>${err.type ?? 'Sender'}</Type><Code>${xmlEscape(err.code)}</Code>` +
    `<Message>${xmlEscape(err.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>\n`
  );
}

/**
 * The JSON-protocol name of a query-protocol auth error: JSON services answer the same
 * failures with `…Exception` codes and HTTP 400 (e.g. UnrecognizedClientException).
 */
export function jsonFlavour(err: ApiError): ApiError {
  const map: Record<string, string> = {
    InvalidClientTokenId: 'UnrecognizedClientException',
    SignatureDoesNotMatch: 'InvalidSignatureException',
    ExpiredToken: 'ExpiredTokenException',
    MissingAuthenticationToken: 'MissingAuthenticationTokenException',
    IncompleteSignature: 'IncompleteSignatureException',
    AccessDenied: 'AccessDeniedException',
    Throttling: 'ThrottlingException',
  };
  const code = map[err.code];
  return code ? { ...err, code, status: 400 } : err;
}

export function iso(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
