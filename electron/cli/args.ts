import { FINDING_CODES } from '../engine/checks';
import { TIMEOUT_BOUNDS_MS } from '../engine/context';
import type { FindingCode, TargetInput } from '../engine/model';
import { regionName } from '../shared/region';
import type { Redaction } from '../engine/report';

// A small, strict parser: every unknown or malformed argument is an error that names the
// argument (exit 2), because fleet scripts must fail loudly rather than diagnose the wrong thing.

export type Command =
  | { name: 'help' }
  | { name: 'version' }
  | { name: 'start' }
  | { name: 'history'; json: boolean }
  | { name: 'undo'; id: string | 'last' }
  | { name: 'verify'; target: TargetInput; json: boolean; timeoutMs?: number }
  | {
      name: 'fix';
      target: TargetInput;
      only: FindingCode[];
      dryRun: boolean;
      yes: boolean;
      verify: boolean;
      offline: boolean;
      showNewPassword: boolean;
      timeoutMs?: number;
    }
  | {
      name: 'diagnose';
      target: TargetInput;
      json: boolean;
      jamf: boolean;
      offline: boolean;
      verbose: boolean;
      timeoutMs?: number;
      /** --record FILE: also write what the probes saw, redacted as `redaction` says. */
      record?: { file: string; redaction: Redaction };
      /** --replay FILE: run the scan a recording holds instead of scanning this computer. */
      replay?: string;
    };

export class UsageError extends Error {}

export const USAGE = `Usage: codecommit-doctor <command> [options]

Commands:
  diagnose            Find why git cannot clone from AWS CodeCommit
  fix                 Diagnose, show each fix's exact changes, ask, apply, verify
  verify              Try the clone address now (git ls-remote) and say what happened
  history             List the fixes applied on this computer
  undo [--last|ID]    Undo the last fix run, or one fix or run by ID (its own changes only)
  start               Open the desktop app (or the terminal wizard where it cannot run)
  help                Show this help
  version             Print the version

Options for diagnose:
  --repo URL          The clone URL to check (https://, ssh://, codecommit://)
  --dir PATH          A local repository folder: its remotes are checked
                      (with neither: every CodeCommit host on this computer)
  --region NAME       With neither: the AWS Region your repositories are in, when
                      nothing is cloned yet (nothing is assumed without it)
  --json              Print the report as JSON (schemaVersion 1)
  --jamf              Print one line <result>…</result> for a Jamf extension attribute
  --offline           Do not contact AWS or the repository (what is local is still checked)
  --verbose           Also show passed checks' details and evidence for every finding
  --timeout SECONDS   Time limit, 1 to 600 (default 15): for each program the doctor runs,
                      each AWS call and each credential source; the AWS phase gets twice it
  --record FILE       Also write a recording: what the checks saw (programs and their
                      output, files, settings), redacted, for a helpdesk to replay
  --redact WHAT       With --record, what to hide beyond secrets (always hidden):
                      accounts,home (default), repos, or none
  --replay FILE       Run the checks on a recording instead of this computer (its own
                      address and --offline); fixes are never applied from a replay

Options for fix (and --repo/--dir/--region/--timeout as above):
  --only CODE[,CODE]  Only fixes for these finding codes (repeatable)
  --dry-run           Show the plans; change nothing
  --yes               Apply every fix without asking (suggestions are never applied)
  --no-verify         Skip the live git ls-remote before and after
  --show-new-password Show a newly created or reset Git password once, on this terminal
                      (it is always saved in git's credential helper; never logged)
  --offline           Do not contact AWS (no account checks, no account fixes)

Output: colour and bold on a terminal (--no-color or NO_COLOR turns it off, FORCE_COLOR on),
wrapped to its width; piped output has no colour and no wrapping (COLUMNS=N wraps it).
  --no-color          No colour or bold (any command)

Exit codes: 0 the clone works and nothing is wrong, 1 problems found (the clone fails, or a
check could not run), 2 could not run, 3 nothing wrong found but the clone was not tried.`;

function takeValue(args: string[], i: number, flag: string): [string, number] {
  const arg = args[i] as string;
  const eq = arg.indexOf('=');
  if (eq >= 0) return [arg.slice(eq + 1), i];
  const next = args[i + 1];
  if (next === undefined || next.startsWith('--')) throw new UsageError(`${flag} needs a value.`);
  return [next, i + 1];
}

