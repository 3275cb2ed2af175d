import { parseCodeCommitHost } from './codecommit-host';
import type { RemoteTarget, Transport, UrlProblem } from './model';
import { redactAddress } from '../shared/redact';

/** A parsed address, before the scan gives it its key. */
export type ParsedRemote = Omit<RemoteTarget, 'key'>;

// Turns a clone address into the RemoteTarget the checks reason about. Two readings
// matter and they differ on purpose:
// - the *intended* reading (user up to the LAST `@` of the authority), so an address
//   whose user name holds an unencoded `@` (an email, `alice@example.com@git-codecommit…`)
//   still names the CodeCommit host and the doctor can say "encode the user name";
// - `matchUrl`, the URL git's credential code matches `credential.<url>.*` against,
//   built the way credential.c credential_format() builds it (user percent-encoded).

const MAX_INPUT = 2048;
const REGION_RE = /^[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/;
// CodeCommit repository names: letters, digits, `.`, `_`, `-`, at most 100 (CreateRepository API).
const REPO_RE = /^[A-Za-z0-9._-]{1,100}$/;
const PROFILE_RE = /^[A-Za-z0-9._+=,@-]{1,128}$/;
const SCHEME_RE = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/(.*)$/s;
// scp-like syntax, as git's transport.c/connect.c recognise it: no `://`, a `:` before any `/`.
const SCP_RE = /^(?:([^@/]+)@)?([^:/@]+):(.*)$/s;

function problem(code: UrlProblem['code'], input: string, reason: string): UrlProblem {
  return { code, input: redactPassword(input), reason };
}

/** Masks the password of an address, whatever characters it holds; a password is never kept. */
export function redactPassword(input: string): string {
  return redactAddress(input);
}

function firstOf(s: string, chars: string): number {
  for (let i = 0; i < s.length; i++) if (chars.includes(s[i] as string)) return i;
  return s.length;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * Whether the user part of an authority (`user[:pass]@host[:port]`) is written in a way
 * git splits wrongly: credential.c credential_from_url() and urlmatch.c cut the user at
 * the FIRST `@` (strchr), so an unencoded `@` (or `/`, or a stray `%`) in the user name
 * makes git see a different host than the one meant.
 */
export function userNeedsEncoding(rawAuthority: string): boolean {
  const at = rawAuthority.lastIndexOf('@');
  if (at < 0) return false;
  const userinfo = rawAuthority.slice(0, at);
  const colon = userinfo.indexOf(':');
  const user = colon < 0 ? userinfo : userinfo.slice(0, colon);
  return /[@/?#\s]/.test(user) || /%(?![0-9A-Fa-f]{2})/.test(user) || /[^\x21-\x7e]/.test(user);
}

/** Percent-encodes a user name for the userinfo part of a URL (all but RFC 3986 unreserved). */
export function encodeUserForUrl(user: string): string {
  let out = '';
  for (const byte of Buffer.from(user, 'utf8')) {
    const ch = String.fromCharCode(byte);
    out += /[A-Za-z0-9._~-]/.test(ch) ? ch : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

// strbuf.c's URL_UNSAFE_CHARS, which strbuf_add_percentencode() encodes (git 2.39).
const STRBUF_UNSAFE = ' <>"%{}|\\^`:?#[]@!$&\'()*+,;=';

/** strbuf_add_percentencode(): `slash` = STRBUF_ENCODE_SLASH, `host` = STRBUF_ENCODE_HOST_AND_PORT. */
export function gitPercentEncode(s: string, mode: 'user' | 'path' | 'host'): string {
  let out = '';
  for (const byte of Buffer.from(s, 'utf8')) {
    const ch = String.fromCharCode(byte);
    let encode = byte <= 0x1f || byte >= 0x7f;
    if (!encode) {
      if (mode === 'host') encode = !/[A-Za-z0-9]/.test(ch) && !'-.:[]'.includes(ch);
      else encode = STRBUF_UNSAFE.includes(ch) || (mode === 'user' && ch === '/');
    }
    out += encode ? `%${byte.toString(16).toUpperCase().padStart(2, '0')}` : ch;
  }
  return out;
}

/** The credential URL git builds: credential_format() over the fields credential_from_url() takes. */
export function credentialUrl(c: {
  protocol: string;
  username?: string;
  host?: string;
  path?: string;
}): string {
  let out = `${c.protocol}://`;
  if (c.username) out += `${gitPercentEncode(c.username, 'user')}@`;
  if (c.host) out += gitPercentEncode(c.host, 'host');
  if (c.path) out += `/${gitPercentEncode(c.path, 'path')}`;
  return out;
}

interface RepoPath {
  repo?: string;
  ok: boolean;
}

/** `/v1/repos/<name>` with an optional trailing `/` or `.git`; `/v1/repos/` alone names the host only. */
function repoFromPath(path: string): RepoPath {
  const m = /^\/*v1\/repos\/([^/]*)\/*$/.exec(path);
  if (!m) return { ok: false };
  const name = safeDecode(m[1] ?? '').replace(/\.git$/, '');
  if (name === '') return { ok: true };
  return REPO_RE.test(name) ? { ok: true, repo: name } : { ok: false };
}

function transportOf(scheme: string): Transport | 'other' {
  if (scheme === 'https') return 'https';
  if (scheme === 'ssh' || scheme === 'git+ssh' || scheme === 'ssh+git') return 'ssh';
  return 'other';
}

/**
 * A codecommit:// address with a CodeCommit host where the repository name goes
 * (`codecommit://git-codecommit.us-west-2.amazonaws.com/v1/repos/x`). git accepts it and
 * hands it to git-remote-codecommit whole, which reads the repository name from the part
 * between `//` and the next `/` (Python's urlparse netloc, after an optional `profile@`):
 * it asks for a repository called after the host and never looks at /v1/repos/x
 * (aws/git-remote-codecommit __init__.py, Context.from_url). `codecommit::https://…` hands
 * it `https://…`, whose `https` is no Region: it stops with "The following URL is malformed".
 */
function hostAsRepo(input: string): UrlProblem | undefined {
  const m = /^codecommit(?:::([^:/]*))?:\/\/(?:([^@/]*)@)?(?:https?:\/\/)?([^/@]+?)(\/[^?#]*)?$/i.exec(input);
  if (!m?.[3]) return undefined;
  const [, region, profile, authority = '', path = ''] = m;
  const hostname = authority.replace(/:\d+$/, '').toLowerCase();
  const host = parseCodeCommitHost(hostname);
  if (!host) return undefined;
  const repo = repoFromPath(path).repo;
  const httpsInside = /^https?$/i.test(region ?? '');
  const what = httpsInside
    ? `git hands git-remote-codecommit "${input.replace(/^codecommit::/i, '')}", and it reads "${region}" where a Region belongs: it stops with "The following URL is malformed".`
    : `git accepts it, but git-remote-codecommit takes "${authority}" — the host — as the repository name (${region ? `in ${region}` : "in your AWS profile's Region"}) and ignores "${path || '/'}": CodeCommit then finds no repository of that name.`;
  const corrected = !repo
    ? undefined
    : host.kind === 'standard' && !host.china && !/:\d+$/.test(authority)
      ? `codecommit::${host.region}://${profile ? `${profile}@` : ''}${repo}`
      : `https://${authority}/v1/repos/${repo}`;
  const out = problem(
    'url-codecommit-host-as-repo',
    input,
    `${what} A codecommit address names the repository only: codecommit::<region>://[profile@]<repository>.`,
  );
  return corrected ? { ...out, corrected } : out;
}

function parseCodecommitScheme(input: string, source: string): ParsedRemote | UrlProblem {
  // git-remote-codecommit: codecommit://[profile@]repo and codecommit::<region>://[profile@]repo
  const m = /^codecommit(?:::([^:/]*))?:\/\/(?:([^@/]*)@)?([^@/]*?)\/?$/.exec(input);
  const mistaken = hostAsRepo(input);
  if (mistaken) return mistaken;
  if (!m) {
    return problem(
      'url-malformed',
      input,
      'A codecommit:// address is codecommit://[profile@]repository or codecommit::region://[profile@]repository.',
    );
  }
  const [, region, profile, repo] = m;
  if (region !== undefined && !REGION_RE.test(region)) {
    return problem('url-malformed', input, `"${region}" is not an AWS Region name (for example us-east-1).`);
  }
  if (profile !== undefined && !PROFILE_RE.test(profile)) {
    return problem('url-malformed', input, `"${profile}" is not a valid AWS profile name.`);
  }
  if (!repo || !REPO_RE.test(repo)) {
    return problem(
      'url-malformed',
      input,
      'The repository name is missing or has characters CodeCommit does not allow.',
    );
  }
  const t: ParsedRemote = { display: input, source, transport: 'codecommit', repo };
  if (profile !== undefined) t.profile = profile;
  if (region !== undefined) t.region = region;
  return t;
}

interface Authority {
  hostPort: string;
  host: string;
  port?: number;
  rawUser?: string;
  hasPassword: boolean;
}

function splitAuthority(authority: string): Authority | string {
  const at = authority.lastIndexOf('@');
  const userinfo = at >= 0 ? authority.slice(0, at) : undefined;
  const hostPort = at >= 0 ? authority.slice(at + 1) : authority;
  let rawUser: string | undefined;
  let hasPassword = false;
  if (userinfo !== undefined) {
    const colon = userinfo.indexOf(':');
    rawUser = colon < 0 ? userinfo : userinfo.slice(0, colon);
    hasPassword = colon >= 0;
  }
  const hm = /^(\[[0-9A-Fa-f:.]+\]|[^:[\]]*)(?::(\d*))?$/.exec(hostPort);
  if (!hm) return `"${hostPort}" is not a host name with an optional port.`;
  const host = hm[1] ?? '';
  if (host === '') return 'The address has no host name.';
  if (!host.startsWith('[') && !/^[A-Za-z0-9._-]+$/.test(host)) {
    return `The host name "${host}" contains characters a host name cannot have.`;
  }
  let port: number | undefined;
  if (hm[2] !== undefined && hm[2] !== '') {
    port = Number(hm[2]);
    if (!Number.isInteger(port) || port < 1 || port > 65535)
      return `The port "${hm[2]}" is not a number from 1 to 65535.`;
  }
  const out: Authority = { hostPort, host, hasPassword };
  if (port !== undefined) out.port = port;
  if (rawUser !== undefined) out.rawUser = rawUser;
  return out;
}

function pathOfCredential(rest: string): string {
  // credential_from_url(): path after the host, leading and trailing slashes trimmed, decoded.
  return safeDecode(rest.replace(/^\/+/, '').replace(/\/+$/, ''));
}

export function parseRemoteUrl(input: string, source: string): ParsedRemote | UrlProblem {
  if (typeof input !== 'string') return problem('url-malformed', String(input), 'The address is not text.');
  // Everything below reads the address with its password masked: the mask keeps the
  // characters that split an address, so the reading is the same, and no reason, display
  // or field can quote a piece of the password.
  const trimmed = redactAddress(input.trim());
  if (trimmed === '') return problem('url-malformed', input, 'The address is empty.');
  if (trimmed.length > MAX_INPUT)
    return problem(
      'url-malformed',
      trimmed.slice(0, 80) + '…',
      'The address is far too long to be a clone address.',
    );
  if (/[\s\x00-\x1f\x7f]/.test(trimmed)) {
    return problem(
      'url-malformed',
      trimmed,
      'The address contains spaces or control characters; a clone address has none.',
    );
  }
  if (/^codecommit:/i.test(trimmed)) return parseCodecommitScheme(trimmed, source);

  const sm = SCHEME_RE.exec(trimmed);
  if (sm) {
    const scheme = (sm[1] ?? '').toLowerCase();
    const rest = sm[2] ?? '';
    const authEnd = firstOf(rest, '/?#');
    const auth = splitAuthority(rest.slice(0, authEnd));
    if (typeof auth === 'string') return problem('url-malformed', trimmed, auth);
    const tail = rest.slice(authEnd);
    const hostname = auth.host.toLowerCase();
    const codecommit = parseCodeCommitHost(hostname);
    if (!codecommit) {
      return problem(
        'url-not-codecommit',
        trimmed,
        `${hostname} is not an AWS CodeCommit host (git-codecommit.<region>.amazonaws.com).`,
      );
    }
    const transport = transportOf(scheme);
    if (transport === 'other' && scheme !== 'http') {
      return problem(
        'url-malformed',
        trimmed,
        `CodeCommit addresses start with https:// or ssh://, not ${scheme}://.`,
      );
    }
    const pathOnly = tail.replace(/[?#].*$/s, '');
    const rp = repoFromPath(pathOnly);
    if (!rp.ok) {
      return problem('url-malformed', trimmed, 'A CodeCommit address ends in /v1/repos/<repository name>.');
    }
    const t: ParsedRemote = { display: trimmed, source, transport, hostname, codecommit };
    if (auth.port !== undefined) t.port = auth.port;
    if (rp.repo !== undefined) t.repo = rp.repo;
    if (auth.rawUser !== undefined && auth.rawUser !== '') {
      t.rawUser = auth.rawUser;
      t.user = safeDecode(auth.rawUser);
    }
    if (scheme === 'https' || scheme === 'http') {
      t.matchUrl = credentialUrl({
        protocol: scheme,
        username: t.user,
        host: auth.hostPort,
        path: pathOfCredential(pathOnly),
      });
    }
    return t;
  }

  const scp = SCP_RE.exec(trimmed);
  if (scp) {
    const [, rawUser, host = '', path = ''] = scp;
    // `C:\repo` or `C:/repo`: git reads a one-letter "host" as a Windows drive, a local folder.
    if (/^[A-Za-z]$/.test(host))
      return problem('url-malformed', trimmed, 'This is a folder path, not a clone address.');
    if (!/^[A-Za-z0-9._-]+$/.test(host))
      return problem(
        'url-malformed',
        trimmed,
        `The host name "${host}" contains characters a host name cannot have.`,
      );
    const hostname = host.toLowerCase();
    const codecommit = parseCodeCommitHost(hostname);
    if (!codecommit) {
      return problem(
        'url-not-codecommit',
        trimmed,
        `${hostname} is not an AWS CodeCommit host (git-codecommit.<region>.amazonaws.com).`,
      );
    }
    const rp = repoFromPath(path);
    if (!rp.ok)
      return problem(
        'url-malformed',
        trimmed,
        'A CodeCommit SSH address ends in :v1/repos/<repository name>.',
      );
    const t: ParsedRemote = { display: trimmed, source, transport: 'ssh', hostname, codecommit };
    if (rp.repo !== undefined) t.repo = rp.repo;
    // `user:pass@host:path`: the user ends at the first `:`, as in a URL.
    const user = rawUser?.split(':')[0];
    if (user !== undefined && user !== '') {
      t.rawUser = user;
      t.user = safeDecode(user);
    }
    return t;
  }

  return problem(
    'url-malformed',
    trimmed,
    'This does not look like a clone address. A CodeCommit address looks like https://git-codecommit.us-east-1.amazonaws.com/v1/repos/MyRepo.',
  );
}
