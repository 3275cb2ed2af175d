// A reader for the GVariant text format that `gdbus call` prints (g_variant_print with
// type annotations). Only what the Secret Service replies contain is given a shape, but
// every construct of the format is consumed so an unexpected value never derails the
// parse: `@ao []`/`@a{ss} {}` annotations on empty containers, `objectpath '/…'`,
// `uint64 17…`, `<variant>`, `(x,)` one-tuples, and strings in either quote style —
// GLib switches to double quotes when a string holds a `'` and no `"`
// (glib/gvariant.c g_variant_print_string; real sample in
// tests/fixtures/linux/gdbus-item-getall.4.txt) — with \uXXXX escapes for
// non-printable characters (gdbus-item-getall.6.escapes.txt).

export type GVariant =
  | { type: 'string'; value: string }
  | { type: 'objectpath'; value: string }
  | { type: 'number'; raw: string }
  | { type: 'boolean'; value: boolean }
  | { type: 'nothing' }
  | { type: 'array'; items: GVariant[] }
  | { type: 'tuple'; items: GVariant[] }
  | { type: 'dict'; entries: [GVariant, GVariant][] }
  | { type: 'variant'; value: GVariant };

export class GVariantSyntaxError extends Error {}

const NUMBER_KEYWORDS = new Set([
  'byte',
  'int16',
  'uint16',
  'int32',
  'uint32',
  'int64',
  'uint64',
  'handle',
  'double',
]);
const STRING_KEYWORDS = new Set(['objectpath', 'signature']);
const SIMPLE_ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  b: '\b',
  f: '\f',
  v: '\v',
  a: '\x07',
  '\\': '\\',
  "'": "'",
  '"': '"',
};
/** Deeper nesting than any Secret Service reply; stops a hostile input from blowing the stack. */
const MAX_DEPTH = 64;

class Reader {
  pos = 0;
  constructor(readonly text: string) {}

  fail(what: string): never {
    throw new GVariantSyntaxError(`${what} at offset ${this.pos}`);
  }

  skipSpace(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos] ?? '')) this.pos++;
  }

  peek(): string {
    return this.text[this.pos] ?? '';
  }

  expect(ch: string): void {
    this.skipSpace();
    if (this.peek() !== ch) this.fail(`expected '${ch}'`);
    this.pos++;
  }

  word(): string {
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.text.slice(this.pos, this.pos + 64));
    return m ? m[0] : '';
  }

  value(depth: number): GVariant {
    if (depth > MAX_DEPTH) this.fail('nesting too deep');
    this.skipSpace();
    const ch = this.peek();
    if (ch === '@') {
      // Type annotation (`@ao`, `@a{ss}`): a type string runs up to the next space.
      while (this.pos < this.text.length && !/\s/.test(this.peek())) this.pos++;
      return this.value(depth + 1);
    }
    if (ch === "'" || ch === '"') return { type: 'string', value: this.string() };
    if (ch === 'b' && (this.text[this.pos + 1] === "'" || this.text[this.pos + 1] === '"')) {
      this.pos++;
      return { type: 'string', value: this.string() };
    }
    if (ch === '(') return { type: 'tuple', items: this.list('(', ')', depth) };
    if (ch === '[') return { type: 'array', items: this.list('[', ']', depth) };
    if (ch === '{') return this.dict(depth);
    if (ch === '<') {
      this.pos++;
      const inner = this.value(depth + 1);
      this.expect('>');
      return { type: 'variant', value: inner };
    }
    const w = this.word();
    if (w === 'true' || w === 'false') {
      this.pos += w.length;
      return { type: 'boolean', value: w === 'true' };
    }
    if (w === 'nothing') {
      this.pos += w.length;
      return { type: 'nothing' };
    }
    if (w === 'just') {
      this.pos += w.length;
      return this.value(depth + 1);
    }
    if (STRING_KEYWORDS.has(w)) {
      this.pos += w.length;
      const inner = this.value(depth + 1);
      if (inner.type === 'string')
        return w === 'objectpath' ? { type: 'objectpath', value: inner.value } : inner;
      // In an array gdbus names the type once, before the first element (`[objectpath '/a', '/b']`),
      // so later elements arrive as plain strings; anything else after the keyword is kept as read.
      return inner;
    }
    if (NUMBER_KEYWORDS.has(w)) {
      this.pos += w.length;
      return this.value(depth + 1);
    }
    const num = /^[-+]?(?:0[xX][0-9a-fA-F]+|inf|nan|[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)/.exec(
      this.text.slice(this.pos, this.pos + 64),
    );
    if (num && num[0].length > 0) {
      this.pos += num[0].length;
      return { type: 'number', raw: num[0] };
    }
    return this.fail(ch ? `unexpected '${ch}'` : 'unexpected end of text');
  }

  list(open: string, close: string, depth: number): GVariant[] {
    this.expect(open);
    const items: GVariant[] = [];
    for (;;) {
      this.skipSpace();
      if (this.peek() === close) {
        this.pos++;
        return items;
      }
      items.push(this.value(depth + 1));
      this.skipSpace();
      if (this.peek() === ',') this.pos++;
      else if (this.peek() !== close) this.fail(`expected ',' or '${close}'`);
    }
  }

  dict(depth: number): GVariant {
    this.expect('{');
    const entries: [GVariant, GVariant][] = [];
    for (;;) {
      this.skipSpace();
      if (this.peek() === '}') {
        this.pos++;
        return { type: 'dict', entries };
      }
      const key = this.value(depth + 1);
      this.skipSpace();
      // A lone dict entry prints as `{k, v}`; a dictionary as `{k: v, …}`.
      if (this.peek() === ',' && entries.length === 0) {
        this.pos++;
        const v = this.value(depth + 1);
        this.expect('}');
        return { type: 'dict', entries: [[key, v]] };
      }
      this.expect(':');
      entries.push([key, this.value(depth + 1)]);
      this.skipSpace();
      if (this.peek() === ',') this.pos++;
      else if (this.peek() !== '}') this.fail("expected ',' or '}'");
    }
  }

  string(): string {
    const quote = this.peek();
    this.pos++;
    let out = '';
    for (;;) {
      if (this.pos >= this.text.length) this.fail('unterminated string');
      const ch = this.text[this.pos] ?? '';
      this.pos++;
      if (ch === quote) return out;
      if (ch !== '\\') {
        out += ch;
        continue;
      }
      const e = this.text[this.pos] ?? '';
      this.pos++;
      if (e in SIMPLE_ESCAPES) {
        out += SIMPLE_ESCAPES[e];
      } else if (e === 'u' || e === 'U') {
        const len = e === 'u' ? 4 : 8;
        const hex = this.text.slice(this.pos, this.pos + len);
        if (!new RegExp(`^[0-9a-fA-F]{${len}}$`).test(hex)) this.fail('bad unicode escape');
        const cp = parseInt(hex, 16);
        if (cp > 0x10ffff) this.fail('bad unicode escape');
        out += String.fromCodePoint(cp);
        this.pos += len;
      } else if (e === 'x') {
        const hex = /^[0-9a-fA-F]{1,2}/.exec(this.text.slice(this.pos, this.pos + 2));
        if (!hex) this.fail('bad \\x escape');
        out += String.fromCharCode(parseInt(hex[0], 16));
        this.pos += hex[0].length;
      } else if (/[0-7]/.test(e)) {
        const oct = /^[0-7]{1,3}/.exec(this.text.slice(this.pos - 1, this.pos + 2));
        const digits = oct?.[0] ?? e;
        out += String.fromCharCode(parseInt(digits, 8));
        this.pos += digits.length - 1;
      } else if (e === '') {
        this.fail('unterminated string');
      } else {
        out += e;
      }
    }
  }
}

