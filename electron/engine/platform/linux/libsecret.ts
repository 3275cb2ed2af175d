import type { EngineContext } from '../../context';
import { MAX_OUTPUT_BYTES } from '../../runner';
import { parseCodeCommitHost } from '../../codecommit-host';
import type { StoreEntry, StoreProbeResult } from '../../model';
import { shownAccount } from '../account-name';
import { describeEntryKey, sameHostAccountPath, type CredentialStoreAdapter } from '../store-adapter';
import {
  type GVariant,
  dictEntries,
  gvariantString,
  stringArray,
  stringDict,
  tryParseGVariant,
  tupleItems,
  unwrap,
} from './gvariant';

// Reads git's credentials in the Secret Service (gnome-keyring, KeePassXC…) over D-Bus with
// `gdbus call`: SearchItems per schema, then each item's Label/Attributes through
// org.freedesktop.DBus.Properties. Never GetSecret(s), and never `secret-tool search`,
// which always loads and prints the secrets (see secret-tool.ts).
//
// Schemas (xdg:schema attribute, set by libsecret on every item it stores):
//   org.gnome.keyring.NetworkPassword  git-credential-libsecret up to git 2.42
//   org.git.Password                   git-credential-libsecret from git 2.43
//   com.microsoft.GitCredentialManager GCM: `service` = git:https://HOST[/path], `account`
// Attributes of git's helper: protocol, server, user, port (only when the URL had one),
// object (the path, only with credential.useHttpPath). Replies captured on Debian 12:
// tests/fixtures/linux/gdbus-*.txt.

export const SECRET_SERVICE_DEST = 'org.freedesktop.secrets';
export const SECRET_SERVICE_PATH = '/org/freedesktop/secrets';
export const GIT_LIBSECRET_SCHEMAS = ['org.gnome.keyring.NetworkPassword', 'org.git.Password'] as const;
export const GCM_SCHEMA = 'com.microsoft.GitCredentialManager';
const SCHEMAS = [...GIT_LIBSECRET_SCHEMAS, GCM_SCHEMA];
const ITEM_IFACE = 'org.freedesktop.Secret.Item';
const OBJECT_PATH_RE = /^\/org\/freedesktop\/secrets(?:\/[A-Za-z0-9_]+)+$/;
const READ_CONCURRENCY = 8;

type GdbusFailure = 'no-gdbus' | 'no-bus' | 'no-service' | 'no-object' | 'locked' | 'timeout' | 'other';
type GdbusReply = { ok: true; value: GVariant } | { ok: false; kind: GdbusFailure; message: string };

async function gdbusCall(
  ctx: EngineContext,
  objectPath: string,
  method: string,
  args: string[] = [],
): Promise<GdbusReply> {
  // gdbus's own D-Bus timeout (whole seconds) inside the runner's: a service that never
  // answers makes gdbus fail by itself, the runner's kill is only the last resort.
  const seconds = Math.max(1, Math.floor(ctx.timeoutMs / 1000) - 1);
  const r = await ctx.runner(
    'gdbus',
    [
      'call',
      '--session',
      '--dest',
      SECRET_SERVICE_DEST,
      '--object-path',
      objectPath,
      '--timeout',
      String(seconds),
      '--method',
      method,
      ...args,
    ],
    { env: ctx.env, timeoutMs: ctx.timeoutMs },
  );
  if (r.notFound)
    return { ok: false, kind: 'no-gdbus', message: 'gdbus is not installed (package libglib2.0-bin)' };
  if (r.timedOut) return { ok: false, kind: 'timeout', message: `gdbus ${method} timed out` };
  const stderr = r.stderr.trim();
  if (r.exitCode !== 0 || r.error) {
    const first = (stderr.split('\n')[0] ?? '').slice(0, 300) || r.error || `exit code ${String(r.exitCode)}`;
    let kind: GdbusFailure = 'other';
    if (/^Error connecting:/m.test(stderr)) kind = 'no-bus';
    else if (/\.(ServiceUnknown|NameHasNoOwner)\b/.test(stderr)) kind = 'no-service';
    else if (/\.(UnknownMethod|UnknownObject|NoSuchObject)\b|Object does not exist/.test(stderr))
      kind = 'no-object';
    else if (/\.IsLocked\b/.test(stderr)) kind = 'locked';
    return { ok: false, kind, message: first };
  }
  // Cut at the runner's cap, a reply cannot be parsed: say why rather than "unreadable".
  if (r.truncated)
    return {
      ok: false,
      kind: 'other',
      message: `gdbus ${method} replied with more than the ${MAX_OUTPUT_BYTES / 1024 / 1024} MiB the doctor reads`,
    };
  const parsed = tryParseGVariant(r.stdout.trim());
  if (!parsed.ok)
    return { ok: false, kind: 'other', message: `unreadable gdbus reply to ${method}: ${parsed.error}` };
  return { ok: true, value: parsed.value };
}

