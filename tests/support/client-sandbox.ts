import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createContext, type EngineContext } from '../../electron/engine/context';
import type { Platform } from '../../electron/engine/model';
import { realRunner, type Runner } from '../../electron/engine/runner';

// A client installed in a sandboxed HOME (macOS layout, in ~/Applications): its app marker,
// a real git binary copied to the embedded path (Debian's git has an absolute exec-path, so
// a copy still finds its helpers), and that git's own system settings — GIT_CONFIG_SYSTEM
// points at the file inside the client's folder, which is what that git would read.

export interface ClientSandbox {
  home: string;
  bin: string;
  env: NodeJS.ProcessEnv;
  /** Every program the engine ran. */
  ran: string[];
  ctx(platform?: Platform): EngineContext;
  /** The embedded git, when one was laid out. */
  git?: string;
  cleanup(): void;
}

export interface ClientLayout {
  /** Path segments of the app bundle's marker under ~/Applications. */
  marker: string[];
  /** Path segments of the embedded git under ~/Applications. */
  git?: string[];
  /** The embedded git's own system settings (a file next to its bin folder: etc/gitconfig). */
  systemConfig?: string;
  globalConfig?: string;
  /** Programs for the sandbox's bin folder: name → sh body. */
  bin?: Record<string, string>;
  env?: NodeJS.ProcessEnv;
}

export function clientSandbox(layout: ClientLayout): ClientSandbox {
  const home = mkdtempSync(path.join(tmpdir(), 'ccd-client-'));
  const apps = path.join(home, 'Applications');
  const bin = path.join(home, 'bin');
  mkdirSync(bin);
  const marker = path.join(apps, ...layout.marker);
  mkdirSync(path.dirname(marker), { recursive: true });
  writeFileSync(marker, '');
  let git: string | undefined;
  let system = path.join(home, 'no-system-gitconfig');
  writeFileSync(system, '');
  if (layout.git) {
    git = path.join(apps, ...layout.git);
    mkdirSync(path.dirname(git), { recursive: true });
    copyFileSync('/usr/bin/git', git);
    chmodSync(git, 0o755);
    const root = path.dirname(path.dirname(git));
    // Where a client that sets GIT_EXEC_PATH (dugite) looks for git's own programs.
    mkdirSync(path.join(root, 'libexec'), { recursive: true });
    symlinkSync('/usr/lib/git-core', path.join(root, 'libexec', 'git-core'));
    system = path.join(root, 'etc', 'gitconfig');
    mkdirSync(path.dirname(system), { recursive: true });
    writeFileSync(system, layout.systemConfig ?? '');
  }
  for (const [name, body] of Object.entries(layout.bin ?? {})) {
    writeFileSync(path.join(bin, name), `#!/bin/sh\n${body}\n`);
    chmodSync(path.join(bin, name), 0o755);
  }
  const global = path.join(home, '.gitconfig');
  writeFileSync(global, layout.globalConfig ?? '');
  mkdirSync(path.join(home, '.aws'));
  writeFileSync(path.join(home, '.aws', 'config'), '[default]\nregion = us-east-2\n');
  const env: NodeJS.ProcessEnv = {
    HOME: home,
    PATH: `${bin}:/usr/bin:/bin`,
    GIT_CONFIG_GLOBAL: global,
    GIT_CONFIG_SYSTEM: system,
    AWS_EC2_METADATA_DISABLED: 'true',
    CODECOMMIT_DOCTOR_STATE_DIR: path.join(home, 'state'),
    LANG: 'C',
    ...layout.env,
  };
  const ran: string[] = [];
  const runner: Runner = (command, args, options) => {
    ran.push(command);
    return realRunner(command, args, options);
  };
  return {
    home,
    bin,
    env,
    ran,
    ...(git ? { git } : {}),
    ctx: (platform: Platform = 'darwin') => createContext({ platform, env, home, cwd: home, runner }),
    cleanup: () => rmSync(home, { recursive: true, force: true }),
  };
}
