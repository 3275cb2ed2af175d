// The one place that decides what of an address or a message may be shown. Everything the
// doctor shows or stores (human output, JSON, the report, IPC, the journal) gets addresses
// through `redactAddress` and text that came from git or another tool through
// `scrubSecrets`. Pure code: the renderer may import it.

export const MASK = '***';

// Characters that decide how git and curl split an address: kept where they were, so a
// masked address reads the same way (`https://bob:***/***@host` still has `bob:***` as its
// host for git, exactly as the real one did) and the diagnosis of the masked address is
// the diagnosis of the real one.
const STRUCTURE = /[/?#@]/;

function maskPassword(password: string, mask: string): string {
  return password
    .split(/([/?#@])/)
    .map((part) => (STRUCTURE.test(part) && part.length === 1 ? part : mask))
    .join('');
}

interface Userinfo {
  /** Index in the address where the password starts (just after the user's `:`). */
  start: number;
  /** Index of the `@` that ends the user info. */
  end: number;
}

/**
 * Where the password of one address is, or null. The user info runs to the LAST `@`: a
 * password may hold `/`, `?`, `#` or `@` unencoded, and whatever reading git makes of such
 * an address, every character that could be the password is inside. After `scheme://`
 * for URLs, from the start for scp-like `user:pass@host:path`; the user ends at the first
 * `:` (git's credential_from_url() and curl agree).
 */
function userinfoOf(address: string): Userinfo | null {
  const scheme = /^[A-Za-z][A-Za-z0-9+.-]*(?:::[^:/]*)?:\/\//.exec(address);
  const from = scheme ? scheme[0].length : 0;
  const end = address.lastIndexOf('@');
  if (end < from) return null;
  const colon = address.indexOf(':', from);
  if (colon < 0 || colon > end) return null;
  return { start: colon + 1, end };
}

/** One address (the whole string) with its password masked; any character in the password. */
export function redactAddress(address: string, mask: string = MASK): string {
  const u = userinfoOf(address);
  if (!u) return address;
  return `${address.slice(0, u.start)}${maskPassword(address.slice(u.start, u.end), mask)}${address.slice(u.end)}`;
}

/** The password written in an address, if any: kept in-process to scrub git's echo of it. */
export function addressPassword(address: string): string | undefined {
  const u = userinfoOf(address);
  return u ? address.slice(u.start, u.end) : undefined;
}

/**
 * A plan made from a masked address (`maskedTo`, derived from `maskedFrom`), with the real
 * password put back from `realFrom`, in-process, just before git is given the address.
 * null when `realFrom` is not the address that was masked (it changed since the plan was
 * made) or the mask cannot be found exactly once: the masked text is never written.
 */
export function unmaskAddress(maskedTo: string, maskedFrom: string, realFrom: string): string | null {
  if (redactAddress(realFrom) !== maskedFrom) return null;
  const real = userinfoOf(realFrom);
  const shown = userinfoOf(maskedFrom);
  if (!real || !shown) return isMasked(maskedTo) ? null : maskedTo;
  // The mask with the `:` and `@` around it; the user name before it may have been changed
  // by the plan (encoded), the password never is.
  const seg = `:${maskedFrom.slice(shown.start, shown.end)}@`;
  const at = maskedTo.indexOf(seg);
  // An address without the password (another transport) needs nothing put back.
  if (at < 0) return isMasked(maskedTo) ? null : maskedTo;
  if (maskedTo.indexOf(seg, at + 1) >= 0) return null;
  const out = `${maskedTo.slice(0, at)}:${realFrom.slice(real.start, real.end)}@${maskedTo.slice(at + seg.length)}`;
  return isMasked(out) ? null : out;
}

/** Whether a value shown by the doctor had something masked: it must never be written back. */
export function isMasked(value: string): boolean {
  return value.includes(MASK);
}

// ── Text from git and other tools ────────────────────────────────────────────

// A URL in text runs to the next white space (a quote may be part of a password; git
// prints `'<url>'`, and the quote after the address is before the last `@` only when it
// was part of the password).
const URL_IN_TEXT = /[A-Za-z][A-Za-z0-9+.-]*(?:::[^:/\s]*)?:\/\/\S*/g;

/** Every URL in a text with its password masked (see `redactAddress`). */
export function scrubUrls(text: string, mask: string = MASK): string {
  return text.replace(URL_IN_TEXT, (url) => redactAddress(url, mask));
}

// ── Session tokens in user names ─────────────────────────────────────────────

// What `aws codecommit credential-helper` gives git as the user name with temporary or SSO
// credentials: `<access key id>%<session token>` (botocore's codecommit.py), which git then
// saves as the account of the password. The key id may be shown; the token never.
const SESSION_ACCOUNT = /^([A-Z][A-Z0-9]{15,127})%(.+)$/s;
// In text, also percent-encoded (`%25`, as git writes it into URLs and store files).
export const SESSION_ACCOUNT_IN_TEXT = /\b([A-Z][A-Z0-9]{15,127}%(?:25)?)[A-Za-z0-9/+=%._~-]{8,}/g;

/** The key id of a user name that carries a session token, or null for any other name. */
export function sessionAccount(account: string): { keyId: string } | null {
  const m = SESSION_ACCOUNT.exec(account);
  return m ? { keyId: m[1] as string } : null;
}

/** Text (a target name, a line) with the session token of any such user name masked. */
export function maskSessionTokens(text: string, mask: string = MASK): string {
  return text.replace(SESSION_ACCOUNT_IN_TEXT, `$1${mask}`);
}

/** How a saved account is named for people: the key id alone when a session token came with it. */
export function accountWords(e: { account?: string; tokenFingerprint?: string }): string {
  if (e.account === undefined) return '';
  return e.tokenFingerprint ? `${e.account} (+ session token, not shown)` : e.account;
}

const TEXT_RULES: [RegExp, (mask: string) => string][] = [
  // The credential protocol (`password=…`, a whole line under GIT_TRACE), `password: …`
  // is prose and stays.
  [/\b(password|passwd)(\s*=\s*)(?:'[^'\n]*'?|"[^"\n]*"?|[^\n]*)/gi, (m) => `$1$2${m}`],
  // The AWS credential helper's output and ~/.aws/credentials lines.
  [
    /\b(aws_secret_access_key|aws_session_token|aws_security_token|secret_access_key|session_token)(["']?\s*[=:]\s*["']?)[^\s"',]+/gi,
    (m) => `$1$2${m}`,
  ],
  [/((?:proxy-)?authorization:\s*)\S.*/gi, (m) => `$1${m}`],
  // The helper's `username=AKIA…%<session token>`.
  [/(username\s*=[^%\s]*%)\S+/gi, (m) => `$1${m}`],
  // The same user name anywhere else: a saved account, a Credential Manager target, a URL.
  [SESSION_ACCOUNT_IN_TEXT, (m) => `$1${m}`],
];

/** A literal for a regular expression (also git config's value patterns, which are regexes). */
export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Secrets known in-process (the password of the address git was given) in the forms git may print. */
function knownForms(known: readonly string[]): string[] {
  const forms = new Set<string>();
  for (const k of known) {
    // Shorter values would wreck ordinary words; the patterns above still apply to them.
    if (k.length < 4) continue;
    forms.add(k);
    try {
      forms.add(decodeURIComponent(k));
    } catch {
      // not percent-encoded
    }
    forms.add(encodeURIComponent(k));
  }
  return [...forms].filter((f) => f.length >= 4).sort((a, b) => b.length - a.length);
}

export interface ScrubOptions {
  /** Secrets known in-process (a password from the address given): removed wherever they appear. */
  known?: readonly string[];
  mask?: string;
}

/**
 * Text that came from git or another tool, made safe to show or store: URL passwords (any
 * character), `password=` values, the session token of `username=KEY%token`,
 * Authorization headers, AWS secret lines, and any secret known in-process.
 */
export function scrubSecrets(text: string, options: ScrubOptions | readonly string[] = {}): string {
  const o: ScrubOptions = Array.isArray(options) ? { known: options } : (options as ScrubOptions);
  const mask = o.mask ?? MASK;
  let out = text;
  const known = knownForms(o.known ?? []);
  if (known.length > 0) out = out.replace(new RegExp(known.map(escapeRegExp).join('|'), 'g'), mask);
  out = scrubUrls(out, mask);
  for (const [re, replacement] of TEXT_RULES) out = out.replace(re, replacement(mask));
  return out;
}

// An argument that is an address: a URL, or scp-like `user[:pass]@host:path`.
const ADDRESS_ARG = /^(?:[A-Za-z][A-Za-z0-9+.-]*(?:::[^:/]*)?:\/\/|[^\s/:@-]\S*@[^\s/:]+:)/;

/** git's messages about a run: scrubbed, with the password of any address in its arguments removed too. */
export function scrubGitText(text: string, args: readonly string[] = []): string {
  const known = args
    .filter((a) => ADDRESS_ARG.test(a))
    .map(addressPassword)
    .filter((p): p is string => p !== undefined);
  return scrubSecrets(text, { known });
}

// ── Helper commands (`credential.helper`, `core.sshCommand`) ───────────────────

// `password=…`, `AWS_SECRET_ACCESS_KEY=…`, `--token=…`: a key whose value is a secret.
const SECRET_KEY = /[A-Za-z0-9_-]*(?:password|passwd|passphrase|secret|token)[A-Za-z0-9_]*=/i;
// `--password hunter2`: the value is the next word.
const SECRET_FLAG = /^-{0,2}(?:password|passwd|passphrase)$/i;

/** The quote open after the character at `j` (a backslash outside single quotes takes the next one along). */
function readQuote(s: string, j: number, quote: string | null): [string | null, number] {
  const d = s[j];
  if (quote === "'") return [d === "'" ? null : quote, j];
  if (d === '\\') return [quote, j + 1];
  if (quote === '"') return [d === '"' ? null : quote, j];
  return [d === "'" || d === '"' ? d : null, j];
}

/** Shell tokens with their exact text: words (quotes kept), runs of blanks, operators. */
function shellTokens(cmd: string): { text: string; kind: 'word' | 'blank' | 'op' }[] {
  const tokens: { text: string; kind: 'word' | 'blank' | 'op' }[] = [];
  let i = 0;
  while (i < cmd.length) {
    const c = cmd[i] as string;
    if (c === ' ' || c === '\t') {
      const m = /^[ \t]+/.exec(cmd.slice(i)) as RegExpExecArray;
      tokens.push({ text: m[0], kind: 'blank' });
      i += m[0].length;
    } else if ('&|'.includes(c) && cmd[i + 1] === c) {
      tokens.push({ text: c + c, kind: 'op' });
      i += 2;
    } else if (';&|()\n'.includes(c)) {
      tokens.push({ text: c, kind: 'op' });
      i++;
    } else {
      let j = i;
      let quote: string | null = null;
      for (; j < cmd.length; j++) {
        if (quote === null && ' \t;&|()\n'.includes(cmd[j] as string)) break;
        [quote, j] = readQuote(cmd, j, quote);
      }
      tokens.push({ text: cmd.slice(i, Math.min(j, cmd.length)), kind: 'word' });
      i = Math.min(j, cmd.length);
    }
  }
  return tokens;
}

/** The quote open at `end` in a word (`'`, `"`), or null. */
function quoteAt(word: string, end: number): string | null {
  let quote: string | null = null;
  for (let j = 0; j < end; j++) [quote, j] = readQuote(word, j, quote);
  return quote;
}

interface WordMask {
  text: string;
  /** Mask every later word of this simple command (the literal follows a format string). */
  rest?: boolean;
  /** Mask the next word (`--password hunter2`). */
  next?: boolean;
}

function maskWord(word: string, sshpass: boolean, mask: string): WordMask {
  if (SECRET_FLAG.test(word) || (sshpass && word === '-p')) return { text: word, next: true };
  if (sshpass && /^-p./.test(word)) return { text: `-p${mask}` };
  const m = SECRET_KEY.exec(word);
  if (!m) return { text: word };
  const end = m.index + m[0].length;
  const quote = quoteAt(word, end);
  const value = word.slice(end).replace(/^['"]/, '');
  // In quotes (`printf 'password=%s'`) or a placeholder (`password=$1`): the literal, if
  // any, is a later argument.
  const rest = quote !== null || value === '' || /^[%$]/.test(value);
  return { text: `${word.slice(0, end)}${mask}${quote ?? ''}`, rest };
}

/**
 * A helper command as it may be shown: the value after a password key (`password=`,
 * `password `, `AWS_SECRET_ACCESS_KEY=`, `sshpass -p`) masked, and every later argument of
 * the same command when the key sat in a format string (`printf 'password=%s' literal`).
 * What the command runs is unchanged, so it is classified the same.
 */
export function maskHelperCommand(cmd: string, mask: string = MASK): string {
  let out = '';
  let rest = false;
  let next = false;
  let sshpass = false;
  for (const t of shellTokens(cmd)) {
    if (t.kind === 'op') {
      rest = next = sshpass = false;
      out += t.text;
    } else if (t.kind === 'blank') out += t.text;
    else if (rest || next) {
      next = false;
      out += mask;
    } else {
      const w = maskWord(t.text, sshpass, mask);
      if (/(^|\/)sshpass$/.test(t.text.replace(/^!/, ''))) sshpass = true;
      out += w.text;
      rest = w.rest ?? false;
      next = w.next ?? false;
    }
  }
  return out;
}
