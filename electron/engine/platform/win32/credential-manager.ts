import type { EngineContext } from '../../context';
import type { StoreEntry, StoreProbeResult } from '../../model';
import type { RunResult } from '../../runner';
import { firstLine, MAX_OUTPUT_BYTES } from '../../runner';
import { parseCmdkeyList, type CredmanItem } from './cmdkey-list';
import { parseGitCredentialTarget } from './git-credential-target';
import { describeEntryKey, type CredentialStoreAdapter } from '../store-adapter';
import { isMasked, maskSessionTokens } from '../../../shared/redact';
import { shownAccount } from '../account-name';
import { cmdkeyProgram, safeWindowsCwd } from './launch';
import { isGitCredentialName, localFingerprint } from '../git-keys';
import { DEFAULT_NAMESPACE, gcmNamespaces } from '../common/gcm-settings';

export { parseCmdkeyList, type CredmanItem } from './cmdkey-list';

// Windows Credential Manager adapter through cmdkey.exe (in System32 on every Windows; it
// lists target names and user names, never a secret). Only CodeCommit targets are reported
// or deleted: `git:https://HOST` (GCM), `git:https://HOST/path` (GCM for Windows with
// useHttpPath), `git:https://user@HOST[/path]` (wincred always; GCM for a second account).

export const CMDKEY = 'cmdkey';

/** How cmdkey is started: System32's, from a folder that is not the scanned repository (launch.ts). */
function cmdkey(ctx: EngineContext, args: string[]): Promise<RunResult> {
  return ctx.runner(cmdkeyProgram(ctx.env), args, {
    timeoutMs: ctx.timeoutMs,
    env: ctx.env,
    cwd: safeWindowsCwd(ctx.env),
  });
}
const STORE = 'windows-credential-manager' as const;

/** Why a cmdkey run failed, in one line (shared with the other Credential Manager adapters). */
export function failure(action: string, r: RunResult, timeoutMs: number): string {
  if (r.timedOut) return `${action} timed out after ${Math.round(timeoutMs / 1000)} s`;
  if (r.notFound) return 'cmdkey was not found';
  if (r.error) return `${action} could not start: ${r.error}`;
  const detail = firstLine(r.stdout) || firstLine(r.stderr);
  return `${action} failed (exit ${r.exitCode ?? r.signal ?? 'unknown'})${detail ? `: ${detail}` : ''}`;
}

/** A CodeCommit entry for a listed credential, or null for anything else. */
export function credmanEntry(
  item: CredmanItem,
  namespaces: readonly string[] = [DEFAULT_NAMESPACE],
): StoreEntry | null {
  // GCM and wincred write generic credentials; a Domain/MicrosoftAccount/… target is not theirs.
  if (item.kind !== 'LegacyGeneric') return null;
  const t = parseGitCredentialTarget(item.target, { namespaces });
  if (!t) return null;
  // wincred puts `user@` in every target it stores; GCM only when a second account needs it.
  const writer = t.user !== undefined ? 'GCM or wincred' : 'GCM';
  return {
    store: STORE,
    hostname: t.host.hostname,
    ...(t.port !== undefined ? { port: t.port } : {}),
    ...shownAccount(item.user ?? t.user),
    ...(t.path !== undefined ? { path: t.path } : {}),
    protocol: 'https',
    // wincred writes the user name into the target: a session token in it is masked.
    location: maskSessionTokens(item.target),
    writer,
    ...(t.namespace !== DEFAULT_NAMESPACE ? { namespace: t.namespace } : {}),
  };
}

// A non-empty listing always holds at least one `:target=` line; `* NONE *` (consmsg.mc) or a
// bare header is an empty store. Anything else that yields nothing is output we cannot read.
function looksEmpty(text: string): boolean {
  const lines = text
    .replace(/\u0000/g, '')
    .split(/\r?\n|\r/)
    .map((l) => l.trim())
    .filter(Boolean);
  return lines.length === 0 || (lines.length <= 2 && lines.every((l) => /:$/.test(l) || /^\*.*\*$/.test(l)));
}

async function runList(ctx: EngineContext): Promise<RunResult | Error> {
  try {
    return await cmdkey(ctx, ['/list']);
  } catch (e) {
    return e as Error;
  }
}

export async function listCredentialManager(
  ctx: EngineContext,
  namespaces: readonly string[] = [DEFAULT_NAMESPACE],
): Promise<StoreProbeResult> {
  const base = { store: STORE, entries: [] as StoreEntry[], ignored: 0 };
  const r = await runList(ctx);
  if (r instanceof Error)
    return { ...base, available: true, error: `cmdkey /list could not run: ${r.message}` };
  if (r.notFound) return { ...base, available: false };
  if (r.timedOut || r.exitCode !== 0) {
    return { ...base, available: true, error: failure('cmdkey /list', r, ctx.timeoutMs) };
  }
  const items = parseCmdkeyList(r.stdout);
  if (items.length === 0 && !looksEmpty(r.stdout)) {
    return {
      ...base,
      available: true,
      error: 'cmdkey /list printed output that could not be read as credentials',
    };
  }
  const entries: StoreEntry[] = [];
  const otherGitKeys: string[] = [];
  for (const item of items) {
    const e = credmanEntry(item, namespaces);
    if (e) entries.push(e);
    // Target names are case-insensitive in Credential Manager.
    else if (item.kind === 'LegacyGeneric' && isGitCredentialName(item.target, namespaces))
      otherGitKeys.push(localFingerprint(item.target.toLowerCase()));
  }
  return {
    ...base,
    available: true,
    entries,
    ignored: items.length - entries.length,
    ...(otherGitKeys.length > 0 ? { otherGitKeys } : {}),
    // The runner keeps 8 MiB of output: the credentials listed after that were not read.
    ...(r.truncated
      ? {
          incomplete: `cmdkey /list printed more than the ${MAX_OUTPUT_BYTES / 1024 / 1024} MiB the doctor reads: the credentials listed after that were not read`,
        }
      : {}),
  };
}