/** Parses one GVariant text value (a whole `gdbus call` reply is one tuple). Throws GVariantSyntaxError. */
export function parseGVariant(text: string): GVariant {
  const r = new Reader(text);
  const v = r.value(0);
  r.skipSpace();
  if (r.pos !== text.length) r.fail('trailing text');
  return v;
}

export function tryParseGVariant(text: string): { ok: true; value: GVariant } | { ok: false; error: string } {
  try {
    return { ok: true, value: parseGVariant(text) };
  } catch (e) {
    return { ok: false, error: e instanceof GVariantSyntaxError ? e.message : String(e) };
  }
}

/** Strips any number of `<…>` variant wrappers. */
export function unwrap(v: GVariant | undefined): GVariant | undefined {
  let cur = v;
  while (cur?.type === 'variant') cur = cur.value;
  return cur;
}

export function tupleItems(v: GVariant | undefined): GVariant[] | undefined {
  const u = unwrap(v);
  return u?.type === 'tuple' ? u.items : undefined;
}

/** The strings of an `as`/`ao` array (object paths included); undefined when it is not one. */
export function stringArray(v: GVariant | undefined): string[] | undefined {
  const u = unwrap(v);
  if (u?.type !== 'array') return undefined;
  const out: string[] = [];
  for (const item of u.items) {
    const s = unwrap(item);
    if (s?.type !== 'string' && s?.type !== 'objectpath') return undefined;
    out.push(s.value);
  }
  return out;
}

/** A dictionary with string keys as a Map (values left as GVariant); undefined when it is not one. */
export function dictEntries(v: GVariant | undefined): Map<string, GVariant> | undefined {
  const u = unwrap(v);
  if (u?.type !== 'dict') return undefined;
  const out = new Map<string, GVariant>();
  for (const [k, val] of u.entries) {
    const key = unwrap(k);
    if (key?.type !== 'string' && key?.type !== 'objectpath') return undefined;
    out.set(key.value, val);
  }
  return out;
}

/** An `a{ss}` dictionary (Secret Service item attributes). */
export function stringDict(v: GVariant | undefined): Map<string, string> | undefined {
  const d = dictEntries(v);
  if (!d) return undefined;
  const out = new Map<string, string>();
  for (const [k, val] of d) {
    const s = unwrap(val);
    if (s?.type !== 'string') return undefined;
    out.set(k, s.value);
  }
  return out;
}

/** Quotes a string as a GVariant text literal (for gdbus arguments). */
export function gvariantString(s: string): string {
  let out = "'";
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    if (ch === "'" || ch === '\\') out += '\\' + ch;
    else if (cp < 0x20 || cp === 0x7f) out += '\\u' + cp.toString(16).padStart(4, '0');
    else out += ch;
  }
  return out + "'";
}
