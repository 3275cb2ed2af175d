import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNELS, EVENT_NAMES, ipcChannel, ipcEvent } from '../../electron/contract';

// Runs the BUILT preload (what Electron loads) in a bare vm context, with a fake
// `require('electron')`: proves it is self-contained CommonJS and exposes exactly the
// contract's API.

const ROOT = path.resolve(__dirname, '..', '..');
// Built fresh by the project's own preload config into a temp folder (see beforeAll).
const OUT = mkdtempSync(path.join(os.tmpdir(), 'doctor-preload-'));
const BUILT = path.join(OUT, 'index.js');

interface FakeIpc {
  invoked: { channel: string; request: unknown }[];
  listeners: Map<string, Set<(...args: unknown[]) => void>>;
  reply: (channel: string, request: unknown) => unknown;
}

function loadPreload(): {
  exposed: Record<string, Record<string, unknown>>;
  ipc: FakeIpc;
  required: string[];
} {
  const exposed: Record<string, Record<string, unknown>> = {};
  const required: string[] = [];
  const ipc: FakeIpc = { invoked: [], listeners: new Map(), reply: () => ({ ok: true, value: null }) };
  const ipcRenderer = {
    invoke: async (channel: string, request: unknown) => {
      ipc.invoked.push({ channel, request });
      return ipc.reply(channel, request);
    },
    on: (channel: string, fn: (...args: unknown[]) => void) => {
      if (!ipc.listeners.has(channel)) ipc.listeners.set(channel, new Set());
      ipc.listeners.get(channel)!.add(fn);
    },
    removeListener: (channel: string, fn: (...args: unknown[]) => void) =>
      ipc.listeners.get(channel)?.delete(fn),
  };
  const electron = {
    ipcRenderer,
    contextBridge: {
      exposeInMainWorld: (key: string, api: Record<string, unknown>) => {
        exposed[key] = api;
      },
    },
  };
  const sandboxRequire = (name: string) => {
    required.push(name);
    if (name !== 'electron') throw new Error(`a sandboxed preload cannot require ${name}`);
    return electron;
  };
  const code = readFileSync(BUILT, 'utf8');
  const module = { exports: {} };
  vm.runInNewContext(`(function (require, module, exports) {${code}\n})`, { Object, Error, Promise, String })(
    sandboxRequire,
    module,
    module.exports,
  );
  return { exposed, ipc, required };
}

describe('built preload (out/preload/index.js)', () => {
  beforeAll(() => {
    const cli = path.join(ROOT, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
    execFileSync(
      process.execPath,
      [cli, 'build', '-c', 'tests/electron/preload-only.config.ts', '--logLevel', 'error'],
      {
        cwd: ROOT,
        env: { ...process.env, PRELOAD_OUT_DIR: OUT },
        stdio: 'pipe',
        timeout: 120_000,
      },
    );
  }, 150_000);
  afterAll(() => rmSync(OUT, { recursive: true, force: true }));

  it('requires nothing but electron', () => {
    const code = readFileSync(BUILT, 'utf8');
    const requires = [...code.matchAll(/require\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((m) => m[1]);
    expect(requires).toEqual(['electron']);
    expect(code).not.toMatch(/\bimport\s*\(|^\s*import\s/m);
    expect(loadPreload().required).toEqual(['electron']);
  });

  it('exposes window.doctor with exactly the contract channels plus on', () => {
    const { exposed } = loadPreload();
    expect(Object.keys(exposed)).toEqual(['doctor']);
    expect(Object.keys(exposed.doctor!).sort()).toEqual([...CHANNELS, 'on'].sort());
    for (const v of Object.values(exposed.doctor!)) expect(typeof v).toBe('function');
    expect(JSON.stringify(Object.keys(exposed.doctor!))).not.toMatch(/ipcRenderer|invoke|send/);
  });

  it('sends each method to doctor:<channel> and unwraps the envelope', async () => {
    const { exposed, ipc } = loadPreload();
    ipc.reply = (channel) =>
      channel === ipcChannel('verify')
        ? { ok: false, error: 'That scan is still running.' }
        : { ok: true, value: { echoed: channel } };
    for (const c of CHANNELS) {
      if (c === 'verify') continue;
      const fn = exposed.doctor![c] as (req: unknown) => Promise<unknown>;
      await expect(fn({ x: 1 })).resolves.toEqual({ echoed: ipcChannel(c) });
    }
    expect(ipc.invoked.map((i) => i.channel)).toEqual(CHANNELS.filter((c) => c !== 'verify').map(ipcChannel));
    expect(ipc.invoked[0]?.request).toEqual({ x: 1 });
    await expect(
      (exposed.doctor!.verify as (r: unknown) => Promise<unknown>)({ scanId: 'a' }),
    ).rejects.toThrow('That scan is still running.');
    ipc.reply = () => 'garbage';
    await expect((exposed.doctor!.appInfo as (r: unknown) => Promise<unknown>)({})).rejects.toThrow(
      /unreadable/,
    );
  });

  it('on() hands the listener only the payload, and unsubscribes', () => {
    const { exposed, ipc } = loadPreload();
    const on = exposed.doctor!.on as (e: string, l: (...a: unknown[]) => void) => () => void;
    for (const e of EVENT_NAMES) {
      const got: unknown[][] = [];
      const off = on(e, (...args) => got.push(args));
      const fns = [...(ipc.listeners.get(ipcEvent(e)) ?? [])];
      expect(fns).toHaveLength(1);
      const fakeEvent = { sender: { send: () => undefined }, senderId: 0 };
      fns[0]!(fakeEvent, { theme: 'dark' });
      expect(got).toEqual([[{ theme: 'dark' }]]);
      off();
      expect(ipc.listeners.get(ipcEvent(e))?.size).toBe(0);
    }
    expect(() => on('not-an-event', () => undefined)).toThrow(/Unknown event/);
  });
});
