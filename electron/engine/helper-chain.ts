import { wrapperOf } from './helper-wrapper';
import type { ConfigEntry, HelperChain, HelperKind, HelperRef } from './model';
import { credentialUrl } from './target';

// Which credential helpers git calls for a URL, in which order, and whether it passes
// the path, computed the way git 2.39 does it (credential.c credential_apply_config()
// through urlmatch.c urlmatch_config_entry() with select_all):
// - every `credential.helper` and every `credential.<url>.helper` whose <url> matches is
//   applied in config reading order — ALL matches, not the best one;
// - an empty value clears the list collected so far;
// - the looked-up URL is credential_format() of the credential (user and path
//   percent-encoded, host encoded too: an `_` in a host name becomes %5F and then no
//   `credential.<url>` section can match it, only partial ones);
// - <url> matching (urlmatch.c match_urls): scheme equal; a user in the section must equal
//   the URL's; host label by label where a label of exactly `*` matches one label; port
//   equal after dropping the scheme default; section path a prefix of the URL path on a `/`
//   boundary. A section git cannot normalise (no scheme) falls back to
//   credential.c match_partial_url(): exact, case-sensitive field compare.
// - a matching credential.* key with no value at all makes git die ("missing value for
//   'credential.usehttppath'"), verified with git 2.39.5: no helper runs then.

export interface HelperChainResult extends HelperChain {
  /** git stops with this error before calling any helper (a valueless or non-boolean matching key). */
  fatal?: { entry: ConfigEntry; message: string };
}

// ── URL normalisation (urlmatch.c url_normalize_1) ──────────────────────────────────────

const UNSAFE = ' <>"%{}|\\^`';
const RESERVED = ':/?#[]@' + "!$&'()*+,;=";

interface UrlInfo {
  scheme: string;
  hasUser: boolean;
  user: string;
  host: string;
  port: string;
  /** Everything from the path on (path, query, fragment), normalised. */
  path: string;
}

