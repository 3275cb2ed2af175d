import { isCodeCommitHost } from '../../electron/engine/codecommit-host';
import type { Journal } from '../../electron/engine/fixes/journal';
import type { Runner } from '../../electron/engine/runner';
import { searchListOutput } from './keychain-replay';
import { recordedResult } from './replay-runner';

// Simulated macOS keychains and Windows Credential Managers for property tests: an item
// list rendered in the real output formats of `security dump-keychain` and `cmdkey /list`
// (templates: tests/fixtures/darwin/security-dump-keychain.codecommit.adapted.txt and
// tests/fixtures/win32/cmdkey-list.en.codecommit-and-github.adapted.txt), answering
// deletes the way the tools do (security: first match per call, exit 44 when none;
// cmdkey: exact target name, case-insensitive), and recording every call.

export const CODECOMMIT_HOSTS = [
  'git-codecommit.us-east-1.amazonaws.com',
  'git-codecommit.eu-west-1.amazonaws.com',
  'git-codecommit-fips.us-west-2.amazonaws.com',
  'git-codecommit.cn-north-1.amazonaws.com.cn',
  'vpce-0123456789abcdef0-abcdefgh.git-codecommit.us-east-1.vpce.amazonaws.com',
];

/** Hosts a careless matcher could take for CodeCommit: none of them may ever be touched. */
export const OTHER_HOSTS = [
  'github.com',
  'gitlab.com',
  'bitbucket.org',
  'git-codecommit.us-east-1.amazonaws.com.evil.com',
  'evil-git-codecommit.us-east-1.amazonaws.com',
  'evilgit-codecommit.us-east-1.amazonaws.com',
  'git-codecommit.us-east-1.amazonaws.co',
  'git-codecommit.us-east-1.amazonaws.com.cn.evil.com',
  'codecommit.us-east-1.amazonaws.com',
  'git-codecommit.us-east-1.amazonaws.comx',
  'git-codecommit.amazonaws.com',
  'git-c\u03bfdecommit.us-east-1.amazonaws.com', // Greek omicron
  'git-codecommit.us-east-1.amazonaws.\u212aom'.replace('\u212a', '\u0441'), // Cyrillic es
  'git-codecommit.us-east-1.amazon\u0430ws.com', // Cyrillic a
  'git-codecommit.us-\u212aast-1.amazonaws.com', // Kelvin sign
  'xn--git-codecommit-9ib.us-east-1.amazonaws.com',
  'git-codecommit.us-east-1.amazonaws.com@evil.com',
  'git-codecommit.us-east-1.amazonaws.com:443.evil.com',
];

export interface Item {
  kind: 'inet' | 'genp' | 'cred';
  host: string;
  account: string;
  /** genp/cred: a path after the host (`/v1/repos/x`) or none. */
  path?: string;
  /** cred only: user inside the target (`git:https://user@host`). */
  userInTarget?: boolean;
  keychain: string;
  /** genp: a service other than GCM's (a GUI client's own item). */
  service?: string;
  /** cred: a target other than git's (a GUI client's own credential). */
  target?: string;
}

export function isOther(host: string): boolean {
  return OTHER_HOSTS.some((h) => h.toLowerCase() === host.toLowerCase());
}

function blob(s: string): string {
  if (/^[\x20-\x7e]*$/.test(s) && !s.includes('"')) return `"${s}"`;
  const bytes = Buffer.from(s, 'utf8');
  const esc = [...bytes]
    .map((b) =>
      b >= 0x20 && b < 0x7f && b !== 0x22 && b !== 0x5c
        ? String.fromCharCode(b)
        : `\\${b.toString(8).padStart(3, '0')}`,
    )
    .join('');
  return `0x${bytes.toString('hex').toUpperCase()}  "${esc}"`;
}

/**
 * SecurityTool keychain_utilities.c print_buffer, as it prints a `keychain:` path: quoted
 * when every byte is printable ASCII other than `\`, else `0x` + uppercase hex, then (when
 * some byte was printable) two spaces and the quoted text with `\ooo` escapes.
 */
