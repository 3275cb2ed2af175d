import type { CodeCommitHost } from '../../model';
import { strictCodeCommitHost } from '../win32/git-credential-target';

// The names two GUI clients give the passwords they keep for a Git host, read from their
// own source (tests/fixtures/darwin/SOURCES.md, tests/fixtures/win32/SOURCES.md):
//
// GitHub Desktop (desktop/desktop app/src/lib/auth.ts getKeyForEndpoint, generic-git-auth.ts,
// trampoline-credential-helper.ts): service `GitHub - <endpoint>`, account = the user name,
// through keytar 7. The endpoint is `new URL('https://host/path').toString()` with the user
// name removed: `https://git-codecommit.us-east-1.amazonaws.com/` (a trailing `/`; the path
// only when git sent one). Its GitHub sign-in is `GitHub - https://api.github.com`.
//
// JetBrains IDEs (intellij-community git4idea GitHttpGuiAuthenticator: credentialAttributes,
// makeKey, changeHttpsToHttp; credentialStore generateServiceName): service
// `IntelliJ Platform Git HTTP — <key>` (an em dash), account = key, where key is the URL git
// asked about with `https` turned into `http` and the login put in: `http://login@host`.

/** An exact CodeCommit key: host, optional port and path, the scheme it was written with. */
export interface ClientKey {
  host: CodeCommitHost;
  port?: number;
  /** After the `/` that follows the host, without it; absent when nothing (or only `/`) follows. */
  path?: string;
  protocol: 'https' | 'http';
  /** A user name written inside the key (JetBrains), as written (makeKey does not encode it). */
  login?: string;
}

// A URL with nothing that could be split or re-quoted as an argument: no whitespace, quotes or
// control characters; the host part has no `@`, `:` (but for the port) or `/`.
// The login runs to the last `@` before the host (an IAM user name may hold one).
const URL_RE = /^(https?):\/\/(?:([^\s"/]+)@)?([^\s"@/:]+)(?::(\d{1,5}))?(\/[^\s"]*)?$/;
const CONTROL_RE = /[\u0000-\u001f\u007f-\u009f]/;

/** Parses `scheme://[login@]host[:port][/path]` whose host is exactly a CodeCommit host. */
function parseKeyUrl(url: string): ClientKey | null {
  if (url.length > 2048 || CONTROL_RE.test(url)) return null;
  const m = URL_RE.exec(url);
  if (!m) return null;
  const [, scheme, rawLogin, rawHost, rawPort, rawPath] = m;
  const host = rawHost !== undefined ? strictCodeCommitHost(rawHost) : null;
  if (!host || (scheme !== 'https' && scheme !== 'http')) return null;
  const port = rawPort !== undefined ? Number(rawPort) : undefined;
  if (port !== undefined && (port < 1 || port > 65535)) return null;
  // `user:password@` is never a key these clients write, and a password must not become an account.
  if (rawLogin !== undefined && rawLogin.includes(':')) return null;
  const login = rawLogin;
  const path = rawPath !== undefined && rawPath !== '/' ? rawPath.slice(1) : undefined;
  return {
    host,
    protocol: scheme,
    ...(port !== undefined ? { port } : {}),
    ...(path !== undefined ? { path } : {}),
    ...(login !== undefined ? { login } : {}),
  };
}

function formatUrl(k: Omit<ClientKey, 'host'> & { hostname: string }, trailingSlash: boolean): string {
  const login = k.login !== undefined ? `${k.login}@` : '';
  const port = k.port !== undefined ? `:${k.port}` : '';
  const path = k.path !== undefined ? `/${k.path}` : trailingSlash ? '/' : '';
  return `${k.protocol}://${login}${k.hostname}${port}${path}`;
}

// ── GitHub Desktop ───────────────────────────────────────────────────────────

export const DESKTOP_SERVICE_PREFIX = 'GitHub - ';

/** A `GitHub - <endpoint>` service for a CodeCommit host (never GitHub's own sign-in), or null. */
export function parseDesktopService(service: string): ClientKey | null {
  if (typeof service !== 'string' || !service.startsWith(DESKTOP_SERVICE_PREFIX)) return null;
  const key = parseKeyUrl(service.slice(DESKTOP_SERVICE_PREFIX.length));
  // Desktop removes the user name from the endpoint (urlWithoutCredentials): one in it is not Desktop's.
  return key && key.login === undefined && key.protocol === 'https' ? key : null;
}

export function formatDesktopService(k: { hostname: string; port?: number; path?: string }): string {
  return `${DESKTOP_SERVICE_PREFIX}${formatUrl({ ...k, protocol: 'https' }, true)}`;
}

// ── JetBrains IDEs ───────────────────────────────────────────────────────────

export const JETBRAINS_SERVICE_PREFIX = 'IntelliJ Platform Git HTTP \u2014 ';

/** An `IntelliJ Platform Git HTTP — <key>` service whose account is that key, or null. */
export function parseJetBrainsService(service: string, account: string | undefined): ClientKey | null {
  if (typeof service !== 'string' || !service.startsWith(JETBRAINS_SERVICE_PREFIX)) return null;
  const key = service.slice(JETBRAINS_SERVICE_PREFIX.length);
  // The IDE saves the item with the key as its account too: anything else is not its Git password.
  if (account !== undefined && account !== key) return null;
  return parseKeyUrl(key);
}

export function formatJetBrainsKey(k: {
  hostname: string;
  port?: number;
  path?: string;
  protocol?: string;
  login?: string;
}): string {
  return formatUrl({ ...k, protocol: k.protocol === 'https' ? 'https' : 'http' }, false);
}