function hexByte(b: number): string {
  return `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
}

function isHex(b: number | undefined): boolean {
  return b !== undefined && ((b >= 48 && b <= 57) || (b >= 65 && b <= 70) || (b >= 97 && b <= 102));
}

function normaliseEscapes(from: string): string | null {
  const bytes = Buffer.from(from, 'utf8');
  let out = '';
  for (let i = 0; i < bytes.length; i++) {
    let ch = bytes[i] as number;
    let wasEsc = false;
    if (ch === 0x25) {
      if (!isHex(bytes[i + 1]) || !isHex(bytes[i + 2])) return null;
      ch = parseInt(String.fromCharCode(bytes[i + 1] as number, bytes[i + 2] as number), 16);
      i += 2;
      wasEsc = true;
    }
    const c = String.fromCharCode(ch);
    if (ch <= 0x1f || ch >= 0x7f || UNSAFE.includes(c) || (wasEsc && RESERVED.includes(c)))
      out += hexByte(ch);
    else out += c;
  }
  return out;
}

function firstOf(s: string, chars: string, from = 0): number {
  for (let i = from; i < s.length; i++) if (chars.includes(s[i] as string)) return i;
  return s.length;
}

function isHostChar(c: string, globs: boolean): boolean {
  return /[A-Za-z0-9]/.test(c) || '.-_[:]'.includes(c) || (globs && c === '*');
}

export function urlNormalize(url: string, allowGlobs: boolean): UrlInfo | null {
  let spanned = 0;
  while (spanned < url.length && /[A-Za-z0-9+.-]/.test(url[spanned] as string)) spanned++;
  if (!spanned || !/[A-Za-z]/.test(url[0] as string) || url.slice(spanned, spanned + 3) !== '://')
    return null;
  const scheme = url.slice(0, spanned).toLowerCase();
  let rest = url.slice(spanned + 3);

  let hasUser = false;
  let user = '';
  const at = rest.indexOf('@');
  const slash0 = firstOf(rest, '/?#');
  if (at >= 0 && at < slash0) {
    hasUser = true;
    if (at > 0) {
      const u = normaliseEscapes(rest.slice(0, at));
      if (u === null) return null;
      const colon = u.indexOf(':');
      user = colon >= 0 ? u.slice(0, colon) : u;
    }
    rest = rest.slice(at + 1);
  }

  const slash = firstOf(rest, '/?#');
  const noHost = rest === '' || ':/?#'.includes(rest[0] as string);
  if (noHost && scheme !== 'file') return null;
  let colon = slash - 1;
  while (colon > 0 && rest[colon] !== ':' && rest[colon] !== ']') colon--;
  if (colon < 0 || rest[colon] !== ':') colon = slash;
  else if (noHost && colon < slash && colon + 1 !== slash) return null;
  for (let i = 0; i < colon; i++) if (!isHostChar(rest[i] as string, allowGlobs)) return null;
  const host = rest.slice(0, colon).toLowerCase();

  let port = '';
  if (colon < slash) {
    let q = colon + 1;
    while (q < slash && rest[q] === '0') q++;
    if (q === slash && rest[q - 1] === '0') q--;
    const digits = rest.slice(q, slash);
    if (digits === '') port = '';
    else if (digits === '80' && scheme === 'http') port = '';
    else if (digits === '443' && scheme === 'https') port = '';
    else {
      if (!/^[0-9]+$/.test(digits)) return null;
      const n = digits.length <= 5 ? Number(digits) : 0;
      if (n === 0 || n > 65535) return null;
      port = digits;
    }
  }
  rest = rest.slice(slash);

  let path = '/';
  if (rest[0] === '/') rest = rest.slice(1);
  for (;;) {
    const segStart = path.length;
    const next = firstOf(rest, '/?#');
    let skipAddSlash = false;
    const seg = normaliseEscapes(rest.slice(0, next));
    if (seg === null) return null;
    path += seg;
    const segStr = path.slice(segStart);
    if (segStr === '.') {
      if (segStart === 1) {
        path = path.slice(0, -1);
        skipAddSlash = true;
      } else {
        path = path.slice(0, -2);
      }
    } else if (segStr === '..') {
      let prev = path.length - 3;
      if (prev <= 0) return null;
      while (prev > 0 && path[--prev] !== '/') {
        // walk back to the previous segment's slash
      }
      if (prev === 0) {
        path = path.slice(0, 1);
        skipAddSlash = true;
      } else {
        path = path.slice(0, prev);
      }
    }
    rest = rest.slice(next);
    if (rest[0] !== '/') break;
    rest = rest.slice(1);
    if (!skipAddSlash) path += '/';
  }
  if (rest !== '') {
    const tail = normaliseEscapes(rest);
    if (tail === null) return null;
    path += tail;
  }
  return { scheme, hasUser, user, host, port, path };
}

function matchHost(u: string, p: string): boolean {
  let ui = 0;
  let pi = 0;
  while (ui < u.length && pi < p.length) {
    let un = u.indexOf('.', ui);
    if (un < 0) un = u.length;
    let pn = p.indexOf('.', pi);
    if (pn < 0) pn = p.length;
    const label = p.slice(pi, pn);
    if (label !== '*' && label !== u.slice(ui, un)) return false;
    ui = un < u.length ? un + 1 : un;
    pi = pn < p.length ? pn + 1 : pn;
  }
  return ui >= u.length && pi >= p.length;
}

function urlMatchPrefix(url: string, prefix: string): boolean {
  if (prefix === '' || prefix === '/') return url === '' || url.startsWith('/');
  const p = prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
  if (!url.startsWith(p)) return false;
  return url.length === p.length || url[p.length] === '/';
}

function matchUrls(url: UrlInfo, pat: UrlInfo): boolean {
  if (url.scheme !== pat.scheme) return false;
  if (pat.hasUser && (!url.hasUser || url.user !== pat.user)) return false;
  if (!matchHost(url.host, pat.host)) return false;
  if (url.port !== pat.port) return false;
  return urlMatchPrefix(url.path, pat.path);
}

// ── credential.c credential_from_url_1 / match_partial_url ─────────────────────────────

interface Cred {
  protocol?: string;
  username?: string;
  host?: string;
  path?: string;
}

function urlDecode(s: string): string {
  const bytes: number[] = [];
  const src = Buffer.from(s, 'utf8');
  for (let i = 0; i < src.length; i++) {
    const b = src[i] as number;
    if (b === 0x25 && isHex(src[i + 1]) && isHex(src[i + 2])) {
      bytes.push(parseInt(String.fromCharCode(src[i + 1] as number, src[i + 2] as number), 16));
      i += 2;
    } else bytes.push(b);
  }
  return Buffer.from(bytes).toString('utf8');
}

function credentialFromUrl(url: string, allowPartial: boolean): Cred | null {
  const protoEnd = url.indexOf('://');
  if (!allowPartial && protoEnd <= 0) return null;
  const cp = protoEnd >= 0 ? protoEnd + 3 : 0;
  const at = url.indexOf('@', cp);
  const colon = url.indexOf(':', cp);
  const slash = firstOf(url, '/?#', cp);
  const c: Cred = {};
  let host: number;
  if (at < 0 || slash <= at) host = cp;
  else if (colon < 0 || at <= colon) {
    c.username = urlDecode(url.slice(cp, at));
    host = at + 1;
  } else {
    // A password in the section URL is not needed for matching and is never kept.
    c.username = urlDecode(url.slice(cp, colon));
    host = at + 1;
  }
  if (protoEnd > 0) c.protocol = url.slice(0, protoEnd);
  if (!allowPartial || slash - host > 0) c.host = urlDecode(url.slice(host, slash));
  let p = slash;
  while (url[p] === '/') p++;
  if (p < url.length) {
    let path = urlDecode(url.slice(p));
    while (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
    c.path = path;
  }
  // check_url_component(): a newline in any field makes git skip the key.
  for (const v of [c.username, c.protocol, c.host, c.path])
    if (v !== undefined && v.includes('\n')) return null;
  return c;
}

function credentialMatch(want: Cred, have: Cred): boolean {
  const check = (k: keyof Cred) => want[k] === undefined || (have[k] !== undefined && want[k] === have[k]);
  return check('protocol') && check('host') && check('path') && check('username');
}

interface Lookup {
  have: Cred;
  info: UrlInfo | null;
}

function lookupFor(url: string): Lookup {
  const have = credentialFromUrl(url, false) ?? {};
  const info = have.protocol
    ? urlNormalize(credentialUrl({ ...have, protocol: have.protocol }), false)
    : null;
  return { have, info };
}

function sectionMatches(section: string, lookup: Lookup): boolean {
  const norm = urlNormalize(section, true);
  if (norm) return lookup.info !== null && matchUrls(lookup.info, norm);
  const want = credentialFromUrl(section, true);
  return want !== null && credentialMatch(want, lookup.have);
}

/** Whether git applies `[credential "<sectionUrl>"]` to a request for `url`. Never throws. */
export function urlMatchesSection(sectionUrl: string, url: string): boolean {
  try {
    return sectionMatches(sectionUrl, lookupFor(url));
  } catch {
    return false;
  }
}

// ── git_config_bool ───────────────────────────────────────────────────────────────────

/** config.c git_config_bool(): true/yes/on, false/no/off/empty, or an integer (k/m/g units, base 0). */
export function parseGitBool(value: string | null): boolean | undefined {
  if (value === null) return true;
  const v = value.toLowerCase();
  if (v === '') return false;
  if (v === 'true' || v === 'yes' || v === 'on') return true;
  if (v === 'false' || v === 'no' || v === 'off') return false;
  const m = /^\s*[+-]?(0x[0-9a-f]+|0[0-7]*|[1-9][0-9]*)([kmg])?$/.exec(v);
  if (!m) return undefined;
  return Number.parseInt(m[1] as string) !== 0 && !Number.isNaN(Number.parseInt(m[1] as string));
}

// ── Helper classification ─────────────────────────────────────────────────────────────

const STORING: ReadonlySet<HelperKind> = new Set<HelperKind>([
  'osxkeychain',
  'manager',
  'manager-core',
  'wincred',
  'store',
  'cache',
  'libsecret',
  'gnome-keyring',
]);
const NAMED: Record<string, HelperKind> = {
  osxkeychain: 'osxkeychain',
  manager: 'manager',
  'manager-core': 'manager-core',
  wincred: 'wincred',
  store: 'store',
  cache: 'cache',
  libsecret: 'libsecret',
  'gnome-keyring': 'gnome-keyring',
  netrc: 'netrc',
};

/** Splits a command the way sh would for the simple cases helpers use (quotes, backslashes). */
export function shellWords(cmd: string): string[] {
  const words: string[] = [];
  let cur = '';
  let inWord = false;
  let i = 0;
  while (i < cmd.length) {
    const c = cmd[i] as string;
    if (c === "'") {
      const end = cmd.indexOf("'", i + 1);
      cur += cmd.slice(i + 1, end < 0 ? cmd.length : end);
      i = end < 0 ? cmd.length : end + 1;
      inWord = true;
    } else if (c === '"') {
      i++;
      while (i < cmd.length && cmd[i] !== '"') {
        // Inside double quotes sh only unescapes \ " $ ` and newline: `"C:\Program Files"` keeps its backslashes.
        if (cmd[i] === '\\' && i + 1 < cmd.length && '\\"$`\n'.includes(cmd[i + 1] as string)) i++;
        cur += cmd[i];
        i++;
      }
      i++;
      inWord = true;
    } else if (c === '\\' && i + 1 < cmd.length) {
      cur += cmd[i + 1];
      i += 2;
      inWord = true;
    } else if (/\s/.test(c) || c === ';' || c === '&' || c === '|') {
      if (inWord) words.push(cur);
      if (!/\s/.test(c)) words.push(c);
      cur = '';
      inWord = false;
      i++;
    } else {
      cur += c;
      inWord = true;
      i++;
    }
  }
  if (inWord) words.push(cur);
  return words;
}

