import type { Evidence, FixStep, StoreEntry } from '../engine/model';

// The files a finding points at and the files a plan changes, each once: git's settings,
// ~/.ssh/config, and password stores that are files (.git-credentials, a Keychain). The
// helpdesk view and the report list them under "files involved".

/** Stores whose `location` is a file on disk (not a Credential Manager target or a keyring item). */
function storeFile(entry: StoreEntry): string | null {
  switch (entry.store) {
    case 'git-credential-store':
    case 'macos-keychain-internet':
    case 'macos-keychain-generic':
      return entry.location;
    default:
      return null;
  }
}

function unique(paths: (string | null | undefined)[]): string[] {
  return [...new Set(paths.filter((p): p is string => typeof p === 'string' && p.length > 0))];
}

export function filesOfEvidence(evidence: readonly Evidence[]): string[] {
  return unique(
    evidence.map((e) => {
      switch (e.kind) {
        case 'config':
        case 'helper':
          return e.file;
        case 'file':
          return e.path;
        case 'store-entry':
          return storeFile(e.entry);
        default:
          return null;
      }
    }),
  );
}

export function filesOfSteps(steps: readonly FixStep[]): string[] {
  return unique(
    steps.map((s) => {
      switch (s.type) {
        case 'git-config':
        case 'ssh-config-host':
          return s.file;
        case 'delete-credential':
          return storeFile(s.entry);
        default:
          return null;
      }
    }),
  );
}
