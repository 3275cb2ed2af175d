import SSHConfig, { glob, LineType } from 'ssh-config';
import type { EngineContext } from '../context';
import { pathFor } from '../context';
import type { SshFacts, SshHostFacts } from '../model';
import { isMissing, readFailure, readRegularText, UnsafeFileError } from '../safe-read';
import { askOpenSsh, publicKeyInfo } from './ssh-client';

// Reads ~/.ssh/config the way OpenSSH would for each CodeCommit host: which Host blocks
// apply, the User, the IdentityFile list. Public keys (*.pub) are listed by type and
// comment; private keys are never opened.
//
// ssh-config's compute() can run programs: `Match exec` through a shell and `nslookup`
// for CanonicalizeHostName. Every program this engine starts must go through the Runner,
// so compute runs with matchExec: false and on a copy where CanonicalizeHostName is `no`.
// OpenSSH matches Host patterns case-insensitively (match_pattern_list with dolower);
// ssh-config's glob does not, so the host and the copy's patterns are lowercased.

const MAX_PUB_BYTES = 64 * 1024;
const MAX_CONFIG_BYTES = 1024 * 1024;

export type SshUserKind = 'ssh-key-id' | 'iam-user-id' | 'access-key-id' | 'none' | 'other';

/**
 * CodeCommit over SSH wants the SSH public key ID IAM shows (APKA + 16, 20 characters).
 * The IAM user ID (AIDA…, 21 characters) and access key IDs (AKIA…/ASIA…, 20) are the
 * usual mistakes (CodeCommit user guide, setting-up-ssh-*).
 */
export function classifySshUser(user?: string): SshUserKind {
  if (user === undefined || user.trim() === '') return 'none';
  const u = user.trim();
  if (/^APKA[A-Z0-9]{16}$/.test(u)) return 'ssh-key-id';
  if (/^AIDA[A-Z0-9]{12,28}$/.test(u)) return 'iam-user-id';
  if (/^(AKIA|ASIA)[A-Z0-9]{16}$/.test(u)) return 'access-key-id';
  return 'other';
}

function valueText(value: string | { val: string }[]): string {
  return typeof value === 'string' ? value : value.map((v) => v.val).join(' ');
}

function patternsOf(value: string | { val: string }[]): string[] {
  return typeof value === 'string' ? value.split(/[\s,]+/).filter(Boolean) : value.map((v) => v.val);
}

/** OpenSSH stops on a keyword it does not know; this catches text that is not ssh_config at all. */
function badKeyword(config: SSHConfig): string | undefined {
  for (const line of config) {
    if (line.type !== LineType.DIRECTIVE) continue;
    if (!/^[A-Za-z][A-Za-z0-9]*$/.test(line.param)) return line.param;
    if ('config' in line) {
      const inner = badKeyword(line.config);
      if (inner !== undefined) return inner;
    }
  }
  return undefined;
}

/** A copy that compute() can evaluate without starting programs, with lowercased Host patterns. */
function safeCopy(text: string): SSHConfig {
  const config = SSHConfig.parse(text);
  // Lines are changed in place, never removed, so the copy stays index-aligned with the original.
  const strip = (lines: SSHConfig) => {
    for (const line of lines) {
      if (line.type !== LineType.DIRECTIVE) continue;
      if (/^CanonicalizeHostName$/i.test(line.param)) {
        line.value = 'no';
        continue;
      }
      if (/^host$/i.test(line.param)) {
        line.value =
          typeof line.value === 'string'
            ? line.value.toLowerCase()
            : line.value.map((v) => ({ ...v, val: v.val.toLowerCase() }));
      }
      if ('config' in line) strip(line.config);
    }
  };
  strip(config);
  return config;
}

function expandPath(ctx: EngineContext, raw: string, hostname: string, user: string | undefined): string {
  const p = pathFor(ctx.platform);
  const localUser = ctx.env.USER || ctx.env.USERNAME || '';
  let s = raw;
  if (s === '~' || s.startsWith('~/') || (ctx.platform === 'win32' && s.startsWith('~\\'))) {
    s = ctx.home + s.slice(1);
  }
  // ssh_config(5) TOKENS, the ones that make sense without a connection.
  s = s.replace(/%([%dhru])/g, (_, t: string) => {
    switch (t) {
      case '%':
        return '%';
      case 'd':
        return ctx.home;
      case 'h':
        return hostname;
      case 'r':
        return user ?? localUser;
      case 'u':
        return localUser;
      default:
        return `%${t}`;
    }
  });
  // ssh opens a relative IdentityFile from its working directory (git's: the repository).
  return p.isAbsolute(s) ? p.normalize(s) : p.resolve(ctx.cwd, s);
}

function hostFacts(ctx: EngineContext, original: SSHConfig, safe: SSHConfig, hostname: string): SshHostFacts {
  const host = hostname.toLowerCase();
  const matchedHosts: string[] = [];
  // Same walk as compute(): only top-level Host blocks (Match blocks are not Host patterns).
  for (let i = 0; i < safe.length; i++) {
    const line = safe[i];
    const orig = original[i];
    if (!line || line.type !== LineType.DIRECTIVE || !/^host$/i.test(line.param)) continue;
    if (glob(patternsOf(line.value), host) && orig && orig.type === LineType.DIRECTIVE) {
      matchedHosts.push(valueText(orig.value));
    }
  }
  const computed = safe.compute(host, { matchExec: false, ignoreCase: true });
  const userValue = computed.user;
  const user = Array.isArray(userValue) ? userValue[0] : userValue;
  const identity = computed.identityfile;
  const files = identity === undefined ? [] : Array.isArray(identity) ? identity : [identity];
  const facts: SshHostFacts = {
    hostname,
    matchedHosts,
    identityFiles: files.map((f) => ({ path: expandPath(ctx, f, host, user), exists: false })),
  };
  if (user) facts.user = user;
  return facts;
}

