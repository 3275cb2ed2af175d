import type { EngineContext } from '../../context';
import { firstLine, MAX_OUTPUT_BYTES, type RunResult } from '../../runner';
import { readDumpKeychain, type KeychainItem } from './keychain-dump';

// Reading every keychain of the search list, and knowing which ones were not read. Apple's
// `security dump-keychain` (SecurityTool keychain_find.c do_keychain_dump_class) prints items
// as it finds them and stops with exit 1 at the first error SecKeychainSearchCopyNext
// returns — after printing what it found. The search beneath it (Security's KCCursor.cpp
// KCCursorImpl::next) skips a keychain it cannot open or query without a word and reports an
// error only when every keychain failed, and an item it cannot print is skipped with a
// message on stderr (keychain_utilities.c print_keychain_item_attributes). So exit 0 does not
// mean every keychain was read: each keychain of the search list (`security list-keychains`)
// that showed no item, or that was being read when the listing stopped, is read again on its
// own, and whatever still fails is named.

// Apple's fixed, SIP-protected location: a `security` earlier on PATH is not what we want
// deleting keychain items.
export const SECURITY = '/usr/bin/security';
/** `errSecInteractionNotAllowed` surfaced by `security` as exit status 36 (fastlane-community/security#5). */
export const EXIT_INTERACTION_NOT_ALLOWED = 36;
/** errSecInteractionNotAllowed (-25308) as SecurityTool's sec_errstr prints it. */
const LOCKED_RE = /User interaction is not allowed/i;

export const LOCKED_ERROR =
  'The keychain is locked and cannot be read without a login session (security exit 36)';
const LOCKED =
  'the keychain is locked ("User interaction is not allowed"): unlock it (Keychain Access, or security unlock-keychain) and scan again';

export interface KeychainRead {
  /** false when `security` does not exist. */
  available: boolean;
  /** Nothing could be read at all. */
  error?: string;
  items: KeychainItem[];
  /** Keychain file → why it was not read in full. */
  unread: Map<string, string>;
  /** Not read in full where no keychain can be named (the search list could not be listed). */
  unreadElsewhere?: string;
}

export function failure(action: string, r: RunResult, timeoutMs: number): string {
  if (r.timedOut) {
    return `${action} timed out after ${Math.round(timeoutMs / 1000)} s (a locked keychain can wait on a password dialog)`;
  }
  if (r.exitCode === EXIT_INTERACTION_NOT_ALLOWED) return LOCKED_ERROR;
  if (r.notFound) return `${SECURITY} was not found`;
  if (r.error) return `${action} could not start: ${r.error}`;
  if (LOCKED_RE.test(r.stderr)) return `${action} failed: ${LOCKED}`;
  const detail = firstLine(r.stderr);
  return `${action} failed (exit ${r.exitCode ?? r.signal ?? 'unknown'})${detail ? `: ${detail}` : ''}`;
}

async function run(ctx: EngineContext, args: string[]): Promise<RunResult | Error> {
  try {
    return await ctx.runner(SECURITY, args, { timeoutMs: ctx.timeoutMs, env: ctx.env });
  } catch (e) {
    return e as Error;
  }
}

/** `security list-keychains`: one `    "<path>"` line per keychain (keychain_list.c display_name). */
export function parseSearchList(stdout: string): string[] {
  const paths: string[] = [];
  for (const line of stdout.split(/\r?\n/)) {
    const t = line.trim();
    if (t.length >= 2 && t.startsWith('"') && t.endsWith('"')) paths.push(t.slice(1, -1));
  }
  return paths;
}

async function searchList(ctx: EngineContext): Promise<string[] | { why: string } | 'no-security'> {
  const r = await run(ctx, ['list-keychains']);
  if (r instanceof Error) return { why: `security list-keychains could not run: ${r.message}` };
  if (r.notFound) return 'no-security';
  if (r.timedOut || r.exitCode !== 0) return { why: failure('security list-keychains', r, ctx.timeoutMs) };
  // An empty search list is possible (`list-keychains -s` with nothing): then nothing is searched.
  return parseSearchList(r.stdout);
}

interface OneDump {
  items: KeychainItem[];
  unreadable: string[];
  /** Why the listing stopped before its end (undefined: it ran to the end). */
  stopped?: string;
  /** It stopped on a time limit: reading again would wait as long. */
  timedOut?: boolean;
  /** Output that is not a keychain listing at all. */
  garbage?: boolean;
}

