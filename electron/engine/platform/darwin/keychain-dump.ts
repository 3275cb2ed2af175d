// Parser for `security dump-keychain` (run WITHOUT -d: -d/-g/-w read secrets and can raise a
// keychain access dialog). Item blocks, as in the real samples in tests/fixtures/darwin:
//
//   keychain: "/Users/x/Library/Keychains/login.keychain-db"
//   version: 512                      ← absent on older macOS
//   class: "inet"                     ← or "genp", or 0x0000000F for keys/certificates
//   attributes:
//       0x00000007 <blob>="label"     ← numeric attribute ids have a space before `<`
//       "acct"<blob>="name"
//       "path"<blob>=<NULL>
//       "port"<uint32>=0x00000000     ← a trailing space in real output
//       "cdat"<timedate>=0x3230…5A00  "2014…Z\000"
//
// Values whose bytes are not all printable ASCII print as 0x + hex, then (when any byte was
// printable) two spaces and a lossy quoted rendering; the hex is the truth. A `data:` line
// (-d) or `password:` line (find -g) starts secret material: it and what follows up to the
// next item are dropped, never stored.

export type KeychainValue =
  | { kind: 'null' }
  | { kind: 'text'; text: string }
  /** `hex` as printed (uppercase, no 0x); `text` its bytes decoded as UTF-8. */
  | { kind: 'hex'; hex: string; text: string };

export interface KeychainAttribute {
  /** `blob`, `uint32`, `sint32`, `timedate`… */
  type: string;
  value: KeychainValue;
}

export interface KeychainItem {
  keychain: string;
  version?: number;
  /** `inet`, `genp`, or the hex class id as printed for other items. */
  itemClass: string;
  /** Keyed by the four-character code (`acct`) or the printed numeric id (`0x00000007`). */
  attributes: Record<string, KeychainAttribute>;
}

// `keychain: "<path>"`, or `keychain: 0x<HEX>  "<escaped>"` when the path holds a byte that
// is not printable ASCII or a backslash (SecurityTool keychain_utilities.c print_buffer).
const KEYCHAIN_RE = /^keychain:\s*(.*)$/;
const VERSION_RE = /^version:\s*(\d{1,9})\s*$/;
const CLASS_RE = /^class:\s*(?:"([^"]{1,16})"|(0x[0-9A-Fa-f]{1,16}))\s*$/;
const ATTR_RE = /^\s*(?:"([^"]{1,8})"|(0x[0-9A-Fa-f]{8}))\s?<([A-Za-z0-9_]{1,16})>=(.*)$/;
const HEX_RE = /^0x([0-9A-Fa-f]*)(?:\s{2}".*")?$/;
const SECRET_START_RE = /^(data|password):/;
const MAX_ATTRIBUTES = 256;

const utf8 = new TextDecoder('utf-8', { fatal: false });

function hexToText(hex: string): string {
  const even = hex.length % 2 === 0 ? hex : hex.slice(0, -1);
  return utf8.decode(Buffer.from(even, 'hex'));
}

export function parseKeychainValue(raw: string): KeychainValue | null {
  const v = raw.replace(/\s+$/, '');
  if (v === '<NULL>') return { kind: 'null' };
  if (v.length >= 2 && v.startsWith('"') && v.endsWith('"')) return { kind: 'text', text: v.slice(1, -1) };
  const m = HEX_RE.exec(v);
  if (m) {
    const hex = (m[1] ?? '').toUpperCase();
    return { kind: 'hex', hex, text: hexToText(hex) };
  }
  return null;
}

/** A `keychain:` line's path: quoted as is, or decoded from its hex form. */
function keychainPath(raw: string): string {
  const v = parseKeychainValue(raw);
  if (v === null) return raw.trim();
  return v.kind === 'null' ? '' : v.text;
}

export interface KeychainDump {
  items: KeychainItem[];
  /**
   * The keychain of each block `security` began but could not print (a `keychain:` line with
   * no class, or a password item with no attributes): it failed on that item and went on
   * (keychain_utilities.c print_keychain_item_attributes).
   */
  unreadable: string[];
}

export function parseDumpKeychain(text: string): KeychainItem[] {
  return readDumpKeychain(text).items;
}

const PASSWORD_CLASSES = new Set(['inet', 'genp']);

export function readDumpKeychain(text: string): KeychainDump {
  if (typeof text !== 'string') return { items: [], unreadable: [] };
  const items: KeychainItem[] = [];
  let current: KeychainItem | null = null;
  // After `data:`/`password:` everything is secret until the next item starts.
  let inSecret = false;
  let inAttributes = false;

  for (const rawLine of text.split(/\r?\n|\r/)) {
    const line = rawLine.replace(/\u0000/g, '');
    const keychain = KEYCHAIN_RE.exec(line);
    if (keychain) {
      current = { keychain: keychainPath(keychain[1] ?? ''), itemClass: '', attributes: {} };
      items.push(current);
      inSecret = false;
      inAttributes = false;
      continue;
    }
    if (inSecret || !current) continue;
    if (SECRET_START_RE.test(line)) {
      inSecret = true;
      inAttributes = false;
      continue;
    }
    const version = VERSION_RE.exec(line);
    if (version && !inAttributes) {
      current.version = Number(version[1]);
      continue;
    }
    const cls = CLASS_RE.exec(line);
    if (cls && !inAttributes) {
      current.itemClass = cls[1] ?? cls[2] ?? '';
      continue;
    }
    if (/^attributes:\s*$/.test(line)) {
      inAttributes = true;
      continue;
    }
    if (!inAttributes) continue;
    const attr = ATTR_RE.exec(line);
    if (!attr) continue;
    const name = attr[1] ?? attr[2];
    const type = attr[3];
    const value = parseKeychainValue(attr[4] ?? '');
    if (name === undefined || type === undefined || value === null) continue;
    if (Object.keys(current.attributes).length >= MAX_ATTRIBUTES) continue;
    if (!Object.prototype.hasOwnProperty.call(current.attributes, name)) {
      current.attributes[name] = { type, value };
    }
  }
  const read = (i: KeychainItem) =>
    i.itemClass !== '' && (!PASSWORD_CLASSES.has(i.itemClass) || Object.keys(i.attributes).length > 0);
  return {
    items: items.filter(read),
    unreadable: items.filter((i) => !read(i)).map((i) => i.keychain),
  };
}

/** The attribute as text (`<NULL>` and absent → undefined). */
export function attributeText(item: KeychainItem, name: string): string | undefined {
  const a = Object.prototype.hasOwnProperty.call(item.attributes, name) ? item.attributes[name] : undefined;
  if (!a || a.value.kind === 'null') return undefined;
  return a.value.text;
}

/** A uint32 attribute (`"port"<uint32>=0x000001BB`) as a number. */
export function attributeNumber(item: KeychainItem, name: string): number | undefined {
  const a = Object.prototype.hasOwnProperty.call(item.attributes, name) ? item.attributes[name] : undefined;
  if (!a || a.value.kind !== 'hex' || a.value.hex.length === 0 || a.value.hex.length > 8) return undefined;
  return parseInt(a.value.hex, 16);
}
