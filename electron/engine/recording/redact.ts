import type { Platform, ScanReport } from '../model';
import { fingerprint, recordedToken } from '../platform/account-name';
import { keep, redactEntry } from '../probes/git';
import { parseConfigZ } from '../probes/git-config-parse';
import { createRedactor, mapStrings, type Redaction, type Redactor } from '../report';
import { maskHelperCommand, SESSION_ACCOUNT_IN_TEXT } from '../../shared/redact';
import { holdsGitSettings, isSecretVariable } from './env';
import type { RecordedCommand, Recording } from './format';

// A recording is redacted with the report's own Redactor (report.ts): secrets always, and
// account names, the home folder and repository names as the report's options say. What
// differs is the style, because a replay reads the recording again: the home becomes an
// absolute path of the recorded platform's shape, and each placeholder keeps the shape of what
// it replaces (an access key ID stays AKIA + 16, an account ID 12 digits, `x-at-<id>` keeps its
// `-at-`), so the checks reason about `AKIAREDACTED00000001` exactly as about the real key.
// The same Redactor, applied afterwards to the live report, gives what the replay reports.

/** Where a hidden home folder goes: an absolute path, as the recorded platform writes one. */
export const PLACEHOLDER_HOME: Record<Platform, string> = {
  darwin: '/Users/user',
  linux: '/home/user',
  win32: 'C:\\Users\\user',
};

/** The recording style's placeholders: shaped like the value they replace. */
function placeholder(kind: string, n: number, value: string): string {
  switch (kind) {
    case 'key':
      return `${value.slice(0, 4)}REDACTED${String(n).padStart(8, '0')}`;
    case 'account-id':
      return String(n).padStart(12, '0');
    case 'account': {
      // The account ID after `-at-` is hidden (or kept) with every other account ID.
      const at = /-at-(\d{12})$/.exec(value);
      return at ? `redacted-user-${n}-at-${at[1]}` : `redacted-user-${n}`;
    }
    case 'vpce':
      return `vpce-redacted${n}`;
    default:
      return `redacted-${kind}-${n}`;
  }
}

function decoded(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Splits on NUL and line ends: git's -z output and multi-line text are redacted a piece at a time. */
const PIECES = /(\0|\r?\n)/;
// Where a token waits while the rest is redacted: `<…>` ends a user name for every rule, so
// the key id before it is hidden (or kept) as a key id, never swallowed with the token.
const TOKEN_HOLE = /<\u0001(\d+)\u0001>/g;

export class RecordingRedactor {
  constructor(
    private readonly redactor: Redactor,
    readonly redaction: Redaction,
  ) {}

  /**
   * One string. A session token in a user name (`<key id>%<token>`, also `%25`-encoded)
   * becomes its fingerprint (what the store adapters would have shown), then every piece
   * between NULs and line ends goes through the report's redaction: a rule that reads "to
   * the end" never runs into the next setting of `git config -z`.
   */
  text(s: string): string {
    const tokens: string[] = [];
    const held = s.replace(SESSION_ACCOUNT_IN_TEXT, (m: string, prefix: string) => {
      tokens.push(recordedToken(fingerprint(prefix.endsWith('%25') ? decoded(m) : m)));
      return `${prefix}<\u0001${tokens.length - 1}\u0001>`;
    });
    const redacted = held
      .split(PIECES)
      .map((piece, i) => (i % 2 === 1 ? piece : this.redactor.text(piece)))
      .join('');
    return redacted.replace(TOKEN_HOLE, (_m, i: string) => tokens[Number(i)] ?? '');
  }

  /** A deep copy with every string redacted (object keys are the schema's, kept). */
  value<T>(v: T): T {
    return mapStrings(v, (s) => this.text(s));
  }

  /** A map keyed by path: keys redacted too (a path names the home folder). */
  keyed<V>(rec: Record<string, V>, f: (v: V) => V = (v) => this.value(v)): Record<string, V> {
    return Object.fromEntries(Object.entries(rec).map(([k, v]) => [this.text(k), f(v)]));
  }
}

/** The Redactor for a recording of the scan that produced `report`. */
export function recordingRedactor(
  redaction: Redaction,
  home: string,
  platform: Platform,
  report: ScanReport,
): RecordingRedactor {
  return new RecordingRedactor(
    createRedactor(redaction, home, report, { home: PLACEHOLDER_HOME[platform], placeholder }),
    redaction,
  );
}

function isConfigList(args: readonly string[]): boolean {
  return args.includes('config') && (args.includes('--list') || args.includes('-l')) && args.includes('-z');
}

// The probe's masks (`***`) go through the report's rules too, which read a value "to the next
// blank": a mask right before `;` or `)` would take the shell's punctuation with it. A blank
// is held there meanwhile, and `<redacted>` becomes the probe's `***` again.
const BEFORE_PUNCTUATION = /\*\*\*(?=[;&|)])/g;
const HELD_BLANK = ' \u0002';

