import { chmodSync, copyFileSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

// A Git client laid out inside a Lab sandbox's HOME (macOS layout, ~/Applications): its app
// marker, a real git copied to the client's embedded path, that git's own system settings
// file (etc/gitconfig next to its bin folder) and, when the client sets GIT_EXEC_PATH
// (dugite, for GitHub Desktop), an exec-path folder with git's own programs plus the
// client's helpers (`git-credential-<name>` stand-ins).

export interface LaidOutClient {
  git: string;
  /** The folder above bin/: settings files inside it are the client's. */
  root: string;
  /** etc/gitconfig: what this git reads as its system settings (GIT_CONFIG_SYSTEM). */
  systemConfig: string;
  execPath: string;
}

export function layOutClient(
  home: string,
  o: {
    marker: string[];
    git: string[];
    systemConfig?: string;
    /** git-credential-<name> → sh body, placed in the client's exec-path folder. */
    helpers?: Record<string, string>;
  },
): LaidOutClient {
  const apps = path.join(home, 'Applications');
  const marker = path.join(apps, ...o.marker);
  mkdirSync(path.dirname(marker), { recursive: true });
  writeFileSync(marker, '');
  const git = path.join(apps, ...o.git);
  mkdirSync(path.dirname(git), { recursive: true });
  // Debian's git has an absolute exec-path compiled in: a copy still finds its programs.
  copyFileSync('/usr/bin/git', git);
  chmodSync(git, 0o755);
  const root = path.dirname(path.dirname(git));
  const execPath = path.join(root, 'libexec', 'git-core');
  mkdirSync(execPath, { recursive: true });
  for (const name of readdirSync('/usr/lib/git-core'))
    symlinkSync(path.join('/usr/lib/git-core', name), path.join(execPath, name));
  for (const [name, body] of Object.entries(o.helpers ?? {})) {
    const file = path.join(execPath, `git-credential-${name}`);
    writeFileSync(file, `#!/bin/sh\n${body}\n`);
    chmodSync(file, 0o755);
  }
  const systemConfig = path.join(root, 'etc', 'gitconfig');
  mkdirSync(path.dirname(systemConfig), { recursive: true });
  writeFileSync(systemConfig, o.systemConfig ?? '');
  return { git, root, systemConfig, execPath };
}