function targetOf(repo: string | undefined, dir: string | undefined, region?: string): TargetInput {
  if (repo !== undefined && dir !== undefined) throw new UsageError('Give either --repo or --dir, not both.');
  if (region !== undefined) {
    if (repo !== undefined || dir !== undefined)
      throw new UsageError('--region is for checking this whole computer: give it without --repo or --dir.');
    const r = regionName(region);
    if (!r) throw new UsageError(`--region: "${region}" is not an AWS Region name (for example eu-west-1).`);
    return { kind: 'machine', region: r };
  }
  if (repo !== undefined && repo.trim() === '') throw new UsageError('--repo is empty.');
  if (dir !== undefined && dir.trim() === '') throw new UsageError('--dir is empty.');
  return repo !== undefined
    ? { kind: 'url', url: repo.trim() }
    : dir !== undefined
      ? { kind: 'dir', path: dir }
      : { kind: 'machine' };
}

/** Plain decimal seconds ("2", "2.5"): no exponent, hex, sign or unit to be misread. */
function parseTimeout(v: string): number {
  const { min, max } = TIMEOUT_BOUNDS_MS;
  const ms = /^\d+(\.\d+)?$/.test(v) ? Math.round(Number(v) * 1000) : NaN;
  if (!(ms >= min && ms <= max)) {
    throw new UsageError(
      `--timeout must be a number of seconds from ${min / 1000} to ${max / 1000} (got "${v}").`,
    );
  }
  return ms;
}

function parseCodes(v: string): FindingCode[] {
  return v.split(',').map((c) => {
    const code = c.trim();
    if (!(FINDING_CODES as readonly string[]).includes(code))
      throw new UsageError(`--only: unknown finding code "${code}".`);
    return code as FindingCode;
  });
}

/** Options a command accepts: a value (`--repo URL` / `--repo=URL`), a switch, or a list (`--only a,b c`). */
type OptionSpec = Record<string, 'value' | 'switch' | 'list'>;

interface ReadOptions {
  values: Map<string, string>;
  switches: Set<string>;
  lists: Map<string, string[]>;
}

/** One reader for every command, so each rejects unknown or malformed options the same way. */
function readOptions(args: string[], command: string, spec: OptionSpec): ReadOptions {
  const out: ReadOptions = { values: new Map(), switches: new Set(), lists: new Map() };
  for (let i = 1; i < args.length; i++) {
    const arg = args[i] as string;
    const flag = arg.split('=')[0] as string;
    const kind = spec[flag];
    if (!kind) throw new UsageError(`Unknown option "${arg}" for ${command}.`);
    if (kind === 'switch') {
      if (arg.includes('=')) throw new UsageError(`${flag} takes no value.`);
      out.switches.add(flag);
      continue;
    }
    let v: string;
    [v, i] = takeValue(args, i, flag);
    if (kind === 'value') {
      out.values.set(flag, v);
      continue;
    }
    const list = out.lists.get(flag) ?? [];
    list.push(v);
    // `--only a b c`: further bare words belong to the list.
    while (args[i + 1] !== undefined && !(args[i + 1] as string).startsWith('--'))
      list.push(args[++i] as string);
    out.lists.set(flag, list);
  }
  return out;
}

const TARGET_OPTIONS: OptionSpec = { '--repo': 'value', '--dir': 'value', '--timeout': 'value' };
/** diagnose and fix may also name the Region of a whole-computer scan. */
const SCAN_OPTIONS: OptionSpec = { ...TARGET_OPTIONS, '--region': 'value' };

function targetAndTimeout(o: ReadOptions): { target: TargetInput; timeoutMs?: number } {
  const timeout = o.values.get('--timeout');
  return {
    target: targetOf(o.values.get('--repo'), o.values.get('--dir'), o.values.get('--region')),
    ...(timeout !== undefined ? { timeoutMs: parseTimeout(timeout) } : {}),
  };
}

const REDACT_WORDS = ['accounts', 'home', 'repos'] as const;

/** `--redact accounts,home,repos` or `none`; the default is the report's (accounts and home). */
function parseRedact(v: string | undefined): Redaction {
  if (v === undefined) return { hideAccounts: true, hideHome: true, hideRepoNames: false };
  const words = v.split(',').map((w) => w.trim());
  for (const w of words)
    if (w !== 'none' && !(REDACT_WORDS as readonly string[]).includes(w))
      throw new UsageError(`--redact: "${w}" is not one of ${REDACT_WORDS.join(', ')}, none.`);
  if (words.includes('none') && words.length > 1) throw new UsageError('--redact none stands alone.');
  return {
    hideAccounts: words.includes('accounts'),
    hideHome: words.includes('home'),
    hideRepoNames: words.includes('repos'),
  };
}