export function printBuffer(s: string): string {
  const bytes = [...Buffer.from(s, 'utf8')];
  const plain = (b: number) => b >= 0x20 && b <= 0x7e && b !== 0x5c;
  const text = bytes
    .map((b) => (plain(b) ? String.fromCharCode(b) : `\\${b.toString(8).padStart(3, '0')}`))
    .join('');
  if (bytes.every(plain)) return `"${text}"`;
  const hex = `0x${Buffer.from(bytes).toString('hex').toUpperCase()}`;
  return bytes.some(plain) ? `${hex}  "${text}"` : `${hex} `;
}

export function serviceOf(i: Item): string {
  if (i.service !== undefined) return i.service;
  return `git:https://${i.host}${i.path ?? ''}`;
}

export function targetOf(i: Item): string {
  if (i.target !== undefined) return i.target;
  return `git:https://${i.userInTarget ? `${i.account}@` : ''}${i.host}${i.path ?? ''}`;
}

/** osxkeychain keeps the path git sent (no leading slash), only with UseHttpPath. */
function inetPath(i: Item): string | undefined {
  return i.path?.replace(/^\//, '');
}

/**
 * `security delete-*-password` options: those that take a value, then the keychains to
 * search (none: the whole search list), as Apple's keychain_find.c parses them.
 */
const VALUE_FLAGS = new Set(['-a', '-c', '-C', '-d', '-D', '-j', '-l', '-p', '-P', '-r', '-s', '-t', '-G']);
function positional(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let k = 1; k < args.length; k++) {
    if (VALUE_FLAGS.has(args[k] as string)) k++;
    else if (!(args[k] as string).startsWith('-')) out.push(args[k] as string);
  }
  return out;
}

export function dumpBlock(i: Item): string {
  if (i.kind === 'inet') {
    return `keychain: ${printBuffer(i.keychain)}
class: "inet"
attributes:
    0x00000007 <blob>=${blob(i.host)}
    0x00000008 <blob>=<NULL>
    "acct"<blob>=${blob(i.account)}
    "atyp"<blob>="dflt"
    "cdat"<timedate>=0x32303135303931373135333431355A00  "20150917153415Z\\000"
    "crtr"<uint32>=<NULL>
    "cusi"<sint32>=<NULL>
    "desc"<blob>=<NULL>
    "icmt"<blob>=<NULL>
    "invi"<sint32>=<NULL>
    "mdat"<timedate>=0x32303135303931373135333431355A00  "20150917153415Z\\000"
    "nega"<sint32>=<NULL>
    "path"<blob>=${inetPath(i) === undefined ? '<NULL>' : blob(inetPath(i) as string)}
    "port"<uint32>=0x00000000 
    "prot"<blob>=<NULL>
    "ptcl"<uint32>="htps"
    "scrp"<sint32>=<NULL>
    "sdmn"<blob>=<NULL>
    "srvr"<blob>=${blob(i.host)}
    "type"<uint32>=<NULL>
`;
  }
  return `keychain: ${printBuffer(i.keychain)}
class: "genp"
attributes:
    0x00000007 <blob>=${blob(serviceOf(i))}
    0x00000008 <blob>=<NULL>
    "acct"<blob>=${blob(i.account)}
    "cdat"<timedate>=0x32303134313033303031323935385A00  "20141030012958Z\\000"
    "crtr"<uint32>=<NULL>
    "cusi"<sint32>=<NULL>
    "desc"<blob>=<NULL>
    "gena"<blob>=<NULL>
    "icmt"<blob>=<NULL>
    "invi"<sint32>=<NULL>
    "mdat"<timedate>=0x32303134313033303031323935385A00  "20141030012958Z\\000"
    "nega"<sint32>=<NULL>
    "prot"<blob>=<NULL>
    "scrp"<sint32>=<NULL>
    "svce"<blob>=${blob(serviceOf(i))}
    "type"<uint32>=<NULL>
`;
}

export function cmdkeyList(items: Item[]): string {
  const blocks = items.map(
    (i) =>
      `    Target: LegacyGeneric:target=${targetOf(i)}\n    Type: Generic\n    User: ${i.account}\n    Local machine persistence\n`,
  );
  return `\nCurrently stored credentials:\n\n${blocks.join('\n')}\n`;
}

export interface SimStore {
  runner: Runner;
  items: Item[];
  calls: string[][];
}

function flag(args: readonly string[], f: string): string | undefined {
  const i = args.indexOf(f);
  return i >= 0 ? args[i + 1] : undefined;
}

