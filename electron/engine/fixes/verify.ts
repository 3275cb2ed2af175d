import { parseCodeCommitHost } from '../codecommit-host';
import type { EngineContext } from '../context';
import { notStarted, type RunResult } from '../runner';
import { addressPassword, maskHelperCommand, scrubGitText } from '../../shared/redact';
import { effectiveHelpers, getOnlyHelper } from './verify-get-only';
import { addressOf, nextStepFor } from './verify-next-step';
import {
  helperActivity,
  helperSecrets,
  presentTrace,
  scrubLiveText,
  splitTrace,
  type HelperActivity,
} from './verify-trace';

// The proof that a fix worked: a live `git ls-remote <url>` run with prompts off, its
// outcome put in plain words ("403 → works (3 refs)"). Messages are git 2.39's, checked
// against real captures (tests/fixtures/verify/SOURCES.md).
//
// Precedence, when git printed several things (the doctor's message must name the root
// cause, not the last symptom):
//   1. timeout: git never finished, whatever it printed on the way.
//   2. git could not be started → other.
//   3. exit 0 → ok. A helper that failed on the way is only in `detail`: another helper
//      answered and the clone works, which is what the user asked.
//   4. remote-helper-missing: git stopped before any network traffic.
//   5. proxy, dns, connect, tls, ssh-denied: the connection itself failed; no credential
//      helper ran (git asks helpers only after an HTTP 401), so nothing else can be the
//      cause. A connection refused by another host than the address's is the proxy's.
//   6. helper-error, before any HTTP outcome: when the AWS helper fails, git either sends
//      no password (→ asks for a user name) or one another helper cached (→ 403). The 403
//      or the user-name prompt is the symptom; the helper is the cause. What followed is
//      kept in `followedBy` and named in the headline.
//   7. username-wanted, unauthorized (401), forbidden (403), repo-not-found (404).
//   8. other, with git's last line.

export type VerifyOutcome =
  | 'ok'
  | 'forbidden'
  | 'unauthorized'
  | 'repo-not-found'
  | 'username-wanted'
  | 'helper-error'
  | 'dns'
  | 'tls'
  | 'timeout'
  | 'proxy'
  | 'connect'
  | 'ssh-denied'
  | 'remote-helper-missing'
  | 'other';

export interface Verdict {
  outcome: VerifyOutcome;
  ok: boolean;
  /** ok only: lines `git ls-remote` listed (HEAD included). */
  refs?: number;
  /** Plain words: "CodeCommit refused the password (403)", "Works: lists 3 refs". */
  headline: string;
  /** For "403 → works (3 refs)". */
  short: string;
  /** git's own last lines, secrets scrubbed. */
  detail: string;
  durationMs: number;
  /** helper-error only: what git ran into after the helper failed (403, user-name prompt…). */
  followedBy?: VerifyOutcome;
  /** Every failure: what to do next, in plain words (verify-next-step.ts). */
  nextStep?: string;
}

const DETAIL_LINES = 12;

// ── Secret scrubbing ─────────────────────────────────────────────────────────

/**
 * Removes what could be a secret from git's output: a password in a URL, `password=` and
 * the session-token part of `username=AKIA…%<token>` (the AWS helper's output format, which
 * shows up under GIT_TRACE), and Authorization headers (GIT_TRACE_CURL).
 */
export function scrubSecrets(text: string): string {
  return text
    .replace(/(:\/\/[^\s/:@]*):[^\s/@]*@/g, '$1:***@')
    .replace(/(password\s*=).*/gi, '$1***')
    .replace(/(username\s*=[^%\s]*%).*/gi, '$1***')
    .replace(/((?:proxy-)?authorization:\s*)\S.*/gi, '$1***');
}

// ── Classification ───────────────────────────────────────────────────────────

type Who = 'CodeCommit' | 'The server';

/** The URL is the last argument (`git ls-remote -- <url>`). */
function serverName(args: readonly string[]): Who {
  const url = args[args.length - 1] ?? '';
  if (/^codecommit:/i.test(url)) return 'CodeCommit';
  let host = '';
  const scheme = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/]*@)?(\[[^\]]*\]|[^/:?#]*)/i.exec(url);
  if (scheme) host = scheme[1] ?? '';
  else {
    // scp-like `user@host:path`, as git accepts for SSH.
    const scp = /^(?:[^@/]*@)?([^/:]+):/.exec(url);
    host = scp?.[1] ?? '';
  }
  return parseCodeCommitHost(host) ? 'CodeCommit' : 'The server';
}

