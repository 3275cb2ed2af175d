import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

// `npm start`: the desktop app where an Electron runtime exists, else one line saying why
// and the terminal wizard. Electron ≥ 42 fetches its binary on first run (it cannot be
// fetched on a machine without GitHub access), so the runtime is looked for, never fetched:
// requiring the `electron` package would try to download it.

export type ElectronRuntime = { ok: true; binary: string } | { ok: false; reason: string };

export function findElectronRuntime(appRoot: string, env: NodeJS.ProcessEnv = process.env): ElectronRuntime {
  const pkgDir = path.join(appRoot, 'node_modules', 'electron');
  if (!existsSync(path.join(pkgDir, 'package.json')))
    return { ok: false, reason: 'the electron package is not installed' };
  const pathFile = path.join(pkgDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : undefined;
  let binary: string | undefined;
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    binary = path.join(
      env.ELECTRON_OVERRIDE_DIST_PATH,
      relative || (process.platform === 'win32' ? 'electron.exe' : 'electron'),
    );
  } else if (relative) {
    binary = path.join(pkgDir, 'dist', relative);
  }
  if (!binary || !existsSync(binary)) {
    return {
      ok: false,
      reason: 'no Electron runtime has been downloaded on this machine (and it cannot be fetched here)',
    };
  }
  if (process.platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) {
    return { ok: false, reason: 'there is no graphical display (DISPLAY is not set)' };
  }
  return { ok: true, binary };
}

export async function launchApp(binary: string, appRoot: string): Promise<number> {
  // The app must start as an app, whatever the calling shell exported.
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  return new Promise((resolve) => {
    const child = spawn(binary, [appRoot], { stdio: 'inherit', env });
    child.on('error', () => resolve(-1));
    child.on('exit', (code) => resolve(code ?? 0));
  });
}