function unavailableReason(kind: GdbusFailure, message: string): string | undefined {
  switch (kind) {
    case 'no-gdbus':
      return message;
    case 'no-bus':
      return `cannot connect to the desktop session bus (${message})`;
    case 'no-service':
      return 'no Secret Service is running on the session bus (gnome-keyring, KeePassXC…)';
    default:
      return undefined;
  }
}

export type ItemClass =
  | { kind: 'codecommit'; entry: StoreEntry }
  | { kind: 'other' }
  /** A locked keyring loaded from disk shows only hashed attributes (gkr:compat:hashed:*). */
  | { kind: 'unreadable' };

function parsePort(s: string | undefined): number | undefined {
  if (s === undefined || !/^\d{1,5}$/.test(s)) return undefined;
  const n = Number(s);
  return n > 0 && n < 65536 ? n : undefined;
}

// GCM's service is `<namespace>:<url>`; the namespace is `git` unless GCM_NAMESPACE says otherwise.
const GCM_SERVICE_RE = /^(?:[^:/]*:)?([a-z][a-z0-9+.-]*):\/\/(?:[^@/]*@)?([^/:?#]+)(?::(\d+))?(\/[^?#]*)?$/i;

/** Turns one item's attributes into a CodeCommit entry, or says why it is not one. */
export function classifyLibsecretItem(
  location: string,
  attrs: Map<string, string>,
  schemaHint?: string,
): ItemClass {
  const schema = attrs.get('xdg:schema') ?? schemaHint;
  const server = attrs.get('server');
  const service = attrs.get('service');
  if (schema === GCM_SCHEMA || (server === undefined && service !== undefined)) {
    if (service === undefined) return { kind: 'unreadable' };
    const m = GCM_SERVICE_RE.exec(service);
    const host = m?.[2] ? parseCodeCommitHost(m[2]) : null;
    if (!m || !host) return { kind: 'other' };
    const entry: StoreEntry = { store: 'libsecret', hostname: host.hostname, location, writer: 'GCM' };
    const port = parsePort(m[3]);
    if (port !== undefined) entry.port = port;
    Object.assign(entry, shownAccount(attrs.get('account')));
    const path = m[4]?.replace(/^\/+/, '');
    if (path) entry.path = path;
    if (m[1]) entry.protocol = m[1].toLowerCase();
    return { kind: 'codecommit', entry };
  }
  if (server === undefined) return { kind: 'unreadable' };
  const host = parseCodeCommitHost(server);
  if (!host) return { kind: 'other' };
  const entry: StoreEntry = {
    store: 'libsecret',
    hostname: host.hostname,
    location,
    writer: 'git-credential-libsecret',
  };
  const port = parsePort(attrs.get('port'));
  if (port !== undefined) entry.port = port;
  Object.assign(entry, shownAccount(attrs.get('user')));
  const object = attrs.get('object');
  if (object) entry.path = object;
  const protocol = attrs.get('protocol');
  if (protocol) entry.protocol = protocol;
  return { kind: 'codecommit', entry };
}

/** Label/Attributes/Locked of one item from a `Properties.GetAll` reply. */
export function parseItemProperties(
  reply: GVariant,
): { attributes: Map<string, string>; locked: boolean; label?: string } | undefined {
  const props = dictEntries(tupleItems(reply)?.[0]);
  const attributes = stringDict(props?.get('Attributes'));
  if (!props || !attributes) return undefined;
  const locked = unwrap(props.get('Locked'));
  const label = unwrap(props.get('Label'));
  return {
    attributes,
    locked: locked?.type === 'boolean' ? locked.value : false,
    ...(label?.type === 'string' ? { label: label.value } : {}),
  };
}

/** The `(unlocked, locked)` object path arrays of a SearchItems reply. */
export function parseSearchItems(reply: GVariant): { unlocked: string[]; locked: string[] } | undefined {
  const items = tupleItems(reply);
  const unlocked = stringArray(items?.[0]);
  const locked = stringArray(items?.[1]);
  return unlocked && locked ? { unlocked, locked } : undefined;
}

async function readItem(
  ctx: EngineContext,
  location: string,
): Promise<
  | { ok: true; attributes: Map<string, string>; locked: boolean }
  | { ok: false; kind: GdbusFailure; message: string }
> {
  const r = await gdbusCall(ctx, location, 'org.freedesktop.DBus.Properties.GetAll', [ITEM_IFACE]);
  if (!r.ok) return r;
  const props = parseItemProperties(r.value);
  if (!props) return { ok: false, kind: 'other', message: `unexpected properties reply for ${location}` };
  return { ok: true, attributes: props.attributes, locked: props.locked };
}

function unavailable(note: string): StoreProbeResult {
  return { store: 'libsecret', available: false, entries: [], ignored: 0, note };
}

export async function listLibsecret(ctx: EngineContext): Promise<StoreProbeResult> {
  // Without a session bus address gdbus would try X11 autolaunch (dbus-launch) or fail
  // slowly; an SSH session or a container simply has no keyring to look at.
  if (!ctx.env.DBUS_SESSION_BUS_ADDRESS) return unavailable('no desktop session bus');

  const found = new Map<string, string>(); // object path → schema it was found under
  const errors: string[] = [];
  for (const schema of SCHEMAS) {
    const r = await gdbusCall(ctx, SECRET_SERVICE_PATH, 'org.freedesktop.Secret.Service.SearchItems', [
      `{'xdg:schema': ${gvariantString(schema)}}`,
    ]);
    if (!r.ok) {
      const reason = unavailableReason(r.kind, r.message);
      if (reason) return unavailable(reason);
      errors.push(`search ${schema}: ${r.message}`);
      if (r.kind === 'timeout') break;
      continue;
    }
    const paths = parseSearchItems(r.value);
    if (!paths) {
      errors.push(`search ${schema}: unexpected reply`);
      continue;
    }
    for (const p of [...paths.unlocked, ...paths.locked]) if (!found.has(p)) found.set(p, schema);
  }

  const entries: StoreEntry[] = [];
  let ignored = 0;
  let lockedVisible = 0;
  let unreadable = 0;
  const list = [...found];
  for (let i = 0; i < list.length; i += READ_CONCURRENCY) {
    const batch = list.slice(i, i + READ_CONCURRENCY);
    const reads = await Promise.all(batch.map(([p]) => readItem(ctx, p)));
    reads.forEach((item, j) => {
      const [location, schema] = batch[j] ?? ['', ''];
      if (!item.ok) {
        // Deleted between the search and the read: nothing to report.
        if (item.kind !== 'no-object') errors.push(`read ${location}: ${item.message}`);
        return;
      }
      const c = classifyLibsecretItem(location, item.attributes, schema);
      if (c.kind === 'other') ignored++;
      else if (c.kind === 'unreadable') unreadable++;
      else {
        entries.push(c.entry);
        if (item.locked) lockedVisible++;
      }
    });
  }
  entries.sort((a, b) => a.location.localeCompare(b.location, 'en', { numeric: true }));

  const notes: string[] = [];
  if (unreadable > 0) {
    notes.push(
      `the keyring is locked: ${unreadable} git item(s) cannot be read until it is unlocked (log in to the desktop or open Passwords and Keys)`,
    );
  }
  if (lockedVisible > 0)
    notes.push(
      `${lockedVisible} CodeCommit item(s) are in a locked keyring: deleting them needs it unlocked`,
    );
  const result: StoreProbeResult = { store: 'libsecret', available: true, entries, ignored };
  if (errors.length > 0) result.error = errors.join('; ');
  if (notes.length > 0) result.note = notes.join('; ');
  return result;
}

/**
 * Deletes one Secret Service item, after re-reading it and checking it is still the
 * CodeCommit item that was listed: item paths are reused numbers, so a stale entry could
 * otherwise point at somebody's GitHub password.
 */
export async function deleteLibsecretItem(
  ctx: EngineContext,
  entry: StoreEntry,
): Promise<{ deleted: boolean; error?: string }> {
  if (entry.store !== 'libsecret') return { deleted: false, error: `not a libsecret entry (${entry.store})` };
  if (!OBJECT_PATH_RE.test(entry.location))
    return { deleted: false, error: 'not a Secret Service item path' };
  if (!parseCodeCommitHost(entry.hostname))
    return { deleted: false, error: 'refused: not a CodeCommit host' };
  if (!ctx.env.DBUS_SESSION_BUS_ADDRESS) return { deleted: false, error: 'no desktop session bus' };

  const item = await readItem(ctx, entry.location);
  if (!item.ok) {
    if (item.kind === 'no-object') return { deleted: false, error: 'the item no longer exists' };
    return { deleted: false, error: item.message };
  }
  const c = classifyLibsecretItem(entry.location, item.attributes);
  if (c.kind !== 'codecommit')
    return { deleted: false, error: 'refused: the item is not a CodeCommit credential' };
  if (
    c.entry.hostname !== entry.hostname ||
    (entry.account !== undefined &&
      (c.entry.account !== entry.account || c.entry.tokenFingerprint !== entry.tokenFingerprint)) ||
    c.entry.port !== entry.port ||
    (entry.path !== undefined && c.entry.path !== entry.path)
  ) {
    return { deleted: false, error: 'refused: the item at that path changed since it was listed' };
  }

  const r = await gdbusCall(ctx, entry.location, `${ITEM_IFACE}.Delete`);
  if (!r.ok) {
    if (r.kind === 'locked')
      return { deleted: false, error: 'the keyring is locked: unlock it and try again' };
    return { deleted: false, error: r.message };
  }
  // Delete returns a prompt path; anything but '/' means the service wants a user prompt
  // (gdbus cannot show one), and nothing was deleted yet.
  const prompt = unwrap(tupleItems(r.value)?.[0]);
  if (prompt?.type !== 'objectpath' || prompt.value !== '/') {
    return {
      deleted: false,
      error: 'the Secret Service asks for a confirmation prompt: unlock the keyring and try again',
    };
  }
  return { deleted: true };
}

export const libsecretStore: CredentialStoreAdapter = {
  kind: 'libsecret',
  name: 'Secret Service keyring (libsecret)',
  list: (ctx) => listLibsecret(ctx),
  async delete(ctx, entry) {
    const r = await deleteLibsecretItem(ctx, entry);
    return { deleted: r.deleted ? 1 : 0, ...(r.error ? { error: r.error } : {}) };
  },
  // The item path is the key; the rest must still agree (paths are reused numbers).
  sameEntry: sameHostAccountPath,
  describe: (e) => `${describeEntryKey(e)} in the Secret Service keyring (item ${e.location})`,
  deleteArgv: (e) => [
    'gdbus',
    'call',
    '--session',
    '--dest',
    SECRET_SERVICE_DEST,
    '--object-path',
    e.location,
    '--method',
    `${ITEM_IFACE}.Delete`,
  ],
};