function lines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trimEnd())
    .filter((l) => l.trim() !== '');
}

const REF_LINE = /^[0-9a-f]{40}(?:[0-9a-f]{24})?\t\S/;

/** A line a credential helper printed when it failed, with what it said. */
interface HelperFailure {
  line: string;
  /** The helper command, from a shell error prefix (`<helper> get: …`) or `credential-<name>`. */
  helper?: string;
  message: string;
  /** The AWS helper's `'path'`: git did not send the repository path. */
  missingPath?: boolean;
}

// Lines git itself prints; never a helper's failure even if they contain ` get: `.
const GIT_OWN_LINE = /^(?:fatal|error|warning|hint|remote):/;

function helperFailure(line: string): HelperFailure | null {
  const t = line.trim();
  // `helper = foo` makes git run `git credential-foo`; a missing one prints this (git 2.39,
  // and gcm-issue697 where `manager` had been renamed `manager-core`).
  const notCommand = /^git: '(credential-[^']*)' is not a git command/.exec(t);
  if (notCommand)
    return { line: t, helper: notCommand[1], message: `'${notCommand[1]}' is not a git command` };
  // A `!cmd` helper runs as `sh -c 'cmd "$@"' 'cmd get' …`, so the shell prefixes its own
  // errors with `cmd get:` (dash: `cmd get: 1: aws: not found`; bash: `cmd get: aws: command
  // not found`, the Windows capture in gcm-issue697).
  const shell = /^(.*?\S) (?:get|store|erase): (?:line \d+: |\d+: )?(.+)$/.exec(t);
  if (shell && !GIT_OWN_LINE.test(t) && shell[1] && shell[2]) {
    return { line: t, helper: shell[1], message: shell[2] };
  }
  // The AWS CLI's own messages (aws-cli codecommit.py; notes/codecommit-auth.md): a bare `'path'`
  // when credential.UseHttpPath is off, no region, no credentials, auto-prompt on.
  if (t === "'path'") return { line: t, message: t, missingPath: true };
  if (
    /^sequence item \d+: expected str instance, NoneType found/.test(t) ||
    /^'NoneType' object has no attribute/.test(t) ||
    /^Unknown options: protocol=/.test(t) ||
    /^Unable to locate credentials/.test(t) ||
    /^The config profile \(.*\) could not be found/.test(t) ||
    /^aws(?:\.cmd|\.exe)?: (?:command )?not found$/.test(t)
  ) {
    return { line: t, message: t };
  }
  return null;
}

interface Symptom {
  outcome: VerifyOutcome;
  headline: string;
  short: string;
}

