// Parser for `cmdkey /list`, independent of the display language. Labels are localized
// (Target:/Ziel:/ターゲット:/目标:) and arrive in the OEM code page, so non-ASCII labels are
// often mojibake by the time they are decoded as UTF-8. What stays fixed (real samples in
// tests/fixtures/win32, message table consmsg.mc):
//
//       <label>: <Kind>:target=<name>     ← the target line; `LegacyGeneric:target=` for generic credentials
//       <label>: <type>                   ← `Generic ` (trailing space), `普通`…
//       <label>: <user>                   ← optional
//       <persistence>                     ← no `: ` at all (`Local machine persistence`)
//
// blocks separated by blank (or 4-space) lines. A label never contains `: `: in CP932/GBK
// a trail byte is ≥ 0x40, so neither `:` (0x3A) nor a space (0x20) can come out of mojibake.

export interface CredmanItem {
  /** The prefix before `:target=` (`LegacyGeneric`, `Domain`, `MicrosoftAccount`…). */
  kind: string;
  /** The target name without the `<Kind>:target=` prefix: what `cmdkey /delete:` takes. */
  target: string;
  user?: string;
}

const TARGET_VALUE_RE = /^([A-Za-z][A-Za-z0-9]{0,39}):target=(.*)$/;
const MAX_LINE = 4096;

function labelled(line: string): string | null {
  const i = line.indexOf(': ');
  return i < 0 ? null : line.slice(i + 2);
}

export function parseCmdkeyList(text: string): CredmanItem[] {
  if (typeof text !== 'string') return [];
  const items: CredmanItem[] = [];
  let current: CredmanItem | null = null;
  // Labelled lines seen since the target line: 1 = the type line, 2 = the user line.
  let position = 0;
  // Piped through some shells cmdkey's output carries NUL bytes (notes on a GBK capture).
  for (const rawLine of text.replace(/\u0000/g, '').split(/\r?\n|\r/)) {
    const line = rawLine.length > MAX_LINE ? rawLine.slice(0, MAX_LINE) : rawLine;
    if (line.trim() === '') {
      current = null;
      continue;
    }
    const value = labelled(line);
    if (value === null) continue;
    // A target-shaped value starts a new item even without the blank separator line.
    const m = TARGET_VALUE_RE.exec(value.replace(/\s+$/, ''));
    if (m && m[1] !== undefined && m[2] !== undefined) {
      current = { kind: m[1], target: m[2] };
      position = 0;
      items.push(current);
      continue;
    }
    if (!current || position >= 2) continue;
    position++;
    if (position === 2) {
      const user = value.trim();
      if (user !== '') current.user = user;
    }
  }
  return items;
}
