import { computeHelperChain } from '../helper-chain';
import type { ConfigEntry } from '../model';
import { parseConfigZ } from '../probes/git-config-parse';
import type { RunResult } from '../runner';

// The live check must not change any password store. A plain `git ls-remote` would: after
// a success git hands the password to every helper with `store` (a store, cache or keyring
// helper before the AWS helper keeps the fresh signature, which is stale 15 minutes later —
// the very entry a fix just removed), and after a refused one it sends `erase`.
//
// So git runs with its helper list reset (`-c credential.helper=`, read after every settings
// file) and one helper of ours, which answers `get` only and ignores `store` and `erase`.
// For `get` it asks the helpers git would have asked — the chain computed for this URL by
// helper-chain.ts, which is checked against git itself (URL-scoped sections, resets) — by
// running `git credential fill` with exactly that list, so git's own loop decides who answers
// (order, stopping at the first full answer, feeding one helper's user name to the next,
// `quit`). The outer git already kept or dropped the path (credential.UseHttpPath), so the
// inner one keeps whatever it is given.
//
// What git prints stays what it would print without us:
// - when no helper gives a full answer, the inner git cannot prompt (prompts are off) and
//   says so; that line is dropped, and whatever the helpers did give (a user name) is passed
//   on — a helper at the end of the inner list echoes what it is handed — so the outer git
//   asks for the rest and prints its own line;
// - a helper's `quit` stops the inner git; ours then says `quit=1` too, and the outer git's
//   line about our helper is removed (ownLinesRemoved).
// Only shell built-ins are used besides git: the user's PATH may have lost everything else.

/** The wrapper's shell function name (the trace shows it: verify-trace.ts hides the line). */
export const GET_ONLY_NAME = 'codecommit_doctor_get_only';
/** Marks what the helpers gave when none gave a full answer (and names the end-of-list helper). */
export const PARTIAL_MARK = 'codecommit-doctor-partial:';
const NAME = GET_ONLY_NAME;
const PARTIAL = PARTIAL_MARK;

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The last helper of the inner list: what the helpers before it gave, to stderr, marked. */
const ECHO_PARTIAL = `!f() { while IFS= read -r l; do printf '%s\\n' "${PARTIAL}$l" >&2; done; }; f`;

function wrapper(helperValues: readonly string[]): string {
  const inner = [
    'git',
    ...['credential.helper=', ...helperValues.map((h) => `credential.helper=${h}`)].flatMap((c) => [
      '-c',
      shellQuote(c),
    ]),
    '-c',
    shellQuote(`credential.helper=${ECHO_PARTIAL}`),
    '-c',
    'credential.useHttpPath=true',
    'credential',
    'fill',
  ].join(' ');
  const dropped = `${PARTIAL}*|'fatal: could not read Username for '*|'fatal: could not read Password for '*`;
  return [
    `!${NAME}() {`,
    'if [ "$1" != get ]; then while IFS= read -r l; do :; done; return 0; fi;',
    `{ e=$(${inner} 2>&1 >&3 3>&-); r=$?; } 3>&1;`,
    'if [ $r = 0 ]; then if [ -n "$e" ]; then printf \'%s\\n\' "$e" >&2; fi; return 0; fi;',
    `printf '%s\\n' "$e" | while IFS= read -r l; do case $l in ${dropped}) ;; *) printf '%s\\n' "$l" >&2 ;; esac; done;`,
    `case $e in *${PARTIAL}*) printf '%s\\n' "$e" | while IFS= read -r l; do case $l in ${PARTIAL}*) printf '%s\\n' "\${l#${PARTIAL}}" ;; esac; done ;;`,
    '*) echo quit=1 ;; esac;',
    `}; ${NAME}`,
  ].join(' ');
}

export interface GetOnly {
  /** `-c` options that make git ask the helpers in order for `get`, and nothing else ever. */
  args: string[];
  /** The wrapper's helper value (absent for an empty chain). */
  value?: string;
  /** Removes git's message about our helper (its `told us to quit`): the user's helper said it first. */
  ownLinesRemoved(stderr: string): string;
}

export function getOnlyHelper(helperValues: readonly string[]): GetOnly {
  if (helperValues.length === 0) return { args: ['-c', 'credential.helper='], ownLinesRemoved: (s) => s };
  const value = wrapper(helperValues);
  // credential.c: die("credential helper '%s' told us to quit"); the value may span lines.
  const quitLine = `fatal: credential helper '${value}' told us to quit\n`;
  return {
    args: ['-c', 'credential.helper=', '-c', `credential.helper=${value}`],
    value,
    ownLinesRemoved: (stderr) => stderr.split(quitLine).join(''),
  };
}

type Run = (args: string[]) => Promise<RunResult>;

/**
 * The helper values git would ask for `target` (a remote name or a URL) from `cwd`, and the URL
 * as git resolves it (`ls-remote --get-url` applies insteadOf), settings as git reads them
 * there (includes, includeIf). Values are the real ones (they run; they are never shown).
 * A result that timed out is returned as is: git would have hung the same way.
 */
export async function effectiveHelpers(
  run: Run,
  target: string,
): Promise<{ helpers: string[]; url: string } | { timedOut: RunResult }> {
  const [url, list] = await Promise.all([
    run(['ls-remote', '--get-url', '--', target]),
    // No --show-scope: git before 2.26 refuses it (exit 129), and the chain needs no scope.
    run(['config', '--list', '--show-origin', '-z']),
  ]);
  if (url.timedOut) return { timedOut: url };
  if (list.timedOut) return { timedOut: list };
  // Entries read before a broken file are printed too; git ls-remote stops on that file anyway.
  const entries: ConfigEntry[] = parseConfigZ(list.stdout).filter((e) => e.key.startsWith('credential.'));
  const resolved = url.exitCode === 0 ? url.stdout.replace(/\r?\n$/, '') : target;
  return { helpers: computeHelperChain(entries, resolved).helpers.map((h) => h.value), url: resolved };
}
