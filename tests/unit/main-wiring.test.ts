import { beforeAll, describe, expect, it, vi } from 'vitest';
import { CHANNELS, ipcChannel } from '../../electron/contract';
import { createNativeApi } from '../../electron/main/native';
import { APP_ENTRY, CSP } from '../../electron/main/security';

// The main process's security wiring (electron/main/index.ts) with a fake `electron`
// module, in plain Node: the window's webPreferences, the handlers put on every webContents
// and on the session, the app:// protocol and the IPC sender check — everything the
// checklist asks of OUR code. It runs on every machine. What Chromium then does with it (eval
// refused by the CSP, no `require` in the page, a navigation that really does not happen) is
// tested only where an Electron runtime exists: tests/electron/app.test.ts.

type Listener = (...args: unknown[]) => unknown;

const fake = vi.hoisted(() => {
  const on = () => {
    const listeners = new Map<string, Listener[]>();
    return {
      listeners,
      on(event: string, fn: Listener) {
        listeners.set(event, [...(listeners.get(event) ?? []), fn]);
        return this;
      },
      once(event: string, fn: Listener) {
        return this.on(event, fn);
      },
    };
  };
  let ready: () => void = () => undefined;
  const state = {
    windows: [] as { options: Record<string, unknown>; loaded: string[] }[],
    privileged: [] as unknown[],
    handles: new Map<string, Listener>(),
    protocolHandlers: new Map<string, (request: { url: string }) => Promise<Response>>(),
    opened: [] as string[],
    session: {
      ...on(),
      permissionRequest: undefined as Listener | undefined,
      permissionCheck: undefined as Listener | undefined,
      devicePermission: undefined as Listener | undefined,
      headersReceived: undefined as Listener | undefined,
    },
    app: on(),
    ready: () => ready(),
  };
  class BrowserWindow {
    webContents = { id: 7, isDestroyed: () => false, send: () => undefined };
    private record: { options: Record<string, unknown>; loaded: string[] };
    constructor(options: Record<string, unknown>) {
      this.record = { options, loaded: [] };
      state.windows.push(this.record);
    }
    once() {}
    on() {}
    isDestroyed() {
      return false;
    }
    loadURL(url: string) {
      this.record.loaded.push(url);
      return Promise.resolve();
    }
  }
  const electron = {
    app: Object.assign(state.app, {
      requestSingleInstanceLock: () => true,
      whenReady: () => new Promise<void>((resolve) => (ready = resolve)),
      quit: () => undefined,
      getPath: () => '/tmp',
    }),
    BrowserWindow,
    ipcMain: { handle: (channel: string, fn: Listener) => state.handles.set(channel, fn) },
    nativeTheme: { shouldUseDarkColors: false, on: () => undefined },
    net: {
      fetch: async () =>
        new Response('<!doctype html>', { status: 200, headers: { 'Content-Type': 'text/html' } }),
    },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => state.privileged.push(...schemes),
      handle: (scheme: string, fn: (request: { url: string }) => Promise<Response>) =>
        state.protocolHandlers.set(scheme, fn),
    },
    session: {
      defaultSession: Object.assign(state.session, {
        setPermissionRequestHandler: (fn: Listener) => (state.session.permissionRequest = fn),
        setPermissionCheckHandler: (fn: Listener) => (state.session.permissionCheck = fn),
        setDevicePermissionHandler: (fn: Listener) => (state.session.devicePermission = fn),
        webRequest: { onHeadersReceived: (fn: Listener) => (state.session.headersReceived = fn) },
      }),
    },
    clipboard: { writeText: () => undefined },
    dialog: {},
    shell: { openExternal: async (url: string) => void state.opened.push(url) },
  };
  return { state, electron, on };
});

vi.mock('electron', () => ({ ...fake.electron, default: fake.electron }));

const { state } = fake;

/** A fake webContents as `web-contents-created` hands it over, recording its handlers. */
function createdContents() {
  const contents = fake.on() as ReturnType<typeof fake.on> & {
    openHandler?: () => { action: string };
    setWindowOpenHandler(fn: () => { action: string }): void;
  };
  contents.setWindowOpenHandler = (fn) => (contents.openHandler = fn);
  for (const fn of state.app.listeners.get('web-contents-created') ?? []) fn({}, contents);
  return contents;
}