/**
 * Deletes one Credential Manager target. cmdkey's messages are localized and its exit code
 * for a missing target is unverified (only `CMDKEY: Element not found.` was captured), so a
 * failed delete is settled by listing again: gone → nothing to delete; still there → error.
 */
export async function deleteCredentialManagerTarget(
  ctx: EngineContext,
  target: string,
  namespaces: readonly string[] = [DEFAULT_NAMESPACE],
): Promise<{ deleted: number; error?: string }> {
  const parsed = typeof target === 'string' ? parseGitCredentialTarget(target, { namespaces }) : null;
  if (!parsed) {
    return {
      deleted: 0,
      error: `refusing to delete: ${JSON.stringify(target)} is not a CodeCommit ${namespaces.map((n) => (n ? `${n}:` : '')).join('/')}https:// target`,
    };
  }
  const action = 'cmdkey /delete';
  let r: RunResult;
  try {
    r = await cmdkey(ctx, [`/delete:${parsed.target}`]);
  } catch (e) {
    return { deleted: 0, error: `${action} could not run: ${(e as Error).message}` };
  }
  if (r.notFound || r.timedOut || r.error) return { deleted: 0, error: failure(action, r, ctx.timeoutMs) };
  if (r.exitCode === 0) return { deleted: 1 };

  const again = await runList(ctx);
  if (again instanceof Error || again.timedOut || again.exitCode !== 0 || again.notFound) {
    return { deleted: 0, error: failure(action, r, ctx.timeoutMs) };
  }
  const listed = parseCmdkeyList(again.stdout);
  if (listed.length === 0 && !looksEmpty(again.stdout))
    return { deleted: 0, error: failure(action, r, ctx.timeoutMs) };
  const lower = parsed.target.toLowerCase();
  // Target names are case-insensitive in Credential Manager.
  const stillThere = listed.some((i) => i.target.toLowerCase() === lower);
  return stillThere ? { deleted: 0, error: failure(action, r, ctx.timeoutMs) } : { deleted: 0 };
}

/** The namespace an entry was listed under (the only one its deletion may name). */
const namespacesOf = (e: StoreEntry) => [e.namespace ?? DEFAULT_NAMESPACE];

const sameTarget = (a: StoreEntry, b: StoreEntry) =>
  a.store === b.store &&
  a.location.toLowerCase() === b.location.toLowerCase() &&
  (a.tokenFingerprint ?? '') === (b.tokenFingerprint ?? '');

/**
 * The target cmdkey must be given for an entry whose target was listed with a session
 * token masked: Credential Manager is listed again and the one credential that is this
 * entry names it, in this process only.
 */
async function fullTarget(ctx: EngineContext, entry: StoreEntry): Promise<string | { error: string }> {
  if (!entry.tokenFingerprint || !isMasked(entry.location)) return entry.location;
  const r = await runList(ctx);
  if (r instanceof Error) return { error: `cmdkey /list could not run: ${r.message}` };
  if (r.notFound || r.timedOut || r.exitCode !== 0)
    return { error: failure('cmdkey /list', r, ctx.timeoutMs) };
  const targets = parseCmdkeyList(r.stdout).filter((i) => {
    const e = credmanEntry(i, namespacesOf(entry));
    return e !== null && sameTarget(e, entry);
  });
  if (targets.length !== 1) return { error: 'the credential is no longer listed as it was' };
  return (targets[0] as CredmanItem).target;
}

export const credentialManagerStore: CredentialStoreAdapter = {
  kind: STORE,
  name: 'Windows Credential Manager',
  // GCM's namespace (`credential.namespace`, GCM_NAMESPACE) is the first part of its targets.
  readsGitConfig: true,
  list: (ctx, scope) =>
    listCredentialManager(ctx, gcmNamespaces(ctx, scope.git, scope.entry ? namespacesOf(scope.entry) : [])),
  async delete(ctx, entry) {
    const target = await fullTarget(ctx, entry);
    return typeof target === 'string'
      ? deleteCredentialManagerTarget(ctx, target, namespacesOf(entry))
      : { deleted: 0, ...target };
  },
  // The target name is the whole key (case-insensitive, as Credential Manager compares it);
  // where a session token in it is masked, its fingerprint stands in for it.
  sameEntry: sameTarget,
  describe: (e) => `${describeEntryKey(e)} in Windows Credential Manager (target ${e.location})`,
  // A masked session token is no target to paste: no manual command.
  deleteArgv: (e) => (e.tokenFingerprint ? null : [CMDKEY, `/delete:${e.location}`]),
};