function readOne(r: RunResult | Error, action: string, ctx: EngineContext): OneDump {
  if (r instanceof Error)
    return { items: [], unreadable: [], stopped: `${action} could not run: ${r.message}` };
  const { items, unreadable } = readDumpKeychain(r.stdout);
  const garbage = items.length === 0 && unreadable.length === 0 && r.stdout.trim() !== '';
  const stopped = r.truncated
    ? `${action} printed more than the ${MAX_OUTPUT_BYTES / 1024 / 1024} MiB the doctor reads; what came after was not read`
    : r.timedOut || r.exitCode !== 0 || r.notFound
      ? failure(action, r, ctx.timeoutMs)
      : undefined;
  return {
    items,
    unreadable,
    garbage,
    ...(stopped ? { stopped } : {}),
    ...(r.timedOut ? { timedOut: true } : {}),
  };
}

function unreadableReason(count: number, stderr: string): string {
  if (LOCKED_RE.test(stderr)) return LOCKED;
  const detail = firstLine(stderr);
  return `${count} item${count === 1 ? '' : 's'} could not be read${detail ? ` (${detail})` : ''}`;
}

function noteUnreadable(unread: Map<string, string>, dump: OneDump, stderr: string): void {
  const counts = new Map<string, number>();
  for (const kc of dump.unreadable) counts.set(kc, (counts.get(kc) ?? 0) + 1);
  for (const [kc, n] of counts) if (!unread.has(kc)) unread.set(kc, unreadableReason(n, stderr));
}

const stderrOf = (r: RunResult | Error) => (r instanceof Error ? '' : r.stderr);

/** The keychains to read again, one by one: those with no item, and from where a listing stopped. */
function toReadAgain(list: string[], dump: OneDump, unread: Map<string, string>): string[] {
  const seen = new Set(dump.items.map((i) => i.keychain));
  const last = [...dump.items.map((i) => i.keychain), ...dump.unreadable].at(-1);
  const from = dump.stopped ? Math.max(0, last === undefined ? 0 : list.indexOf(last)) : list.length;
  return list.filter((kc, i) => i >= from || (!seen.has(kc) && !unread.has(kc)));
}

async function readKeychainsNow(ctx: EngineContext): Promise<KeychainRead> {
  const list = await searchList(ctx);
  if (list === 'no-security') return { available: false, items: [], unread: new Map() };
  const all = await run(ctx, ['dump-keychain']);
  if (!(all instanceof Error) && all.notFound) return { available: false, items: [], unread: new Map() };
  const dump = readOne(all, 'security dump-keychain', ctx);
  if (dump.garbage) {
    return {
      available: true,
      items: [],
      unread: new Map(),
      error: 'security dump-keychain printed output that could not be read as keychain items',
    };
  }
  const unread = new Map<string, string>();
  noteUnreadable(unread, dump, stderrOf(all));
  if (!Array.isArray(list)) {
    const nothing = dump.items.length === 0 && dump.unreadable.length === 0;
    if (dump.stopped && nothing) return { available: true, items: [], unread, error: dump.stopped };
    const why = dump.stopped ?? `keychains that showed no item may not have been read (${list.why})`;
    return { available: true, items: dump.items, unread, unreadElsewhere: why };
  }
  let items = dump.items;
  for (const kc of toReadAgain(list, dump, unread)) {
    // A listing that ran out of time would wait as long again on its own.
    if (dump.timedOut) {
      unread.set(kc, dump.stopped ?? 'timed out');
      continue;
    }
    const r = await run(ctx, ['dump-keychain', kc]);
    const one = readOne(r, `security dump-keychain ${kc}`, ctx);
    items = [...items.filter((i) => i.keychain !== kc), ...one.items];
    unread.delete(kc);
    noteUnreadable(unread, one, stderrOf(r));
    if (one.garbage) unread.set(kc, 'its listing could not be read as keychain items');
    else if (one.stopped) unread.set(kc, one.stopped);
  }
  // Nothing read anywhere: the store could not be read at all.
  const error = unreadMessage({ available: true, items, unread }) ?? dump.stopped;
  if (items.length === 0 && list.every((kc) => unread.has(kc)) && error !== undefined) {
    return { available: true, items, unread: new Map(), error };
  }
  return { available: true, items, unread };
}

// Every Keychain store (git's, GCM's, the GUI clients') reads the same keychains: calls that
// overlap (a scan lists them all at once) share one read; a later call (a deletion's proof)
// reads afresh.
const reading = new WeakMap<EngineContext, Promise<KeychainRead>>();

export function readKeychains(ctx: EngineContext): Promise<KeychainRead> {
  const pending = reading.get(ctx);
  if (pending) return pending;
  const started = readKeychainsNow(ctx).finally(() => reading.delete(ctx));
  reading.set(ctx, started);
  return started;
}

/** One line for people: which keychains were not read, and why. */
export function unreadMessage(read: KeychainRead): string | undefined {
  const parts = [...read.unread].map(([kc, why]) => `${kc} was not read in full: ${why}`);
  if (read.unreadElsewhere) parts.push(`not every keychain may have been read: ${read.unreadElsewhere}`);
  return parts.length > 0 ? parts.join('; ') : undefined;
}
