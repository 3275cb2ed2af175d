import { maskHelperCommand, scrubSecrets } from '../../shared/redact';
import { redactSecretShapes } from '../report';
import { GET_ONLY_NAME, PARTIAL_MARK } from './verify-get-only';

// The live check runs git with GIT_TRACE=1 and GIT_TRACE_CURL=1 (no data), so a failure no
// finding explains still leaves the helpdesk what it needs: what git ran, which credential
// helper answered, what the server said. git writes the trace to stderr among its own
// messages; every trace line starts with `HH:MM:SS.micro file.c:line`, so the two are told
// apart by that prefix and the classification only ever reads git's own lines.
//
// What may be in a trace, and what happens to it:
// - Authorization and cookie headers: git itself prints `<redacted>` (GIT_TRACE_REDACT, set
//   here too in case the user turned it off).
// - curl's "Server auth using Basic with user 'AKIA…%<session token>'": the session token
//   is masked (maskSessionTokens, inside scrubSecrets).
// - Addresses with a password (the outer git's argv, a proxy URL curl echoes): masked.
// - Credential helper commands, which may carry a literal password (`!printf 'password=%s'
//   hunter2`): each `run_command` line of a helper is replaced by the helper as the doctor
//   shows it (maskHelperCommand), and every word the mask removed is scrubbed wherever else
//   it appears. Our own wrapper (which quotes every helper of the chain) is never shown.
// - Then the shared scrubbers and the report's shapes (signed passwords, STS tokens, secret keys).

const TRACE_LINE = /^(\d\d:\d\d:\d\d)\.(\d{3})\d* +\S+:\d+ +(.*)$/;

/** Lines that only repeat configuration (one per `http.curloptResolve` entry) or byte counts. */
const NOISE = [
  /^== Info: Added \S+ to DNS cache$/,
  /^== Info: RESOLVE \S+ is - old addresses discarded$/,
  /^== Info: Couldn't find host \S+ in the \S+ file; using defaults$/,
  /^(?:=>|<=) (?:Send|Recv) (?:header|data|SSL data), \d+ bytes/,
  /^== Info: (?:Found bundle for host|Can not multiplex)/,
];

/** At most this many lines are kept: the beginning (what ran) and the end (how it ended). */
export const TRACE_HEAD = 40;
export const TRACE_TAIL = 80;

export interface SplitOutput {
  /** git's own messages (what the classification reads). */
  messages: string;
  /** The trace lines, in order, as `HH:MM:SS.mmm text`; helper commands replaced by `helperToken`s. */
  trace: string[];
}

/** git's sq_quote_buf_pretty for one argument: `'…'` with `'` as `'\''` and `!` as `'\!'`. */
function sq(s: string): string {
  return `'${s.replace(/'/g, "'\\''").replace(/!/g, "'\\!'")}'`;
}

/** The command git runs for a helper value (credential.c credential_do). */
function helperCommand(value: string, op: string): string {
  if (value.startsWith('!')) return `${value.slice(1)} ${op}`;
  if (/^(?:\/|[A-Za-z]:[\\/])/.test(value)) return `${value} ${op}`;
  return `git credential-${value} ${op}`;
}

/** What stands for helper `i` of the chain run with `op` in a split trace (a helper command may span lines). */
export function helperToken(i: number, op = 'get'): string {
  return `<codecommit-doctor: helper ${i + 1} ${op}>`;
}
const WRAPPER_TOKEN = '<codecommit-doctor: get-only wrapper>';
const OPS = ['get', 'store', 'erase'] as const;

export interface TracedCommands {
  /** The get-only wrapper's helper value, when there was one. */
  wrapper?: string;
  /** The chain's helper values, in order (real values: they ran). */
  chain: readonly string[];
}

/**
 * Separates git's messages from its trace lines. A `run_command` line quotes the command as
 * configured, newlines and all: the wrapper and each helper are first replaced by a token of
 * one line, so no part of them is ever read as one of git's messages.
 */
export function splitTrace(stderr: string, commands: TracedCommands): SplitOutput {
  let text = stderr;
  // git runs a helper with `get`, then `store` or `erase` (the outer git does, on the wrapper).
  const swap = (value: string, token: (op: string) => string) => {
    for (const op of OPS)
      text = text
        .split(`trace: run_command: ${sq(helperCommand(value, op))}`)
        .join(`trace: run_command: ${token(op)}`);
  };
  const wrapper = commands.wrapper;
  if (wrapper) swap(wrapper, (op) => `${WRAPPER_TOKEN} ${op}`);
  commands.chain.forEach((v, i) => swap(v, (op) => helperToken(i, op)));
  const messages: string[] = [];
  const trace: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const m = TRACE_LINE.exec(line);
    if (m) trace.push(`${m[1]}.${m[2]} ${m[3]}`);
    else messages.push(line);
  }
  return { messages: messages.join('\n'), trace };
}

