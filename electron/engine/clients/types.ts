import type { Platform, StoreKind } from '../model';

// The model of a Git client: what it is, where it installs, which git it runs with what
// on top, and what that means for the AWS credential helper. One file per client in this
// folder holds only data; every claim names its source, and what could not be confirmed
// is marked `assumed`, so a finding built on it says so (being wrong must be harmless and
// visible). tests/fixtures/clients/SOURCES.md lists the sources.

export type ClientId =
  | 'github-desktop'
  | 'sourcetree'
  | 'fork'
  | 'tower'
  | 'vscode'
  | 'jetbrains'
  | 'visual-studio'
  | 'eclipse'
  | 'gitkraken';

/**
 * What the user clones with: a client, the terminal, or another client the doctor does not
 * know (both of the last two: the git on PATH as it is).
 */
export type ClientChoice = ClientId | 'terminal' | 'other';

/**
 * Where a path starts. `applications` is every folder macOS apps are installed in
 * (/Applications and ~/Applications); the Windows ones are the known folders.
 */
export type PathRoot =
  | 'applications'
  | 'home'
  | 'localAppData'
  | 'appData'
  | 'programFiles'
  | 'programFilesX86'
  | 'macAppSupport'
  | 'xdgConfig';

/**
 * A path below a root; a segment `*` is any one entry of that folder (a version or an
 * edition: `app-3.4.1`, `gitInstance/2.45.1`), the newest version first.
 */
export interface PathPattern {
  root: PathRoot;
  segments: readonly string[];
}

/** One way the client is found on one OS. */
export interface InstallLayout {
  /** A file that exists when the client is installed (never read, only looked for). */
  marker: PathPattern;
  /** Its own git, when it brings one (the newest version). */
  git?: PathPattern;
  /**
   * The exec-path the client sets for its git (GIT_EXEC_PATH), below the git's install
   * folder (the folder above its bin/ or cmd/): dugite sets it for GitHub Desktop.
   */
  execPath?: readonly string[];
  /** The marker is a folder that must have something in it, not a file. */
  markerIsFolder?: boolean;
  /** Entries a `*` may stand for (JetBrains' `<Product><year>.<n>`); any entry when absent. */
  entryPattern?: RegExp;
}

/** A claim about a client, with where it comes from; `assumed` when no primary source confirmed it. */
export interface Sourced<T = string> {
  value: T;
  source: string;
  assumed?: boolean;
}

/** A `-c key=value` the client puts on every git command (scope `command` for git). */
export interface InjectedSetting {
  key: string;
  value: string;
}

export type HelperHandling =
  /** Runs git with the user's helpers as configured. */
  | 'honours'
  /** Empties the helper list (`credential.helper=`) and maybe puts its own: no user helper ever runs. */
  | 'replaces'
  /** Not git at all (JGit, libgit2): `credential.helper` means nothing to it. */
  | 'ignores';

export type GitKind = 'bundled' | 'system' | 'in-process';

/** Something only the person can do in the client (a setting to change), or a way in that works. */
export interface Remedy {
  key: string;
  title: string;
  description: string;
  assumed?: boolean;
}

export interface GitClient {
  id: ClientId;
  name: string;
  installs: Partial<Record<Platform, readonly InstallLayout[]>>;
  /** Which git it runs by default. */
  git: Sourced<GitKind>;
  /** How to make it use the system git instead (the exact setting and its place), when it can. */
  useSystemGit?: Sourced;
  /** What it does to credential helpers with its default settings. */
  helpers: Sourced<HelperHandling>;
  /** What it puts on every git command with its default settings (config, then environment names). */
  injected: Sourced<readonly InjectedSetting[]>;
  injectedEnv: Sourced<readonly string[]>;
  /** Injections that depend on a setting the doctor cannot see without reading the client's files. */
  conditional?: Sourced;
  /** macOS: a Finder/Dock-started app gets launchd's PATH, unless the client reads the login shell's. */
  launch: Sourced<'launchd' | 'login-shell'>;
  /** Folders the client itself puts in front of PATH for git (macOS), besides launchd's. */
  extraPath?: readonly PathPattern[];
  /** Where it keeps the passwords you type into it. */
  passwords: Sourced;
  /**
   * The password stores (platform/ adapters) it keeps them in, per OS: the doctor lists and
   * deletes stale CodeCommit entries there, and the client's findings name them.
   */
  stores: Partial<Record<Platform, readonly StoreKind[]>>;
  /** How to clear a saved password in the client itself (for a store the doctor cannot list). */
  clearPasswords?: Sourced;
  /** What works for CodeCommit with it, best first. */
  remedies: readonly Remedy[];
}

/** An installed client, found by its files. */
export interface DetectedClient {
  id: ClientId;
  name: string;
  /** The marker file that was found. */
  marker: string;
  /** Its own git binary, when it brings one and it is there (the newest version). */
  git?: string;
  /** GIT_EXEC_PATH the client sets for that git, when it sets one. */
  execPath?: string;
}
