import type { EngineContext } from '../../context';
import type { ConfigEntry, ConfigScope } from '../../model';
import { inspectWriteTarget, keepOwner } from '../write-target';
import type { StepKind, StepOf } from './step-kind';
import { StepError } from './step-kind';
import { isMasked } from '../../../shared/redact';

type GitConfigStep = StepOf<'git-config'>;

// `git config --file <file> …`: the only way the doctor changes git's settings.

export function gitConfigArgv(step: GitConfigStep): string[] {
  const argv = ['git', 'config', '--file', step.file];
  switch (step.op) {
    case 'add':
      return [...argv, '--add', step.key, step.value ?? ''];
    case 'set':
      // What apply runs: --replace-all also settles a key that was set more than once.
      return [...argv, '--replace-all', step.key, step.value ?? ''];
    case 'replace-all':
      return [
        ...argv,
        '--replace-all',
        step.key,
        step.value ?? '',
        ...(step.valuePattern ? [step.valuePattern] : []),
      ];
    case 'unset-all':
      return [...argv, '--unset-all', step.key, ...(step.valuePattern ? [step.valuePattern] : [])];
  }
}

/** The key as git lists it: section and variable lowercased, a URL subsection as written. */
function canonicalKey(key: string): string {
  const first = key.indexOf('.');
  const last = key.lastIndexOf('.');
  if (first < 0) return key.toLowerCase();
  const section = key.slice(0, first).toLowerCase();
  const variable = key.slice(last + 1).toLowerCase();
  return first === last ? `${section}.${variable}` : `${section}${key.slice(first, last)}.${variable}`;
}

/** `section` or `section.subsection` of a canonical key. */
function sectionOf(key: string): string {
  return key.slice(0, key.lastIndexOf('.'));
}

const READING_ORDER: ConfigScope[] = ['system', 'global', 'local', 'worktree', 'command'];

/** The entry list git would read after running the step on its file. */
export function simulateGitConfig(config: ConfigEntry[], step: GitConfigStep): ConfigEntry[] {
  const entries = [...config];
  const key = canonicalKey(step.key);
  // git's value pattern never matches a valueless key (config.c matches(): `value && !regexec…`).
  const matches = (e: ConfigEntry) =>
    e.origin === step.file &&
    e.key === key &&
    (!step.valuePattern || (e.value !== null && new RegExp(step.valuePattern).test(e.value)));
  if (step.op === 'unset-all') return entries.filter((e) => !matches(e));
  if (step.op === 'replace-all' || step.op === 'set') {
    // git 2.39 `--replace-all` writes the new value where the LAST match was and drops the
    // others ([a, b, a] with `^a$` → [b, new]); with no match it appends, as below.
    const last = entries.findLastIndex(matches);
    if (last >= 0) {
      entries[last] = { ...(entries[last] as ConfigEntry), value: step.value ?? null };
      return entries.filter((e, i) => i === last || !matches(e));
    }
  }
  const entry: ConfigEntry = {
    scope: step.scope,
    originType: 'file',
    origin: step.file,
    key,
    value: step.value ?? null,
    order: 0,
  };
  // git 2.39 adds a key after the last key of the last occurrence of its section; without
  // one it appends a new section at the end of the file (and removes a section that
  // --unset-all emptied, so no empty section is left to add into).
  const section = sectionOf(key);
  const lastInSection = entries.findLastIndex((e) => e.origin === step.file && sectionOf(e.key) === section);
  const lastInFile = entries.findLastIndex((e) => e.origin === step.file);
  if (lastInSection >= 0) entries.splice(lastInSection + 1, 0, entry);
  else if (lastInFile >= 0) entries.splice(lastInFile + 1, 0, entry);
  else {
    // A file git did not read yet: it takes its scope's place in git's reading order.
    const pos = entries.findIndex((e) => READING_ORDER.indexOf(e.scope) > READING_ORDER.indexOf(step.scope));
    entries.splice(pos < 0 ? entries.length : pos, 0, entry);
  }
  return entries;
}

/**
 * git 2.39's --replace-all APPENDS when its value pattern matches nothing, so a rename that
 * already happened (another copy of the doctor, or the user) would add a second line.
 */
async function somethingToReplace(ctx: EngineContext, step: GitConfigStep): Promise<void> {
  const r = await ctx.runner(
    'git',
    ['config', '--file', step.file, '--get-all', step.key, step.valuePattern as string],
    { env: ctx.env, timeoutMs: ctx.timeoutMs },
  );
  // Exit 1: the key has no value matching the pattern (git-config(1), "EXIT STATUS").
  if (r.exitCode === 1)
    throw new StepError(
      `Not changed: ${step.key} in ${step.file} has no value matching ${step.valuePattern} any more (another fix or an edit changed it)`,
    );
}

export const gitConfigStep: StepKind<GitConfigStep> = {
  describe(step) {
    const what =
      step.op === 'unset-all'
        ? `remove ${step.key}`
        : step.value === ''
          ? `add an empty ${step.key.split('.').pop()} line (resets the helper list) under ${step.key.slice(0, step.key.lastIndexOf('.'))}`
          : `${step.op === 'add' ? 'add' : 'set'} ${step.key} = ${step.value}`;
    return `In ${step.file}: ${what}`;
  },
  argv: gitConfigArgv,
  reversible: true,
  runsHere: true,
  simulate: simulateGitConfig,
  async apply(ctx, step, run) {
    // Plans are made from settings as they may be shown: a masked password is never written.
    if ([step.key, step.value ?? '', step.valuePattern ?? ''].some(isMasked))
      throw new StepError('refusing to write a value that was masked for display');
    // Checked again here: the plan was made from facts, and the file may have changed since.
    const target = await inspectWriteTarget(step.file);
    if (!target.ok) throw new StepError(`Not changed: ${target.reason}.`);
    if (step.op === 'replace-all' && step.valuePattern) await somethingToReplace(ctx, step);
    await run.journal.backupFile(step.file);
    // The very command the plan showed (--dry-run, the app's preview), minus the program name.
    const r = await ctx.runner('git', gitConfigArgv(step).slice(1), {
      env: ctx.env,
      timeoutMs: ctx.timeoutMs,
    });
    // --unset-all exits 5 when nothing matched: the wanted state already holds.
    if (r.exitCode === 0 || (step.op === 'unset-all' && r.exitCode === 5)) {
      // git renamed a new file over the old one: as root, the file goes back to its owner.
      await keepOwner(target);
      return 'done';
    }
    if (r.notFound) throw new StepError('git is not installed');
    if (r.timedOut) throw new StepError('git config timed out');
    throw new StepError(
      `git config failed: ${(r.stderr || r.stdout).trim().split('\n').pop() ?? `exit ${r.exitCode}`}`,
    );
  },
};