export interface HelperActivity {
  /** git asked its credential helpers (after the server's 401). */
  asked: boolean;
  /** Positions (0-based, in the chain) of the helpers git ran, in order. */
  ran: number[];
  /** The position of the helper that gave the user name and password; null: none did. */
  answered: number | null;
}

const HELPER_RUN = /^trace: run_command: <codecommit-doctor: helper (\d+) (get|store|erase)>$/;

/**
 * Which helpers git ran and which one answered, from the inner `git credential fill` the
 * get-only wrapper runs with exactly the chain: git runs the helpers in order and stops at
 * the first full answer; our end-of-list helper runs only when none gave one.
 */
export function helperActivity(trace: readonly string[]): HelperActivity {
  const start = trace.findIndex((l) => / trace: built-in: git credential fill$/.test(l));
  if (start < 0) return { asked: false, ran: [], answered: null };
  const ran: number[] = [];
  let partial = false;
  for (const line of trace.slice(start + 1)) {
    const text = line.replace(/^\S+ /, '');
    if (text.startsWith('trace: run_command: ') && text.includes(PARTIAL_MARK)) {
      partial = true;
      break;
    }
    const m = HELPER_RUN.exec(text);
    if (m?.[2] === 'get') ran.push(Number(m[1]) - 1);
  }
  const last = ran[ran.length - 1];
  return { asked: true, ran, answered: partial || last === undefined ? null : last };
}

/** The words `maskHelperCommand` removes from a helper value: scrubbed wherever they show up. */
export function helperSecrets(values: readonly string[]): string[] {
  const out = new Set<string>();
  for (const v of values) {
    const masked = maskHelperCommand(v);
    if (masked === v) continue;
    const a = v.split(/\s+/);
    const b = masked.split(/\s+/);
    if (a.length !== b.length) {
      // Should not happen (the mask keeps blanks); then everything after `!` counts.
      out.add(v.replace(/^!/, ''));
      continue;
    }
    a.forEach((word, i) => {
      if (word === b[i]) return;
      out.add(word);
      const value = word.replace(/^[^=]*=/, '').replace(/^['"]|['"]$/g, '');
      if (value) out.add(value);
    });
  }
  return [...out];
}

export interface TraceScrub {
  /** The helper values of the chain, in order (real values: they ran). */
  chain: readonly string[];
  /** Secrets known in-process (the password of the address given, words of helper commands). */
  known: readonly string[];
}

/** Text from a live run made safe to show: every scrubber the doctor has, and the known secrets. */
export function scrubLiveText(text: string, known: readonly string[]): string {
  // Shapes first: the shared scrubbers then put their own mask (`***`) wherever both apply.
  return scrubSecrets(redactSecretShapes(text), { known });
}

/** A helper command may hold newlines; a trace line may not. */
function oneLine(s: string): string {
  return s.replace(/\r?\n/g, ' ⏎ ');
}

function describeLine(line: string, o: TraceScrub): string {
  const m = /^(\S+) (.*)$/.exec(line);
  const time = m?.[1] ?? '';
  const text = m?.[2] ?? line;
  if (text.includes(WRAPPER_TOKEN) || text.includes(GET_ONLY_NAME)) {
    const op = /(get|store|erase)$/.exec(text)?.[1] ?? '';
    return op === 'get'
      ? `${time} trace: run_command: (the doctor's get-only helper: asks the helpers below in order) get`
      : `${time} trace: run_command: (the doctor's get-only helper: ignores ${op || 'this call'}, so no password store changes)`;
  }
  if (text.startsWith('trace: run_command: ') && text.includes(PARTIAL_MARK))
    return `${time} trace: run_command: (the doctor's end-of-list marker: no helper gave a password)`;
  const h = HELPER_RUN.exec(text);
  if (h) {
    const i = Number(h[1]) - 1;
    return `${time} trace: run_command: helper ${i + 1}: ${oneLine(maskHelperCommand(o.chain[i] ?? ''))} ${h[2] ?? ''}`;
  }
  return `${time} ${text}`;
}

/** The trace as it may be shown: helpers masked, noise dropped, secrets scrubbed, bounded. */
export function presentTrace(trace: readonly string[], o: TraceScrub): string[] {
  const kept = trace
    .filter((l) => !NOISE.some((re) => re.test(l.replace(/^\S+ /, ''))))
    .map((l) => scrubLiveText(describeLine(l, o), o.known));
  if (kept.length <= TRACE_HEAD + TRACE_TAIL) return kept;
  const left = kept.length - TRACE_HEAD - TRACE_TAIL;
  return [...kept.slice(0, TRACE_HEAD), `… ${left} trace lines left out …`, ...kept.slice(-TRACE_TAIL)];
}