function httpSymptom(all: string[], who: Who): Symptom | null {
  const text = all.join('\n');
  const wanted = /could not read (Username|Password) for '.*': *([^']*)$/m.exec(text);
  if (wanted) {
    const what = wanted[1] === 'Username' ? 'a user name' : 'a password';
    return {
      outcome: 'username-wanted',
      headline: `git asked for ${what}: no credential helper gave one (${wanted[2] || 'prompts are off'})`,
      short: wanted[1] === 'Username' ? 'asks for user name' : 'asks for password',
    };
  }
  // git 2.39 http.c: a 401 after credentials were sent is "Authentication failed for";
  // a plain 401 (no WWW-Authenticate) is "The requested URL returned error: 401".
  if (/Authentication failed for '/.test(text) || /The requested URL returned error: 401\b/.test(text)) {
    return { outcome: 'unauthorized', headline: `${who} rejected the credentials (401)`, short: '401' };
  }
  if (/The requested URL returned error: 403\b/.test(text)) {
    return { outcome: 'forbidden', headline: `${who} refused the password (403)`, short: '403' };
  }
  // remote-curl turns a 404 on info/refs into "repository '…' not found".
  if (/repository '.*' not found/.test(text) || /The requested URL returned error: 404\b/.test(text)) {
    return {
      outcome: 'repo-not-found',
      headline: `${who} says there is no such repository (404)`,
      short: '404 not found',
    };
  }
  return null;
}

// What git adds after any transport failure (connect.c); the line before it says what went wrong.
const GIT_BOILERPLATE =
  /^(?:fatal: Could not read from remote repository\.|Please make sure you have the correct access rights|and the repository exists\.)$/;

function lastLine(all: string[]): string {
  const meaningful = all.filter((l) => !GIT_BOILERPLATE.test(l.trim()));
  const l = meaningful[meaningful.length - 1] ?? all[all.length - 1] ?? '';
  return l.replace(/^(?:fatal|error): /, '').trim();
}

function seconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}

function verdict(
  result: RunResult,
  detail: string,
  s: Symptom,
  extra: Partial<Pick<Verdict, 'refs' | 'followedBy'>> = {},
): Verdict {
  const next = nextStepFor(s.outcome, result.args[result.args.length - 1] ?? '', {
    seconds: seconds(result.durationMs),
  });
  return {
    outcome: s.outcome,
    ok: s.outcome === 'ok',
    ...extra,
    headline: s.headline,
    short: s.short,
    detail,
    durationMs: result.durationMs,
    ...(next ? { nextStep: next } : {}),
  };
}

/** curl's and OpenSSH's lines for a proxy that refused or could not be found (curl 7.88, 8.x). */
const PROXY =
  /(CONNECT tunnel failed, response \d+|Received HTTP code \d+ from proxy after CONNECT|Could not resolve proxy: \S+|Proxy CONNECT aborted[^\n]*|Unsupported proxy[^\n]*)/;
/** curl: "Failed to connect to H port P after N ms: …"; OpenSSH: "ssh: connect to host H port P: …". */
const CONNECT =
  /(?:Failed to connect to (\S+) port (\d+)[^:\n]*|ssh: connect to host (\S+) port (\d+)): ([^\n]+)/;

/** Proxy and connection failures, before any server answered. */
function connectionSymptom(text: string, url: string): Symptom | null {
  const proxy = PROXY.exec(text);
  if (proxy) {
    return {
      outcome: 'proxy',
      headline: `The proxy stopped git: ${(proxy[1] ?? '').trim()}`,
      short: 'proxy',
    };
  }
  const c = CONNECT.exec(text);
  if (!c) return null;
  const host = (c[1] ?? c[3] ?? '').toLowerCase();
  const port = c[2] ?? c[4] ?? '';
  const why = (c[5] ?? '').trim();
  const target = addressOf(url).host;
  // curl names the host it connected to: not the address's host means it was the proxy.
  if (c[1] && target && host !== target) {
    return {
      outcome: 'proxy',
      headline: `Could not connect to the proxy ${host} port ${port}: ${why}`,
      short: 'proxy',
    };
  }
  return {
    outcome: 'connect',
    headline: `Could not connect to ${host} port ${port}: ${why}`,
    short: 'no connection',
  };
}

/** The connection itself failed (proxy, DNS, no connection, TLS, SSH key): no helper ran. */
function transportSymptom(text: string, url: string, who: Who): Symptom | null {
  const connection = connectionSymptom(text, url);
  if (connection?.outcome === 'proxy') return connection;
  // curl: "Could not resolve host: X"; OpenSSH: "Could not resolve hostname X: …".
  const dns = /Could not resolve host(?:name)?:? ([^\s:']+)/.exec(text);
  if (dns) {
    return {
      outcome: 'dns',
      headline: `Could not find the host ${dns[1] ?? ''} (DNS lookup failed)`,
      short: 'DNS',
    };
  }
  if (connection) return connection;
  const tls =
    /(SSL certificate problem[^\n]*|server certificate verification failed[^\n]*|SSL_ERROR[^\n]*|gnutls_handshake[^\n]*|schannel:[^\n]*|OpenSSL SSL_connect[^\n]*)/.exec(
      text,
    );
  if (tls) {
    return {
      outcome: 'tls',
      headline: `The secure connection failed: ${(tls[1] ?? '').trim()}`,
      short: 'TLS error',
    };
  }
  const ssh = /Permission denied \((publickey[^)]*)\)/.exec(text);
  if (ssh) {
    return {
      outcome: 'ssh-denied',
      headline: `${who} refused the SSH key (Permission denied (${ssh[1] ?? 'publickey'}))`,
      short: 'SSH denied',
    };
  }
  return null;
}

/**
 * Puts the result of `git ls-remote -- <url>` into one outcome and plain words. Pure.
 * `known`: secrets known in-process (words of helper commands), scrubbed from the detail too.
 */
export function classifyLsRemote(result: RunResult, known: readonly string[] = []): Verdict {
  const stderr = scrubLiveText(scrubGitText(scrubSecrets(result.stderr ?? ''), result.args), known);
  const errLines = lines(stderr);
  const detail = errLines.slice(-DETAIL_LINES).join('\n');
  const who = serverName(result.args);
  const text = errLines.join('\n');

  if (result.timedOut) {
    return verdict(result, detail, {
      outcome: 'timeout',
      headline: `No answer within ${seconds(result.durationMs)}: git was stopped`,
      short: 'timeout',
    });
  }
  if (result.notFound || result.error !== undefined) {
    const why = result.notFound ? 'git was not found' : scrubSecrets(result.error ?? '');
    return verdict(result, detail || why, {
      outcome: 'other',
      headline: `git could not be started: ${why}`,
      short: 'git did not start',
    });
  }
  if (result.exitCode === 0) {
    const refs = lines(result.stdout ?? '').filter((l) => REF_LINE.test(l)).length;
    return verdict(
      result,
      detail,
      {
        outcome: 'ok',
        headline:
          refs === 0
            ? 'Works: the repository is empty (0 refs)'
            : `Works: lists ${refs} ref${refs === 1 ? '' : 's'}`,
        short: `works (${refs} ref${refs === 1 ? '' : 's'})`,
      },
      { refs },
    );
  }

  const remoteHelper = /'remote-([^']+)' is not a git command/.exec(text);
  if (remoteHelper) {
    const name = remoteHelper[1] ?? 'codecommit';
    return verdict(result, detail, {
      outcome: 'remote-helper-missing',
      headline: `git-remote-${name} is not installed or not on PATH`,
      short: `no git-remote-${name}`,
    });
  }

  const transport = transportSymptom(text, result.args[result.args.length - 1] ?? '', who);
  if (transport) return verdict(result, detail, transport);

  const failures = errLines.map(helperFailure).filter((f): f is HelperFailure => f !== null);
  // Name the AWS helper's failure first when there are several: for a CodeCommit remote it
  // is the one that signs (gcm-issue697: a renamed GCM fails first, then `aws` is missing).
  failures.sort((a, b) => Number(isAws(b)) - Number(isAws(a)));
  const http = httpSymptom(errLines, who);
  const first = failures[0];
  if (first) {
    let cause: string;
    if (first.missingPath) {
      cause =
        "The AWS credential helper failed with 'path': git did not send the repository path (credential.UseHttpPath is not set)";
    } else if (first.helper) {
      cause = `The credential helper "${first.helper}" failed: ${first.message}`;
    } else {
      cause = `A credential helper failed: ${first.message}`;
    }
    if (failures.length > 1)
      cause += ` (and ${failures.length - 1} more helper error${failures.length > 2 ? 's' : ''})`;
    const then = http ? `; then ${lowerFirst(http.headline)}` : '';
    return verdict(
      result,
      detail,
      {
        outcome: 'helper-error',
        headline: cause + then,
        short: http ? `helper error, ${http.short}` : 'helper error',
      },
      http ? { followedBy: http.outcome } : {},
    );
  }
  if (http) return verdict(result, detail, http);

  const code = /The requested URL returned error: (\d{3})/.exec(text);
  const last = lastLine(errLines);
  if (code) {
    return verdict(result, detail, {
      outcome: 'other',
      headline: `${who} answered HTTP ${code[1] ?? ''}`,
      short: code[1] ?? 'failed',
    });
  }
  return verdict(result, detail, {
    outcome: 'other',
    headline: last
      ? `git failed: ${last}`
      : `git failed with exit code ${result.exitCode ?? result.signal ?? '?'} and printed nothing`,
    short: 'failed',
  });
}