function baseName(p: string): string {
  const b = p.split(/[\\/]/).pop() ?? p;
  return b.replace(/\.(exe|cmd|bat|ps1|sh)$/i, '');
}

function isAbsolutePath(p: string): boolean {
  return p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\');
}

function kindFromProgram(program: string): HelperKind | undefined {
  const m = /^git-credential-(.+)$/i.exec(baseName(program));
  return m ? NAMED[(m[1] as string).toLowerCase()] : undefined;
}

type Classified = Pick<HelperRef, 'kind' | 'storing' | 'awsProfile' | 'awsProgram' | 'wrapper'>;

/** Where `aws … codecommit credential-helper` starts in `words` (from `from` on), or -1. */
function awsHelperAt(words: readonly string[], from: number): number {
  for (let k = from; k < words.length; k++) {
    if (baseName(words[k] as string).toLowerCase() !== 'aws') continue;
    const args = words.slice(k + 1);
    const cc = args.indexOf('codecommit');
    if (cc >= 0 && args[cc + 1] === 'credential-helper') return k;
  }
  return -1;
}

function awsHelperFrom(words: readonly string[], at: number, envProfile: string | undefined): Classified {
  const program = words[at] as string;
  const out: Classified = { kind: 'aws', storing: false, awsProgram: program };
  let profile = envProfile;
  const args = words.slice(at + 1);
  for (let j = 0; j < args.length && !';&|'.includes(args[j] as string); j++) {
    const a = args[j] as string;
    if (a === '--profile' && args[j + 1] !== undefined) profile = args[j + 1];
    else if (a.startsWith('--profile=')) profile = a.slice('--profile='.length);
  }
  if (profile !== undefined) out.awsProfile = profile;
  return out;
}

