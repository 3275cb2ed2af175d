import type { EngineContext } from '../../context';
import { pathFor } from '../../context';
import type { GitFacts } from '../../model';

// What Git Credential Manager's settings say about where it keeps passwords, read the way
// GCM reads them (git-credential-manager src/shared/Core/Settings.cs GetSettingValues: the
// environment variable first, then `credential.<url>.<name>`, then `credential.<name>`; the
// last value git lists wins). Every value any of them names is used, not only the one that
// wins today: a password saved under an earlier setting is just as stale.

/** GCM's namespace unless `credential.namespace` / GCM_NAMESPACE says otherwise (Constants.cs). */
export const DEFAULT_NAMESPACE = 'git';

// GCM writes `<namespace>:` in front of every target and service (WindowsCredentialManager.cs
// CreateTargetName, MacOSKeychain.cs CreateServiceName), and nothing at all for an empty or
// white-space namespace. One that holds a separator could not be told from the URL after it.
const NAMESPACE_RE = /^[^\s:/\\"@\u0000-\u001f\u007f]{1,64}$/;

function configValues(git: GitFacts | undefined, name: string): string[] {
  const re = new RegExp(`^credential\\.(?:.+\\.)?${name.toLowerCase()}$`);
  return (git?.config ?? []).flatMap((e) => (re.test(e.key) && e.value !== null ? [e.value] : []));
}

/** Every value of one GCM setting: the environment variable's, then git's (any URL scope). */
export function gcmSettingValues(
  ctx: EngineContext,
  git: GitFacts | undefined,
  envName: string,
  configName: string,
): string[] {
  const env = ctx.env[envName];
  return [...new Set([...(env !== undefined ? [env] : []), ...configValues(git, configName)])];
}

/** The namespaces GCM may have saved CodeCommit passwords under ('' = no prefix at all). */
export function gcmNamespaces(ctx: EngineContext, git: GitFacts | undefined, extra: string[] = []): string[] {
  const named = [...gcmSettingValues(ctx, git, 'GCM_NAMESPACE', 'namespace'), ...extra].map((n) =>
    n.trim() === '' ? '' : n,
  );
  return [...new Set([DEFAULT_NAMESPACE, ...named.filter((n) => n === '' || NAMESPACE_RE.test(n))])];
}

/** The `credential.credentialStore` / GCM_CREDENTIAL_STORE values (lowercased, as GCM compares them). */
export function gcmStores(ctx: EngineContext, git: GitFacts | undefined): string[] {
  return [
    ...new Set(
      gcmSettingValues(ctx, git, 'GCM_CREDENTIAL_STORE', 'credentialStore').map((s) => s.toLowerCase()),
    ),
  ];
}

export type GcmFileStore = 'plaintext' | 'dpapi' | 'gpg';

/**
 * Where GCM's file stores live: the folder a setting names, and the default one
 * (CredentialStore.cs ValidatePlaintext/ValidateDpapi/ValidateGpgPass; FileSystem.cs
 * UserDataDirectoryPath = ~/.gcm).
 */
export function gcmFileStoreRoots(
  ctx: EngineContext,
  git: GitFacts | undefined,
  store: GcmFileStore,
): string[] {
  const p = pathFor(ctx.platform);
  const [envName, configName, fallback] =
    store === 'plaintext'
      ? ['GCM_PLAINTEXT_STORE_PATH', 'plaintextStorePath', p.join(ctx.home, '.gcm', 'store')]
      : store === 'dpapi'
        ? ['GCM_DPAPI_STORE_PATH', 'dpapiStorePath', p.join(ctx.home, '.gcm', 'dpapi_store')]
        : ['PASSWORD_STORE_DIR', 'gpgPassStorePath', p.join(ctx.home, '.password-store')];
  const named = gcmSettingValues(ctx, git, envName, configName)
    .filter((v) => v.trim() !== '')
    .map((v) => (v === '~' || v.startsWith('~/') ? p.join(ctx.home, v.slice(1)) : p.resolve(ctx.cwd, v)));
  return [...new Set([...named, fallback])];
}