function isAws(f: HelperFailure): boolean {
  return (
    f.missingPath === true ||
    /\baws\b/.test(f.helper ?? '') ||
    /^(?:aws|'NoneType'|sequence item|Unknown options|Unable to locate|The config profile)/.test(f.message)
  );
}

function lowerFirst(s: string): string {
  // "CodeCommit …" keeps its capital; "The server …" / "git …" read on mid-sentence.
  return s.startsWith('The ') ? 't' + s.slice(1) : s;
}

// ── Running it ───────────────────────────────────────────────────────────────

/** What one live run saw besides the verdict: for a helpdesk when no finding explains a failure. */
export interface LiveRun {
  verdict: Verdict;
  /** The helper chain git asked, as the doctor shows helper commands (maskHelperCommand). */
  helpers: string[];
  /** Which helpers ran and which one answered (from the trace). */
  activity: HelperActivity;
  /** GIT_TRACE + GIT_TRACE_CURL (no data), secrets scrubbed, bounded (verify-trace.ts). */
  trace: string[];
}

// git's tracing: to stderr (told apart from its messages by the line prefix), Authorization
// headers redacted by git itself (GIT_TRACE_REDACT, forced on), no pack data.
const TRACE_ENV: NodeJS.ProcessEnv = {
  GIT_TRACE: '1',
  GIT_TRACE_CURL: '1',
  GIT_TRACE_CURL_NO_DATA: '1',
  GIT_TRACE_REDACT: '1',
};