function settingText(s: string, rr: RecordingRedactor): string {
  return rr
    .text(s.replace(BEFORE_PUNCTUATION, `***${HELD_BLANK}`))
    .replaceAll(HELD_BLANK, '')
    .replaceAll('<redacted>', '***');
}

/**
 * `git config --list -z` as the git probe keeps it: only the settings it reads (no
 * user.email), each masked first as the probe masks it (helper commands, URL passwords,
 * headers), then as everything else is. The replayed probe parses this and masks it again,
 * to what the live probe showed.
 */
function configListAsKept(stdout: string, showScope: boolean, rr: RecordingRedactor): string {
  return parseConfigZ(stdout)
    .filter((e) => keep(e.key))
    .map(redactEntry)
    .map((e) => {
      const key = settingText(e.key, rr);
      const value = e.value === null ? '' : `\n${settingText(e.value, rr)}`;
      return `${showScope ? `${e.scope}\0` : ''}${e.originType}:${rr.text(e.origin)}\0${key}${value}\0`;
    })
    .join('');
}

function redactCommand(c: RecordedCommand, rr: RecordingRedactor): RecordedCommand {
  const t = (s: string) => rr.text(s);
  const stdout = isConfigList(c.args)
    ? configListAsKept(c.stdout, c.args.includes('--show-scope'), rr)
    : t(c.stdout);
  return {
    ...c,
    command: t(c.command),
    args: c.args.map(t),
    ...(c.cwd !== undefined ? { cwd: t(c.cwd) } : {}),
    ...(c.input !== undefined ? { input: t(c.input) } : {}),
    stdout,
    stderr: t(c.stderr),
    ...(c.error !== undefined ? { error: t(c.error) } : {}),
  };
}

/** The login name: hidden with the home folder (which names it) and with account names. */
const LOGIN_NAME = /^(USER|USERNAME|LOGNAME|SUDO_USER)$/i;

function redactEnv(env: Record<string, string>, rr: RecordingRedactor): Record<string, string> {
  const { hideHome, hideAccounts } = rr.redaction;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) {
    if (isSecretVariable(k)) out[k] = '***';
    else if (LOGIN_NAME.test(k) && (hideHome || hideAccounts)) out[k] = 'user';
    else out[k] = holdsGitSettings(k) ? maskHelperCommand(rr.text(v)) : rr.text(v);
  }
  return out;
}

/** The recording as it may be shared: every string of it redacted, paths in keys too. */
export function redactRecording(raw: Recording, rr: RecordingRedactor): Recording {
  const same = <V>(v: V) => v;
  return {
    ...raw,
    scan: rr.value(raw.scan),
    ...(raw.pathOrigin ? { pathOrigin: rr.value(raw.pathOrigin) } : {}),
    home: rr.text(raw.home),
    cwd: rr.text(raw.cwd),
    env: redactEnv(raw.env, rr),
    commands: raw.commands.map((c) => redactCommand(c, rr)),
    files: rr.keyed(raw.files),
    isFile: rr.keyed(raw.isFile, same),
    dirs: rr.keyed(raw.dirs),
    stats: rr.keyed(raw.stats, same),
    dns: rr.keyed(raw.dns, same),
    writable: rr.keyed(raw.writable),
    ...(raw.account ? { account: rr.value(raw.account) } : {}),
  };
}
