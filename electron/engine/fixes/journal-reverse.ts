import { randomBytes } from 'node:crypto';
import { escapeRegExp } from '../../shared/redact';
import { readFile, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { RunResult } from '../runner';

// Undo of a fix whose file was changed again after it (by the user, another program or a
// later fix): put back the fix's own settings only, and keep everything else. git reads all
// three versions — before the fix, as the fix left it, and now — so "the fix's own settings"
// are the keys whose values the fix changed. If any of those keys changed again since, or
// the file is not one git can read, the undo is refused rather than guessed. Every edit is
// made with `git config --file` on a scratch copy, checked, and only then handed back.

/** Runs `git <args>` (through the engine's runner: argv, timeout, prompts off). */
export type GitRun = (args: readonly string[]) => Promise<RunResult>;

type ConfigEntry = readonly [key: string, value: string | null];

export type Reversal = { ok: true; data: Buffer; keys: string[] } | { ok: false; reason: string };

class NotReversible extends Error {}

/** `git config --list --null`: `key\nvalue\0` per entry, `key\0` for a key with no value. */
function parseList(out: string): ConfigEntry[] {
  return out
    .split('\0')
    .slice(0, -1)
    .map((rec) => {
      const nl = rec.indexOf('\n');
      return nl < 0 ? [rec, null] : [rec.slice(0, nl), rec.slice(nl + 1)];
    });
}

function valuesOf(entries: readonly ConfigEntry[], key: string): (string | null)[] {
  return entries.filter(([k]) => k === key).map(([, v]) => v);
}

const same = (a: readonly unknown[], b: readonly unknown[]) =>
  a.length === b.length && a.every((x, i) => x === b[i]);

function failure(r: RunResult): string {
  if (r.notFound) return 'git is not installed';
  if (r.timedOut) return 'git config timed out';
  return (r.stderr || r.stdout).trim().split('\n').pop() || `git config exited with ${r.exitCode}`;
}

class Scratch {
  private readonly made: string[] = [];
  constructor(
    private readonly dir: string,
    private readonly git: GitRun,
  ) {}

  async file(data: Buffer): Promise<string> {
    const p = path.join(this.dir, `.reverse-${randomBytes(4).toString('hex')}`);
    this.made.push(p, `${p}.lock`);
    await writeFile(p, data, { mode: 0o600 });
    return p;
  }

  async entries(data: Buffer | null, what: string): Promise<ConfigEntry[]> {
    if (data === null) return [];
    const r = await this.git(['config', '--file', await this.file(data), '--list', '--null']);
    if (r.exitCode !== 0) throw new NotReversible(`git cannot read ${what} as settings (${failure(r)})`);
    return parseList(r.stdout);
  }

  async config(file: string, args: string[], okCodes: number[] = [0]): Promise<void> {
    const r = await this.git(['config', '--file', file, ...args]);
    if (r.exitCode === null || !okCodes.includes(r.exitCode)) throw new NotReversible(failure(r));
  }

  async cleanup(): Promise<void> {
    for (const p of this.made) await unlink(p).catch(() => undefined);
  }
}

/** Makes `key` hold `want` (in order) where it now holds `have`, moving as little as possible. */
async function putBack(s: Scratch, file: string, key: string, have: string[], want: string[]): Promise<void> {
  if (want.length === 0) return s.config(file, ['--unset-all', key], [0, 5]);
  const changed = have.map((v, i) => [v, want[i]] as const).filter(([a, b]) => a !== b);
  if (have.length === want.length && changed.every(([a]) => have.filter((v) => v === a).length === 1)) {
    // Same number of values: change each in place, so its position among other keys stays.
    for (const [from, to] of changed)
      await s.config(file, ['--replace-all', key, to as string, `^${escapeRegExp(from)}$`]);
    return;
  }
  await s.config(file, ['--replace-all', key, want[0] as string]);
  for (const v of want.slice(1)) await s.config(file, ['--add', key, v]);
}

async function reverse(
  s: Scratch,
  file: string,
  versions: { before: Buffer | null; after: Buffer | null; current: Buffer },
): Promise<Reversal> {
  const before = await s.entries(versions.before, `${file} as it was before the fix`);
  const after = await s.entries(versions.after, `${file} as the fix left it`);
  const current = await s.entries(versions.current, file);
  const keys = [...new Set([...before, ...after].map(([k]) => k))].filter(
    (k) => !same(valuesOf(before, k), valuesOf(after, k)),
  );
  const others = (list: readonly ConfigEntry[]) =>
    list.filter(([k]) => !keys.includes(k)).map(([k, v]) => `${k}\0${v === null ? '(no value)' : `=${v}`}`);
  if (keys.length === 0 || !same(others(before), others(after)))
    throw new NotReversible('the fix changed it in a way that is not a change of settings');
  const touched = keys.filter((k) => !same(valuesOf(current, k), valuesOf(after, k)));
  if (touched.length > 0) throw new NotReversible(`${touched.join(', ')} changed again since`);
  if (keys.some((k) => [...valuesOf(before, k), ...valuesOf(after, k)].includes(null)))
    throw new NotReversible('a setting without a value cannot be put back with git config');

  const work = await s.file(versions.current);
  for (const k of keys)
    await putBack(s, work, k, valuesOf(after, k) as string[], valuesOf(before, k) as string[]);
  const data = await readFile(work);
  // Proof before anything is written: the fix's keys hold what they held before the fix,
  // and every other setting is exactly as it is now, in the same order.
  const result = await s.entries(data, `${file} with the fix's settings put back`);
  const exact =
    same(others(result), others(current)) &&
    keys.every((k) => same(valuesOf(result, k), valuesOf(before, k)));
  if (!exact) throw new NotReversible('its settings could not be put back exactly with git config');
  return { ok: true, data, keys };
}

/**
 * The current file with the fix's own settings put back, or why that cannot be done safely.
 * `before` is null when the fix created the file.
 */
export async function reverseOwnChanges(opts: {
  git: GitRun | undefined;
  scratchDir: string;
  file: string;
  before: Buffer | null;
  after: Buffer | null;
  current: Buffer;
}): Promise<Reversal> {
  if (!opts.git) return { ok: false, reason: 'git is needed to tell its settings apart from the rest' };
  const scratch = new Scratch(opts.scratchDir, opts.git);
  try {
    return await reverse(scratch, opts.file, opts);
  } catch (e) {
    if (e instanceof NotReversible) return { ok: false, reason: e.message };
    throw e;
  } finally {
    await scratch.cleanup();
  }
}
