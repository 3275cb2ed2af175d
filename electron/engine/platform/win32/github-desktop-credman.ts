import type { EngineContext } from '../../context';
import type { StoreEntry, StoreProbeResult } from '../../model';
import type { RunResult } from '../../runner';
import { maskSessionTokens } from '../../../shared/redact';
import { shownAccount } from '../account-name';
import { DESKTOP_SERVICE_PREFIX, parseDesktopService } from '../common/client-keys';
import { localFingerprint } from '../git-keys';
import { describeEntryKey, type CredentialStoreAdapter } from '../store-adapter';
import { parseCmdkeyList, type CredmanItem } from './cmdkey-list';
import { CMDKEY, failure } from './credential-manager';
import { cmdkeyProgram, safeWindowsCwd } from './launch';

// GitHub Desktop's own passwords for hosts other than GitHub, in Windows Credential Manager.
// keytar 7 (src/keytar_win.cc) writes a generic credential whose target is
// `<service>/<account>` and whose user name is the account; Desktop's service is
// `GitHub - <endpoint>` (client-keys.ts). So a CodeCommit one reads, in `cmdkey /list`:
//   Target: LegacyGeneric:target=GitHub - https://git-codecommit.us-east-1.amazonaws.com//AKIA…
//   User: AKIA…
// Only a target that is exactly that, for an exact CodeCommit host, is listed or deleted.

const STORE = 'github-desktop-credential-manager' as const;

function run(ctx: EngineContext, args: string[]): Promise<RunResult> {
  return ctx.runner(cmdkeyProgram(ctx.env), args, {
    timeoutMs: ctx.timeoutMs,
    env: ctx.env,
    cwd: safeWindowsCwd(ctx.env),
  });
}

/** The entry a listed credential is, or null unless it is exactly Desktop's item for a CodeCommit host. */
export function desktopCredmanEntry(item: CredmanItem): StoreEntry | null {
  if (item.kind !== 'LegacyGeneric' || item.user === undefined || item.user === '') return null;
  const suffix = `/${item.user}`;
  if (!item.target.endsWith(suffix)) return null;
  const key = parseDesktopService(item.target.slice(0, -suffix.length));
  if (!key) return null;
  return {
    store: STORE,
    hostname: key.host.hostname,
    ...(key.port !== undefined ? { port: key.port } : {}),
    ...shownAccount(item.user),
    ...(key.path !== undefined ? { path: key.path } : {}),
    protocol: 'https',
    // The target holds the user name: a session token in it is masked, as for any account.
    location: maskSessionTokens(item.target),
    writer: 'GitHub Desktop',
  };
}

async function listed(
  ctx: EngineContext,
): Promise<{ items: CredmanItem[] } | { error: string; notFound?: boolean }> {
  let r: RunResult;
  try {
    r = await run(ctx, ['/list']);
  } catch (e) {
    return { error: `cmdkey /list could not run: ${(e as Error).message}` };
  }
  if (r.notFound) return { error: 'cmdkey was not found', notFound: true };
  if (r.timedOut || r.exitCode !== 0) return { error: failure('cmdkey /list', r, ctx.timeoutMs) };
  return { items: parseCmdkeyList(r.stdout) };
}

async function listDesktopCredman(ctx: EngineContext): Promise<StoreProbeResult> {
  const base = { store: STORE, entries: [] as StoreEntry[], ignored: 0 };
  const l = await listed(ctx);
  if ('error' in l) return { ...base, available: !l.notFound, ...(l.notFound ? {} : { error: l.error }) };
  const entries = l.items.map(desktopCredmanEntry).filter((e): e is StoreEntry => e !== null);
  // Desktop's credentials for other hosts (its GitHub sign-in): a deletion proves they stayed.
  const otherGitKeys = l.items
    .filter((i) => i.target.startsWith(DESKTOP_SERVICE_PREFIX) && desktopCredmanEntry(i) === null)
    .map((i) => localFingerprint(i.target.toLowerCase()));
  return {
    ...base,
    available: true,
    entries,
    ignored: l.items.length - entries.length,
    ...(otherGitKeys.length > 0 ? { otherGitKeys } : {}),
  };
}

const sameTarget = (a: StoreEntry, b: StoreEntry) =>
  a.store === b.store &&
  a.location.toLowerCase() === b.location.toLowerCase() &&
  (a.tokenFingerprint ?? '') === (b.tokenFingerprint ?? '');

/**
 * Deletes the one credential listed as this entry, by its exact target, then lists again:
 * cmdkey's messages are localized, and whether it takes a target with spaces as one argument
 * is not documented, so only the second listing says whether it went.
 */
async function deleteDesktopCredman(
  ctx: EngineContext,
  entry: StoreEntry,
): Promise<{ deleted: number; error?: string }> {
  const before = await listed(ctx);
  if ('error' in before) return { deleted: 0, error: before.error };
  const match = before.items.filter((i) => {
    const e = desktopCredmanEntry(i);
    return e !== null && sameTarget(e, entry);
  });
  if (match.length === 0) return { deleted: 0 };
  const target = (match[0] as CredmanItem).target;
  let r: RunResult;
  try {
    r = await run(ctx, [`/delete:${target}`]);
  } catch (e) {
    return { deleted: 0, error: `cmdkey /delete could not run: ${(e as Error).message}` };
  }
  if (r.notFound || r.timedOut || r.error)
    return { deleted: 0, error: failure('cmdkey /delete', r, ctx.timeoutMs) };
  const after = await listed(ctx);
  if ('error' in after) return { deleted: 0, error: after.error };
  const still = after.items.some((i) => i.target.toLowerCase() === target.toLowerCase());
  if (still) {
    return {
      deleted: 0,
      error: `${failure('cmdkey /delete', r, ctx.timeoutMs)}; the credential is still there: remove "${target}" in Control Panel › Credential Manager › Windows Credentials`,
    };
  }
  return { deleted: 1 };
}

export const githubDesktopCredentialStore: CredentialStoreAdapter = {
  kind: STORE,
  name: "Windows Credential Manager (GitHub Desktop's own passwords)",
  list: (ctx) => listDesktopCredman(ctx),
  delete: deleteDesktopCredman,
  sameEntry: sameTarget,
  describe: (e) =>
    `${describeEntryKey(e)} in Windows Credential Manager, saved by GitHub Desktop (target ${e.location})`,
  deleteArgv: (e) => (e.tokenFingerprint ? null : [CMDKEY, `/delete:${e.location}`]),
};