/**
 * Runs `git ls-remote -- <url>` through ctx.runner (prompts off) and classifies it. Never
 * throws. One time limit for the whole check — `opts.timeoutMs`, else the context's, the one
 * `--timeout` sets for everything the doctor runs — shared by the settings read and git
 * itself. When it is up the runner ends git's process group (helpers and ssh with it) and
 * waits at most one more second for it to go.
 *
 * Git asks the user's credential helpers for a password (`get`) as a clone would, but no
 * helper is ever told to save or forget one: see verify-get-only.ts. git runs traced; the
 * classification reads only git's own messages (verify-trace.ts).
 */
export async function liveCheck(
  ctx: EngineContext,
  url: string,
  opts: { cwd?: string; timeoutMs?: number; extraEnv?: NodeJS.ProcessEnv } = {},
): Promise<LiveRun> {
  const limitMs = opts.timeoutMs ?? ctx.timeoutMs;
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  // LANGUAGE wins over LANG/LC_ALL for gettext message lookup (unless the locale is C, which
  // is English anyway), so git's messages stay the English ones classified here.
  const env: NodeJS.ProcessEnv = { ...ctx.env, LANGUAGE: 'en', ...opts.extraEnv };
  const run = (args: string[], timeoutMs: number, extra: NodeJS.ProcessEnv = {}) =>
    ctx.runner('git', args, { cwd: opts.cwd ?? ctx.cwd, env: { ...env, ...extra }, timeoutMs });
  // `--` so a URL starting with `-` can never be read as an option (CVE-2017-1000117 class).
  const lsRemote = ['ls-remote', '--', url];
  let result: RunResult;
  let chain: string[] = [];
  let trace: string[] = [];
  // What the address is (a remote name resolves to its URL): the words and the next step depend on it.
  let address = url;
  try {
    const found = await effectiveHelpers((args) => run(args, limitMs), url);
    if ('timedOut' in found) result = { ...found.timedOut, args: lsRemote };
    else {
      chain = found.helpers;
      address = found.url;
      const getOnly = getOnlyHelper(chain);
      result = await run([...getOnly.args, ...lsRemote], Math.max(1, limitMs - elapsed()), TRACE_ENV);
      const split = splitTrace(result.stderr ?? '', {
        chain,
        ...(getOnly.value ? { wrapper: getOnly.value } : {}),
      });
      trace = split.trace;
      result = { ...result, stderr: getOnly.ownLinesRemoved(split.messages) };
    }
  } catch (e) {
    result = notStarted('git', lsRemote, e instanceof Error ? e.message : String(e));
  }
  // Words of the helper commands a mask would hide are secrets wherever they show up.
  const known = helperSecrets(chain);
  const v = classifyLsRemote(
    { ...result, args: [...result.args.slice(0, -1), address], durationMs: elapsed() },
    known,
  );
  const password = addressPassword(address);
  return {
    verdict: v,
    helpers: chain.map((h) => maskHelperCommand(h)),
    activity: helperActivity(trace),
    trace: presentTrace(trace, { chain, known: password ? [...known, password] : known }),
  };
}

/** The live check's verdict alone (what `verify` and the fix flow show). */
export async function verifyRemote(
  ctx: EngineContext,
  url: string,
  opts: { cwd?: string; timeoutMs?: number; extraEnv?: NodeJS.ProcessEnv } = {},
): Promise<Verdict> {
  return (await liveCheck(ctx, url, opts)).verdict;
}

/** "403 → works (3 refs)" */
export function beforeAfter(before: Verdict, after: Verdict): string {
  return `${before.short} → ${after.short}`;
}
