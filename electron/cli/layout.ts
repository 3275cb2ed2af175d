import { SGR, type Look, type Tone } from './style';
import { terminalText } from './terminal-text';

// Lays a paragraph out for a terminal: wrapped at spaces only (a word, a URL, a path is never
// split; a span marked `keep` — a command line, an evidence value — is never split either),
// continuation lines on the hanging indent, each span in its tone. Every piece of text is
// escaped here (terminal-text.ts) before the only control sequences the CLI writes itself,
// SGR colour codes, are put around it: nothing quoted from outside can reach the terminal raw.

export interface Span {
  text: string;
  tone?: Tone | undefined;
  /** Never broken across lines (a command, an address, a config value). */
  keep?: boolean;
}

export type Para = string | Span | readonly (string | Span)[];

export const tone = (t: Tone | undefined, text: string): Span => ({ text, tone: t });
export const kept = (text: string, t?: Tone): Span => ({ text, tone: t, keep: true });

interface Part {
  text: string;
  tone?: Tone | undefined;
}
type Word = Part[] | 'break';

function spansOf(p: Para): Span[] {
  const list = typeof p === 'string' || !Array.isArray(p) ? [p as string | Span] : p;
  return list.map((s) => (typeof s === 'string' ? { text: s } : s));
}

/** Words (parts glued where spans meet without a space) and hard line breaks. */
function wordsOf(spans: readonly Span[]): Word[] {
  const out: Word[] = [];
  const state: { open: Part[] | null } = { open: null };
  const push = (part: Part) => {
    if (!state.open) out.push((state.open = []));
    state.open.push(part);
  };
  for (const s of spans) {
    s.text.split('\n').forEach((line, i) => {
      if (i > 0) {
        state.open = null;
        out.push('break');
      }
      if (s.keep) {
        if (line) push({ text: terminalText(line), tone: s.tone });
        return;
      }
      line.split(/[ \t]+/).forEach((w, j) => {
        if (j > 0) state.open = null;
        if (w) push({ text: terminalText(w), tone: s.tone });
      });
    });
  }
  return out;
}

const columns = (parts: readonly Part[]) => parts.reduce((n, p) => n + [...p.text].length, 0);

function painted(parts: readonly Part[], color: boolean): string {
  const runs: Part[] = [];
  for (const p of parts) {
    const last = runs[runs.length - 1];
    if (last && last.tone === p.tone) last.text += p.text;
    else runs.push({ ...p });
  }
  return runs.map((r) => (color && r.tone ? `\x1b[${SGR[r.tone]}m${r.text}\x1b[0m` : r.text)).join('');
}

/** The paragraph as lines: the first on `indent`, the rest on `hang`. */
export function layout(p: Para, look: Look, indent = '', hang = indent): string[] {
  const lines: string[] = [];
  let line: Part[] = [];
  let used = 0;
  const prefix = () => (lines.length === 0 ? indent : hang);
  const flush = () => {
    lines.push((prefix() + painted(line, look.color)).trimEnd());
    line = [];
    used = 0;
  };
  for (const word of wordsOf(spansOf(p))) {
    if (word === 'break') {
      flush();
      continue;
    }
    const w = columns(word);
    if (used > 0 && prefix().length + used + 1 + w > look.width) flush();
    if (used > 0) {
      // The space between two words of one tone takes it (one colour run, not two).
      const before = line[line.length - 1]?.tone;
      line.push({ text: ' ', tone: before === word[0]?.tone ? before : undefined });
      used++;
    }
    line.push(...word);
    used += w;
  }
  if (used > 0) flush();
  return lines;
}

/** Prose in which the given phrases (commands quoted in a sentence) are never broken. */
export function prose(text: string, keepWhole: readonly string[], t?: Tone): Span[] {
  const phrases = [...new Set(keepWhole)].filter((x) => x.includes(' ')).sort((a, b) => b.length - a.length);
  const out: Span[] = [];
  let rest = text;
  while (rest) {
    let at = -1;
    let found = '';
    for (const ph of phrases) {
      const i = rest.indexOf(ph);
      if (i >= 0 && (at < 0 || i < at)) [at, found] = [i, ph];
    }
    if (at < 0) {
      out.push(tone(t, rest));
      break;
    }
    if (at > 0) out.push(tone(t, rest.slice(0, at)));
    out.push(kept(found, t));
    rest = rest.slice(at + found.length);
  }
  return out;
}
