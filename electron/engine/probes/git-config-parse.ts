import type { ConfigEntry, ConfigScope } from '../model';

// Readers for `git config --list --show-origin [--show-scope]` output.
//
// The -z form (what the probe runs) is unambiguous: each entry is
//   scope NUL origintype:path NUL key LF value NUL
// and a valueless key (`[credential] useHttpPath` alone) is `key NUL` with no LF, which is
// how null (as opposed to an empty string, `helper =`) is told apart. In -z mode git
// prints the origin path as is; the human form C-quotes a path that needs it
// (`file:"C:\\Users\\admin/.config/git/config"`, config.c show_config_origin() uses
// quote_c_style only without -z). Neither parser ever throws: garbage is skipped.

const SCOPES: readonly ConfigScope[] = [
  'system',
  'global',
  'local',
  'worktree',
  'command',
  'submodule',
  'unknown',
];
const ORIGIN_TYPES = ['file', 'command line', 'blob', 'standard input', 'submodule-blob'];

function asScope(s: string): ConfigScope | undefined {
  return (SCOPES as readonly string[]).includes(s) ? (s as ConfigScope) : undefined;
}

function splitOrigin(s: string): { originType: string; origin: string } | undefined {
  for (const t of ORIGIN_TYPES) {
    if (s.startsWith(`${t}:`)) return { originType: t, origin: unquoteC(s.slice(t.length + 1)) };
  }
  return undefined;
}

/** Section and variable names are case-insensitive (git lowercases them); the subsection keeps its case. */
function normaliseKey(key: string): string {
  const first = key.indexOf('.');
  const last = key.lastIndexOf('.');
  if (first < 0) return key.toLowerCase();
  if (first === last) return key.toLowerCase();
  return key.slice(0, first).toLowerCase() + key.slice(first, last) + key.slice(last).toLowerCase();
}

const KEY_RE = /^[A-Za-z0-9-]+(\..*)?\.[A-Za-z][A-Za-z0-9-]*$/s;

/** Undoes git's quote_c_style(): `"…"` with `\\ \" \a \b \f \n \r \t \v` and `\ooo` octal bytes. */
export function unquoteC(s: string): string {
  if (s.length < 2 || !s.startsWith('"') || !s.endsWith('"')) return s;
  const body = s.slice(1, -1);
  const bytes: number[] = [];
  const simple: Record<string, number> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, '\\': 92, '"': 34 };
  for (let i = 0; i < body.length; i++) {
    const ch = body[i] as string;
    if (ch !== '\\' || i === body.length - 1) {
      for (const b of Buffer.from(ch, 'utf8')) bytes.push(b);
      continue;
    }
    const next = body[i + 1] as string;
    const oct = /^[0-3][0-7]{2}/.exec(body.slice(i + 1, i + 4));
    if (oct) {
      bytes.push(parseInt(oct[0], 8));
      i += 3;
    } else if (next in simple) {
      bytes.push(simple[next] as number);
      i += 1;
    } else {
      // Not something quote_c_style writes: keep the backslash, it was not a quote.
      bytes.push(92);
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** Parses `git config --list --show-origin --show-scope -z` (also tolerates output without --show-scope). */
export function parseConfigZ(stdout: string): ConfigEntry[] {
  const entries: ConfigEntry[] = [];
  if (typeof stdout !== 'string' || stdout === '') return entries;
  const tokens = stdout.split('\0');
  // The output ends with NUL, so the last token is empty; it is not an entry.
  if (tokens[tokens.length - 1] === '') tokens.pop();
  let i = 0;
  while (i < tokens.length) {
    const start = i;
    let scope: ConfigScope = 'unknown';
    const maybeScope = asScope(tokens[i] as string);
    if (maybeScope && i + 1 < tokens.length && splitOrigin(tokens[i + 1] as string)) {
      scope = maybeScope;
      i++;
    }
    const origin = i < tokens.length ? splitOrigin(tokens[i] as string) : undefined;
    const keyValue = tokens[i + 1];
    if (!origin || keyValue === undefined) {
      i = start + 1;
      continue;
    }
    const lf = keyValue.indexOf('\n');
    const key = lf < 0 ? keyValue : keyValue.slice(0, lf);
    const value = lf < 0 ? null : keyValue.slice(lf + 1);
    if (!KEY_RE.test(key)) {
      i = start + 1;
      continue;
    }
    entries.push({
      scope,
      originType: origin.originType,
      origin: origin.origin,
      key: normaliseKey(key),
      value,
      order: entries.length,
    });
    i += 2;
  }
  return entries;
}

/**
 * Parses the human form, `[scope TAB] origintype:path TAB key=value` a line. Text copied out
 * of a terminal often has each TAB expanded to spaces (see tests/fixtures/git/SOURCES.md), so
 * a run of spaces is accepted where a TAB belongs; the key is then the first word after the
 * origin that has the shape `section.[subsection.]variable`. Ambiguous by nature: a value
 * with a newline, or an origin path with a space followed by something key-shaped, cannot be
 * told apart here. Use -z whenever git runs locally.
 */
export function parseConfigList(text: string): ConfigEntry[] {
  const entries: ConfigEntry[] = [];
  if (typeof text !== 'string') return entries;
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.replace(/\s+$/, '');
    if (line === '') continue;
    let rest = line;
    let scope: ConfigScope = 'unknown';
    const sm = /^([a-z]+)(?:\t| +)(.*)$/s.exec(rest);
    const sc = sm ? asScope(sm[1] as string) : undefined;
    if (sm && sc) {
      scope = sc;
      rest = sm[2] as string;
    }
    const originType = ORIGIN_TYPES.find((t) => rest.startsWith(`${t}:`));
    if (!originType) continue;
    rest = rest.slice(originType.length + 1);
    let originRaw: string;
    let keyValue: string;
    if (rest.startsWith('"')) {
      const close = findClosingQuote(rest);
      if (close < 0) continue;
      originRaw = rest.slice(0, close + 1);
      keyValue = rest.slice(close + 1).replace(/^(?:\t| +)/, '');
    } else {
      const tab = rest.indexOf('\t');
      if (tab >= 0) {
        originRaw = rest.slice(0, tab);
        keyValue = rest.slice(tab + 1);
      } else {
        const split = splitOnSpaces(rest);
        if (!split) continue;
        [originRaw, keyValue] = split;
      }
    }
    const eq = keyValue.indexOf('=');
    const key = eq < 0 ? keyValue : keyValue.slice(0, eq);
    if (!KEY_RE.test(key)) continue;
    entries.push({
      scope,
      originType,
      origin: unquoteC(originRaw),
      key: normaliseKey(key),
      value: eq < 0 ? null : keyValue.slice(eq + 1),
      order: entries.length,
    });
  }
  return entries;
}

function findClosingQuote(s: string): number {
  for (let i = 1; i < s.length; i++) {
    if (s[i] === '\\') i++;
    else if (s[i] === '"') return i;
  }
  return -1;
}

function splitOnSpaces(rest: string): [string, string] | undefined {
  const re = / +/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(rest)) !== null) {
    const after = rest.slice(m.index + m[0].length);
    const eq = after.indexOf('=');
    const key = eq < 0 ? after : after.slice(0, eq);
    if (/^[A-Za-z0-9-]+\.\S*$/.test(key) && KEY_RE.test(key)) return [rest.slice(0, m.index), after];
  }
  return undefined;
}
