import type { EngineContext } from '../context';
import type { GitFacts, Platform, StoreEntry, StoreFacts, StoreKind } from '../model';
import { darwin } from './darwin';
import { keychainGenericStore, keychainInternetStore } from './darwin/keychain';
import { credentialCacheStore } from './common/credential-cache';
import { credentialStoreFile } from './common/credential-store';
import { gcmDpapiStore, gcmGpgStore, gcmPlaintextStore } from './common/gcm-files';
import { libsecretStore } from './linux/libsecret';
import { linux } from './linux';
import type { OsPlatform } from './os';
import type { CredentialStoreAdapter } from './store-adapter';
import { win32 } from './win32';
import { credentialManagerStore } from './win32/credential-manager';
import { githubDesktopKeychainStore, jetbrainsKeychainStore } from './darwin/client-keychain';
import { githubDesktopCredentialStore } from './win32/github-desktop-credman';
import { jetbrainsKeePassStore, sourcetreePasswdStore } from './common/client-password-files';

export type { OsPlatform } from './os';
export type { CredentialStoreAdapter } from './store-adapter';

// The one place that knows which OS has what. Everything else asks `platformOf(…)` for the
// OS being diagnosed (a replayed Windows on Linux gets Windows' answers) and `storeOf(…)`
// for the store an entry came from.

const PLATFORMS: Record<Platform, OsPlatform> = { darwin, win32, linux };

export function platformOf(platform: Platform): OsPlatform {
  return PLATFORMS[platform];
}

const STORES = {
  'macos-keychain-internet': keychainInternetStore,
  'macos-keychain-generic': keychainGenericStore,
  'windows-credential-manager': credentialManagerStore,
  libsecret: libsecretStore,
  'git-credential-store': credentialStoreFile,
  'git-credential-cache': credentialCacheStore,
  'gcm-plaintext': gcmPlaintextStore,
  'gcm-dpapi': gcmDpapiStore,
  'gcm-gpg': gcmGpgStore,
  'github-desktop-keychain': githubDesktopKeychainStore,
  'jetbrains-keychain': jetbrainsKeychainStore,
  'github-desktop-credential-manager': githubDesktopCredentialStore,
  'jetbrains-keepass': jetbrainsKeePassStore,
  'sourcetree-passwd': sourcetreePasswdStore,
} satisfies Record<StoreKind, CredentialStoreAdapter>;

export function storeOf(kind: StoreKind): CredentialStoreAdapter {
  return STORES[kind];
}

export function storeOfEntry(entry: StoreEntry): CredentialStoreAdapter {
  return storeOf(entry.store);
}

export async function probeStores(
  ctx: EngineContext,
  git: Promise<GitFacts | undefined>,
): Promise<StoreFacts> {
  // Only stores whose helpers name their own files wait for git's settings.
  const stores = platformOf(ctx.platform).stores.map(async (s) =>
    s.list(ctx, s.readsGitConfig ? { git: await git } : {}),
  );
  return { stores: await Promise.all(stores) };
}
