import { parseCodeCommitHost } from '../../codecommit-host';
import type { CodeCommitHost } from '../../model';

// `git:https://[user@]host[:port][/path]` (`git` being GCM's namespace, which
// `credential.namespace` changes): the name Git Credential Manager gives a
// credential on every OS (a Credential Manager target on Windows, a keychain generic
// item's service on macOS) and the target git's wincred helper builds
// (contrib/credential/wincred: "git:" protocol "://" [username "@"] host ["/" path]).
// Shared by the Windows and macOS adapters so both apply the same strict gate.

export interface GitCredentialTarget {
  /** Exactly as stored. */
  target: string;
  /** GCM's namespace as written (`git` unless configured; '' for none at all). */
  namespace: string;
  user?: string;
  /** The CodeCommit host (lowercased, no port). */
  host: CodeCommitHost;
  port?: number;
  /** Everything after the `/` that follows the host (empty string for a trailing `/`). */
  path?: string;
}

// Whitespace, quotes and control characters never occur in a CodeCommit URL; refusing them
// keeps a target from being split or re-quoted when it becomes a command-line argument.
const TARGET_RE =
  /^(?:([^\s:/\\"@]{1,64}):)?https:\/\/(?:([^/\s"@]*(?:@[^/\s"@]*)*)@)?([^/\s"@:]+)(?::(\d{1,5}))?(?:\/([^\s"]*))?$/i;
const CONTROL_RE = /[\u0000-\u001f\u007f-\u009f]/;
const ASCII_HOST_RE = /^[A-Za-z0-9.-]+$/;

/**
 * A CodeCommit host exactly as written: printable ASCII, no trailing dot. Non-ASCII is refused
 * before lowercasing because `toLowerCase` maps some lookalikes (U+212A KELVIN SIGN → `k`) to ASCII.
 */
export function strictCodeCommitHost(raw: string): CodeCommitHost | null {
  if (!ASCII_HOST_RE.test(raw)) return null;
  const parsed = parseCodeCommitHost(raw);
  return parsed && parsed.hostname === raw.toLowerCase() ? parsed : null;
}

export interface TargetOptions {
  allowUser?: boolean;
  /**
   * The namespaces GCM may use here (`credential.namespace`, GCM_NAMESPACE; '' = no prefix),
   * compared as Credential Manager compares target names: without case. Default: `git` only.
   */
  namespaces?: readonly string[];
}

/** Parses a `<namespace>:https://…` target, or null unless its host is a CodeCommit host. */
export function parseGitCredentialTarget(
  target: string,
  options: TargetOptions = {},
): GitCredentialTarget | null {
  if (typeof target !== 'string' || target.length > 2048 || CONTROL_RE.test(target)) return null;
  const m = TARGET_RE.exec(target);
  if (!m) return null;
  const [, namespace = '', user, rawHost, rawPort, path] = m;
  const namespaces = options.namespaces ?? ['git'];
  if (!namespaces.some((n) => n.toLowerCase() === namespace.toLowerCase())) return null;
  if (rawHost === undefined) return null;
  if (user !== undefined && options.allowUser === false) return null;
  const host = strictCodeCommitHost(rawHost);
  if (!host) return null;
  const port = rawPort !== undefined ? Number(rawPort) : undefined;
  if (port !== undefined && (port < 1 || port > 65535)) return null;
  return {
    target,
    namespace,
    host,
    ...(user !== undefined ? { user } : {}),
    ...(port !== undefined ? { port } : {}),
    ...(path !== undefined ? { path } : {}),
  };
}

/** Builds the target back from its parts (the inverse of parseGitCredentialTarget). */
export function formatGitCredentialTarget(parts: {
  hostname: string;
  user?: string;
  port?: number;
  path?: string;
  namespace?: string;
}): string {
  const ns = parts.namespace ?? 'git';
  const user = parts.user !== undefined ? `${parts.user}@` : '';
  const port = parts.port !== undefined ? `:${parts.port}` : '';
  const path = parts.path !== undefined ? `/${parts.path}` : '';
  return `${ns === '' ? '' : `${ns}:`}https://${user}${parts.hostname}${port}${path}`;
}
