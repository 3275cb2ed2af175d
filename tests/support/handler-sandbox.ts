import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createContext, type EngineContext } from '../../electron/engine/context';
import type { EventMap, EventName } from '../../electron/contract';
import type { NativeApi } from '../../electron/main/handlers';

/** An engine context whose HOME, git and AWS config all live in a temp folder. */
export function sandboxContext(): { ctx: EngineContext; home: string; cleanup: () => void } {
  const home = mkdtempSync(path.join(os.tmpdir(), 'doctor-handlers-'));
  writeFileSync(path.join(home, '.gitconfig'), '');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: home,
    GIT_CONFIG_GLOBAL: path.join(home, '.gitconfig'),
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_TERMINAL_PROMPT: '0',
    AWS_CONFIG_FILE: path.join(home, '.aws', 'config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(home, '.aws', 'credentials'),
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_RUNTIME_DIR: path.join(home, 'run'),
    DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent',
  };
  // Tests stay on loopback: host names resolve to nothing instead of asking the resolver.
  const ctx = createContext({ env, home, cwd: home, timeoutMs: 5_000, lookupHost: async () => [] });
  return { ctx, home, cleanup: () => rmSync(home, { recursive: true, force: true }) };
}

export interface FakeNative extends NativeApi {
  opened: string[];
  copied: string[];
  saved: { name: string; content: string }[];
  /** How many secrets were shown (never what they were). */
  secretsShown: number;
}

export function fakeNative(): FakeNative {
  const n: FakeNative = {
    opened: [],
    copied: [],
    saved: [],
    secretsShown: 0,
    async pickFolder() {
      return null;
    },
    async copyText(text) {
      n.copied.push(text);
    },
    async saveFile(name, content) {
      n.saved.push({ name, content });
      return `/tmp/${name}`;
    },
    async openExternal(url) {
      n.opened.push(url);
    },
    theme() {
      return 'dark';
    },
    async showSecretOnce() {
      n.secretsShown += 1;
    },
  };
  return n;
}

export type Emitted = { [E in EventName]: { event: E; payload: EventMap[E] } }[EventName];

export function recorder(): {
  events: Emitted[];
  emit: <E extends EventName>(event: E, payload: EventMap[E]) => void;
} {
  const events: Emitted[] = [];
  return { events, emit: (event, payload) => events.push({ event, payload } as Emitted) };
}

/** The scanDone event of one scan, once it came (the handlers answer startScan at once). */
export function waitForDone(
  events: Emitted[],
  scanId: string,
  timeoutMs = 25_000,
): Promise<EventMap['scanDone']> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const tick = () => {
      const done = events.find((e) => e.event === 'scanDone' && e.payload.scanId === scanId);
      if (done) return resolve(done.payload as EventMap['scanDone']);
      if (Date.now() - started > timeoutMs) return reject(new Error('no scanDone'));
      setTimeout(tick, 20);
    };
    tick();
  });
}