/** --record / --replay: a recording is made of this computer, or replayed instead of it. */
function recordingOptions(o: ReadOptions): Pick<Extract<Command, { name: 'diagnose' }>, 'record' | 'replay'> {
  const record = o.values.get('--record');
  const replay = o.values.get('--replay');
  const redact = o.values.get('--redact');
  if (record !== undefined && replay !== undefined)
    throw new UsageError('Give either --record or --replay, not both.');
  if (redact !== undefined && record === undefined) throw new UsageError('--redact goes with --record FILE.');
  if (replay !== undefined) {
    const own = ['--repo', '--dir', '--timeout'].filter((f) => o.values.has(f));
    if (o.switches.has('--offline')) own.push('--offline');
    if (own.length > 0)
      throw new UsageError(
        `--replay runs the recorded scan as it was: ${own.join(', ')} come from the recording.`,
      );
    if (replay.trim() === '') throw new UsageError('--replay is empty.');
    return { replay };
  }
  if (record === undefined) return {};
  if (record.trim() === '') throw new UsageError('--record is empty.');
  return { record: { file: record, redaction: parseRedact(redact) } };
}

/** `--no-color` goes with every command: taken out before the command's own options are read. */
export function withoutGlobalFlags(argv: readonly string[]): { argv: string[]; noColor: boolean } {
  return { argv: argv.filter((a) => a !== '--no-color'), noColor: argv.includes('--no-color') };
}

export function parseArgs(argv: readonly string[]): Command {
  const args = [...argv];
  const first = args[0];
  if (first === undefined || first === 'help' || first === '--help' || first === '-h')
    return { name: 'help' };
  if (first === 'version' || first === '--version' || first === '-v') return { name: 'version' };
  if (first === 'start') {
    if (args.length > 1) throw new UsageError(`start takes no options (got "${args[1]}").`);
    return { name: 'start' };
  }
  if (first === 'fix') {
    if (args.some((a) => a === '--replay' || a.startsWith('--replay=')))
      throw new UsageError(
        'Fixes are never applied from a replay: a recording describes another computer. Use "diagnose --replay FILE" to see its findings and plans.',
      );
    const o = readOptions(args, 'fix', {
      ...SCAN_OPTIONS,
      '--only': 'list',
      '--dry-run': 'switch',
      '--yes': 'switch',
      '--no-verify': 'switch',
      '--offline': 'switch',
      '--show-new-password': 'switch',
    });
    return {
      name: 'fix',
      showNewPassword: o.switches.has('--show-new-password'),
      ...targetAndTimeout(o),
      only: (o.lists.get('--only') ?? []).flatMap(parseCodes),
      dryRun: o.switches.has('--dry-run'),
      yes: o.switches.has('--yes'),
      verify: !o.switches.has('--no-verify'),
      offline: o.switches.has('--offline'),
    };
  }
  if (first === 'history') {
    const extra = args.slice(1).filter((a) => a !== '--json');
    if (extra.length) throw new UsageError(`Unknown option "${extra[0]}" for history.`);
    return { name: 'history', json: args.includes('--json') };
  }
  if (first === 'undo') {
    const rest = args.slice(1);
    if (rest.length > 1) throw new UsageError('undo takes one fix ID or --last.');
    const id = rest[0] ?? '--last';
    if (id.startsWith('--') && id !== '--last') throw new UsageError(`Unknown option "${id}" for undo.`);
    return { name: 'undo', id: id === '--last' ? 'last' : id };
  }
  if (first === 'verify') {
    const o = readOptions(args, 'verify', { ...TARGET_OPTIONS, '--json': 'switch' });
    const { target, timeoutMs } = targetAndTimeout(o);
    if (target.kind === 'machine') throw new UsageError('verify needs --repo URL or --dir PATH.');
    return {
      name: 'verify',
      target,
      json: o.switches.has('--json'),
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    };
  }
  if (first !== 'diagnose') throw new UsageError(`Unknown command "${first}". Try "codecommit-doctor help".`);

  const o = readOptions(args, 'diagnose', {
    ...SCAN_OPTIONS,
    '--json': 'switch',
    '--jamf': 'switch',
    '--offline': 'switch',
    '--verbose': 'switch',
    '--record': 'value',
    '--redact': 'value',
    '--replay': 'value',
  });
  const cmd = {
    json: o.switches.has('--json'),
    jamf: o.switches.has('--jamf'),
    offline: o.switches.has('--offline'),
    verbose: o.switches.has('--verbose'),
  };
  if (cmd.json && cmd.jamf) throw new UsageError('Give either --json or --jamf, not both.');
  return { name: 'diagnose', ...targetAndTimeout(o), ...cmd, ...recordingOptions(o) };
}