/** Fires `event` at every listener and says whether one called preventDefault. */
function prevented(contents: ReturnType<typeof createdContents>, event: string, extra: object = {}): boolean {
  let stopped = false;
  const e = { preventDefault: () => (stopped = true), ...extra };
  for (const fn of contents.listeners.get(event) ?? []) fn(e, 'https://example.com/');
  return stopped;
}

beforeAll(async () => {
  await import('../../electron/main/index');
  state.ready();
  await new Promise((r) => setTimeout(r, 0));
  expect(state.windows, 'the app opened its window').toHaveLength(1);
});

describe('main-process security wiring (fake electron, runs everywhere)', () => {
  it('one window on app://doctor with the hardened webPreferences [1 2 3 4 6 8 9 10 11 13]', () => {
    const [win] = state.windows;
    expect(win?.loaded).toEqual([APP_ENTRY]);
    const prefs = win?.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      disableBlinkFeatures: 'Auxclick',
    });
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
    expect(String(prefs.preload)).toMatch(/preload[/\\]index\.js$/);
  });

  it('every webContents: webviews, navigation, redirects, sub-frame navigation and popups refused [11 12 13 14]', () => {
    const contents = createdContents();
    expect(prevented(contents, 'will-attach-webview')).toBe(true);
    expect(prevented(contents, 'will-navigate')).toBe(true);
    expect(prevented(contents, 'will-redirect')).toBe(true);
    expect(prevented(contents, 'will-frame-navigate', { isMainFrame: false })).toBe(true);
    expect(contents.openHandler?.()).toEqual({ action: 'deny' });
  });

  it('the session denies every permission and download and adds the CSP to every response [5 7 13]', () => {
    const s = state.session;
    let granted: unknown;
    s.permissionRequest?.({}, 'media', (ok: unknown) => (granted = ok));
    expect(granted).toBe(false);
    expect(s.permissionCheck?.({}, 'clipboard-read')).toBe(false);
    expect(s.devicePermission?.({})).toBe(false);
    expect(prevented(s as unknown as ReturnType<typeof createdContents>, 'will-download')).toBe(true);
    let headers: unknown;
    s.headersReceived?.({ responseHeaders: { 'X-Other': ['1'] } }, (r: { responseHeaders: unknown }) => {
      headers = r.responseHeaders;
    });
    expect(headers).toEqual({ 'X-Other': ['1'], 'Content-Security-Policy': [CSP] });
  });

  it('app:// is a standard secure scheme whose handler serves only resolveAppFile paths, with the CSP [7 18]', async () => {
    expect(state.privileged).toEqual([
      {
        scheme: 'app',
        privileges: { standard: true, secure: true, supportFetchAPI: false, corsEnabled: false },
      },
    ]);
    const handler = state.protocolHandlers.get('app');
    const ok = await handler?.({ url: APP_ENTRY });
    expect(ok?.status).toBe(200);
    expect(ok?.headers.get('Content-Security-Policy')).toBe(CSP);
    expect(ok?.headers.get('X-Content-Type-Options')).toBe('nosniff');
    for (const url of ['app://evil/index.html', 'app://doctor/%00', 'app://doctor/..%5cx'])
      expect((await handler?.({ url }))?.status, url).toBe(404);
  });

  it('every IPC channel checks the sender before its handler runs [17]', async () => {
    expect([...state.handles.keys()].sort()).toEqual(CHANNELS.map((c) => ipcChannel(c)).sort());
    const appInfo = state.handles.get(ipcChannel('appInfo'));
    const from = (url: string, id: number) => ({ senderFrame: { url }, sender: { id } });
    const refused = { ok: false, error: 'Refused: this message did not come from the doctor window.' };
    expect(await appInfo?.(from('https://evil.example/', 7), {})).toEqual(refused);
    expect(await appInfo?.(from(APP_ENTRY, 8), {})).toEqual(refused);
    expect(await appInfo?.(from(APP_ENTRY, 7), {})).toMatchObject({ ok: true });
  });

  it('the one shell.openExternal re-checks the docs allowlist itself [15]', async () => {
    const native = createNativeApi(() => null);
    const docs = 'https://docs.aws.amazon.com/codecommit/latest/userguide/setting-up.html';
    for (const url of ['https://evil.example/', 'http://docs.aws.amazon.com/x', 'file:///etc/passwd'])
      await expect(native.openExternal(url), url).rejects.toThrow(/Only AWS and git documentation/);
    await native.openExternal(docs);
    expect(state.opened).toEqual([docs]);
  });
});