/** An IdentityFile: whether it exists, and what its `.pub` beside it says (the private key is never opened). */
async function identityFile(
  ctx: EngineContext,
  path: string,
): Promise<SshHostFacts['identityFiles'][number]> {
  const out: SshHostFacts['identityFiles'][number] = { path, exists: await ctx.isFile(path) };
  try {
    const info = publicKeyInfo(
      await readRegularText(`${path}.pub`, { maxBytes: MAX_PUB_BYTES }, ctx.readFile),
    );
    if (info) out.publicKey = info;
  } catch {
    // no readable .pub beside it: nothing said about its type
  }
  return out;
}

async function publicKeys(ctx: EngineContext, sshDir: string): Promise<SshFacts['publicKeys']> {
  const p = pathFor(ctx.platform);
  const names = (await ctx.listDir(sshDir)).filter((n) => n.endsWith('.pub')).sort();
  const keys: SshFacts['publicKeys'] = [];
  for (const name of names) {
    const file = p.join(sshDir, name);
    try {
      // Not a regular file, or too large to be a key: not a key, not listed.
      const text = await readRegularText(file, { maxBytes: MAX_PUB_BYTES }, ctx.readFile);
      const first = text.split(/\r?\n/).find((l) => l.trim()) ?? '';
      // OpenSSH format: `<type> <base64> [comment]`. PuTTYgen / RFC 4716 files start with a BEGIN line.
      const m = /^(\S+)\s+[A-Za-z0-9+/=]+(?:\s+(.*))?$/.exec(first.trim());
      if (m?.[1] && /^(ssh-|ecdsa-|sk-)/.test(m[1])) {
        const key: SshFacts['publicKeys'][number] = { path: file, type: m[1] };
        if (m[2]?.trim()) key.comment = m[2].trim();
        keys.push(key);
      } else if (/^---- BEGIN SSH2 PUBLIC KEY ----/.test(first.trim())) {
        keys.push({ path: file, type: 'rfc4716' });
      } else {
        keys.push({ path: file, type: 'unknown' });
      }
    } catch {
      // unreadable: not listed
    }
  }
  return keys;
}

export async function probeSsh(ctx: EngineContext, hostnames: string[]): Promise<SshFacts> {
  const p = pathFor(ctx.platform);
  const sshDir = p.join(ctx.home, '.ssh');
  const configFile = p.join(sshDir, 'config');
  const facts: SshFacts = { configFile, configExists: false, hosts: [], publicKeys: [] };
  const keysPromise = publicKeys(ctx, sshDir);

  let text: string | undefined;
  try {
    text = await readRegularText(configFile, { maxBytes: MAX_CONFIG_BYTES }, ctx.readFile);
    facts.configExists = true;
  } catch (e) {
    // A FIFO, a device or a giant where ssh's settings should be: the SSH check cannot judge.
    if (e instanceof UnsafeFileError) throw new Error(e.message);
    if (!isMissing(e)) {
      facts.configExists = true;
      facts.parseError = `${configFile} could not be read (${readFailure(e)})`;
    }
  }

  let original: SSHConfig | undefined;
  let safe: SSHConfig | undefined;
  if (text !== undefined) {
    if (text.includes('\0')) {
      facts.parseError = `${configFile} is not a text file (it contains NUL bytes)`;
    } else {
      try {
        original = SSHConfig.parse(text);
        safe = safeCopy(text);
        const bad = badKeyword(original);
        if (bad !== undefined) {
          const shown = bad.length > 40 ? `${bad.slice(0, 40)}…` : bad;
          facts.parseError = `${configFile} has a line ssh cannot read: "${shown}" is not a configuration keyword`;
        }
      } catch (e) {
        facts.parseError = `${configFile} could not be parsed: ${(e as Error).message}`;
      }
    }
  }

  for (const hostname of [...new Set(hostnames)]) {
    let host: SshHostFacts = { hostname, matchedHosts: [], identityFiles: [] };
    if (original && safe) {
      try {
        host = hostFacts(ctx, original, safe, hostname);
      } catch (e) {
        facts.parseError ??= `${configFile} could not be evaluated for ${hostname}: ${(e as Error).message}`;
      }
    }
    host.identityFiles = await Promise.all(host.identityFiles.map((f) => identityFile(ctx, f.path)));
    facts.hosts.push(host);
  }
  if (facts.hosts.length > 0) {
    const asked = await askOpenSsh(
      ctx,
      facts.hosts.map((h) => h.hostname),
      { file: configFile, exists: facts.configExists, ...(text !== undefined ? { text } : {}) },
    );
    facts.openssh = asked.openssh;
    for (const h of facts.hosts) {
      const e = asked.effective.get(h.hostname);
      if (e?.effective) h.effective = e.effective;
      if (e?.error) h.effectiveError = e.error;
    }
  }
  facts.publicKeys = await keysPromise;
  return facts;
}