function classifyShell(cmd: string): Classified {
  const words = shellWords(cmd);
  let envProfile: string | undefined;
  let i = 0;
  // `env AWS_PROFILE=x aws …` or `AWS_PROFILE=x aws …`
  if (words[i] === 'env') i++;
  for (; i < words.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[i] as string); i++) {
    const [k, ...v] = (words[i] as string).split('=');
    if (k === 'AWS_PROFILE') envProfile = v.join('=');
  }
  const program = words[i];
  if (program === undefined) return { kind: 'other', storing: false };
  const args = words.slice(i + 1);
  const at = awsHelperAt(words, i);
  if (at === i) return awsHelperFrom(words, at, envProfile);
  // The AWS helper inside the user's own command (aws-vault, assume-role, a function).
  if (at > i) return { ...awsHelperFrom(words, at, undefined), wrapper: wrapperOf(words.slice(i, at)) };
  let kind = kindFromProgram(program);
  // `!git credential-store --file x`
  if (!kind && baseName(program).toLowerCase() === 'git' && args[0]?.startsWith('credential-')) {
    kind = NAMED[args[0].slice('credential-'.length).toLowerCase()];
  }
  return kind ? { kind, storing: STORING.has(kind) } : { kind: 'other', storing: false };
}

/** What a `credential.helper` value runs (git's rules: `!cmd` is a shell command, an absolute path runs as is, else `git credential-<name>`). */
export function classifyHelper(value: string): Classified {
  const v = value.trim();
  if (v.startsWith('!')) return classifyShell(v.slice(1));
  if (isAbsolutePath(v)) {
    const words = shellWords(v);
    const kind = kindFromProgram(words[0] ?? v);
    return kind ? { kind, storing: STORING.has(kind) } : classifyShell(v);
  }
  const name = (v.split(/\s+/)[0] ?? '').toLowerCase();
  const kind = NAMED[name];
  return kind ? { kind, storing: STORING.has(kind) } : { kind: 'other', storing: false };
}

