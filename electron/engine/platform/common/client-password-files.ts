import type { EngineContext } from '../../context';
import { expand } from '../../clients/paths';
import type { PathPattern } from '../../clients/types';
import type { StoreEntry, StoreKind, StoreProbeResult } from '../../model';
import type { CredentialStoreAdapter } from '../store-adapter';

// Password files GUI clients keep that cannot be listed without reading secrets: a JetBrains
// IDE's KeePass database (`c.kdbx` in its configuration folder, encrypted with a key kept
// beside it) and Sourcetree for Windows' `passwd` file. The doctor only looks whether they
// are there (never opens them) and says where; clearing them is done in the client
// (client-saved-passwords check), so these stores never list or delete an entry.

interface PasswordFileFormat {
  kind: StoreKind;
  name: string;
  files: readonly PathPattern[];
  /** JetBrains' `<Product><year>.<n>` folders. */
  entryPattern?: RegExp;
}

const PRODUCT_DIR = /^[A-Za-z]+\d{4}\.\d+$/;

async function findFiles(ctx: EngineContext, format: PasswordFileFormat): Promise<string[]> {
  const found: string[] = [];
  for (const pattern of format.files) {
    for (const candidate of await expand(ctx, pattern, format.entryPattern)) {
      if (await ctx.isFile(candidate)) found.push(candidate);
    }
  }
  return found;
}

function passwordFileStore(format: PasswordFileFormat): CredentialStoreAdapter {
  return {
    kind: format.kind,
    name: format.name,
    async list(ctx): Promise<StoreProbeResult> {
      const files = await findFiles(ctx, format).catch(() => []);
      return {
        store: format.kind,
        available: files.length > 0,
        entries: [],
        ignored: 0,
        ...(files.length > 0 ? { locations: files } : {}),
      };
    },
    delete: async () => ({
      deleted: 0,
      error: `refusing to delete: the ${format.name} cannot be read without its key; clear it in the client`,
    }),
    sameEntry: (a: StoreEntry, b: StoreEntry) => a.store === b.store && a.location === b.location,
    describe: (e) => `${format.name} (${e.location}: present, not read)`,
    deleteArgv: () => null,
  };
}

const jetbrainsConfig = (root: PathPattern['root'], ...under: string[]): PathPattern => ({
  root,
  segments: [...under, 'JetBrains', '*', 'c.kdbx'],
});

/** intellij-community credentialStore/keePass: DB_FILE_NAME = "c.kdbx" in the IDE's configuration folder. */
export const jetbrainsKeePassStore = passwordFileStore({
  kind: 'jetbrains-keepass',
  name: "a JetBrains IDE's KeePass password file",
  files: [jetbrainsConfig('macAppSupport'), jetbrainsConfig('appData'), jetbrainsConfig('xdgConfig')],
  entryPattern: PRODUCT_DIR,
});

/** Sourcetree for Windows: `%LOCALAPPDATA%\Atlassian\SourceTree\passwd` (community answers; assumed). */
export const sourcetreePasswdStore = passwordFileStore({
  kind: 'sourcetree-passwd',
  name: "Sourcetree's password file",
  files: [{ root: 'localAppData', segments: ['Atlassian', 'SourceTree', 'passwd'] }],
});
