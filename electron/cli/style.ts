// How the CLI's human output looks on this terminal: colour or not, and how wide.
// Colour only helps: every status keeps its glyph and its word, so nothing depends on it.

/** What a span of text means, not its colour: the terminal's palette decides that. */
export type Tone =
  'bad' | 'warn' | 'good' | 'note' | 'strong' | 'bad-strong' | 'warn-strong' | 'good-strong' | 'quiet';

/** SGR parameters per tone (bold 1, dim 2, red 31, green 32, yellow 33, cyan 36). */
export const SGR: Record<Tone, string> = {
  bad: '31',
  warn: '33',
  good: '32',
  note: '36',
  strong: '1',
  'bad-strong': '1;31',
  'warn-strong': '1;33',
  'good-strong': '1;32',
  quiet: '2',
};

export interface Look {
  /** Colour and bold (ANSI SGR); never in --json, --jamf, or when stdout is not a terminal. */
  color: boolean;
  /** Columns to wrap to; Infinity: never wrap (piped output keeps one line per statement). */
  width: number;
}

interface Stream {
  isTTY?: boolean;
  columns?: number;
}

/**
 * `--no-color` and `NO_COLOR` (any non-empty value, https://no-color.org) turn colour off;
 * `FORCE_COLOR` (not `0`/`false`) turns it on where stdout is not a terminal; otherwise a
 * terminal (not `TERM=dumb`) gets colour and a pipe does not.
 */
export function colorWanted(stream: Stream, env: NodeJS.ProcessEnv, noColorFlag: boolean): boolean {
  if (noColorFlag) return false;
  if (env.NO_COLOR) return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false';
  return stream.isTTY === true && env.TERM !== 'dumb';
}

/**
 * A terminal: its width (80 when it does not say). A pipe or a file: no wrapping, so a script
 * or a log gets whole lines — unless `COLUMNS` says how wide (at least 40).
 */
export function wrapWidth(stream: Stream, env: NodeJS.ProcessEnv): number {
  if (stream.isTTY) return stream.columns && stream.columns > 0 ? stream.columns : 80;
  const columns = Number(env.COLUMNS);
  return Number.isInteger(columns) && columns >= 40 ? columns : Infinity;
}

/** The look of this process's stdout. */
export function stdoutLook(noColorFlag: boolean): Look {
  return {
    color: colorWanted(process.stdout, process.env, noColorFlag),
    width: wrapWidth(process.stdout, process.env),
  };
}

export const PLAIN: Look = { color: false, width: Infinity };