// ── The chain ─────────────────────────────────────────────────────────────────────────

export function computeHelperChain(entries: readonly ConfigEntry[], url: string): HelperChainResult {
  const chain: HelperChainResult = { url, helpers: [], useHttpPath: false, resets: [] };
  let lookup: Lookup;
  try {
    lookup = lookupFor(url);
  } catch {
    lookup = { have: {}, info: null };
  }
  const sorted = [...entries].sort((a, b) => a.order - b.order);
  for (const entry of sorted) {
    if (!entry.key.startsWith('credential.')) continue;
    const rest = entry.key.slice('credential.'.length);
    // urlmatch.c splits at the LAST dot: `credential.https://a.b.com.helper`.
    const dot = rest.lastIndexOf('.');
    let variable = rest;
    if (dot >= 0) {
      if (!sectionMatches(rest.slice(0, dot), lookup)) continue;
      variable = rest.slice(dot + 1);
    }
    variable = variable.toLowerCase();
    if (entry.value === null) {
      chain.fatal = { entry, message: `missing value for 'credential.${variable}'` };
      if (variable === 'usehttppath') {
        chain.useHttpPath = true;
        chain.useHttpPathEntry = entry;
      }
      break;
    }
    if (variable === 'helper') {
      if (entry.value === '') {
        chain.helpers = [];
        chain.resets.push(entry);
      } else {
        chain.helpers.push({ value: entry.value, entry, ...classifyHelper(entry.value) });
      }
    } else if (variable === 'usehttppath') {
      const b = parseGitBool(entry.value);
      if (b === undefined) {
        chain.fatal = {
          entry,
          message: `bad boolean config value '${entry.value}' for 'credential.${variable}'`,
        };
        break;
      }
      chain.useHttpPath = b;
      chain.useHttpPathEntry = entry;
    }
  }
  return chain;
}
