import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  app,
  BrowserWindow,
  ipcMain,
  nativeTheme,
  net,
  protocol,
  session,
  type IpcMainInvokeEvent,
} from 'electron';
import { CHANNELS, ipcChannel, ipcEvent, type EventMap, type EventName } from '../contract';
import { createContext, toPlatform } from '../engine/context';
import { startupEnvironment } from '../engine/login-shell-env';
import { realRunner } from '../engine/runner';
import { TOOL_VERSION } from '../engine/version';
import { createHandlers } from './handlers';
import { createNativeApi } from './native';
import { APP_ENTRY, APP_SCHEME, CSP, isTrustedSender, resolveAppFile } from './security';

// The hardened shell (Electron security checklist numbers in brackets; the full map is in
// docs/security-checklist.md). The renderer is served from app:// [18], with no Node [2],
// context isolation [3], the sandbox [4], webSecurity [6], a strict CSP [7], and every
// navigation [13], popup [14], webview [11, 12] and permission [5] denied. It can only
// reach the engine through the handler table, after a sender check [17].

protocol.registerSchemesAsPrivileged([
  {
    scheme: APP_SCHEME,
    privileges: { standard: true, secure: true, supportFetchAPI: false, corsEnabled: false },
  },
]);

let mainWindow: BrowserWindow | null = null;

function rendererRoot(): string {
  return path.join(__dirname, '..', 'renderer');
}

function serveApp(): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveAppFile(rendererRoot(), request.url);
    if (!file) return new Response('Not found', { status: 404 });
    const r = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(r.headers);
    headers.set('Content-Security-Policy', CSP);
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(r.body, { status: r.status, headers });
  });
}

function send<E extends EventName>(event: E, payload: EventMap[E]): void {
  const win = mainWindow;
  if (win && !win.isDestroyed() && !win.webContents.isDestroyed())
    win.webContents.send(ipcEvent(event), payload);
}

// Started from Finder or the Dock, the app has launchd's PATH, not the user's: on macOS the
// login shell's environment is read once, now (with a time limit), and every request waits
// for it — a scan never runs with the wrong PATH (engine/login-shell-env.ts).
const environment = startupEnvironment({
  platform: toPlatform(process.platform),
  env: process.env,
  home: os.homedir(),
  runner: realRunner,
});

function registerIpc(): void {
  const handlers = environment.then(({ env, origin }) =>
    createHandlers({
      ctx: createContext({ env, pathOrigin: origin }),
      native: createNativeApi(() => mainWindow),
      emit: send,
      version: TOOL_VERSION,
    }),
  );
  for (const channel of CHANNELS) {
    ipcMain.handle(ipcChannel(channel), async (event: IpcMainInvokeEvent, request: unknown) => {
      if (!isTrustedSender(event.senderFrame?.url, event.sender.id, mainWindow?.webContents.id)) {
        return { ok: false, error: 'Refused: this message did not come from the doctor window.' };
      }
      return (await handlers)[channel](request);
    });
  }
  nativeTheme.on('updated', () =>
    send('themeChanged', { theme: nativeTheme.shouldUseDarkColors ? 'dark' : 'light' }),
  );
}

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1040,
    height: 760,
    minWidth: 720,
    minHeight: 560,
    show: false,
    title: 'CodeCommit Doctor',
    webPreferences: {
      preload: path.join(__dirname, '..', 'preload', 'index.js'),
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
      // Middle-click opens links in a new window through `auxclick`; off as well as denied.
      disableBlinkFeatures: 'Auxclick',
      spellcheck: false,
    },
  });
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  void win.loadURL(APP_ENTRY);
  return win;
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
  });
  // Applied to every webContents ever created, not only ours, so nothing slips through.
  app.on('web-contents-created', (_e, contents) => {
    contents.on('will-attach-webview', (e) => e.preventDefault());
    contents.on('will-navigate', (e) => e.preventDefault());
    contents.on('will-redirect', (e) => e.preventDefault());
    contents.on('will-frame-navigate', (e) => {
      if (!e.isMainFrame) e.preventDefault();
    });
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
  void app.whenReady().then(() => {
    const ses = session.defaultSession;
    ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
    ses.setPermissionCheckHandler(() => false);
    ses.setDevicePermissionHandler(() => false);
    ses.on('will-download', (e) => e.preventDefault());
    // The app:// handler sets the CSP on its own responses; this repeats it for anything
    // else the session might load, so no response reaches the page without one.
    ses.webRequest.onHeadersReceived((details, callback) => {
      callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } });
    });
    serveApp();
    registerIpc();
    mainWindow = createWindow();
  });
  app.on('window-all-closed', () => app.quit());
}
