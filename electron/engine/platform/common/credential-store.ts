import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { open, realpath, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { EngineContext } from '../../context';
import { parseCodeCommitHost, splitHostPort } from '../../codecommit-host';
import type { StoreEntry, StoreProbeResult } from '../../model';
import { shownAccount } from '../account-name';
import { isMissing, readFailure, readRegularFile } from '../../safe-read';
import { helperOptionPaths } from './helper-options';
import { describeEntryKey, sameHostAccountPath, type CredentialStoreAdapter } from '../store-adapter';

// git-credential-store's plain-text files. One URL a line, written by git as
// `protocol://user:pass@host[:port][/path]` with user and password percent-encoded
// (everything but RFC 3986 unreserved characters) and host/path encoded except reserved
// characters, lowercase hex (git credential-store.c store_credential_file,
// strbuf_addstr_urlencode). Files read in git's order: ~/.git-credentials, then
// $XDG_CONFIG_HOME/git/credentials (git-credential-store(1)).

export interface CredentialStoreLine {
  protocol: string;
  /** Decoded `host[:port]` as git compares it. */
  host: string;
  /** Lowercased host name without port. */
  hostname: string;
  port?: number;
  user?: string;
  path?: string;
  /** The password itself is never kept. */
  hasPassword: boolean;
}

/** git's url_decode_mem: %XX in either case decoded as bytes, a stray % kept, '+' left alone. */
function urlDecode(s: string): string {
  if (!s.includes('%')) return s;
  const bytes: number[] = [];
  const raw = Buffer.from(s, 'utf8');
  for (let i = 0; i < raw.length; i++) {
    const b = raw[i] ?? 0;
    if (
      b === 0x25 &&
      i + 2 < raw.length &&
      /^[0-9a-fA-F]{2}$/.test(raw.subarray(i + 1, i + 3).toString('latin1'))
    ) {
      bytes.push(parseInt(raw.subarray(i + 1, i + 3).toString('latin1'), 16));
      i += 2;
    } else bytes.push(b);
  }
  return Buffer.from(bytes).toString('utf8');
}

/**
 * Parses one line the way git's credential_from_url_gently does (git 2.39 credential.c):
 * the first `@` ends user info, `/?#` end the host, leading and trailing slashes of the
 * path are trimmed. A trailing CR is ignored (git's own reader would keep it in the host,
 * so such a line never matches, but it still holds a password worth removing).
 */
export function parseCredentialStoreLine(line: string): CredentialStoreLine | null {
  const text = line.replace(/\r$/, '');
  const protoEnd = text.indexOf('://');
  if (protoEnd <= 0) return null;
  const protocol = text.slice(0, protoEnd);
  const rest = text.slice(protoEnd + 3);
  const slash = rest.search(/[/?#]/);
  const hostEnd = slash === -1 ? rest.length : slash;
  const at = rest.indexOf('@');
  let hostStart = 0;
  let user: string | undefined;
  let hasPassword = false;
  if (at !== -1 && at < hostEnd) {
    const colon = rest.indexOf(':');
    if (colon === -1 || at <= colon) {
      user = urlDecode(rest.slice(0, at));
    } else {
      user = urlDecode(rest.slice(0, colon));
      hasPassword = true;
    }
    hostStart = at + 1;
  }
  const host = urlDecode(rest.slice(hostStart, hostEnd));
  if (!host) return null;
  const { hostname, port } = splitHostPort(host);
  const result: CredentialStoreLine = { protocol, host, hostname, hasPassword };
  if (port !== undefined) result.port = port;
  if (user !== undefined) result.user = user;
  const p = rest
    .slice(hostEnd)
    .replace(/^\/+/, '')
    .replace(/(.)\/+$/, '$1');
  if (p) result.path = urlDecode(p);
  return result;
}

function entryFromLine(file: string, parsed: CredentialStoreLine): StoreEntry | null {
  // parsed.hostname is already lowercased, and toLowerCase() maps U+212A KELVIN SIGN to an
  // ASCII `k`: the raw host must be ASCII before it may count as CodeCommit.
  if (!/^[\x21-\x7e]+$/.test(parsed.host)) return null;
  const host = parseCodeCommitHost(parsed.hostname);
  if (!host) return null;
  const entry: StoreEntry = {
    store: 'git-credential-store',
    hostname: host.hostname,
    location: file,
    protocol: parsed.protocol,
    writer: 'git-credential-store',
  };
  if (parsed.port !== undefined) entry.port = parsed.port;
  Object.assign(entry, shownAccount(parsed.user));
  if (parsed.path !== undefined) entry.path = parsed.path;
  return entry;
}

function expandHome(ctx: EngineContext, p: string): string {
  if (p === '~') return ctx.home;
  if (p.startsWith('~/')) return path.join(ctx.home, p.slice(2));
  return path.resolve(ctx.cwd, p);
}

/** The files git-credential-store reads by default, in its order. */
export function defaultCredentialFiles(ctx: EngineContext): string[] {
  const xdg = ctx.env.XDG_CONFIG_HOME || path.join(ctx.home, '.config');
  return [path.join(ctx.home, '.git-credentials'), path.join(xdg, 'git', 'credentials')];
}

/** Splits a file into lines, each with its own terminator, so a rewrite can keep bytes as they were. */
function splitLines(buf: Buffer): Buffer[] {
  const lines: Buffer[] = [];
  let start = 0;
  for (let i = 0; i < buf.length; i++) {
    if (buf[i] === 0x0a) {
      lines.push(buf.subarray(start, i + 1));
      start = i + 1;
    }
  }
  if (start < buf.length) lines.push(buf.subarray(start));
  return lines;
}

function lineText(line: Buffer): string {
  return line.toString('utf8').replace(/\n$/, '');
}

export async function listCredentialStore(
  ctx: EngineContext,
  extraFiles: string[] = [],
): Promise<StoreProbeResult> {
  const files = [...new Set([...defaultCredentialFiles(ctx), ...extraFiles.map((f) => expandHome(ctx, f))])];
  const entries: StoreEntry[] = [];
  const errors: string[] = [];
  let ignored = 0;
  let anyFile = false;
  for (const file of files) {
    let buf: Buffer;
    try {
      buf = await ctx.readFile(file);
    } catch (e) {
      if (isMissing(e)) continue;
      // There, but refused (a FIFO, /dev/zero, a giant) or unreadable: the store is in use and says why.
      anyFile = true;
      errors.push(`${file}: ${readFailure(e)}`);
      continue;
    }
    anyFile = true;
    for (const line of splitLines(buf)) {
      const text = lineText(line);
      if (!text.trim()) continue;
      const parsed = parseCredentialStoreLine(text);
      const entry = parsed ? entryFromLine(file, parsed) : null;
      if (entry) entries.push(entry);
      else ignored++;
    }
  }
  const result: StoreProbeResult = { store: 'git-credential-store', available: anyFile, entries, ignored };
  if (errors.length > 0) result.error = errors.join('; ');
  return result;
}

/**
 * Removes the CodeCommit lines `match` accepts from one credential file. Every other line
 * stays byte for byte (CRLF, a missing final newline), the file keeps mode 0600, and the
 * new content replaces the old in one rename, so a crash leaves either file whole.
 */
export async function removeCodeCommitEntries(
  ctx: EngineContext,
  file: string,
  match: (e: StoreEntry) => boolean,
): Promise<{ removed: number; error?: string }> {
  let target: string;
  let buf: Buffer;
  try {
    // A dotfiles symlink stays a symlink: the file it points at is the one rewritten.
    target = await realpath(expandHome(ctx, file));
    const st = await stat(target);
    if (!st.isFile()) return { removed: 0, error: `${file} is not a regular file` };
    // Checked on the mode bits, not access(2): root passes access() on anything, and a file
    // or folder the user made read-only is a choice to respect, not to work around.
    if ((st.mode & 0o200) === 0) return { removed: 0, error: `${file} is read-only` };
    const dirSt = await stat(path.dirname(target));
    if ((dirSt.mode & 0o200) === 0) return { removed: 0, error: `${path.dirname(target)} is read-only` };
    buf = await readRegularFile(target);
  } catch (e) {
    return { removed: 0, error: `${file}: ${readFailure(e)}` };
  }

  const kept: Buffer[] = [];
  let removed = 0;
  for (const line of splitLines(buf)) {
    const parsed = parseCredentialStoreLine(lineText(line));
    const entry = parsed ? entryFromLine(file, parsed) : null;
    if (entry && match(entry)) removed++;
    else kept.push(line);
  }
  if (removed === 0) return { removed: 0 };

  const tmp = path.join(
    path.dirname(target),
    `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`,
  );
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
    await handle.writeFile(Buffer.concat(kept));
    await handle.chmod(0o600); // the umask may have taken bits off the create mode
    await handle.sync();
    await handle.close();
    handle = undefined;
    await rename(tmp, target);
  } catch (e) {
    await handle?.close().catch(() => undefined);
    await unlink(tmp).catch(() => undefined);
    return {
      removed: 0,
      error: `could not rewrite ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    };
  }
  try {
    const dir = await open(path.dirname(target), constants.O_RDONLY);
    await dir.sync().catch(() => undefined);
    await dir.close();
  } catch {
    // A folder fsync is best effort: the rename already happened.
  }
  return { removed };
}

export const credentialStoreFile: CredentialStoreAdapter = {
  kind: 'git-credential-store',
  readsGitConfig: true,
  name: 'git credential store file',
  list: (ctx, scope) =>
    listCredentialStore(ctx, scope.entry ? [scope.entry.location] : helperOptionPaths(scope.git, 'store')),
  async delete(ctx, entry) {
    const r = await removeCodeCommitEntries(ctx, entry.location, (e) =>
      credentialStoreFile.sameEntry(e, entry),
    );
    return { deleted: r.removed, ...(r.error ? { error: r.error } : {}) };
  },
  // A line is its protocol, user, host, port and path; a file can hold it twice, both go.
  sameEntry: (a, b) => sameHostAccountPath(a, b) && (a.protocol ?? '') === (b.protocol ?? ''),
  describe: (e) => `${describeEntryKey(e)} in ${e.location}`,
  // Lines are removed by rewriting the file: there is no command for it.
  deleteArgv: () => null,
};
