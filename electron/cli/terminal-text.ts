// The CLI's output boundary: text from the outside world (an address, a saved account
// name, a config value, a remote or file name, git's own messages) may hold control
// characters, and a terminal obeys them — an ESC sequence can retitle or clear the window,
// a carriage return can hide what comes before it, a bidi override can reorder a line.
// Everything the CLI prints for people goes through here; the only control characters
// left are the newlines and tabs the CLI lays its text out with.

// C0 but tab and newline, DEL, C1, and the bidi embeddings, overrides and isolates.
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g;

function escaped(ch: string): string {
  const code = ch.charCodeAt(0);
  if (ch === '\r') return '\\r';
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16)}`;
}

/** Text safe to write to a terminal: every control character shown as `\x1b`, `\r`, `\u202e`. */
export function terminalText(text: string): string {
  return text.replace(CONTROL, escaped);
}
