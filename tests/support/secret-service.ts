import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// A private D-Bus session bus with a real gnome-keyring Secret Service on it, in its own
// temp HOME, so tests read and write a keyring that is nobody's.
//
// The bus runs from its own config file rather than `--session`: the stock session config
// activates services on demand, so any call to org.freedesktop.secrets would start a
// second gnome-keyring (and prompts would start gcr-prompter). Here only what the test
// starts is on the bus, and a bus without a keyring (`keyring: false`) shows what a
// desktop without a Secret Service looks like.
//
// gnome-keyring-daemon runs with --foreground so its pid is ours to stop (--start and
// --unlock cannot be combined, and without --foreground it forks away). It reads the
// login keyring password from stdin and creates an unlocked `login` collection.

export interface SecretService {
  env: NodeJS.ProcessEnv;
  /** The temp folder holding HOME and the runtime dirs. */
  root: string;
  stop(): Promise<void>;
}

const BUS_CONFIG = (
  socket: string,
) => `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path=${socket}</listen>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`;

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

function killNow(child: ChildProcess): void {
  if (child.exitCode !== null || child.signalCode !== null) return;
  try {
    child.kill('SIGKILL');
  } catch {
    // already gone
  }
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // A test run that dies before afterAll still takes its daemons with it.
  process.on('exit', () => {
    for (const c of live) killNow(c);
  });
}

function waitExit(child: ChildProcess, ms: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const t = setTimeout(() => {
      killNow(child);
      resolve();
    }, ms);
    child.once('exit', () => {
      clearTimeout(t);
      resolve();
    });
  });
}

function readFirstLine(child: ChildProcess, ms: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let buf = '';
    const t = setTimeout(() => reject(new Error('dbus-daemon printed no address')), ms);
    child.stdout?.on('data', (d: Buffer) => {
      buf += d.toString('utf8');
      const nl = buf.indexOf('\n');
      if (nl !== -1) {
        clearTimeout(t);
        resolve(buf.slice(0, nl).trim());
      }
    });
    child.once('exit', (code) => {
      clearTimeout(t);
      reject(new Error(`dbus-daemon exited (${String(code)})`));
    });
  });
}

function gdbusOk(env: NodeJS.ProcessEnv, args: string[]): string | null {
  const r = spawnSync('gdbus', ['call', '--session', '--timeout', '2', ...args], {
    env,
    encoding: 'utf8',
    timeout: 5000,
  });
  return r.status === 0 ? r.stdout : null;
}

async function waitFor(check: () => boolean, ms: number, what: string): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

export async function startSecretService(
  options: { keyring?: boolean; password?: string } = {},
): Promise<SecretService> {
  installExitHook();
  const root = mkdtempSync(join(tmpdir(), 'ccd-secret-service-'));
  const home = join(root, 'home');
  const runtime = join(root, 'run');
  for (const d of [
    home,
    runtime,
    join(home, '.local', 'share'),
    join(home, '.config'),
    join(home, '.cache'),
  ]) {
    mkdirSync(d, { recursive: true, mode: 0o700 });
  }
  const socket = join(root, 'bus');
  const config = join(root, 'bus.conf');
  writeFileSync(config, BUS_CONFIG(socket));
  const baseEnv: NodeJS.ProcessEnv = {
    PATH: '/usr/bin:/bin',
    HOME: home,
    XDG_DATA_HOME: join(home, '.local', 'share'),
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_CACHE_HOME: join(home, '.cache'),
    XDG_RUNTIME_DIR: runtime,
    LANG: 'C.UTF-8',
  };
  const children: ChildProcess[] = [];
  const stop = async () => {
    for (const c of [...children].reverse()) {
      if (c.exitCode === null && c.signalCode === null) c.kill('SIGTERM');
      await waitExit(c, 3000);
      live.delete(c);
    }
    rmSync(root, { recursive: true, force: true });
  };

  try {
    const bus = spawn('dbus-daemon', [`--config-file=${config}`, '--nofork', '--print-address=1'], {
      env: baseEnv,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    children.push(bus);
    live.add(bus);
    const address = await readFirstLine(bus, 5000);
    const env: NodeJS.ProcessEnv = { ...baseEnv, DBUS_SESSION_BUS_ADDRESS: address };

    if (options.keyring !== false) {
      const keyring = spawn('gnome-keyring-daemon', ['--foreground', '--unlock', '--components=secrets'], {
        env,
        stdio: ['pipe', 'ignore', 'ignore'],
      });
      children.push(keyring);
      live.add(keyring);
      keyring.stdin?.end(options.password ?? 'test-keyring-password');
      await waitFor(
        () =>
          (
            gdbusOk(env, [
              '--dest',
              'org.freedesktop.secrets',
              '--object-path',
              '/org/freedesktop/secrets',
              '--method',
              'org.freedesktop.DBus.Properties.Get',
              'org.freedesktop.Secret.Service',
              'Collections',
            ]) ?? ''
          ).includes('/org/freedesktop/secrets/collection/login'),
        10_000,
        'gnome-keyring login collection',
      );
    }
    return { env, root, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