/**
 * `searchList`: the keychains `security` searches, in order (default: those of the initial
 * items, first seen first). A dump goes through them in that order, as KCCursor does.
 */
export function simKeychain(initial: Item[], searchList?: readonly string[]): SimStore {
  const items = [...initial];
  const calls: string[][] = [];
  const search = searchList ?? [...new Set(initial.map((i) => i.keychain))];
  const dump = (only: readonly string[]) =>
    only
      .flatMap((k) => items.filter((i) => i.keychain === k))
      .map(dumpBlock)
      .join('');
  const runner: Runner = async (command, args) => {
    calls.push([command, ...args]);
    if (command !== '/usr/bin/security')
      return recordedResult(command, args, { notFound: true, exitCode: null });
    if (args[0] === 'list-keychains')
      return recordedResult(command, args, { stdout: searchListOutput(search) });
    if (args[0] === 'dump-keychain')
      return recordedResult(command, args, { stdout: dump(args.length > 1 ? args.slice(1) : search) });
    const s = flag(args, '-s');
    const a = flag(args, '-a');
    const p = flag(args, '-p');
    const keychains = positional(args);
    const at = items.findIndex(
      (i) =>
        (args[0] === 'delete-internet-password'
          ? i.kind === 'inet' && i.host === s && (p === undefined || inetPath(i) === p)
          : args[0] === 'delete-generic-password' && i.kind === 'genp' && serviceOf(i) === s) &&
        (a === undefined || i.account === a) &&
        (keychains.length === 0 || keychains.includes(i.keychain)),
    );
    if (at < 0) {
      return recordedResult(command, args, {
        exitCode: 44,
        stderr:
          'security: SecKeychainSearchCopyNext: The specified item could not be found in the keychain.\n',
      });
    }
    const [gone] = items.splice(at, 1);
    return recordedResult(command, args, {
      stderr: `${dumpBlock(gone as Item)}password has been deleted.\n`,
    });
  };
  return { runner, items, calls };
}

export function simCredman(initial: Item[]): SimStore {
  const items = [...initial];
  const calls: string[][] = [];
  const runner: Runner = async (command, args) => {
    calls.push([command, ...args]);
    // The adapters start System32's cmdkey.exe by its full path (win32/launch.ts).
    if (!/(^|[\\/])cmdkey(\.exe)?$/i.test(command))
      return recordedResult(command, args, { notFound: true, exitCode: null });
    if (args[0] === '/list') return recordedResult(command, args, { stdout: cmdkeyList(items) });
    const t = args[0]?.startsWith('/delete:') ? args[0].slice('/delete:'.length) : undefined;
    const at = items.findIndex((i) => t !== undefined && targetOf(i).toLowerCase() === t.toLowerCase());
    if (at < 0)
      return recordedResult(command, args, { exitCode: 1, stdout: '\nCMDKEY: Element not found.\n' });
    items.splice(at, 1);
    return recordedResult(command, args, { stdout: '\nCMDKEY: Credential deleted successfully.\n' });
  };
  return { runner, items, calls };
}

/** The host a recorded delete call names, or null for a call that deletes nothing. */
export function deletedHost(call: string[]): string | null {
  const [command, ...args] = call;
  if (command === '/usr/bin/security' && args[0]?.startsWith('delete-')) {
    const s = flag(args, '-s') ?? '';
    return s.startsWith('git:https://') ? (/^git:https:\/\/([^/]+)/.exec(s)?.[1] ?? s) : s;
  }
  if (/(^|[\\/])cmdkey(\.exe)?$/i.test(command ?? '') && args[0]?.startsWith('/delete:')) {
    // The user part ends at the LAST `@` before the path (an account may hold an `@`).
    const hostPart = /^\/delete:git:https:\/\/(?:[^/]*@)?([^/@]+)/.exec(args[0]);
    return hostPart?.[1] ?? args[0];
  }
  return null;
}

export { isCodeCommitHost };

/** A journal that records nothing: the property tests apply fixes to simulated stores only. */
export const simJournal = {
  begin: async () => ({
    id: 'sim',
    backupFile: async () => undefined,
    stepStarted: async () => undefined,
    stepDone: async () => undefined,
    stepFailed: async () => undefined,
    finish: async () => undefined,
  }),
  undo: async () => ({ id: 'sim', restored: [], removed: [], notUndoable: [] }),
} as unknown as Journal;
